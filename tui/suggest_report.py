"""How suggestions read on the terminal and in JSON (`jixiao suggest`, `jixiao review --list`)."""

from __future__ import annotations

import json
from collections import Counter

from drafting.lint.findings import nth
from drafting.suggestions import FormDrafts, SuggestRun, Suggestion

KIND = {"add": "新增", "replace": "替换", "remove": "删除"}
ENGINE = {"rules": "离线规则", "llm": "大模型"}  # who made a suggestion, as the reviewer reads it
STATUS = {"pending": "待审核", "accepted": "已接受", "rejected": "已拒绝", "stale": "已失效"}
TOP = 3  # suggestions shown per form in the summary


def row_text(draft, limit: int = 30) -> str:
    name = draft.name if len(draft.name) <= limit else draft.name[: limit - 1] + "…"
    return f"{draft.level2}｜{name or '（空）'}｜{draft.value or '（空）'}"


def model_fill_text(s: Suggestion) -> str:
    """The LLM's number for a fill-in, as the reviewer must read it: a proposal to check, with its evidence."""
    fill = s.model_fill
    evidence = f"依据总体目标“{fill.evidence}”" if fill.evidence else "总体目标中没有依据，是模型的估计"
    return f"模型提出，需核实：{fill.value}（{evidence}）"


def describe(s: Suggestion) -> str:
    where = nth(s.indicator) if s.indicator is not None else "末尾"
    if s.kind == "add":
        change = f"新增 {row_text(s.after)}"
    elif s.kind == "remove":
        change = f"删除{where} {row_text(s.before)}"
    else:
        change = f"替换{where} {row_text(s.before)} → {row_text(s.after)}"
    marks = "，填空" if s.fill_in else ""
    line = f"[{s.id}] {change}（{'、'.join(s.codes)}{marks}）"
    return f"{line}\n      {model_fill_text(s)}" if s.model_fill else line


def suggestion_dict(s: Suggestion, path: str, project: str) -> dict:
    """The public JSON fields of a suggestion (docs/suggest.md)."""
    return {
        "id": s.id, "path": path, "project": project, "kind": s.kind, "indicator": s.indicator,
        "before": s.before.model_dump() if s.before else None,
        "after": s.after.model_dump() if s.after else None,
        "reason": s.reason, "codes": s.codes, "engine": s.engine, "status": s.status,
        "group": s.group, "fill_in": s.fill_in,
        "model_fill": s.model_fill.model_dump() if s.model_fill else None,
    }


def print_summary(run: SuggestRun) -> None:
    for form in run.forms:
        _print_form(form)
    pending = sum(len(f.queued) for f in run.forms)
    dropped = sum(f.dropped for f in run.forms)
    print(f"合计：{len(run.forms)} 张申报表，待审核建议 {pending} 条"
          + (f"，{dropped} 条草拟结果未通过校验已丢弃" if dropped else ""))
    if pending:
        print("逐条审核：jixiao review PATH（y 接受，n 拒绝，e 修改后接受，s 跳过，q 退出）；"
              "或 jixiao review PATH --list 查看全部")


def _print_form(form: FormDrafts) -> None:
    kinds = Counter(s.kind for s in form.queued)
    print(f"{form.path}  {form.project}")
    counts = "，".join(f"{KIND[k]} {kinds[k]}" for k in ("add", "replace", "remove"))
    extra = [f"本次新增 {form.added}"]
    if form.stale:
        extra.append(f"因表已修改失效 {form.stale}")
    if form.dropped:
        extra.append(f"未通过校验 {form.dropped}")
    print(f"  待审核：{counts}（{'，'.join(extra)}）")
    for s in form.queued[:TOP]:
        print(f"  {describe(s)}")
    if len(form.queued) > TOP:
        print(f"  …… 另有 {len(form.queued) - TOP} 条")
    for note in form.notes:
        print(f"  说明：{note}")
    print()


def write_json(run: SuggestRun, stream) -> None:
    items = [suggestion_dict(s, f.path, f.project) for f in run.forms for s in f.queued]
    stream.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
