"""Result types of retrieval, shared by the answer composers, the UI and the eval."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.documents import Chunk

if TYPE_CHECKING:
    from assistant.answer.scope import Scope
    from assistant.retrieval.query import QueryAnalysis


@dataclass
class ScoredChunk:
    chunk: Chunk
    score: float  # fused score in (0, 1], higher is more relevant (see fusion.py)
    dense: float | None = None  # cosine similarity of the dense hit, if it was one
    dense_rank: int | None = None
    lexical: float | None = None  # BM25 score, if it was a lexical hit
    lexical_rank: int | None = None
    entity_coverage: float = 0.0  # share of the query's entities named in the chunk
    rerank: float | None = None


@dataclass
class RetrievalResult:
    query: QueryAnalysis
    hits: list[ScoredChunk]
    timings_ms: dict[str, float] = field(default_factory=dict)
    scope: Scope | None = None  # the documents the question names, when it names any
