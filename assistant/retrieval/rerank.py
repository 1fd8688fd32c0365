"""Rerankers: a protocol, the identity default, and a sentence-transformers CrossEncoder."""

from __future__ import annotations

from typing import Protocol

from assistant.retrieval.types import ScoredChunk


class Reranker(Protocol):
    name: str

    def rerank(self, query: str, hits: list[ScoredChunk]) -> list[ScoredChunk]:
        """Return the hits re-ordered best first, with `rerank` scores filled in."""
        ...


class IdentityReranker:
    """Keeps the fused order: the default, since no reranker model ships in a PyPI package."""

    name = "identity"

    def rerank(self, query: str, hits: list[ScoredChunk]) -> list[ScoredChunk]:
        return hits


class CrossEncoderReranker:
    """A sentence-transformers CrossEncoder by name or path (e.g. BAAI/bge-reranker-v2-m3)."""

    def __init__(self, model: str) -> None:
        from sentence_transformers import CrossEncoder  # torch: only when a reranker is set

        self.name = model
        self._model = CrossEncoder(model, device="cpu")

    def rerank(self, query: str, hits: list[ScoredChunk]) -> list[ScoredChunk]:
        if not hits:
            return hits
        pairs = [(query, hit.chunk.retrieval_text()) for hit in hits]
        scores = self._model.predict(pairs)
        for hit, score in zip(hits, scores, strict=True):
            hit.rerank = float(score)
        return sorted(hits, key=lambda h: h.rerank or 0.0, reverse=True)


def make_reranker(spec: str | None) -> Reranker:
    """Factory: no spec → identity; anything else is a CrossEncoder model name or path."""
    if not spec or spec == "identity":
        return IdentityReranker()
    return CrossEncoderReranker(spec)
