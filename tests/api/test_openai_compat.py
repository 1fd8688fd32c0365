"""The OpenAI-compatible API over HTTP, driven by the real openai SDK against `assistant serve`.

Answers must be the facade's own (`Assistant.ask` on the same index): the text with its [n]
markers, the citations in `x_assistant`, and a Sources block naming each citation.
"""

from __future__ import annotations

import httpx
import openai
import pytest

from assistant.api.chat_response import EXTRA_FIELD, SOURCES_HEADING

POLICY_ZH = "江苏推进高新区和高等院校协同创新发展的实施意见，文号是什么？哪天印发的？"
BATTERY_EN = "Which university can help with battery-storage safety prediction?"
FOLLOW_UP = "它和哪个高新区结对？对接是在什么场合促成的？"


@pytest.fixture(scope="module")
def client(served) -> openai.OpenAI:
    return openai.OpenAI(base_url=served.api, api_key=served.key, max_retries=0, timeout=120)


def user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def assert_same_answer(content: str, extra: dict, expected) -> None:
    """The reply carries exactly the facade's answer and citations, and lists the sources."""
    assert content.startswith(expected.answer)
    assert extra["citations"] == [c.to_dict() for c in expected.citations]
    assert extra["refused"] is expected.refused
    assert extra["rewritten_query"] == expected.rewritten_query
    sources = content[len(expected.answer):]
    assert expected.citations and SOURCES_HEADING in sources
    for cite in expected.citations:
        assert f"[{cite.n}] {cite.title} · {cite.locator}" in sources


def test_models_are_the_knowledge_bases(client) -> None:
    assert [m.id for m in client.models.list()] == ["default", "extra"]
    assert client.models.retrieve("extra").id == "extra"


def test_chinese_question_gets_the_facades_cited_answer(client, corpus_assistant) -> None:
    reply = client.chat.completions.create(model="default", messages=user(POLICY_ZH))
    expected = corpus_assistant.ask(POLICY_ZH)
    assert not expected.refused
    assert reply.object == "chat.completion" and reply.model == "default"
    assert reply.choices[0].finish_reason == "stop"
    assert_same_answer(reply.choices[0].message.content, reply.model_extra[EXTRA_FIELD], expected)


def test_english_question_streams_the_same_answer(client, corpus_assistant) -> None:
    chunks = list(client.chat.completions.create(model="default", messages=user(BATTERY_EN),
                                                 stream=True))
    expected = corpus_assistant.ask(BATTERY_EN)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert {c.id for c in chunks} == {chunks[0].id}
    assert_same_answer(text, chunks[-1].model_extra[EXTRA_FIELD], expected)


def test_stream_ends_with_done(served) -> None:
    body = {"model": "default", "messages": user(BATTERY_EN), "stream": True}
    with httpx.stream("POST", served.api + "/chat/completions", json=body, timeout=120,
                      headers={"Authorization": f"Bearer {served.key}"}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    assert all(line.startswith("data: ") for line in lines)


def test_follow_up_uses_the_history(client, corpus_assistant) -> None:
    first = client.chat.completions.create(model="default", messages=user(BATTERY_EN))
    history = [{"role": "user", "content": BATTERY_EN},
               {"role": "assistant", "content": first.choices[0].message.content}]
    reply = client.chat.completions.create(
        model="default",
        messages=[{"role": "system", "content": "You are a helpful assistant."}, *history,
                  *user(FOLLOW_UP)])
    # The client sends our Sources block back; the facade sees the answer without it.
    expected = corpus_assistant.ask(FOLLOW_UP, [history[0], {
        "role": "assistant", "content": corpus_assistant.ask(BATTERY_EN).answer}])
    extra = reply.model_extra[EXTRA_FIELD]
    assert extra["rewritten_query"] != FOLLOW_UP  # resolved against the conversation
    assert_same_answer(reply.choices[0].message.content, extra, expected)


def test_filters_pass_as_an_extra_body_field(client, corpus_assistant) -> None:
    filters = {"doc_type": "policy"}
    reply = client.chat.completions.create(model="default", messages=user(POLICY_ZH),
                                           extra_body={"filters": filters})
    expected = corpus_assistant.ask(POLICY_ZH, [], filters)
    assert_same_answer(reply.choices[0].message.content, reply.model_extra[EXTRA_FIELD], expected)
    assert {c["source"] for c in reply.model_extra[EXTRA_FIELD]["citations"]} <= {
        d.source for d in corpus_assistant.documents() if d.doc_type == "policy"}


def test_model_picks_the_knowledge_base(client) -> None:
    reply = client.chat.completions.create(model="extra",
                                           messages=user("TZ-2026-0311 专项单个项目最高支持多少？"))
    assert "80万元" in reply.choices[0].message.content
    assert reply.model_extra[EXTRA_FIELD]["citations"][0]["source"] == "泰州概念验证专项.md"


def test_unknown_model_is_404(client) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=user(POLICY_ZH))
    assert caught.value.body["code"] == "model_not_found"
    assert caught.value.body["param"] == "model"


def test_wrong_key_is_401(served) -> None:
    wrong = openai.OpenAI(base_url=served.api, api_key="not-the-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        wrong.chat.completions.create(model="default", messages=user(POLICY_ZH))
    assert caught.value.status_code == 401
    assert caught.value.body["code"] == "invalid_api_key"
    assert httpx.get(served.api + "/models", timeout=30).status_code == 401  # no key at all


@pytest.mark.parametrize(("body", "param"), [
    (b'{"model": "default", "messages": [', None),
    (b'["not", "an", "object"]', None),
    (b'{"messages": [{"role": "user", "content": "hi"}]}', "model"),
    (b'{"model": "default"}', "messages"),
    (b'{"model": "default", "messages": "hi"}', "messages"),
    (b'{"model": "default", "messages": []}', "messages"),
    (b'{"model": "default", "messages": [{"role": "assistant", "content": "hi"}]}', "messages"),
    (b'{"model": "default", "messages": [{"role": "robot", "content": "hi"}]}',
     "messages[0].role"),
    (b'{"model": "default", "messages": [{"role": "user", "content": 42}]}',
     "messages[0].content"),
])
def test_malformed_bodies_get_openai_shaped_400(served, body: bytes, param: str | None) -> None:
    response = httpx.post(served.api + "/chat/completions", content=body, timeout=30,
                          headers={"Authorization": f"Bearer {served.key}",
                                   "Content-Type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error" and error["param"] == param
    assert error["message"]


def test_facade_limits_come_back_as_400_with_their_message(client, corpus_assistant) -> None:
    with pytest.raises(openai.BadRequestError) as long_question:
        client.chat.completions.create(model="default", messages=user("问" * 2500))
    assert "2000" in long_question.value.body["message"]
    with pytest.raises(openai.BadRequestError) as bad_filter:
        client.chat.completions.create(model="default", messages=user(POLICY_ZH),
                                       extra_body={"filters": {"$or": "x"}})
    assert "$or" in bad_filter.value.body["message"]


def test_oversized_body_is_413(served) -> None:
    body = {"model": "default", "messages": user("问" * 40_000)}  # ~120 KB; the cap is 64 KB
    response = httpx.post(served.api + "/chat/completions", json=body, timeout=30,
                          headers={"Authorization": f"Bearer {served.key}"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_server_stays_up_after_bad_requests(served, client) -> None:
    for _ in range(3):
        httpx.post(served.api + "/chat/completions", content=b"{", timeout=30,
                   headers={"Authorization": f"Bearer {served.key}"})
    assert served.proc.poll() is None
    reply = client.chat.completions.create(model="default", messages=user(POLICY_ZH))
    assert reply.model_extra[EXTRA_FIELD]["citations"]
    assert "Traceback" not in served.log.read_text()
