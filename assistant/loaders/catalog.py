"""Catalogs (CSV, XLSX, XLS, ODS, JSON): one record per row, every column kept, roles mapped."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from assistant.catalog.schema import catalog_kind, is_sample, load_override, map_columns
from assistant.config import Settings
from assistant.documents import Scalar, SourceDoc
from assistant.errors import LoadError
from assistant.loaders.csv_table import read_csv
from assistant.loaders.doc_tables import GROUP_COLUMN, rendered_rows
from assistant.loaders.json_table import read_json
from assistant.loaders.notes import line_list, note
from assistant.loaders.sheets import read_calamine, read_xlsx
from assistant.loaders.tables import Table
from assistant.text.normalize import clean_line

SUFFIXES = frozenset({".csv", ".xlsx", ".xls", ".ods", ".json"})
# Roles copied into each record's metadata, so filters and matchmaking need not parse the text.
ROLE_KEYS = (
    "name", "university", "enterprise", "org", "team", "person", "field",
    "zone", "city", "status", "evidence", "summary", "source", "url",
)  # fmt: skip
SUMMARY_MAX = 300
_READERS: dict[str, Callable[[Path, Settings], list[Table]]] = {
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".json": read_json,
    ".xls": read_calamine,
    ".ods": read_calamine,
}


def _locator(suffix: str, table: Table, row: int) -> str:
    if suffix in (".xlsx", ".xls", ".ods"):
        return f"{table.name} 第{row}行"
    if suffix == ".json":
        return f"{table.name} 第{row}条".strip()
    return f"第{row}行"


def _role_metadata(values: dict[str, str], roles: dict[str, str]) -> dict[str, Scalar]:
    meta: dict[str, Scalar] = {}
    for role in ROLE_KEYS:
        value = values.get(roles.get(role, ""), "")
        if value:
            meta[role] = value[:SUMMARY_MAX] if role == "summary" else value
    meta["sample"] = is_sample(values.get(roles.get("source", ""), ""))
    return meta


def _override(path: Path) -> dict[str, str] | None:
    try:
        return load_override(path)
    except (ValueError, AttributeError, OSError) as exc:
        raise LoadError(f"malformed column override {path.name}.schema.json: {exc}") from exc


def _roles(headers: list[str], override: dict[str, str] | None) -> dict[str, str]:
    """Column roles; a two-row header "联系人-姓名" also counts under its parts ("联系人")."""
    roles = map_columns(headers, override)
    for pick in (lambda h: h.rsplit("-", 1)[0], lambda h: h.rsplit("-", 1)[1]):
        parts: dict[str, str] = {}
        for header in headers:
            if "-" in header:
                parts.setdefault(pick(header), header)
        for role, part in map_columns(list(parts)).items():
            roles.setdefault(role, parts[part])
    return roles


def _records(
    path: Path, source: str, table: Table, several: bool, override: dict[str, str] | None
) -> list[SourceDoc]:
    roles = _roles(table.headers, override)
    title = clean_line(table.title) or (f"{path.stem} · {table.name}" if several else path.stem)
    kind = catalog_kind(table.name, path.stem)
    docs = []
    for row, values, text in rendered_rows(table):
        meta: dict[str, Scalar] = {"columns": json.dumps(values, ensure_ascii=False)}
        meta |= _role_metadata(values, roles)
        meta |= {"catalog_kind": kind, "sheet": table.name, "row": row}
        if GROUP_COLUMN in values:
            meta["group"] = values[GROUP_COLUMN]
        docs.append(
            SourceDoc(
                source=source,
                text=text,
                title=title,
                doc_type="catalog",
                locator=_locator(path.suffix.lower(), table, row),
                metadata=meta,
                is_record=True,
            )
        )
    return docs


def _note_malformed(tables: list[Table]) -> None:
    bad = [n for t in tables for n in t.malformed]
    if bad:
        word = "lines" if all(not t.name for t in tables) else "rows"
        note(f"{len(bad)} malformed rows skipped ({line_list(bad, word)})")


def load(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """Records of every sheet in order; LoadError when the file holds no data row at all."""
    tables = _READERS[path.suffix.lower()](path, settings)
    several, override = len(tables) > 1, _override(path)
    docs = [doc for t in tables for doc in _records(path, source, t, several, override)]
    if not docs:
        bad = sum(len(t.malformed) for t in tables)
        raise LoadError(f"no readable data rows ({bad} malformed)" if bad else "no data rows found")
    _note_malformed(tables)
    return docs
