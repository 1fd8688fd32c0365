"""Matchmaking: rank university supply (achievements, teams, equipment) for an enterprise demand,
and the reverse (demands an achievement fits), each match with its reasons and citations.

Candidates come from hybrid retrieval over catalog rows (BM25 alone when there is no
retriever); `assistant.matching.score` ranks them on one documented scale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.catalog import cues
from assistant.catalog.pairings import PairingIndex
from assistant.catalog.rows import Population
from assistant.documents import Answer, Chunk
from assistant.index.lexical import tokenize
from assistant.matching.query import Query, build_query
from assistant.matching.render import number_citations, result_answer, result_dict, result_text
from assistant.matching.score import Match, rank_rows
from assistant.retrieval.types import ScoredChunk

if TYPE_CHECKING:  # annotations only: the KB and the retriever import the catalog package
    from assistant.kb import KnowledgeBase
    from assistant.retrieval.query import QueryAnalysis
    from assistant.retrieval.retriever import HybridRetriever

POOL = 40  # candidates scored per query
SUPPLY_KINDS = (*cues.SUPPLY_KINDS, "catalog")  # a row of unknown kind may be supply too
DEMAND_KINDS = ("demand",)
log = logging.getLogger(__name__)


class Matcher:
    """Finds candidates (hybrid retrieval, or BM25 alone when there is no retriever), ranks them."""

    def __init__(self, kb: KnowledgeBase, retriever: HybridRetriever | None = None,
                 pairings: PairingIndex | None = None) -> None:
        self.kb = kb
        self.retriever = retriever
        self.names = kb.names()
        self.pairings = pairings or kb.pairings()

    def supply_for(self, demand: str | Chunk, zone: str | None = None, top: int = 5,
                   analysis: QueryAnalysis | None = None) -> MatchResult:
        """Achievements, teams and equipment that fit an enterprise demand, best first.

        `analysis` is the chat question's analysis when the demand is a question ("which
        university can help with …"): its language and named places are reused, not re-derived.
        """
        row = demand if isinstance(demand, Chunk) else self._row_named(demand, DEMAND_KINDS)
        text = row.text if row else str(demand)
        if analysis is not None and row is None:
            query = build_query(text, self.names, zone, None, analysis.language,
                                analysis.entities)
        else:
            query = build_query(text, self.names, zone, row)
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

    def demands_for(self, achievement: str | Chunk, top: int = 5) -> MatchResult:
        """Enterprise demands that an achievement (text or row) could serve, best first."""
        row = achievement if isinstance(achievement, Chunk) else self._row_named(
            achievement, SUPPLY_KINDS)
        query = build_query(row.text if row else str(achievement), self.names, None, row)
        return self._run(query, DEMAND_KINDS, top, reverse=True)

    def _run(self, query: Query, kinds: tuple[str, ...], top: int,
             reverse: bool) -> MatchResult:
        people = self.kb.population(kinds)
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
        return self.kb.chunks.row_named(name, kinds)

    def _candidates(self, query: Query, kinds: tuple[str, ...],
                    people: Population) -> list[ScoredChunk]:
        if self.retriever is not None:
            try:
                filters = {"doc_type": "catalog", "catalog_kind": list(kinds)}
                return self.retriever.retrieve(query.text, [], filters, POOL).hits
            except Exception as err:  # no vector index yet, model unavailable …
                log.warning("matching with BM25 only: hybrid retrieval failed: %s", err)
        return lexical_candidates(self.kb, query, people)


def lexical_candidates(kb: KnowledgeBase, query: Query,
                       people: Population) -> list[ScoredChunk]:
    """BM25 over the KB's lexical index, restricted to the population's rows."""
    index = kb.lexical()
    tokens = list(dict.fromkeys([*tokenize(query.text), *query.terms]))
    if index is None or not tokens or not people.by_id:
        return []
    found = index.search(tokens, POOL, allowed=set(people.by_id))
    return [ScoredChunk(chunk=people.by_id[i].chunk, score=s, lexical=s) for i, s in found]



@dataclass
class MatchResult:
    query: Query
    matches: list[Match]
    reverse: bool = False

    def __post_init__(self) -> None:
        number_citations(self.matches)

    def to_dict(self) -> dict[str, object]:
        return result_dict(self.query, self.matches, self.reverse)

    def to_text(self) -> str:
        return result_text(self.query, self.matches, self.reverse)

    def to_answer(self) -> Answer:
        """The same result as a chat answer: [n] markers and checked citations."""
        return result_answer(self.query, self.matches, self.reverse)
