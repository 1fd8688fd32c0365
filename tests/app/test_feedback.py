"""Feedback lines: the whole answer once per answer, then only rating changes; rotated by size."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest

from assistant.app.feedback import MAX_CHANGES, FeedbackLog, Turn, feedback_record, next_record


def test_record_has_question_answer_citations_and_only_set_filters() -> None:
    turn = Turn("问题", "回答[1]", [{"n": 1, "source": "a.pdf"}],
                {"doc_type": "policy", "zone": ""})
    record = feedback_record(turn, liked=False, kb="default", when=datetime(2026, 1, 2, tzinfo=UTC))
    assert record["rating"] == "down" and record["id"] == turn.id
    assert record["question"] == "问题" and record["answer"] == "回答[1]"
    assert record["citations"] == [{"n": 1, "source": "a.pdf"}]
    assert record["filters"] == {"doc_type": "policy"}
    assert record["time"] == "2026-01-02T00:00:00+00:00"


def test_first_click_writes_the_turn_then_only_changes_up_to_a_limit() -> None:
    turn = Turn("问题", "回答", [])
    first = next_record(turn, True, "kb")
    assert first is not None and first["question"] == "问题"
    assert next_record(turn, True, "kb") is None
    changes = [next_record(turn, liked, "kb") for liked in [False, True] * MAX_CHANGES]
    written = [c for c in changes if c is not None]
    assert len(written) == MAX_CHANGES and all("question" not in c for c in written)
    assert Turn("a", "b", []).id != Turn("a", "b", []).id  # one id per answer


def test_log_appends_utf8_lines(tmp_path) -> None:
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl")
    log.append({"q": "储能"})
    log.append({"q": "second"})
    lines = (tmp_path / "sub" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["q"] for line in lines] == ["储能", "second"]
    assert "储能" in lines[0]  # not \u-escaped: readable with any text tool


def test_log_rotates_at_its_size_limit_keeping_one_older_file(
        tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="assistant.app.feedback")
    path = tmp_path / "feedback.jsonl"
    log = FeedbackLog(path, max_bytes=2000)
    for n in range(100):
        log.append({"n": n, "text": "反馈" * 20})
    log.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["feedback.jsonl", "feedback.jsonl.1"]
    assert all(p.stat().st_size <= 2000 for p in tmp_path.iterdir())
    last = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert last["n"] == 99  # the newest lines are kept, whole
    assert any("feedback.jsonl reached" in r.getMessage() for r in caplog.records)
