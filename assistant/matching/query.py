"""A demand (or, in reverse, an achievement) as matching needs it: key terms, fields, zone."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.catalog.cues import KIND_CUES, SUPPLY_KINDS
from assistant.catalog.rows import Names, Row
from assistant.documents import Chunk
from assistant.index.lexical import tokenize
from assistant.phrasing import words
from assistant.retrieval.entities import Entity
from assistant.retrieval.glossary import expand_english
from assistant.text.lang import detect_language
from assistant.text.normalize import fold

# Words of demand phrasing, not of its topic (assistant/data/words.toml): they would otherwise
# count as "shared terms" with any row that says 技术 or 团队.
DEMAND_WORDS = words("demand_words")
_ASCII_WORD = re.compile(r"^[a-z]+$")


@dataclass
class Query:
    """A demand (or, in reverse, an achievement) as matching needs it."""

    text: str
    language: str
    terms: list[str]  # folded key terms, place names and phrasing words removed
    field_text: str  # folded text a row's field may be named in (text + expansions + fields)
    fields: list[str] = field(default_factory=list)  # folded field values of the query row
    zone: str = ""  # the enterprise's zone (supply_for)
    zone_origin: str = ""  # "option" | "text" | "row" | "city"
    university: str = ""  # the achievement's university (demands_for)
    row: Chunk | None = None
    wants: tuple[str, ...] = ()  # kinds of resource the text names: equipment, team, achievement


def build_query(text: str, names: Names, zone: str | None = None, row: Chunk | None = None,
                language: str | None = None, mentions: Sequence[Entity] | None = None) -> Query:
    """Terms, fields, zone and university of a demand text or a demand/achievement row.

    `language` and `mentions` are the question's analysis when the demand is a chat question
    (understood once, upstream); for a row or a bare demand they are derived here.
    """
    if row is not None:
        view = Row(row)
        text = "；".join(v for v in (view.name, view.get("summary"), view.get("keywords"),
                                      view.get("field")) if v) or row.text
        language = mentions = None  # the row's text, not the question's
    language = language or detect_language(text)
    if mentions is None:
        mentions = names.entities.find(text) if names.entities is not None else []
    expansions = expand_english(text) if language == "en" else []
    terms = key_terms(_without_names(text, mentions), expansions, language)
    query = Query(text=text, language=language, terms=terms,
                  field_text=fold(" ".join([text, *expansions])), row=row,
                  wants=() if row is not None else wanted_kinds(text))
    _place(query, names, zone, mentions, row)
    return query


def wanted_kinds(text: str) -> tuple[str, ...]:
    """Kinds of resource a demand asks for in words: "找能共享的仪器" wants equipment."""
    return tuple(kind for kind, cue in KIND_CUES
                 if kind in (*SUPPLY_KINDS, "team") and cue.search(text))


def _place(query: Query, names: Names, zone: str | None, mentions: list, row: Chunk | None):
    view = Row(row) if row is not None else None
    if view is not None:
        query.fields = [fold(f) for f in view.fields]
    zones = [e.name for e in mentions if e.kind == "zone"]
    if zone:
        query.zone, query.zone_origin = names.canonical(zone, "zone"), "option"
    elif zones:
        query.zone, query.zone_origin = zones[0], "text"
    elif view is not None and view.get("zone") and view.kind == "demand":
        query.zone, query.zone_origin = names.canonical(view.get("zone"), "zone"), "row"
    universities = [e.name for e in mentions if e.kind == "university"]
    if view is not None and view.kind != "demand" and view.university:
        query.university = names.canonical(view.university, "university")
    elif universities:
        query.university = universities[0]


def _without_names(text: str, mentions: list) -> str:
    """The text with zone, city, university and enterprise names blanked out."""
    folded = fold(text)
    for entity in mentions:
        folded = folded.replace(fold(entity.alias), " ").replace(fold(entity.name), " ")
    return folded


def key_terms(text: str, expansions: list[str], language: str) -> list[str]:
    """Folded key terms: jieba tokens without phrasing words, plus glossary terms and their tokens.

    English words themselves are dropped for English text (the material is Chinese; the glossary
    carries them over); codes with digits ("5G", "PM2.5") are kept.
    """
    terms: list[str] = []
    for token in tokenize(text):
        if token in DEMAND_WORDS or len(token) < 2:
            continue
        if language == "en" and _ASCII_WORD.match(token):
            continue
        terms.append(token)
    for term in expansions:
        folded = fold(term)
        if folded not in DEMAND_WORDS:
            terms.append(folded)
            terms += [t for t in tokenize(folded) if t not in DEMAND_WORDS and len(t) >= 2]
    return list(dict.fromkeys(terms))


