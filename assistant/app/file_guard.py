"""Cited files are served only when the requested path really is an indexed file.

Gradio's `file=` route serves a path when its *resolved* form lies inside an allowed path, and
resolves the allowed paths too. So when an indexed file is replaced by a symbolic link to
/etc/passwd, the allowed entry itself resolves to /etc/passwd and Gradio serves it (under
either name). Gradio has no setting to refuse links, so this ASGI middleware checks every
`file=` request first: the path must contain no link at all (its real path is itself) and be
an indexed file in the manifest now, else 403. Gradio's own upload and cache folders are left
to Gradio's checks; remote URLs are refused, since this app never links to one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from gradio.utils import get_cache_folder, get_upload_folder
from starlette.responses import PlainTextResponse

from assistant.app.links import SourceFiles, genuine

log = logging.getLogger("assistant.app.files")

FILE_ROUTE = "/gradio_api/file="
REFUSED = "File not available."


class FileGuard:
    """ASGI middleware in front of Gradio's `file=` route (see the module docstring)."""

    def __init__(self, app, files: SourceFiles) -> None:
        self.app = app
        self.files = files
        self.gradio_dirs = [Path(os.path.realpath(p))
                            for p in (get_upload_folder(), get_cache_folder())]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            requested = _requested(scope["path"])
            if requested is not None and not self.allowed(requested):
                log.warning("file request refused: %r", requested[:300])
                await PlainTextResponse(REFUSED, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def allowed(self, requested: str) -> bool:
        if "://" in requested or not genuine(requested):
            return False
        real = Path(os.path.realpath(requested))
        if any(real.is_relative_to(d) for d in self.gradio_dirs):
            return True  # Gradio's own files: its checks apply
        return self.files.is_indexed_file(real)


def _requested(path: str) -> str | None:
    at = path.find(FILE_ROUTE)
    return None if at < 0 else path[at + len(FILE_ROUTE):]


__all__ = ["FileGuard"]
