"""PDF: one SourceDoc per page, so every citation can name its page."""

from __future__ import annotations

import logging
import re
import zlib
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from assistant.config import Settings
from assistant.documents import SourceDoc
from assistant.errors import LoadError
from assistant.loaders.meta import (
    first_line,
    infer_doc_type,
    pick_title,
    prose_text,
    stored_title,
)
from assistant.loaders.running_lines import strip_running_lines

SUFFIXES = frozenset({".pdf"})
# Printed page numbers ("— 3 —", "-3-", "3") on a page's first or last line: layout, not text.
_PAGE_NUMBER_LINE = re.compile(r"^[\s\-—–－‐·]*(第\s*)?\d{1,4}(\s*页)?[\s\-—–－‐·]*$")
_EOF_WINDOW = 2048  # %%EOF must sit near the end; writers add at most a little padding after it

logging.getLogger("pypdf").setLevel(logging.ERROR)  # recoverable-syntax warnings flood the log


def _open(path: Path) -> PdfReader:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - _EOF_WINDOW))
        if b"%%EOF" not in handle.read():
            raise LoadError("corrupt PDF: truncated (no %%EOF marker at the end)")
    try:
        reader = PdfReader(path)
    except PdfReadError as exc:
        raise LoadError(f"corrupt PDF: {exc}") from exc
    if reader.is_encrypted:
        _decrypt(reader)
    return reader


def _decrypt(reader: PdfReader) -> None:
    """Many official PDFs are 'encrypted' only against editing: the empty password opens them."""
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise LoadError(f"encrypted PDF (cannot decrypt here: {exc})") from exc
    if not opened:
        raise LoadError("encrypted PDF (password required)")


def _strip_page_numbers(lines: list[str]) -> list[str]:
    while lines and (not lines[0].strip() or _PAGE_NUMBER_LINE.match(lines[0])):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _PAGE_NUMBER_LINE.match(lines[-1])):
        lines.pop()
    return lines


def _page_texts(reader: PdfReader) -> list[str]:
    """Each page's text without printed page numbers and running heads and feet."""
    try:
        pages = [_strip_page_numbers(_page_lines(page)) for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise LoadError("encrypted PDF (password required)") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, NotImplementedError, zlib.error) as exc:
        raise LoadError(f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    return [prose_text("\n".join(lines)) for lines in strip_running_lines(pages)]


def _page_lines(page: PageObject) -> list[str]:
    return (page.extract_text() or "").splitlines()


def _page_labels(reader: PdfReader, count: int) -> list[str]:
    try:
        labels = list(reader.page_labels)
    except Exception:  # a broken /PageLabels tree must not cost the text
        labels = []
    return labels if len(labels) == count else [str(n) for n in range(1, count + 1)]


def _meta_title(reader: PdfReader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # metadata is optional; a broken info dict is ignored
        return None
    return stored_title(title)


def load(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """Pages with text, each with its physical page number and printed page label."""
    reader = _open(path)
    texts = _page_texts(reader)
    if not any(texts):
        raise LoadError("no text layer (image-only PDF; run OCR first)")
    labels = _page_labels(reader, len(texts))
    first_text = next(t for t in texts if t)
    title = pick_title(_meta_title(reader), first_line(first_text), path.stem)
    doc_type = infer_doc_type(path, source)
    return [
        SourceDoc(
            source=source,
            text=text,
            title=title,
            doc_type=doc_type,
            locator=f"第{n}页",
            metadata={"page": n, "page_label": labels[n - 1]},
        )
        for n, text in enumerate(texts, start=1)
        if text
    ]
