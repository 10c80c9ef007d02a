"""A misbehaving LLM server, through the real openai client on 127.0.0.1: one that trickles, floods,
echoes the key or never answers is given up on in bounded time, and nothing it sent is stored."""

from __future__ import annotations

import json
import time

import pytest

from drafting.llm import LLMConfig, LLMEngine
from drafting.suggestions import load, suggest_paths
from tests.llm.fake_openai import FakeOpenAI, Reply, completion
from tests.llm.test_llm_engine import GOOD

SECRET = "sk-test-DO-NOT-LEAK-0987654321"


@pytest.fixture(autouse=True)
def secret_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def run(server, tmp_path, paths, **settings):
    config = LLMConfig(**{"model": "m", "base_url": server.base_url, "timeout": 1, "max_retries": 0,
                          "reasks": 1, **settings})
    llm = LLMEngine(config, cache_dir=tmp_path / "cache", progress=False)
    return suggest_paths(paths, "llm", llm=llm), llm


def stored_text(root) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in root.rglob("*") if p.is_file())


def test_a_server_that_never_answers_is_given_up_on_in_bounded_time(seed_store, tmp_path):
    with FakeOpenAI(lambda body, n: Reply(completion("{}"), delay=30)) as server:
        started = time.monotonic()
        result, llm = run(server, tmp_path, [seed_store], concurrency=2)
        took = time.monotonic() - started
        asked = len(server.requests)
    failures = [r for r in llm.last_run.results.values() if isinstance(r, Exception)]
    assert len(failures) == 12  # every form reported, none drafted
    assert asked <= 4  # the breaker: after 3 forms with no answer the rest are not asked
    assert took < 10, took  # 12 forms × 30 s before


def test_a_trickling_reply_times_out_on_the_wall_clock(seed_store, tmp_path):
    body = completion(json.dumps(GOOD, ensure_ascii=False))
    with FakeOpenAI(lambda b, n: Reply(body, trickle=0.2)) as server:
        started = time.monotonic()
        _, llm = run(server, tmp_path, [seed_store / "机关党建经费.toml"])
        took = time.monotonic() - started
    [failure] = llm.last_run.results.values()
    assert isinstance(failure, Exception) and "超时" in str(failure)
    assert took < 6, took  # the SDK's per-read timeout alone never fires on a byte every 0.2 s


def test_a_flood_is_refused_and_at_most_max_suggestions_are_queued(seed_store, tmp_path):
    organ = seed_store / "机关党建经费.toml"
    one = GOOD["suggestions"][1]
    flood = json.dumps({"suggestions": [dict(one, name=f"开展主题党日活动次数{i}") for i in range(20_000)]},
                       ensure_ascii=False)
    many = json.dumps({"suggestions": [dict(one, name=f"开展活动{i}次数") for i in range(30)]}, ensure_ascii=False)
    with FakeOpenAI(lambda b, n: Reply(completion(flood))) as server:
        _, llm = run(server, tmp_path, [organ])
    [failure] = llm.last_run.results.values()
    assert isinstance(failure, Exception) and "回答过长" in str(failure)
    with FakeOpenAI(lambda b, n: Reply(completion(many))) as server:
        run(server, tmp_path / "2", [organ], max_suggestions=5)
    assert len([s for s in load(organ) if s.engine == "llm"]) <= 5


def test_a_reply_that_echoes_the_key_is_refused_and_never_stored(seed_store, tmp_path, capsys):
    organ = seed_store / "机关党建经费.toml"
    echo = dict(GOOD, suggestions=[dict(GOOD["suggestions"][1], reason=f"your key is {SECRET}")])
    with FakeOpenAI(lambda b, n: Reply(completion(json.dumps(echo, ensure_ascii=False)))) as server:
        _, llm = run(server, tmp_path, [organ])
    [failure] = llm.last_run.results.values()
    assert isinstance(failure, Exception) and "API 密钥" in str(failure)
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert SECRET not in stored_text(seed_store) + stored_text(tmp_path)


def test_anything_shaped_like_a_token_is_scrubbed():
    from drafting.llm.config import redact

    assert redact(f"key {SECRET} and Authorization: Bearer abcdefgh12345678 and sk-abcdefghijklmnop") == \
        "key *** and Authorization: *** and ***"
