"""A fast reader for declaration files in the layout `dumps` writes; anything else goes to tomllib.

tomllib is pure Python and dominates the cost of loading a year's store. Files jixiao wrote use
a small, regular subset of TOML (one `key = value` per line, [funds], [[indicators]], plain
strings, integers, simple decimals), which one regex per line reads several times faster. The
moment a line falls outside that subset — an escape, a comment, a multi-line string or array,
a repeated key — this reader gives up and the caller uses tomllib, so results and error
messages are always exactly tomllib's.
"""

from __future__ import annotations

import re

_LINE = re.compile(
    r'(?P<key>[A-Za-z0-9_-]+) = (?:"(?P<str>[^"\\\x00-\x08\x0a-\x1f\x7f]*)"'
    r"|(?P<int>-?(?:0|[1-9][0-9]*))|(?P<float>-?(?:0|[1-9][0-9]*)\.[0-9]+))"
)


_MULTILINE_OPEN = re.compile(r'(?P<key>[A-Za-z0-9_-]+) = """')
_ARRAY_OPEN = re.compile(r"(?P<key>[A-Za-z0-9_-]+) = \[")
_ARRAY_ITEM = re.compile(r'    "(?P<str>[^"\\\x00-\x08\x0a-\x1f\x7f]*)",')  # tomli-w: one string a line
_PLAIN = re.compile(r'[^"\\\x00-\x08\x0b-\x1f\x7f]*"{0,2}')  # a line inside a multi-line string


def loads_canonical(text: str) -> dict | None:
    """The document, or None when the text is not in the canonical subset."""
    document: dict = {}
    table = document
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        opened = _MULTILINE_OPEN.fullmatch(line)
        if opened:
            # tomli-w writes a multi-line goal as: key = """⏎ line ⏎ … line"""
            key, body = opened.group("key"), []
            for inner in lines:
                if inner.endswith('"""'):
                    body.append(inner[:-3])
                    break
                body.append(inner)
            else:
                return None
            if key in table or not all(_PLAIN.fullmatch(part) for part in body) or body[-1].endswith('"'):
                return None
            table[key] = "\n".join(body)
            continue
        opened = _ARRAY_OPEN.fullmatch(line)
        if opened:
            key, items = opened.group("key"), []
            for inner in lines:
                if inner == "]":
                    break
                item = _ARRAY_ITEM.fullmatch(inner)
                if item is None:
                    return None
                items.append(item.group("str"))
            else:
                return None
            if key in table:
                return None
            table[key] = items
            continue
        if line == "[[indicators]]":
            if "indicators" not in document:
                if document.get("indicators") is not None:
                    return None
                document["indicators"] = []
            elif not isinstance(document["indicators"], list):
                return None
            table = {}
            document["indicators"].append(table)
            continue
        if line == "[funds]":
            if "funds" in document:
                return None
            table = document["funds"] = {}
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key = match.group("key")
        if key in table:
            return None  # a repeated key is an error; let tomllib word it
        if match.group("str") is not None:
            table[key] = match.group("str")
        elif match.group("int") is not None:
            table[key] = int(match.group("int"))
        else:
            table[key] = float(match.group("float"))
    return document
