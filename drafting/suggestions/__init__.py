"""Suggestions: engines that draft measurable indicators, validation, and the review queue."""

from .model import Draft, Drafting, Suggestion
from .pipeline import ENGINES, FormDrafts, SuggestRun, lint_run, suggest_paths
from .queue import decide, load, undo

__all__ = ["ENGINES", "Draft", "Drafting", "FormDrafts", "SuggestRun", "Suggestion", "decide", "lint_run", "load",
           "suggest_paths", "undo"]
