"""`jixiao review`: decide on queued suggestions one at a time, like `git add -p`, or in bulk.

Nothing is applied until a human says so. Decisions for a form are applied together when the
reviewer leaves that form (or quits), in one atomic save that `jixiao undo` can reverse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from drafting.lint import LintConfig, lint_forms
from drafting.lint.view import FormView
from drafting.suggestions import Draft, Suggestion, decide, load
from drafting.library import has_blank
from drafting.suggestions.model import BLANK, units
from drafting.suggestions.validate import apply_to
from store import Store, StoreError
from store.errors import os_reason

from .suggest_report import ENGINE, KIND, describe, model_fill_text, row_text

HELP = """y - 接受这条建议（带空白“＿”的填空建议须先填写）
n - 拒绝这条建议（以后不再提出）
e - 修改三级指标名称/指标值后接受（填空建议：填写空白）
s - 跳过，留待以后
a - 接受本表余下的全部建议（大模型建议和填空建议除外，须逐条确认）
一组建议（如拆分一行、以总成本替换各分项）一并接受或拒绝
q - 退出（本表已做的决定会保存）
? - 显示本帮助"""
PROMPT = "接受这条建议？[y,n,e,s,a,q,?] "


def forms_with_pending(path: Path, problems: list[StoreError]) -> list[tuple[Path, list[Suggestion]]]:
    """Forms with pending suggestions; an unreadable queue is added to `problems`, the others go on."""
    found = []
    for file in Store(path).files():
        try:
            pending = [s for s in load(file) if s.status == "pending"]
        except StoreError as exc:
            problems.append(exc)
            continue
        if pending:
            found.append((file, pending))
    return found


def _context(file: Path, group: list[Suggestion]) -> list[str]:
    """The form around the change: the 二级 blocks it touches, the changed rows marked."""
    declaration = Store(file).load(file).declaration
    goal = declaration.goal.replace("\n", " ")
    lines = [f"  项目：{declaration.project}", "  年度总体目标：" + (goal if len(goal) <= 80 else goal[:79] + "…")]
    blocks = {(s.before or s.after).level2 for s in group}
    changed = {s.indicator for s in group if s.kind != "add"}
    for i, row in enumerate(declaration.indicators):
        if row.level2 not in blocks:
            continue
        mark = "►" if i in changed else " "
        lines.append(f"  {mark} {i + 1:>2} {row.level2}｜{row.name or '（空）'}｜{row.value or '（空）'}")
    return lines


def _show(file: Path, group: list[Suggestion], n: int, total: int, say: Callable[[str], None]) -> None:
    say(f"\n({n}/{total}) {file}")
    for line in _context(file, group):
        say(line)
    first = group[0]
    codes = "、".join(sorted({c for s in group for c in s.codes}))
    if len(group) > 1:
        say(f"  建议组：{len(group)} 项改动，一并接受或拒绝（{codes}，{ENGINE.get(first.engine, first.engine)}）")
    else:
        say(f"  建议：{KIND[first.kind]}（{codes}，{ENGINE.get(first.engine, first.engine)}）")
    for s in group:
        where = f"第{s.indicator + 1}条 " if s.kind != "add" and s.indicator is not None else ""
        if s.before:
            say(f"  - {where}{row_text(s.before)}")
        if s.after:
            say(f"  + {row_text(s.after)}")
            if s.after.scoring:
                say(f"    评分标准：{s.after.scoring}")
    if any(s.fill_in for s in group):
        say(f"  填空建议：空白“{BLANK}”由您填写（按 y 或 e 填写后接受）")
    for s in group:
        if s.model_fill:
            say(f"  {model_fill_text(s)}")
    for reason in dict.fromkeys(s.reason for s in group):
        say(f"  理由：{reason}")


def _edit(suggestion: Suggestion, ask: Callable[[str], str], say) -> Draft | None:
    after = suggestion.after
    if after is None:
        say("删除建议没有可修改的内容")
        return None
    if after.blank:
        return _fill(after, ask, say, suggestion.model_fill.value if suggestion.model_fill else "")
    name = ask(f"三级指标名称 [{after.name}]：").strip() or after.name
    value = ask(f"指标值 [{after.value}]：").strip() or after.value
    edited = after.model_copy(update={"name": name, "value": value})
    if edited.blank:
        say(f"  还有空白“{BLANK}”未填写，未接受")
        return None
    return edited


def _fill(after: Draft, ask: Callable[[str], str], say, proposal: str = "") -> Draft | None:
    """A fill-in: each blank asked for in turn and put in its place; the operator and unit stay.
    `proposal`: the model's filled value; its number for a blank is taken on a plain Enter, having
    been shown in the question."""
    offered = iter(proposed_numbers(after.value, proposal))
    filled = {}
    for field, label in (("name", "三级指标名称"), ("value", "指标值")):
        text = getattr(after, field)
        while BLANK in text:
            at = text.index(BLANK)
            # A blank at the end of a value with no unit after it is the whole target, unit included.
            what = "数字和单位，如 12场" if field == "value" and at == len(text) - 1 and not re.search(r"\d", text) \
                else "考核对象" if field == "name" else "数字"
            default = next(offered, "") if field == "value" else ""
            hint = f"（回车采用模型提出的 {default}，请先核实）" if default else ""
            answer = ask(f"{label} {text[:at]}[{BLANK}]{text[at + 1:]}，填写{what}{hint}：").strip()
            if not answer and default:
                answer = default
                say(f"  采用模型提出的 {default}")
            if not answer or has_blank(answer):
                say(f"  还有空白“{BLANK}”未填写，未接受")
                return None
            text = text[:at] + answer + text[at + 1:]
        filled[field] = text
    return after.model_copy(update=filled)


def filled_value(template: str, given: str) -> str:
    """What `--fill ID VALUE` writes: a bare number goes into a target's one blank ("≥＿%", "95" →
    "≥95%"), as the interactive review asks for it; anything else is the whole target."""
    given = given.strip()
    if template.count(BLANK) == 1 and not template.endswith(BLANK) and re.fullmatch(r"\d+(?:\.\d+)?", given):
        return template.replace(BLANK, given)
    return given


def proposed_numbers(template: str, proposal: str) -> list[str]:
    """What a filled value puts in each blank of its template: "≥＿%", "≥95%" → ["95"]."""
    pattern = "(.+?)".join(re.escape(part) for part in template.split(BLANK))
    match = re.fullmatch(pattern, proposal) if proposal else None
    return list(match.groups()) if match else []


def _warnings(file: Path, suggestion: Suggestion, draft: Draft) -> list[str]:
    """What the linter says of the edited row, shown before it is accepted."""
    declaration = Store(file).load(file).declaration
    changed, index = apply_to(declaration, suggestion.model_copy(update={"after": draft}))
    return [f"{f.code} {f.message}" for f in lint_forms([FormView(str(file), changed)], LintConfig(select=["JX2", "JX3"]))
            if f.indicator == index]


def interactive(path: Path, problems: list[StoreError], ask: Callable[[str], str] = input,
                say: Callable[[str], None] = print) -> int:
    """The review loop, one group (or lone suggestion) at a time. `ask`/`say` are input/print,
    replaceable for tests. Returns the number accepted; forms that could not be read or saved are
    added to `problems`."""
    forms = [(file, units(pending)) for file, pending in forms_with_pending(path, problems)]
    total = sum(len(groups) for _, groups in forms)
    if not total:
        say("没有待审核的建议（先运行 jixiao suggest）")
        return 0
    n = accepted_total = 0
    for file, groups in forms:
        accept, reject, edits = [], [], {}
        quit_ = False
        for i, group in enumerate(groups):
            n += 1
            _show(file, group, n, total, say)
            while True:
                try:
                    answer = ask(PROMPT).strip().lower()
                except EOFError:
                    answer = "q"
                if answer == "y" and not any(s.fill_in for s in group):
                    accept += [s.id for s in group]
                elif answer == "n":
                    reject += [s.id for s in group]
                elif answer == "s":
                    pass
                elif answer in ("e", "y"):
                    drafts = _edit_group(file, group, ask, say)
                    if drafts is None:
                        continue
                    edits.update(drafts)
                    accept += [s.id for s in group]
                elif answer == "a":
                    rest = [g for g in groups[i:] if not any(s.display_only or s.fill_in for s in g)]
                    accept += [s.id for g in rest for s in g]
                    skipped = len(groups[i:]) - len(rest)
                    if skipped:
                        say(f"  {skipped} 条大模型建议或填空建议须逐条确认，未接受")
                elif answer == "q":
                    quit_ = True
                elif answer == "?":
                    say(HELP)
                    continue
                else:
                    say("请输入 y、n、e、s、a、q 或 ?")
                    continue
                break
            if quit_ or answer == "a":
                break
        accepted_total += _apply(file, accept, reject, edits, say, problems)
        if quit_:
            break
    return accepted_total


def _edit_group(file: Path, group: list[Suggestion], ask, say) -> dict[str, Draft] | None:
    """Edits for the group's rows that have something to edit; None when the reviewer left a blank."""
    drafts = {}
    for s in group:
        if s.after is None:
            continue
        draft = _edit(s, ask, say)
        if draft is None:
            return None
        for warning in _warnings(file, s, draft):
            say(f"  注意：{warning}")
        if draft != s.after:
            drafts[s.id] = draft
    return drafts


def _apply(file: Path, accept, reject, edits, say, problems: list[StoreError], bulk: bool = False) -> int:
    if not accept and not reject:
        return 0
    try:
        result = decide(file, accept, reject, edits, bulk=bulk)
    except StoreError as exc:
        problems.append(exc)
        return 0
    except OSError as exc:
        problems.append(StoreError(file, f"无法写入：{os_reason(exc)}"))
        return 0
    parts = [f"接受 {len(result.accepted)}", f"拒绝 {len(result.rejected)}"]
    if result.unfilled:  # asked for and not done: a problem, not a note
        problems.append(StoreError(file, f"填空建议 {'、'.join(result.unfilled)} 还有空白“{BLANK}”，未接受："
                                         f"jixiao review {file} --fill {result.unfilled[0]} 指标值，或不带参数逐条填写"))
    if result.stale:
        parts.append(f"已失效未应用 {len(result.stale)}（表在建议之后被改过；重新运行 jixiao suggest）")
    say(f"{file}：{'，'.join(parts)}")
    if result.accepted:
        say(f"  已保存；撤销：jixiao undo {file}")
    return len(result.accepted)


def list_pending(path: Path, problems: list[StoreError], say=print) -> int:
    count = 0
    for file, pending in forms_with_pending(path, problems):
        say(str(file))
        for group in units(pending):
            if len(group) > 1:
                say(f"  建议组 {group[0].group}（{len(group)} 项改动，一并接受或拒绝）：")
            for suggestion in group:
                say(f"  {describe(suggestion)}")
            for reason in dict.fromkeys(s.reason for s in group):
                say(f"      理由：{reason}")
            count += len(group)
    if not count:
        say("没有待审核的建议")
    return count


def bulk(path: Path, accept: list[str], reject: list[str], accept_all: bool, codes: list[str],
         problems: list[StoreError], say=print, fills: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Non-interactive decisions; `fills`: fill-in id → the value that fills it (accepted with it).
    Returns (accepted count, ids not found pending)."""
    from drafting.suggestions.pipeline import matches_any

    fills = fills or {}
    wanted_accept, wanted_reject = set(accept) | set(fills), set(reject)
    seen: set[str] = set()
    accepted = 0
    for file, pending in forms_with_pending(path, problems):
        ids = {s.id for s in pending} | {s.group for s in pending if s.group}
        seen |= ids & (wanted_accept | wanted_reject)
        these_accept = [i for i in [*accept, *fills] if i in ids]
        edits = {}
        for s in pending:
            if s.id in fills and s.after is not None:
                edits[s.id] = s.after.model_copy(update={"value": filled_value(s.after.value, fills[s.id])})
        if accept_all:
            for group in units(pending):
                if any(s.display_only or s.fill_in or s.id in wanted_reject for s in group):
                    continue  # an LLM's or a fill-in's is decided one at a time; a rejected one not at all
                if not codes or any(matches_any(s.codes, codes) for s in group):
                    these_accept += [s.id for s in group if s.id not in these_accept]
        these_reject = [i for i in reject if i in ids]
        accepted += _apply(file, these_accept, these_reject, edits, say, problems, bulk=accept_all)
    if accept_all and not accepted:
        say("没有可一并接受的建议（大模型建议和填空建议须逐条确认）")
    return accepted, sorted((wanted_accept | wanted_reject) - seen)
