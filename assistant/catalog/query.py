"""What a catalog count/list question asks: kinds, count or list, places, topics, grouping.

"无锡高新区共享清单里有多少台设备？", "按城市统计设备数量", "list the energy-storage achievements
of universities paired with 建邺": the question is parsed into a kind (设备 / 平台载体 / 成果 /
需求 / 团队 / 结对), filters on roles (zone, city, university, paired zone, topic words) and
an optional grouping.
Questions this module does not claim (None) go to normal retrieval: policy targets ("转化率翻番"),
programme totals ("首批试点…多少个对子"), several questions in one, follow-ups with a pronoun
("那里有多少台设备").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import jieba.posseg

from assistant.catalog.cues import (
    COUNT,
    FORM_WORDS,
    KIND_CUES,
    LIST,
    NOT_CATALOG,
    PRONOUN,
    group_named,
    kinds_named,
    several_questions,
)
from assistant.index.lexical import init_jieba, tokenize
from assistant.phrasing import pattern
from assistant.retrieval.entities import Entity
from assistant.retrieval.glossary import expand_english, load_glossary
from assistant.text.normalize import fold

_CLAUSE_CUT = pattern("catalog.clause_cut")
_AFTER_CUE = pattern("catalog.after_cue")
_MODIFIER_TAIL = pattern("catalog.modifier_tail")
_NOUN_FLAGS = ("n", "vn", "eng")


@dataclass
class CatalogQuery:
    """What the question asks of the catalog rows."""

    question: str
    language: str
    kinds: list[str]
    count: bool
    zones: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    universities: list[str] = field(default_factory=list)
    paired_with: list[str] = field(default_factory=list)  # zones whose paired universities
    topics: list[tuple[str, ...]] = field(default_factory=list)  # each: any of these forms
    words: list[str] = field(default_factory=list)  # content words (matched to field values)
    group_by: str = ""


def parse_question(question: str, language: str,
                   mentions: Sequence[Entity]) -> CatalogQuery | None:
    """The catalog computation a question asks for, or None when it is not one.

    `language` and `mentions` (the zones, cities, universities the question names) come from the
    question's analysis, made once per question (`assistant.retrieval.query.analyze`).
    """
    kinds = kinds_named(question)
    group_by = group_named(question)
    asks = COUNT.search(question) or LIST.search(question) or group_by
    if not kinds or not asks or NOT_CATALOG.search(question) or PRONOUN.search(question):
        return None
    if several_questions(question):
        return None  # several questions in one: retrieval answers them together
    pairing_filter = "pairing" in kinds and len(kinds) > 1
    kinds = [k for k in kinds if k != "pairing"] if pairing_filter else kinds
    if len(kinds) > 1 and group_by != "kind":
        return None
    query = CatalogQuery(question=question, language=language, kinds=kinds,
                         count=bool(COUNT.search(question)), group_by=group_by)
    _places(query, mentions, pairing_filter)
    return query


def _places(query: CatalogQuery, mentions: Sequence[Entity], pairing_filter: bool) -> None:
    zones = list(dict.fromkeys(e.name for e in mentions if e.kind == "zone"))
    if pairing_filter and zones:
        query.paired_with = zones
    else:
        query.zones = zones
    query.cities = list(dict.fromkeys(e.name for e in mentions if e.kind == "city"))
    query.universities = list(dict.fromkeys(e.name for e in mentions if e.kind == "university"))
    text = fold(query.question)
    for entity in mentions:
        text = text.replace(fold(entity.alias), " ").replace(fold(entity.name), " ")
    text = LIST.sub(" ", COUNT.sub(" ", text))
    query.topics = _modifier_topics(text, query.language)
    query.words = _content_words(text)


def _modifier_topics(text: str, language: str) -> list[tuple[str, ...]]:
    """Topic words that modify the kind word: "储能成果", "涉及储能的成果", "battery patents".

    Only these (and field values, see `compute`) filter rows: other words of a long question
    ("想借用高校的大型仪器做检测") describe the asker, not the rows wanted.
    """
    pieces: list[str] = []
    for kind, cue in KIND_CUES:
        if kind == "pairing":
            continue
        for found in cue.finditer(text):
            before = text[max(0, found.start() - 12) : found.start()]
            if language == "en":
                pieces.append(" ".join(before.split()[-3:]))
            else:
                pieces.append(_MODIFIER_TAIL.sub("", _CLAUSE_CUT.split(before)[-1]))
            if after := _AFTER_CUE.match(text[found.end() :]):
                pieces.append(after.group(1) or after.group(2) or "")
    return _topic_groups(" ".join(pieces), language)


def _topic_groups(text: str, language: str) -> list[tuple[str, ...]]:
    """Nouns (and glossary domain terms) of the modifier text; verbs and adjectives such as
    借用, 相关, 大型 describe the asking, not the rows."""
    if not text.strip():
        return []
    if language == "en":
        forms = tuple(t for t in (fold(x) for x in expand_english(text)) if t not in FORM_WORDS)
        return [forms] if forms else []
    init_jieba()
    words = [w.word.strip() for w in jieba.posseg.lcut(text)
             if (w.flag.startswith(_NOUN_FLAGS) or w.word.strip() in _domain_terms())]
    words = [w for w in words if w not in FORM_WORDS and len(w) >= 2 and not w.isdigit()]
    return [(w,) for w in dict.fromkeys(words)]


def _content_words(text: str) -> list[str]:
    return [t for t in dict.fromkeys(tokenize(text)) if t not in FORM_WORDS and len(t) >= 2]


@cache
def _domain_terms() -> frozenset[str]:
    return frozenset(fold(t) for t in load_glossary().chinese_terms()) - FORM_WORDS
