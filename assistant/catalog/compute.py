"""Counting and listing catalog rows as a parsed question asks: exact for what is indexed.

Rows are filtered in Python on their roles (zone, city, university, pairing with a zone, topic
words), optionally grouped; every condition applied is recorded in the answer's language so the
answer can say what it counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from assistant.catalog.pairings import PairingIndex
from assistant.catalog.query import CatalogQuery
from assistant.catalog.rows import Names, Row, split_values
from assistant.phrasing import message, messages
from assistant.text.normalize import fold


@dataclass
class CatalogResult:
    query: CatalogQuery
    rows: list[Row]  # the rows that pass every filter, in catalog order
    considered: int  # rows of the asked kinds before filtering
    groups: list[tuple[str, int]] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)  # human-readable filters, answer language

    @property
    def samples(self) -> int:
        return sum(1 for r in self.rows if r.sample)


def compute(query: CatalogQuery, rows: list[Row], names: Names,
            pairings: PairingIndex | None = None) -> CatalogResult:
    """Filter and count `rows` (all catalog rows of the asked kinds) as the query says."""
    lang = query.language
    kept = [r for r in rows if r.entry_kind in query.kinds]
    result = CatalogResult(query=query, rows=kept, considered=len(kept))
    kinds_text = "、".join(kind_label(k, lang) for k in query.kinds)
    result.conditions.append(message("catalog.condition_kind", lang, value=kinds_text))
    _filter_zones(result, names, pairings)
    _filter_places(result, names)
    _filter_topics(result)
    if query.group_by:
        result.groups = group_counts(result.rows, query.group_by, names)
    return result


def _filter_zones(result: CatalogResult, names: Names, pairings: PairingIndex | None) -> None:
    query, lang = result.query, result.query.language
    paired_with = list(query.paired_with)
    if query.zones and not any(r.zones for r in result.rows) and pairings is not None:
        paired_with = query.zones  # no zone column: count rows of the zone's paired universities
    if paired_with and pairings is not None:
        universities = {names.key(p.university, "university")
                        for z in paired_with for p in pairings.universities_of(z)}
        result.rows = [r for r in result.rows
                       if any(names.key(u, "university") in universities for u in r.universities)]
        zone_text = "、".join(paired_with)
        result.conditions.append(message("catalog.condition_paired", lang, value=zone_text))
    elif query.zones:
        keys = {names.key(z, "zone") for z in query.zones}
        result.rows = [r for r in result.rows if _in_zone(r, keys, names)]
        zone_text = "、".join(query.zones)
        result.conditions.append(message("catalog.condition_zone", lang, value=zone_text))


def _in_zone(row: Row, keys: set[str], names: Names) -> bool:
    if row.zones:
        return any(names.key(z, "zone") in keys for z in row.zones)
    where = fold(f"{row.chunk.source} {row.chunk.title}")
    return any(key in where for key in keys)  # a file or sheet named for the zone


def _filter_places(result: CatalogResult, names: Names) -> None:
    query, lang = result.query, result.query.language
    if query.cities:
        cities = {fold(c) for c in query.cities}
        result.rows = [r for r in result.rows if cities & {fold(c) for c in row_cities(r, names)}]
        result.conditions.append(message("catalog.condition_city", lang,
                                         value="、".join(query.cities)))
    if query.universities:
        keys = {names.key(u, "university") for u in query.universities}
        result.rows = [r for r in result.rows
                       if any(names.key(u, "university") in keys for u in r.universities)]
        result.conditions.append(message("catalog.condition_university", lang,
                                         value="、".join(query.universities)))


def row_cities(row: Row, names: Names) -> list[str]:
    """The row's city column, else the city of its zone or of its university."""
    cities = split_values(row.get("city"))
    if cities:
        return cities
    found = [names.city_of(z, "zone") for z in row.zones]
    found += [names.city_of(u, "university") for u in row.universities]
    return [c for c in dict.fromkeys(found) if c]


def _filter_topics(result: CatalogResult) -> None:
    """AND over topic groups; a group matches a row naming any of its forms (in its name, team,
    field, keywords or description). A question word equal to a field value also filters."""
    lang = result.query.language
    vocabulary = {fold(f) for r in result.rows for f in r.fields}
    groups = list(result.query.topics)
    groups += [(w,) for w in result.query.words
               if w in vocabulary and not any(w in f for g in groups for f in g)]
    for forms in groups:
        result.rows = [r for r in result.rows if any(f in r.topic_text for f in forms)]
        shown = " / ".join(forms)
        result.conditions.append(message("catalog.condition_topic", lang, value=shown))


def group_counts(rows: list[Row], role: str, names: Names) -> list[tuple[str, int]]:
    """(value, rows) per group, largest first; a row with several values counts in each."""
    counter: Counter[str] = Counter()
    for row in rows:
        for value in dict.fromkeys(_group_values(row, role, names)) or ["—"]:
            counter[value] += 1
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _group_values(row: Row, role: str, names: Names) -> list[str]:
    if role == "zone":
        return [names.canonical(z, "zone") for z in row.zones]
    if role == "city":
        return row_cities(row, names)
    if role == "university":
        return [names.canonical(u, "university") for u in row.universities]
    if role == "field":
        return row.fields
    return [row.entry_kind]


def kind_label(kind: str, lang: str) -> str:
    """"设备" / "equipment": how a kind of row is named in an answer."""
    return messages("kind_labels", lang).get(kind, kind)
