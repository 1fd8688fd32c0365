"""Role-level access to indexed catalog rows, whatever headers the catalog file used.

The loader stores each row's role values (name, university, zone, …) in the chunk metadata after
mapping headers with `assistant.catalog.schema` (synonym table + `<file>.schema.json` override).
Roles the loader does not copy into metadata (keywords, kind, budget …) are mapped here from the
row's own columns with the same synonym table, so matchmaking and catalog questions never look at
a header name directly.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from assistant.catalog.schema import is_sample, map_columns
from assistant.documents import Chunk
from assistant.phrasing import pattern, table
from assistant.text.normalize import fold

# Cells that list several values: "扬州大学、南京农业大学", "新能源/储能", "热失控;安全预警".
LIST_SPLIT = pattern("text.list_split")
# Roles that say what a row is about (what matching and topic filters read).
TOPIC_ROLES = ("name", "team", "field", "keywords", "summary")
# Roles that say who or where; never part of the topic text (a shared city is not a match).
PLACE_ROLES = ("university", "enterprise", "org", "person", "phone", "zone", "city", "status",
               "evidence", "budget", "date", "source", "url", "kind")
# Headers of bookkeeping columns: never part of what a row is about, whatever role they map to
# ("联系人：成果转化办公室" must not match a demand about 成果转化).
NON_TOPIC_HEADER = pattern("catalog.non_topic_header")
_PARENTHESES = re.compile(r"[（(][^（）()]*[)）]")
ZONE_SUFFIXES: list[str] = table("catalog.toml", "markers.zone_suffixes")


def split_values(value: object) -> list[str]:
    """The parts of a multi-valued cell, stripped, without empties."""
    return [part.strip() for part in LIST_SPLIT.split(str(value or "")) if part.strip()]


def zone_stem(name: str) -> str:
    """Folded zone name without its "高新区"-type suffix: 南京建邺高新区 → 南京建邺."""
    folded = fold(name).strip()
    for suffix in ZONE_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded[: -len(suffix)]
    return folded


@dataclass
class Row:
    """One catalog row seen through roles; `chunk` is what citations point at."""

    chunk: Chunk

    @cached_property
    def columns(self) -> dict[str, str]:
        raw = self.chunk.metadata.get("columns")
        if not isinstance(raw, str) or not raw:
            return {}
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            return {}
        return {str(k): "" if v is None else str(v) for k, v in data.items()}

    @cached_property
    def _mapped(self) -> dict[str, str]:
        """role -> header, for roles the loader did not store in metadata."""
        return _roles_of_headers(tuple(self.columns))

    def get(self, role: str) -> str:
        """The row's value for a role ("" when the catalog has no such column)."""
        value = self.chunk.metadata.get(role)
        if isinstance(value, str) and value.strip():
            return value.strip()
        header = self._mapped.get(role)
        return self.columns.get(header, "").strip() if header else ""

    @property
    def kind(self) -> str:
        return str(self.chunk.metadata.get("catalog_kind") or "catalog")

    @property
    def entry_kind(self) -> str:
        """The kind of thing the row describes: its catalog kind, or "team" for a row of a
        generic catalog that names a team (a team list has no file-name hint of its own)."""
        if self.kind == "catalog" and self.get("team"):
            return "team"
        return self.kind

    @property
    def sample(self) -> bool:
        meta = self.chunk.metadata
        if "sample" in meta:
            return bool(meta.get("sample"))
        return is_sample(self.get("source"))

    @property
    def name(self) -> str:
        """A display name: the name column, else the team, else the first non-empty cell."""
        for role in ("name", "team"):
            if value := self.get(role):
                return value
        first = next((v for v in self.columns.values() if v.strip()), "")
        return first.strip() or self.chunk.title

    @property
    def university(self) -> str:
        """The university behind a supply row (the org column when there is no university one)."""
        return self.get("university") or self.get("org")

    @property
    def universities(self) -> list[str]:
        """Each name in the university (or org) cell: "江苏科技大学、镇江高新区" gives both."""
        return split_values(self.university)

    @property
    def zones(self) -> list[str]:
        return split_values(self.get("zone"))

    @property
    def fields(self) -> list[str]:
        return split_values(self.get("field"))

    @cached_property
    def topic_text(self) -> str:
        """Folded text of what the row is about: topic roles plus any column no role claims."""
        places = {self.get(role) for role in PLACE_ROLES} - {""}
        known = {self._header_of(role) for role in (*PLACE_ROLES, *TOPIC_ROLES)}
        parts = [self.get(role) for role in TOPIC_ROLES]
        # Columns an override mapped (or no role claims) count as topic unless they are
        # bookkeeping or hold a place value: "承担方：南京大学" must not make "南京" a shared term.
        parts += [v for k, v in self.columns.items()
                  if k not in known and not NON_TOPIC_HEADER.search(k)
                  and v.strip() not in places and v.strip() not in parts
                  and not v.strip().replace(".", "").isdigit()]
        text = " ".join(p for p in parts if p)
        return fold(text or self.chunk.text)

    def _header_of(self, role: str) -> str | None:
        return self._mapped.get(role)


@lru_cache(maxsize=256)
def _roles_of_headers(headers: tuple[str, ...]) -> dict[str, str]:
    """Cached: a catalog's rows share one header list, and mapping it costs ~0.5 ms."""
    return map_columns(list(headers))


def rows_of(chunks: list[Chunk]) -> list[Row]:
    return [Row(chunk) for chunk in chunks]


class Names:
    """Canonical zone / university / city names, so "建邺", "南京建邺高新区" and "Jianye
    High-tech Zone" compare equal. Uses the entity index when there is one; otherwise compares
    folded text (zones without their "高新区" suffix)."""

    def __init__(self, entities=None) -> None:
        self.entities = entities
        self._keys: dict[tuple[str, str], str] = {}

    def entity(self, value: str, kind: str):
        """The known entity of `kind` that `value` names as a whole (or nearly), if any.

        A parenthesised note is ignored: "南京医科大学（生物医药公共实验平台）" names 南京医科大学.
        """
        value = _PARENTHESES.sub("", value).strip() or value
        if self.entities is None or not value.strip():
            return None
        entity = self.entities.lookup(value)
        if entity is not None and entity.kind == kind:
            return entity
        found = [e for e in self.entities.find(value) if e.kind == kind]
        # "南京工程学院（江宁校区）" still names 南京工程学院: the alias covers most of the value.
        if len(found) == 1 and len(fold(found[0].alias)) * 5 >= len(fold(value)) * 3:
            return found[0]
        return None

    def canonical(self, value: str, kind: str) -> str:
        entity = self.entity(value, kind)
        if entity is not None:
            return entity.name
        return _PARENTHESES.sub("", value).strip() or value.strip()

    def key(self, value: str, kind: str) -> str:
        """Comparison key: folded canonical name; zones without their suffix."""
        cached = self._keys.get((value, kind))
        if cached is None:
            name = self.canonical(value, kind)
            cached = zone_stem(name) if kind == "zone" else fold(name).strip()
            self._keys[(value, kind)] = cached
        return cached

    def same(self, a: str, b: str, kind: str) -> bool:
        return bool(a.strip()) and bool(b.strip()) and self.key(a, kind) == self.key(b, kind)

    def city_of(self, value: str, kind: str) -> str:
        entity = self.entity(value, kind)
        return str(entity.city or "") if entity is not None else ""

    def mentioned(self, text: str, kind: str) -> list:
        """Entities of `kind` named in free text, in order of mention."""
        if self.entities is None:
            return []
        return [e for e in self.entities.find(text) if e.kind == kind]


IDF_SAMPLE = 4000  # rows read for document frequencies; an even sample of a bigger catalog


class Population:
    """Catalog rows of some kinds, with document frequencies for IDF weights.

    Frequencies are counted on an even sample of at most IDF_SAMPLE rows: an estimate that good
    is all a weight needs, and it keeps the first query after an ingest fast on large catalogs.
    """

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.by_id = {r.chunk.id: r for r in rows}
        step = max(1, -(-len(rows) // IDF_SAMPLE))
        self._sample = rows[::step]
        self._df: dict[str, int] = {}

    def row(self, chunk: Chunk) -> Row:
        """The cached row of a chunk (its topic text is computed once per KB state)."""
        return self.by_id.get(chunk.id) or Row(chunk)

    def idf(self, term: str) -> float:
        """BM25-style IDF of a folded term over the rows' topic texts."""
        if term not in self._df:
            self._df[term] = sum(1 for r in self._sample if term in r.topic_text)
        n, df = len(self._sample), self._df[term]
        return math.log((n - df + 0.5) / (df + 0.5) + 1.0)
