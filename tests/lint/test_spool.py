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
