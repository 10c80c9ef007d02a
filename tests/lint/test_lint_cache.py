"""The lint cache belongs to the store: one file per store whatever part of it is linted, keyed by
absolute path, merged on save, never shrunk by a partial run, and safe under concurrent runs."""

import json
import marshal

from filelock import FileLock

from drafting.lint import LintConfig
from drafting.lint import runner
from drafting.lint.cache import FILE, CachedForm, LintCache
from tui.cli import main

ORGAN = "机关党建经费.toml"


def cached_paths(store) -> set[str]:
    return set(marshal.loads((store / ".jixiao" / FILE).read_bytes())["forms"])


def lint_json(capsys, *argv):
    main(["lint", *map(str, argv), "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_linting_one_file_keeps_the_whole_stores_cache(seed_store, capsys, monkeypatch):
    whole = lint_json(capsys, seed_store)
    assert len(cached_paths(seed_store)) == 12
    one = lint_json(capsys, seed_store / ORGAN)  # a pre-commit hook on a save
    assert {i["path"] for i in one} == {str(seed_store / ORGAN)}
    assert len(cached_paths(seed_store)) == 12  # not shrunk to the one form
    # The whole store again: nothing read, nothing checked, the same findings.
    monkeypatch.setattr(runner, "read_forms", lambda files: (_ for _ in ()).throw(AssertionError(files)))
    assert lint_json(capsys, seed_store) == whole


def test_a_subfolder_or_a_file_shares_the_store_roots_cache(seed_store, capsys):
    (seed_store / "jixiao.toml").write_text("", encoding="utf-8")  # marks the store's root
    sub = seed_store / "2020"
    sub.mkdir()
    (seed_store / ORGAN).rename(sub / ORGAN)
    lint_json(capsys, sub / ORGAN)
    assert not (sub / ".jixiao").exists()
    assert cached_paths(seed_store) == {str(sub / ORGAN)}


def test_the_same_file_named_two_ways_is_one_entry_and_findings_keep_the_name_given(seed_store, capsys, monkeypatch):
    absolute = lint_json(capsys, seed_store / ORGAN)
    monkeypatch.chdir(seed_store)
    relative = lint_json(capsys, ORGAN)
    assert {i["path"] for i in relative} == {ORGAN}
    assert [dict(i, path=None) for i in relative] == [dict(i, path=None) for i in absolute]
    assert cached_paths(seed_store) == {str(seed_store / ORGAN)}


def test_a_deleted_form_leaves_the_cache(seed_store, capsys):
    lint_json(capsys, seed_store)
    (seed_store / ORGAN).unlink()
    lint_json(capsys, seed_store / "关工委经费.toml")
    assert str(seed_store / ORGAN) not in cached_paths(seed_store) and len(cached_paths(seed_store)) == 11


def entry(path: str) -> CachedForm:
    return CachedForm("d" + path[-1], (path, "p", "", 2020, 0.0, 0), [], {}, (1, 1))


def test_concurrent_runs_add_to_each_other_and_a_busy_cache_is_left_alone(tmp_path):
    first, second = LintCache.open(tmp_path, LintConfig()), LintCache.open(tmp_path, LintConfig())
    for name in "ab":
        (tmp_path / name).touch()  # a file that is gone is dropped on save
    first.remember({str(tmp_path / "a"): entry(str(tmp_path / "a"))}, "run-a", [])
    second.remember({str(tmp_path / "b"): entry(str(tmp_path / "b"))}, "run-b", [])
    first.save()
    second.save()  # opened before the first saved: merges, does not overwrite
    assert set(LintCache.open(tmp_path, LintConfig()).forms) == {str(tmp_path / "a"), str(tmp_path / "b")}
    third = LintCache.open(tmp_path, LintConfig())
    third.remember({str(tmp_path / "a"): entry(str(tmp_path / "a") + "x")}, "run-c", [])
    before = (tmp_path / FILE).read_bytes()
    with FileLock(f"{tmp_path / FILE}.lock"):
        third.save()  # another run is saving: this one's results are not kept, and nothing breaks
    assert (tmp_path / FILE).read_bytes() == before


def test_a_run_the_cache_answers_loads_neither_rules_nor_schema(seed_store, tmp_path):
    """Speed of the usual case, a store linted before: no rule module, no declaration schema, no
    worker pool is imported, and the report is the one the first run printed."""
    import subprocess
    import sys

    script = ("import sys; from tui.cli import main\n"
              "try: main(sys.argv[1:])\n"
              "except SystemExit: pass\n"
              "print(sorted(m for m in ('drafting.lint.rules', 'store.model', 'concurrent.futures') if m in sys.modules),"
              " file=sys.stderr)\n")
    args = [sys.executable, "-c", script, "lint", str(seed_store), "--format", "json"]
    first = subprocess.run(args, capture_output=True, text=True, check=False)
    again = subprocess.run(args, capture_output=True, text=True, check=False)
    assert first.stderr.strip() == "['drafting.lint.rules', 'store.model']"  # the first run checks the forms
    assert again.stderr.strip() == "[]" and again.stdout == first.stdout and json.loads(again.stdout)
