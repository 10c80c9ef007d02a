"""Prompt v3 and LLM fill-ins, through the real openai client against the scripted server.

v3 speaks the form's own framework, shows each row's parsed target, lists the library entries of
the project's sector and offers the rules engine's fill-ins (F1, F2 …) for the model's numbers.
A number the model proposes stays a proposal: the blank is the reviewer's to fill.
"""

import json
import re

import pytest

from drafting.llm import LLMConfig, LLMEngine
from drafting.suggestions import decide, load, suggest_paths
from store import Store
from store.importing.importer import import_files
from tests.conftest import ROOT
from tui.cli import main
from tui.review import PROMPT, interactive

from .fake_openai import FakeOpenAI, Reply, completion

ORGAN = "机关党建经费.toml"
OFFER = re.compile(r"^(F\d+)\. (?:新增|替换第(\d+)条)：(.+?) / (.+?) / (.+?) / (.+)$", re.M)


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "JIXIAO_MODEL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def water_store(tmp_path):
    store = tmp_path / "water"
    assert not import_files([ROOT / "examples" / "water-2023.txt"], store).errors
    return store


def kinds(path) -> set[str]:
    return {r.parsed.kind for r in Store(path.parent).load(path).declaration.indicators}


def user_text(body) -> str:
    return body["messages"][1]["content"]


def offers(body) -> list[tuple[str, str]]:
    """(id, value template) of each fill-in the prompt offers."""
    return [(m[0], m[5]) for m in OFFER.findall(user_text(body))]


def filling(numbers_for=lambda template: ["12"] * template.count("＿"), evidence=""):
    """A server that fills every offered blank and proposes nothing else."""
    def script(body, n):
        fills = [{"id": i, "numbers": numbers_for(t), "evidence": evidence} for i, t in offers(body)]
        return Reply(completion(json.dumps({"fills": fills, "suggestions": []}, ensure_ascii=False)))
    return script


def run_llm(server, tmp_path, paths, engine="llm", **settings):
    config = LLMConfig(**{"model": "m", "base_url": server.base_url, "timeout": 5, "max_retries": 0, **settings})
    return suggest_paths(paths, engine, llm=LLMEngine(config, cache_dir=tmp_path / "cache", progress=False))


def pending(path):
    return [s for s in load(path) if s.status == "pending"]


@pytest.mark.parametrize("framework", ["classic", "2021"])
def test_the_prompt_speaks_the_forms_own_framework_and_shows_each_rows_target(framework, seed_store, water_store,
                                                                               tmp_path):
    store = seed_store if framework == "classic" else water_store
    path = next(p for p in sorted(store.glob("*.toml")) if (framework == "classic" or "deadline" in kinds(p)))
    with FakeOpenAI(filling()) as server:
        run_llm(server, tmp_path, [path])
    system, user = (m["content"] for m in server.requests[0]["messages"])
    if framework == "classic":
        assert "产出指标下设数量指标、质量指标、时效指标、成本指标" in system and "经济成本指标（必填" not in system
        assert "乡村公路" in system  # its own worked example
    else:
        assert "成本指标是一级指标" in system and "经济成本指标" in user
        assert "图书室" in system
    # No worked example comes from a file the office ships with jixiao as its own example.
    examples = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "examples").glob("*.txt"))
    assert "乡村公路" not in examples and "社区图书室" not in examples
    declaration = Store(path.parent).load(path).declaration
    for row in declaration.indicators:  # the 2021 form has a deadline row
        if row.parsed.kind == "deadline":
            assert f"{row.value}（期限{row.parsed.deadline:%Y年%m月%d日}）" in user
    number = next(r for r in declaration.indicators if r.parsed.kind == "number" and r.parsed.unit)
    assert f"单位{number.parsed.unit}）" in user
    assert "## 可参考的指标库条目" in user and "＿" in user.split("## 可参考的指标库条目")[1]
    rules = suggest_paths([path], "rules").forms[0].queued
    expected = [s for s in rules if s.fill_in and not s.group and "＿" not in s.after.name and s.after.value[-1] != "＿"]
    assert sorted(t for _, t in offers(server.requests[0])) == sorted(s.after.value for s in expected)
    assert expected or "（无，fills 回答 []）" in user
    assert server.requests[0]["response_format"]["json_schema"]["schema"]["required"] == ["fills", "suggestions"]


def test_a_models_number_is_a_proposal_the_reviewer_must_fill_in(seed_store, tmp_path):
    organ = seed_store / ORGAN
    before = organ.read_bytes()
    with FakeOpenAI(filling()) as server:
        run = run_llm(server, tmp_path, [organ])
    assert not run.failures
    proposed = [s for s in pending(organ) if s.model_fill]
    assert len(proposed) == len(offers(server.requests[0])) > 0
    s = proposed[0]
    assert s.engine == "llm" and s.fill_in and "＿" in s.after.value  # the blank stays
    assert "＿" not in s.model_fill.value and "12" in s.model_fill.value and s.model_fill.evidence == ""
    # Accepting without filling is refused, however it is asked; the model's number fills it only when written.
    assert decide(organ, accept=[s.id]).unfilled == [s.id]
    assert decide(organ, accept=[s.id], bulk=True).accepted == []
    assert organ.read_bytes() == before
    result = decide(organ, accept=[s.id], edits={s.id: s.after.model_copy(update={"value": s.model_fill.value})})
    assert result.accepted == [s.id]
    assert s.model_fill.value in [r.value for r in Store(seed_store).load(organ).declaration.indicators]


def test_evidence_counts_only_when_it_is_the_goals_own_words_naming_the_number(seed_store, tmp_path):
    organ = seed_store / ORGAN
    organ.write_text(organ.read_text(encoding="utf-8").replace(
        "用于机关党支部履行职能、开展活动。", "用于机关党支部履行职能、开展活动，党员参训率达到95%。"), encoding="utf-8")
    ninety_five = lambda template: ["95"] * template.count("＿")  # noqa: E731
    cases = [("党员参训率达到95%", "党员参训率达到95%"),  # the goal's words, naming the number
             ("用于机关党支部履行职能", ""),  # the goal's words, saying nothing of 95
             ("上级文件要求达到95%", "")]  # not the goal's words
    for n, (cited, kept) in enumerate(cases):
        with FakeOpenAI(filling(ninety_five, evidence=cited)) as server:
            run_llm(server, tmp_path / str(n), [organ])
        assert {s.model_fill.evidence for s in pending(organ) if s.model_fill} == {kept}, cited


def test_junk_fills_are_dropped_and_said(seed_store, tmp_path):
    organ = seed_store / ORGAN

    def script(body, n):
        (first, template), *_ = offers(body)
        fills = [{"id": "F99", "numbers": ["1"], "evidence": ""},
                 {"id": first, "numbers": ["12"] * (template.count("＿") + 1), "evidence": ""}]
        return Reply(completion(json.dumps({"fills": fills, "suggestions": []})))

    with FakeOpenAI(script) as server:
        run = run_llm(server, tmp_path, [organ])
    assert not [s for s in pending(organ) if s.model_fill]
    notes = run.forms[0].notes
    assert any("F99：没有这个待填指标" in note for note in notes)
    assert any("个数字，回答了" in note for note in notes)


def test_a_percentage_over_100_is_refused(seed_store, tmp_path):
    organ = seed_store / ORGAN
    with FakeOpenAI(filling(lambda t: ["150"] * t.count("＿"))) as server:
        run = run_llm(server, tmp_path, [organ])
    percent = [i for i, t in offers(server.requests[0]) if t.endswith("%")]
    assert percent
    assert any(f"{percent[0]}：" in note and "超过100%" in note for note in run.forms[0].notes)


def test_a_grammar_server_must_fill_an_offered_id_with_digits(seed_store, tmp_path):
    def script(body, n):
        if body["response_format"]["type"] == "json_schema":
            return Reply({"error": {"message": "json_schema not supported"}}, status=400)
        return filling()(body, n)

    with FakeOpenAI(script) as server:
        run_llm(server, tmp_path, [seed_store / ORGAN], max_suggestions=3)
    fills = server.requests[1]["response_format"]["schema"]["properties"]["fills"]
    count = len(offers(server.requests[1]))
    assert 0 < count <= 3 and fills["minItems"] == 1 and fills["maxItems"] == count
    assert fills["items"]["properties"]["id"]["enum"] == [f"F{i}" for i in range(1, count + 1)]
    assert re.fullmatch(fills["items"]["properties"]["numbers"]["items"]["pattern"], "95.5")
    assert not re.fullmatch(fills["items"]["properties"]["numbers"]["items"]["pattern"], "九十五")
    # No backslash escapes: llama.cpp's grammar converter refused "\\." and the whole request failed.
    assert "\\" not in json.dumps(server.requests[1]["response_format"]["schema"], ensure_ascii=False)


def test_with_both_engines_the_models_number_rides_on_the_rules_fill_in(seed_store, tmp_path):
    organ = seed_store / ORGAN
    suggest_paths([organ], "rules")
    rules_fill_ins = {s.id for s in pending(organ) if s.fill_in}
    with FakeOpenAI(filling()) as server:
        run_llm(server, tmp_path, [organ], engine="both")
    fill_ins = [s for s in pending(organ) if s.fill_in]
    assert {s.id for s in fill_ins} == rules_fill_ins  # no second copy of any fill-in
    assert sum(bool(s.model_fill) for s in fill_ins) == len(offers(server.requests[0]))


def test_prompt_v2_stays_available_and_its_cached_replies_are_its_own(seed_store, tmp_path):
    organ = seed_store / ORGAN
    with FakeOpenAI(filling()) as server:
        run_llm(server, tmp_path, [organ], prompt="v2")
        assert "fills" not in server.requests[0]["response_format"]["json_schema"]["schema"]["required"]
        assert "待填数字" not in user_text(server.requests[0])
        run_llm(server, tmp_path, [organ], prompt="v2")
        assert len(server.requests) == 1  # cached
        run_llm(server, tmp_path, [organ])
        assert len(server.requests) == 2 and "待填数字" in user_text(server.requests[1])


def test_review_shows_the_proposal_and_enter_takes_it(seed_store, tmp_path, monkeypatch, capsys):
    organ = seed_store / ORGAN
    with FakeOpenAI(filling()) as server:
        run_llm(server, tmp_path, [organ], max_suggestions=1)
    s = next(s for s in pending(organ) if s.model_fill)
    main(["review", str(organ), "--list"])
    listing = capsys.readouterr().out
    assert f"模型提出，需核实：{s.model_fill.value}（总体目标中没有依据，是模型的估计）" in listing
    questions = []

    def answer(question):
        questions.append(question)
        # y, then Enter at the blank: the number the question showed
        return "y" if question == PROMPT else "" if "回车采用" in question else "q"

    interactive(organ, [], ask=answer, say=lambda line: questions.append(line))
    shown = "\n".join(questions)
    assert "模型提出，需核实" in shown and "回车采用模型提出的 12，请先核实" in shown
    assert s.model_fill.value in [r.value for r in Store(seed_store).load(organ).declaration.indicators]


def test_an_echo_of_the_prompts_worked_example_and_a_repeated_item_are_dropped_and_said(seed_store, tmp_path):
    organ = seed_store / ORGAN

    def add(name, value):
        return {"kind": "add", "indicator": None, "level1": "产出指标", "level2": "数量指标", "name": name,
                "value": value, "reason": "", "codes": []}

    echo = {"fills": [], "suggestions": [add("修补坑槽面积", "≥800平方米"), add("开展主题党日活动次数", "≥12次"),
                                         add("开展主题党日活动次数", "≥12次")]}
    with FakeOpenAI(lambda b, n: Reply(completion(json.dumps(echo, ensure_ascii=False)))) as server:
        run = run_llm(server, tmp_path, [organ])
    assert "修补坑槽面积" in server.requests[0]["messages"][0]["content"]  # the classic form's worked example
    assert [s.after.name for s in pending(organ) if s.engine == "llm"] == ["开展主题党日活动次数"]
    notes = run.forms[0].notes
    assert any("照抄了提示中的示例" in note for note in notes) and any("重复" in note for note in notes)


def test_fill_takes_a_bare_number_into_a_one_blank_target(seed_store, tmp_path, capsys):
    organ = seed_store / ORGAN
    with FakeOpenAI(filling()) as server:
        run_llm(server, tmp_path, [organ])
    s = next(s for s in pending(organ) if s.model_fill and s.after.value.count("＿") == 1
             and not s.after.value.endswith("＿"))
    assert main(["review", str(organ), "--fill", s.id, "93"]) == 0
    assert s.after.value.replace("＿", "93") in [r.value for r in Store(seed_store).load(organ).declaration.indicators]
