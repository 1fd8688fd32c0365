"""Plain text and Markdown: any common encoding, front matter split off, web chrome removed."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.config import Settings
from assistant.documents import SourceDoc
from assistant.errors import LoadError
from assistant.loaders.encoding import decode_bytes
from assistant.loaders.meta import (
    first_line,
    infer_doc_type,
    pick_title,
    prose_text,
    split_front_matter,
)
from assistant.text.headline import pick_headline
from assistant.text.webclean import clean_web_text, looks_like_web_capture

SUFFIXES = frozenset({".txt", ".md", ".markdown"})
_MD_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
# Markdown renders HTML comments as nothing ("<!-- INFO END -->" markers of law collections):
# they are no part of the text a reader sees, so they are no part of a chunk either.
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def load(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """One SourceDoc for the whole file (the splitter finds its structure)."""
    raw = decode_bytes(path.read_bytes())
    meta, body = split_front_matter(raw.lstrip("\ufeff"))
    is_markdown = path.suffix.lower() != ".txt"
    # Text files are often pages saved from a browser; Markdown is cleaned only when it clearly
    # is one, because its own syntax (tables, lists) must not be mistaken for page chrome.
    if is_markdown:
        body = _HTML_COMMENT.sub("", body)
    if not is_markdown or looks_like_web_capture(body):
        body = clean_web_text(body)
    text = prose_text(body)
    if not text:
        raise LoadError("empty file")
    heading = _MD_HEADING.search(text) if is_markdown else None
    title = pick_title(
        meta.get("title"),
        heading.group(1) if heading else None,
        pick_headline(text),
        first_line(text),
        path.stem,
    )
    return [
        SourceDoc(
            source=source,
            text=text,
            title=title,
            doc_type=infer_doc_type(path, source, meta.get("doc_type")),
            metadata=meta,
        )
    ]
