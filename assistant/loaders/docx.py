"""Word documents: body in reading order, headings as Markdown lines, tables as "列名：值" rows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from assistant.config import Settings
from assistant.documents import SourceDoc
from assistant.errors import LoadError
from assistant.loaders.meta import first_line, infer_doc_type, pick_title, prose_text
from assistant.loaders.rows import render_row

SUFFIXES = frozenset({".docx"})
# Built-in styles are stored under their English names; WPS and some templates use Chinese ones.
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.I)
_MD_HEADING = re.compile(r"^#{1,6} (.+)$", re.M)


def _open(path: Path) -> Document:
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise LoadError(f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc


def _style_names(document: Document) -> dict[str, str]:
    """Style id -> name, read once: python-docx's Paragraph.style looks styles up every time,
    which made a 300-paragraph file take a second."""
    return {style.style_id: style.name or "" for style in document.styles}


def _heading_level(paragraph: Paragraph, styles: dict[str, str]) -> int:
    """Markdown level of a heading paragraph; 0 for body text."""
    name = styles.get(paragraph._p.style or "", "").strip()
    if _TITLE_STYLE.match(name):
        return 1
    match = _HEADING_STYLE.match(name)
    return min(int(match.group(1)), 6) if match else 0


def _paragraph_line(paragraph: Paragraph, styles: dict[str, str]) -> str:
    text = paragraph.text.strip()
    level = _heading_level(paragraph, styles) if text else 0
    return f"{'#' * level} {text}" if level else text


def _unique_cells(row: object) -> list[str]:
    """A row's cell texts, horizontally merged cells once (python-docx repeats them)."""
    texts, seen = [], set()
    for cell in row.cells:  # type: ignore[attr-defined]
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(" ".join(cell.text.split()))
    return texts


def _table_lines(table: Table) -> list[str]:
    """First row as header; each further row one line "列名：值；列名：值"."""
    rows = [_unique_cells(row) for row in table.rows]
    if len(rows) < 2:
        return ["；".join(c for c in cells if c) for cells in rows]
    header = [h or f"列{i}" for i, h in enumerate(rows[0], start=1)]
    lines = []
    for cells in rows[1:]:
        line = render_row(list(zip(header, cells, strict=False)))
        if line:
            lines.append(line)
    return lines


def _body_lines(document: Document) -> list[str]:
    lines: list[str] = []
    styles = _style_names(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_paragraph_line(block, styles))
        else:
            lines.extend(["", *_table_lines(block), ""])
    return lines


def load(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """One SourceDoc; the splitter finds its structure in the Markdown heading lines."""
    document = _open(path)
    text = prose_text("\n".join(_body_lines(document)))
    if not text:
        raise LoadError("empty file")
    heading = _MD_HEADING.search(text)
    title = pick_title(
        document.core_properties.title,
        heading.group(1) if heading else None,
        first_line(text),
        path.stem,
    )
    return [SourceDoc(source=source, text=text, title=title, doc_type=infer_doc_type(path, source))]
