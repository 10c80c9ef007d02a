"""Declarations on disk: the schema, the TOML store, import and export. Knows nothing of lint or LLMs.

Names are imported on first use (PEP 562): `jixiao --help` or a lint of one file should not pay for
the parts of the package it does not touch.
"""

from importlib import import_module

__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it

_MODULE = {
    "ConflictError": "errors", "ImportFormatError": "errors", "StoreError": "errors",
    "Store": "files", "Stored": "files", "dumps": "files", "read": "files",
    "Declaration": "model", "Funds": "model", "Indicator": "model",
    "Kind": "values", "Op": "values", "ParsedValue": "values", "parse_value": "values",
}
__all__ = sorted(_MODULE)


def __getattr__(name: str):
    if name not in _MODULE:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    return getattr(import_module(f".{_MODULE[name]}", __name__), name)
