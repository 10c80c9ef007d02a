"""Two writers at once lose nothing: imports into one store, accepts on one form; a writer that
cannot get the store says so and exits 2."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drafting.suggestions import load, suggest_paths
from store import Store, lock
from tests.conftest import ROOT, SEED


def _import(paths: list[str], into: str, queue) -> None:
    from store.importing.importer import NEW, import_files

    report = import_files([Path(p) for p in paths], Path(into))
    queue.put(([str(o.path) for o in report.outcomes if o.status == NEW], [str(e) for e in report.errors]))


def test_two_imports_at_once_never_report_a_form_that_is_missing(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    half = len(lines) // 2
    cut = next(i for i in range(half, len(lines)) if lines[i].startswith("项目支出") or "申报表" in lines[i])
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("\n".join(lines[:cut]), encoding="utf-8")
    second.write_text("\n".join(lines), encoding="utf-8")  # overlaps the first: both may "create" those
    context = multiprocessing.get_context("fork")
    for trial in range(6):
        store = tmp_path / f"s{trial}"
        queue = context.Queue()
        workers = [context.Process(target=_import, args=([str(f)], str(store), queue)) for f in (first, second)]
        for w in workers:
            w.start()
        results = [queue.get(timeout=60) for _ in workers]
        for w in workers:
            w.join(30)
        created = [p for new, _ in results for p in new]
        assert len(created) == len(set(created)) == 12  # each form created once, by one of them
        assert all(Path(p).exists() for p in created)
        assert len(Store(store).files()) == 12


def _accept(path: str, sid: str, queue) -> None:
    from drafting.suggestions import decide

    queue.put(decide(Path(path), accept=[sid]).accepted)


def test_two_accepts_on_one_form_at_once_both_land(seed_store):
    suggest_paths([seed_store])
    organ = seed_store / "机关党建经费.toml"
    first, second = [s for s in load(organ) if s.status == "pending" and s.kind == "replace"][:2]
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_accept, args=(str(organ), s.id, queue)) for s in (first, second)]
    for w in workers:
        w.start()
    results = [queue.get(timeout=60) for _ in workers]
    for w in workers:
        w.join(30)
    assert sorted(sum(results, [])) == sorted([first.id, second.id])
    rows = Store(organ).load(organ).declaration.indicators
    assert all(any(s.after.matches(row) for row in rows) for s in (first, second))  # neither change lost
    assert {s.id for s in load(organ) if s.status == "accepted"} == {first.id, second.id}


def test_a_writer_that_cannot_get_the_store_reports_busy_and_exits_2(seed_store, monkeypatch, capsys):
    suggest_paths([seed_store])
    organ = seed_store / "机关党建经费.toml"
    sid = next(s.id for s in load(organ) if s.status == "pending")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from store.lock import writing\n"
         "with writing(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)", str(organ)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
        from tui.cli import main

        before = organ.read_bytes()
        started = time.monotonic()
        code = main(["review", str(organ), "--accept", sid])
        err = capsys.readouterr().err
        assert code == 2 and "存储正忙" in err and err.count("\n") == 1
        assert time.monotonic() - started < 5
        assert organ.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    assert main(["review", str(organ), "--accept", sid]) == 0  # free again


@pytest.mark.parametrize("args", [["review", "{path}", "--list"], ["undo", "{path}"]])
def test_a_corrupt_sidecar_is_one_line_on_stderr_and_exit_2(seed_store, capsys, args):
    from drafting.suggestions.queue import sidecar
    from store.history import history_path
    from tui.cli import main

    suggest_paths([seed_store])
    organ = seed_store / "机关党建经费.toml"
    sidecar(organ).write_text("{not json", encoding="utf-8")
    history_path(organ).write_text('[{"note": 1}]', encoding="utf-8")
    code = main([a.format(path=organ if args[0] == "undo" else seed_store) for a in args])
    out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err and err.strip().count("\n") == 0 and str(organ.name) in err
    if args[0] == "review":
        assert "人才工作经费" in out  # the other forms were listed


def _fail_writes(monkeypatch, errno: int) -> None:
    """A full disk or a read-only store: every write of a file fails as the system would fail it."""
    import store.files

    def refuse(fd):
        raise OSError(errno, os.strerror(errno))

    monkeypatch.setattr(store.files.os, "fsync", refuse)


@pytest.mark.parametrize("errno, reason", [(28, "磁盘已满"), (30, "Read-only")])
@pytest.mark.parametrize("command", ["review", "undo", "fix"])
def test_a_full_disk_or_read_only_store_is_one_line_exit_2_and_nothing_changed(
        seed_store, monkeypatch, capsys, errno, reason, command):
    from tui.cli import main

    suggest_paths([seed_store])
    organ = seed_store / "机关党建经费.toml"
    if command == "undo":
        assert main(["review", str(organ), "--accept-all"]) == 0
    before = {p: p.read_bytes() for p in seed_store.rglob("*") if p.is_file() and "lint-cache" not in p.name}
    capsys.readouterr()
    _fail_writes(monkeypatch, errno)
    args = {"review": ["review", str(organ), "--accept-all"], "undo": ["undo", str(organ)],
            "fix": ["lint", str(organ), "--fix", "--no-cache"]}[command]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert [line for line in err.splitlines() if reason in line]
    after = {p: p.read_bytes() for p in seed_store.rglob("*") if p.is_file() and "lint-cache" not in p.name}
    assert after == before  # not a byte changed, no temporary left


def test_a_readers_cache_folder_never_moves_the_store_lock(tmp_path):
    """lint keeps its cache in the folder it was given; the lock must stay where the first writer
    put it, or two writers would lock different files for one store."""
    from store.importing.importer import import_files
    from tui.cli import main

    parent = tmp_path / "P"
    (parent / ".jixiao").mkdir(parents=True)  # a stray work folder above the store
    store = parent / "S"
    import_files([SEED], store)
    assert lock.store_root(store) == store.resolve()
    main(["lint", str(store), "--statistics"])  # a reader: may make store/.jixiao for its cache
    (store / "sub").mkdir()
    assert lock.store_root(store) == lock.store_root(store / "机关党建经费.toml") == store.resolve()
    assert lock.store_root(store / "sub") == store.resolve()
