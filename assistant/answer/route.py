"""What every answer route receives (`AnswerRequest`) and what a route is (`AnswerRoute`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from assistant.documents import Answer
from assistant.retrieval.query import QueryAnalysis
from assistant.retrieval.types import RetrievalResult

if TYPE_CHECKING:  # annotations only: the KB and the retriever are built by the service
    from assistant.kb import KnowledgeBase
    from assistant.retrieval.retriever import HybridRetriever


@dataclass
class AnswerRequest:
    """Everything a route may read, built once per question."""

    question: str
    result: RetrievalResult
    kb: KnowledgeBase
    retriever: HybridRetriever
    filters: Mapping[str, object] = field(default_factory=dict)

    @property
    def analysis(self) -> QueryAnalysis:
        return self.result.query

    @property
    def plain(self) -> bool:
        """Neither filtered nor a follow-up: computed routes may answer it from rows alone."""
        return not self.analysis.is_followup and not self.filters


class AnswerRoute(Protocol):
    """A way of answering: returns an Answer, or None to let the next route try."""

    name: str

    def answer(self, request: AnswerRequest) -> Answer | None: ...


class Composer(Protocol):
    """The last route's engine: extractive quotes or an LLM, from the retrieved evidence."""

    name: str

    def compose(self, question: str, result: RetrievalResult, kb: KnowledgeBase) -> Answer: ...

    def stream(self, question: str, result: RetrievalResult,
               kb: KnowledgeBase) -> Iterator[Answer]: ...
