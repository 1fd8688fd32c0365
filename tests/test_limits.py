"""Request limits: clear errors in the asker's language, nothing reaches the indexes unchecked."""

import pytest

from assistant.errors import InputError
from assistant.limits import (
    RequestLimits,
    check_count,
    check_filters,
    check_history,
    check_question,
)

LIMITS = RequestLimits(question_chars=50, history_turns=3, turn_chars=40, filter_values=2,
                       filter_value_chars=10, max_k=20)


def test_question_is_stripped_and_bounded():
    assert check_question("  南京有哪些高校？ ", LIMITS) == "南京有哪些高校？"
    with pytest.raises(InputError, match="太长"):
        check_question("问" * 51, LIMITS)
    with pytest.raises(InputError, match="too long"):
        check_question("why " * 13, LIMITS)
    with pytest.raises(InputError):
        check_question("   ", LIMITS)
    with pytest.raises(InputError):
        check_question(None, LIMITS)


def test_demand_names_itself_in_the_message():
    with pytest.raises(InputError, match="需求描述"):
        check_question("需" * 60, LIMITS, "demand")


def test_history_keeps_the_latest_turns_and_checks_each():
    turns = [{"role": "user", "content": f"问{i}"} for i in range(5)]
    kept = check_history(turns, LIMITS)
    assert [t["content"] for t in kept] == ["问2", "问3", "问4"]
    with pytest.raises(InputError, match="太长"):
        check_history([{"role": "user", "content": "长" * 41}], LIMITS, "问题")
    with pytest.raises(InputError):
        check_history([{"role": "root", "content": "x"}], LIMITS)
    with pytest.raises(InputError):
        check_history({"role": "user"}, LIMITS)
    with pytest.raises(InputError):
        check_history(["text"], LIMITS)


def test_filters_allow_known_keys_only():
    assert check_filters({"doc_type": "policy", "zone": ""}, LIMITS) == {"doc_type": "policy"}
    assert check_filters({"catalog_kind": ["demand", " "]}, LIMITS) == {"catalog_kind": ["demand"]}
    with pytest.raises(InputError, match="unknown filter"):
        check_filters({"$or": [{"a": 1}]}, LIMITS, "which zone?")
    with pytest.raises(InputError):
        check_filters({"zone": ["a", "b", "c"]}, LIMITS)
    with pytest.raises(InputError):
        check_filters({"zone": "x" * 11}, LIMITS)
    with pytest.raises(InputError):
        check_filters({"zone": {"$ne": 1}}, LIMITS)
    with pytest.raises(InputError):
        check_filters("doc_type=policy", LIMITS)


def test_counts_are_bounded_integers():
    assert check_count("5", LIMITS) == 5
    for bad in (0, -1, 21, 10**9, "many", None, True, 2.0**1000):
        with pytest.raises(InputError):
            check_count(bad, LIMITS)
