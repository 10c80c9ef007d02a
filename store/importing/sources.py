"""Reading the rows of an input file: pasted text (tab-separated) or an Excel workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import ImportFormatError, os_reason
from .forms import FormReader, RawForm, Row

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_forms(path: Path) -> list[RawForm]:
    """The forms of one file (the forms of a file decide their money unit together).

    Raises ImportFormatError for a file that cannot be read as forms at all.
    """
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _sheet_forms(path)
    return _text_forms(path)


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise ImportFormatError(path, "不是文本文件（含二进制内容）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFormatError(path, "无法识别的文本编码（请另存为 UTF-8）")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(3, len(text) // 100):
        raise ImportFormatError(path, "不是文本文件（含大量控制字符）")
    return text


def _text_forms(path: Path) -> list[RawForm]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(path, f"无法读取：{os_reason(exc)}") from None
    text = _decode(path, data)
    rows = (Row(n, line.split("\t")) for n, line in enumerate(text.splitlines(), 1))
    return _require_forms(path, FormReader(str(path)).read(rows))


def _sheet_forms(path: Path) -> list[RawForm]:
    # openpyxl is imported here so that reading text files never pays for it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except OSError as exc:
        raise ImportFormatError(path, f"无法读取：{os_reason(exc)}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError):
        raise ImportFormatError(path, "不是有效的 Excel 工作簿（.xlsx）") from None
    forms: list[RawForm] = []
    for sheet in workbook.worksheets:
        rows = (
            Row(n, [_cell_text(cell) for cell in row])
            for n, row in enumerate(sheet.iter_rows(), 1)
        )
        forms.extend(FormReader(f"{path}[{sheet.title}]").read(rows))
    return _require_forms(path, forms)


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        percent = "%" in (cell.number_format or "")
        return _number_text(value * 100 if percent else value) + ("%" if percent else "")
    return str(value)


def _number_text(value: float) -> str:
    """40.0 → '40', 0.9 → '0.9' (Excel keeps numbers as floats)."""
    value = round(value, 10)
    return str(int(value)) if float(value).is_integer() else repr(value)


def _require_forms(path: Path, forms: list[RawForm]) -> list[RawForm]:
    if not forms:
        raise ImportFormatError(path, "未找到申报表（没有“项目名称”行）", 1)
    return forms
