"""The Python API: `Assistant(data_dir, kb).ingest(paths)` and `.ask(question, history)`."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path

from assistant.config import Settings
from assistant.documents import Answer, IngestReport
from assistant.kb import KnowledgeBase


class Assistant:
    """Facade over ingest, retrieval, answer composition and matchmaking for one KB."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        kb: str | None = None,
        settings: Settings | None = None,
        **overrides: object,
    ) -> None:
        base = settings or Settings()
        self.settings = base.with_overrides(data_dir=data_dir, kb=kb, **overrides)
        self.kb = KnowledgeBase(self.settings)

    # --- ingest -------------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[str | Path],
        prune: bool = False,
        rebuild: bool = False,
        progress: bool = False,
    ) -> IngestReport:
        from assistant.ingest import Ingestor

        return Ingestor(self.kb, progress=progress).run(
            [Path(p) for p in paths], prune=prune, rebuild=rebuild
        )

    def stats(self) -> dict:
        return self.kb.chunks.stats()

    # --- questions ----------------------------------------------------------------------------
    @cached_property
    def retriever(self):
        from assistant.retrieval.retriever import HybridRetriever

        return HybridRetriever(self.kb)

    @cached_property
    def composer(self):
        from assistant.answer.factory import make_composer

        return make_composer(self.settings)

    def retrieve(self, question: str, history: list[dict] | None = None,
                 filters: Mapping[str, object] | None = None, k: int | None = None):
        return self.retriever.retrieve(question, history or [], filters, k)

    def ask(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Mapping[str, object] | None = None,
    ) -> Answer:
        result = self.retrieve(question, history, filters)
        clock = time.perf_counter()
        answer = self.composer.compose(question, result, self.kb)
        answer.timings_ms = {**result.timings_ms,
                             "compose": round((time.perf_counter() - clock) * 1000, 2)}
        answer.rewritten_query = result.query.rewritten
        return answer

    def ask_stream(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Mapping[str, object] | None = None,
    ) -> Iterator[Answer]:
        """Yield growing partial answers (LLM tokens), ending with the checked final answer."""
        result = self.retrieve(question, history, filters)
        for partial in self.composer.stream(question, result, self.kb):
            partial.rewritten_query = result.query.rewritten
            yield partial

    def match(self, demand: str, zone: str | None = None, top: int = 5, reverse: bool = False):
        from assistant.match import Matcher

        matcher = Matcher(self.kb, self.retriever)
        if reverse:
            return matcher.demands_for(demand, top=top)
        return matcher.supply_for(demand, zone=zone, top=top)
