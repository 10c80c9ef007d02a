"""The linter: the JX rule catalogue, one rule per module in `rules/`, and the runner."""

from .config import LintConfig, find_config, load_config
from .findings import Finding, Fix, Severity
from .registry import RULES, Rule
from .runner import LintRun, lint_forms, lint_paths

__all__ = ["RULES", "Finding", "Fix", "LintConfig", "LintRun", "Rule", "Severity", "find_config",
           "lint_forms", "lint_paths", "load_config"]
