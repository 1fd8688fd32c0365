"""Data tables inside documents (HTML, DOCX): one record per row, like a catalog row.

A table of measures ("序号 | 任务 | 牵头单位 | 完成时限") flattened into the text loses its
header and gets cut across chunks, so nobody can find which department leads task 14. Each
row becomes its own record, rendered "序号：14；任务：…；牵头单位：…" and cited as
"三、主要任务 > 表1 重点任务分工 第15行", with the section and caption in its heading chain.
A table that only lays out the page (one filled cell per row) is not data: its cells are body
text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from assistant.documents import DocType, Scalar, SourceDoc
from assistant.loaders.cells import filled
from assistant.loaders.rows import format_value, render_row
from assistant.loaders.tables import Table
from assistant.text.normalize import clean_line

GROUP_COLUMN = "分组"
CAPTION_MAX = 40  # a caption is a short title line, not a paragraph


@dataclass(frozen=True)
class TablePlace:
    """Where a table sits: its document and the heading chain and caption above it."""

    source: str
    title: str
    doc_type: DocType
    chain: tuple[str, ...]
    caption: str
    number: int  # 1 for the document's first data table


def is_layout(rows: list[list[object]]) -> bool:
    """True for a table that only wraps layout: no row has two filled cells."""
    return all(sum(filled(v) for v in row) <= 1 for row in rows)


def caption_of(line: str) -> str:
    """A short line right above a table names it ("表1 重点任务分工"); prose does not."""
    text = clean_line(line).strip("# ")
    if 0 < len(text) <= CAPTION_MAX and not text.endswith(("。", "：", ":", "；")):
        return text
    return ""


def row_values(table: Table, row: int, cells: list[object]) -> dict[str, str]:
    """Column name -> display value, led by the row's section label when it has one."""
    values = {h: clean_line(format_value(v)) for h, v in zip(table.headers, cells, strict=False)}
    group = table.groups.get(row)
    return {GROUP_COLUMN: clean_line(group)} | values if group else values


def rendered_rows(table: Table):
    """(row number, values by header, "列名：值；…" text) of each data row that says anything:
    what a catalog record and a document table's row record are both built from."""
    for row, cells in table.rows:
        values = row_values(table, row, cells)
        text = render_row(values.items())
        if text:
            yield row, values, text


def table_records(table: Table, place: TablePlace) -> list[SourceDoc]:
    """One record per data row, cited by the table's place and the row's number in it."""
    name = place.caption or clean_line(table.title) or f"表{place.number}"
    headings = (*place.chain, name)
    docs = []
    for row, values, text in rendered_rows(table):
        meta: dict[str, Scalar] = {
            "table": place.number,
            "row": row,
            "columns": json.dumps(values, ensure_ascii=False),
        }
        if GROUP_COLUMN in values:
            meta["group"] = values[GROUP_COLUMN]
        docs.append(
            SourceDoc(
                source=place.source,
                text=text,
                title=place.title,
                doc_type=place.doc_type,
                locator=f"{' > '.join(headings)} 第{row}行",
                metadata=meta,
                is_record=True,
                headings=headings,
            )
        )
    return docs
