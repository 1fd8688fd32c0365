"""The Python API: `Assistant(data_dir, kb).ingest(paths)` and `.ask(question, history)`."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path

from assistant.config import Settings
from assistant.documents import Answer, IngestReport
from assistant.kb import KnowledgeBase
from assistant.limits import check_count, check_filters, check_history, check_question


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

    def delete_source(self, source: str) -> int:
        """Drop one indexed file (vectors, chunks, manifest row); returns the chunks removed.

        Runs under the ingest lock so it never interleaves with an ingest of the same KB; the
        file itself is left where it is (re-ingesting its folder would add it back).
        """
        from assistant.ingest import kb_lock

        with kb_lock(self.kb):
            ids = self.kb.chunks.chunk_ids_of(source)
            known = self.kb.chunks.file(source) is not None
            if ids:
                self.kb.vectors.delete(sorted(ids))
            self.kb.chunks.remove_file(source)
            if ids or known:
                self.kb.rebuild_lexical()
        return len(ids)

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
        """Ranked passages; the request is checked against the limits first (InputError)."""
        question, history, filters = self._checked(question, history, filters)
        if k is not None:
            k = check_count(k, self.settings.limits, "k", question)
        return self.retriever.retrieve(question, history, filters, k)

    def _checked(self, question: object, history: object, filters: object):
        limits = self.settings.limits
        text = check_question(question, limits)
        return text, check_history(history, limits, text), check_filters(filters, limits, text)

    def ask(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Mapping[str, object] | None = None,
    ) -> Answer:
        result = self.retrieve(question, history, filters)
        clock = time.perf_counter()
        answer = self._computed(question, result, filters) or self.composer.compose(
            question, result, self.kb
        )
        answer.timings_ms = {**result.timings_ms,
                             "compose": round((time.perf_counter() - clock) * 1000, 2)}
        answer.rewritten_query = result.query.rewritten
        return answer

    def _computed(self, question: str, result, filters) -> Answer | None:
        """Answers that come from the catalogs by computation rather than from quoted text.

        Counts and lists ("无锡高新区共享清单里有多少台设备") are computed over the rows; "who can
        help with X" is ranked by the matchmaker (relevance, field, pairing with the user's zone).
        Follow-ups and filtered questions go to the composer, which sees the resolved context.
        """
        from assistant.answer.intent import Intent, classify
        from assistant.retrieval.retriever import clean_filters

        if result.query.is_followup or clean_filters(filters):
            return None
        from assistant.catalog_query import answer_catalog_question

        computed = answer_catalog_question(question, self.kb)
        if computed is not None:
            return computed
        if classify(question) is Intent.WHO_CAN_HELP:
            from assistant.match import Matcher

            matched = Matcher(self.kb, self.retriever).supply_for(question)
            if matched.matches:
                return matched.to_answer()
        return None

    def ask_stream(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Mapping[str, object] | None = None,
    ) -> Iterator[Answer]:
        """Yield growing partial answers (LLM tokens), ending with the checked final answer."""
        result = self.retrieve(question, history, filters)
        computed = self._computed(question, result, filters)
        partials = [computed] if computed else self.composer.stream(question, result, self.kb)
        for partial in partials:
            partial.rewritten_query = result.query.rewritten
            yield partial

    def match(self, demand: str, zone: str | None = None, top: int = 5, reverse: bool = False):
        from assistant.match import Matcher

        limits = self.settings.limits
        demand = check_question(demand, limits, "demand")
        top = check_count(top, limits, "top", demand)
        if zone is not None:
            zone = str(check_filters({"zone": zone}, limits, demand).get("zone") or "") or None
        matcher = Matcher(self.kb, self.retriever)
        if reverse:
            return matcher.demands_for(demand, top=top)
        return matcher.supply_for(demand, zone=zone, top=top)

    # --- indexed documents (for the open interfaces) ------------------------------------------
    def documents(self) -> list:
        """Every indexed file (`FileRecord`: source, title, doc_type, chunk_count, …), by source."""
        return self.kb.chunks.files()

    def document_chunks(self, source: str) -> list:
        """The chunks of one indexed file in document order; [] for an unknown source."""
        return self.kb.chunks.chunks_of(source)
