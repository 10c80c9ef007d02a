"""docs/rules.md, generated from the rules themselves: `python -m drafting.lint.docs > docs/rules.md`."""

from __future__ import annotations

from .registry import RULES
from .runner import active_rules  # noqa: F401 - importing the runner registers every rule


def rule_text(code: str) -> str:
    """What `jixiao rule CODE` prints."""
    r = RULES[code]
    return f"{r.code}  {r.severity.label}  {r.title}\n\n{r.doc}\n"


def _sorted():
    return [RULES[code] for code in sorted(RULES)]


def rules_markdown() -> str:
    lines = [
        "# Lint rules",
        "",
        "Generated from the rules' docstrings by `python -m drafting.lint.docs`; do not edit by hand.",
        "Codes are a public interface: they are never renamed or reused. `jixiao rule CODE` prints one entry.",
        "",
        "The JX6xx rules compare each form with the same project in the previous year's store and run only",
        "when that store is given: `jixiao lint STORE --previous LAST_YEAR` or `[lint] previous = \"…\"` in",
        "jixiao.toml (relative to it). Forms are paired by department code and project name, rows by 二级,",
        "name and target, as `jixiao diff` pairs them (docs/cli.md).",
        "",
        "| code | severity | rule |",
        "|---|---|---|",
    ]
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.severity.value} | {r.title} |" for r in _sorted()]
    for r in _sorted():
        lines += ["", f"## {r.code}", "", f"**{r.title}** — {r.severity.value}（{r.severity.label}）", ""]
        for paragraph in r.doc.split("\n\n"):
            lines += [" ".join(paragraph.split("\n")), ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
