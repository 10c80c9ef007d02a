"""The `llm` engine: any OpenAI-compatible endpoint through the official openai SDK."""

from .client import LLMFailure
from .config import LLMConfig, llm_configured, load_llm_config, redact
from .engine import LLMEngine, LLMRun

__all__ = ["LLMConfig", "LLMEngine", "LLMFailure", "LLMRun", "llm_configured", "load_llm_config", "redact"]
