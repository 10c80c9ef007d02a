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
