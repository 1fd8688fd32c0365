"""Find the header of a sheet as people lay it out: title rows above, merged and two-row headers.

Exports from office software rarely start with a clean header in row 1: a merged title row
("2025年高校科技成果清单") sits above it, group headers span several columns ("联系人" over
"姓名 | 电话"), and grouping cells are merged down several data rows. pandas and openpyxl read
cells, not layouts, so this small layout reader is ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.loaders.cells import filled, is_number, is_text
from assistant.loaders.ragged import malformed_rows
from assistant.loaders.rows import format_value
from assistant.loaders.sections import split_groups

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
    groups: dict[int, str] = field(default_factory=dict)  # row number -> its section label
    malformed: list[int] = field(default_factory=list)  # row numbers left out, unreadable


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
    cells = [v for v in raw if filled(v)]
    return width >= 2 and len(cells) == 1 and is_text(cells[0])


def _looks_like_header(row: list[object]) -> bool:
    cells = [v for v in row if filled(v)]
    text = [v for v in cells if is_text(v)]
    return len(cells) >= 2 and len(text) >= _TEXT_SHARE * len(cells)


def _group_merges(grid: Grid, row: int) -> list[Merge]:
    return [m for m in grid.merges if m.top == row and m.bottom == row and m.right > m.left]


def _covered(merges: list[Merge], row: int, col: int) -> bool:
    return any(m.top <= row <= m.bottom and m.left <= col <= m.right for m in merges)


def _header_names(grid: Grid, cells: list[list[object]], row: int) -> tuple[list[str], int]:
    """Column names and the number of header rows (1, or 2 under a merged group header)."""
    upper = [format_value(v) for v in cells[row]]
    groups = _group_merges(grid, row)
    below = grid.cells[row + 1] if row + 1 < len(grid.cells) else []
    if not groups or not any(
        filled(below[c]) for g in groups for c in range(g.left, g.right + 1) if c < len(below)
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


def dedupe(names: list[str]) -> list[str]:
    """Unique, non-empty column names: blanks become 列N, repeats get _2, _3 …

    Linear: a set of names taken and the next free suffix per name (a header of 4,000 equal
    cells took minutes when each repeat rescanned the names before it).
    """
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    out: list[str] = []
    for i, name in enumerate(names, start=1):
        base = candidate = name or f"列{i}"
        n = next_suffix.get(base, 2)
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        next_suffix[base] = n
        taken.add(candidate)
        out.append(candidate)
    return out


def _find_header(grid: Grid, cells: list[list[object]], width: int) -> tuple[int, str, bool]:
    """(index of the header row, title text, whether the table has a header at all).

    Within the first rows of the sheet; without a text-only row there, the first row below the
    title rows is the header — unless it holds as many numbers as text cells, in which case it
    is the first data row of a table without a header (a CSV export with none). A header with a
    year among its names ("名称 | 高校 | 2024") still has more text than numbers.
    """
    title, fallback = "", None
    for i in range(min(len(grid.cells), HEADER_SEARCH_ROWS)):
        raw = grid.cells[i]
        if not any(filled(v) for v in raw):
            continue
        if _is_title_row(raw, width):  # a merged banner also has just its top-left cell filled
            title = title or format_value(next(v for v in raw if filled(v)))
            continue
        if _looks_like_header(cells[i]):
            return i, title, True
        fallback = i if fallback is None else fallback
    if fallback is None:  # only title-like rows: the first of them names the columns
        fallback = next(i for i, row in enumerate(grid.cells) if any(filled(v) for v in row))
        return fallback, "", True
    values = [v for v in cells[fallback] if filled(v)]
    numbers = sum(is_number(v) for v in values)
    return fallback, title, numbers == 0 or numbers < len(values) - numbers


def _width(rows: list[list[object]]) -> int:
    return max((i + 1 for row in rows for i, v in enumerate(row) if filled(v)), default=0)


def read_table(grid: Grid, check_shape: bool = False) -> Table | None:
    """Header, title and data rows of a grid; None for a sheet without any data row.

    `check_shape` (delimited text): rows that cannot be read with the columns are left out and
    listed in `Table.malformed` (see ragged.py).
    """
    width = _width(grid.cells)
    if width == 0:
        return None
    cells = [(row + [None] * width)[:width] for row in _fill_merges(grid)]
    header_row, title, has_header = _find_header(grid, cells, width)
    names, depth = _header_names(grid, cells, header_row) if has_header else ([], 0)
    candidates = [
        i
        for i in range(header_row + depth, len(cells))
        if any(filled(v) for v in cells[i])
        and [format_value(v) for v in cells[i]] != names  # a header repeated for printing
    ]
    bad: set[int] = set()
    if check_shape:
        header_width = _width([names]) if has_header else None
        found = malformed_rows([grid.cells[i] for i in candidates], header_width)
        bad = {candidates[k] for k in found}
    kept = [i for i in candidates if i not in bad]
    data, groups = split_groups([grid.cells[i] for i in kept], width)
    rows_at = [kept[k] for k in data]
    used = max(_width([names]), _width([cells[i] for i in rows_at]))
    headers = dedupe((names + [""] * used)[:used])
    numbers = grid.row_numbers
    return Table(
        name=grid.name,
        title=title,
        headers=headers,
        rows=[(numbers[i], cells[i][:used]) for i in rows_at],
        groups={numbers[kept[k]]: label for k, label in groups.items()},
        malformed=sorted(numbers[i] for i in bad),
    ) if rows_at or bad else None
