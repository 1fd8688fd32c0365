"""Word documents: body in reading order, headings as Markdown lines, data tables as row records."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from assistant.config import Settings
from assistant.documents import SourceDoc
from assistant.errors import LoadError
from assistant.loaders.doc_tables import TablePlace, caption_of, is_layout, table_records
from assistant.loaders.limits import check_columns
from assistant.loaders.meta import first_line, infer_doc_type, pick_title, prose_text, stored_title
from assistant.loaders.tables import Grid, Merge, Table, read_table
from assistant.text.outline import chain_after

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


def _row_grid(row: object, r: int) -> tuple[list[object], list[Merge]]:
    """A row's cells by grid column; a cell spanning columns holds its text once (python-docx
    repeats it for every column it spans) and is recorded as a merged range."""
    cells: list[object] = []
    merges: list[Merge] = []
    previous = None
    for c, cell in enumerate(row.cells):  # type: ignore[attr-defined]
        if previous is not None and cell._tc is previous:
            cells.append(None)
            merges[-1].right = c
            continue
        previous = cell._tc
        cells.append(" ".join(cell.text.split()))
        merges.append(Merge(r, r, c, c))
    return cells, [m for m in merges if m.right > m.left]


def _grid(table: DocxTable, settings: Settings) -> Grid:
    cells, merges = [], []
    for r, row in enumerate(table.rows):
        values, spans = _row_grid(row, r)
        check_columns(len(values), settings)
        cells.append(values)
        merges.extend(spans)
    return Grid("", cells, list(range(1, len(cells) + 1)), merges)


@dataclass
class _Body:
    """Body lines in reading order, and the data tables found between them."""

    lines: list[str] = field(default_factory=list)
    tables: list[tuple[Table, tuple[str, ...], str]] = field(default_factory=list)

    def add_table(self, grid: Grid) -> None:
        table = None if is_layout(grid.cells) else read_table(grid)
        if table is None:  # layout or no data row: its cells are text
            self.lines.extend(["", *(t for row in grid.cells for t in row if t), ""])
            return
        chain = chain_after(self.lines)
        above = next((line for line in reversed(self.lines) if line.strip()), "")
        caption = caption_of(above)
        self.tables.append((table, chain, "" if chain[-1:] == (caption,) else caption))


def _body(document: Document, settings: Settings) -> _Body:
    body = _Body()
    styles = _style_names(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            body.lines.append(_paragraph_line(block, styles))
        else:
            body.add_table(_grid(block, settings))
    return body


def load(
    path: Path, source: str, settings: Settings, original: Path | None = None
) -> list[SourceDoc]:
    """The body as one SourceDoc (the splitter finds its structure in the Markdown heading
    lines), then one record per data-table row. `original`: the file a converted .docx came
    from (a .doc), whose name and folder stand for the document."""
    document = _open(path)
    path = original or path
    body = _body(document, settings)
    text = prose_text("\n".join(body.lines))
    if not text and not body.tables:
        raise LoadError("empty file")
    heading = _MD_HEADING.search(text)
    title = pick_title(
        stored_title(document.core_properties.title),
        heading.group(1) if heading else None,
        first_line(text),
        path.stem,
    )
    doc_type = infer_doc_type(path, source)
    docs = [SourceDoc(source=source, text=text, title=title, doc_type=doc_type)] if text else []
    for number, (table, chain, caption) in enumerate(body.tables, start=1):
        place = TablePlace(source, title, doc_type, chain, caption, number)
        docs.extend(table_records(table, place))
    return docs
