"""Summaries for officials: the sentences that state figures about the topic, one line each.

"给我一个带数字的简要概括" / "summarize the notice": the document is the one the question names
(or the best-matching one); its sentences holding a figure, a date or an amount are ranked by how
much of the question's topic they cover and shown in document order, each cited. A document with
almost no figures is summarised by the first sentence of each section instead.
"""

from __future__ import annotations

import re

from assistant.answer.citations import CitationBook
from assistant.answer.evidence import Evidence, TermGroup, coverage_of
from assistant.answer.focused import quotable
from assistant.answer.scope import Scope
from assistant.answer.spans import find_spans, names_day
from assistant.answer.units import units_of
from assistant.answer.wording import Wording
from assistant.documents import Chunk
from assistant.phrasing import message, words
from assistant.retrieval.asks import Ask
from assistant.retrieval.types import ScoredChunk
from assistant.text.sentences import sentences

MAX_LINES = 8
MIN_FIGURE_LINES = 3
LINE_MAX = 120
_FIGURE = re.compile(r"\d|百分之")
_GROWTH = re.compile(r"翻(?:一)?番|倍增|翻两番")  # a target stated as growth, without a digit
# A date alone is not a figure of a summary ("到2027年实现全覆盖" states a deadline, not a target).
_FIGURE_KINDS = (Ask.PERCENTAGE, Ask.AMOUNT, Ask.DURATION, Ask.NUMBER)
MIN_SENTENCE = 10  # characters: shorter lines are headings or fragments
MAX_OUTLINE = 12  # sections listed
_NOTE = re.compile(r"https?://|依据.{0,20}整理|摘要说明|可信度")  # a digest's source notes


def summary_lines(evidence: Evidence, book: CitationBook, wording: Wording, kb,
                  scope: Scope) -> list[str]:
    """Figure sentences of the named (or best) document about the question's topic."""
    source = _document(evidence, scope)
    if source is None:
        return []
    chunks = [c for c in kb.chunks.chunks_of(source) if not c.metadata.get("columns")]
    topic = [g for g in evidence.groups if g.label not in words("summary_words")]
    picked = _figure_sentences(chunks, topic, evidence.years)
    if len(picked) < MIN_FIGURE_LINES:
        picked = _section_openings(chunks)
    if not picked:
        return []
    title = chunks[0].title if chunks else ""
    lines = [message("focused.figures_intro", wording.lang, title=title)]
    for chunk, sentence in picked:
        quote = quotable(sentence, [])[:LINE_MAX]
        n = book.cite(chunk, quote)
        lines.append(f"- {quote}[{n}]")
    return lines


def outline_lines(evidence: Evidence, book: CitationBook, wording: Wording, kb, scope: Scope,
                  dates: bool) -> list[str]:
    """How the named (or best) document is organised: its top-level headings in order, each
    cited where its section begins; with `dates`, then the sentences stating its dates and
    deadlines. Empty for a document without headings (the figure summary serves it)."""
    source = _document(evidence, scope)
    if source is None:
        return []
    chunks = [c for c in kb.chunks.chunks_of(source) if not c.metadata.get("columns")]
    sections: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.headings and not _NOTE.search(chunk.headings[0]):
            sections.setdefault(chunk.headings[0], chunk)
    if len(sections) < 2:
        return []
    lines = [message("focused.outline_intro", wording.lang, title=chunks[0].title)]
    for heading, chunk in list(sections.items())[:MAX_OUTLINE]:
        lines.append(f"- {heading}[{book.cite(chunk, heading)}]")
    if dates:
        dated = _dated_sentences(chunks)
        if dated:
            lines.append(message("focused.dates_intro", wording.lang))
        for chunk, sentence in dated:
            quote = quotable(sentence, find_spans(sentence, Ask.DATE))[:LINE_MAX]
            lines.append(f"- {quote}[{book.cite(chunk, quote)}]")
    return lines


def _dated_sentences(chunks: list[Chunk]) -> list[tuple[Chunk, str]]:
    """Sentences naming a month or a day (a deadline, a date of effect), in document order."""
    units = units_of([ScoredChunk(chunk=c, score=0.0) for c in chunks], limit=len(chunks))
    found = [(u.hit.chunk, u.text) for u in units
             if len(u.text) >= MIN_SENTENCE and not _NOTE.search(u.text)
             and any(names_day(s) for s in find_spans(u.text, Ask.DATE))]
    return found[:MAX_LINES]


def _document(evidence: Evidence, scope: Scope) -> str | None:
    if len(scope.sources) == 1:
        return next(iter(scope.sources))
    hits = [h for h in evidence.hits[:3] if not scope.sources or h.chunk.source in scope.sources]
    if not hits:
        return None
    return max(hits, key=lambda h: evidence.per_hit.get(h.chunk.id, 0)).chunk.source


def _figure_sentences(chunks: list[Chunk], topic: list[TermGroup],
                      years: list[str]) -> list[tuple[Chunk, str]]:
    """Sentences stating a figure (written with digits or as a percentage: "一个平台" is a
    name, not a figure), about the years the question names — in the sentence, its headings or
    the line introducing its list ("到2027年要达到：") — best covered first."""
    found: list[tuple[float, int, Chunk, str]] = []
    units = units_of([ScoredChunk(chunk=c, score=0.0) for c in chunks], limit=len(chunks))
    for order, unit in enumerate(units):
        chunk, sentence = unit.hit.chunk, unit.text
        context = f"{unit.folded} {unit.context}"
        if any(year not in context for year in years) or not has_figure(sentence):
            continue
        if len(sentence) < MIN_SENTENCE or _NOTE.search(sentence):
            continue
        score = coverage_of(context, topic) if topic else 0.0
        found.append((score, order, chunk, sentence))
    best = sorted(found, key=lambda x: (-x[0], x[1]))[:MAX_LINES]
    return [(chunk, sentence) for _, _, chunk, sentence in sorted(best, key=lambda x: x[1])]


def has_figure(sentence: str) -> bool:
    return bool(_GROWTH.search(sentence)) or any(
        _FIGURE.search(span.text) for kind in _FIGURE_KINDS for span in find_spans(sentence, kind))


def _section_openings(chunks: list[Chunk]) -> list[tuple[Chunk, str]]:
    seen: set[str] = set()
    found: list[tuple[Chunk, str]] = []
    for chunk in chunks:
        section = chunk.headings[0] if chunk.headings else chunk.locator
        if section in seen:
            continue
        seen.add(section)
        first = next(iter(sentences(chunk.text)), "")
        if first:
            found.append((chunk, first))
    return found[:MAX_LINES]
