"""Read CSV, XLSX and JSON catalogs into tables, refusing files that would exhaust memory."""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.loaders.encoding import decode_bytes
from assistant.loaders.tables import Grid, Merge, Table, read_table

# An xlsx is a zip of XML that openpyxl expands fully in memory (read_only mode would lose the
# merged cells we need), at ~0.5 s and several MB of memory per MB of XML. Real sheets
# compress 5–10×, and the 200,000-row limit fills ~200 MB of XML; refuse anything declaring
# more than this many times the file-size limit, with a floor so a small limit does not
# refuse normal sheets.
EXPANSION_FACTOR = 4
EXPANSION_FLOOR_BYTES = 100 * 1024 * 1024
_SNIFF_BYTES = 16_384
_DELIMITERS = ",;\t"
_MB = 1024 * 1024


def _mb(n: float) -> str:
    return f"{n / _MB:.0f}" if n >= 10 * _MB else f"{n / _MB:.3g}"


def _check_rows(count: int, settings: Settings) -> None:
    if count > settings.max_catalog_rows:
        raise LoadError(f"too many rows ({count} > limit {settings.max_catalog_rows})")


def _check_expansion(path: Path, settings: Settings) -> None:
    """Sum the uncompressed sizes the zip declares (zipfile never inflates past them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise LoadError("malformed spreadsheet: not an xlsx (zip) file") from exc
    limit = max(EXPANSION_FLOOR_BYTES, EXPANSION_FACTOR * settings.max_file_bytes)
    if total > limit:
        raise LoadError(f"xlsx expands to {_mb(total)} MB uncompressed (limit {_mb(limit)} MB)")


def _sheet_grid(sheet: object) -> Grid:
    cells = [list(row) for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
    merges = [
        Merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1)
        for r in sheet.merged_cells.ranges
    ]
    return Grid(sheet.title, cells, list(range(1, len(cells) + 1)), merges)


def _non_empty_rows(grid: Grid) -> int:
    return sum(1 for row in grid.cells if any(v not in (None, "") for v in row))


def read_xlsx(path: Path, settings: Settings) -> list[Table]:
    """Every sheet; formulas as their cached values (what the user saw in Excel)."""
    _check_expansion(path, settings)
    try:
        with warnings.catch_warnings():  # unsupported extensions (data validation …) are noise
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, ValueError) as exc:
        raise LoadError(f"malformed spreadsheet: {type(exc).__name__}: {exc}") from exc
    try:
        grids = [_sheet_grid(sheet) for sheet in book.worksheets]
    finally:
        book.close()
    _check_rows(sum(_non_empty_rows(g) for g in grids), settings)
    return [t for t in (read_table(g) for g in grids) if t is not None]


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
            numbers.append(last_line + 1)
            last_line = reader.line_num
            cells.append(list(row))
    except csv.Error as exc:
        raise LoadError(f"malformed spreadsheet: line {reader.line_num}: {exc}") from exc
    grid = Grid("", cells, numbers)
    _check_rows(_non_empty_rows(grid), settings)
    table = read_table(grid)
    return [table] if table else []


def _json_tables(data: object) -> list[tuple[str, list[object]]]:
    if isinstance(data, list):
        return [("", data)]
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        return [("", data["records"])]
    if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
        return [(str(k), v) for k, v in data.items()]
    raise LoadError(
        'malformed spreadsheet: JSON must be a list of objects, {"records": […]} or {sheet: […]}'
    )


def _json_value(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def read_json(path: Path, settings: Settings) -> list[Table]:
    """Tables from a JSON list of objects; keys in order of first appearance are the columns."""
    try:
        data = json.loads(decode_bytes(path.read_bytes()).lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise LoadError(f"malformed spreadsheet: invalid JSON: {exc}") from exc
    tables = _json_tables(data)
    _check_rows(sum(len(items) for _, items in tables), settings)
    out = []
    for name, items in tables:
        if not all(isinstance(item, dict) for item in items):
            raise LoadError("malformed spreadsheet: JSON records must be objects")
        headers = list(dict.fromkeys(str(k) for item in items for k in item))
        rows = [
            (i, [_json_value(item.get(h)) for h in headers])
            for i, item in enumerate(items, start=1)
        ]
        if rows:
            out.append(Table(name=name, title="", headers=headers, rows=rows))
    return out
