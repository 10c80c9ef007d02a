"""The jixiao command line as a user runs it: exit codes, one-line errors, no tracebacks."""

import subprocess
import sys
import tomllib

import pytest

from tui.cli import main

from .conftest import SEED


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_the_report(tmp_path, capsys):
    code, out, err = run(capsys, "import", SEED, "--into", tmp_path / "s")
    assert code == 0 and err == ""
    assert "合计：12 张申报表，99 条指标；新建 12" in out
    assert "金额单位：元（按元计与指标“40万元”相符）" in out
    assert len(list((tmp_path / "s").glob("*.toml"))) == 12


def test_export_text_then_import_gives_the_same_files(tmp_path, capsys):
    run(capsys, "import", SEED, "--into", tmp_path / "s")
    code, out, _ = run(capsys, "export", tmp_path / "s", "--format", "text")
    assert code == 0 and out.count("项目名称\t") == 12
    (tmp_path / "e.txt").write_text(out, encoding="utf-8")
    run(capsys, "import", tmp_path / "e.txt", "--into", tmp_path / "again")
    for path in (tmp_path / "s").glob("*.toml"):
        assert tomllib.loads(path.read_text("utf-8")) == tomllib.loads((tmp_path / "again" / path.name).read_text("utf-8"))


def test_export_xlsx_needs_an_output(tmp_path, capsys):
    run(capsys, "import", SEED, "--into", tmp_path / "s")
    code, _, err = run(capsys, "export", tmp_path / "s", "--format", "xlsx")
    assert code == 2 and "-o" in err
    code, out, _ = run(capsys, "export", tmp_path / "s", "--format", "xlsx", "-o", tmp_path / "o.xlsx")
    assert code == 0 and (tmp_path / "o.xlsx").stat().st_size > 0


def test_show_renders_a_form(seed_store, capsys):
    code, out, _ = run(capsys, "show", seed_store / "机关党建经费.toml")
    assert code == 0
    assert "机关党建经费" in out and "绩效指标（7 条）" in out and "资金投入53.10万元" in out


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'year = 2020\nproject = "x\n', ":2: TOML 语法错误"),
        (b"\x00\x01\x02\xff", "不是 UTF-8"),
        (b'year = 2020\nproject = "x"\n[funds]\ntotal = "many"\n', ":4: funds.total（年度资金总额）：应为数字"),
        (b'year = 2020\n[funds]\ntotal = "many"\n', "project：缺少必填的键（另有 1 处问题）"),
    ],
)
def test_show_bad_file_gives_one_line_and_exit_2(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    code, out, err = run(capsys, "show", path)
    assert code == 2
    assert err.count("\n") == 1 and str(path) in err and expected in err
    assert "Traceback" not in err


def test_import_bad_input_exit_2_and_no_partial_file(tmp_path, capsys):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00" * 100)
    code, _, err = run(capsys, "import", binary, SEED, "--into", tmp_path / "s")
    assert code == 2
    assert err.strip().splitlines() == [f"jixiao: {binary}: 不是文本文件（含二进制内容）"]
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert len(written) == 13 and written[0] == ".jixiao"  # the good file still imported (and its lock), no temp files


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["import", "--into"])
    assert caught.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_into_must_be_a_folder(tmp_path, capsys):
    (tmp_path / "f").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "import", SEED, "--into", tmp_path / "f")
    assert code == 2 and "不是目录" in err


def test_entry_point_version_and_help():
    done = subprocess.run([sys.executable, "-m", "tui.cli", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("jixiao ")
    for command in ("import", "export", "lint", "rule", "suggest", "review", "undo", "edit", "show"):
        done = subprocess.run([sys.executable, "-m", "tui.cli", command, "--help"], capture_output=True, text=True)
        # argparse's own words are Chinese too: no "usage:", "options", "show this help message"
        assert done.returncode == 0 and done.stdout.startswith(f"用法：jixiao {command}")
        assert "选项" in done.stdout and "usage" not in done.stdout and "show this help" not in done.stdout
