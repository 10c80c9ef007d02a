"""Versioned LLM prompt templates. A new wording gets a new version, so cached replies stay honest."""

from __future__ import annotations

from importlib.resources import files

VERSIONS = ("v2", "v3")
VERSION = VERSIONS[-1]  # the default


def template(name: str, version: str = VERSION) -> str:
    """The text of prompts/NAME_VERSION.txt."""
    return files(__package__).joinpath(f"{name}_{version}.txt").read_text(encoding="utf-8")
