"""The blind 2021-framework corpus (tests/fixtures/forms2021, ground truth written before jixiao ran
on it): every form imports field by field as the truth says, lints with exactly the expected
structure errors, and exports and re-imports identically as text and as xlsx."""

import importlib.util
import json
from pathlib import Path

import pytest

from drafting.lint import LintConfig, lint_forms
from drafting.lint.view import FormView
from store.exporting.text import export_text
from store.exporting.xlsx import export_xlsx
from store.importing.build import build_all
from store.importing.sources import read_forms

CORPUS = Path(__file__).parent / "fixtures" / "forms2021"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FIELDS = ("year", "region", "project", "department", "department_code", "implementer", "implementer_code",
          "attribute", "attribute_code", "period", "goal", "framework")
OPTIONAL = ("midterm", "score", "direction", "scoring", "explanation", "basis")
STRUCTURE = LintConfig(select=["JX101", "JX102", "JX103"])


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, list]:
    """Each corpus file → its build results, the binary ones built into a temp folder first."""
    out = tmp_path_factory.mktemp("forms2021")
    spec = importlib.util.spec_from_file_location("forms2021_build", CORPUS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(out)
    files = {entry["file"] for entry in EXPECTED}
    return {name: build_all(read_forms(CORPUS / name if name.startswith("text/") else out / name)) for name in files}


def _declaration(imported, entry):
    result = imported[entry["file"]][entry["form"]]
    assert not isinstance(result, Exception), result
    return result


@pytest.mark.parametrize("entry", EXPECTED, ids=lambda e: f"{e['file']}#{e['form']}")
def test_imports_field_by_field(imported, entry):
    built = _declaration(imported, entry)
    d = built.declaration
    assert len(imported[entry["file"]]) == sum(1 for e in EXPECTED if e["file"] == entry["file"])
    for field in FIELDS:
        assert getattr(d, field) == entry[field], field
    assert d.funds.model_dump() == entry["funds"]
    got = [{"level1": r.level1, "level2": r.level2, "name": r.name, "value": r.value,
            **{key: getattr(r, key) for key in OPTIONAL if getattr(r, key)}} for r in d.indicators]
    assert got == entry["indicators"]


@pytest.mark.parametrize("entry", EXPECTED, ids=lambda e: f"{e['file']}#{e['form']}")
def test_structure_errors_are_exactly_the_expected_ones(imported, entry):
    d = _declaration(imported, entry).declaration
    found = {f.code for f in lint_forms([FormView("x.toml", d)], STRUCTURE)}
    assert found == set(entry["structure_errors"])


@pytest.mark.parametrize("entry", [e for e in EXPECTED if not e["structure_errors"]], ids=lambda e: f"{e['file']}#{e['form']}")
def test_clean_forms_lint_without_structure_or_cost_errors(imported, entry):
    d = _declaration(imported, entry).declaration
    errors = [f for f in lint_forms([FormView("x.toml", d)], LintConfig()) if f.severity.name == "ERROR"]
    assert errors == []


@pytest.mark.parametrize("entry", EXPECTED, ids=lambda e: f"{e['file']}#{e['form']}")
def test_round_trip_through_text_and_xlsx(imported, entry, tmp_path):
    d = _declaration(imported, entry).declaration
    text = tmp_path / "again.txt"
    text.write_text(export_text([d]), encoding="utf-8")
    assert [r.declaration for r in build_all(read_forms(text))] == [d]
    sheet = tmp_path / "again.xlsx"
    export_xlsx([d], sheet)
    assert [r.declaration for r in build_all(read_forms(sheet))] == [d]
