"""A real HTTP server that speaks the OpenAI chat-completions API (and Ollama's /api/chat).

Tests point the real LangChain clients at it, so the whole path (HTTP, SSE parsing, timeouts,
error statuses) runs as it does against a real endpoint. Each test sets what the server replies
and reads back the requests it received, e.g. to inspect the prompt.

    with StubOpenAI() as stub:
        stub.reply = Reply.fixed("答案[1]")
        ... Settings(llm="openai", openai_base_url=stub.base_url) ...
        stub.requests[0]["messages"]
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FIRST_PASSAGE = re.compile(r"<<<passage 1\b[^\n]*\n(.*?)\n>>>", re.DOTALL)


@dataclass
class Reply:
    """What the server answers: text (fixed or computed from the request), a status, a delay."""

    text: str | Callable[[dict[str, Any]], str] = ""
    status: int = 200
    hang_s: float = 0.0  # wait this long before answering (cut short when the server stops)
    piece: int = 3  # characters per streamed chunk

    @classmethod
    def fixed(cls, text: str) -> Reply:
        return cls(text=text)

    @classmethod
    def echo_first_passage(cls) -> Reply:
        """The first sentence of passage 1, cited as [1]: a well-behaved grounded answer."""
        return cls(text=_echo_first_passage)

    @classmethod
    def error(cls, status: int = 500) -> Reply:
        return cls(text="upstream failure", status=status)

    @classmethod
    def hang(cls, seconds: float = 30.0) -> Reply:
        return cls(text="too late [1]", hang_s=seconds)

    @classmethod
    def empty(cls) -> Reply:
        return cls(text="")

    def render(self, request: dict[str, Any]) -> str:
        return self.text(request) if callable(self.text) else self.text


def _echo_first_passage(request: dict[str, Any]) -> str:
    prompt = "\n".join(str(m.get("content", "")) for m in request.get("messages", []))
    match = FIRST_PASSAGE.search(prompt)
    if not match:
        return "no passage found"
    first = re.split(r"(?<=[。！？!?])", match.group(1).strip())[0]
    return f"{first}[1]"


@dataclass
class StubOpenAI:
    """Start with `with StubOpenAI() as stub:` (or start()/stop()); binds 127.0.0.1, free port."""

    reply: Reply = field(default_factory=lambda: Reply.fixed("ok [1]"))
    replies: list[Reply] = field(default_factory=list)  # used first, one per request, in order
    requests: list[dict[str, Any]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        """OpenAI-style base URL (ends in /v1)."""
        return f"{self.root_url}/v1"

    @property
    def root_url(self) -> str:
        """Server root, which is what Ollama clients take."""
        assert self._server is not None, "stub not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def next_reply(self) -> Reply:
        return self.replies.pop(0) if self.replies else self.reply

    def start(self) -> StubOpenAI:
        handler = type("Handler", (_Handler,), {"stub": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging handlers, stop serving, close the socket, join the thread."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> StubOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    stub: StubOpenAI

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        request = json.loads(self.rfile.read(length) or b"{}")
        request["_path"] = self.path
        self.stub.requests.append(request)
        reply = self.stub.next_reply()
        if reply.hang_s and self.stub._stopping.wait(reply.hang_s):
            return  # server stopping: drop the connection
        try:
            if reply.status != 200:
                self._json(reply.status, {"error": {"message": reply.render(request),
                                                    "type": "server_error"}})
            elif self.path.endswith("/api/chat"):
                self._ollama(request, reply)
            elif request.get("stream"):
                self._sse(request, reply)
            else:
                self._json(200, _completion(request, reply.render(request)))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. its timeout); nothing left to do

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _sse(self, request: dict[str, Any], reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        text = reply.render(request)
        deltas = [{"role": "assistant", "content": ""}]
        deltas += [{"content": text[i : i + reply.piece]} for i in range(0, len(text), reply.piece)]
        for delta in deltas:
            self._event(_chunk(request, delta, None))
        self._event(_chunk(request, {}, "stop"))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, body: dict[str, Any]) -> None:
        self.wfile.write(f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode())
        self.wfile.flush()

    def _ollama(self, request: dict[str, Any], reply: Reply) -> None:
        """Ollama streams one JSON object per line and ends with done=true."""
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        text = reply.render(request)
        model = request.get("model", "stub")
        for i in range(0, len(text), reply.piece):
            line = {"model": model, "created_at": _now(), "done": False,
                    "message": {"role": "assistant", "content": text[i : i + reply.piece]}}
            self.wfile.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
            self.wfile.flush()
        done = {"model": model, "created_at": _now(), "done": True, "done_reason": "stop",
                "message": {"role": "assistant", "content": ""}}
        self.wfile.write(json.dumps(done).encode() + b"\n")


def _chunk(request: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
        "model": request.get("model", "stub"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(request: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
        "model": request.get("model", "stub"),
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
