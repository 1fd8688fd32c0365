"""The HTTP endpoints take JSON strings; bad input gets a message that says what is expected."""

from __future__ import annotations

import pytest

from assistant.app.api import parse_filters, parse_history


def test_empty_strings_mean_no_history_and_no_filters() -> None:
    assert parse_history("") == [] and parse_filters("") == {}


def test_history_and_filters_parse() -> None:
    turns = [{"role": "user", "content": "问"}]
    assert parse_history('[{"role": "user", "content": "问"}]') == turns
    assert parse_filters('{"doc_type": "policy"}') == {"doc_type": "policy"}


@pytest.mark.parametrize("bad", ['{"role": "user"}', '[{"role": "user"}]', '["x"]'])
def test_malformed_history_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="history_json"):
        parse_history(bad)


def test_filters_must_be_an_object() -> None:
    with pytest.raises(ValueError, match="filters_json"):
        parse_filters('["policy"]')
