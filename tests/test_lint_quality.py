"""The linter against the annotated corpus (tests/corpus): the targets of the quality benchmark hold."""

import pytest

from benchmarks.quality import CATEGORIES, HOLDOUT, corpus_files, evaluate
from store.importing.importer import import_files


@pytest.mark.parametrize("corpus", ["tuned", "held-out"])
def test_recall_and_precision_on_the_annotated_corpora(tmp_path, corpus):
    if corpus == "tuned":
        files, truth = corpus_files(tmp_path / "binary"), None
    else:
        files, truth = sorted((HOLDOUT / "text").glob("*.txt")), HOLDOUT
    report = import_files(files, tmp_path / "store")
    assert not report.errors
    result = evaluate(tmp_path / "store", *([truth] if truth else []))
    assert not result["missing"]  # every form of the truth was imported
    found, total = result["found"], result["total"]
    recall = sum(found[c] for c in CATEGORIES) / sum(total[c] for c in CATEGORIES)
    precision = found["_precise"] / total["_flagged"]
    assert recall >= 0.95, result["misses"]
    assert precision >= 0.95, result["wrong"]
    assert result["false_on_clean"] == 0, result["wrong"]
    assert result["jx501"][False] == 0, result["wrong"]
