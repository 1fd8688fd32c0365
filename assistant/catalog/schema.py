"""Column roles for catalogs: which column holds the name, the university, the zone, ….

Everything that reasons about catalogs (filters, matchmaking, counts) works on *roles*, mapped
from headers by the synonym table in `assistant/data/catalog.toml`, or by a per-file override: a
JSON file beside the catalog named `<catalog file name>.schema.json`, e.g.
`achievements.xlsx.schema.json` = {"成果": "name"}.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.phrasing import table

ROLE_SYNONYMS: dict[str, list[str]] = table("catalog.toml", "roles")
KIND_HINTS: dict[str, list[str]] = table("catalog.toml", "kind_hints")
SAMPLE_MARKERS: list[str] = table("catalog.toml", "markers.sample")


def _squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def map_columns(headers: list[str], override: dict[str, str] | None = None) -> dict[str, str]:
    """Return {role: header} for the headers present; an override maps header -> role first."""
    roles: dict[str, str] = {}
    for header, role in (override or {}).items():
        if header in headers:
            roles[role] = header
    squashed = {_squash(h): h for h in headers}
    for role, synonyms in ROLE_SYNONYMS.items():
        if role in roles:
            continue
        for synonym in synonyms:
            if _squash(synonym) in squashed:
                roles[role] = squashed[_squash(synonym)]
                break
    return roles


def load_override(catalog_path: Path) -> dict[str, str] | None:
    """Read `<file>.schema.json` beside a catalog, if an operator supplied one."""
    sidecar = catalog_path.with_name(catalog_path.name + ".schema.json")
    if not sidecar.is_file():
        return None
    return {str(k): str(v) for k, v in json.loads(sidecar.read_text(encoding="utf-8")).items()}


def catalog_kind(*names: str) -> str:
    """Guess the catalog kind from names, most specific first (the sheet name, then the file
    stem); 'catalog' when none holds a hint."""
    for name in names:
        lowered = name.lower()
        for kind, hints in KIND_HINTS.items():
            if any(h in lowered for h in hints):
                return kind
    return "catalog"


def is_sample(value: object) -> bool:
    text = str(value or "").strip().lower()
    return any(marker in text for marker in SAMPLE_MARKERS)
