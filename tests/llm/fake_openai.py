"""A real OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script, for tests and benchmarks.

openai 3.x sends through its own HTTP stack, so nothing short of a real socket exercises it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def completion(content: str | None, finish_reason: str = "stop", refusal: str | None = None) -> dict:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # as real servers: 32 clients connecting at once are not dropped (default 5)


class Reply:
    """What the server sends for one request."""

    def __init__(self, body: dict | str | None = None, status: int = 200, delay: float = 0.0, headers=None,
                 trickle: float = 0.0, stall: float = 0.0):
        """`trickle`: seconds between bytes of the body, or between the events of a stream (a server
        that never quite stops sending); `stall`: seconds a stream stops after its first event."""
        self.body, self.status, self.delay, self.headers = body, status, delay, headers or {}
        self.trickle, self.stall = trickle, stall


def events(completion: dict) -> list[bytes]:
    """A completion as the server-sent events of `stream: true`, its content in pieces and the usage last."""
    choice = completion["choices"][0]
    message = choice["message"]
    content = message.get("content") or ""
    piece = max(8, len(content) // 100)
    head = {"id": completion["id"], "object": "chat.completion.chunk", "created": 0, "model": completion["model"]}
    deltas = [({"content": content[i:i + piece]}, None) for i in range(0, len(content), piece)]
    if message.get("refusal"):
        deltas.append(({"refusal": message["refusal"]}, None))
    deltas.append(({}, choice["finish_reason"]))
    chunks = [dict(head, choices=[{"index": 0, "delta": delta, "finish_reason": finish}]) for delta, finish in deltas]
    if completion.get("usage"):
        chunks.append(dict(head, choices=[], usage=completion["usage"]))
    return [f"data: {json.dumps(c, ensure_ascii=False)}\n\n".encode("utf-8") for c in chunks] + [b"data: [DONE]\n\n"]


class FakeOpenAI:
    """`script(request_json, n)` → Reply; n counts requests from 0. Records every request."""

    def __init__(self, script: Callable[[dict, int], Reply]):
        self.script = script
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.connections: set[tuple] = set()  # client (host, port)s: one per connection the client opened
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real servers: a client reuses its connections
            # TCP_NODELAY, as real servers set it (uvicorn, nginx, llama.cpp): with Nagle's algorithm a
            # reply's body waited for the client's delayed ACK of its headers, tens of ms per request.
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    n = len(server.requests)
                    server.requests.append(body)
                    server.headers.append(dict(self.headers))
                    server.connections.add(self.client_address)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    reply = server.script(body, n)
                    if reply.delay:
                        time.sleep(reply.delay)
                    if body.get("stream") and reply.status == 200 and isinstance(reply.body, dict):
                        self._stream(reply)
                        return
                    payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body, ensure_ascii=False)
                    data = payload.encode("utf-8")
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    if reply.trickle:
                        for i in range(len(data)):
                            self.wfile.write(data[i:i + 1])
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _stream(self, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                for i, event in enumerate(events(reply.body)):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                    self.wfile.flush()
                    time.sleep(reply.stall if i == 0 and reply.stall else reply.trickle)
                self.wfile.write(b"0\r\n\r\n")

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
