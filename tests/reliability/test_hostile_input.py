"""Hostile and broken input: every failure is one line naming the file, the other forms go on,
nothing grows without bound, and no traceback reaches the user."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Store, StoreError, dumps
from store.files import read
from tests.conftest import ROOT, SEED
from tui.cli import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_deeply_nested_toml_is_one_line_and_the_rest_of_the_store_is_linted(seed_store, capsys):
    (seed_store / "深.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, out, err = run(capsys, "lint", seed_store, "--statistics")
    assert code == 2 and "Traceback" not in err
    assert [line for line in err.splitlines() if "深.toml" in line] == [f"jixiao: {seed_store / '深.toml'}: TOML 语法错误：嵌套过深"]
    assert "共 12 张申报表" in out


def test_an_amount_beyond_any_budget_is_refused_with_its_line_and_the_others_imported(tmp_path, capsys):
    text = SEED.read_text(encoding="utf-8").replace("400000", "9" * 400, 1)
    source = tmp_path / "huge.txt"
    source.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", source, "--into", tmp_path / "s")
    assert code == 2 and "Traceback" not in err
    assert err.strip() == f"jixiao: {source}:3: 数据无效：年度资金总额：不是有限的数字" or "超出任何预算" in err
    assert len(Store(tmp_path / "s").files()) == 11


def test_a_fifo_named_like_a_declaration_is_skipped_not_waited_on(seed_store):
    os.mkfifo(seed_store / "管道.toml")
    result = subprocess.run([sys.executable, "-m", "tui.cli", "lint", str(seed_store), "--statistics"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "管道.toml: 不是普通文件，已跳过" in result.stderr and "共 12 张申报表" in result.stdout


def test_an_oversized_file_is_not_read(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * 5_000_000 + b"\n")
    with pytest.raises(StoreError, match="文件过大"):
        read(big)


def test_a_bug_is_one_line_and_a_log_never_a_traceback(seed_store, capsys, monkeypatch):
    from tui.commands import show

    def bug(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(show, "run", bug)
    (seed_store / ".jixiao").mkdir(exist_ok=True)
    code, out, err = run(capsys, "show", seed_store / "机关党建经费.toml")
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    log = seed_store / ".jixiao" / "jixiao-error.log"
    assert str(log) in err and "ZeroDivisionError" in log.read_text(encoding="utf-8")


def _far_cell_workbook(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in SEED.read_text(encoding="utf-8").splitlines()[:45]:
        sheet.append(line.split("\t"))
    sheet["XFD1048576"] = "远处的一格"
    book.save(path)


def test_a_cell_at_the_far_corner_of_a_sheet_does_not_exhaust_memory(tmp_path):
    source = tmp_path / "far.xlsx"
    _far_cell_workbook(source)
    assert source.stat().st_size < 100_000
    limit = 1_500_000_000  # bytes of address space: the old import grew to 19 GB
    script = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
              "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", script, "import", str(source), "--into", str(tmp_path / "s")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert Store(tmp_path / "s").files()
    assert "超出申报表可能的大小" in result.stdout + result.stderr


@pytest.mark.parametrize("damage", ["truncated", "dtd"])
def test_a_damaged_sheet_is_one_line(tmp_path, capsys, damage):
    import zipfile

    good = tmp_path / "good.xlsx"
    _far_cell_workbook(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2] if damage == "truncated" else data.replace(
                    b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>', 1)
            zout.writestr(item, data)
    code, out, err = run(capsys, "import", bad, SEED, "--into", tmp_path / "s")
    assert "Traceback" not in err
    if damage == "truncated":
        assert code == 2 and [line for line in err.splitlines() if "bad.xlsx" in line] == [
            f"jixiao: {bad}: 不是有效的 Excel 工作簿（.xlsx），或内容已损坏"]
    # (a DTD with harmless entities may simply be read; expat refuses entity bombs)
    assert len(Store(tmp_path / "s").files()) >= 12  # the other file imported


# --- fuzzing: only the documented errors, whatever the bytes ------------------------------------------

declaration_text = dumps(read(ROOT / "tests" / "fixtures" / "good" / sorted(
    p.name for p in (ROOT / "tests" / "fixtures" / "good").glob("*.toml"))[0]).declaration)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_toml_loader_raises_only_store_errors(tmp_path, data):
    cut = data.draw(st.integers(0, len(declaration_text)))
    noise = data.draw(st.text(max_size=30))
    nest = data.draw(st.integers(0, 3000))
    text = declaration_text[:cut] + noise + "[" * nest + declaration_text[cut:]
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    try:
        read(path)
    except StoreError as exc:
        assert "\n" not in str(exc)


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                          max_leaves=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(json_value.map(json.dumps), st.text(max_size=40),
                          st.fixed_dictionaries({"custom_id": json_value, "response": json_value}).map(json.dumps)),
                max_size=8))
def test_batch_results_of_any_shape_are_reported_not_raised(seed_forms_and_engine, tmp_path, lines):
    engine, items = seed_forms_and_engine
    results = tmp_path / "results.jsonl"
    results.write_text("\n".join(lines), encoding="utf-8")
    problems = engine.read_batch(items, results)
    assert all(isinstance(p, str) and "\n" not in p for p in problems)


@pytest.fixture(scope="module")
def seed_forms_and_engine(tmp_path_factory):
    from drafting.lint import LintConfig, lint_forms
    from drafting.lint.runner import load_forms
    from drafting.llm import LLMEngine
    from drafting.llm.config import LLMConfig
    from store.importing.importer import import_files

    store = tmp_path_factory.mktemp("seed") / "store"
    import_files([SEED], store)
    forms, _ = load_forms([store])
    findings = lint_forms(forms[:2], LintConfig())
    items = [(form, [f for f in findings if f.path == form.path]) for form in forms[:2]]
    engine = LLMEngine(LLMConfig(model="m", base_url="http://127.0.0.1:9/v1"), cache_dir=store / ".jixiao" / "llm")
    return engine, items
