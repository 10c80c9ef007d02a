"""The lint cache: what each form's rules found, keyed by the file's content, so a second run over an
unchanged store parses nothing and checks nothing again (ruff keeps one the same way).

One file per store, `.jixiao/lint-cache.marshal`: marshal, not pickle, because the store may sit on
a shared drive and unpickling a file someone else wrote could run their code; marshal reads plain
values only. The key covers the settings, the rule catalogue and the Python version; anything that
does not match, or does not load, is simply not used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from stat import S_ISREG
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from store.files import write_atomic

from .config import LintConfig
from .registry import RULES

FILE = "lint-cache.marshal"


def _jixiao_version() -> str:
    try:
        return version("jixiao")
    except PackageNotFoundError:
        return "dev"


def _code_stamp() -> str:
    """Size and mtime of the code whose results are cached (the rules, value parsing, goal reading):
    a changed rule must not be answered from an old run, version number or not."""
    import drafting.goals
    import store.model
    import store.values

    files = sorted(Path(__file__).parent.rglob("*.py")) + [
        Path(m.__file__) for m in (drafting.goals, store.model, store.values)]
    stamps = []
    for file in files:
        try:
            st = file.stat()
            stamps.append(f"{file.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamps.append(file.name)
    return ";".join(stamps)


def fingerprint(config: LintConfig) -> str:
    text = "|".join([config.model_dump_json(), ",".join(sorted(RULES)), _jixiao_version(), sys.version, _code_stamp()])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class CachedForm:
    digest: str
    ref: tuple  # the form's FormRef fields
    findings: list  # finding tuples, as workers send them
    items: dict  # run rule code → (ignore, row_ignore, data)
    stat: tuple = ()  # (size, mtime_ns) when the digest was taken: unchanged → no need to read the file


@dataclass
class LintCache:
    path: Path | None
    key: str
    forms: dict[str, CachedForm] = field(default_factory=dict)
    run_key: str = ""  # the exact set of (file, digest) the run rules' findings below belong to
    run_findings: list = field(default_factory=list)  # copying, boilerplate: over all those forms

    @classmethod
    def open(cls, folder: Path | None, config: LintConfig) -> LintCache:
        cache = cls(folder / FILE if folder else None, fingerprint(config))
        if cache.path is None:
            return cache
        try:
            data = marshal.loads(cache.path.read_bytes())
            if data["key"] == cache.key:
                cache.forms = {p: CachedForm(*entry) for p, entry in data["forms"].items()}
                cache.run_key, cache.run_findings = data["run_key"], data["run_findings"]
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # no cache, or one from another version: start afresh
        return cache

    def save(self) -> None:
        if self.path is None:
            return
        data = {"key": self.key, "run_key": self.run_key, "run_findings": self.run_findings,
                "forms": {p: (f.digest, f.ref, f.findings, f.items, f.stat) for p, f in self.forms.items()}}
        try:
            write_atomic(self.path, marshal.dumps(data))
        except OSError:
            pass  # a read-only store still lints, just without a cache


def file_digests(files, cache: LintCache) -> tuple[dict[str, str], dict[str, tuple]]:
    """Each file's content digest, read again only when its size or modification time moved (as git does)."""
    digests, stats = {}, {}
    for file in files:
        path = str(file)
        try:
            st = os.stat(file)
            if not S_ISREG(st.st_mode):
                continue  # a FIFO would block the read; the store reports it as not a file
            stat = (st.st_size, st.st_mtime_ns)
            known = cache.forms.get(path)
            digests[path] = known.digest if known and known.stat == stat else digest(file.read_bytes())
            stats[path] = stat
        except OSError:
            pass  # reported when the file is read
    return digests, stats


def run_key(digests: dict[str, str]) -> str:
    text = "\n".join(f"{path}\t{d}" for path, d in sorted(digests.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
