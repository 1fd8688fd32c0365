"""Failures inside a request: a facade refusal is a 400 with its message; anything else is a
generic 500 and exactly one log line, and the next request is served."""

from __future__ import annotations

import logging

from starlette.testclient import TestClient

from assistant.api.errors import INTERNAL_MESSAGE
from assistant.api.kbs import KnowledgeBases
from assistant.api.openai_compat import openai_app
from assistant.api.workers import Workers
from assistant.documents import Answer
from assistant.errors import InputError
from tests.app.fakes import FakeAssistant, cite

BODY = {"model": "default", "messages": [{"role": "user", "content": "问题"}]}


def _client(fake: FakeAssistant) -> TestClient:
    return TestClient(openai_app(KnowledgeBases(fake), Workers(), None, 64 * 1024),
                      base_url="http://127.0.0.1:7860")


def test_input_error_is_a_400_with_the_facades_message(fake: FakeAssistant) -> None:
    fake.error = InputError("问题太长（3000 字），上限为 2000 字，请缩短后再问。")
    response = _client(fake).post("/chat/completions", json=BODY)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == str(fake.error)


def test_internal_error_is_a_generic_500_and_one_log_line(fake: FakeAssistant, caplog) -> None:
    fake.error = RuntimeError("chroma exploded at /secret/path")
    client = _client(fake)
    with caplog.at_level(logging.INFO):
        response = client.post("/chat/completions", json=BODY)
    assert response.status_code == 500
    assert response.json()["error"] == {"message": INTERNAL_MESSAGE, "type": "server_error",
                                         "param": None, "code": None}
    server_log = [r for r in caplog.records if not r.name.startswith("httpx")]  # test client
    assert len(server_log) == 1
    record = server_log[0]
    assert record.levelno == logging.ERROR and record.exc_info is None
    assert "RuntimeError" in record.getMessage() and "\n" not in record.getMessage()
    fake.error, fake.script = None, [Answer(answer="答。[1]", citations=[cite(1)])]
    assert client.post("/chat/completions", json=BODY).status_code == 200


def test_the_question_and_history_reach_the_facade(fake: FakeAssistant) -> None:
    fake.script = [Answer(answer="答。[1]", citations=[cite(1)])]
    body = {**BODY, "messages": [{"role": "user", "content": "前问"},
                                 {"role": "assistant", "content": "前答"}, *BODY["messages"]],
            "filters": {"doc_type": "policy"}}
    assert _client(fake).post("/chat/completions", json=body).status_code == 200
    assert fake.asked == [("问题", [{"role": "user", "content": "前问"},
                                    {"role": "assistant", "content": "前答"}],
                           {"doc_type": "policy"})]
