"""Find the header of a sheet as people lay it out: title rows above, merged and two-row headers.

Exports from office software rarely start with a clean header in row 1: a merged title row
("2025年高校科技成果清单") sits above it, group headers span several columns ("联系人" over
"姓名 | 电话"), and grouping cells are merged down several data rows. pandas and openpyxl read
cells, not layouts, so this small layout reader is ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.loaders.rows import format_value

HEADER_SEARCH_ROWS = 10  # a header further down than this is not a header any more
_TEXT_SHARE = 0.8  # share of a header row's filled cells that must be text, not numbers/dates


@dataclass
class Merge:
    """A merged range in 0-based grid indices, both ends inclusive."""

    top: int
    bottom: int
    left: int
    right: int


@dataclass
class Grid:
    """Raw cells of one sheet and the row number a user sees for each grid row."""

    name: str
    cells: list[list[object]]
    row_numbers: list[int]
    merges: list[Merge] = field(default_factory=list)


@dataclass
class Table:
    """A sheet understood: its title (if any), column names and numbered data rows."""

    name: str
    title: str
    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (row number a user sees, values aligned to headers)


def _filled(value: object) -> bool:
    return value is not None and format_value(value) != ""


def _fill_merges(grid: Grid) -> list[list[object]]:
    """Copy each merged range's top-left value into every cell it covers."""
    cells = [list(row) for row in grid.cells]
    for m in grid.merges:
        value = cells[m.top][m.left]
        for r in range(m.top, min(m.bottom, len(cells) - 1) + 1):
            for c in range(m.left, min(m.right, len(cells[r]) - 1) + 1):
                cells[r][c] = value
    return cells


def _is_title_row(raw: list[object], width: int) -> bool:
    """One filled text cell in a table at least two columns wide: a caption, not a header."""
    filled = [v for v in raw if _filled(v)]
    return width >= 2 and len(filled) == 1 and isinstance(filled[0], str)


def _looks_like_header(row: list[object]) -> bool:
    filled = [v for v in row if _filled(v)]
    text = [v for v in filled if isinstance(v, str)]
    return len(filled) >= 2 and len(text) >= _TEXT_SHARE * len(filled)


def _group_merges(grid: Grid, row: int) -> list[Merge]:
    return [m for m in grid.merges if m.top == row and m.bottom == row and m.right > m.left]


def _covered(merges: list[Merge], row: int, col: int) -> bool:
    return any(m.top <= row <= m.bottom and m.left <= col <= m.right for m in merges)


def _header_names(grid: Grid, filled: list[list[object]], row: int) -> tuple[list[str], int]:
    """Column names and the number of header rows (1, or 2 under a merged group header)."""
    upper = [format_value(v) for v in filled[row]]
    groups = _group_merges(grid, row)
    below = grid.cells[row + 1] if row + 1 < len(grid.cells) else []
    if not groups or not any(
        _filled(below[c]) for g in groups for c in range(g.left, g.right + 1) if c < len(below)
    ):
        return upper, 1
    names = []
    for col, name in enumerate(upper):
        lower = format_value(below[col]) if col < len(below) else ""
        if _covered(groups, row, col) and lower:
            names.append(f"{name}-{lower}" if name else lower)
        else:
            names.append(name or lower)
    return names, 2


def _dedupe(names: list[str]) -> list[str]:
    """Unique, non-empty column names: blanks become 列N, repeats get _2, _3 …"""
    out: list[str] = []
    for i, name in enumerate(names, start=1):
        base = name or f"列{i}"
        candidate, n = base, 2
        while candidate in out:
            candidate, n = f"{base}_{n}", n + 1
        out.append(candidate)
    return out


def _find_header(grid: Grid, filled: list[list[object]], width: int) -> tuple[int, str]:
    """(index of the header row, title text) within the first rows of the sheet; without a
    text-only row there, the first row below the title rows is taken as the header."""
    title, fallback = "", None
    for i in range(min(len(grid.cells), HEADER_SEARCH_ROWS)):
        raw = grid.cells[i]
        if not any(_filled(v) for v in raw):
            continue
        if _is_title_row(raw, width):  # a merged banner also has just its top-left cell filled
            title = title or format_value(next(v for v in raw if _filled(v)))
            continue
        if _looks_like_header(filled[i]):
            return i, title
        fallback = i if fallback is None else fallback
    if fallback is None:  # only title-like rows: the first of them names the columns
        fallback = next(i for i, row in enumerate(grid.cells) if any(_filled(v) for v in row))
        title = ""
    return fallback, title


def read_table(grid: Grid) -> Table | None:
    """Header, title and data rows of a grid; None for a sheet without any data row."""
    width = max((i + 1 for row in grid.cells for i, v in enumerate(row) if _filled(v)), default=0)
    if width == 0:
        return None
    filled = [(row + [None] * width)[:width] for row in _fill_merges(grid)]
    header_row, title = _find_header(grid, filled, width)
    names, depth = _header_names(grid, filled, header_row)
    headers = _dedupe(names)
    rows = [
        (grid.row_numbers[i], filled[i])
        for i in range(header_row + depth, len(filled))
        if any(_filled(v) for v in filled[i])
        and [format_value(v) for v in filled[i]] != names  # a header repeated for printing
    ]
    return Table(name=grid.name, title=title, headers=headers, rows=rows) if rows else None
