"""The `llm` engine: any OpenAI-compatible endpoint through the official openai SDK."""

from .client import LLMFailure
from .config import LLMConfig, load_llm_config, redact
from .engine import LLMEngine, LLMRun

__all__ = ["LLMConfig", "LLMEngine", "LLMFailure", "LLMRun", "load_llm_config", "redact"]
