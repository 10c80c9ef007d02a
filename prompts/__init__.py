"""Versioned LLM prompt templates."""
