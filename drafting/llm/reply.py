"""What the model must answer: the schema (sent to the model) and the checks its answer must pass."""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from store.values import Kind, parse_value
from store.vocabulary import ALL_LEVEL1, ALL_LEVEL2

from ..lint.rules.placeholder_value import PLACEHOLDERS
from ..lint.view import FormView
from ..library import BLANK
from ..suggestions.model import Draft, ModelFill, Suggestion, make

ENGINE = "llm"


class ProposedChange(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: Literal["add", "replace", "remove"]
    indicator: int | None = None
    level1: str = ""
    level2: str = ""
    name: str = ""
    value: str = ""
    reason: str = ""
    codes: list[str] = Field(default_factory=list)


class ProposedFill(BaseModel):
    """The model's numbers for one offered fill-in ("F1"), one per blank, and the goal words they rest on."""

    model_config = ConfigDict(extra="ignore")

    id: str
    numbers: list[str] = Field(default_factory=list)
    evidence: str = ""


class Reply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    fills: list[ProposedFill] = Field(default_factory=list)  # prompt v3: numbers for the offered fill-ins
    suggestions: list[ProposedChange] = Field(default_factory=list)


NUMBER = r"^[0-9]{1,7}([.][0-9]{1,2})?$"  # [.], not \.: llama.cpp's grammar converter refuses the escape


def bounded_schema(max_items: int, offers: int = 0) -> dict:
    """The schema with lengths bounded, for servers that turn it into a grammar (llama.cpp): the
    model cannot run on past `max_items` suggestions or write a name for ever, writes only numbers
    into blanks, and, when fill-ins are offered, fills at least one (a small model then always has
    something to give). OpenAI's strict mode refuses these keywords, so `schema()` itself has none."""
    bounded = schema(offers > 0)
    bounded["properties"]["suggestions"]["maxItems"] = max_items
    item = bounded["properties"]["suggestions"]["items"]["properties"]
    for key, length in (("name", 30), ("value", 30), ("reason", 80)):
        item[key]["maxLength"] = length
    item["codes"]["maxItems"] = 3
    if offers:
        fills = bounded["properties"]["fills"]
        fills.update(minItems=1, maxItems=offers)
        fill = fills["items"]["properties"]
        fill["id"]["enum"] = offer_ids(offers)
        fill["numbers"].update(minItems=1, maxItems=2)
        fill["numbers"]["items"]["pattern"] = NUMBER
        fill["evidence"]["maxLength"] = 60
    return bounded


def offer_ids(count: int) -> list[str]:
    return [f"F{i}" for i in range(1, count + 1)]


def schema(fills: bool = False) -> dict:
    """The JSON Schema for `response_format: json_schema` (strict mode wants every key required).
    `fills` (prompt v3): numbers for the offered fill-ins come first, the easy part for any model."""
    item = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "indicator", "level1", "level2", "name", "value", "reason", "codes"],
        "properties": {
            "kind": {"type": "string", "enum": ["add", "replace", "remove"]},
            "indicator": {"type": ["integer", "null"]},
            # Both frameworks' names: one schema for every form; each form's own is checked on the reply.
            "level1": {"type": "string", "enum": list(ALL_LEVEL1) + [""]},
            "level2": {"type": "string", "enum": list(ALL_LEVEL2) + [""]},
            "name": {"type": "string"},
            "value": {"type": "string"},
            "reason": {"type": "string"},
            "codes": {"type": "array", "items": {"type": "string"}},
        },
    }
    properties = {"suggestions": {"type": "array", "items": item}}
    if fills:
        fill = {"type": "object", "additionalProperties": False, "required": ["id", "numbers", "evidence"],
                "properties": {"id": {"type": "string"}, "numbers": {"type": "array", "items": {"type": "string"}},
                               "evidence": {"type": "string"}}}
        properties = {"fills": {"type": "array", "items": fill}, **properties}
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


def schema_text(fills: bool = False) -> str:
    return json.dumps(schema(fills), ensure_ascii=False)


_CJK = re.compile(r"[\u3400-\u9fff]")
_FILLER = {"无", "指标", "名称", "三级指标", "其他", "待定", "略", "xx", "暂无"}


def to_suggestion(form: FormView, change: ProposedChange, examples: str = "") -> tuple[Suggestion | None, str]:
    """A queued-to-be suggestion, or None with the reason it is junk (semantic checks on top of the schema).
    `examples`: the prompt's worked examples; a name copied from them that the form itself never
    uses is an echo of the prompt (small models do it), not a proposal for this form."""
    rows = form.declaration.indicators
    needs_row = change.kind in ("replace", "remove")
    if needs_row and (change.indicator is None or not 0 <= change.indicator < len(rows)):
        return None, f"指标编号 {change.indicator} 不存在"
    before = Draft.of(rows[change.indicator]) if needs_row else None
    if change.kind == "remove":
        return make("remove", change.indicator, before, None, change.reason or "大模型建议删除", change.codes, ENGINE), ""
    if form.vocabulary.level2.get(change.level2) != change.level1:
        return None, f"一级/二级指标“{change.level1}/{change.level2}”不在本表的指标体系内"
    name, value = change.name.strip(), change.value.strip()
    if not _CJK.search(name) or name in _FILLER or not 2 <= len(name) <= 30:
        return None, f"三级指标名称“{name}”无效"
    if parse_value(name).kind == Kind.DEADLINE or name == form.project:
        return None, f"三级指标名称“{name}”是日期或项目名称"
    if name in examples and not _uses(form, name):
        return None, f"三级指标“{name}”照抄了提示中的示例"
    parsed = parse_value(value)
    if value.lower() in PLACEHOLDERS or parsed.kind not in (Kind.NUMBER, Kind.DEADLINE):
        return None, f"指标值“{value}”无法度量"
    if parsed.kind == Kind.NUMBER and (parsed.number is None or parsed.number < 0 or parsed.number > 1e12
                                       or parsed.unit == "%" and parsed.number > 100):
        return None, f"指标值“{value}”超出合理范围"
    after = Draft(level1=change.level1, level2=change.level2, name=name, value=value)
    index = change.indicator if change.kind == "replace" else None
    reason = change.reason.strip()[:200] or "大模型建议"
    return make(change.kind, index, before, after, reason, [c for c in change.codes if re.fullmatch(r"JX\d{3}", c)], ENGINE), ""


_SPACE = re.compile(r"\s+")


def to_fill(form: FormView, offer: Suggestion, fill: ProposedFill) -> tuple[Suggestion | None, str]:
    """The offered fill-in carrying the model's numbers as a proposal, or None with the reason.
    The blank itself stays: only the reviewer fills it, with the proposal or their own number."""
    template = offer.after.value
    blanks = template.count(BLANK)
    numbers = [n.strip() for n in fill.numbers]
    if len(numbers) != blanks:
        return None, f"{fill.id}：需要 {blanks} 个数字，回答了 {len(numbers)} 个"
    if not all(re.fullmatch(NUMBER, n) for n in numbers):
        return None, f"{fill.id}：“{'、'.join(numbers)[:20]}”不是数字"
    value = template
    for number in numbers:
        value = value.replace(BLANK, _plain(number), 1)
    parsed = parse_value(value)
    if parsed.kind not in (Kind.NUMBER, Kind.DEADLINE):
        return None, f"{fill.id}：“{value}”不是有效的指标值"
    if parsed.kind == Kind.NUMBER and parsed.unit == "%" and parsed.number > 100:
        return None, f"{fill.id}：“{value}”超过100%"
    # Evidence counts only when it is the goal's own words and names the number; anything else is
    # the model's guess (a sentence of the goal that says nothing of 92 is no ground for 92).
    cited = _SPACE.sub("", fill.evidence.strip("“”\"' "))
    grounded = cited in _SPACE.sub("", form.declaration.goal) and all(_plain(n) in cited for n in numbers)
    evidence = cited[:60] if cited and grounded else ""
    return offer.model_copy(update={"engine": ENGINE, "model_fill": ModelFill(value=value, evidence=evidence)}), ""


def _plain(number: str) -> str:
    """"95.0" → "95", "07" → "7": as a form writes it."""
    return f"{float(number):.2f}".rstrip("0").rstrip(".")


def _uses(form: FormView, name: str) -> bool:
    d = form.declaration
    return name in d.project or name in d.goal or any(name in row.name for row in form.rows)
