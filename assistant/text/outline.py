"""Where in a document's outline a point falls: the heading chain open after some lines.

A table inside a document belongs to the section it sits in ("三、主要任务"); its rows are
cited under that chain, so the chain at the table's position is computed with the same
heading rules the splitter uses.
"""

from __future__ import annotations

from assistant.text.units import Line, build_units

_PROBE = "\u2063"  # an invisible body line standing for the table, so a heading above it counts


def chain_after(lines: list[str]) -> tuple[str, ...]:
    """The heading chain a body line placed after `lines` would carry."""
    stream = [Line(text.strip(), 0) for text in lines] + [Line(_PROBE, 0)]
    units = build_units(stream)
    return units[-1].chain if units else ()
