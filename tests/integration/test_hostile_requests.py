"""Hostile requests against the served app: each gets a short clear error (or is refused at the
door), the log holds one line and no traceback for it, the index is unchanged, and a normal
question is answered right after."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.service import Assistant
from tests.integration.conftest import free_port
from tests.integration.fakes import use_hash_embeddings

DOC = """# 双高协同实施意见
一、工作目标
到2027年，实现试点高新区与高校结对全覆盖，建成10个协同创新示范区。
"""
NORMAL = "到2027年建成多少个协同创新示范区？"
ANSWER_TIMEOUT_S = 30  # generous: the check is that the answer arrives, not how fast


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    from gradio_client import Client

    from assistant.app import build_app, launch

    base = tmp_path_factory.mktemp("served")
    docs = base / "docs"
    docs.mkdir()
    (docs / "实施意见.md").write_text(DOC, encoding="utf-8")
    (docs / "linked.md").write_text("# 将被替换的文件\n内容。\n", encoding="utf-8")
    settings = Settings().with_overrides(data_dir=base / "data", admin_auth="admin:pw",
                                         max_upload_cache_mb=0.01)
    bot = Assistant(settings=settings)
    use_hash_embeddings(bot.kb)
    bot.ingest([docs])
    demo = build_app(bot)
    port = free_port()
    launch(demo, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        yield {"url": url, "client": Client(url, verbose=False), "bot": bot, "docs": docs,
               "demo": demo}
    finally:
        demo.close()


def _state(bot: Assistant) -> tuple:
    return sorted(bot.kb.chunks.all_ids()), [(f.source, f.sha256) for f in bot.kb.chunks.files()]


def _error_of(client, *args, api_name: str) -> str:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as raised:
        client.predict(*args, api_name=api_name)
    return str(raised.value)


CASES = [  # (arguments, endpoint, words the message must hold)
    (("问" * 2001, "[]", "{}"), "/ask", "上限为 2000 字"),
    (("Why " * 501, "[]", "{}"), "/ask", "the limit is 2000"),
    (("需求" * 1001, "", 5), "/match", "需求描述太长"),
    (("问题", json.dumps([{"role": "user", "content": "长" * 4001}]), "{}"), "/ask", "上限 4000"),
    (("问题", "[]", '{"$or": [{"zone": "a"}, {"zone": "b"}]}'), "/ask", "不支持的筛选条件"),
    (("问题", "[]", json.dumps({"zone": ["南京"] * 5000})), "/ask", "取值太多"),
    (("问题", "[]", json.dumps({"metadata.x": {"$ne": 1}})), "/ask", "不支持的筛选条件"),
    (("问题", "[]", "{}", 10**9), "/retrieve", "1 到 50"),
    (("demand text for batteries", "", 10**9), "/match", "from 1 to 50"),
    (("Which zone?", "[{", "{}"), "/ask", "history_json is not valid JSON"),
    (("Which zone?", "[]", "{'doc_type': 'policy'}"), "/ask", "filters_json is not valid JSON"),
    (("Which zone?", "[" * 5000 + "]" * 5000, "{}"), "/ask", "nested too deeply"),
    (("Which zone?", '{"role": "user"}', "{}"), "/ask", "must be a JSON list"),
]


@pytest.mark.parametrize(("args", "endpoint", "words"), CASES,
                         ids=[f"{c[1]}-{n}" for n, c in enumerate(CASES)])
def test_bad_request_gets_a_clear_error_and_a_normal_question_still_works(
        served: dict, args: tuple, endpoint: str, words: str,
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture) -> None:
    client, bot = served["client"], served["bot"]
    before = _state(bot)
    caplog.clear()
    message = _error_of(client, *args, api_name=endpoint)
    assert words in message and len(message) < 200, message
    for internal in ("Traceback", "recursion", "SQL", "Expression tree", "Error:"):
        assert internal not in message
    refusals = [r for r in caplog.records if r.name == "assistant.app.api"]
    assert len(refusals) == 1 and refusals[0].exc_info is None
    assert "Traceback" not in capfd.readouterr().err
    job = client.submit(NORMAL, "[]", "{}", api_name="/ask")
    assert "10个" in job.result(timeout=ANSWER_TIMEOUT_S)["answer"]
    assert _state(bot) == before


def test_upload_route_needs_the_admin_cookie_and_fits_the_budget(served: dict) -> None:
    from gradio.utils import get_upload_folder

    from assistant.app.upload_guard import COOKIE, discard_cached

    def upload(cookie: str | None, size: int) -> int:
        body = (b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.md\"\r\n"
                b"Content-Type: text/markdown\r\n\r\n" + b"x" * size + b"\r\n--b--\r\n")
        request = urllib.request.Request(served["url"] + "gradio_api/upload", data=body,
                                         method="POST")
        request.add_header("Content-Type", "multipart/form-data; boundary=b")
        if cookie:
            request.add_header("Cookie", f"{COOKIE}={cookie}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                stored = json.loads(response.read())
                assert all(Path(p).is_file() for p in stored)
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    held = served["demo"].upload_file_set
    assert upload(None, 10) == 403 and upload("forged", 10) == 403
    token = served["demo"].app_context.upload_tokens.issue()  # what the admin's sign-in gives
    assert upload(token, 10) == 200
    assert upload(token, 20_000) == 507  # the test's budget is 10 KB
    assert discard_cached(list(held), get_upload_folder()) >= 1  # leave nothing behind


def test_an_indexed_file_swapped_for_a_symlink_is_not_served(served: dict) -> None:
    docs = served["docs"].resolve()
    target = docs / "linked.md"

    def status(path: Path | str) -> int:
        try:
            with urllib.request.urlopen(f"{served['url']}gradio_api/file={path}",
                                        timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    assert status(target) == 200
    saved = target.read_bytes()
    target.unlink()
    os.symlink("/etc/passwd", target)
    try:
        assert status(target) == 403
        assert status("/etc/passwd") == 403
    finally:
        target.unlink()
        target.write_bytes(saved)
    assert status(target) == 200


def test_gradio_own_errors_do_not_reach_the_caller(served: dict) -> None:
    """A call with too few arguments fails inside Gradio, before our handler: no internals."""
    import httpx

    url = served["url"] + "gradio_api/call/ask"
    event = httpx.post(url, json={"data": []}, timeout=30).json()["event_id"]
    stream = httpx.get(f"{url}/{event}", timeout=30).text
    assert "event: error" in stream
    assert "receive enough input values" not in stream and "Wanted inputs" not in stream
    job = served["client"].submit(NORMAL, "[]", "{}", api_name="/ask")
    assert "10个" in job.result(timeout=ANSWER_TIMEOUT_S)["answer"]
