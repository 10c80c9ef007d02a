"""`jixiao lint` and `jixiao rule` as a user runs them."""

import json
import shutil
from pathlib import Path

from openpyxl import load_workbook

from tui.cli import main

from .helpers import GOOD

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_and_exit_1(seed_store, capsys):
    code, out, err = run(capsys, "lint", seed_store)
    assert code == 1 and err == ""
    assert f"{seed_store / '关工委经费.toml'}:1  JX201 警告" in out  # rows count from 1
    assert out.rstrip().splitlines()[-2].startswith("共 12 张申报表")
    assert "JX205×6" in out


def test_json_fields(seed_store, capsys):
    code, out, _ = run(capsys, "lint", seed_store, "--format", "json")
    items = json.loads(out)
    assert code == 1 and items
    assert all(set(item) == {"code", "severity", "message", "path", "project", "indicator", "related", "fix"} for item in items)
    assert all(item["severity"] in ("error", "warning", "info") for item in items)
    assert all(item["indicator"] is None or isinstance(item["indicator"], int) for item in items)
    copied = [i for i in items if i["code"] == "JX205"]
    assert all(Path(i["related"]).exists() for i in copied)
    fixes = [i["fix"] for i in items if i["fix"]]
    assert fixes and set(fixes[0]) == {"safety", "description", "field", "before", "after"}


def test_clean_forms_exit_0(capsys, tmp_path):
    store = shutil.copytree(GOOD, tmp_path / "good")  # lint writes its cache into the store
    code, out, _ = run(capsys, "lint", store)
    assert code == 0 and "0 个问题" in out


def test_fail_on_and_select(seed_store, capsys):
    assert run(capsys, "lint", seed_store, "--select", "JX104", "--fail-on", "error")[0] == 1
    assert run(capsys, "lint", seed_store, "--select", "JX206", "--fail-on", "warning")[0] == 0
    assert run(capsys, "lint", seed_store, "--select", "JX206", "--fail-on", "info")[0] == 1
    code, out, _ = run(capsys, "lint", seed_store, "--select", "JX3", "--ignore", "JX301,JX302", "--format", "json")
    assert {i["code"] for i in json.loads(out)} <= {"JX303", "JX304", "JX305", "JX306", "JX307", "JX308"}


def test_unknown_code_is_bad_usage(seed_store, capsys):
    code, _, err = run(capsys, "lint", seed_store, "--select", "JX999")
    assert code == 2 and "JX999" in err


def test_unreadable_file_exit_2_but_others_linted(seed_store, capsys):
    (seed_store / "坏文件.toml").write_text("year = [", encoding="utf-8")
    code, out, err = run(capsys, "lint", seed_store, "--format", "json")
    assert code == 2
    assert err.count("\n") == 1 and "坏文件.toml:1" in err
    assert len({i["path"] for i in json.loads(out)}) == 12


def test_an_unreadable_file_read_in_a_worker_process_is_one_line_too(seed_store, capsys, monkeypatch, tmp_path):
    """A big store is read in worker processes: a file one of them cannot read comes back to the
    parent as the same one-line error (it used to fail to unpickle and end the run with 内部错误),
    in this year's store and in last year's alike."""
    monkeypatch.setattr("drafting.lint.runner.PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr("drafting.lint.runner.CHUNK", 3)
    (seed_store / "坏文件.toml").write_text("year = [", encoding="utf-8")
    code, out, err = run(capsys, "lint", seed_store, "--format", "json", "--no-cache")
    assert code == 2 and err.count("\n") == 1 and "坏文件.toml:1" in err and "TOML" in err
    assert len({i["path"] for i in json.loads(out)}) == 12
    previous = tmp_path / "2019"
    shutil.copytree(seed_store, previous)
    for form in previous.glob("*.toml"):
        form.write_text(form.read_text(encoding="utf-8").replace("year = 2020", "year = 2019"), encoding="utf-8")
    (seed_store / "坏文件.toml").unlink()
    code, out, err = run(capsys, "lint", seed_store, "--previous", previous, "--format", "json", "--no-cache")
    assert code == 2 and err.count("\n") == 1 and "2019" in err and "坏文件.toml:1" in err
    assert any(i["code"].startswith("JX6") for i in json.loads(out))


def test_config_file_is_found_above_the_path(seed_store, capsys):
    (seed_store / "jixiao.toml").write_text('[lint]\nignore = ["JX2", "JX5"]\n', encoding="utf-8")
    code, out, _ = run(capsys, "lint", seed_store / "关工委经费.toml", "--format", "json")
    assert not any(i["code"].startswith(("JX2", "JX5")) for i in json.loads(out))
    (seed_store / "jixiao.toml").write_text("[lint]\nselect = 3\n", encoding="utf-8")
    code, _, err = run(capsys, "lint", seed_store)
    assert code == 2 and "jixiao.toml" in err and "select" in err


def test_diff_then_fix(seed_store, capsys):
    path = seed_store / "机关党建经费.toml"
    before = path.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "lint", seed_store, "--diff")
    assert code == 0 and '-value = "≥ 80%"' in out and '+value = "≥80%"' in out
    assert path.read_text(encoding="utf-8") == before  # --diff writes nothing
    code, out, _ = run(capsys, "lint", seed_store, "--fix", "--select", "JX108")
    assert "已修复 12 处" in out and code == 0
    assert 'value = "≥80%"' in path.read_text(encoding="utf-8")
    assert "JX108" not in run(capsys, "lint", seed_store, "--format", "json")[1]


def test_fix_never_overwrites_a_file_changed_meanwhile(seed_store, monkeypatch, capsys):
    from drafting.lint import fixes

    path = seed_store / "机关党建经费.toml"
    real_load = fixes.Store.load
    loads = []

    def load_then_someone_edits(self, p):
        stored = real_load(self, p)
        loads.append(Path(p))
        if loads.count(path) == 1:  # the fixer has just read it (lint reads without Store.load): now a colleague saves
            path.write_text(path.read_text(encoding="utf-8").replace("机关党建经费", "别人改过"), encoding="utf-8")
        return stored

    monkeypatch.setattr(fixes.Store, "load", load_then_someone_edits)
    code, _, err = run(capsys, "lint", seed_store, "--fix")
    assert "机关党建经费.toml" in err and "已被修改" in err
    assert "别人改过" in path.read_text(encoding="utf-8")


def test_xlsx_report(seed_store, tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    code, text, _ = run(capsys, "lint", seed_store, "--format", "xlsx", "-o", out)
    sheet = load_workbook(out)["检查结果"]
    assert [c.value for c in sheet[1]][:3] == ["文件", "项目名称", "指标序号"]
    assert sheet.auto_filter.ref and sheet.max_row > 100
    assert str(out) in text


def test_statistics(seed_store, capsys):
    code, out, _ = run(capsys, "lint", seed_store, "--statistics")
    assert "JX201  警告  占位值" in out and out.splitlines()[0].split()[1] in ("JX201", "JX202")


def test_rule_command(capsys):
    code, out, _ = run(capsys, "rule", "jx301")
    assert code == 0 and out.startswith("JX301  警告") and "反例：" in out and "正例：" in out
    code, out, _ = run(capsys, "rule")
    assert code == 0 and len(out.splitlines()) >= 27
    assert run(capsys, "rule", "JX000")[0] == 2


def test_docs_rules_md_is_generated_from_the_rules():
    from drafting.lint.docs import rules_markdown

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        "run: python -m drafting.lint.docs > docs/rules.md"


def test_json_lines_equal_the_documented_fields(seed_store):
    """The hand-assembled JSON says exactly what finding_dict says."""
    import io

    from drafting.lint import lint_paths
    from tui.lint_report import finding_dict, write_json

    run = lint_paths([seed_store])
    stream = io.StringIO()
    write_json(run, stream)
    assert json.loads(stream.getvalue()) == [finding_dict(f) for f in run.findings]


def test_lint_cache_gives_the_same_findings_and_follows_edits(seed_store, capsys):
    def lint_json(*extra):
        main(["lint", str(seed_store), "--format", "json", *extra])
        return json.loads(capsys.readouterr().out)

    fresh = lint_json("--no-cache")
    assert not (seed_store / ".jixiao" / "lint-cache.marshal").exists()
    assert lint_json() == fresh  # fills the cache
    cache = seed_store / ".jixiao" / "lint-cache.marshal"
    assert cache.exists() and b"pickle" not in cache.read_bytes()[:20]
    assert lint_json() == fresh  # served from it
    organ = seed_store / "机关党建经费.toml"
    organ.write_text(organ.read_text(encoding="utf-8").replace("资金投入53.10万元", "资金投入"), encoding="utf-8")
    assert lint_json() == lint_json("--no-cache")  # the edited form is checked again, the rest reused
    assert not any(i["code"] == "JX304" and i["indicator"] == 3 and i["project"] == "机关党建经费" for i in lint_json())
    cache.write_bytes(b"\x00garbage")
    assert lint_json() == lint_json("--no-cache")  # a broken cache is ignored
    (seed_store / "jixiao.toml").write_text('[lint]\nignore = ["JX3"]\n', encoding="utf-8")
    assert not any(i["code"].startswith("JX3") for i in lint_json())  # new settings, new cache


def test_rows_count_from_1_for_people_and_from_0_in_json(capsys, tmp_path):
    from tui.cli import main as cli

    store = shutil.copytree(GOOD, tmp_path / "good")
    path = store / "全民健身赛事.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('value = "≥12场"', 'value = "1"', 1), encoding="utf-8")
    cli(["lint", str(path), "--no-cache"])
    assert f"{path}:1  JX201" in capsys.readouterr().out
    cli(["lint", str(path), "--no-cache", "--format", "json"])
    items = json.loads(capsys.readouterr().out)
    assert [i["indicator"] for i in items if i["code"] == "JX201"] == [0]
