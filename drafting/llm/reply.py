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
from ..suggestions.model import Draft, Suggestion, make

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


class Reply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    suggestions: list[ProposedChange]


def bounded_schema(max_items: int) -> dict:
    """The schema with lengths bounded, for servers that turn it into a grammar (llama.cpp): the
    model cannot run on past `max_items` suggestions or write a name for ever. OpenAI's strict
    mode refuses these keywords, so `schema()` itself has none."""
    bounded = schema()
    bounded["properties"]["suggestions"]["maxItems"] = max_items
    item = bounded["properties"]["suggestions"]["items"]["properties"]
    for key, length in (("name", 30), ("value", 30), ("reason", 80)):
        item[key]["maxLength"] = length
    item["codes"]["maxItems"] = 3
    return bounded


def schema() -> dict:
    """The JSON Schema for `response_format: json_schema` (strict mode wants every key required)."""
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
    return {"type": "object", "additionalProperties": False, "required": ["suggestions"],
            "properties": {"suggestions": {"type": "array", "items": item}}}


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False)


_CJK = re.compile(r"[\u3400-\u9fff]")
_FILLER = {"无", "指标", "名称", "三级指标", "其他", "待定", "略", "xx", "暂无"}


def to_suggestion(form: FormView, change: ProposedChange) -> tuple[Suggestion | None, str]:
    """A queued-to-be suggestion, or None with the reason it is junk (semantic checks on top of the schema)."""
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
