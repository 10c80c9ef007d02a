"""Texts fitted to terminal columns (a Chinese character takes two), for the tables of the app."""

from __future__ import annotations

from rich.cells import cell_len


def fit(text: str, cells: int) -> str:
    """The text cut to `cells` terminal columns (a Chinese character takes two)."""
    if cell_len(text) <= cells:
        return text
    while text and cell_len(text) > cells - 1:
        text = text[:-1]
    return text + "…"


_SHORT_LEVELS = {"服务对象满意度指标": "对象满意度", "生态环境成本指标": "生态环境成本", "可持续影响指标": "可持续影响"}


def short_level(name: str) -> str:
    """"数量指标" → "数量": the table is narrow and the suffix says nothing."""
    return _SHORT_LEVELS.get(name) or name.removesuffix("指标")
