"""The `llm` engine: many forms at once, a bounded number of requests in flight, a cache that makes
re-runs and resumed runs free, and Batch API files for runs too big for this machine."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openai
from pydantic import ValidationError

from store.files import write_atomic
from store.model import one_line

from ..lint.findings import Finding
from ..lint.view import FormView
from ..suggestions.model import Drafting
from .client import JSON_OBJECT, Asker, LLMFailure, Usage, request_timeout
from .config import LLMConfig, api_key, redact
from .prompt import cache_key, messages
from .reply import ENGINE, Reply, to_suggestion

CHAT_URL = "/v1/chat/completions"


class ReplyCache:
    """Validated replies on disk, one file per (model, prompt version, form content) key."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Reply | None:
        if self.folder is None:
            return None
        try:
            return Reply.model_validate_json(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError):
            return None

    def put(self, key: str, reply: Reply) -> None:
        if self.folder is not None:
            write_atomic(self._path(key), reply.model_dump_json().encode("utf-8"))

    def modes(self) -> dict[str, str]:
        try:
            return json.loads((self.folder / "modes.json").read_text(encoding="utf-8")) if self.folder else {}
        except (OSError, ValueError):
            return {}

    def save_modes(self, modes: dict[str, str]) -> None:
        if self.folder is not None and modes:
            write_atomic(self.folder / "modes.json", json.dumps(modes).encode("utf-8"))


@dataclass
class LLMRun:
    results: dict[str, Drafting | LLMFailure] = field(default_factory=dict)  # by form path
    usage: Usage = field(default_factory=Usage)
    cached: int = 0
    slowed: bool = False  # a timeout made the run ask one form at a time


BREAKER = 3  # forms in a row with no answer at all, after which the rest are not asked


class LLMEngine:
    name = ENGINE

    def __init__(self, config: LLMConfig, cache_dir: Path | None = None, progress: bool | None = None,
                 client_factory: Callable[..., openai.AsyncOpenAI] = openai.AsyncOpenAI):
        self.config = config
        self.cache = ReplyCache(cache_dir)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.client_factory = client_factory
        self.last_run = LLMRun()

    def request(self, form: FormView, findings: list[Finding]) -> tuple[str, list[dict]]:
        request = messages(form, findings, self.config.max_suggestions)
        return cache_key(self.config.model, request), request

    def draft_all(self, items: list[tuple[FormView, list[Finding]]], offline: bool = False) -> LLMRun:
        """Drafts for every form; a form that fails is an LLMFailure in the results, never an exception."""
        self.last_run = asyncio.run(self._run(items, offline))
        return self.last_run

    async def _run(self, items, offline: bool) -> LLMRun:
        run = LLMRun()
        client = self.client_factory(api_key=api_key(), base_url=self.config.base_url,
                                     timeout=request_timeout(self.config), max_retries=self.config.max_retries)
        asker = Asker(client, self.config, modes=self.cache.modes(), usage=run.usage)
        gate = asyncio.Semaphore(self.config.concurrency)
        # After a timeout the server is busier than it can bear (a desktop llama.cpp or Ollama has one
        # slot): the rest of the run asks one form at a time instead of piling on.
        single = asyncio.Lock()
        done = unanswered = 0  # unanswered: forms in a row the service did not answer at all

        async def one(form: FormView, findings: list[Finding]) -> None:
            nonlocal done, unanswered
            key, request = self.request(form, findings)
            reply = self.cache.get(key)
            if reply is not None:
                run.cached += 1
            elif offline:
                run.results[form.path] = LLMFailure("批处理结果中没有这张表的回答")
                return
            else:
                async with gate:
                    if unanswered >= BREAKER:  # a dead endpoint costs a few forms' wait, not every form's
                        run.results[form.path] = LLMFailure(f"大模型服务已连续 {unanswered} 张表没有回答，本表未再请求")
                        return
                    try:
                        async with single if run.slowed else contextlib.nullcontext():
                            reply = await asyncio.wait_for(asker.ask(request), asker.deadline * (self.config.reasks + 1))
                    except (LLMFailure, TimeoutError) as exc:
                        failure = exc if isinstance(exc, LLMFailure) else LLMFailure("本表的回答超时", unreachable=True)
                        unanswered += failure.unreachable
                        run.slowed = run.slowed or failure.unreachable and self.config.concurrency > 1
                        run.results[form.path] = failure
                        return
                    finally:
                        done += 1
                        self._show(done, len(items))
                    unanswered = 0
                # At once (an interrupted run resumes from here), off the event loop: a save fsyncs.
                await asyncio.to_thread(self.cache.put, key, reply)
            run.results[form.path] = self._drafting(form, reply)

        try:
            await asyncio.gather(*(one(form, findings) for form, findings in items))
        finally:
            self.cache.save_modes(asker.modes)
            await client.close()
            if self.progress and done:
                sys.stderr.write("\n")
        return run

    def _show(self, done: int, total: int) -> None:
        if self.progress:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r大模型起草 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

    def _drafting(self, form: FormView, reply: Reply) -> Drafting:
        # Asked for at most max_suggestions; a model that sends more gets its first ones taken.
        drafting = Drafting(dropped=max(len(reply.suggestions) - self.config.max_suggestions, 0))
        if not reply.suggestions:
            drafting.notes.append("大模型没有提出建议")
        for change in reply.suggestions[:self.config.max_suggestions]:
            suggestion, why = to_suggestion(form, change)
            if suggestion is None:  # said, with the model's words cut short and cleaned
                drafting.dropped += 1
                what = one_line(f"{change.name or '（无名称）'} / {change.value or '（无值）'}")[:40]
                drafting.notes.append(f"大模型建议未采用（{what}）：{why}")
            else:
                drafting.suggestions.append(suggestion)
        return drafting

    # --- Batch API files -------------------------------------------------------------------------

    def write_batch(self, items: list[tuple[FormView, list[Finding]]], out: Path) -> int:
        """OpenAI Batch API / `vllm run-batch` request lines for the forms not yet answered."""
        lines = []
        for form, findings in items:
            key, request = self.request(form, findings)
            if self.cache.get(key) is not None:
                continue
            body = {"model": self.config.model, "messages": request, "temperature": self.config.temperature,
                    "response_format": {"type": JSON_OBJECT}}
            lines.append(json.dumps({"custom_id": key, "method": "POST", "url": CHAT_URL, "body": body},
                                    ensure_ascii=False))
        write_atomic(out, ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
        return len(lines)

    def read_batch(self, items: list[tuple[FormView, list[Finding]]], results: Path) -> list[str]:
        """Put Batch API / vLLM output lines into the cache, matched by custom_id in any order.

        Returns one line per result that could not be used.
        """
        keys = {self.request(form, findings)[0]: form.path for form, findings in items}
        problems = []
        try:
            text = results.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return [f"{results}: 无法读取：{exc}"]
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{results}:{number}"
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                problems.append(f"{where}: 不是合法的 json 行")
                continue
            custom_id = record.get("custom_id")
            if not isinstance(custom_id, str) or custom_id not in keys:
                problems.append(f"{where}: custom_id {str(custom_id)[:40]} 不对应本次的任何申报表")
                continue
            response = record.get("response") if isinstance(record.get("response"), dict) else {}
            body = response.get("body") if isinstance(response.get("body"), dict) else {}
            if record.get("error") or response.get("status_code", 200) != 200:
                error = record.get("error") or body.get("error") or response.get("status_code")
                problems.append(redact(f"{where}: {keys[custom_id]} 的请求失败：{json.dumps(error, ensure_ascii=False)[:100]}"))
                continue
            try:
                content = response["body"]["choices"][0]["message"]["content"]
                reply = Reply.model_validate(json.loads(content))
            except (KeyError, IndexError, TypeError, ValueError, ValidationError):
                problems.append(f"{where}: {keys[custom_id]} 的回答不是有效的建议 json")
                continue
            self.cache.put(custom_id, reply)
        return problems
