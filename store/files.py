"""A store: a folder of declaration TOML files, one per form, in any sub-folders.

Saves are atomic and never overwrite a file that changed on disk since it was read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import tomllib
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w
from .toml_reader import loads_declaration
from .errors import ConflictError, StoreError, os_reason
if TYPE_CHECKING:
    from .model import Declaration

CONFIG_NAME = "jixiao.toml"  # the store's settings, not a declaration
WORK_DIR = ".jixiao"  # caches kept in a store (hidden, so never read as declarations)
LIBRARY_DIR = "指标库"  # an office's own indicator library: settings beside jixiao.toml, not declarations
MAX_BYTES = 4_000_000  # a declaration is a few KB: anything this big is not one
MAX_STEM = 60  # characters; keeps a Chinese name well under the 255-byte file name limit


@dataclass(frozen=True)
class Stored:
    """A declaration with the file it lives in and what that file held when read."""

    path: Path
    declaration: Declaration
    digest: str | None  # sha256 of the file's bytes when read; None for a file not yet written


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(declaration: Declaration) -> str:
    """The TOML text: top-level keys, then [funds], then one [[indicators]] table per row.

    Tables are spelled out (tomli-w would inline short ones) so that files read like the form.
    """
    data = declaration.to_data()
    funds, indicators = data.pop("funds"), data.pop("indicators")
    parts = [tomli_w.dumps(data, multiline_strings=True), "[funds]\n" + tomli_w.dumps(funds)]
    parts += ["[[indicators]]\n" + tomli_w.dumps(row) for row in indicators]
    return "\n".join(parts)


def read(path: Path) -> Stored:
    """Load one declaration file; StoreError names the file and line on any problem."""
    path = Path(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
            raise StoreError(path, "不是普通文件，已跳过")
        if st.st_size > MAX_BYTES:
            raise StoreError(path, f"文件过大（{st.st_size // 1_000_000} MB），不是申报表")
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(path, f"无法读取：{os_reason(exc)}") from None
    return parse(path, data)


def read_toml(path: Path, what: str) -> dict:
    """A settings file (jixiao.toml, a 指标库 file) as tables; a StoreError naming the file and the problem."""
    try:
        return loads_toml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(path, f"{what}无法读取：{exc}") from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        raise StoreError(path, f"{what} TOML 语法错误" + (f"（第{at[1]}行第{at[2]}列）" if at else "")) from None


# pydantic's error types, as a user reads them.
_PROBLEMS = {"missing": "缺少此项", "extra_forbidden": "不认识的键", "string_type": "应为文字", "list_type": "应为列表",
             "string_too_short": "太短", "string_too_long": "太长", "int_parsing": "应为整数", "float_parsing": "应为数字",
             "bool_parsing": "应为 true 或 false", "greater_than_equal": "太小", "less_than_equal": "太大",
             "greater_than": "太小", "literal_error": "不是允许的值"}


def invalid_setting(path: Path, exc, where: str = "") -> StoreError:
    """A pydantic ValidationError of a settings file, as one line: which key (entries counted from
    1), what is wrong, in Chinese."""
    error = exc.errors()[0]
    key = " ".join(f"第{part + 1}条" if isinstance(part, int) else str(part) for part in error["loc"])
    problem = error["ctx"]["error"] if error["type"] == "value_error" else _PROBLEMS.get(error["type"], error["msg"])
    return StoreError(path, f"配置项 {where}{key} 无效：{problem}")


def loads_toml(text: str) -> dict:
    """tomllib, with nesting too deep for the parser reported as a syntax error, not a crash."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("嵌套过深") from None


# tomllib's reasons (its parser's whole list), as a user reads them; the first match wins.
_TOML_REASONS = [
    (r"Invalid value", "值无效（文字要加英文双引号，数字不加）"),
    (r"Cannot overwrite a value|Cannot declare .* twice|Duplicate inline table key .*|Cannot redefine namespace .*"
     r"|Cannot mutate immutable namespace .*", "同一个键出现了两次"),
    (r"Unterminated string|Expected '\"'|Expected \"'\"", "引号没有配对（字符串没有结束）"),
    (r"Unclosed array", "方括号 [ ] 没有配对"),
    (r"Unclosed inline table", "花括号 { } 没有配对"),
    (r"Expected '=' after a key in a key/value pair", "键后面缺少“=”"),
    (r"Expected newline or end of document after a statement", "一行只能写一个“键 = 值”"),
    (r"Expected '\]' at the end of a table declaration|Expected '\]\]' at the end of an array declaration",
     "表名的方括号没有配对"),
    (r"Illegal character .*|Found invalid character .*", "有不允许的字符（换行或控制字符要写在三引号字符串里）"),
    (r"Invalid initial character for a key part|Invalid statement", "这一行不是“键 = 值”"),
    (r"Unescaped '\\' in a string|Invalid hex value|Escaped character is not a Unicode scalar value",
     "字符串中的反斜杠 \\ 用法不对（写成 \\\\，或用单引号）"),
    (r"Invalid date or datetime", "日期无效"),
    (r"Expected .*", "格式不对"),
]


def toml_reason(reason: str) -> str:
    """tomllib's English reason in Chinese ("语法错误" for one it does not list)."""
    for pattern, text in _TOML_REASONS:
        if re.fullmatch(pattern, reason):
            return text
    return reason if not reason.isascii() else "语法错误"  # ours ("嵌套过深") are Chinese already


def parse(path: Path, data: bytes) -> Stored:
    """A declaration from a file's bytes (as `read`, for contents not yet on disk)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoreError(path, "不是 UTF-8 文本文件") from None
    try:
        document = loads_declaration(text)
        if document is None:
            document = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else None
        if "end of document" in str(exc):
            line = text.count("\n") + 1
        reason = re.sub(r"\s*\(at (?:line|end).*\)", "", str(exc))
        raise StoreError(path, f"TOML 语法错误：{toml_reason(reason)}", line) from None
    from pydantic import ValidationError  # here: reading settings, or a cached lint, need no schema

    from .model import Declaration

    try:
        declaration = Declaration.model_validate(document)
    except ValidationError as exc:
        errors = exc.errors()
        more = f"（另有 {len(errors) - 1} 处问题）" if len(errors) > 1 else ""
        raise StoreError(path, describe_error(errors[0]) + more, _line_of(text, errors[0]["loc"])) from None
    return Stored(path, declaration, digest_of(data))


_FIELD_NAMES = {"total": "年度资金总额", "fiscal": "财政拨款", "other": "其他资金", "funds.total": "funds.total（年度资金总额）",
                "funds.fiscal": "funds.fiscal（财政拨款）", "funds.other": "funds.other（其他资金）"}


def describe_error(error: dict) -> str:
    """A pydantic error in Chinese, with where it is."""
    from .model import MAX_AMOUNT
    where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in error["loc"]).replace(".[", "[")
    where = _FIELD_NAMES.get(where, where)
    kind = error["type"]
    ctx = error.get("ctx", {})
    reasons = {
        "missing": "缺少必填的键",
        "extra_forbidden": "未知的键（键名写错了？见 docs/format.md）",
        "string_type": "应为文本",
        "int_type": "应为整数",
        "int_parsing": "应为整数",
        "int_from_float": "应为整数",
        "float_type": "应为数字",
        "float_parsing": "应为数字",
        "list_type": "应为列表",
        "model_type": "应为表",
        "string_too_short": "不能为空",
        "greater_than_equal": f"不能小于 {ctx.get('ge')}",
        "less_than_equal": "超出任何预算（不能大于 10 万亿元）" if ctx.get("le") == MAX_AMOUNT else f"不能大于 {ctx.get('le')}",
        "finite_number": "不是有限的数字",
    }
    return f"{where}：{reasons.get(kind, error['msg'])}"


def _line_of(text: str, loc: tuple) -> int | None:
    """The line a pydantic error location points at, found by walking the TOML text."""
    table: tuple = ()
    row = -1
    best = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[[indicators]]"):
            row += 1
            table = ("indicators", row)
        elif stripped.startswith("["):
            table = (stripped.strip("[] "),)
        else:
            key = stripped.split("=", 1)[0].strip().strip('"')
            if table + (key,) == tuple(loc[: len(table) + 1]):
                return number
        if table and table == tuple(loc[: len(table)]) and best is None:
            best = number
    return best


class Store:
    """The declarations under one folder."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    @property
    def work_dir(self) -> Path:
        """The hidden folder beside the declarations (the folder given, or a file's folder)."""
        return (self.root if self.root.is_dir() else self.root.parent) / WORK_DIR

    @property
    def cache_dir(self) -> Path:
        """Where caches are kept: the hidden folder of the store the path belongs to (where its lock
        and jixiao.toml are), whichever file or folder of it is read, so that no part of the store
        keeps a cache of its own."""
        from .lock import store_root

        return store_root(self.root) / WORK_DIR

    def files(self) -> list[Path]:
        """Every declaration file, sorted by its path as text, as reports order them; hidden files
        and folders, the config and the office's indicator library are not forms."""
        return list(map(Path, self.file_names()))

    def file_names(self) -> list[str]:
        """`files()` as text: what a lint of 10,000 forms takes (making and sorting as many Paths
        is a tenth of a lint answered by its cache)."""
        if self.root.is_file():
            return [str(self.root)]
        found = []
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != LIBRARY_DIR]  # not .jixiao, .git, 指标库
            found += [os.path.join(folder, name) for name in names
                      if name.endswith(".toml") and not name.startswith(".") and name != CONFIG_NAME]
        return sorted(found)

    def holds(self, path: Path) -> bool:
        """Whether `path` is (or would be) a declaration of this store: a .toml file below its root,
        not the config, not in a hidden folder."""
        try:
            relative = Path(path).resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return (relative.suffix == ".toml" and relative.name != CONFIG_NAME
                and not any(part.startswith(".") or part == LIBRARY_DIR for part in relative.parts))

    def load_all(self) -> tuple[list[Stored], list[StoreError]]:
        """All declarations; a bad file is reported and never stops the others."""
        loaded, errors = [], []
        for path in self.files():
            try:
                loaded.append(read(path))
            except StoreError as exc:
                errors.append(exc)
        return loaded, errors

    def load(self, path: Path | str) -> Stored:
        return read(Path(path))

    def new_path(self, project: str, taken: set[Path] = frozenset()) -> Path:
        """A free file name in the store's top folder made from the project name."""
        stem = safe_stem(project)
        for n in range(1, 10_000):
            candidate = self.root / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")
            if candidate not in taken and not candidate.exists():
                return candidate
        raise StoreError(self.root, "同名文件过多")

    def save(self, stored: Stored, declaration: Declaration | None = None) -> Stored:
        """Write `declaration` (default: the one held) to stored.path atomically.

        Refuses with ConflictError when the file on disk is no longer what was read
        (or, for a new file, when one has appeared meanwhile).
        """
        declaration = declaration or stored.declaration
        data = dumps(declaration).encode("utf-8")
        # Checked as late as possible: right before the rename. A new file is created exclusively:
        # of two writers creating the same name, one is refused.
        write_atomic(stored.path, data, before_replace=lambda: check_unchanged(stored.path, stored.digest),
                     exclusive=stored.digest is None)
        return Stored(stored.path, declaration, digest_of(data))


def write_atomic(path: Path, data: bytes, before_replace=None, exclusive: bool = False) -> None:
    """Write to a temp file beside `path`, fsync, then rename over it: readers see old or new, never half."""
    with open_atomic(path, before_replace, exclusive=exclusive) as handle:
        handle.write(data)


@contextmanager
def open_atomic(path: Path, before_replace=None, mode: str = "wb", exclusive: bool = False):
    """A file to write that replaces `path` only when the block ends without error.

    `before_replace` runs just before the rename and may raise to abandon the write; `exclusive`
    creates `path` only if no file has that name (ConflictError otherwise).
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()  # replace the file the link points to, not the link
    if path.exists() and not path.is_file():
        # /dev/null, /dev/stdout, a FIFO: not a file to swap out, just somewhere to write.
        with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as handle:
            yield handle
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        mode, dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False,
        **({} if "b" in mode else {"encoding": "utf-8"}),
    )
    try:
        # A new file gets the usual permissions (not the temp file's 0600); a replaced one keeps its own.
        os.chmod(handle.name, _mode_for(path))
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace:
            before_replace()
        if exclusive:
            try:
                os.link(handle.name, path)  # fails if the name exists, unlike a rename
            except FileExistsError:
                raise ConflictError(path, "文件已存在，未覆盖") from None
            except OSError:  # no hard links here (FAT, some network drives): the store lock still holds
                if path.exists():
                    raise ConflictError(path, "文件已存在，未覆盖") from None
                os.replace(handle.name, path)
            Path(handle.name).unlink(missing_ok=True)
        else:
            os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_unchanged(path: Path, digest: str | None) -> None:
    """ConflictError unless the file still has `digest` (None: that it does not exist)."""
    try:
        current = digest_of(path.read_bytes())
    except FileNotFoundError:
        current = None
    if current != digest:
        if digest is None:
            raise ConflictError(path, "文件已存在，未覆盖")
        if current is None:
            raise ConflictError(path, "文件在读取后已被删除或移动，未保存")
        raise ConflictError(path, "文件在读取后已被修改，未覆盖；请重新载入后再保存")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename is still atomic
    finally:
        os.close(fd)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_stem(project: str) -> str:
    """A file name stem from a project name: no separators or control characters, bounded length."""
    text = unicodedata.normalize("NFC", project)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    stem = _UNSAFE.sub("_", text)
    stem = re.sub(r"\s+", " ", stem).strip(" ._")[:MAX_STEM].strip(" ._")
    if not stem:
        return "未命名项目"
    return f"_{stem}" if stem.upper() in _RESERVED else stem
