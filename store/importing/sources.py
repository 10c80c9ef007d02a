"""Reading the rows of an input file: pasted text (tab-separated), an Excel workbook or a Word document."""

from __future__ import annotations

import codecs
import csv
import datetime
import zipfile
from pathlib import Path

from ..errors import ImportFormatError, os_reason
from .forms import FormReader, RawForm, Row

XLSX_SUFFIXES = (".xlsx", ".xlsm")
DOCX_SUFFIXES = (".docx", ".docm")
# The binary formats of Office 97-2003, which no library here reads: say how to get a readable one.
OLD_OFFICE = {".doc": "Word 97-2003 文档（.doc）：请在 Word 中另存为 .docx 后导入",
              ".xls": "Excel 97-2003 工作簿（.xls）：请在 Excel 中另存为 .xlsx 后导入",
              ".wps": "WPS 文字文档（.wps）：请另存为 .docx 后导入",
              ".et": "WPS 表格（.et）：请另存为 .xlsx 后导入"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
BAD = "\ufffd"  # what an undecodable byte becomes


def read_forms(path: Path) -> list[RawForm]:
    """The forms of one file (the forms of a file decide their money unit together).

    Raises ImportFormatError for a file that cannot be read as forms at all.
    """
    suffix = path.suffix.lower()
    if suffix in OLD_OFFICE and path.is_file():
        raise ImportFormatError(path, OLD_OFFICE[suffix])
    if suffix in XLSX_SUFFIXES:
        return _sheet_forms(path)
    if suffix in DOCX_SUFFIXES:
        return _document_forms(path)
    return _text_forms(path)


def _decode(path: Path, data: bytes) -> tuple[str, list[int]]:
    """The text of a file and the lines (1-based) where bytes could not be decoded.

    UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode 文本") and GB18030. A file
    that is UTF-8 but for a stray byte or two keeps its encoding: re-reading it all as GB18030
    would garble every line, so the bad bytes become "\ufffd" and their lines are reported.
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and _looks_utf16(data):
        encoding = "utf-16-le"
    if encoding is None and b"\x00" in data:
        raise ImportFormatError(path, "不是文本文件（含二进制内容）")
    for name in (encoding,) if encoding else ("utf-8", "gb18030"):
        try:
            return _check_text(path, data.decode(name)), []
        except UnicodeDecodeError:
            text = data.decode(name, errors="replace")
            # A GB18030 file read as UTF-8 fails on nearly every character; a UTF-8 file with a
            # stray byte fails on that byte only, and must not be re-read (garbled) as GB18030.
            if name != "utf-8" or text.count(BAD) <= max(3, len(text) // 1000):
                break
    if text.count(BAD) > max(3, len(text) // 100):
        raise ImportFormatError(path, "无法识别的文本编码（请另存为 UTF-8）")
    bad = [n for n, line in enumerate(text.splitlines(), 1) if BAD in line]
    return _check_text(path, text), bad


def _looks_utf16(data: bytes) -> bool:
    """UTF-16-LE without a BOM: zero bytes nearly all at odd offsets (the high byte of ASCII: tabs,
    digits, line ends); binary data has them anywhere."""
    sample = data[:65536]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return len(data) % 2 == 0 and odd > 0 and even * 20 < odd


def _check_text(path: Path, text: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(3, len(text) // 100):
        raise ImportFormatError(path, "不是文本文件（含大量控制字符）")
    return text


def _text_forms(path: Path) -> list[RawForm]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(path, f"无法读取：{os_reason(exc)}") from None
    text, bad_lines = _decode(path, data)
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    if delimiter == "\t" and "\t" not in text and text.count(",") > text.count("\n"):
        raise ImportFormatError(path, "文件是逗号分隔的（CSV）：请把扩展名改为 .csv，或用 Excel 另存为 .xlsx", 1)
    forms = _require_forms(path, FormReader(str(path)).read(text_rows(text, delimiter)))
    for line in bad_lines:
        form = next((f for f in reversed(forms) if f.line <= line), forms[0])
        form.notes.append(f"第{line}行含无法识别的字节，已显示为“\ufffd”：请核对该行")
    return forms


# A quoted cell running over more lines than this is a stray quote mark, not a cell with line breaks.
_MAX_CELL_LINES = 20


def text_rows(text: str, delimiter: str) -> list[Row]:
    """The rows of delimited text as Excel copies and exports it: a cell holding a line break or a
    quote mark comes quoted ("告知人数/体检人数⏎×100%"), and is one cell, not two rows."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=delimiter)
    rows, start = [], 1
    try:
        for cells in reader:
            if reader.line_num - start >= _MAX_CELL_LINES:
                break
            rows.append(Row(start, cells))
            start = reader.line_num + 1
        else:
            return rows
    except csv.Error:
        pass
    # An unbalanced quote mark: read every line as it stands rather than swallow the file.
    return [Row(n, line.rstrip("\r\n").split(delimiter)) for n, line in enumerate(lines, 1)]


def _sheet_forms(path: Path) -> list[RawForm]:
    # openpyxl is imported here so that reading text files never pays for it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # Read-only: rows are streamed from the sheet's XML, never a grid of its whole used range (one
    # stray cell at XFD1048576 made that grid take gigabytes).
    try:
        workbook = load_workbook(path, data_only=True, read_only=True)
        forms: list[RawForm] = []
        for sheet in workbook.worksheets:
            rows, limited = _sheet_rows(sheet)
            found = FormReader(f"{path}[{sheet.title}]").read(rows)
            for form in found:
                if limited():
                    form.notes.append(f"工作表“{sheet.title}”的范围超出申报表可能的大小（{SHEET_ROWS} 行、{SHEET_COLUMNS} 列），"
                                      "超出部分未读取")
            forms.extend(found)
        workbook.close()
    except OSError as exc:
        raise ImportFormatError(path, f"无法读取：{os_reason(exc)}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, SyntaxError, EOFError):
        # SyntaxError covers the XML parser's errors (a truncated sheet, a DTD it refuses).
        raise ImportFormatError(path, "不是有效的 Excel 工作簿（.xlsx），或内容已损坏") from None
    return _require_forms(path, forms)


SHEET_ROWS, SHEET_COLUMNS = 5_000, 64  # far beyond any 申报表; a bigger range is formatting or hostile


def _sheet_rows(sheet):
    """The sheet's rows within the caps, and a function telling afterwards whether any were cut."""
    cut = []

    def rows():
        for n, row in enumerate(sheet.iter_rows(max_col=SHEET_COLUMNS), 1):
            if n > SHEET_ROWS:
                cut.append(n)
                return
            yield Row(n, [_cell_text(cell) for cell in row])
        if (sheet.max_column or 0) > SHEET_COLUMNS:
            cut.append(0)

    return rows(), lambda: bool(cut)


def _document_forms(path: Path) -> list[RawForm]:
    """Every 申报表 of a Word document: its paragraphs and table rows, in document order.

    Rows are numbered from the top of the document (each paragraph and each table row counts one),
    which is how the import report points at a line.
    """
    # python-docx is imported here so that reading text files never pays for it.
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except OSError as exc:
        raise ImportFormatError(path, f"无法读取：{os_reason(exc)}") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        raise ImportFormatError(path, "不是有效的 Word 文档（.docx）") from None

    def rows():
        number = 0
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for cells in _table_cells(block):
                    number += 1
                    yield Row(number, cells)
            else:
                number += 1
                yield Row(number, [block.text])

    return _require_forms(path, FormReader(str(path)).read(rows()))


def _table_cells(table) -> list[list[str]]:
    """The table as a grid of texts, a merged cell's text in its first grid cell only (as Excel reads)."""
    seen = set()  # the <w:tc> elements already read: python-docx repeats a merged cell per grid cell
    grid = []
    for row in table.rows:
        cells = [""] * row.grid_cols_before
        for cell in row.cells:
            element = cell._tc  # noqa: SLF001 - the only handle on a merged cell's identity
            cells.append("" if element in seen else _paragraphs(cell))
            seen.add(element)
        grid.append(cells)
    return grid


def _paragraphs(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        percent = "%" in (cell.number_format or "")
        return _number_text(value * 100 if percent else value) + ("%" if percent else "")
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"  # a deadline typed as a date cell
    return str(value)


def _number_text(value: float) -> str:
    """40.0 → '40', 0.9 → '0.9' (Excel keeps numbers as floats)."""
    value = round(value, 10)
    return str(int(value)) if float(value).is_integer() else repr(value)


def _require_forms(path: Path, forms: list[RawForm]) -> list[RawForm]:
    if not forms:
        raise ImportFormatError(path, "未找到申报表（没有“项目名称”行）", 1)
    return forms
