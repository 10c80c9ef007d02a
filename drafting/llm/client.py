"""Asking an OpenAI-compatible endpoint for one form's suggestions, surviving how such endpoints misbehave.

- Structured output: `json_schema` where the endpoint takes it; where it answers 400/422/500,
  `json_object` carrying the schema as llama.cpp and vLLM read it (a grammar), then plain
  `json_object` with the schema in the prompt. The mode that worked is remembered per endpoint
  and model.
- Output is capped (`max_tokens`, from the number of suggestions asked for), and the time allowed
  grows with it: a CPU server writing a few tokens a second is slow, not dead.
- Invalid JSON, a reply failing the schema, blank content, a reply cut off by the length limit:
  re-ask (with the problem stated) a bounded number of times.
- Replies are streamed: progress is counted as the tokens arrive, and a server that stops sending
  for `STALL` seconds is given up on at once instead of at the end of the timeout.
- 429, 502–504, timeouts, stalls and dropped connections are `retryable`: the engine retries them
  itself (the SDK does not), after backing off, and one form at a time after a timeout.
- Refusals and everything that still fails end as one Chinese line for that form.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import openai
from pydantic import ValidationError

from .config import LLMConfig, leaks_key, redact
from .reply import Reply, bounded_schema, schema

JSON_SCHEMA, JSON_GRAMMAR, JSON_OBJECT = "json_schema", "json_object_schema", "json_object"
MODES = (JSON_SCHEMA, JSON_GRAMMAR, JSON_OBJECT)  # tried in this order until one is accepted
TOKENS_PER_SUGGESTION = 90  # a suggestion's JSON, Chinese text included, with room to spare
SLOWEST_RATE = 4  # tokens a second: below this a server is taken for stalled
DEFAULT_TIMEOUT = 60.0
STALL = 30.0  # seconds without a token, once the answer has begun, after which a stream is given up


def output_cap(config: LLMConfig) -> int:
    """`max_tokens` of a request: as configured, else from the number of suggestions asked for."""
    return config.max_tokens or 120 + TOKENS_PER_SUGGESTION * config.max_suggestions


def request_timeout(config: LLMConfig) -> float:
    """Seconds for one answer: the configured timeout, else a minute or, when the output asked for
    takes longer to write at the slowest rate still taken for working, that long."""
    if config.timeout is not None:
        return config.timeout
    return max(DEFAULT_TIMEOUT, output_cap(config) / SLOWEST_RATE)


class LLMFailure(Exception):
    """One form could not be drafted; str() is the one-line reason (Chinese, key redacted).
    `unreachable`: the service did not answer in time or at all (what the circuit breaker counts).
    `retryable`: asking again later may work (busy, rate-limited, timed out); `wait`: seconds the
    server asked for (Retry-After)."""

    def __init__(self, reason: str, unreachable: bool = False, retryable: bool = False, wait: float = 0.0):
        super().__init__(reason)
        self.unreachable, self.retryable, self.wait = unreachable, retryable or unreachable, wait


MAX_REPLY_CHARS = 60_000  # a dozen suggestions are a few thousand characters; a flood is refused unread


@dataclass
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasks: int = 0
    retries: int = 0
    counted: bool = False  # a server sent no usage: completion tokens are the stream's chunks

    def add(self, usage, chunks: int = 0) -> None:
        self.requests += 1
        if usage is not None:  # the SDK's object, or a streamed event's dict
            count = usage.get if isinstance(usage, dict) else lambda key: getattr(usage, key, 0)
            self.prompt_tokens += count("prompt_tokens") or 0
            self.completion_tokens += count("completion_tokens") or 0
        elif chunks:
            self.completion_tokens += chunks  # llama.cpp streams about a token a chunk
            self.counted = True


@dataclass
class Answer:
    """What one request brought back, streamed or not."""

    content: str
    finish_reason: str | None
    refusal: str | None


@dataclass
class _Streamed:
    """A streamed reply as it arrives."""

    parts: list[str] = field(default_factory=list)
    size: int = 0
    chunks: int = 0
    finish: str | None = None
    refusal: str | None = None
    usage: dict | None = None


@dataclass
class Asker:
    client: openai.AsyncOpenAI
    config: LLMConfig
    modes: dict[str, str] = field(default_factory=dict)  # endpoint+model → the structured-output mode that works
    usage: Usage = field(default_factory=Usage)
    on_tokens: Callable[[int], None] | None = None  # told of every streamed chunk: the run's progress

    @property
    def endpoint(self) -> str:
        return f"{self.config.base_url or 'openai'}|{self.config.model}"

    def _format(self, mode: str, offers: int) -> dict:
        fills = self.config.prompt != "v2"
        if mode == JSON_SCHEMA:
            return {"type": "json_schema", "json_schema": {"name": "indicator_suggestions", "schema": schema(fills), "strict": True}}
        if mode == JSON_GRAMMAR:
            return {"type": "json_object", "schema": bounded_schema(self.config.max_suggestions, offers if fills else 0)}
        return {"type": "json_object"}

    @property
    def max_tokens(self) -> int:
        return output_cap(self.config)

    @property
    def request_timeout(self) -> float:
        return request_timeout(self.config)

    async def _create(self, messages: list[dict], mode: str, offers: int) -> Answer:
        """One request, bounded on the wall clock: the SDK's timeout is per read, so a server
        sending a byte a second would never time out without it."""
        try:
            return await asyncio.wait_for(self._request(messages, mode, offers), self.request_timeout)
        except (openai.APITimeoutError, TimeoutError):
            raise LLMFailure(f"请求超时（{self.request_timeout:g} 秒内没有完整回答）", unreachable=True) from None
        except openai.APIConnectionError as exc:
            raise LLMFailure(redact(f"无法连接大模型服务：{exc.__cause__ or exc}"), unreachable=True) from None
        except openai.RateLimitError as exc:
            raise LLMFailure("请求过于频繁（429）", retryable=True, wait=_retry_after(exc)) from None
        except openai.APIStatusError as exc:
            if exc.status_code in (502, 503, 504):  # a gateway or a server that is busy or restarting
                raise LLMFailure(_status_line(exc), retryable=True, wait=_retry_after(exc)) from None
            raise

    async def _request(self, messages: list[dict], mode: str, offers: int) -> Answer:
        # The prompt and the schema go as `extra_body`, sent as they are: as typed parameters the SDK
        # walks every message and schema node through its type hints first, 4 ms of CPU a request,
        # which at 32 requests in flight is what keeps them waiting. The body sent is the same.
        request = dict(model=self.config.model, messages=[], temperature=self.config.temperature,
                       max_tokens=self.max_tokens, timeout=self.request_timeout,
                       extra_body={"messages": messages, "response_format": self._format(mode, offers)})
        if not self.config.stream:
            response = await self.client.chat.completions.create(**request)
            self.usage.add(getattr(response, "usage", None))
            choice = response.choices[0] if response.choices else None
            if choice is None:
                return Answer("", None, None)
            return Answer(choice.message.content or "", choice.finish_reason, getattr(choice.message, "refusal", None))
        # The raw server-sent events, read line by line: a model per event (what `stream=True` builds)
        # costs more CPU than the request itself when many replies stream at once.
        answer = _Streamed()
        loop = asyncio.get_running_loop()
        stall = min(STALL, self.request_timeout)
        async with self.client.chat.completions.with_streaming_response.create(
                **request, stream=True, stream_options={"include_usage": True}) as response:
            try:
                # One timer for the whole stream, pushed back at every line (a wait_for per line
                # would cost a task each): the first token may take the whole timeout (the prompt is
                # read first, perhaps behind other requests), then a silence of `stall` ends it.
                async with asyncio.timeout(self.request_timeout) as silence:
                    async for line in response.iter_lines():
                        silence.reschedule(loop.time() + stall)
                        if not self._line(line, answer):
                            break
            except TimeoutError:
                what = "没有开始回答" if not answer.chunks else f"已停止输出 {stall:g} 秒"
                raise LLMFailure(f"大模型服务{what}（已收到 {answer.chunks} 段）", unreachable=True) from None
        self.usage.add(answer.usage, answer.chunks)
        return Answer("".join(answer.parts), answer.finish, answer.refusal)

    def _line(self, line: str, answer: _Streamed) -> bool:
        """Take one line of a server-sent event stream; False once the reply is too long to read on."""
        if not line.startswith("data:"):
            return True  # blank separators, comments, event names
        data = line[5:].strip()
        if data == "[DONE]":
            return True  # read to the end of the body: the connection then goes back to the pool
        try:
            event = json.loads(data)
        except ValueError:
            raise LLMFailure("流式回答中有无法解析的数据") from None
        if not isinstance(event, dict):
            return True
        answer.usage = event.get("usage") or answer.usage
        for choice in event.get("choices") or ():
            delta = choice.get("delta") or {}
            text = delta.get("content")
            if text:
                answer.parts.append(text)
                answer.size += len(text)
                answer.chunks += 1
                if self.on_tokens:
                    self.on_tokens(1)
            if delta.get("refusal"):
                answer.refusal = (answer.refusal or "") + delta["refusal"]
            answer.finish = choice.get("finish_reason") or answer.finish
        return answer.size <= MAX_REPLY_CHARS  # a flood: stop reading it

    async def ask(self, messages: list[dict], offers: int = 0) -> Reply:
        """The model's reply for one form, valid against the schema; LLMFailure otherwise.
        `offers`: the fill-ins the prompt offers (a grammar then makes the model fill at least one)."""
        mode = self.modes.get(self.endpoint, JSON_SCHEMA)
        conversation = list(messages)
        problem = ""
        for attempt in range(self.config.reasks + 1):
            while True:
                try:
                    answer = await self._create(conversation, mode, offers)
                    break
                except openai.APIStatusError as exc:
                    # Many compatible servers reject json_schema, some a schema inside json_object:
                    # the next mode down works there.
                    if exc.status_code not in (400, 422, 500, 501) or mode == MODES[-1]:
                        raise LLMFailure(_status_line(exc)) from None
                    mode = MODES[MODES.index(mode) + 1]
            if answer.refusal:
                raise LLMFailure(redact(f"模型拒绝回答：{answer.refusal}"[:120]))
            content = answer.content.strip()
            if leaks_key(content):
                raise LLMFailure("回答中含有 API 密钥，已拒绝（未保存）")
            if len(content) > MAX_REPLY_CHARS:
                problem = f"回答过长（{len(content)} 字），请只输出不超过 {self.config.max_suggestions} 条建议的 json"
                content = content[:2000]
            elif answer.finish_reason == "length":
                problem = "回答因长度限制被截断，请减少建议条数，只输出 json"
            elif not content:
                problem = "回答为空，请按要求只输出 json"
            else:
                try:
                    # strict=False: a raw newline or tab inside a string (small models write them) is no reason to re-ask
                    reply = Reply.model_validate(json.loads(_strip_fence(content), strict=False))
                except json.JSONDecodeError as exc:
                    problem = f"回答不是合法的 json（{exc.msg}，第{exc.pos}个字符），请只输出 json"
                except ValidationError as exc:
                    first = exc.errors()[0]
                    problem = f"json 不符合 schema：{'.'.join(map(str, first['loc']))}：{first['msg']}"
                else:
                    self.modes[self.endpoint] = mode
                    return reply
            if content:
                conversation = conversation + [{"role": "assistant", "content": content[:4000]}]
            if attempt < self.config.reasks:
                self.usage.reasks += 1
                conversation = conversation + [{"role": "user", "content": f"上一次回答有问题：{problem}。请重新回答。"}]
        raise LLMFailure(f"{self.config.reasks + 1} 次回答均无效：{problem}")


def _retry_after(exc: openai.APIStatusError) -> float:
    """Seconds the server asked to wait (Retry-After / retry-after-ms), at most a minute."""
    headers = exc.response.headers if exc.response is not None else {}
    try:
        if headers.get("retry-after-ms"):
            return min(float(headers["retry-after-ms"]) / 1000, 60.0)
        return min(float(headers.get("retry-after", 0)), 60.0)
    except ValueError:
        return 0.0

def _strip_fence(text: str) -> str:
    """Some models wrap JSON in ```json fences even in JSON mode."""
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


def _status_line(exc: openai.APIStatusError) -> str:
    body = ""
    try:
        body = json.dumps(exc.body, ensure_ascii=False)[:120] if exc.body else ""
    except (TypeError, ValueError):
        pass
    return redact(f"大模型服务返回错误 {exc.status_code}{'：' + body if body else ''}")
