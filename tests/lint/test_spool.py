"""A big run's findings go to disk in sorted runs and come back merged: the same findings, in the
same order, as the list a small run keeps in memory."""

from drafting.lint import LintConfig, lint_paths
from drafting.lint.runner import Spool
from tui.cli import main


def test_spooled_findings_are_the_listed_ones_in_the_same_order(seed_store, monkeypatch):
    listed = lint_paths([seed_store], LintConfig())
    monkeypatch.setattr(Spool, "BLOCK", 7)  # many blocks per run, many runs
    monkeypatch.setattr("drafting.lint.runner.CHUNK", 3)
    spooled = lint_paths([seed_store], LintConfig(), spool=True)
    assert isinstance(spooled.findings, Spool) and len(spooled.findings.runs) > 3
    assert len(spooled.findings) == len(listed.findings) > 100
    assert list(spooled.findings) == listed.findings
    assert list(spooled.findings) == listed.findings  # read again, as the reports do


def test_the_cli_reports_from_the_spool_as_before(seed_store, capsys, monkeypatch):
    main(["lint", str(seed_store), "--no-cache"])
    before = capsys.readouterr().out
    monkeypatch.setattr("drafting.lint.runner.CHUNK", 2)
    main(["lint", str(seed_store), "--no-cache"])
    assert capsys.readouterr().out == before


def test_cached_findings_are_kept_in_memory_and_merged_with_the_fresh(seed_store, tmp_path, monkeypatch):
    """A second run reads unchanged forms' findings from the cache (kept, not spooled) and checks the
    changed form again (spooled): together, the same findings in the same order as a run without a cache."""
    cache = tmp_path / "cache"
    lint_paths([seed_store], LintConfig(), cache_dir=cache)
    form = seed_store / "机关党建经费.toml"
    form.write_text(form.read_text(encoding="utf-8").replace("≥ 90%", "≥ 80%", 1), encoding="utf-8")
    monkeypatch.setattr(Spool, "BLOCK", 5)
    again = lint_paths([seed_store], LintConfig(), cache_dir=cache, spool=True)
    assert again.findings.kept and again.findings.runs  # both kinds of run
    assert list(again.findings) == lint_paths([seed_store], LintConfig()).findings
    unchanged = lint_paths([seed_store], LintConfig(), cache_dir=cache, spool=True)  # all from the cache
    assert not unchanged.findings.runs and list(unchanged.findings) == lint_paths([seed_store], LintConfig()).findings


def test_runs_that_follow_one_another_are_chained_and_overlapping_ones_merged(monkeypatch):
    """Chunks of files come in order and are read one after the other; the run rules' findings span
    every file and are merged in. Either way the order is `_order`'s, and severities are counted."""
    monkeypatch.setattr(Spool, "BLOCK", 3)

    def row(path, indicator, code="JX101", severity="warning"):
        return (code, severity, "m", path, "p", indicator, None, None)  # indicator -1: the form's own

    chunks = [[row(f"{c}/{n}.toml", i) for n in range(3) for i in (-1, 0, 2)] for c in "abc"]
    spanning = [row(f"{c}/1.toml", 1, "JX205", "info") for c in "cab"]
    spool = Spool()
    for chunk in chunks:
        spool.add(chunk, ordered=True)
    spool.add(spanning)
    spool.keep([row("b/0.toml", 5, "JX206", "error")])
    everything = sorted([*sum(chunks, []), *spanning, row("b/0.toml", 5, "JX206", "error")],
                        key=lambda t: (t[3], t[5], t[0]))
    assert list(spool.rows()) == everything
    assert list(spool.rows()) == everything  # read again
    assert [f.code for f in spool] == [t[0] for t in everything]
    assert len(spool) == len(everything) and spool.severities == {"warning": 27, "info": 3, "error": 1}
