"""Links that open a cited file in the browser, at its page for PDFs.

Gradio serves a local file at `gradio_api/file=<absolute path>` when the path is in the app's
`allowed_paths`. We allow exactly the indexed files (not their folders) that are reached without
a symbolic link, so nothing else on the disk becomes reachable; the list is refreshed after
every upload or delete, and file_guard.py checks each request against the manifest again.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

from assistant.documents import Citation

FILE_ROUTE = "gradio_api/file="  # relative: works when the app is mounted under a path prefix
_PAGE = re.compile(r"第\s*(\d+)\s*页")


def page_of(locator: str, metadata: dict | None = None) -> int | None:
    """Page number of a citation: chunk metadata "page" first, else "第N页" in the locator."""
    value = (metadata or {}).get("page")
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    found = _PAGE.search(locator or "")
    return int(found.group(1)) if found else None


def file_url(path: Path | str, page: int | None = None) -> str:
    """URL of a served file; PDF viewers honour "#page=N" (Chromium's and Firefox's do)."""
    url = FILE_ROUTE + quote(str(path), safe="/")
    if page and str(path).lower().endswith(".pdf"):
        url += f"#page={page}"
    return url


def genuine(path: str | Path) -> bool:
    """True for an existing regular file reached without any symbolic link on the way."""
    text = os.path.abspath(path)
    return os.path.realpath(text) == text and os.path.isfile(text)


class SourceFiles:
    """Where each indexed file lives on disk, looked up from the knowledge base's manifest."""

    def __init__(self, kb) -> None:
        self.kb = kb

    def path_of(self, source: str) -> Path | None:
        record = self.kb.chunks.file(source)
        if record is None:
            return None
        path = Path(record.root) / source
        return path if genuine(path) else None

    def served_paths(self) -> list[str]:
        """Absolute paths of every indexed file that exists and is no link (`allowed_paths`)."""
        paths = (Path(r.root) / r.source for r in self.kb.chunks.files())
        return [str(p) for p in paths if genuine(p)]

    def is_indexed_file(self, path: Path) -> bool:
        """Whether `path` (absolute, no links) is root / source of a file in the manifest now.

        Each way of splitting the path into a root and a source is looked up by source, so the
        check reads a few manifest rows, never the whole list.
        """
        parts = path.parts
        for cut in range(len(parts) - 1, 0, -1):
            root, source = Path(*parts[:cut]), "/".join(parts[cut:])
            record = self.kb.chunks.file(source)
            if record is not None and Path(record.root) == root:
                return True
        return False

    def urls(self, citations: list[Citation]) -> dict[int, str]:
        """[n] → URL of the cited file (at the cited page), for citations whose file exists."""
        metadata = self._metadata([c.chunk_id for c in citations if c.chunk_id])
        found: dict[int, str] = {}
        for cite in citations:
            path = self.path_of(cite.source)
            if path is not None:
                found[cite.n] = file_url(path, page_of(cite.locator, metadata.get(cite.chunk_id)))
        return found

    def _metadata(self, ids: list[str]) -> dict[str, dict]:
        if not ids:
            return {}
        return {i: c.metadata for i, c in self.kb.chunks.get(ids).items()}
