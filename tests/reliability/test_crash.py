"""A process killed at any instant of accept, undo, --fix or an editor save leaves a state the next
command recognises: the form reads, its history and its queue agree with it, and undo works.

Each change is run in a forked child that dies (os._exit, no clean-up of any kind) right before its
k-th change to the file system, for every k until the change completes.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from drafting.lint import LintConfig, lint_paths
from drafting.lint.fixes import apply_safe_fixes
from drafting.suggestions import decide, load, suggest_paths, undo
from drafting.suggestions.queue import save_edited
from drafting.suggestions.validate import apply_to
from store import Store, journal
from store.files import digest_of
from store.history import history_path

DIED = 9
MUTATIONS = ("replace", "link", "unlink")


def _die_at(k: int, action, path: str) -> None:
    count = [0]
    for name in MUTATIONS:
        real = getattr(os, name)

        def mutated(*args, _real=real, **kwargs):
            count[0] += 1
            if count[0] > k:
                os._exit(DIED)
            return _real(*args, **kwargs)

        setattr(os, name, mutated)
    action(Path(path))
    os._exit(0)


def crash_at(k: int, action, path: Path) -> bool:
    """Run `action(path)` in a child killed before its k-th file-system change; True if it died."""
    child = multiprocessing.get_context("fork").Process(target=_die_at, args=(k, action, str(path)))
    child.start()
    child.join(30)
    assert child.exitcode in (0, DIED), child.exitcode
    return child.exitcode == DIED


def accept_all(path: Path) -> None:
    decide(path, accept=[s.id for s in load(path) if s.status == "pending" and not s.display_only])


def fix(path: Path) -> None:
    apply_safe_fixes(lint_paths([path], LintConfig()).findings, write=True)


def editor_save(path: Path) -> None:
    stored = Store(path).load(path)
    suggestion = next(s for s in load(path) if s.status == "pending" and s.kind == "replace")
    declaration, _ = apply_to(stored.declaration, suggestion)
    save_edited(stored, declaration, {suggestion.id}, {}, set())


def recover(path: Path) -> None:
    with journal.changing(path):
        pass


def consistent(path: Path, original: bytes) -> str:
    """The state after recovery: "before" (nothing applied) or "after" (all of it); asserts the rest."""
    recover(path)
    Store(path).load(path)  # reads
    assert not journal.journal_path(path).exists()
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    current = path.read_bytes()
    queue = load(path)
    if current == original:
        assert not any(s.status == "accepted" for s in queue)
        assert not history_path(path).exists() or history_path(path).read_text(encoding="utf-8").strip() == "[]"
        return "before"
    import json

    entries = json.loads(history_path(path).read_text(encoding="utf-8"))
    assert entries[-1]["after_digest"] == digest_of(current)  # undoable
    accepted = set(entries[-1]["meta"].get("accepted", []))
    assert accepted == {s.id for s in queue if s.status == "accepted"}
    return "after"


@pytest.fixture
def organ(seed_store):
    suggest_paths([seed_store])
    return seed_store / "机关党建经费.toml"


@pytest.mark.parametrize("action", [accept_all, fix, editor_save], ids=["accept", "fix", "editor-save"])
def test_a_change_killed_anywhere_is_all_or_nothing_and_undoable(organ, tmp_path, action):
    pristine = tmp_path / "pristine"
    shutil.copytree(organ.parent, pristine)
    original = organ.read_bytes()
    seen = set()
    for k in range(40):
        shutil.rmtree(organ.parent)
        shutil.copytree(pristine, organ.parent)
        died = crash_at(k, action, organ)
        state = consistent(organ, original)
        seen.add(state)
        if state == "after":
            undo(organ)
            assert organ.read_bytes() == original
            assert not any(s.status == "accepted" for s in load(organ))
        if not died:
            break
    else:
        pytest.fail("the change never completed")
    assert seen == {"before", "after"}


def test_an_undo_killed_anywhere_is_all_or_nothing_and_never_stuck(organ, tmp_path):
    original = organ.read_bytes()
    accept_all(organ)
    accepted = organ.read_bytes()
    pristine = tmp_path / "pristine"
    shutil.copytree(organ.parent, pristine)
    for k in range(40):
        shutil.rmtree(organ.parent)
        shutil.copytree(pristine, organ.parent)
        died = crash_at(k, undo, organ)
        recover(organ)
        current = organ.read_bytes()
        assert current in (original, accepted)
        if current == accepted:
            undo(organ)  # not stuck: the undo can still be done
        assert organ.read_bytes() == original
        assert not any(s.status == "accepted" for s in load(organ))
        if not died:
            break
    else:
        pytest.fail("the undo never completed")


def test_stray_temporary_files_are_removed_by_the_next_writer(organ):
    stray = organ.with_name(f".{organ.name}.abc123.tmp")
    stray.write_text("half", encoding="utf-8")
    side = organ.with_name(f"..{organ.name}.suggestions.json.xyz.tmp")
    side.write_text("half", encoding="utf-8")
    decide(organ, reject=[load(organ)[0].id])
    assert not stray.exists() and not side.exists()


def test_accepted_changes_that_together_break_the_structure_are_refused(organ):
    """Removing every 产出指标 row leaves the form without its required levels: nothing is applied."""
    from drafting.suggestions.model import Draft, make
    from drafting.suggestions.queue import encode, sidecar
    from store import StoreError

    declaration = Store(organ).load(organ).declaration
    removals = [make("remove", i, Draft.of(row), None, "删除", [], "rules")
                for i, row in enumerate(declaration.indicators) if row.level1 == "产出指标"]
    for s in removals:
        s.base = load(organ)[0].base
    sidecar(organ).write_bytes(encode(load(organ) + removals))
    before = organ.read_bytes()
    with pytest.raises(StoreError, match="JX10[12]"):
        decide(organ, accept=[s.id for s in removals])
    assert organ.read_bytes() == before and not history_path(organ).exists()
    assert all(s.status == "pending" for s in load(organ) if s.id in {r.id for r in removals})


def test_sigkill_at_random_moments_of_real_commands(organ, tmp_path):
    """The same promise with real processes and SIGKILL at random instants of review and undo."""
    import random
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    rng = random.Random(11)
    original = organ.read_bytes()
    pristine = tmp_path / "pristine"
    shutil.copytree(organ.parent, pristine)
    command = [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))"]
    for trial in range(24):
        shutil.rmtree(organ.parent)
        shutil.copytree(pristine, organ.parent)
        if trial % 2:  # kill an undo of an accept
            accept_all(organ)
            args = ["undo", str(organ)]
        else:
            args = ["review", str(organ), "--accept-all"]
        child = subprocess.Popen(command + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 0.9))  # the interpreter's start-up is about half of that
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = consistent(organ, original)
        if state == "after":
            undo(organ)
        assert organ.read_bytes() == original
