"""LLM settings: [llm] in jixiao.toml, then the environment, then the command line (later wins).

The API key comes only from the environment (OPENAI_API_KEY): it is never read from or written
to a file, and `redact` takes it out of any text before that text is shown or stored.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import prompts
from store import StoreError
from store.files import invalid_setting, loads_toml, read_toml


class LLMConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = "deepseek-chat"
    base_url: str | None = None  # None: the SDK's default (api.openai.com)
    concurrency: int = Field(4, ge=1, le=64)
    timeout: float | None = Field(None, gt=0)  # seconds per request; by default from the output asked for
    temperature: float = Field(0.2, ge=0, le=2)
    max_retries: int = Field(3, ge=0, le=10)  # for 429, 502-504, timeouts, stalls and dropped connections
    reasks: int = Field(2, ge=0, le=5)  # re-asks after invalid JSON or a reply that fails the schema
    max_suggestions: int = Field(12, ge=1, le=50)  # per form, asked of the model
    max_tokens: int | None = Field(None, ge=64, le=32_000)  # output cap; by default from max_suggestions
    stream: bool = True  # stream replies: progress as tokens arrive, a stalled server noticed at once
    prompt: Literal[prompts.VERSIONS] = prompts.VERSION  # the prompt version; replies are cached per version


def load_llm_config(config_file: Path | None, model: str | None = None, base_url: str | None = None,
                    concurrency: int | None = None) -> LLMConfig:
    data: dict = {}
    if config_file is not None:
        data = dict(read_toml(config_file, "配置文件").get("llm", {}))
    if "api_key" in data:
        raise StoreError(config_file, "不要把 API 密钥写进配置文件：请设置环境变量 OPENAI_API_KEY")
    env = {"model": os.environ.get("JIXIAO_MODEL"), "base_url": os.environ.get("OPENAI_BASE_URL")}
    cli = {"model": model, "base_url": base_url, "concurrency": concurrency}
    for layer in (env, cli):
        data.update({k: v for k, v in layer.items() if v is not None})
    try:
        return LLMConfig.model_validate(data)
    except ValidationError as exc:
        raise invalid_setting(config_file or Path("jixiao.toml"), exc, "[llm].") from None


def llm_configured(config_file: Path | None) -> bool:
    """Whether the user has pointed jixiao at a model: the environment, or an [llm] table in jixiao.toml."""
    if os.environ.get("OPENAI_BASE_URL") or os.environ.get("JIXIAO_MODEL"):
        return True
    if config_file is None:
        return False
    try:
        return "llm" in loads_toml(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def api_key() -> str:
    # Local servers (vLLM, Ollama, llama.cpp) accept any key; the SDK insists on one.
    return os.environ.get("OPENAI_API_KEY") or "not-needed"


# Anything shaped like a credential: "Bearer …" headers and the common API-key forms (sk-…).
_TOKEN = re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}|\bsk-[A-Za-z0-9_-]{12,}")


def redact(text: str) -> str:
    """The text with the API key, and anything that looks like a bearer token, replaced by ***."""
    key = os.environ.get("OPENAI_API_KEY")
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    return _TOKEN.sub("***", text)


def leaks_key(text: str) -> bool:
    """Whether a model's reply repeats the API key (a reply that does is refused, never stored)."""
    key = os.environ.get("OPENAI_API_KEY")
    return bool(key and len(key) >= 4 and key in text)
