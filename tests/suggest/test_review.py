"""The review queue: accept, reject, edit, stale, undo, idempotent re-runs, the interactive loop."""

import json

import pytest

from drafting.lint import lint_paths
from drafting.suggestions import decide, load, suggest_paths, undo
from drafting.suggestions.queue import sidecar
from store import ConflictError, Store, StoreError
from tui import review
from tui.cli import main


@pytest.fixture
def organ(seed_store):
    """机关党建经费 with its suggestions queued."""
    suggest_paths([seed_store])
    return seed_store / "机关党建经费.toml"


def pending(path):
    return [s for s in load(path) if s.status == "pending"]


def by_name(path, name):
    return next(s for s in pending(path) if s.before and s.before.name == name)


def test_suggest_leaves_the_declaration_untouched(seed_store):
    before = {p: p.read_bytes() for p in seed_store.glob("*.toml")}
    suggest_paths([seed_store])
    assert {p: p.read_bytes() for p in seed_store.glob("*.toml")} == before
    assert sidecar(seed_store / "机关党建经费.toml").exists()
    assert len(Store(seed_store).files()) == 12  # sidecars are not declarations


def test_rerun_does_not_duplicate(organ, seed_store):
    first = [s.id for s in load(organ)]
    suggest_paths([seed_store])
    assert [s.id for s in load(organ)] == first


def test_accept_applies_atomically_and_relint_shows_the_finding_gone(organ):
    s = by_name(organ, "资金投入53.10万元")
    before_codes = {(f.code, f.indicator) for f in lint_paths([organ]).findings}
    assert ("JX304", 3) in before_codes
    result = decide(organ, accept=[s.id])
    assert result.accepted == [s.id]
    d = Store(organ.parent).load(organ).declaration
    assert (d.indicators[3].name, d.indicators[3].value) == ("资金投入", "≤53.1万元")
    after_codes = {(f.code, f.indicator) for f in lint_paths([organ]).findings}
    assert ("JX304", 3) not in after_codes
    assert [p.name for p in organ.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_rejected_never_come_back(organ, seed_store):
    s = by_name(organ, "2020年底前完成")
    decide(organ, reject=[s.id])
    suggest_paths([seed_store])
    assert [x.status for x in load(organ) if x.id == s.id] == ["rejected"]
    assert s.id not in {x.id for x in pending(organ)}


def test_edit_then_accept(organ):
    s = by_name(organ, "资金投入53.10万元")
    edited = s.after.model_copy(update={"name": "党建活动经费"})
    decide(organ, accept=[s.id], edits={s.id: edited})
    d = Store(organ.parent).load(organ).declaration
    assert d.indicators[3].name == "党建活动经费"
    [done] = [x for x in load(organ) if x.id == s.id]
    assert done.edited and done.proposed.name == "资金投入"


def test_a_form_edited_outside_makes_its_suggestions_stale(organ, seed_store):
    s = by_name(organ, "资金投入53.10万元")
    organ.write_text(organ.read_text(encoding="utf-8").replace('value = "≥ 90%"', 'value = "≥95%"', 1), encoding="utf-8")
    result = decide(organ, accept=[s.id])
    assert result.stale == [s.id] and not result.accepted
    assert "资金投入53.10万元" in organ.read_text(encoding="utf-8")
    suggest_paths([seed_store])  # re-drafting on the edited form queues it afresh
    assert s.id in {x.id for x in pending(organ)}


def test_several_accepts_on_one_form_follow_each_other(seed_store):
    suggest_paths([seed_store])
    talent = seed_store / "人才工作经费.toml"
    ids = [s.id for s in pending(talent) if not s.fill_in]  # a fill-in waits for its number
    result = decide(talent, accept=ids)
    assert sorted(result.accepted) == sorted(ids) and not result.stale
    rows = Store(seed_store).load(talent).declaration.indicators
    quantity = [r.name for r in rows if r.level2 == "数量指标"]
    assert quantity[0] == "选拔培养经营管理人才人数"  # the pasted row, replaced in place
    assert {"选拔培养技术带头人人数", "选拔培养青年后备骨干人才人数", "表彰西夏才俊人数"} <= set(quantity)
    assert [r.level2 for r in rows[: len(quantity)]] == ["数量指标"] * len(quantity)  # added inside the 数量 block
    assert not any("西夏优秀人才培养计划" in r.name for r in rows)


def test_undo_restores_the_file_and_the_queue(organ):
    original = organ.read_bytes()
    s = by_name(organ, "资金投入53.10万元")
    decide(organ, accept=[s.id], edits={s.id: s.after.model_copy(update={"name": "改过"})})
    assert organ.read_bytes() != original
    undo(organ)
    assert organ.read_bytes() == original
    [back] = [x for x in load(organ) if x.id == s.id]
    assert back.status == "pending" and back.after.name == "资金投入" and not back.edited
    with pytest.raises(StoreError):
        undo(organ)  # nothing left to undo


def test_undo_refuses_after_a_later_edit(organ):
    s = by_name(organ, "资金投入53.10万元")
    decide(organ, accept=[s.id])
    organ.write_text(organ.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = organ.read_bytes()
    with pytest.raises(ConflictError):
        undo(organ)
    assert organ.read_bytes() == later


def test_accept_refuses_when_the_file_changes_during_the_save(organ, monkeypatch):
    """An editor outside jixiao takes no lock: the declaration is checked again right before its
    rename, and then nothing of the change lands (no history entry, the queue still pending)."""
    from store import journal
    from store.history import history_path

    s = by_name(organ, "资金投入53.10万元")
    real_put = journal._put

    def colleague_saves_first(path, data, check=None):
        if path == organ:
            organ.write_text(organ.read_text(encoding="utf-8").replace("机关党建经费", "同事改的"), encoding="utf-8")
        return real_put(path, data, check)

    monkeypatch.setattr(journal, "_put", colleague_saves_first)
    with pytest.raises(ConflictError):
        decide(organ, accept=[s.id])
    assert "同事改的" in organ.read_text(encoding="utf-8")
    assert not history_path(organ).exists() and not journal.journal_path(organ).exists()
    assert by_name(organ, "资金投入53.10万元").status == "pending"


def test_interactive_loop_through_stdin(organ):
    assert [s.before.name for s in pending(organ)][:2] == ["2020年底前完成", "资金投入53.10万元"]
    answers = iter(["?", "x", "n", "e", "党建活动经费", "", "q"])
    said = []
    accepted = review.interactive(organ, [], ask=lambda prompt: next(answers), say=said.append)
    assert accepted == 1
    text = "\n".join(said)
    assert "y - 接受这条建议" in text and "请输入" in text and "已保存；撤销：jixiao undo" in text
    d = Store(organ.parent).load(organ).declaration
    assert (d.indicators[2].name, d.indicators[3].name, d.indicators[3].value) == ("2020年底前完成", "党建活动经费", "≤53.1万元")
    assert sorted(s.status for s in load(organ))[:2] == ["accepted", "pending"]
    assert sorted(s.status for s in load(organ))[-1] == "rejected"


def test_interactive_quit_and_end_of_input_keep_the_rest(organ):
    answers = iter(["s"])

    def ask(prompt):
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    before = len(pending(organ))
    assert review.interactive(organ, [], ask=ask, say=lambda *_: None) == 0
    assert len(pending(organ)) == before


def test_accept_all_skips_display_only(organ):
    queue_items = load(organ)
    queue_items[0].engine = "llm"  # as if an LLM had made it
    from drafting.suggestions.queue import save

    save(organ, queue_items)
    accepted, missing = review.bulk(organ, [], [], accept_all=True, codes=[], problems=[], say=lambda *_: None)
    fill_ins = sum(s.fill_in for s in queue_items)
    assert fill_ins and accepted == len(queue_items) - 1 - fill_ins and not missing  # fill-ins wait for their number
    assert [s.status for s in load(organ)][0] == "pending"


def test_cli_suggest_json_review_and_undo(seed_store, capsys):
    assert main(["suggest", str(seed_store), "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    fields = {"id", "path", "project", "kind", "indicator", "before", "after", "reason", "codes", "engine", "status",
              "group", "fill_in", "model_fill"}
    assert items and all(set(i) == fields for i in items)
    assert all(i["kind"] in ("add", "replace", "remove") and i["status"] == "pending" for i in items)
    organ = seed_store / "机关党建经费.toml"
    ids = [i["id"] for i in items if i["project"] == "机关党建经费"]
    assert main(["review", str(organ), "--accept", ids[0], "--reject", ids[1]]) == 0
    assert main(["review", str(seed_store), "--accept", "0000000000"]) == 2
    assert main(["undo", str(organ)]) == 0
    out = capsys.readouterr().out
    assert "已撤销" in out
    assert main(["suggest", str(seed_store), "--only", "JX304"]) == 0
    text = capsys.readouterr().out
    assert "JX304" in text and "jixiao review" in text


def test_cli_suggest_reports_unreadable_files_and_goes_on(seed_store, capsys):
    (seed_store / "坏.toml").write_text("year = [", encoding="utf-8")
    assert main(["suggest", str(seed_store)]) == 2
    out, err = capsys.readouterr()
    assert "坏.toml" in err and "机关党建经费" in out
