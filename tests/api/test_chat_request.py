"""OpenAI request bodies → question, history and filters; bad bodies → a 400 naming the param."""

from __future__ import annotations

import json

import pytest

from assistant.api.chat_request import parse_chat_request
from assistant.api.chat_response import sources_block
from assistant.api.errors import OpenAIError
from tests.app.fakes import cite


def parse(**body: object):
    return parse_chat_request(json.dumps(body).encode())


def test_last_user_message_is_the_question_and_earlier_turns_the_history() -> None:
    chat = parse(model="default", stream=True, temperature=0.2, filters={"city": "南京"},
                 messages=[{"role": "system", "content": "You are helpful."},
                           {"role": "user", "content": "问一"},
                           {"role": "assistant", "content": "答一"},
                           {"role": "user", "content": "问二"}])
    assert (chat.model, chat.question, chat.stream) == ("default", "问二", True)
    assert chat.history == [{"role": "user", "content": "问一"},
                            {"role": "assistant", "content": "答一"}]
    assert chat.filters == {"city": "南京"}


def test_content_parts_are_joined_and_images_ignored() -> None:
    chat = parse(model="m", messages=[{"role": "user", "content": [
        {"type": "text", "text": "第一段"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
        {"type": "text", "text": "第二段"}]}])
    assert chat.question == "第一段\n第二段"


def test_our_sources_block_is_stripped_from_earlier_answers() -> None:
    answered = "南京工程学院。[1]" + sources_block([cite(1)])
    chat = parse(model="m", messages=[{"role": "user", "content": "谁？"},
                                      {"role": "assistant", "content": answered},
                                      {"role": "user", "content": "它在哪？"}])
    assert chat.history[-1] == {"role": "assistant", "content": "南京工程学院。[1]"}


def test_messages_after_the_last_user_message_are_left_out() -> None:
    chat = parse(model="m", messages=[{"role": "user", "content": "问"},
                                      {"role": "assistant", "content": "预填"}])
    assert chat.question == "问" and chat.history == []


@pytest.mark.parametrize(("body", "param", "code"), [
    ({"messages": [{"role": "user", "content": "x"}]}, "model", "missing_required_parameter"),
    ({"model": 3, "messages": [{"role": "user", "content": "x"}]}, "model", "invalid_value"),
    ({"model": "m", "messages": [{"content": "x"}]}, "messages[0].role",
     "missing_required_parameter"),
    ({"model": "m", "messages": [{"role": "tool", "content": "x"}]}, "messages", "invalid_value"),
    ({"model": "m", "messages": [{"role": "user", "content": "x"}], "filters": ["policy"]},
     "filters", "invalid_value"),
    ({"model": "m", "messages": [{"role": "user", "content": "x"}], "stream": "maybe"},
     "stream", "invalid_value"),
])
def test_bad_bodies_name_the_parameter(body: dict, param: str, code: str) -> None:
    with pytest.raises(OpenAIError) as caught:
        parse(**body)
    error = caught.value.body()["error"]
    assert caught.value.status == 400
    assert (error["param"], error["code"], error["type"]) == (param, code,
                                                              "invalid_request_error")
    assert param in error["message"]


@pytest.mark.parametrize("raw", [b"", b"{", b"null", b"[1]", b"{\"model\": \"m\"}"[:-1]])
def test_unparsable_bodies_are_400(raw: bytes) -> None:
    with pytest.raises(OpenAIError) as caught:
        parse_chat_request(raw)
    assert caught.value.status == 400 and caught.value.param is None
