"""Catalog counts, lists and pairing lists, computed over the indexed rows."""

from __future__ import annotations

from assistant.answer.route import AnswerRequest
from assistant.catalog.compute import compute
from assistant.catalog.cues import PAIRING_CUE
from assistant.catalog.query import parse_question
from assistant.catalog.render import catalog_answer, pairing_answer
from assistant.documents import Answer


class CatalogRoute:
    """"无锡高新区共享清单里有多少台设备？", "建邺高新区和哪些高校结对？": exact counts and lists
    from the rows, every row cited. Passes when the question is not a catalog computation, or
    when nothing of the asked kind is indexed (the documents may still say something)."""

    name = "catalog"

    def answer(self, request: AnswerRequest) -> Answer | None:
        if not request.plain:
            return None
        analysis = request.analysis
        query = parse_question(request.question, analysis.language, analysis.entities)
        if query is None:
            return None
        kb = request.kb
        pairings = kb.pairings()
        if query.kinds == ["pairing"]:
            if not PAIRING_CUE.search(request.question):
                return None
            return pairing_answer(request.question, pairings, analysis.language)
        # teams live in generic catalogs (a team list has no file-name hint of its own)
        kinds = {k for k in query.kinds if k != "team"} | (
            {"catalog"} if "team" in query.kinds else set())
        rows = kb.population(tuple(kinds)).rows
        if not any(r.entry_kind in query.kinds for r in rows):
            return None
        return catalog_answer(compute(query, rows, kb.names(), pairings), kb)
