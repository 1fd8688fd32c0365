"""Checks on zipped spreadsheets (xlsx, ods) before any spreadsheet library opens them.

openpyxl and calamine expand a sheet fully in memory. A file of a few hundred KB can declare
a sensible size and still inflate hundreds of times (a 684 KB xlsx became 195 MB of XML and
4.7 GB of memory), so three cheap checks run first, in order:

1. the total uncompressed size the archive declares;
2. each member's compression ratio (uncompressed / compressed), which no honest sheet reaches;
3. a streaming pass over the sheet XML that counts filled rows and the widest row, and stops
   as soon as a limit is passed, without building the sheet.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from assistant.config import Settings
from assistant.errors import LoadError

# Sheets are read whole: refuse anything declaring more than this many times the file-size
# limit, with a floor so a small limit does not refuse normal sheets.
EXPANSION_FACTOR = 4
EXPANSION_FLOOR_BYTES = 100 * 1024 * 1024
RATIO_FLOOR_BYTES = 1024 * 1024  # small members (styles, a short sheet) may compress very well
_MB = 1024 * 1024
_XLSX_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_COLUMN_REF = re.compile(r"^([A-Z]+)")


def _mb(n: float) -> str:
    return f"{n / _MB:.0f}" if n >= 10 * _MB else f"{n / _MB:.3g}"


def _members(path: Path, kind: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.infolist()
    except zipfile.BadZipFile as exc:
        raise LoadError(f"malformed spreadsheet: not an {kind} (zip) file") from exc


def check_expansion(path: Path, settings: Settings, kind: str) -> None:
    """Declared total size and per-member compression ratio (zipfile never inflates past the
    declared size, so these bounds hold for the reading that follows)."""
    members = _members(path, kind)
    total = sum(info.file_size for info in members)
    limit = max(EXPANSION_FLOOR_BYTES, EXPANSION_FACTOR * settings.max_file_bytes)
    if total > limit:
        raise LoadError(f"{kind} expands to {_mb(total)} MB uncompressed (limit {_mb(limit)} MB)")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > settings.max_zip_ratio:
            raise LoadError(
                f"{kind} member {info.filename} expands {ratio:.0f}× when uncompressed "
                f"(limit {settings.max_zip_ratio:g}×): refused as a zip bomb"
            )


class _Counter:
    """Filled rows and the widest row seen so far, failing as soon as a limit is passed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rows = 0

    def add(self, rows: int, width: int) -> None:
        if width > self.settings.max_columns:
            raise LoadError(
                f"too many columns ({width} > limit {self.settings.max_columns}; "
                "raise ASSISTANT_MAX_COLUMNS to index it)"
            )
        self.rows += rows
        if self.rows > self.settings.max_catalog_rows:
            raise LoadError(
                f"too many rows (more than the limit of {self.settings.max_catalog_rows})"
            )


def _column_index(ref: str) -> int:
    match = _COLUMN_REF.match(ref)
    index = 0
    for letter in match.group(1) if match else "":
        index = index * 26 + ord(letter) - 64
    return index


def _rows(stream: IO[bytes], tag: str) -> Iterator[Element]:
    """Each finished element `tag`, cleared after use so memory stays flat."""
    for _, elem in iterparse(stream, events=("end",)):
        if elem.tag == tag:
            yield elem
            elem.clear()


def _xlsx_row(row: Element) -> tuple[int, int]:
    filled = [c for c in row.iter(f"{_XLSX}c") if len(c)]  # a value (<v>) or inline text (<is>)
    width = max((_column_index(c.get("r", "")) for c in filled), default=len(filled))
    return (1 if filled else 0), max(width, len(filled))


def _ods_row(row: Element) -> tuple[int, int]:
    width = extent = 0
    for cell in row:
        span = int(cell.get(f"{_TABLE}number-columns-repeated", "1"))
        width += span
        if cell.get(f"{_OFFICE}value-type") or cell.find(f"{_TEXT}p") is not None:
            extent = width
    repeat = int(row.get(f"{_TABLE}number-rows-repeated", "1"))
    return (repeat if extent else 0), extent


def check_sheet_sizes(path: Path, settings: Settings, kind: str) -> None:
    """Stream the sheet XML and stop at the row or column limit (see module docstring)."""
    counter = _Counter(settings)
    with zipfile.ZipFile(path) as archive:
        present = archive.namelist()
        if kind == "ods":
            names, tag, measure = ["content.xml"], f"{_TABLE}table-row", _ods_row
        else:
            names = [n for n in present if _XLSX_SHEET.match(n)]
            tag, measure = f"{_XLSX}row", _xlsx_row
        for name in (n for n in names if n in present):
            with archive.open(name) as stream:
                for row in _rows(stream, tag):
                    counter.add(*measure(row))
