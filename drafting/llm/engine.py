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
from ..library import BLANK, Library, has_blank
from ..suggestions.model import Drafting, Suggestion
from ..suggestions.rules_engine import RulesEngine
from .client import JSON_OBJECT, Asker, LLMFailure, Usage, request_timeout
from .config import LLMConfig, api_key, redact
from .prompt import cache_key, messages, worked_examples
from .reply import ENGINE, Reply, offer_ids, to_fill, to_suggestion

CHAT_URL = "/v1/chat/completions"


def offerable(s: Suggestion) -> bool:
    """A fill-in the model can fill with numbers alone: blanks in the value only, each before a unit
    or within a date ("≥＿%", "2024年＿月＿日前"; not "≥＿", whose blank is number and unit), and not
    part of a group (a group is decided whole)."""
    value = s.after.value if s.after else ""
    return s.fill_in and not s.group and not has_blank(s.after.name) and not value.endswith(BLANK)


@dataclass(frozen=True)
class Request:
    """What is asked for one form: its cache key, the messages, and the fill-ins offered (F1, F2 …)."""

    form: FormView
    key: str
    messages: list[dict]
    offers: list[Suggestion]


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


BACKOFF = 1.0  # seconds before the first retry; doubled for each next one
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

    def requests(self, items: list[tuple[FormView, list[Finding]]], library: Library | None = None,
                 drafted: dict[str, Drafting] | None = None) -> list[Request]:
        """Each form's request. Under prompt v3 it offers the rules engine's fill-ins (value blanks,
        not part of a group) for the model to put numbers in; `drafted`: the rules engine's drafts
        when the run has them already (`--engine both`), by form path."""
        rules = RulesEngine(library, peers=items) if self.config.prompt != "v2" and drafted is None else None
        out = []
        for form, findings in items:
            offers = []
            if self.config.prompt != "v2":
                drafting = drafted[form.path] if drafted is not None else rules.draft(form, findings)
                offers = [s for s in drafting.suggestions if offerable(s)][:self.config.max_suggestions]
            request = messages(form, findings, self.config.max_suggestions, offers, library, self.config.prompt)
            out.append(Request(form, cache_key(self.config.model, request, self.config.prompt), request, offers))
        return out

    def draft_all(self, items: list[tuple[FormView, list[Finding]]], offline: bool = False,
                  library: Library | None = None, drafted: dict[str, Drafting] | None = None) -> LLMRun:
        """Drafts for every form; a form that fails is an LLMFailure in the results, never an exception.
        `library`: the run's indicator library (the shipped one when None); `drafted`: as for `requests`."""
        self.last_run = asyncio.run(self._run(self.requests(items, library, drafted), offline))
        return self.last_run

    async def _run(self, items: list[Request], offline: bool) -> LLMRun:
        run = LLMRun()
        client = self.client_factory(api_key=api_key(), base_url=self.config.base_url,
                                     timeout=request_timeout(self.config), max_retries=0)  # retried by _ask
        streamed = 0  # chunks received in this run, for the progress line

        def arrived(chunks: int) -> None:
            nonlocal streamed
            streamed += chunks
            self._show(done, len(items), streamed)

        asker = Asker(client, self.config, modes=self.cache.modes(), usage=run.usage, on_tokens=arrived)

        gate = asyncio.Semaphore(self.config.concurrency)
        # After a timeout the server is busier than it can bear (a desktop llama.cpp or Ollama has one
        # slot): the rest of the run asks one form at a time instead of piling on.
        single = asyncio.Lock()
        done = unanswered = 0  # unanswered: forms in a row the service did not answer at all

        async def one(asking: Request) -> None:
            nonlocal done, unanswered
            form, key = asking.form, asking.key
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
                        reply = await self._ask(asker, asking, run, single)
                    except LLMFailure as failure:
                        unanswered += failure.unreachable
                        run.results[form.path] = failure
                        return
                    finally:
                        done += 1
                        self._show(done, len(items), streamed)
                    unanswered = 0
                # At once (an interrupted run resumes from here), off the event loop: a save fsyncs.
                await asyncio.to_thread(self.cache.put, key, reply)
            run.results[form.path] = self._drafting(form, reply, asking.offers, worked_examples(asking.messages))

        try:
            await asyncio.gather(*(one(asking) for asking in items))
        finally:
            self.cache.save_modes(asker.modes)
            await client.close()
            if self.progress and done:
                sys.stderr.write("\n")
        return run

    async def _ask(self, asker: Asker, asking: Request, run: LLMRun, single: asyncio.Lock) -> Reply:
        """One form's reply. A busy, rate-limited or silent server is asked again after backing off
        (as long as it asked for, else 1, 2, 4 … s); after a timeout the run goes one form at a time."""
        attempt = 0
        while True:
            try:
                async with single if run.slowed else contextlib.nullcontext():
                    return await asyncio.wait_for(asker.ask(asking.messages, len(asking.offers)),
                                                  asker.request_timeout * (self.config.reasks + 1))
            except TimeoutError:
                failure = LLMFailure("本表的回答超时", unreachable=True)
            except LLMFailure as exc:
                failure = exc
            if failure.unreachable and self.config.concurrency > 1:
                run.slowed = True
            if not failure.retryable or attempt == self.config.max_retries:
                raise LLMFailure(f"{failure}（已重试 {attempt} 次）", failure.unreachable) if attempt else failure
            attempt += 1
            run.usage.retries += 1
            await asyncio.sleep(failure.wait or min(BACKOFF * 2 ** (attempt - 1), 30.0))

    def _show(self, done: int, total: int, chunks: int = 0) -> None:
        if self.progress:
            width = 30
            filled = width * done // max(total, 1)
            received = f"，已收到 {chunks} 段回答" if chunks else ""
            sys.stderr.write(f"\r大模型起草 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{received}")
            sys.stderr.flush()

    def _drafting(self, form: FormView, reply: Reply, offers: list[Suggestion], examples: str) -> Drafting:
        # Asked for at most max_suggestions; a model that sends more gets its first ones taken.
        drafting = Drafting(dropped=max(len(reply.suggestions) - self.config.max_suggestions, 0))
        by_id = dict(zip(offer_ids(len(offers)), offers))
        for fill in reply.fills:
            offer = by_id.pop(fill.id.strip(), None)  # an id answered twice counts once
            suggestion, why = to_fill(form, offer, fill) if offer else (None, f"{fill.id[:8]}：没有这个待填指标")
            self._take(drafting, suggestion, why, f"{fill.id[:8]} / {'、'.join(fill.numbers)}")
        for change in reply.suggestions[:self.config.max_suggestions]:
            suggestion, why = to_suggestion(form, change, examples)
            self._take(drafting, suggestion, why, f"{change.name or '（无名称）'} / {change.value or '（无值）'}")
        if not reply.suggestions and not reply.fills:
            drafting.notes.append("大模型没有提出建议")
        return drafting

    @staticmethod
    def _take(drafting: Drafting, suggestion: Suggestion | None, why: str, what: str) -> None:
        if suggestion is not None and any(s.id == suggestion.id for s in drafting.suggestions):
            suggestion, why = None, "与本次回答中的另一条重复"
        if suggestion is None:  # said, with the model's words cut short and cleaned
            drafting.dropped += 1
            drafting.notes.append(f"大模型建议未采用（{one_line(what)[:40]}）：{why}")
        else:
            drafting.suggestions.append(suggestion)

    # --- Batch API files -------------------------------------------------------------------------

    def write_batch(self, items: list[tuple[FormView, list[Finding]]], out: Path, library: Library | None = None) -> int:
        """OpenAI Batch API / `vllm run-batch` request lines for the forms not yet answered."""
        lines = []
        for asking in self.requests(items, library):
            key = asking.key
            if self.cache.get(key) is not None:
                continue
            body = {"model": self.config.model, "messages": asking.messages, "temperature": self.config.temperature,
                    "response_format": {"type": JSON_OBJECT}}
            lines.append(json.dumps({"custom_id": key, "method": "POST", "url": CHAT_URL, "body": body},
                                    ensure_ascii=False))
        write_atomic(out, ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
        return len(lines)

    def read_batch(self, items: list[tuple[FormView, list[Finding]]], results: Path,
                   library: Library | None = None) -> list[str]:
        """Put Batch API / vLLM output lines into the cache, matched by custom_id in any order.

        Returns one line per result that could not be used.
        """
        keys = {asking.key: asking.form.path for asking in self.requests(items, library)}
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
