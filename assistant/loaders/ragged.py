"""Malformed rows of a delimited text file: values beyond the header, columns shifted.

A CSV written by hand or by a careless export puts an unquoted comma inside a value
("（本部，东校区）"): that row gains a field and its later values slide one column right. Such
a row cannot be read with its column names, so it is left out and reported by line number,
and the rest of the file is indexed.
"""

from __future__ import annotations

from assistant.loaders.cells import filled, is_number

NUMERIC_SHARE = 0.95  # a column this numeric is a number column; text in it is a shifted value
MIN_NUMBERS = 20  # too few values say nothing about a column's type


def _used_width(row: list[object]) -> int:
    return max((i + 1 for i, v in enumerate(row) if filled(v)), default=0)


def _numeric_columns(rows: list[list[object]]) -> set[int]:
    columns: set[int] = set()
    for col in range(max((len(r) for r in rows), default=0)):
        values = [r[col] for r in rows if col < len(r) and filled(r[col])]
        numbers = sum(is_number(v) for v in values)
        if numbers >= MIN_NUMBERS and numbers >= NUMERIC_SHARE * len(values):
            columns.add(col)
    return columns


def malformed_rows(rows: list[list[object]], header_width: int | None) -> set[int]:
    """Indices of rows that cannot be read with the file's columns.

    `rows` are the parsed fields, unpadded. With a header, a row with values beyond its last
    column is malformed. In a ragged file (rows with different numbers of fields, the mark of
    shifted values), so is a row with text in a column that otherwise holds only numbers. In a
    file whose rows all have one width, text in a number column is taken as it is ("面议" in a
    price column).
    """
    bad = set()
    if header_width:
        bad = {i for i, row in enumerate(rows) if _used_width(row) > header_width}
    if len({len(row) for row in rows}) > 1:
        numeric = _numeric_columns(rows)
        for i, row in enumerate(rows):
            if any(filled(row[c]) and not is_number(row[c]) for c in numeric if c < len(row)):
                bad.add(i)
    return bad
