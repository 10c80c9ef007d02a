"""Lint and suggestion engines (built on `store`; the TUI builds on this)."""
