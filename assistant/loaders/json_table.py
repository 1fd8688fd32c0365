"""JSON catalogs: a list of objects, {"records": [...]}, or one list per sheet."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.loaders.encoding import decode_bytes
from assistant.loaders.limits import check_rows
from assistant.loaders.tables import Table


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
    check_rows(sum(len(items) for _, items in tables), settings)
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
