"""The HTTP endpoints take JSON strings; bad input gets a short message in the asker's language,
one log line and no traceback; an unexpected failure gets a generic message and one traceback."""

from __future__ import annotations

import logging

import gradio as gr
import pytest

from assistant.app.api import MAX_JSON_CHARS, parse_filters, parse_history
from assistant.app.api_errors import GENERIC, api_errors
from assistant.errors import InputError


def test_empty_strings_mean_no_history_and_no_filters() -> None:
    assert parse_history("") == [] and parse_filters("") == {}


def test_history_and_filters_parse() -> None:
    turns = [{"role": "user", "content": "问"}]
    assert parse_history('[{"role": "user", "content": "问"}]') == turns
    assert parse_filters('{"doc_type": "policy"}') == {"doc_type": "policy"}


@pytest.mark.parametrize("bad", ['{"role": "user"}', '[{"role": "user"}]', '["x"]'])
def test_malformed_history_is_refused(bad: str) -> None:
    with pytest.raises(InputError, match="history_json"):
        parse_history(bad, "Which university?")


def test_filters_must_be_an_object() -> None:
    with pytest.raises(InputError, match="filters_json 应为 JSON 对象"):
        parse_filters('["policy"]', "哪所高校？")


@pytest.mark.parametrize(("text", "words"), [
    ('{"doc_type": ', "not valid JSON"),
    ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    ("x" * (MAX_JSON_CHARS + 1), "too long"),
])
def test_broken_json_gets_a_clear_message_not_an_internal_one(text: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_history(text, "Which university can help?")
    message = str(raised.value)
    assert words in message and len(message) < 120
    assert "recursion" not in message and "Expecting" not in message


def test_message_follows_the_question_language() -> None:
    with pytest.raises(InputError, match="不是有效的 JSON"):
        parse_filters("{", "南京有哪些高校？")
    with pytest.raises(InputError, match="is not valid JSON"):
        parse_filters("{", "Which universities are in Nanjing?")


def test_refusal_is_one_log_line_without_traceback(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="assistant.app.api")
    with pytest.raises(gr.Error) as raised, api_errors("/ask", "问题"):
        raise InputError("问题太长（3000 字），上限为 2000 字，请缩短后再问。")
    assert raised.value.message.startswith("问题太长") and not raised.value.print_exception
    assert [r.getMessage() for r in caplog.records] == [
        "/ask refused: 问题太长（3000 字），上限为 2000 字，请缩短后再问。"]
    assert caplog.records[0].exc_info is None


def test_unexpected_error_is_generic_with_one_traceback(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="assistant.app.api")
    with pytest.raises(gr.Error) as raised, api_errors("/retrieve", "Which university?"):
        raise RuntimeError("Expression tree is too large (maximum depth 1000)")
    assert raised.value.message == GENERIC["en"] and not raised.value.print_exception
    assert len(caplog.records) == 1 and caplog.records[0].exc_info is not None
    assert "Expression tree" not in raised.value.message
