"""Hybrid retrieval: dense (Chroma) + lexical (BM25) + named-entity agreement, fused by RRF."""

from __future__ import annotations

import time
from collections.abc import Mapping

from assistant.documents import Chunk
from assistant.index.lexical import tokenize
from assistant.index.vector_store import to_chroma_where
from assistant.kb import KnowledgeBase
from assistant.retrieval.fusion import rrf
from assistant.retrieval.query import QueryAnalysis, analyze
from assistant.retrieval.rerank import Reranker, make_reranker
from assistant.retrieval.types import RetrievalResult, ScoredChunk
from assistant.text.normalize import fold

Filters = Mapping[str, str | list[str]]
FILTER_KEYS = ("doc_type", "catalog_kind", "city", "zone", "university", "field", "source")


def chunk_matches(chunk: Chunk, filters: Filters) -> bool:
    """True when every filter holds for the chunk (a list value means any of them)."""
    for key, wanted in filters.items():
        value = chunk.doc_type if key == "doc_type" else chunk.metadata.get(key)
        if key == "source":
            value = chunk.source
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if str(value) not in {str(a) for a in allowed}:
            return False
    return True


def clean_filters(filters: Mapping[str, object] | None) -> dict[str, str | list[str]]:
    """Drop empty filter values (the UI sends "" for "any")."""
    clean: dict[str, str | list[str]] = {}
    for key, value in (filters or {}).items():
        if isinstance(value, list | tuple):
            values = [str(v) for v in value if str(v).strip()]
            if values:
                clean[key] = values
        elif value is not None and str(value).strip():
            clean[key] = str(value).strip()
    return clean


# Ranker weights (dense, lexical) by question language, chosen on the shared eval set with
# benchmarks/calibrate_fusion.py: BM25 over jieba tokens is the sharper ranker for Chinese
# questions; English questions reach Chinese text mainly through the multilingual embedding.
FUSION_WEIGHTS = {"zh": (0.4, 1.0), "en": (0.6, 1.0)}
ENTITY_WEIGHT = 0.2  # a light boost for rows naming the asked-about zone or university


class HybridRetriever:
    """Understands the question, searches both indexes, fuses, filters and reranks."""

    def __init__(self, kb: KnowledgeBase, reranker: Reranker | None = None) -> None:
        self.kb = kb
        self.settings = kb.settings
        self.reranker = reranker or make_reranker(self.settings.reranker)

    def retrieve(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Filters | None = None,
        k: int | None = None,
    ) -> RetrievalResult:
        timings: dict[str, float] = {}
        clock = time.perf_counter()
        analysis = analyze(question, history or [], self.kb.entity_index())
        timings["understand"] = _ms(clock)
        clock = time.perf_counter()
        hits = self.search(analysis, clean_filters(filters), k or self.settings.top_k)
        timings["retrieve"] = _ms(clock)
        clock = time.perf_counter()
        hits = self.reranker.rerank(analysis.rewritten, hits)
        timings["rerank"] = _ms(clock)
        return RetrievalResult(query=analysis, hits=hits, timings_ms=timings)

    def weights(self, language: str) -> tuple[float, float]:
        return FUSION_WEIGHTS.get(language, (1.0, 1.0))

    def search(self, analysis: QueryAnalysis, filters: Filters, k: int) -> list[ScoredChunk]:
        pool = max(self.settings.candidates, k)
        # Run one after the other: on a thread beside BM25 the dense search was no faster
        # (the question encoder and jieba both hold the GIL most of the time).
        dense = self._dense(analysis.rewritten, pool, filters)
        lexical_query = " ".join([analysis.rewritten, *analysis.expansions])
        lexical = self._lexical(tokenize(lexical_query), pool, filters)
        ids = list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in lexical]))
        chunks, match_texts = self._candidates(ids, filters)
        dense = [(i, s) for i, s in dense if i in match_texts]
        lexical = [(i, s) for i, s in lexical if i in match_texts]
        needles = EntityNeedles(analysis)
        coverage = {i: needles.coverage(text) for i, text in match_texts.items()}
        rankings = [[i for i, _ in dense], [i for i, _ in lexical]]
        weights = list(self.weights(analysis.language))
        if analysis.entities or analysis.inherited:
            rankings.append(sorted((i for i in coverage if coverage[i] > 0),
                                   key=lambda i: -coverage[i]))
            weights.append(ENTITY_WEIGHT)
        fused = rrf(rankings, k=self.settings.rrf_k, weights=weights)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        if chunks is None:  # whole chunks only for the final list
            chunks = self.kb.chunks.get(best)
        hits = [
            ScoredChunk(chunk=chunks[i], score=fused[i], entity_coverage=coverage[i])
            for i in best if i in chunks  # a running ingest may have removed one just now
        ]
        _annotate(hits, dense, "dense")
        _annotate(hits, lexical, "lexical")
        return hits

    def _candidates(
        self, ids: list[str], filters: Filters
    ) -> tuple[dict[str, Chunk] | None, dict[str, str]]:
        """(whole chunks or None, match text by id) of the candidates still in the store.

        Without filters only the match texts are read: ranking needs no more, and reading
        every candidate whole was a sixth of the retrieval time. Ids not yet committed by a
        running ingest drop out here.
        """
        if not filters:
            return None, self.kb.chunks.match_texts(ids)
        found = self.kb.chunks.candidates(ids)
        chunks = {i: c for i, (c, _) in found.items() if chunk_matches(c, filters)}
        return chunks, {i: found[i][1] for i in chunks}

    def _dense(self, text: str, k: int, filters: Filters) -> list[tuple[str, float]]:
        if not text.strip():
            return []
        return self.kb.vectors.search(text, k=k, where=to_chroma_where(dict(filters)) or None)

    def _lexical(self, tokens: list[str], k: int, filters: Filters) -> list[tuple[str, float]]:
        index = self.kb.lexical()
        if index is None or not tokens:
            return []
        # Filters are applied after the chunks are fetched; over-fetch so enough survive.
        return index.search(tokens, k=k * 5 if filters else k)


class EntityNeedles:
    """The query's entities in folded form, computed once per question rather than once per
    candidate chunk: each entity matches by its name or by the (≥ 2 character) alias the
    question used."""

    def __init__(self, analysis: QueryAnalysis) -> None:
        entities = {e.name: e for e in [*analysis.entities, *analysis.inherited]}.values()
        self.needles: list[tuple[str, ...]] = []
        for entity in entities:
            alias = getattr(entity, "alias", "") or ""
            forms = [fold(entity.name)] + ([fold(alias)] if len(alias) >= 2 else [])
            self.needles.append(tuple(f for f in forms if f))

    def coverage(self, match_text: str) -> float:
        """Share of the entities found in a chunk's `Chunk.match_text()`."""
        if not self.needles:
            return 0.0
        found = sum(1 for forms in self.needles if any(f in match_text for f in forms))
        return found / len(self.needles)


def _annotate(hits: list[ScoredChunk], ranked: list[tuple[str, float]], kind: str) -> None:
    position = {chunk_id: (rank, score) for rank, (chunk_id, score) in enumerate(ranked, 1)}
    for hit in hits:
        if hit.chunk.id in position:
            rank, score = position[hit.chunk.id]
            setattr(hit, kind, score)
            setattr(hit, f"{kind}_rank", rank)


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
