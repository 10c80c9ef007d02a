"""The messages sent for one form: the versioned system prompt and the form, its findings and goal.

Version v3 (the default) speaks the form's own framework only, shows each row's target as parsed
(operator, number, unit or deadline), offers the fill-ins the rules engine drafted for their
numbers (`fills`) and lists the indicator-library entries that fit the project. v2 is kept so that
an office can go on with it; cached replies are keyed to their version.
"""

from __future__ import annotations

import hashlib
import json

import prompts
from store.values import Kind

from ..library import Library
from ..lint.findings import Finding
from ..lint.view import FormView, Row
from ..suggestions.model import Suggestion
from .reply import offer_ids, schema_text

LIBRARY_LINES = 10  # entries of the library shown: enough to borrow structure from, few enough to read


def messages(form: FormView, findings: list[Finding], limit: int, offers: list[Suggestion] = (),
             library: Library | None = None, version: str = prompts.VERSION) -> list[dict]:
    d = form.declaration
    vocabulary = form.vocabulary
    fields = dict(
        framework=vocabulary.title, project=d.project, year=d.year, period=d.period or "（未填）",
        total=f"{d.funds.total:g}元", goal=d.goal or "（未填）", limit=limit,
        levels="\n".join(f"- {level1}：{'、'.join(vocabulary.level2_of(level1))}" for level1 in vocabulary.level1),
        findings="\n".join(f"- {f.code} 第{f.indicator}条：{f.message}" if f.indicator is not None else f"- {f.code}：{f.message}"
                           for f in findings) or "（无）",
    )
    if version == "v2":
        rows = "\n".join(f"{i}. {r.level1} / {r.level2} / {r.name or '（空）'} / {r.value or '（空）'}"
                         for i, r in enumerate(d.indicators)) or "（无）"
        user = prompts.template("user", version).format(indicators=rows, schema=schema_text(), **fields)
        return [{"role": "system", "content": prompts.template("system", version)}, {"role": "user", "content": user}]
    code = vocabulary.code
    system = prompts.template("system", version).format(
        framework_rules=prompts.template(f"framework-{code}", version).strip(),
        example=prompts.template(f"example-{code}", version).strip(),
        money_place="产出指标下的成本指标" if code == "classic" else "成本指标下的经济成本指标",
    )
    user = prompts.template("user", version).format(
        indicators="\n".join(_row(row) for row in form.rows) or "（无）",
        offers=_offers(offers), library=_library(form, library), schema=schema_text(fills=True), **fields)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _row(row: Row) -> str:
    """A row with its target as jixiao reads it, so the model keeps the row's own unit and deadline."""
    parsed = row.parsed
    if parsed.kind == Kind.NUMBER:
        detail = f"运算符{parsed.op.value if parsed.op else '无'}，数字{parsed.number:g}，单位{parsed.unit or '无'}"
    elif parsed.kind == Kind.DEADLINE:
        detail = f"期限{parsed.deadline:%Y年%m月%d日}"
    else:
        detail = "无法度量"
    return f"{row.index}. {row.level1} / {row.level2} / {row.name or '（空）'} / {row.value or '（空）'}（{detail}）"


def _offers(offers: list[Suggestion]) -> str:
    lines = []
    for fill_id, s in zip(offer_ids(len(offers)), offers):
        where = "新增" if s.kind == "add" else f"替换第{s.indicator}条"
        lines.append(f"{fill_id}. {where}：{s.after.level1} / {s.after.level2} / {s.after.name} / {s.after.value}")
    return "\n".join(lines) or "（无，fills 回答 []）"


def _library(form: FormView, library: Library | None) -> str:
    if library is None:
        return "（无）"
    d = form.declaration
    level2 = form.vocabulary.level2
    entries = [e for sector in library.sectors_for(d.project, d.goal) for e in sector.entries if e.level2 in level2]
    return "\n".join(f"- {level2[e.level2]} / {e.level2} / {e.name} / {e.value}" for e in entries[:LIBRARY_LINES]) or "（无）"


def worked_examples(request: list[dict]) -> str:
    """The worked examples of a request's system prompt (every version has them under "## 示例")."""
    system = request[0]["content"]
    return system.split("## 示例", 1)[-1].split("## 你的任务", 1)[0] if "## 示例" in system else ""


def cache_key(model: str, request: list[dict], version: str = prompts.VERSION) -> str:
    """Same model, same prompt version and wording, same form content → same key: a re-run asks nothing."""
    text = json.dumps([model, version, request], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
