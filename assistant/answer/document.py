"""The document a question is about, read beyond the passages retrieval ranked.

A focused answer starts from the top passages, but some answers stand where an official
document always puts them (GB/T 9704: issuer and number at the head, addressees under the
title, the date under the signature), in a named article, in a passage the whole question did
not bring up, or in the items of a list that runs on past its passage. These lookups read them
from the chunk store, bounded so a long catalog is never read whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.articles import article_hits, has_articles
from assistant.answer.citations import CitationBook
from assistant.answer.evidence import Evidence, coverage_of, searchable
from assistant.answer.focused import own_groups
from assistant.answer.scope import Scope
from assistant.answer.spans import find_spans
from assistant.answer.units import Unit, continued_items, last_lists, units_of
from assistant.answer.wording import Wording
from assistant.documents import Chunk
from assistant.retrieval.asks import Ask
from assistant.retrieval.types import ScoredChunk

# writes a part's answer read off a document's head (its lines, each cited), or [] if not there
HeadReader = Callable[[Chunk, CitationBook, Wording], list[str]]

MAX_DOCUMENTS = 4  # documents whose ends are read for one date
MAX_DOCUMENT_CHUNKS = 400  # a document read whole for a part its top passages miss
REST_PASSAGES = 3  # of its other passages, those that best cover the part
REST_SHAPED = 8  # … when looking for a sentence that defines, or a list
FOLLOWING = 4  # passages after a list's own where its items may run on
HEAD_LINES = 8  # lines at a document's head where its number or addressees stand
ADDRESSEE_MAX = 80  # characters of a line naming the bodies a document is addressed to
_RECEIVER = re.compile(r"(?:部|委|厅|局|办|政府|院|会|中心|单位|学校|高校|机构|公司)[、，,：:]")
_ANY_SENTENCE_END = re.compile(r"[。！？!?；;]")
_NOT_ADDRESSEES = re.compile(r"[，,]|如下|现将|现就|特此")  # "现将有关事项通知如下："


def documents_in_question(evidence: Evidence, scope: Scope | None, top: int) -> list[str]:
    """The documents the question names, else those of its `top` best passages."""
    if scope and scope.sources:  # best-ranked first, so a head is read from the likeliest
        ranked = [h.chunk.source for h in evidence.hits if h.chunk.source in scope.sources]
        return list(dict.fromkeys([*ranked, *sorted(scope.sources)]))
    return list(dict.fromkeys(h.chunk.source for h in evidence.hits[:top]))


def head_of(evidence: Evidence, kb, scope: Scope | None) -> Chunk | None:
    """The first passage of the named (or best-matching) document: its title and head."""
    for source in documents_in_question(evidence, scope, 1)[:1]:
        chunks = kb.chunks.chunks_of(source, limit=1) if kb is not None else []
        if chunks:
            return chunks[0]
    return None


def document_ends(evidence: Evidence, kb, scope: Scope | None,
                  source: str = "") -> list[Unit]:
    """The first and last passages of the document in question (the one an earlier part was
    answered from, else the named or best ones), where a notice states its date and issuer,
    whether or not retrieval ranked them; a line that is only a date (the 成文日期 under the
    signature) is tried first."""
    ends = []
    sources = [source] if source else documents_in_question(evidence, scope, 2)
    for name in sources[:MAX_DOCUMENTS]:
        chunks = kb.chunks.chunks_of(name, limit=1)
        last = kb.chunks.last_chunk(name)
        chunks += [last] if last is not None and chunks and last.id != chunks[0].id else []
        ends += [ScoredChunk(chunk=c, score=0.0) for c in chunks]
    return units_of(ends, limit=len(ends))


def article_units(number: str, evidence: Evidence, kb, scope: Scope | None):
    """The units of the named article in the documents in question; None when those
    documents are divided into articles and have no such article; the retrieved units when
    they are not divided into articles at all."""
    documents = [kb.chunks.chunks_of(source)
                 for source in documents_in_question(evidence, scope, 3)[:MAX_DOCUMENTS]
                 if (record := kb.chunks.file(source)) is not None
                 and record.chunk_count <= MAX_DOCUMENT_CHUNKS]
    hits = [hit for chunks in documents for hit in article_hits(chunks, number)]
    if hits:
        return with_lists(units_of(hits, limit=len(hits)), kb)
    if any(has_articles(chunks) for chunks in documents):
        return None
    return units_of(evidence.hits)


def rest_of_document(source: str, part, evidence: Evidence, kb, passages: int = 0,
                     only: re.Pattern[str] | None = None) -> list[Unit]:
    """Units of the passages of the document in question that retrieval did not rank, best
    first for this part: a later part of a question about one document ("…哪天印发、覆盖多少个
    园区？") is often answered in a passage the whole question did not bring up."""
    record = kb.chunks.file(source)
    if record is None or record.chunk_count > MAX_DOCUMENT_CHUNKS:
        return []
    seen = {h.chunk.id for h in evidence.hits}
    groups = own_groups(part, evidence.groups) or evidence.groups
    scored = [(coverage_of(searchable(c), groups), c) for c in kb.chunks.chunks_of(source)
              if c.id not in seen and not c.metadata.get("columns")
              and (only is None or only.search(c.text))]  # e.g. passages that define
    best = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])[:passages or REST_PASSAGES]
    hits = [ScoredChunk(chunk=c, score=0.0) for _, c in best]
    return units_of(hits, limit=len(hits))


def with_lists(units: list[Unit], kb) -> list[Unit]:
    """The units, with the items of lists that run on past their passage attached (one lookup
    per passage that ends with a list or the line announcing one)."""
    if kb is None:
        return units
    for members in last_lists(units):
        more = continued_items(members[-1], kb.chunks.chunks_after(members[-1].hit.chunk.id,
                                                                   FOLLOWING))
        for unit in members:
            unit.continued = more
    return units


def head_reader(part, head: Chunk | None) -> HeadReader | None:
    """What reads this part's answer off a document's head, if the head holds it: its
    addressees, its issuer (from the title), its number — not the number of another kind of
    document ("批复的…请示文号" is cited in the text)."""
    if head is None:
        return None
    if part.asks_addressee:
        return addressee_lines
    if part.asks_issuer:
        return issuer_lines
    kind = part.numbered_kind
    if part.ask is Ask.DOCUMENT_NUMBER and (not kind or head.title.endswith(kind)):
        return number_lines
    return None


def only_a_date(text: str) -> bool:
    """The line is a date and nothing more (the 成文日期 under a signature)."""
    spans = find_spans(text, Ask.DATE)
    return bool(spans) and len(spans[0].text) >= len(text.strip(" 。.")) - 2


def issuer_lines(chunk: Chunk, book: CitationBook, words: Wording) -> list[str]:
    """The issuing body of an official document, from its title: Chinese official titles are
    written "发文机关 + 关于 + 事由 + 文种" (GB/T 9704), so the issuer is what precedes 关于."""
    title = chunk.title
    if "关于" not in title:
        return []
    issuer = title.split("关于", 1)[0].strip()
    if len(issuer) < 2:
        return []
    n = book.cite(chunk, title)
    return [f"{issuer}{_stop(words)}[{n}]", f"《{title}》[{n}]"]


def number_lines(chunk: Chunk, book: CitationBook, words: Wording) -> list[str]:
    """The document number of an official document, from its title or its head (where GB/T 9704
    puts it, under the issuer's name)."""
    # a line of the head that is only a number is this document's; one inside a sentence is
    # usually another document's ("为落实苏政办发〔2025〕28号…")
    head = [line.strip() for line in chunk.text.splitlines()[:HEAD_LINES]]
    for text in (chunk.title, *head):
        spans = find_spans(text, Ask.DOCUMENT_NUMBER)
        if spans and (text is chunk.title or len(text) <= len(spans[0].text) + 2):
            n = book.cite(chunk, text)
            return [f"{spans[0].text}{_stop(words)}[{n}]", f"《{chunk.title}》[{n}]"]
    return []


def addressee_lines(chunk: Chunk, book: CitationBook, words: Wording) -> list[str]:
    """Whom an official document is addressed to: the line under its title that names the
    receiving bodies and ends with a colon ("科技部、新疆维吾尔自治区人民政府：", GB/T 9704)."""
    for line in chunk.text.splitlines()[:HEAD_LINES]:
        line = line.strip()
        if (line.endswith(("：", ":")) and len(line) <= ADDRESSEE_MAX
                and _RECEIVER.search(line) and not _ANY_SENTENCE_END.search(line[:-1])
                and not _NOT_ADDRESSEES.search(line)):
            n = book.cite(chunk, line)
            return [f"{line[:-1]}{_stop(words)}[{n}]", f"{words.source_line(chunk)}{line}[{n}]"]
    return []


def _stop(words: Wording) -> str:
    """What ends a value standing as a sentence of its own, in the answer's language."""
    return ". " if words.lang == "en" else "。"
