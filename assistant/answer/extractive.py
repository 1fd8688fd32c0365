"""The offline composer: answers only with sentences and rows taken from retrieved passages.

Deterministic and citation-exact: every statement is a quote (or a catalog row's fields) followed
by its [n]; the snippet of citation n is exactly the quoted text, so it always supports it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from assistant.answer.citations import CitationBook, check_citations
from assistant.answer.evidence import (
    Evidence,
    coverage_of,
    denies_year,
    gather,
    says_not_covered,
    searchable,
)
from assistant.answer.wording import Wording, wording_for
from assistant.documents import Answer, Chunk
from assistant.phrasing import pattern
from assistant.retrieval.intent import Intent
from assistant.retrieval.types import RetrievalResult, ScoredChunk
from assistant.text.normalize import fold
from assistant.text.sentences import sentences

MIN_COVERAGE = 0.40  # calibrated with benchmarks/calibrate_refusal.py; README "Refusals"
MAX_PASSAGES = 4
MAX_ROWS = 5
NOT_COVERED_MIN = 0.5  # coverage a "not in the material" sentence needs to answer by refusing
QUOTE_LIMIT = 400  # characters quoted from one passage


class ExtractiveComposer:
    """Builds answers from retrieved text only; refuses when the evidence is weak."""

    name = "extractive"

    def __init__(self, min_coverage: float = MIN_COVERAGE) -> None:
        self.min_coverage = min_coverage

    def compose(self, question: str, result: RetrievalResult, kb) -> Answer:
        words = wording_for(result.query.language)
        intent = result.query.intent
        evidence = gather(result, kb, result.query.asked_kind, self.min_coverage)
        if evidence.refused:
            return self._refuse(words, evidence, result)
        counting = bool(ASKS_COUNT.search(question))
        not_public = None if counting else self._not_public_statement(evidence)
        if not_public is not None:
            return self._refuse(words, evidence, result, statement=not_public)
        book = CitationBook()
        if intent is Intent.WHO_CAN_HELP and self._rows(evidence, ("achievement", "equipment")):
            lines = self._rows_answer(evidence, book, words, ("achievement", "equipment"))
        elif intent is Intent.PAIRING and self._rows(evidence, ("pairing",)):
            lines = self._rows_answer(evidence, book, words, ("pairing",))
        elif intent is Intent.DOC_SUMMARY:
            lines = self._document_summary(evidence, book, words, kb)
        else:
            lines = self._quotes(evidence, book, words, figures=intent is Intent.FIGURES)
        text, citations = check_citations("\n".join(lines), book.citations)
        if not citations:
            return self._refuse(words, evidence, result)
        if any(c.sample for c in citations):
            text += "\n\n" + words.sample_note
        return Answer(answer=text, citations=citations)

    def stream(self, question: str, result: RetrievalResult, kb) -> Iterator[Answer]:
        yield self.compose(question, result, kb)

    # --- refusal --------------------------------------------------------------------------------
    def _refuse(self, words: Wording, evidence: Evidence, result: RetrievalResult,
                statement: tuple[ScoredChunk, str] | None = None) -> Answer:
        if statement is not None:
            hit, sentence = statement
            book = CitationBook()
            n = book.cite(hit.chunk, sentence)
            text = f"{words.not_covered}\n{words.material_says} {sentence}[{n}]"
            text, citations = check_citations(text, book.citations)
            return Answer(answer=text, citations=citations, refused=True)
        titles = list(dict.fromkeys(h.chunk.title for h in result.hits[:3]))
        text = words.not_covered
        if titles:
            text += "\n" + words.closest + "；".join(f"《{t}》" for t in titles)
        return Answer(answer=text, refused=True, notice=evidence.refused_reason)

    def _not_public_statement(self, evidence: Evidence) -> tuple[ScoredChunk, str] | None:
        """The corpus says outright that it does not hold this (e.g. "条目原文未公开").

        The sentence of the top passages that best matches what the question itself adds (not
        the context a follow-up inherits) decides; one saying the material lacks the year the
        question asks about ("没有2030年的目标") counts extra. Not used for counting questions:
        a count ("4所结对高校") can be answered even where the names behind it are not public.
        """
        years = evidence.years
        own = [g for g in evidence.groups if not g.inherited]  # what this question adds
        best: tuple[float, int, ScoredChunk, str] | None = None
        for rank, hit in enumerate(evidence.hits[:3]):
            for sentence in sentences(hit.chunk.text):
                score = coverage_of(fold(sentence), own or evidence.groups)
                score += 0.5 if denies_year(sentence, years) else 0.0
                if best is None or (score, -rank) > (best[0], best[1]):
                    best = (score, -rank, hit, sentence)
        # the statement must be about what was asked, not a side note that merely shares a word
        if best is not None and best[0] >= NOT_COVERED_MIN and says_not_covered(best[3], years):
            return best[2], best[3]
        return None

    # --- passages -------------------------------------------------------------------------------
    def _chosen(self, evidence: Evidence, limit: int, figures: bool = False) -> list[ScoredChunk]:
        """Top passages that cover the question about as well as the best one does."""
        best = max((evidence.per_hit.get(h.chunk.id, 0) for h in evidence.hits), default=0)
        top_score = evidence.hits[0].score if evidence.hits else 0
        chosen = [
            h for h in evidence.hits
            if evidence.per_hit.get(h.chunk.id, 0) >= 0.5 * best and h.score >= 0.35 * top_score
        ]
        if figures:  # passages that state figures first; the order is otherwise kept
            chosen.sort(key=lambda h: not re.search(r"\d", h.chunk.text))
        return chosen[:limit]

    def _quotes(self, evidence: Evidence, book: CitationBook, words: Wording,
                figures: bool) -> list[str]:
        lines: list[str] = []
        for hit in self._chosen(evidence, MAX_PASSAGES, figures):
            quote = self._quote(hit.chunk, evidence, figures)
            if not quote:
                continue
            n = book.cite(hit.chunk, quote)
            lines.append(f"- {words.source_line(hit.chunk)}{quote}[{n}]")
        if lines:
            lines.insert(0, words.intro)
        return lines

    def _quote(self, chunk: Chunk, evidence: Evidence, figures: bool) -> str:
        """The passage's sentences that cover question terms, in text order, within the limit."""
        if chunk.metadata.get("columns"):
            return chunk.text
        parts = sentences(chunk.text)
        if len(chunk.text) <= QUOTE_LIMIT:
            return "".join(parts) if parts else chunk.text
        scored = [(coverage_of(fold(s), evidence.groups) + _bonus(s, figures, evidence), i)
                  for i, s in enumerate(parts)]
        keep: set[int] = set()
        used = 0
        for score, i in sorted(scored, key=lambda x: (-x[0], x[1])):
            if score <= 0 or used + len(parts[i]) > QUOTE_LIMIT:
                continue
            keep.add(i)
            used += len(parts[i])
        if not keep:
            keep = {0}
        return "".join(parts[i] for i in sorted(keep))

    # --- catalog rows ---------------------------------------------------------------------------
    def _rows(self, evidence: Evidence, kinds: tuple[str, ...]) -> list[ScoredChunk]:
        rows = [h for h in evidence.hits if h.chunk.metadata.get("catalog_kind") in kinds
                and evidence.per_hit.get(h.chunk.id, 0) >= 0.5 * self.min_coverage]
        # Real rows (with a public source) before sample rows at the same relevance.
        return sorted(rows, key=lambda h: (-round(evidence.per_hit[h.chunk.id], 1),
                                           bool(h.chunk.metadata.get("sample")), -h.score))

    def _rows_answer(self, evidence: Evidence, book: CitationBook, words: Wording,
                     kinds: tuple[str, ...]) -> list[str]:
        lines = [words.rows_intro]
        for rank, hit in enumerate(self._rows(evidence, kinds)[:MAX_ROWS], start=1):
            n = book.cite(hit.chunk, hit.chunk.text)
            lines.append(f"{rank}. {words.row_line(hit.chunk)}[{n}]")
        prose = [h for h in self._chosen(evidence, 2) if not h.chunk.metadata.get("columns")]
        for hit in prose:
            quote = self._quote(hit.chunk, evidence, figures=False)
            n = book.cite(hit.chunk, quote)
            lines.append(f"- {words.source_line(hit.chunk)}{quote}[{n}]")
        return lines

    # --- "summarize <document>" -----------------------------------------------------------------
    def _document_summary(self, evidence: Evidence, book: CitationBook, words: Wording,
                          kb) -> list[str]:
        best = max(evidence.hits[:3], key=lambda h: evidence.per_hit.get(h.chunk.id, 0))
        chunks = kb.chunks.chunks_of(best.chunk.source)
        lines = [words.summary_intro(best.chunk.title)]
        seen_sections: set[str] = set()
        for chunk in chunks:
            section = chunk.headings[0] if chunk.headings else chunk.locator
            if section in seen_sections or chunk.metadata.get("columns"):
                continue
            seen_sections.add(section)
            first = next(iter(sentences(chunk.text)), "").lstrip("> ")
            if first:
                n = book.cite(chunk, first)
                lines.append(f"- {section}：{first}[{n}]")
        return lines if len(lines) > 1 else self._quotes(evidence, book, words, figures=False)


ASKS_COUNT = pattern("intent.asks_count")
DATE = pattern("text.date")


def _bonus(sentence: str, figures: bool, evidence: Evidence) -> float:
    """Sentences carrying what the question's form asks for: figures, or dates for "when"."""
    bonus = 0.2 if figures and re.search(r"\d", sentence) else 0.0
    if evidence.asks_when and DATE.search(sentence):
        bonus += 0.5
    return bonus


def columns_of(chunk: Chunk) -> dict[str, str]:
    raw = chunk.metadata.get("columns")
    return json.loads(raw) if isinstance(raw, str) else {}


__all__ = ["ExtractiveComposer", "columns_of", "searchable"]
