"""What a form holds is data: control characters never reach a file or a terminal, and a cell that
starts like a formula is written to Excel as text, through import → export → lint report."""

from __future__ import annotations

import zipfile

from store import Store
from tests.conftest import SEED
from tui.cli import main

ESC = "\x1b[2J\x1b[31m"
FORMULA = '=HYPERLINK("http://evil.example","点我")'


def hostile_form(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()[:21]
    text = "\n".join(lines)
    text = text.replace("非公经济组织和社会组织党建经费", f"党建{ESC}经费\u202e反向", 1)
    text = text.replace("认定项目\t≥80%", f"{FORMULA}\t@SUM(1+1)", 1)
    source = tmp_path / "hostile.txt"
    source.write_text(text, encoding="utf-8")
    return source


def sheet_cells(path):
    with zipfile.ZipFile(path) as book:
        return b"".join(book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))


def test_control_characters_and_formulas_stay_harmless(tmp_path, capsys):
    store = tmp_path / "s"
    assert main(["import", str(hostile_form(tmp_path)), "--into", str(store)]) == 0
    [path] = Store(store).files()
    stored = path.read_text(encoding="utf-8")
    assert "\x1b" not in stored and "\u202e" not in stored and "\\u001b" not in stored.lower()
    declaration = Store(store).load(path).declaration
    assert declaration.project == "党建经费反向"  # whole escape sequences go, not just their ESC
    assert declaration.indicators[0].name == FORMULA  # kept as written: it is the user's text

    capsys.readouterr()
    main(["show", str(path)])
    main(["lint", str(store)])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err

    exported, report = tmp_path / "out.xlsx", tmp_path / "lint.xlsx"
    assert main(["export", str(store), "--format", "xlsx", "-o", str(exported)]) == 0
    main(["lint", str(store), "--format", "xlsx", "-o", str(report)])
    for book in (exported, report):
        cells = sheet_cells(book)
        assert b"<f>" not in cells  # no formula anywhere
        assert "HYPERLINK".encode() in cells  # the text itself is there, as text
