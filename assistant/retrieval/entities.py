"""Recognise named zones, universities, cities and enterprises in questions and answers.

Names come from `assistant/data/gazetteer.json` plus the values of indexed catalogs. Matching
runs on folded text (traditional → simplified, full-width → half-width, lower case), so 南京工程學院
and "NANJING INSTITUTE OF TECHNOLOGY" are both found; the longest alias wins and matches never
overlap, so 南京工业大学 is never read as 南京 + something.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.text.normalize import fold

GAZETTEER_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.json"
KINDS = ("zone", "university", "city", "enterprise")
CATALOG_ROLES = (*KINDS, "org")

# Dashes and underscores count as spaces and runs of spaces as one, so "High-tech", "High tech"
# and "High  tech" are the same alias; curly apostrophes count as straight ones.
_SEPARATORS = str.maketrans({c: " " for c in "-‐‑‒–—_\t\r\n\u3000"} | {"’": "'", "`": "'"})
_LIST_SPLIT = re.compile(r"[、，,；;/|\n]+")
_UNIVERSITY_ENDINGS = ("大学", "学院", "学校", "university", "college", "institute of technology")
_MAX_CATALOG_NAME = 60


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _match_form(folded: str) -> tuple[str, list[int]]:
    """Text used for matching, and for each of its characters the index in `folded`."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(folded.translate(_SEPARATORS)):
        if ch == " " and (not out or out[-1] == " "):
            continue
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _alias_key(alias: str) -> str:
    return _match_form(fold(alias))[0].strip()


@dataclass(frozen=True)
class Entity:
    """A recognised name. `alias` is the text that matched; `city` the 设区市 it belongs to."""

    kind: str  # "zone" | "university" | "city" | "enterprise"
    name: str  # canonical Chinese name
    alias: str
    city: str | None = None
    name_en: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.name)


@dataclass(frozen=True)
class _Known:
    kind: str
    name: str
    city: str | None
    name_en: str


def dedupe_entities(entities: Iterable[Entity]) -> list[Entity]:
    """Each entity once (by kind and name), first mention kept."""
    seen: set[tuple[str, str]] = set()
    out: list[Entity] = []
    for entity in entities:
        if entity.key not in seen:
            seen.add(entity.key)
            out.append(entity)
    return out


@lru_cache(maxsize=4)
def _gazetteer_aliases(path: Path) -> tuple[tuple[str, _Known | None], ...]:
    """(alias, entity) pairs from the gazetteer, in priority order; None marks a stop phrase."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    pairs: list[tuple[str, _Known | None]] = []
    suffixes = data.get("zone_suffixes", {})
    for zone in data.get("zones", []):
        known = _Known("zone", zone["name"], zone.get("city"), zone.get("en", ""))
        names = [zone["name"], zone.get("en", ""), *zone.get("aliases", [])]
        for lang in ("zh", "en"):
            joiner = " " if lang == "en" else ""
            for stem in zone.get("stems", {}).get(lang, []):
                names += [f"{stem}{joiner}{suffix}" for suffix in suffixes.get(lang, [])]
        pairs += [(n, known) for n in names if n]
    for kind, section in (("university", "universities"), ("enterprise", "enterprises")):
        for item in data.get(section, []):
            known = _Known(kind, item["name"], item.get("city"), item.get("en", ""))
            names = [item["name"], item.get("en", ""), *item.get("aliases", [])]
            pairs += [(n, known) for n in names if n]
    for city in data.get("cities", []):
        known = _Known("city", city["name"], city["name"], city.get("en", ""))
        pairs += [(n, known) for n in (city["name"], city.get("en", ""), *city["aliases"]) if n]
    pairs += [(phrase, None) for phrase in data.get("stop_phrases", [])]
    return tuple(pairs)


class EntityIndex:
    """Alias table over known names; `find` returns the entities a text mentions."""

    def __init__(self, gazetteer: Path | None = None) -> None:
        self._aliases: dict[str, _Known | None] = {}
        self._entities: dict[tuple[str, str], _Known] = {}
        self._buckets: dict[str, list[tuple[str, _Known | None]]] | None = None
        for alias, known in _gazetteer_aliases(Path(gazetteer or GAZETTEER_PATH)):
            self._register(alias, known)

    def __len__(self) -> int:
        return len(self._entities)

    @property
    def alias_count(self) -> int:
        return sum(1 for known in self._aliases.values() if known is not None)

    def names(self, kind: str | None = None) -> list[str]:
        """Canonical names, optionally of one kind, in registration order."""
        return [k.name for k in self._entities.values() if kind is None or k.kind == kind]

    def lookup(self, name: str) -> Entity | None:
        """The entity a name or alias stands for, if it is known as a whole."""
        known = self._aliases.get(_alias_key(name))
        return self._entity(known, name) if known else None

    def add_catalog_values(self, role: str, values: Iterable[str]) -> int:
        """Learn names from a catalog column (role: zone|university|city|enterprise|org).

        A value naming a known entity in other words becomes an alias of it; anything else
        becomes a new entity. Cells holding several names ("江南大学、中国药科大学") are split.
        'org' columns mix universities and companies, so the kind is guessed from the ending.
        Returns the number of aliases added.
        """
        if role not in CATALOG_ROLES:
            raise ValueError(f"unknown catalog role {role!r}; expected one of {CATALOG_ROLES}")
        added = 0
        for value in values:
            for name in _LIST_SPLIT.split(str(value or "")):
                added += self._learn(role, name.strip())
        return added

    def find(self, text: str) -> list[Entity]:
        """Entities mentioned in `text`, in order of first mention, each once."""
        folded = fold(text)
        form, where = _match_form(folded)
        aligned = len(folded) == len(text)  # then spans map back onto the original text
        found: list[Entity] = []
        for start, end, known in self._scan(form):
            if known is None:
                continue
            span = (where[start], where[end - 1] + 1)
            alias = (text if aligned else folded)[span[0] : span[1]]
            found.append(self._entity(known, alias))
        return dedupe_entities(found)

    def _scan(self, form: str) -> Iterable[tuple[int, int, _Known | None]]:
        """Leftmost-longest, non-overlapping alias matches.

        Hand-written rather than a regex alternation or an Aho-Corasick package: buckets keyed by
        an alias's first two characters keep it fast with thousands of catalog names, and Latin
        aliases need word boundaries that Chinese ones must not have.
        """
        buckets = self._bucket_table()
        i = 0
        while i < len(form) - 1:
            for alias, known in buckets.get(form[i : i + 2], ()):
                end = i + len(alias)
                if form.startswith(alias, i) and self._bounded(form, i, end, alias):
                    yield i, end, known
                    i = end
                    break
            else:
                i += 1

    @staticmethod
    def _bounded(form: str, start: int, end: int, alias: str) -> bool:
        """Latin aliases must start and end on word boundaries ("SEU" not inside "museum")."""
        if _is_latin(alias[0]) and start > 0 and _is_latin(form[start - 1]):
            return False
        return not (_is_latin(alias[-1]) and end < len(form) and _is_latin(form[end]))

    def _bucket_table(self) -> dict[str, list[tuple[str, _Known | None]]]:
        if self._buckets is None:
            buckets: dict[str, list[tuple[str, _Known | None]]] = {}
            for alias, known in self._aliases.items():
                buckets.setdefault(alias[:2], []).append((alias, known))
            for entries in buckets.values():
                entries.sort(key=lambda pair: len(pair[0]), reverse=True)
            self._buckets = buckets
        return self._buckets

    def _register(self, alias: str, known: _Known | None) -> bool:
        """Add an alias unless it is taken: earlier (curated) names win over later ones."""
        key = _alias_key(alias)
        if len(key) < 2 or key in self._aliases:
            return False
        self._aliases[key] = known
        if known is not None:
            self._entities.setdefault((known.kind, known.name), known)
        if self._buckets is not None:  # keep the table current instead of rebuilding it
            bucket = self._buckets.setdefault(key[:2], [])
            bucket.append((key, known))
            bucket.sort(key=lambda pair: len(pair[0]), reverse=True)
        return True

    def _learn(self, role: str, name: str) -> int:
        if not (2 <= len(name) <= _MAX_CATALOG_NAME) or name.isdigit():
            return 0
        if _alias_key(name) in self._aliases:
            return 0
        kind = role if role != "org" else self._guess_kind(name)
        mentioned = [e for e in self.find(name) if e.kind == kind]
        if len(mentioned) == 1 and len(_alias_key(mentioned[0].alias)) * 5 >= len(name) * 3:
            # "南京工程学院（江宁校区）" is the same university under a longer name.
            known = self._entities[mentioned[0].key]
        else:
            known = _Known(kind, name, self._city_in(name, kind), "")
        return int(self._register(name, known))

    @staticmethod
    def _guess_kind(name: str) -> str:
        lowered = name.casefold()
        return "university" if lowered.endswith(_UNIVERSITY_ENDINGS) else "enterprise"

    def _city_in(self, name: str, kind: str) -> str | None:
        if kind == "city":
            return name
        return next((e.city for e in self.find(name) if e.city), None)

    @staticmethod
    def _entity(known: _Known, alias: str) -> Entity:
        return Entity(known.kind, known.name, alias, known.city, known.name_en)
