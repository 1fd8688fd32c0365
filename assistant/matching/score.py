"""Scoring matches: university supply (achievements, teams, equipment) for an enterprise demand,
and the reverse (demands an achievement fits), each match with the facts behind its reasons.

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

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.catalog.pairings import Pairing, PairingIndex
from assistant.catalog.rows import Row
from assistant.documents import Chunk, Citation
from assistant.matching.query import Query
from assistant.retrieval.types import ScoredChunk
from assistant.text.normalize import fold

W_RELEVANCE = 0.50
W_TERMS = 0.30
W_FIELD = 0.20
W_KIND = 0.10
PAIRING_BONUS = 0.15
SAMPLE_PENALTY = 0.02
MIN_TERMS = 0.08  # a row sharing less than this (IDF-weighted) needs a shared field …
MIN_DENSE_ALONE = 0.5  # … or a dense cosine this high (a paraphrase sharing no word)
MAX_PAIRINGS_SHOWN = 3


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


