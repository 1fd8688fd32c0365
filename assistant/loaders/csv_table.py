"""CSV (or semicolon / tab separated) catalogs: encoding and delimiter found, rows checked.

Rows that cannot be read with the file's columns (see ragged.py) are left out and listed in
the table, so the ingest report can name their lines; a file wider than the column limit is
refused as soon as its widest row is parsed, before any table is built.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.loaders.encoding import decode_bytes
from assistant.loaders.limits import check_columns, check_rows, non_empty_rows
from assistant.loaders.tables import Grid, Table, read_table

_SNIFF_BYTES = 16_384
_DELIMITERS = ",;\t"


def _sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """csv.Sniffer first; when a title line above the header confuses it, the delimiter that
    occurs most often in the sample; a comma for a one-column file."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        pass
    counts = {d: sample.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return csv.excel

    class Sniffed(csv.excel):
        delimiter = best

    return Sniffed


def read_csv(path: Path, settings: Settings) -> list[Table]:
    """One table; row numbers are the line a record starts on (header line = 1)."""
    text = decode_bytes(path.read_bytes()).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), _sniff_dialect(text[:_SNIFF_BYTES]))
    cells: list[list[object]] = []
    numbers: list[int] = []
    last_line = 0
    try:
        for row in reader:  # a quoted field may span lines: a record starts after the last one
            check_columns(len(row), settings)
            numbers.append(last_line + 1)
            last_line = reader.line_num
            cells.append(list(row))
    except csv.Error as exc:
        raise LoadError(f"malformed spreadsheet: line {reader.line_num}: {exc}") from exc
    grid = Grid("", cells, numbers)
    check_rows(non_empty_rows(grid), settings)
    table = read_table(grid, check_shape=True)
    return [table] if table else []
