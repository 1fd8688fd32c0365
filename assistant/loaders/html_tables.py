"""Tables in a web page: layout tables dissolved into the body, data tables lifted out as grids.

Government sites still lay their pages out with tables: the whole article sits in the one cell
of a <table>, which trafilatura then renders as "| … |" table text. A table with at most one
filled cell per row is layout, and its cells' content takes its place. A table with columns is
data: it is read into a Grid (colspan/rowspan as merged ranges) and removed from the tree, so
its rows become records and do not reach the text extractor flattened.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from assistant.config import Settings
from assistant.loaders.doc_tables import is_layout
from assistant.loaders.limits import check_columns
from assistant.loaders.tables import Grid, Merge, Table, read_table

_ROWS = "./tr|./thead/tr|./tbody/tr|./tfoot/tr"
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "center", "td", "th"})


@dataclass
class FoundTable:
    table: Table
    caption: str
    lines_above: list[str]  # block texts before the table, to find the section it is in


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _cells(table: HtmlElement) -> list[list[HtmlElement]]:
    return [row.xpath("./td|./th") for row in table.xpath(_ROWS)]


def _span(cell: HtmlElement, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 1000))
    except ValueError:
        return 1


def table_grid(table: HtmlElement, settings: Settings) -> Grid:
    """Cells by grid position; a cell spanning rows or columns holds its text once."""
    taken: dict[tuple[int, int], bool] = {}
    cells: list[list[object]] = []
    merges: list[Merge] = []
    for r, row in enumerate(_cells(table)):
        values: list[object] = []
        c = 0
        for cell in row:
            while taken.get((r, c)):
                values.append(None)
                c += 1
            rows, cols = _span(cell, "rowspan"), _span(cell, "colspan")
            check_columns(c + cols, settings)
            values.extend([_text(cell)] + [None] * (cols - 1))
            if rows > 1 or cols > 1:
                merges.append(Merge(r, r + rows - 1, c, c + cols - 1))
            for dr in range(rows):
                for dc in range(cols):
                    taken[(r + dr, c + dc)] = True
            c += cols
        cells.append(values)
    return Grid("", cells, list(range(1, len(cells) + 1)), merges)


def _replace_with_children(table: HtmlElement) -> None:
    """Put the content of a layout table's cells where the table was."""
    holder = table.makeelement("div", {})
    for row in _cells(table):
        for cell in row:
            block = table.makeelement("div", dict(cell.attrib))
            block.text = cell.text
            block.extend(list(cell))
            holder.append(block)
    holder.tail = table.tail
    table.getparent().replace(table, holder)


def dissolve_layout_tables(tree: HtmlElement) -> None:
    """Outermost first, so a data table nested in a layout cell is reached afterwards."""
    changed = True
    while changed:
        changed = False
        for table in tree.iter("table"):
            rows = [[_text(c) for c in row] for row in _cells(table)]
            if table.getparent() is not None and is_layout(rows):
                _replace_with_children(table)
                changed = True
                break


def _lines_before(tree: HtmlElement, stop: HtmlElement) -> list[str]:
    lines = []
    for element in tree.iter():
        if element is stop:
            break
        if element.tag in _BLOCKS and not any(child.tag in _BLOCKS for child in element):
            text = _text(element)
            if text:
                level = element.tag[1] if element.tag in {"h1", "h2", "h3"} else ""
                lines.append(f"{'#' * int(level)} {text}" if level else text)
    return lines


def _caption(table: HtmlElement) -> str:
    captions = table.xpath("./caption")
    return _text(captions[0]) if captions else ""


def lift_data_tables(tree: HtmlElement, settings: Settings) -> list[FoundTable]:
    """Every remaining table with data rows, read and removed from the tree (its tail text
    stays); a table without a data row (a lone header line) stays for the text extractor."""
    found = []
    for element in list(tree.iter("table")):
        if element.getparent() is None or any(t is not element for t in element.iter("table")):
            continue  # a table holding tables: its inner tables are read on their own
        table = read_table(table_grid(element, settings))
        if table is None:
            continue
        found.append(FoundTable(table, _caption(element), _lines_before(tree, element)))
        element.drop_tree()
    return found
