"""Section rows inside a table: "华东地区（12所）" between data rows becomes the rows' group.

Lists published by government bodies and universities group their rows under one-cell rows
(a region, a category, "一、国家级平台"), often merged across the table. Read as records those
rows would be near-empty records and the rows below would lose what they belong to; read as a
group label carried by every row below, "华东地区有多少所" can be answered from the label or by
counting the rows.
"""

from __future__ import annotations

import statistics

from assistant.loaders.cells import filled, is_text
from assistant.loaders.rows import format_value

LABEL_COLUMNS = 2  # a label sits in the first column, or the second after an empty 序号 column


def section_label(raw: list[object], width: int) -> str | None:
    """The label of a one-cell row (raw cells: merged ranges hold their value once)."""
    cells = [(i, v) for i, v in enumerate(raw) if filled(v)]
    if width < 2 or len(cells) != 1:
        return None
    col, value = cells[0]
    return format_value(value) if col < LABEL_COLUMNS and is_text(value) else None


def split_groups(
    raw_rows: list[list[object]], width: int
) -> tuple[list[int], dict[int, str]]:
    """(indices of the data rows, group label of each data row that has one).

    Only tables whose data rows typically fill two or more cells have section rows; a label
    with no data row under it (a closing note) stays a data row, so no text is lost.
    """
    labels = [section_label(raw, width) for raw in raw_rows]
    counts = [sum(filled(v) for v in raw) for raw in raw_rows]
    if not counts or statistics.median(counts) < 2:
        return list(range(len(raw_rows))), {}
    data: list[int] = []
    groups: dict[int, str] = {}
    current: str | None = None
    for i, label in enumerate(labels):
        has_rows_below = next((lab is None for lab in labels[i + 1 :]), False) if label else False
        if label is not None:
            current = label if has_rows_below else None  # a closing note ends the groups
            if has_rows_below:
                continue
        data.append(i)
        if current is not None:
            groups[i] = current
    return data, groups
