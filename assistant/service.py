"""The Python API: `Assistant(data_dir, kb).ingest(paths)` and `.ask(question, history)`."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path

from assistant.answer.factory import make_composer
from assistant.answer.route import AnswerRequest
from assistant.answer.router import AnswerRouter, default_routes
from assistant.answer.scope import Scope, resolve_scope
from assistant.config import Settings
from assistant.documents import Answer, IngestReport
from assistant.followup import PREVIOUS_CHARS, restate
from assistant.ingest import Ingestor, kb_lock
from assistant.kb import KnowledgeBase
from assistant.limits import check_count, check_filters, check_history, check_question
from assistant.matching.matcher import Matcher, MatchResult
from assistant.retrieval.retriever import HybridRetriever
from assistant.retrieval.types import RetrievalResult

SCOPE_TURNS = 3  # earlier questions a follow-up may take its documents from


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
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.kb)

    @cached_property
    def router(self) -> AnswerRouter:
        """Computed routes first, then the configured composer (extractive or an LLM)."""
        return AnswerRouter(default_routes(), make_composer(self.settings))

    def retrieve(self, question: str, history: list[dict] | None = None,
                 filters: Mapping[str, object] | None = None,
                 k: int | None = None) -> RetrievalResult:
        """Ranked passages; the request is checked against the limits first (InputError)."""
        question, history, filters = self._checked(question, history, filters)
        if k is not None:
            k = check_count(k, self.settings.limits, "k", question)
        question, history = self._restated(question, history)
        return self.retriever.retrieve(question, history, filters, k)

    def _restated(self, question: str, history: list[dict]) -> tuple[str, list[dict]]:
        """A follow-up that swaps the subject ("那上海呢？") as the whole question it stands for;
        that question needs no history (taking topic words over from it would mix the two
        subjects)."""
        restated = restate(question, history, self.kb.entity_index())
        return (restated, []) if restated != question else (question, history)

    def _checked(self, question: object, history: object, filters: object):
        limits = self.settings.limits
        text = check_question(question, limits)
        return text, check_history(history, limits, text), check_filters(filters, limits, text)

    def _request(self, question: str, history: list[dict] | None,
                 filters: Mapping[str, object] | None, carry: bool = True) -> AnswerRequest:
        question, history, filters = self._checked(question, history, filters)
        question, history = self._restated(question, history)
        result = self.retriever.retrieve(question, history, filters)
        result = self._scoped(question, history, filters, result, carry)
        return AnswerRequest(question, result, self.kb, self.retriever, filters)

    def _scoped(self, question: str, history: list[dict], filters: dict,
                result: RetrievalResult, carry: bool = True) -> RetrievalResult:
        """Narrow retrieval to the documents the question names ("北京市规定…", "127号文件"),
        or for a follow-up naming none, those the conversation was about (`carry`), unless the
        caller already chose sources; the scope travels with the result."""
        scope = resolve_scope(question, self.kb.documents())
        if carry and not scope.named and result.query.is_followup:
            carried = self._scope_of_conversation(history)
            if carried is not None:
                carried.compare = scope.compare  # "两者有什么区别？" still compares
                scope = carried
        if scope.sources and "source" not in filters:
            inside = [h for h in result.hits if h.chunk.source in scope.sources]
            if scope.compare and len(scope.sources) > 1:
                result = self._each_source(question, history, filters, scope, result)
            elif len(inside) < len(result.hits):
                scoped = {**filters, "source": sorted(scope.sources)}
                narrowed = self.retriever.retrieve(question, history, scoped)
                narrowed.timings_ms = result.timings_ms
                result = narrowed
        result.scope = scope
        return result

    def _scope_of_conversation(self, history: list[dict]):
        """A follow-up that names no document ("它最早从哪天开始施行？") stays with the
        documents the conversation was about: those the latest earlier question named."""
        turns = [t for t in history if t.get("role") == "user"]
        for i in range(len(turns) - 1, max(-1, len(turns) - 1 - SCOPE_TURNS), -1):
            # each earlier question as it was answered: "那乙市呢？" meant 乙市's regulation
            earlier = restate(str(turns[i].get("content") or "")[:PREVIOUS_CHARS], turns[:i],
                              self.kb.entity_index())
            scope = resolve_scope(earlier, self.kb.documents())
            if scope.named:
                if not scope.sources or scope.missing:
                    return None
                return Scope(sources=scope.sources, carried=True)
        return None

    def _each_source(self, question: str, history: list[dict], filters: dict, scope,
                     result: RetrievalResult) -> RetrievalResult:
        """A comparison needs every named document's best passages, not the best overall."""
        k = max(2, self.settings.top_k // len(scope.sources))
        hits = []
        for source in sorted(scope.sources):
            part = self.retriever.retrieve(question, history, {**filters, "source": source}, k)
            hits += part.hits
        return RetrievalResult(query=result.query, hits=hits, timings_ms=result.timings_ms)

    def ask(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Mapping[str, object] | None = None,
    ) -> Answer:
        request = self._request(question, history, filters)
        clock = time.perf_counter()
        answer = self.router.answer(request)
        if _retry_everywhere(answer, request):
            # the conversation's documents do not say: look everywhere, as for a new question
            request = self._request(question, history, filters, carry=False)
            answer = self.router.answer(request)
        answer.timings_ms = {**request.result.timings_ms,
                             "compose": round((time.perf_counter() - clock) * 1000, 2)}
        answer.rewritten_query = request.analysis.rewritten
        return answer

    def ask_stream(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Mapping[str, object] | None = None,
    ) -> Iterator[Answer]:
        """Yield growing partial answers (LLM tokens), ending with the checked final answer."""
        request = self._request(question, history, filters)
        carried = bool(request.result.scope and request.result.scope.carried)
        held: list[Answer] = []  # with a carried scope, held until it is known to stand
        for partial in self.router.stream(request):
            partial.rewritten_query = request.analysis.rewritten
            if carried:
                held.append(partial)
            else:
                yield partial
        if held and _retry_everywhere(held[-1], request):
            request = self._request(question, history, filters, carry=False)
            held = list(self.router.stream(request))
            for partial in held:
                partial.rewritten_query = request.analysis.rewritten
        yield from held

    def match(self, demand: str, zone: str | None = None, top: int = 5,
              reverse: bool = False) -> MatchResult:
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


def _retry_everywhere(answer: Answer, request: AnswerRequest) -> bool:
    """A follow-up answered from the conversation's documents found nothing there: ask again
    over everything. Not when the documents answered "no" themselves (no such article, the
    material says it is not there): that answer stands."""
    scope = request.result.scope
    return bool(scope and scope.carried and answer.refused and not answer.declined)
