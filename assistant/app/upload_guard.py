"""Gradio's upload route for the signed-in admin only, within a disk budget, leaving nothing behind.

Gradio accepts files at `/gradio_api/upload` from anyone and keeps them in its cache; only the
size of one file is configurable (`launch(max_file_size=...)`, set in `launch_options`) and the
cache is swept only by age (`Blocks(delete_cache=...)`, set in blocks.py). Nothing in this app
takes files except the admin's upload, so this ASGI middleware adds what Gradio lacks:

- a request without the admin's upload cookie is refused (403) before its body is read. The
  cookie holds a random token issued at sign-in (documents_tab sets it from the sign-in reply);
  the admin's browser sends it with the upload like any same-site cookie.
- a request is refused (507) while the files this app holds in Gradio's cache exceed the budget.
- the screen-recording route, unused here, is refused.
After an upload is indexed, `discard_cached` removes Gradio's copies (the index keeps its own).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from gradio.utils import get_upload_folder
from starlette.requests import Request
from starlette.responses import PlainTextResponse

log = logging.getLogger("assistant.app.upload")

COOKIE = "assistant_upload"
TOKEN_TTL_S = 8 * 3600  # one working day of admin work per sign-in
MAX_TOKENS = 32  # sign-ins remembered at once; the oldest is forgotten first
UPLOAD_PATH = "/gradio_api/upload"
UNUSED_PATHS = ("/gradio_api/process_recording",)


class UploadTokens:
    """Random tokens handed to the admin's browser at sign-in; valid for TOKEN_TTL_S."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = time.monotonic()
            self._expiry = {t: e for t, e in self._expiry.items() if e > now}
            while len(self._expiry) >= MAX_TOKENS:
                self._expiry.pop(min(self._expiry, key=self._expiry.__getitem__))
            self._expiry[token] = now + TOKEN_TTL_S
        return token

    def valid(self, token: str | None) -> bool:
        """Constant-time match against every live token."""
        if not token:
            return False
        now = time.monotonic()
        with self._lock:
            live = [t for t, e in self._expiry.items() if e > now]
        return any(hmac.compare_digest(token.encode(), t.encode()) for t in live)


def cached_bytes(paths: Iterable[str]) -> int:
    """Bytes that the given cached files (Gradio's `upload_file_set`) hold on disk now."""
    total = 0
    for path in list(paths):
        try:
            total += os.stat(path).st_size
        except OSError:
            continue
    return total


def discard_cached(paths: Iterable[str | Path], cache_dir: str | Path) -> int:
    """Delete Gradio's cached copies of uploaded files (and their emptied folders).

    Only files inside `cache_dir` are touched, so a path the browser sent can never delete
    anything else. Returns how many files were removed.
    """
    cache = Path(os.path.realpath(cache_dir))
    removed = 0
    for given in paths:
        path = Path(os.path.realpath(given))
        if not path.is_relative_to(cache) or path == cache:
            continue
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        if path.parent != cache:
            with contextlib.suppress(OSError):  # not empty: another upload shares the folder
                path.parent.rmdir()  # Gradio keeps each upload in its own hash-named folder
    return removed


def discard_uploads(demo) -> int:
    """Delete every file `demo` still holds in Gradio's upload cache (e.g. at exit)."""
    return discard_cached(list(getattr(demo, "upload_file_set", ())), get_upload_folder())


class UploadGuard:
    """ASGI middleware in front of Gradio's upload route (see the module docstring)."""

    def __init__(self, app, tokens: UploadTokens | None, budget_bytes: int) -> None:
        self.app = app
        self.tokens = tokens  # None when no admin account is configured: uploads are off
        self.budget_bytes = budget_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            refusal = self._refusal(scope)
            if refusal is not None:
                status, message = refusal
                log.warning("upload refused (%d) from %s: %s", status, _client(scope), message)
                await PlainTextResponse(message, status_code=status)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _refusal(self, scope) -> tuple[int, str] | None:
        path = scope["path"].rstrip("/")
        if path.endswith(UNUSED_PATHS):
            return 404, "Not used by this app."
        if not path.endswith(UPLOAD_PATH):
            return None
        if self.tokens is None:
            return 403, "Uploads are disabled: no admin account is configured."
        if not self.tokens.valid(Request(scope).cookies.get(COOKIE)):
            return 403, "Sign in as the admin on the Documents tab to upload files."
        held = cached_bytes(_uploaded(scope))
        if held + _content_length(scope) > self.budget_bytes:
            return 507, ("The upload cache is full; index or remove the files already "
                         "uploaded, or try again later.")
        return None


def _content_length(scope) -> int:
    value = dict(scope["headers"]).get(b"content-length", b"0")
    return int(value) if value.isdigit() else 0


def _uploaded(scope) -> set[str]:
    """The files this app holds in Gradio's upload cache (Gradio's own record of them)."""
    blocks = scope["app"].get_blocks() if hasattr(scope.get("app"), "get_blocks") else None
    return set(getattr(blocks, "upload_file_set", ()) or ())


def _client(scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


__all__ = ["COOKIE", "UploadGuard", "UploadTokens", "cached_bytes", "discard_cached",
           "discard_uploads"]
