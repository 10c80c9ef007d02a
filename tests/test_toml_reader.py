"""The fast reader agrees with tomllib on every file: it takes a declaration in any layout a person
or another tool writes (comments, both quote styles, multi-line strings, inline or [[ ]] arrays,
inline tables, any key order, CRLF) and returns exactly tomllib's document; on anything it does not
know, and on every error, it returns None so that tomllib reads (and words the error)."""

from __future__ import annotations

import json
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.files import dumps
from store.toml_reader import loads_declaration
from tests.test_store import declaration

# Text as forms hold it: Chinese, ASCII, the characters TOML escapes, tabs and newlines.
_chars = st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF) | st.sampled_from(list("\"'\\#=[]{}\t\n,.，。≥≤％"))
_text = st.text(_chars, max_size=24)
_line_text = st.text(_chars.filter(lambda c: c != "\n"), max_size=24)
_number = st.one_of(st.integers(-10**12, 10**12), st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))


def _basic(value: str) -> str:
    """A basic string: JSON's escapes are TOML's, except that TOML has no \\/ (never written by json)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _string(value: str, style: int) -> str:
    plain = not any(ch < " " and ch != "\t" or ch == "\x7f" for ch in value)
    if style == 1 and plain and "'" not in value:
        return f"'{value}'"
    if style == 2 and not any(ch < " " and ch not in "\t\n" or ch == "\x7f" for ch in value) \
            and "'''" not in value and not value.endswith("'"):
        return f"'''\n{value}'''"
    if style == 3 and not any(ch < " " and ch not in "\t\n" or ch == "\x7f" for ch in value) \
            and '"' not in value and "\\" not in value:
        return f'"""\n{value}"""'
    return _basic(value)


def _number_text(value, style: int) -> str:
    if isinstance(value, int):
        return f"{value:_}" if style == 1 and abs(value) >= 1000 else str(value)
    text = repr(float(value))
    return text if "e" in text or "." in text else text + ".0"


@st.composite
def layouts(draw):
    """(text, document): a declaration written in one of the many ways TOML allows."""
    pick = lambda n: draw(st.integers(0, n))  # noqa: E731
    eq = lambda: draw(st.sampled_from([" = ", "=", " =\t", "\t= "]))  # noqa: E731
    comment = lambda: draw(st.sampled_from(["", "", " # 说明", "\t#", " # a # b"]))  # noqa: E731

    def value(v) -> str:
        if isinstance(v, str):
            return _string(v, pick(3))
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return _number_text(v, pick(1))
        if isinstance(v, list):
            items = [value(x) for x in v]
            if pick(1):
                return "[" + ", ".join(items) + "]"
            return "[\n" + "".join(f"    {x},{comment()}\n" for x in items) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}{eq()}{value(x)}" for k, x in v.items()) + "}"
        raise TypeError(v)

    root = {
        "version": "1", "project": draw(_line_text), "department": draw(_line_text), "year": draw(st.integers(2000, 2100)),
        "goal": draw(_text), "framework": draw(st.sampled_from(["classic", "2021"])),
        "ignore": draw(st.lists(_line_text, max_size=3)), "flag": draw(st.booleans()),
    }
    funds = {"total": draw(_number), "fiscal": draw(_number), "other": 0}
    rows = draw(st.lists(st.fixed_dictionaries({"level1": _line_text, "level2": _line_text, "name": _text,
                                                "value": _line_text, "weight": _number}), max_size=4))
    keys = draw(st.permutations(list(root)))
    lines = [f"# {draw(_line_text.filter(lambda t: t.isprintable()))}"] if pick(1) else []
    lines += [f"{k}{eq()}{value(root[k])}{comment()}" for k in keys]
    tables = []
    if pick(1):
        lines.append(f"funds{eq()}{value(funds)}")
    else:
        tables.append(["[funds]" + comment()] + [f"{k}{eq()}{value(v)}" for k, v in funds.items()])
    if rows and pick(1):
        lines.append("indicators = [\n" + "".join(f"  {value(r)},\n" for r in rows) + "]")
    else:
        for r in rows:
            order = draw(st.permutations(list(r)))
            tables.append([draw(st.sampled_from(["[[indicators]]", "[[ indicators ]]", '[["indicators"]]']))]
                          + [f"{k}{eq()}{value(r[k])}{comment()}" for k in order])
    if not rows:
        lines.append("indicators = []")
    for table in draw(st.permutations(tables)):  # [funds] anywhere among the [[indicators]]
        lines += [""] * pick(1) + table
    newline = "\r\n" if pick(1) else "\n"
    return newline.join(lines) + newline


@settings(max_examples=400, deadline=None)
@given(layouts())
def test_any_layout_of_a_declaration_is_read_as_tomllib_reads_it(text):
    expected = tomllib.loads(text)
    assert loads_declaration(text) == expected


_EDITS = st.tuples(st.sampled_from(["char", "repeat line", "drop line"]), st.integers(0, 10**6), st.sampled_from(
    ["", '"', "'", "\\", "#", "=", "[", "]", "{", "}", ",", "\n", ".", "x", "0", " ", "\r", "\x00", "é", "-", "_"]))


def _edit(text: str, kind: str, at: int, insert: str) -> str:
    if kind == "char":  # one character replaced (or deleted)
        at %= len(text)
        return text[:at] + insert + text[at + 1:]
    lines = text.split("\n")
    at %= len(lines)
    return "\n".join(lines[:at + 1] + lines[at:] if kind == "repeat line" else lines[:at] + lines[at + 1:])


@settings(max_examples=600, deadline=None)
@given(layouts(), st.lists(_EDITS, min_size=1, max_size=3))
def test_on_a_broken_or_unusual_file_it_agrees_or_steps_aside(text, edits):
    for edit in edits:
        text = _edit(text, *edit)
    fast = loads_declaration(text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert fast is None
        return
    assert fast is None or fast == expected


@settings(max_examples=200, deadline=None)
@given(project=_line_text.filter(str.strip), goal=_text, name=_text, value=_text)
def test_every_file_jixiao_writes_is_read_fast(project, goal, name, value):
    text = dumps(declaration(project=project, goal=goal, indicators=[
        {"level1": "产出指标", "level2": "数量指标", "name": name, "value": value}]))
    fast = loads_declaration(text)
    assert fast is None or fast == tomllib.loads(text)
    if not ('"""' in text and "\\" in text):  # escapes in a multi-line string are tomllib's to decode
        assert fast is not None, text


@pytest.mark.parametrize("text", [
    'a = "x"\na = "y"\n',  # a repeated key
    "[funds]\n[funds]\n",  # a table twice
    "a = []\n[[a]]\n",  # an array of tables over a value
    "a.b = 1\n",  # a dotted key
    "a = 2020-01-01\n",  # a date
    "a = 0x1F\n",  # hex
    "a = inf\n",  # a special float
    "a = {b = 1,}\n",  # a trailing comma in an inline table
    'a = "\\uD800"\n',  # not a Unicode scalar
    "a = 01\n",  # a leading zero
    "a = 1\rb = 2\n",  # a lone carriage return
    'a = """x""""\n',  # four quotes closing a multi-line string
])
def test_what_a_declaration_never_holds_goes_to_tomllib(text):
    assert loads_declaration(text) is None
