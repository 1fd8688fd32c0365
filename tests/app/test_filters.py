"""Filter values map to retrieval filter keys; "any" is the empty string."""

from __future__ import annotations

import pytest

from assistant.app.filters import FILTER_KEYS, entity_choices, filters_dict


def test_values_map_to_keys_and_any_is_left_out() -> None:
    assert filters_dict(["policy", None, "", "南京建邺高新区", ""]) == {
        "doc_type": "policy", "zone": "南京建邺高新区"}
    assert filters_dict([""] * len(FILTER_KEYS)) == {}


def test_wrong_number_of_values_is_an_error() -> None:
    with pytest.raises(ValueError):
        filters_dict(["policy"])


def test_choices_start_with_any_and_are_sorted_unique() -> None:
    assert entity_choices(["b", "a", "b"]) == [("不限 Any", ""), ("a", "a"), ("b", "b")]
