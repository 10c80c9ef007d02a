"""The lint cache: what each form's rules found, keyed by the file's content, so a second run over an
unchanged store parses nothing and checks nothing again (ruff keeps one the same way).

One file per store, `.jixiao/lint-cache.marshal`: marshal, not pickle, because the store may sit on
a shared drive and unpickling a file someone else wrote could run their code; marshal reads plain
values only. The key covers the settings, the rule catalogue and the Python version; anything that
does not match, or does not load, is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from stat import S_ISREG
from dataclasses import dataclass, field
from pathlib import Path

import store
from store.files import write_atomic

from .config import LintConfig

FILE = "lint-cache.marshal"


def _code_stamp() -> str:
    """Size and mtime of the code whose results are cached (the rules, value parsing, goal reading):
    a changed rule must not be answered from an old run, version number or not."""
    from importlib.util import find_spec  # their files, without importing them (store.model builds the schema)

    files = sorted(Path(__file__).parent.rglob("*.py")) + [
        Path(find_spec(name).origin) for name in ("drafting.goals", "store.model", "store.values")]
    stamps = []
    for file in files:
        try:
            st = file.stat()
            stamps.append(f"{file.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamps.append(file.name)
    return ";".join(stamps)


def fingerprint(config: LintConfig) -> str:
    # The previous year's store is read afresh by every run that uses it; a form's own findings do
    # not depend on it, so naming it (or not) must not throw the cache away.
    settings = json.dumps({k: v for k, v in vars(config).items() if k != "previous"}, sort_keys=True, ensure_ascii=False)
    # The rule catalogue is in the code stamp (every module of drafting/lint): reading RULES here
    # would load every rule for a run the cache answers.
    text = "|".join([settings, store.__version__, sys.version, _code_stamp()])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class CachedForm:
    digest: str
    ref: tuple  # the form's FormRef fields
    findings: list  # finding tuples, as workers send them
    items: dict  # run rule code → marshal.dumps((ignore, row_ignore, data)), read only when a form changed
    stat: tuple = ()  # (size, mtime_ns) when the digest was taken: unchanged → no need to read the file


RUNS_KEPT = 2  # the run rules' findings of the last few distinct sets of files (the store, a folder of it)


@dataclass
class LintCache:
    """The cache of one store, whatever part of it a run lints: keyed by absolute path, merged on
    save (a run over one file never shrinks it), written under a lock so that concurrent runs add
    to each other's work instead of overwriting it."""

    path: Path | None
    key: str
    forms: dict[str, CachedForm] = field(default_factory=dict)  # by absolute path
    runs: dict[str, list] = field(default_factory=dict)  # run key (the exact files and digests) → run rules' findings
    updated: dict[str, CachedForm] = field(default_factory=dict)  # what this run learnt, merged on save
    gone: set[str] = field(default_factory=set)  # files that no longer exist: dropped on save

    @classmethod
    def open(cls, folder: Path | None, config: LintConfig) -> LintCache:
        cache = cls(folder / FILE if folder else None, fingerprint(config))
        if cache.path is not None:
            cache.forms, cache.runs = cache._read()
        return cache

    def _read(self) -> tuple[dict, dict]:
        try:
            data = marshal.loads(self.path.read_bytes())
            if data["key"] == self.key:
                return {p: CachedForm(*entry) for p, entry in data["forms"].items()}, dict(data["runs"])
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # no cache, or one from another version: start afresh
        return {}, {}

    def remember(self, forms: dict[str, CachedForm], run: str, run_findings: list) -> None:
        self.updated = forms
        self.forms.update(forms)
        self.runs.pop(run, None)
        self.runs[run] = run_findings
        self.gone = {path for path in self.forms if path not in forms and not os.path.exists(path)}

    def save(self) -> None:
        if self.path is None:
            return
        from filelock import FileLock, Timeout  # here: a run that saves nothing need not import it

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(f"{self.path}.lock", timeout=0):
                # Another run may have saved since this one opened the cache: keep its work too.
                forms, runs = self._read()
                forms.update(self.updated)
                for path in self.gone:
                    forms.pop(path, None)
                runs.update(self.runs)
                runs = dict(list(runs.items())[-RUNS_KEPT:])
                data = {"key": self.key, "runs": runs,
                        "forms": {p: (f.digest, f.ref, f.findings, f.items, f.stat) for p, f in forms.items()}}
                write_atomic(self.path, marshal.dumps(data))
        except Timeout:
            pass  # another run is saving right now: this run's results are simply not kept
        except OSError:
            pass  # a read-only store still lints, just without a cache


def file_digests(files, keys: list[str], cache: LintCache) -> tuple[dict[str, str], dict[str, tuple]]:
    """Each file's content digest by its key, read again only when its size or modification time
    moved (as git does)."""
    digests, stats = {}, {}
    for file, path in zip(files, keys):
        try:
            st = os.stat(file)
            if not S_ISREG(st.st_mode):
                continue  # a FIFO would block the read; the store reports it as not a file
            stat = (st.st_size, st.st_mtime_ns)
            known = cache.forms.get(path)
            digests[path] = known.digest if known and known.stat == stat else digest(Path(file).read_bytes())
            stats[path] = stat
        except OSError:
            pass  # reported when the file is read
    return digests, stats


def run_key(digests: dict[str, str]) -> str:
    text = "\n".join(f"{path}\t{d}" for path, d in sorted(digests.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
