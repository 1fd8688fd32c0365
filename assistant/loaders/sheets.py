"""Spreadsheet workbooks: XLSX through openpyxl, XLS and ODS through calamine.

Both read every sheet with its merged ranges (title banners, group headers, section rows), so
the layout reader in tables.py sees what the user saw. Zipped formats pass zip_guard's checks
before either library opens them; a legacy XLS (not a zip) is bounded by the file-size limit
and its sheets' declared sizes are checked before they are read.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl
import python_calamine
from openpyxl.utils.exceptions import InvalidFileException

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.loaders.limits import check_columns, check_rows, non_empty_rows
from assistant.loaders.tables import Grid, Merge, Table, read_table
from assistant.loaders.zip_guard import check_expansion, check_sheet_sizes


def _openpyxl_grid(sheet: object) -> Grid:
    cells = [list(row) for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
    merges = [
        Merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1)
        for r in sheet.merged_cells.ranges
    ]
    return Grid(sheet.title, cells, list(range(1, len(cells) + 1)), merges)


def _tables(grids: list[Grid], settings: Settings) -> list[Table]:
    check_rows(sum(non_empty_rows(g) for g in grids), settings)
    return [t for t in (read_table(g) for g in grids) if t is not None]


def read_xlsx(path: Path, settings: Settings) -> list[Table]:
    """Every sheet; formulas as their cached values (what the user saw in Excel)."""
    check_expansion(path, settings, "xlsx")
    check_sheet_sizes(path, settings, "xlsx")
    try:
        with warnings.catch_warnings():  # unsupported extensions (data validation …) are noise
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, ValueError) as exc:
        raise LoadError(f"malformed spreadsheet: {type(exc).__name__}: {exc}") from exc
    try:
        grids = [_openpyxl_grid(sheet) for sheet in book.worksheets]
    finally:
        book.close()
    return _tables(grids, settings)


def _calamine_grid(sheet: python_calamine.CalamineSheet, settings: Settings) -> Grid:
    """Cells from A1 (so row numbers are the ones the user sees) and merged ranges."""
    check_columns(sheet.total_width, settings)
    check_rows(sheet.total_height, settings)
    cells = [list(row) for row in sheet.to_python(skip_empty_area=False)]
    merges = [
        Merge(top, bottom, left, right)
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or []
    ]
    return Grid(sheet.name, cells, list(range(1, len(cells) + 1)), merges)


def read_calamine(path: Path, settings: Settings) -> list[Table]:
    """XLS (Excel 97–2003, what most published lists still are) and ODS, every sheet."""
    kind = path.suffix.lower()[1:]
    if kind == "ods":
        check_expansion(path, settings, kind)
        check_sheet_sizes(path, settings, kind)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            sheets = [book.get_sheet_by_name(name) for name in book.sheet_names]
            grids = [_calamine_grid(sheet, settings) for sheet in sheets]
        finally:
            book.close()
    except python_calamine.PasswordError as exc:
        raise LoadError(f"encrypted {kind} (password required)") from exc
    except python_calamine.CalamineError as exc:
        raise LoadError(f"malformed spreadsheet: {exc}") from exc
    return _tables(grids, settings)
