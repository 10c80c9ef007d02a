import copy
import tomllib
from pathlib import Path

from drafting.lint import LintConfig, lint_forms
from drafting.lint.view import FormView
from store import Declaration

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "good"
BASE = tomllib.loads((GOOD / "全民健身赛事.toml").read_text(encoding="utf-8"))


def form(**changes) -> dict:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def row(data: dict, index: int, **changes) -> dict:
    data["indicators"][index].update(changes)
    return data


def lint(*forms: dict, config: LintConfig | None = None):
    views = [FormView(f"form{i}.toml", Declaration.model_validate(data)) for i, data in enumerate(forms)]
    return lint_forms(views, config or LintConfig())


def codes(*forms: dict, **kwargs) -> set[str]:
    return {f.code for f in lint(*forms, **kwargs)}
