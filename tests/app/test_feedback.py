"""Feedback lines carry the rating, question, answer and citations, one JSON object a line."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from assistant.app.feedback import FeedbackLog, Turn, feedback_record


def test_record_has_question_answer_citations_and_only_set_filters() -> None:
    turn = Turn("问题", "回答[1]", [{"n": 1, "source": "a.pdf"}],
                {"doc_type": "policy", "zone": ""})
    record = feedback_record(turn, liked=False, kb="default", when=datetime(2026, 1, 2, tzinfo=UTC))
    assert record["rating"] == "down"
    assert record["question"] == "问题" and record["answer"] == "回答[1]"
    assert record["citations"] == [{"n": 1, "source": "a.pdf"}]
    assert record["filters"] == {"doc_type": "policy"}
    assert record["time"] == "2026-01-02T00:00:00+00:00"


def test_log_appends_utf8_lines(tmp_path) -> None:
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl")
    log.append({"q": "储能"})
    log.append({"q": "second"})
    lines = (tmp_path / "sub" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["q"] for line in lines] == ["储能", "second"]
    assert "储能" in lines[0]  # not \u-escaped: readable with any text tool
