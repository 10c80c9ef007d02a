"""One form being edited: undo that never loses an accepted suggestion, findings that follow their rows."""

from drafting.lint import lint_paths
from drafting.suggestions import decide, load, suggest_paths
from drafting.suggestions.model import units
from tui.session import FormSession


def _pending_ids(session):
    return {s.id for s in session.pending()}


def test_undoing_an_accepted_suggestion_puts_it_back_in_the_queue(seed_store):
    suggest_paths([seed_store])
    path = seed_store / "机关党建经费.toml"
    session = FormSession(path)
    suggestion = session.pending()[0]
    assert session.accept([suggestion])
    session.save()
    assert next(s for s in load(path) if s.id == suggestion.id).status == "accepted"
    # Undone after the save: the change leaves the form, the suggestion comes back, and the next
    # save records it as pending again instead of leaving an "accepted" that the file does not hold.
    assert session.undo()
    assert suggestion.id in _pending_ids(session)
    session.save()
    assert next(s for s in load(path) if s.id == suggestion.id).status == "pending"
    # Redo accepts it again.
    assert session.redo()
    assert suggestion.id not in _pending_ids(session)
    session.save()
    assert next(s for s in load(path) if s.id == suggestion.id).status == "accepted"


def test_undo_before_saving_never_records_the_accept(seed_store):
    suggest_paths([seed_store])
    path = seed_store / "机关党建经费.toml"
    session = FormSession(path)
    suggestion = session.pending()[0]
    session.accept([suggestion])
    session.undo()
    session.save()
    assert next(s for s in load(path) if s.id == suggestion.id).status == "pending"


def test_cross_form_findings_follow_their_rows(seed_store):
    run = lint_paths([seed_store])
    path = str(seed_store / "干部教育培训经费.toml")
    copied = [f for f in run.findings if f.path == path and f.code == "JX206" and f.indicator is not None]
    assert copied, "the seed has boilerplate rows in this form"
    session = FormSession(seed_store / "干部教育培训经费.toml", run_findings=[f for f in run.findings if f.path == path])
    rows = {f.indicator: session.declaration.indicators[f.indicator] for f in copied}
    session.add_row(-1)  # a new first row pushes every row down
    messages = {f.message for f in copied}

    def from_the_store():
        return {f.indicator for f in session.findings if f.message in messages}

    assert from_the_store() == {i + 1 for i in rows}
    for i, row in rows.items():
        assert session.declaration.indicators[i + 1] == row
    deleted = min(rows) + 1
    session.delete_row(deleted)  # a deleted row takes its finding with it; the rows below move up
    assert from_the_store() == {i + 1 - (i + 1 > deleted) for i in rows if i + 1 != deleted}


def test_after_a_save_in_the_app_the_other_suggestions_still_apply_from_the_cli(seed_store):
    suggest_paths([seed_store])
    path = seed_store / "为民服务和发展专项资金项目.toml"
    session = FormSession(path)
    first, *rest = [g for g in units(session.pending()) if not any(s.fill_in for s in g)]
    assert session.accept(first)
    session.save()
    other = rest[0][0]
    assert next(s for s in load(path) if s.id == other.id).status == "pending"
    assert decide(path, accept=[other.id]).accepted  # not stale: it was made against the form as saved
