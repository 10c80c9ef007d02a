"""Replies are streamed and retried by jixiao itself: a stalled stream is given up on without
waiting for the timeout, busy servers are asked again after backing off, and the SDK never piles
its own retries on top."""

import json
import time

import pytest

from drafting.llm import LLMConfig, LLMEngine
from drafting.suggestions import suggest_paths

from .fake_openai import FakeOpenAI, Reply, completion
from .test_llm_engine import GOOD, ORGAN

pytestmark = pytest.mark.usefixtures("secret_key")


@pytest.fixture
def secret_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-streaming-000000000")
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def draft(server, tmp_path, path, **settings):
    config = LLMConfig(**{"model": "m", "base_url": server.base_url, "timeout": 5, "reasks": 0, **settings})
    llm = LLMEngine(config, cache_dir=tmp_path / "cache", progress=False)
    suggest_paths([path], "llm", llm=llm)
    [result] = llm.last_run.results.values()
    return result, llm.last_run


def good_reply(body=None, n=0):
    return Reply(completion(json.dumps(GOOD, ensure_ascii=False)))


def test_replies_are_streamed_and_their_usage_counted(seed_store, tmp_path):
    with FakeOpenAI(good_reply) as server:
        result, run = draft(server, tmp_path, seed_store / ORGAN)
    assert not isinstance(result, Exception) and len(result.suggestions) == 2
    assert server.requests[0]["stream"] is True
    assert run.usage.completion_tokens == 50 and not run.usage.counted  # the server's own usage chunk
    with FakeOpenAI(good_reply) as server:
        result, _ = draft(server, tmp_path / "plain", seed_store / ORGAN, stream=False)
    assert len(result.suggestions) == 2 and "stream" not in server.requests[0]


def test_a_stream_that_stops_is_given_up_on_before_the_timeout(seed_store, tmp_path, monkeypatch):
    monkeypatch.setattr("drafting.llm.client.STALL", 0.5)
    body = completion(json.dumps(GOOD, ensure_ascii=False))
    with FakeOpenAI(lambda b, n: Reply(body, stall=4)) as server:
        started = time.monotonic()
        result, _ = draft(server, tmp_path, seed_store / ORGAN, timeout=10, max_retries=0)
        took = time.monotonic() - started
    assert isinstance(result, Exception) and "已停止输出" in str(result) and result.unreachable
    assert took < 3, took  # not the 10 s timeout


def test_a_busy_server_is_asked_again_after_backing_off_and_only_by_jixiao(seed_store, tmp_path):
    def script(body, n):
        if n < 2:
            return Reply({"error": {"message": "busy"}}, status=503, headers={"retry-after-ms": "200"})
        return good_reply()

    with FakeOpenAI(script) as server:
        started = time.monotonic()
        result, run = draft(server, tmp_path, seed_store / ORGAN, max_retries=2)
        took = time.monotonic() - started
    assert not isinstance(result, Exception) and len(server.requests) == 3 and run.usage.retries == 2
    assert took >= 0.4  # waited as the server asked, twice
    with FakeOpenAI(lambda b, n: Reply({"error": {"message": "busy"}}, status=503,
                                       headers={"retry-after-ms": "10"})) as server:
        result, _ = draft(server, tmp_path / "2", seed_store / ORGAN, max_retries=1)
    assert len(server.requests) == 2  # one try and one retry: the SDK adds none of its own
    assert "503" in str(result) and "已重试 1 次" in str(result)


def test_a_request_error_is_not_retried(seed_store, tmp_path):
    with FakeOpenAI(lambda b, n: Reply({"error": {"message": "bad model"}}, status=404)) as server:
        result, _ = draft(server, tmp_path, seed_store / ORGAN, max_retries=3)
    assert len(server.requests) == 1 and "404" in str(result)


def test_connections_are_kept_alive_between_requests(seed_store, tmp_path):
    config = LLMConfig(model="m", timeout=5, concurrency=2, reasks=0)
    with FakeOpenAI(good_reply) as server:
        llm = LLMEngine(config.model_copy(update={"base_url": server.base_url}), cache_dir=tmp_path, progress=False)
        suggest_paths([seed_store], "llm", llm=llm)
    assert len(server.requests) == 12
    assert len(server.connections) <= 3  # not one per request
