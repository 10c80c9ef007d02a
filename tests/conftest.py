from pathlib import Path

import pytest

from store import Store
from store.importing.importer import import_files

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "xixia-2020.txt"


@pytest.fixture
def seed_store(tmp_path) -> Path:
    """The seed imported into a fresh store."""
    store = tmp_path / "store"
    report = import_files([SEED], store)
    assert not report.errors
    return store


@pytest.fixture
def seed_declarations(seed_store):
    loaded, errors = Store(seed_store).load_all()
    assert not errors
    return {s.declaration.project: s.declaration for s in loaded}
