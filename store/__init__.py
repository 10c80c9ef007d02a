"""Declarations on disk: the schema, the TOML store, import and export. Knows nothing of lint or LLMs."""

from .errors import ConflictError, ImportFormatError, StoreError
from .files import Store, Stored, dumps, read
from .model import Declaration, Funds, Indicator
from .values import Kind, Op, ParsedValue, parse_value

__all__ = [
    "ConflictError", "Declaration", "Funds", "ImportFormatError", "Indicator", "Kind", "Op",
    "ParsedValue", "Store", "StoreError", "Stored", "dumps", "parse_value", "read",
]
