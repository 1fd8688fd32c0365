"""Answers as OpenAI completions and SSE chunks: text, Sources block and the extra field."""

from __future__ import annotations

import json

from assistant.api.chat_response import (
    EXTRA_FIELD,
    completion,
    content,
    sources_block,
    stream_events,
    strip_sources,
)
from assistant.documents import Answer
from tests.app.fakes import cite

ANSWER = Answer(answer="南京工程学院。[1]\n结对：建邺。[2]",
                citations=[cite(1), cite(2, sample=True)], rewritten_query="储能 南京工程学院",
                timings_ms={"retrieve": 3.0})


def test_sources_block_lists_each_citation_like_the_cli() -> None:
    block = sources_block(ANSWER.citations)
    assert "- [1] 文件1 · 第2页 (a.pdf)\n" in block
    assert block.endswith("- [2] 文件2 · 第2页 (a.pdf) · 示例数据 sample")
    assert sources_block([]) == ""
    assert strip_sources(ANSWER.answer + block) == ANSWER.answer


def test_notice_comes_first_in_the_text() -> None:
    noticed = Answer(answer="答。", notice="LLM 超时，显示摘录答案")
    assert content(noticed) == "(LLM 超时，显示摘录答案)\n\n答。"


def test_completion_has_the_text_and_the_extra_field() -> None:
    body = completion(ANSWER, "default")
    assert body["object"] == "chat.completion" and body["id"].startswith("chatcmpl-")
    message = body["choices"][0]["message"]
    assert message == {"role": "assistant", "content": content(ANSWER), "refusal": None}
    assert body[EXTRA_FIELD] == {"citations": [c.to_dict() for c in ANSWER.citations],
                                 "refused": False, "rewritten_query": "储能 南京工程学院",
                                 "notice": "", "timings_ms": {"retrieve": 3.0}}


def test_refusals_are_normal_answers_marked_in_the_extra_field() -> None:
    body = completion(Answer(answer="没有找到。", refused=True), "default")
    assert body["choices"][0]["finish_reason"] == "stop"
    assert body[EXTRA_FIELD]["refused"] is True


def test_stream_is_role_text_then_final_chunk_then_done() -> None:
    events = list(stream_events(ANSWER, "default"))
    assert events[-1] == b"data: [DONE]\n\n"
    chunks = [json.loads(e.removeprefix(b"data: ")) for e in events[:-1]]
    assert all(e.endswith(b"\n\n") for e in events)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == content(ANSWER)
    assert len(chunks) > 3  # sent in pieces, not one blob
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1][EXTRA_FIELD]["citations"][1]["sample"] is True
    assert {c["id"] for c in chunks} == {chunks[0]["id"]}
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
