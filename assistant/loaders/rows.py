"""Table rows as text: "列名：值；列名：值", the form both people and retrieval read best."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def format_value(value: object) -> str:
    """A cell as a user would type it: stripped, numbers without a trailing .0, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 10))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def render_row(pairs: Iterable[tuple[str, object]]) -> str:
    """Join the non-empty (header, value) pairs; empty values are left out, not shown as blanks."""
    parts = []
    for header, value in pairs:
        text = format_value(value)
        if text:
            parts.append(f"{header}：{text}" if header else text)
    return "；".join(parts)
