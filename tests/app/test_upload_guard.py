"""Gradio's upload route: the signed-in admin's browser only, within the cache budget; cached
copies are removed after use and nothing outside Gradio's cache is ever deleted."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.app.upload_guard import (
    COOKIE,
    UploadGuard,
    UploadTokens,
    _content_length,
    discard_cached,
)


class GradioLike(Starlette):
    """A Starlette app with Gradio's record of the files it holds in its upload cache."""

    def __init__(self, held: set[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.blocks = SimpleNamespace(upload_file_set=held)

    def get_blocks(self):
        return self.blocks


def _accepted(request) -> PlainTextResponse:
    return PlainTextResponse("stored")


def _client(tokens: UploadTokens | None, held: set[str] | None = None,
            budget: int = 1000) -> TestClient:
    routes = [Route("/gradio_api/upload", _accepted, methods=["POST"]),
              Route("/gradio_api/process_recording", _accepted, methods=["POST"]),
              Route("/gradio_api/info", _accepted)]
    app = GradioLike(held or set(), routes=routes,
                     middleware=[Middleware(UploadGuard, tokens=tokens, budget_bytes=budget)])
    return TestClient(app)


def test_upload_without_the_admin_cookie_is_refused() -> None:
    tokens = UploadTokens()
    client = _client(tokens)
    response = client.post("/gradio_api/upload", content=b"x" * 10)
    assert response.status_code == 403 and "Sign in as the admin" in response.text
    client.cookies.set(COOKIE, "guessed")
    assert client.post("/gradio_api/upload", content=b"x").status_code == 403
    client.cookies.set(COOKIE, tokens.issue())
    assert client.post("/gradio_api/upload", content=b"x").text == "stored"
    assert client.get("/gradio_api/info").text == "stored"  # other routes untouched


def test_uploads_are_off_without_an_admin_account_and_recordings_always() -> None:
    client = _client(None)
    assert client.post("/gradio_api/upload", content=b"x").status_code == 403
    assert client.post("/gradio_api/process_recording", content=b"x").status_code == 404


def test_upload_is_refused_once_the_cache_budget_is_used(tmp_path: Path) -> None:
    held = tmp_path / "held.bin"
    held.write_bytes(b"x" * 900)
    tokens = UploadTokens()
    client = _client(tokens, {str(held), str(tmp_path / "gone.bin")}, budget=1000)
    client.cookies.set(COOKIE, tokens.issue())
    assert client.post("/gradio_api/upload", content=b"x" * 50).status_code == 200
    response = client.post("/gradio_api/upload", content=b"x" * 200)
    assert response.status_code == 507 and "upload cache is full" in response.text


def test_tokens_are_random_and_bounded() -> None:
    tokens = UploadTokens()
    issued = [tokens.issue() for _ in range(40)]
    assert len(set(issued)) == 40 and all(len(t) >= 40 for t in issued)
    assert tokens.valid(issued[-1]) and not tokens.valid(issued[0])  # oldest forgotten
    assert not tokens.valid("") and not tokens.valid(None)


def test_discard_removes_cached_copies_and_nothing_else(tmp_path: Path) -> None:
    cache = tmp_path / "gradio"
    copy = cache / "0123abcd" / "notes.md"
    copy.parent.mkdir(parents=True)
    copy.write_text("x", encoding="utf-8")
    outside = tmp_path / "keep.md"
    outside.write_text("x", encoding="utf-8")
    sneaky = cache / "link.md"
    sneaky.symlink_to(outside)
    removed = discard_cached([copy, outside, sneaky, cache / "missing.md"], cache)
    assert removed == 1
    assert not copy.exists() and not copy.parent.exists()  # its hash folder went too
    assert outside.exists()


@pytest.mark.parametrize(("header", "value"), [(b"abc", 0), (b"-5", 0), (b"", 0), (b"42", 42)])
def test_malformed_content_length_counts_as_zero(header: bytes, value: int) -> None:
    assert _content_length({"headers": [(b"content-length", header)]}) == value
    assert _content_length({"headers": []}) == 0
