"""The ASGI middleware the app is launched with: checks Gradio itself has no setting for."""

from __future__ import annotations

from starlette.middleware import Middleware

from assistant.app.context import AppContext
from assistant.app.file_guard import FileGuard
from assistant.app.upload_guard import UploadGuard


def middleware(ctx: AppContext) -> list[Middleware]:
    """Served files must be indexed files (no links); uploads need the admin and fit a budget."""
    settings = ctx.assistant.settings
    tokens = ctx.upload_tokens if ctx.admin is not None else None
    budget = int(settings.max_upload_cache_mb * 1024 * 1024)
    return [Middleware(FileGuard, files=ctx.files),
            Middleware(UploadGuard, tokens=tokens, budget_bytes=budget)]
