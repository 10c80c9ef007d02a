"""A fast reader for declaration files, whoever wrote them; what it does not know goes to tomllib.

tomllib is pure Python and reads a character at a time; loading a year's store is mostly that. A
declaration uses a small part of TOML: tables ([funds]) and arrays of tables ([[indicators]]),
keys bare or quoted, strings of all four kinds, decimal integers and floats, booleans, arrays
(inline or over several lines, with comments) and inline tables, in any order, with comments and
blank lines anywhere and CRLF or LF line ends. This reader takes exactly that, a regular expression
per line or value, several times faster than tomllib. Anything else — dotted keys, dates, hex or
special floats, a string escape it does not decode, and every error (a repeated key, a table
defined twice, a bad character) — makes it return None, and the caller uses tomllib: results and
error messages are always tomllib's. `tests/test_toml_reader.py` holds it to that with hypothesis.
"""

from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_-]+"
# A basic string: no control character but tab, escapes as TOML defines them (decoded below).
_BASIC = r'"((?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\(?:[btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*)"'
_LITERAL = r"'([^'\x00-\x08\x0a-\x1f\x7f]*)'"
_KEY = rf"(?:({_BARE})|{_BASIC}|{_LITERAL})"
_INT = r"[+-]?(?:0|[1-9](?:_?[0-9])*)"
_FLOAT = rf"{_INT}(?:\.[0-9](?:_?[0-9])*(?:[eE][+-]?[0-9](?:_?[0-9])*)?|[eE][+-]?[0-9](?:_?[0-9])*)"
# What may follow a value on its line: blanks, a comment (no control character but tab), the end.
_END = r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?(?:\n|\Z)"

# The common line, whole: `key = "string"` or a number or a boolean, with an optional comment.
_LINE = re.compile(rf"[ \t]*{_KEY}[ \t]*=[ \t]*(?:{_BASIC}|{_LITERAL}(?!')|({_FLOAT})|({_INT})|(true|false))(?![\w.:+-]){_END}")
_PAIR = re.compile(rf"[ \t]*{_KEY}[ \t]*=[ \t]*(?:{_BASIC}|{_LITERAL}(?!')|({_FLOAT})|({_INT})|(true|false))[ \t]*([,}}])")
_KEY_EQ = re.compile(rf"[ \t]*{_KEY}[ \t]*=[ \t]*")
_HEADER = re.compile(rf"[ \t]*(\[\[?)[ \t]*{_KEY}[ \t]*(\]\]?){_END}")
_BLANK = re.compile(_END)
_SCALAR = re.compile(rf"{_BASIC}|{_LITERAL}(?!')|({_FLOAT})|({_INT})|(true|false)(?![\w.:+-])")
_NUMBER_END = re.compile(r"[\w.:+-]")  # a number running on (a date, 0x…, 1_): not ours
_ML_BASIC = re.compile(r'"""\n?((?:[^"\\\x00-\x08\x0b-\x1f\x7f]|"(?!""))*)"""(?!")')  # no escapes
_ML_LITERAL = re.compile(r"'''\n?((?:[^'\x00-\x08\x0b-\x1f\x7f]|'(?!''))*)'''(?!')")
_GAP = re.compile(r"(?:[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?\n)*[ \t]*")  # inside an array: blanks, comments, lines
_SPACE = re.compile(r"[ \t]*")
_ESCAPE = re.compile(r"\\(?:([btnfr\"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _NotOurs(Exception):
    """Something tomllib must read (or report)."""


def loads_declaration(text: str) -> dict | None:
    """The document as tomllib would return it, or None when tomllib must read it."""
    text = text.replace("\r\n", "\n")  # as tomllib does; a lone \r is then an error
    if "\r" in text:
        return None
    try:
        return _Reader(text).document()
    except (_NotOurs, RecursionError):
        return None


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw

    def one(match: re.Match) -> str:
        if match.group(1):
            return _ESCAPES[match.group(1)]
        point = int(match.group(2) or match.group(3), 16)
        if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
            raise _NotOurs  # not a Unicode scalar: tomllib's error
        return chr(point)

    return _ESCAPE.sub(one, raw)


def _scalar(basic: str | None, literal: str | None, real: str | None, integer: str | None, boolean: str | None):
    """The value of a matched string, number or boolean (whichever group matched)."""
    if basic is not None:
        return _unescape(basic)
    if literal is not None:
        return literal
    if integer is not None:
        return int(integer.replace("_", ""))
    if real is not None:
        return float(real.replace("_", ""))
    return boolean == "true"


def _key(match: re.Match, first: int) -> str:
    bare, basic, literal = match.group(first), match.group(first + 1), match.group(first + 2)
    return bare if bare is not None else _unescape(basic) if basic is not None else literal


def _separator(text: str, pos: int, close: str) -> tuple[int, bool]:
    """Past what follows an item of an array or inline table: its comma (False) or the closing bracket (True)."""
    if text.startswith(",", pos):
        return pos + 1, False
    if text.startswith(close, pos):
        return pos + 1, True
    raise _NotOurs


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.root: dict = {}
        self.table = self.root
        self.arrays: set[int] = set()  # ids of arrays made by [[header]] (only those may grow)

    def document(self) -> dict:
        text, pos, end = self.text, 0, len(self.text)
        line_at = _LINE.match  # the hot path: one match per ordinary line, its value read inline
        while pos < end:
            line = line_at(text, pos)
            if line is not None:
                self._set(_key(line, 1), _scalar(*line.group(4, 5, 6, 7, 8)))
                pos = line.end()
                continue
            blank = _BLANK.match(text, pos)
            if blank is not None and blank.end() > pos:
                pos = blank.end()
                continue
            header = _HEADER.match(text, pos)
            if header is not None:
                self._open(header.group(1), _key(header, 2), header.group(5))
                pos = header.end()
                continue
            key_eq = _KEY_EQ.match(text, pos)
            if key_eq is None:
                raise _NotOurs
            value, pos = self._value(key_eq.end())
            rest = _BLANK.match(text, pos)
            if rest is None:
                raise _NotOurs
            self._set(_key(key_eq, 1), value)
            pos = rest.end()
        return self.root

    def _set(self, key: str, value) -> None:
        if key in self.table:
            raise _NotOurs  # a repeated key
        self.table[key] = value

    def _open(self, opening: str, name: str, closing: str) -> None:
        if len(opening) != len(closing):
            raise _NotOurs
        current = self.root.get(name)
        if opening == "[":
            if current is not None:
                raise _NotOurs  # a table defined twice, or over a value
            self.table = self.root[name] = {}
            return
        if current is None:
            current = self.root[name] = []
            self.arrays.add(id(current))
        elif id(current) not in self.arrays:
            raise _NotOurs  # [[x]] after x = […] or [x]
        self.table = {}
        current.append(self.table)

    def _value(self, pos: int):
        """A value at `pos` and the position after it."""
        text = self.text
        scalar = _SCALAR.match(text, pos)
        if scalar is not None:
            basic, _, real, integer, _ = groups = scalar.groups()
            if (real or integer) and _NUMBER_END.match(text, scalar.end()):
                raise _NotOurs
            if basic is not None and text.startswith('""', pos + 1):
                return self._multiline(pos)
            return _scalar(*groups), scalar.end()
        head = text[pos:pos + 1]
        if head in ('"', "'"):
            return self._multiline(pos)
        if head == "[":
            return self._array(pos + 1)
        if head == "{":
            return self._inline_table(pos + 1)
        raise _NotOurs

    def _multiline(self, pos: int):
        match = (_ML_BASIC if self.text[pos] == '"' else _ML_LITERAL).match(self.text, pos)
        if match is None:
            raise _NotOurs
        return match.group(1), match.end()

    def _array(self, pos: int):
        text, items = self.text, []
        while True:
            pos = _GAP.match(text, pos).end()
            if text.startswith("]", pos):
                return items, pos + 1
            value, pos = self._value(pos)
            items.append(value)
            pos, closed = _separator(text, _GAP.match(text, pos).end(), "]")
            if closed:
                return items, pos

    def _inline_table(self, pos: int):
        text, table = self.text, {}
        pos = _SPACE.match(text, pos).end()
        if text.startswith("}", pos):
            return table, pos + 1
        while True:
            pair = _PAIR.match(text, pos)  # the usual `key = "text"` with its comma or brace, at once
            if pair is not None:
                key = _key(pair, 1)
                if key in table:
                    raise _NotOurs
                table[key] = _scalar(*pair.group(4, 5, 6, 7, 8))
                if pair.group(9) == "}":
                    return table, pair.end()
                pos = pair.end()
                continue
            key_eq = _KEY_EQ.match(text, pos)
            if key_eq is None:
                raise _NotOurs  # a dotted key, a newline, a trailing comma
            key = _key(key_eq, 1)
            if key in table:
                raise _NotOurs
            table[key], pos = self._value(key_eq.end())
            pos, closed = _separator(text, _SPACE.match(text, pos).end(), "}")
            if closed:
                return table, pos
