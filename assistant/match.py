"""Matchmaking: rank university supply (achievements, teams, equipment) for an enterprise demand,
and the reverse (demands an achievement fits), each match with its reasons and citations.

Score of a candidate row, on one documented scale (higher is better; about 0–1.25):

    score = 0.50 · relevance      retrieval score of the row ÷ the best row's (0–1)
          + 0.30 · terms          IDF-weighted share of the demand's key terms found in the row
          + 0.20 · field          1 when a field of the row (领域, split at / 、 ;) equals a field
                                  the demand row declares; 0.5 when the demand's text (or its
                                  glossary expansion) only names it, as its key terms already
                                  count that word once
          + 0.10                  the row is the kind of resource the demand names (设备 / 仪器
                                  → equipment, 团队 → team, 成果 → achievement)
          + 0.15 · evidence       pairing bonus: the row's university is paired with the
                                  enterprise's zone (evidence weight 1.0 confirmed, 0.75
                                  reported, 0.5 unconfirmed or not stated; see pairings.py), or
                                  the row itself lists that zone (1.0)
          − 0.02                  sample rows, so a real (sourced) row wins a tie

The enterprise's zone comes from `--zone`, else a zone named in the demand text, else the zone
column of the demand row, else the only paired zone of a city the demand names. In reverse
(demands_for) the bonus goes to demands whose zone is paired with the achievement's university.
Rows sharing under 8% of the key terms (IDF-weighted) and no field are
listed only when the dense model finds them very similar (cosine ≥ 0.5): relevance is relative to
the best candidate, so it cannot tell on its own whether any candidate is related at all, and a
list of unrelated rows is worse than "no match".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.catalog_rows import Names, Population, Row, fold, names_for, population, word_set
from assistant.documents import Answer, Chunk, Citation
from assistant.pairings import Pairing, PairingIndex
from assistant.retrieval.types import ScoredChunk

W_RELEVANCE = 0.50
W_TERMS = 0.30
W_FIELD = 0.20
W_KIND = 0.10
PAIRING_BONUS = 0.15
SAMPLE_PENALTY = 0.02
MIN_TERMS = 0.08  # a row sharing less than this (IDF-weighted) needs a shared field …
MIN_DENSE_ALONE = 0.5  # … or a dense cosine this high (a paraphrase sharing no word)
POOL = 40  # candidates scored per query
SUPPLY_KINDS = ("achievement", "equipment", "catalog")
DEMAND_KINDS = ("demand",)
MAX_PAIRINGS_SHOWN = 3

# Words of demand phrasing, not of its topic (hand-written: jieba has no such list, and these
# would otherwise count as "shared terms" with any row that says 技术 or 团队).
DEMAND_WORDS = word_set(
    "需要 需求 希望 寻找 寻求 找 想 想要 要 能 能够 可以 可 帮助 帮 帮忙 解决 合作 对接 企业 公司 "
    "我们 我司 我 你 您 提供 团队 高校 大学 学校 专家 老师 谁 哪些 哪个 哪家 哪所 哪里 有没有 有 "
    "没有 是否 技术 问题 方面 相关 进行 开展 实现 一种 一个 如何 怎么 什么 能否 请问 请 推荐 介绍 "
    "目前 现在 我们的 的 了 和 与 及 或 在 是 用 把 对 为 等 做 搞 让 给 从 向 会 很 太 老是 经常 "
    "一下 一些 这个 那个 这些 那些 成果 清单 高新区 园区 提高 提升 降低 改进 改善 优化 增加 减少 "
    "help who need needs looking find company our we us can could which what university "
    "universities team teams with for"
)
_ASCII_WORD = re.compile(r"^[a-z]+$")
log = logging.getLogger(__name__)


# --- the query -----------------------------------------------------------------------------------
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


def build_query(text: str, names: Names, zone: str | None = None,
                row: Chunk | None = None) -> Query:
    """Terms, fields, zone and university of a demand text or a demand/achievement row."""
    from assistant.text.lang import detect_language

    if row is not None:
        view = Row(row)
        text = "；".join(v for v in (view.name, view.get("summary"), view.get("keywords"),
                                      view.get("field")) if v) or row.text
    language = detect_language(text)
    mentions = names.entities.find(text) if names.entities is not None else []
    expansions = _expansions(text) if language == "en" else []
    terms = key_terms(_without_names(text, mentions), expansions, language)
    query = Query(text=text, language=language, terms=terms,
                  field_text=fold(" ".join([text, *expansions])), row=row,
                  wants=() if row is not None else wanted_kinds(text))
    _place(query, names, zone, mentions, row)
    return query


def wanted_kinds(text: str) -> tuple[str, ...]:
    """Kinds of resource a demand asks for in words: "找能共享的仪器" wants equipment."""
    from assistant.catalog_query import KIND_CUES

    return tuple(kind for kind, cue in KIND_CUES
                 if kind in ("equipment", "team", "achievement") and cue.search(text))


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


def _expansions(text: str) -> list[str]:
    from assistant.retrieval.glossary import expand_english

    return expand_english(text)


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
    from assistant.index.lexical import tokenize

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


# --- scoring (pure) ------------------------------------------------------------------------------
@dataclass
class Match:
    """One ranked row with the parts of its score and the facts behind its reasons."""

    row: Row
    score: float
    relevance: float
    terms: float
    field_score: float
    shared_terms: list[str]
    shared_fields: list[str]
    pairing: Pairing | None = None  # the pairing that earned the bonus
    own_zone: str = ""  # the row itself lists the enterprise's zone
    bonus: float = 0.0
    kind_bonus: float = 0.0
    known_pairings: list[Pairing] = field(default_factory=list)  # shown when no bonus applies
    rank: int = 0
    citations: list[Citation] = field(default_factory=list)


def rank_rows(query: Query, hits: list[ScoredChunk], pairings: PairingIndex,
              idf: Callable[[str], float], reverse: bool = False,
              row_of: Callable[[Chunk], Row] = Row) -> list[Match]:
    """Score retrieved rows against the query; best first, unrelated rows left out."""
    best = max((h.score for h in hits), default=0.0)
    weights = {t: idf(t) for t in query.terms}
    total = sum(weights.values())
    matches = []
    for hit in hits:
        match = _score(query, row_of(hit.chunk), hit.score / best if best > 0 else 0.0,
                       weights, total, pairings, reverse)
        if match.terms >= MIN_TERMS or match.shared_fields or (hit.dense or 0) >= MIN_DENSE_ALONE:
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.row.sample, m.row.chunk.id))
    for rank, match in enumerate(matches, start=1):
        match.rank = rank
    return matches


def _score(query: Query, row: Row, relevance: float, weights: dict[str, float], total: float,
           pairings: PairingIndex, reverse: bool) -> Match:
    shared = [t for t in query.terms if t in row.topic_text]
    terms = sum(weights[t] for t in shared) / total if total > 0 else 0.0
    fields = shared_fields(query, row)
    declared = any(fold(f) in query.fields for f in fields)
    match = Match(row=row, score=0.0, relevance=relevance, terms=terms,
                  field_score=1.0 if declared else 0.5 if fields else 0.0,
                  shared_terms=_longest(shared), shared_fields=fields)
    _pairing(query, match, pairings, reverse)
    match.kind_bonus = W_KIND if row.entry_kind in query.wants else 0.0
    match.score = (W_RELEVANCE * relevance + W_TERMS * terms + W_FIELD * match.field_score
                   + match.kind_bonus + match.bonus - (SAMPLE_PENALTY if row.sample else 0.0))
    return match


def shared_fields(query: Query, row: Row) -> list[str]:
    """Field values of the row that the query names (in its text or its own field column)."""
    found = []
    for part in row.fields:
        key = fold(part)
        if len(key) >= 2 and (key in query.field_text or key in query.fields):
            found.append(part)
    return found


def _pairing(query: Query, match: Match, pairings: PairingIndex, reverse: bool) -> None:
    """Pairing bonus (zone known) or, failing that, the university's pairings as information."""
    row = match.row
    zones = row.zones if reverse else [query.zone] if query.zone else []
    universities = [query.university] if reverse and query.university else (
        [] if reverse else row.universities)
    found = [p for z in zones for u in universities if (p := pairings.find(z, u))]
    if found:
        best = max(found, key=lambda p: p.weight)
        match.pairing, match.bonus = best, PAIRING_BONUS * best.weight
        return
    if not reverse and query.zone and any(pairings.names.same(z, query.zone, "zone")
                                          for z in row.zones):
        match.own_zone, match.bonus = query.zone, PAIRING_BONUS
        return
    if reverse and zones:
        return  # the demand's zone is not among the achievement university's pairings
    for university in universities:
        if pairs := pairings.zones_of(university):
            match.known_pairings = pairs[:MAX_PAIRINGS_SHOWN]
            return


def _longest(terms: list[str]) -> list[str]:
    """For display: "锂电池" rather than "锂电池、电池、锂电"."""
    return [t for t in terms if not any(t != o and t in o for o in terms)]


# --- orchestration -------------------------------------------------------------------------------
class Matcher:
    """Finds candidates (hybrid retrieval, or BM25 alone when there is no retriever), ranks them."""

    def __init__(self, kb, retriever=None, pairings: PairingIndex | None = None) -> None:
        self.kb = kb
        self.retriever = retriever
        self.names = names_for(kb)
        self.pairings = pairings or PairingIndex.from_kb(kb, self.names)

    def supply_for(self, demand: str | Chunk, zone: str | None = None, top: int = 5):
        """Achievements, teams and equipment that fit an enterprise demand, best first."""
        row = demand if isinstance(demand, Chunk) else self._row_named(demand, DEMAND_KINDS)
        query = build_query(row.text if row else str(demand), self.names, zone, row)
        if query.zone and query.zone_origin == "option":
            query.zone = self.pairings.resolve_zone(query.zone) or query.zone
        elif not query.zone:
            self._zone_from_city(query)
        return self._run(query, SUPPLY_KINDS, top, reverse=False)

    def _zone_from_city(self, query: Query) -> None:
        """"我们是镇江的企业": the city's only paired zone is taken as the enterprise's zone."""
        cities = {e.name for e in self.names.mentioned(query.text, "city")}
        zones = [z for z in self.pairings.zones() if self.names.city_of(z, "zone") in cities]
        if len(zones) == 1:
            query.zone, query.zone_origin = zones[0], "city"

    def demands_for(self, achievement: str | Chunk, top: int = 5):
        """Enterprise demands that an achievement (text or row) could serve, best first."""
        row = achievement if isinstance(achievement, Chunk) else self._row_named(
            achievement, SUPPLY_KINDS)
        query = build_query(row.text if row else str(achievement), self.names, None, row)
        return self._run(query, DEMAND_KINDS, top, reverse=True)

    def _run(self, query: Query, kinds: tuple[str, ...], top: int, reverse: bool):
        people = population(self.kb, kinds)
        hits = self._candidates(query, kinds, people)
        if query.row is not None:
            hits = [h for h in hits if h.chunk.id != query.row.id]
        matches = rank_rows(query, hits, self.pairings, people.idf, reverse,
                            row_of=people.row)[: max(top, 0)]
        return MatchResult(query=query, matches=matches, reverse=reverse)

    def _row_named(self, text: str, kinds: tuple[str, ...]) -> Chunk | None:
        """A catalog row whose name is exactly the given text (the user picked a listed row)."""
        name = text.strip()
        if not name or len(name) > 120:
            return None
        marks = ",".join("?" * len(kinds))
        rows = self.kb.chunks.records(
            f"json_extract(metadata, '$.name') = ? AND json_extract(metadata, '$.catalog_kind')"
            f" IN ({marks})", (name, *kinds))
        return rows[0] if rows else None

    def _candidates(self, query: Query, kinds: tuple[str, ...],
                    people: Population) -> list[ScoredChunk]:
        if self.retriever is not None:
            try:
                filters = {"doc_type": "catalog", "catalog_kind": list(kinds)}
                return self.retriever.retrieve(query.text, [], filters, POOL).hits
            except Exception as err:  # no vector index yet, model unavailable …
                log.warning("matching with BM25 only: hybrid retrieval failed: %s", err)
        return lexical_candidates(self.kb, query, people)


def lexical_candidates(kb, query: Query, people: Population) -> list[ScoredChunk]:
    """BM25 over the KB's lexical index, restricted to the population's rows."""
    from assistant.index.lexical import tokenize

    index = kb.lexical()
    tokens = list(dict.fromkeys([*tokenize(query.text), *query.terms]))
    if index is None or not tokens or not people.by_id:
        return []
    found = index.search(tokens, POOL, allowed=set(people.by_id))
    return [ScoredChunk(chunk=people.by_id[i].chunk, score=s, lexical=s) for i, s in found]


# --- result --------------------------------------------------------------------------------------
@dataclass
class MatchResult:
    query: Query
    matches: list[Match]
    reverse: bool = False

    def __post_init__(self) -> None:
        from assistant.match_render import number_citations

        number_citations(self)

    def to_dict(self) -> dict[str, object]:
        from assistant.match_render import result_dict

        return result_dict(self)

    def to_text(self) -> str:
        from assistant.match_render import result_text

        return result_text(self, references=True)

    def to_answer(self) -> Answer:
        """The same result as a chat answer: [n] markers and checked citations."""
        from assistant.match_render import result_answer

        return result_answer(self)
