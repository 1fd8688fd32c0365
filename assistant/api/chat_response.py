"""An `Answer` as OpenAI chat-completion JSON and as Server-Sent Event chunks.

The text is the answer with its [n] markers, then a Sources block, so clients that know nothing
of our extra field still show where each statement comes from. The extra field `x_assistant`
carries the citations as data, `refused`, the searched query, a notice and timings.

Streaming sends only checked text: an LLM answer is verified (citations, figures) after the
model finishes and may change, and an OpenAI client cannot take back what it has shown, so the
answer is streamed once it is final — in pieces, ending with `data: [DONE]`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import orjson

EXTRA_FIELD = "x_assistant"
SOURCES_HEADING = "**来源 Sources**"
_SOURCES_RULE = f"\n\n---\n{SOURCES_HEADING}\n"
SAMPLE_BADGE = " · 示例数据 sample"


def sources_block(citations) -> str:
    """One line per citation, as the CLI prints them: [n] title · locator (source)."""
    if not citations:
        return ""
    lines = [f"- [{c.n}] {c.title} · {c.locator} ({c.source})" + (SAMPLE_BADGE if c.sample else "")
             for c in citations]
    return _SOURCES_RULE + "\n".join(lines)


def strip_sources(text: str) -> str:
    """An earlier answer without our Sources block (clients send it back as history)."""
    return text.split(_SOURCES_RULE, 1)[0]


def content(answer) -> str:
    notice = f"({answer.notice})\n\n" if answer.notice else ""
    return f"{notice}{answer.answer}{sources_block(answer.citations)}"


def extra(answer) -> dict:
    return {"citations": [c.to_dict() for c in answer.citations], "refused": answer.refused,
            "rewritten_query": answer.rewritten_query, "notice": answer.notice,
            "timings_ms": answer.timings_ms}


def _envelope(model: str, kind: str) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": kind, "created": int(time.time()),
            "model": model}


def completion(answer, model: str) -> dict:
    """The non-streaming response body."""
    return {**_envelope(model, "chat.completion"),
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": content(answer),
                                     "refusal": None}}],
            EXTRA_FIELD: extra(answer)}


def stream_events(answer, model: str) -> Iterator[bytes]:
    """SSE lines: a role chunk, the text line by line, a final chunk with the extra field."""
    head = _envelope(model, "chat.completion.chunk")

    def chunk(delta: dict, finish: str | None = None, **more: object) -> bytes:
        body = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish,
                                     "logprobs": None}], **more}
        return b"data: " + orjson.dumps(body) + b"\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in content(answer).splitlines(keepends=True):
        yield chunk({"content": piece})
    yield chunk({}, "stop", **{EXTRA_FIELD: extra(answer)})
    yield b"data: [DONE]\n\n"
