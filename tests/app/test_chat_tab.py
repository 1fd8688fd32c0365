"""The chat handler: streams partial answers, links markers, fills the panel, records turns."""

from __future__ import annotations

import json
from types import SimpleNamespace

from assistant.app.chat_tab import ChatSession, ChatTab, chat_note
from assistant.app.context import AppContext
from assistant.documents import Answer
from assistant.errors import AssistantError
from tests.app.fakes import add_file, cite

FILTERS = ("policy", "", "", "", "")


def _tab(fake) -> ChatTab:
    return ChatTab(AppContext.create(fake))


def test_streams_then_links_markers_and_fills_the_panel(fake, tmp_path) -> None:
    add_file(fake.kb, tmp_path / "corpus", "a.pdf")
    final = Answer("南京工程学院可以对接[1]。", [cite(1, "a.pdf")], rewritten_query="储能")
    fake.script = [Answer("南京工程"), final]
    shown, outputs = [], []
    for output in _tab(fake).respond("谁能做储能？", ChatSession(), *FILTERS):
        shown.append(output[1][-1]["content"])  # as the browser saw it at this step
        outputs.append(output)
    assert shown[:3] == ["…", "南京工程", "南京工程学院可以对接[1]。"]
    box, display, panel, note, session = outputs[-1]
    assert box == "" and display[0] == {"role": "user", "content": "谁能做储能？"}
    assert 'class="cite" href="gradio_api/file=' in display[1]["content"]
    assert "a.pdf#page=2" in display[1]["content"]
    assert 'id="source-1"' in panel and "<mark>" in panel
    assert note == ""  # a first question is never a follow-up
    assert session.history[-1] == {"role": "assistant", "content": "南京工程学院可以对接[1]。"}
    assert session.turns[1].citations[0]["source"] == "a.pdf"
    assert fake.asked[0][2]["doc_type"] == "policy"


def test_history_is_passed_on_plain_without_links(fake) -> None:
    fake.script = [Answer("答[1]", [cite(1)])]
    tab, session = _tab(fake), ChatSession()
    session = list(tab.respond("南京工程学院有什么成果？", session, *FILTERS))[-1][-1]
    list(tab.respond("它和哪个高新区结对？", session, *FILTERS))
    assert fake.asked[1][1] == [{"role": "user", "content": "南京工程学院有什么成果？"},
                                {"role": "assistant", "content": "答[1]"}]


def test_note_shows_rewritten_query_for_followups_and_notices() -> None:
    answer = Answer("x", rewritten_query="南京工程学院 它在哪", notice="LLM endpoint failed")
    assert "南京工程学院 它在哪" in chat_note("它在哪", answer, "zh", followup=True)
    assert "结合上文" in chat_note("它在哪", answer, "zh", followup=True)
    assert "南京工程学院" not in chat_note("它在哪", answer, "zh", followup=False)
    assert "LLM endpoint failed" in chat_note("它在哪", answer, "en", followup=False)


def test_errors_show_in_the_chat_and_keep_the_question(fake) -> None:
    fake.error = AssistantError("this index was built with another model")
    box, display, _, _, session = list(_tab(fake).respond("问题", ChatSession(), *FILTERS))[-1]
    assert box == "问题"
    assert "another model" in display[-1]["content"]
    assert session.turns == {}


def test_empty_question_does_nothing(fake) -> None:
    outputs = list(_tab(fake).respond("  ", ChatSession(), *FILTERS))
    assert len(outputs) == 1 and fake.asked == []


def test_rating_appends_the_turn_to_the_feedback_log(fake) -> None:
    fake.script = [Answer("答[1]", [cite(1)])]
    tab = _tab(fake)
    session = list(tab.respond("问题", ChatSession(), *FILTERS))[-1][-1]
    tab.rate(session, SimpleNamespace(index=1, liked=True))
    tab.rate(session, SimpleNamespace(index=0, liked=False))  # the user's message: not a turn
    log = fake.settings.data_dir / "feedback.jsonl"
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    assert records[0]["rating"] == "up" and records[0]["question"] == "问题"
    assert records[0]["citations"][0]["n"] == 1


def test_repeated_clicks_on_one_answer_do_not_rewrite_it(fake) -> None:
    fake.script = [Answer("答" * 3000 + "[1]", [cite(1, snippet="摘" * 5000)])]
    tab = _tab(fake)
    session = list(tab.respond("问题", ChatSession(), *FILTERS))[-1][-1]
    log = fake.settings.data_dir / "feedback.jsonl"
    tab.rate(session, SimpleNamespace(index=1, liked=True))
    size = log.stat().st_size
    for _ in range(5):
        tab.rate(session, SimpleNamespace(index=1, liked=True))
    assert log.stat().st_size == size  # the same rating again: nothing written
    for liked in [False, True] * 5:
        tab.rate(session, SimpleNamespace(index=1, liked=liked))
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6 and len({r["id"] for r in records}) == 1
    first = records[0]
    assert first["answer"].startswith("答") and len(first["citations"][0]["snippet"]) < 1100
    assert all(set(r) == {"time", "id", "kb", "rating"} for r in records[1:])
    assert [r["rating"] for r in records[1:]] == ["down", "up", "down", "up", "down"]
    assert log.stat().st_size < size + 600


def test_session_keeps_only_the_turns_follow_ups_read(fake) -> None:
    fake.settings = fake.settings.with_overrides(max_history_turns=4)
    fake.script = [Answer("答[1]", [cite(1)])]
    tab, session = _tab(fake), ChatSession()
    for n in range(5):
        session = list(tab.respond(f"问题{n}", session, *FILTERS))[-1][-1]
    assert [t["content"] for t in session.history] == ["问题3", "答[1]", "问题4", "答[1]"]
