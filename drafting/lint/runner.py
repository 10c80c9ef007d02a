"""Running the rules over forms: selection, suppression, ordering, and spreading big runs over cores.

Form rules run where a form is read; run rules (copying, boilerplate) need every form, so each
form contributes a small `collect`ed summary and the run rules work on those. That split lets a
big store be read and checked in worker processes with only findings and summaries sent back.
"""

from __future__ import annotations

import gc
import heapq
import marshal
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from store import Store, StoreError
from store.files import read

from ..compare import outline
from .cache import CachedForm, LintCache, file_digests, run_key
from .config import LintConfig
from .findings import Finding, Fix, Hit, Severity
from .registry import RULES, Rule, matches
from .view import FormView

# Below this many files a second process costs more than it saves.
PARALLEL_MIN_FILES = 400


class FormRef(NamedTuple):
    """A linted form as reports and the store view need it, without its declaration (a tuple: the
    cache keeps it as one, and a province's run passes one per form between processes)."""

    path: str
    project: str
    department: str = ""
    year: int = 0
    total: float = 0.0  # 元
    indicators: int = 0

    @classmethod
    def of(cls, form: FormView) -> FormRef:
        d = form.declaration
        return cls(form.path, form.project, d.department, d.year, d.funds.total, len(d.indicators))


@dataclass(frozen=True)
class RunItem:
    """What a run rule sees of one form: where it is, what it suppresses, and the rule's summary of it."""

    path: str
    project: str
    ignore: tuple  # form-level suppressions
    row_ignore: dict  # indicator index → its suppressions, only rows that have some
    data: object


@dataclass
class LintRun:
    findings: list[Finding] | Spool = field(default_factory=list)
    errors: list[StoreError] = field(default_factory=list)  # files that could not be read
    forms: list[FormRef] = field(default_factory=list)
    names: dict[str, str] | None = None  # for rows(): see LintPart.names

    def rows(self) -> Iterator[tuple]:
        """The findings as tuples (`_as_tuple`), in order: what a big report renders without objects.
        Their paths are mapped to the run's names by `names`."""
        return self.findings.rows() if isinstance(self.findings, Spool) else map(_as_tuple, self.findings)

    def severities(self) -> Counter:
        """How many findings of each severity value ("error"…), without a pass over a spool."""
        if isinstance(self.findings, Spool):
            return self.findings.severities
        return Counter(f.severity.value for f in self.findings)


def active_rules(config: LintConfig) -> list[Rule]:
    return [r for code, r in sorted(RULES.items()) if matches(code, config.select) and not matches(code, config.ignore)]


def _suppressed(code: str, ignore, row_ignore: dict, indicator: int | None) -> bool:
    if ignore and matches(code, ignore):
        return True
    return indicator is not None and indicator in row_ignore and matches(code, row_ignore[indicator])


def _finding(rule: Rule, path: str, project: str, hit: Hit) -> Finding:
    return Finding(code=rule.code, severity=rule.severity, message=hit.message, path=path, project=project,
                   indicator=hit.indicator, related=hit.related, fix=hit.fix)


def _row_ignores(form: FormView) -> dict:
    return {i: tuple(ind.ignore) for i, ind in enumerate(form.declaration.indicators) if ind.ignore}


# The items key under which every form's outline waits for the year rules (no rule has this code).
YEARS = "years"


def uses_previous(rules: list[Rule], config: LintConfig) -> bool:
    return bool(config.previous) and any(r.scope == "year" for r in rules)


def _item_keys(rules: list[Rule], config: LintConfig) -> list[str]:
    return [r.code for r in rules if r.scope == "run"] + ([YEARS] if uses_previous(rules, config) else [])


def check_forms(forms: list[FormView], rules: list[Rule], config: LintConfig) -> tuple[list[Finding], dict]:
    """Form rules' findings, and each run rule's items for these forms (and, when a previous year's
    store is given, each form's outline for the year rules)."""
    findings = []
    form_rules = [r for r in rules if r.scope == "form"]
    items: dict[str, list[RunItem]] = {key: [] for key in _item_keys(rules, config)}
    run_rules = [r for r in rules if r.scope == "run"]
    for form in forms:
        ignore, row_ignore = tuple(form.declaration.ignore), _row_ignores(form)
        for rule in form_rules:
            for hit in rule.check(form, config):
                if not _suppressed(rule.code, ignore, row_ignore, hit.indicator):
                    findings.append(_finding(rule, form.path, form.project, hit))
        for rule in run_rules:
            items[rule.code].append(RunItem(form.path, form.project, ignore, row_ignore, rule.collect(form)))
        if YEARS in items:
            items[YEARS].append(RunItem(form.path, form.project, ignore, row_ignore, outline.data(form.declaration)))
    return findings, items


def check_run(items: dict[str, list[RunItem]], rules: list[Rule], config: LintConfig,
              previous: list[outline.Outline] = ()) -> Iterator[Finding]:
    """The run rules' findings over every form, and the year rules' over the forms that have a
    counterpart among `previous` (the previous year's forms), as they are found: a province's run
    has hundreds of thousands, which a report takes in batches."""
    for rule in rules:
        if rule.scope != "run":
            continue
        for item, hit in rule.check(items[rule.code], config):
            if not _suppressed(rule.code, item.ignore, item.row_ignore, hit.indicator):
                yield _finding(rule, item.path, item.project, hit)
    year_rules = [r for r in rules if r.scope == "year"]
    if year_rules and previous and items.get(YEARS):
        from ..compare.match import match_forms  # here: compare reads texts as the rules do (lint.view)

        by_path = {item.path: item for item in items[YEARS]}
        current = [outline.Outline.from_data(item.path, item.data) for item in items[YEARS]]
        for pair in match_forms(list(previous), current).pairs:
            if pair.years <= 0:
                continue  # not last year's form: the same year (a round) or a later one
            item = by_path[pair.new.path]
            for rule in year_rules:
                for hit in rule.check(pair, config):
                    if not _suppressed(rule.code, item.ignore, item.row_ignore, hit.indicator):
                        yield _finding(rule, item.path, item.project, hit)


def read_previous(config: LintConfig) -> tuple[list[outline.Outline], list[StoreError]]:
    """The previous year's forms as outlines, and the files of it that could not be read."""
    folder = Path(config.previous)
    if not folder.exists():
        return [], [StoreError(folder, "上年申报表目录不存在（[lint] previous 或 --previous）")]
    if not folder.is_dir():
        return [], [StoreError(folder, "应为上年申报表所在的目录，而不是文件（[lint] previous 或 --previous）")]
    outlines, errors = [], []
    for chunk_outlines, chunk_errors in _spread(_outline_chunk, collect_files([folder])):  # as this year's forms are read
        outlines += chunk_outlines
        errors += chunk_errors
    if not outlines and not errors:
        errors = [StoreError(folder, "上年申报表目录中没有申报表（[lint] previous 或 --previous）")]
    return outlines, errors


def _outline_chunk(files: list[str]) -> tuple[list[outline.Outline], list[StoreError]]:
    forms, errors = read_forms(files)
    return [outline.Outline.of(f.path, f.declaration) for f in forms], errors


def _not_earlier(previous: list[outline.Outline], items: list[RunItem], folder: str) -> list[StoreError]:
    """A store given as last year's whose forms are all of this run's years or later: a slip (the two
    folders swapped, or the same one twice), said once rather than checked pair by pair in silence."""
    if not previous or not items:
        return []
    last = max(o.year for o in previous)
    this = min(outline.Outline.from_data(item.path, item.data).year for item in items)
    if last < this:
        return []
    return [StoreError(Path(folder), f"这里的申报表是 {last} 年度的，不早于本次检查的 {this} 年度，不是上年的表：未做逐年检查（JX6xx）")]


def _place_of(f: Finding) -> tuple:
    """Where a finding is reported: by file, then row (the form's own first), then code."""
    return f.path, -1 if f.indicator is None else f.indicator, f.code


# `_place_of` for a finding's tuple (its row is -1 for the form's own there): taken in C, as a
# province's report sorts and merges hundreds of thousands.
_place = itemgetter(3, 5, 0)


def _order(findings: list[Finding]) -> list[Finding]:
    findings.sort(key=_place_of)
    return findings


class Spool:
    """A run's findings on disk, in sorted runs that are read back merged: the findings of a
    province's forms never sit in memory all at once. Iterable (again and again) and sized, as the
    reports need; findings come out in the order `_order` gives. Findings go in and come out as
    tuples (`_as_tuple`) too: a report of hundreds of thousands need not build an object for each."""

    BLOCK = 2000  # findings read back at a time from each run

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.runs: list[tuple[list[tuple[int, int]], tuple, tuple]] = []  # each sorted run: its blocks, first and last place
        self.kept: list[tuple] = []  # held in memory, one run sorted when read (see `keep`)
        self.kept_sorted = True
        self.severities: Counter = Counter()  # by severity value ("error"…), for an exit code without a pass
        self.names: dict[str, str] | None = None  # see LintPart.names

    def keep(self, rows: list[tuple]) -> None:
        """Findings that are in memory anyway (the lint cache holds them): one run of their own,
        not written out and read back."""
        self.kept += rows
        self.kept_sorted = not self.kept
        self.severities.update(map(itemgetter(1), rows))

    def add(self, rows: list[tuple], ordered: bool = False) -> None:
        """Finding tuples, `ordered` when they already are (as a worker's chunk is)."""
        if not rows:
            return
        if not ordered:
            rows = sorted(rows, key=_place)
        blocks = []
        self.file.seek(0, os.SEEK_END)
        for start in range(0, len(rows), self.BLOCK):
            data = marshal.dumps(rows[start:start + self.BLOCK])
            blocks.append((self.file.tell(), len(data)))
            self.file.write(data)
        self.runs.append((blocks, _place(rows[0]), _place(rows[-1])))
        self.severities.update(map(itemgetter(1), rows))

    def _read(self, blocks: list[tuple[int, int]]) -> Iterator[tuple]:
        for offset, length in blocks:
            self.file.seek(offset)
            yield from marshal.loads(self.file.read(length))

    def rows(self) -> Iterator[tuple]:
        """The findings as tuples, in order."""
        if not self.kept_sorted:
            self.kept.sort(key=_place)
            self.kept_sorted = True
        # Runs that follow one another (the chunks of files, read in order) are read one after the
        # other; only the chains that overlap (the run rules' findings span every file) are merged.
        chains: list[list] = []  # each: its runs' blocks in order, then the place its last run ends
        for blocks, first, last in sorted(self.runs, key=itemgetter(1)):
            after = next((c for c in chains if c[1] <= first), None)
            if after is None:
                chains.append([[blocks], last])
            else:
                after[0].append(blocks)
                after[1] = last
        sources = [chain.from_iterable(map(self._read, runs)) for runs, _ in chains] + ([self.kept] if self.kept else [])
        if len(sources) == 1:
            return iter(sources[0])
        return heapq.merge(*sources, key=_place)

    def __iter__(self) -> Iterator[Finding]:
        return map(_from_tuple, self.rows(), repeat(self.names))

    def __len__(self) -> int:
        return self.severities.total()

    def close(self) -> None:
        self.file.close()


def lint_forms(forms: list[FormView], config: LintConfig, previous: list[outline.Outline] = ()) -> list[Finding]:
    """Every finding of the active rules over forms in memory, less what forms suppress with `ignore`;
    the year rules against `previous` (the previous year's forms), when given."""
    rules = active_rules(config)
    findings, items = check_forms(forms, rules, config)
    return _order(findings + list(check_run(items, rules, config, previous)))


def collect_files(paths: Iterable[Path]) -> list[str]:
    """The declaration files under each path (a file or a store folder), each once, in order, as
    text (str keys throughout a run: a Path costs more to make, hash and compare)."""
    return list(dict.fromkeys(name for path in paths for name in Store(path).file_names()))


def read_forms(files: Iterable[Path | str]) -> tuple[list[FormView], list[StoreError]]:
    forms, errors = [], []
    for file in files:
        try:
            stored = read(file)
        except StoreError as exc:
            errors.append(exc)
            continue
        forms.append(FormView(str(file), stored.declaration))
    return forms, errors


def load_forms(paths: Iterable[Path]) -> tuple[list[FormView], list[StoreError]]:
    files, errors = _files(paths)
    forms, more = read_forms(files)
    return forms, errors + more


def _files(paths: Iterable[Path]) -> tuple[list[str], list[StoreError]]:
    files, errors = [], []
    for path in map(Path, paths):
        if path.exists():
            files.append(path)
        else:
            errors.append(StoreError(path, "文件或目录不存在"))
    return collect_files(files), errors


def _check_chunk(files: list[str], config: LintConfig):
    """Read and check a share of the files; only findings (as plain tuples: they travel between
    processes and into the cache several times faster than objects) and run-rule items leave."""
    forms, errors = read_forms(files)
    findings, items = check_forms(forms, active_rules(config), config)
    return sorted(map(_as_tuple, findings), key=_place), items, errors, [FormRef.of(f) for f in forms]


def _as_tuple(f: Finding) -> tuple:
    """A finding as plain values (marshal and pickle take them fast), its row -1 for the form's own
    (so that tuples sort by `_place`); _from_tuple undoes it."""
    return (f.code, f.severity.value, f.message, f.path, f.project, -1 if f.indicator is None else f.indicator,
            f.related, f.fix and (f.fix.safety, f.fix.description, f.fix.field, f.fix.before, f.fix.after))


def _from_tuple(values: tuple, names: dict[str, str] | None = None) -> Finding:
    """The Finding of a tuple, its paths renamed by `names` (see LintPart.names)."""
    code, severity, message, path, project, indicator, related, fix = values
    if names:
        path, related = names.get(path, path), names.get(related, related)
    return Finding(code, _SEVERITY[severity], message, path, project, None if indicator < 0 else indicator, related,
                   fix and Fix(*fix))


_SEVERITY = {s.value: s for s in Severity}


@contextmanager
def _no_gc():
    """Pause the cycle collector: a run allocates millions of small acyclic objects, and the collector
    re-walking them all, again and again, cost more than a third of the run's time. At the end they
    are frozen (left out of later collections; refcounting still frees them): otherwise the first
    collection after the run walks them all once more, half a second in the app at 10,000 forms."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def lint_paths(paths: Iterable[Path], config: LintConfig | None = None, jobs: int | None = None,
               cache_dir: Path | None = None, spool: bool = False) -> LintRun:
    """Lint files and store folders; big runs are spread over the machine's cores.

    With `cache_dir`, forms whose content has not changed since the last run are not checked again.
    With `spool`, the findings are a `Spool` on disk instead of a list (a report of any size).
    """
    run = LintRun(findings=Spool() if spool else [])
    for part in lint_stream(paths, config, jobs, cache_dir):
        run.forms += part.forms
        if spool:
            run.names = run.findings.names = part.names
            if part.cached:
                run.findings.keep(part.rows)
            else:
                run.findings.add(part.rows, ordered=not part.final)
        else:
            run.findings += part.findings
        run.errors += part.errors
    if not spool:
        _order(run.findings)
    return run


@dataclass
class LintPart:
    """A share of a run as it becomes known: forms read with their form rules' findings, files that
    could not be read, or (last, with no forms, in one or more `final` parts) the run rules'
    findings over every form."""

    forms: list[FormRef] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # the findings as tuples (_as_tuple); a chunk's in order
    errors: list[StoreError] = field(default_factory=list)
    final: bool = False
    cached: bool = False  # the findings come from the lint cache (held in memory by it anyway)
    # The tuples' paths are absolute when the run has a cache; this maps them to the names the run
    # was given (None: they are those names already).
    names: dict[str, str] | None = None

    @property
    def findings(self) -> list[Finding]:
        return [_from_tuple(t, self.names) for t in self.rows]


def lint_stream(paths: Iterable[Path], config: LintConfig | None = None, jobs: int | None = None,
                cache_dir: Path | None = None) -> Iterator[LintPart]:
    """`lint_paths` as it goes, so that a view can show forms while the rest are still checked:
    forms from the cache first, then fresh ones chunk by chunk, the run rules' findings last."""
    with _no_gc():
        yield from _stream(paths, config or LintConfig(), jobs, cache_dir)


def _stream(paths: Iterable[Path], config: LintConfig, jobs: int | None, cache_dir: Path | None) -> Iterator[LintPart]:
    names, errors = _files(paths)
    if errors:
        yield LintPart(errors=errors)
    cache = LintCache.open(cache_dir, config)
    # The cache knows files by absolute path (the same file linted as "a.toml" or "store/a.toml"),
    # and so do a cached run's findings: they take the names this run was given only where they are
    # shown (LintPart.findings, the reports), not one by one as a province's run passes through.
    keys = list(map(os.path.abspath, names)) if cache.path is not None else names
    name_of = dict(zip(keys, names)) if keys != names else None
    key_of = dict(zip(names, keys)) if name_of else None
    digests, stats = file_digests(names, keys, cache) if cache.path is not None else ({}, {})
    known = cache.forms
    # Read only when the previous year's store is named: a run the cache answers loads no rule.
    years = bool(config.previous) and uses_previous(active_rules(config), config)

    def current(key: str) -> bool:
        # A form cached by a run without the previous year's store lacks its outline: read it again.
        return key in known and known[key].digest == digests.get(key) and (not years or YEARS in known[key].items)

    unchanged = [k for k in keys if current(k)]
    fresh = [k for k in keys if not current(k)]
    # The year rules' findings depend on the previous year's store too, which the run key does not cover.
    cached_run = cache.runs.get(run_key(digests)) if cache.path is not None and not fresh and not years else None
    if cached_run is not None:
        # Nothing changed since the last run over these files: its findings stand.
        yield LintPart([_ref(known[k].ref, name_of) for k in keys], [t for k in keys for t in known[k].findings],
                       cached=True, names=name_of)
        yield LintPart(rows=cached_run, final=True, cached=True, names=name_of)
        return

    rules = active_rules(config)
    found: dict[str, list] = {k: known[k].findings for k in unchanged}
    refs: dict[str, FormRef] = {k: _ref(known[k].ref, name_of) for k in unchanged}
    items: dict[str, list[RunItem]] = {key: [] for key in _item_keys(rules, config)}
    for key in unchanged:
        for code, blob in known[key].items.items():
            if code in items:
                items[code].append(RunItem(refs[key].path, refs[key].project, *marshal.loads(blob)))
    if unchanged:
        yield LintPart([refs[k] for k in unchanged], [t for k in unchanged for t in found[k]], cached=True, names=name_of)
    keep = cache.path is not None  # the tuples are kept for the cache only: without one, a big run holds half as much
    shared: dict = {}  # one object per distinct text or tuple of the run rules' items (see _shared)
    # Workers read the files by key: their findings need no renaming; what is shown (refs, the run
    # rules' items, whose paths their messages quote, and errors) takes the run's names.
    for tuples, chunk_items, chunk_errors, chunk_refs in _spread(_check_chunk, fresh, config, jobs=jobs):
        for ref in chunk_refs:
            found[ref.path], refs[ref.path] = [], _ref(ref, name_of)
        for values in tuples if keep else ():
            found[values[3]].append(values)
        for code, part in chunk_items.items():
            items[code] += [RunItem(refs[item.path].path, item.project, item.ignore, item.row_ignore,
                                    _shared(item.data, shared)) for item in part]
        yield LintPart([refs[ref.path] for ref in chunk_refs], tuples, [_named(e, name_of) for e in chunk_errors],
                       names=name_of)
    previous: list[outline.Outline] = []
    if years:
        previous, previous_errors = read_previous(config)
        previous_errors += _not_earlier(previous, items.get(YEARS, []), config.previous)
        if previous_errors:
            yield LintPart(errors=previous_errors)
    kept = []  # for the cache: a later run over the same files (which may not name last year's store)
    for batch in _batches(map(_as_tuple, check_run(items, rules, config, previous)), RUN_BATCH):
        batch = _moved(batch, key_of)  # the run rules' findings name their forms as the items do
        if keep:
            kept += [t for t in batch if RULES[t[0]].scope != "year"]
        yield LintPart(rows=batch, final=True, names=name_of)
    if keep:
        _remember(cache, set(unchanged), found, refs, items, key_of, digests, stats, kept)


RUN_BATCH = 20_000  # run rules' findings per part: a report spools each batch as it comes


def _batches(findings: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    """Lists of up to `size`; at least one (empty) list, so a run always ends with a final part."""
    batch: list[tuple] = []
    for finding in findings:
        batch.append(finding)
        if len(batch) == size:
            yield batch
            batch = []
    yield batch


def _shared(value, shared: dict):
    """`value` (texts, numbers and tuples of them) built from objects already held where equal: the
    items of every form wait in this process for the run rules, and the rows offices copy (the very
    thing JX205 and JX206 look for) would otherwise be held once per form. Halves a province's run.
    A tuple already held is taken whole (a copied row: one lookup, hashed in C), and numbers are
    never looked up one by one: this runs in the parent, for every row of the run."""
    if isinstance(value, tuple):
        held = shared.get(value)
        if held is not None:
            return held
        value = tuple([shared.setdefault(v, v) if type(v) is str else _shared(v, shared) if type(v) is tuple else v
                       for v in value])
    elif not isinstance(value, str):
        return value
    return shared.setdefault(value, value)


def _moved(tuples: list[tuple], names: dict[str, str] | None) -> list[tuple]:
    """Finding tuples with their paths (their form's, and the related form's of a copy) renamed
    (None: no renaming)."""
    if names is None:
        return tuples
    get = names.get
    return [t[:3] + (get(t[3], t[3]),) + t[4:] if t[6] is None else
            t[:3] + (get(t[3], t[3]),) + t[4:6] + (get(t[6], t[6]),) + t[7:] for t in tuples]


def _ref(values: tuple, names: dict[str, str] | None) -> FormRef:
    """A FormRef from its fields (a cached one's tuple), its path renamed (None: no renaming)."""
    path = values[0]
    return FormRef(names.get(path, path) if names else path, *values[1:])


def _named(error: StoreError, names: dict[str, str] | None) -> StoreError:
    """A worker's error (it read the file by key) with the file's name in this run."""
    path = str(error.path)
    return type(error)(names.get(path, path), error.reason, error.line) if names else error


# Fresh files are checked in chunks of this size, so a view sees results as they come.
CHUNK = 250


def prepare_workers() -> None:
    """Start multiprocessing's helper process now, while stderr is still the terminal: an app that
    lints a big store from a thread starts its worker processes later, when Textual has replaced
    stderr with a capture that has no file descriptor, and the helper cannot be started then."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def _spread(work: Callable, files: list[str], *args, jobs: int | None = None) -> Iterator:
    """`work(chunk, *args)` for each chunk of the files, in order; over the machine's cores when
    there are many."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    if jobs < 2 or len(files) < PARALLEL_MIN_FILES:
        for chunk in chunks:
            yield work(chunk, *args)
        return
    import multiprocessing  # here: a lint of a few files, or one answered by the cache, starts no process
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers inherit the imported rules, and nothing but file names and config is sent. From
    # a thread of a running app (the store view) fork could copy another thread's held lock, so spawn.
    method = "fork" if threading.current_thread() is threading.main_thread() else "spawn"
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(work, chunks, *([arg] * len(chunks) for arg in args))


def _remember(cache: LintCache, unchanged: set[str], found: dict, refs: dict, items: dict,
              key_of: dict[str, str] | None, digests: dict, stats: dict, run_findings: list) -> None:
    """What this run learnt, into the cache (by key, as `found` and `refs` are): forms read from it
    stay as they were (only their file's stat may have moved); checked ones with their findings and,
    per run rule, their item (marshalled on its own: a run that finds nothing changed never reads them).
    `key_of`: the run's names to keys (None: the same)."""
    per_form: dict[str, dict] = {key: {} for key in found if key not in unchanged}
    for code, part in items.items():
        for item in part:
            key = key_of[item.path] if key_of else item.path
            if key in per_form:
                per_form[key][code] = marshal.dumps((item.ignore, item.row_ignore, item.data))
    forms = {}
    for key, tuples in found.items():
        if key in unchanged:
            forms[key] = replace(cache.forms[key], stat=stats[key])
        elif key in digests:
            forms[key] = CachedForm(digests[key], (key, *refs[key][1:]), tuples, per_form[key], stats[key])
    cache.remember(forms, run_key({key: digests[key] for key in forms}), run_findings)
    cache.save()
