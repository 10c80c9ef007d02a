"""The messages sent for one form: the versioned system prompt and the form, its findings and goal."""

from __future__ import annotations

import hashlib
import json

import prompts

from ..lint.findings import Finding
from ..lint.view import FormView
from .reply import schema_text


def messages(form: FormView, findings: list[Finding], limit: int) -> list[dict]:
    d = form.declaration
    rows = "\n".join(f"{i}. {r.level1} / {r.level2} / {r.name or '（空）'} / {r.value or '（空）'}"
                     for i, r in enumerate(d.indicators)) or "（无）"
    found = "\n".join(f"- {f.code} 第{f.indicator}条：{f.message}" if f.indicator is not None else f"- {f.code}：{f.message}"
                      for f in findings) or "（无）"
    vocabulary = form.vocabulary
    levels = "\n".join(f"- {level1}：{'、'.join(vocabulary.level2_of(level1))}" for level1 in vocabulary.level1)
    user = prompts.template("user").format(
        framework=vocabulary.title, levels=levels, project=d.project, year=d.year, period=d.period or "（未填）", total=f"{d.funds.total:g}元",
        indicators=rows, findings=found, goal=d.goal or "（未填）", schema=schema_text(), limit=limit,
    )
    return [{"role": "system", "content": prompts.template("system")}, {"role": "user", "content": user}]


def cache_key(model: str, request: list[dict]) -> str:
    """Same model, same prompt version and wording, same form content → same key: a re-run asks nothing."""
    text = json.dumps([model, prompts.VERSION, request], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
