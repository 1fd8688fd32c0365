"""The offline composer: answers only with text taken from retrieved passages.

Deterministic and citation-exact. A policy question gets the value it asks for first, then the
sentence that states it (`assistant.answer.focused`); a question naming a document is answered
from that document, or told it is not indexed; a comparison gets one line per document; a
summary gets the sentences stating figures; "who can help" and pairing questions get catalog
rows. Every [n] points at a citation whose snippet is the quoted text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answer.citations import MARKER, CitationBook, check_citations
from assistant.answer.document import (
    REST_SHAPED,
    HeadReader,
    article_units,
    document_ends,
    head_of,
    head_reader,
    only_a_date,
    rest_of_document,
    with_lists,
)
from assistant.answer.evidence import Evidence, TermGroup, gather
from assistant.answer.focused import (
    Gate,
    Needs,
    PartAnswer,
    answer_part,
    asks_own,
    join_leads,
    lead_line,
    lists_whole,
    own_groups,
    part_lines,
    quotable,
    rank_for,
)
from assistant.answer.scope import Scope
from assistant.answer.spans import cue
from assistant.answer.summary import outline_lines, summary_lines
from assistant.answer.units import Unit, announces_list, needs_type, units_of
from assistant.answer.wording import Wording, wording_for
from assistant.catalog.cues import SUPPLY_KINDS
from assistant.documents import Answer
from assistant.phrasing import message, pattern
from assistant.retrieval.asks import Ask, question_parts, wants_figures
from assistant.retrieval.intent import Intent, classify
from assistant.retrieval.types import RetrievalResult, ScoredChunk
from assistant.text.normalize import fold

MAX_ROWS = 5
MIN_ROW_COVERAGE = 0.2  # of the question's concepts a catalog row must name to be listed
MAX_COMPARED = 4  # documents in one comparison
ANSWER_MAX = 720  # characters of a focused answer, leaving room for notes under the 800 limit
DOMINANT_TOP = 3  # top passages that, all from one document, make it the one in question
_SELF_INTRO = pattern("asker.self_intro")  # "我在高校科研处管专利": who asks, not what


class Declined(Exception):
    """The material answers by saying no: the named article does not exist, or the sentence
    that covers the question says the thing is not there. Carries the lines that explain it."""

    def __init__(self, lines: list[str], notice: str) -> None:
        super().__init__(notice)
        self.lines = lines
        self.notice = notice


class ExtractiveComposer:
    """Builds answers from retrieved text only; refuses when no sentence answers."""

    name = "extractive"

    def __init__(self, gate: Gate | None = None) -> None:
        self.gate = gate or Gate()

    def compose(self, question: str, result: RetrievalResult, kb) -> Answer:
        words = wording_for(result.query.language)
        evidence = gather(result, kb, result.query.asked_kind)
        scope = result.scope or Scope()
        # every concept part of the named title ("how does the … Law define 'transformation of
        # achievements'"): the title's words are then the topic
        evidence.groups = _without_named(evidence.groups, scope) or evidence.groups
        if scope.carried:  # the conversation's document settles the subject; the follow-up's
            # own words say what is asked of it ("它哪天开始施行？")
            evidence.groups = [g for g in evidence.groups if not g.inherited] or evidence.groups
        if scope.missing and not scope.sources:
            return self._missing_document(question, result, evidence, words, scope)
        if evidence.refused:
            return self._refuse(words, evidence, result, scope)
        if not evidence.groups and result.query.intent is not Intent.DOC_SUMMARY:
            evidence.refused_reason = "no concept of the question to look for"
            return self._refuse(words, evidence, result, scope)
        book = CitationBook()
        try:
            lines = self._lines(question, result, evidence, book, words, kb, scope)
        except Declined as declined:
            text, citations = check_citations("\n".join(declined.lines), book.citations)
            return Answer(answer=text, citations=citations, refused=True, notice=declined.notice,
                          declined=True)
        text, citations = check_citations("\n".join(lines), book.citations)
        if not citations:
            return self._refuse(words, evidence, result, scope)
        if any(c.sample for c in citations):
            text += "\n\n" + words.sample_note
        return Answer(answer=text, citations=citations)

    def stream(self, question: str, result: RetrievalResult, kb) -> Iterator[Answer]:
        yield self.compose(question, result, kb)

    # --- routes of the composer -----------------------------------------------------------------
    def _lines(self, question: str, result: RetrievalResult, evidence: Evidence,
               book: CitationBook, words: Wording, kb, scope: Scope) -> list[str]:
        intent = result.query.intent
        parts = question_parts(question)
        needs = _needs(result, kb)
        if intent in (Intent.WHO_CAN_HELP, Intent.PAIRING):
            kinds = SUPPLY_KINDS if intent is Intent.WHO_CAN_HELP else ("pairing",)
            row_parts = [p for p in parts if _about_rows(p, intent)]
            rows = self._rows(evidence, kinds)
            if intent is Intent.PAIRING and kb is not None:
                rows = _pairings_of_named(result, kb) + rows
            rows = _first_of_each(rows)
            if row_parts and rows:
                rest = [p for p in parts if p not in row_parts]
                found = self._focused(rest, evidence, book, words, needs) if rest else []
                return self._rows_answer(rows, book, words) + found
        # "这份文件/国家促进科技成果转化法主要讲了哪几块": the parts of a document, not "在哪些
        # 方面合作"
        structure = bool(pattern("asks.structure").search(question)) and bool(
            scope.named or pattern("scope.document_words").search(fold(question)))
        if (intent is Intent.DOC_SUMMARY or structure or any(p.ask is Ask.SUMMARY for p in parts)
                or (wants_figures(question) and len(parts) == 1
                    and parts[0].ask is Ask.FACT)):
            if structure and (outline := outline_lines(
                    evidence, book, words, kb, scope,
                    dates=bool(pattern("asks.timeline").search(question)))):
                return outline
            return summary_lines(evidence, book, words, kb, scope)
        if scope.compare and len(scope.sources) > 1:
            return self._comparison(parts, evidence, book, words, needs, kb)
        return self._focused(parts, evidence, book, words, needs, kb, scope)

    def _focused(self, parts, evidence: Evidence, book: CitationBook, words: Wording,
                 needs: Needs, kb=None, scope: Scope | None = None) -> list[str]:
        units = with_lists(units_of(evidence.hits), kb)
        # a later part is asked when it names a concept of its own or asks for a value of a
        # kind of its own ("…哪个部门印发的？在什么时候？"); "各自是什么意思" only asks more
        # about what the part before found
        asked = [p for i, p in enumerate(parts) if i == 0 or asks_own(p, evidence.groups)
                 or (_names_a_value(p.ask) and p.ask not in {q.ask for q in parts[:i]})]
        # in question order: a part's answer, or what reads it off the document's head
        answers: list[PartAnswer | HeadReader] = []
        source = ""
        head = head_of(evidence, kb, scope)
        for part in asked:
            # who issued a document and its number stand at its head (GB/T 9704)
            read = head_reader(part, head)
            if read is not None and head is not None and read(head, CitationBook(), words):
                answers.append(read)  # written, and cited, in order below
                source = source or head.source
                continue
            # "who issued it, and on what date": the date is the issuing date too
            issue_date = part.asks_issue_date or (
                part.ask is Ask.DATE and any(p.asks_issuer for p in asked))
            answer = self._answer(part, units, evidence, needs, kb, scope, asked, source,
                                  issue_date, words)
            answer.focus = tuple(own_groups(part, evidence.groups))
            used = {a.best.unit.text for a in answers if isinstance(a, PartAnswer) and a.best}
            if (answer.best is not None and answer.best.unit.text in used
                    and not _reads_another_value(answer, answers, words.lang)):
                # a later part adds something: "能协议定价吗？协议定价的话有啥要求？" is not
                # answered twice by the same sentence when another one covers it
                other = self._answer(part, [u for u in units if u.text not in used], evidence,
                                     needs, kb, scope, asked, source, issue_date, words)
                # …but one that covers less of what the part asks is no better answer
                if other.answered and other.best.own >= answer.best.own:
                    other.focus = answer.focus
                    answer = other
            if answer.best is not None and not source:
                source = answer.best.unit.hit.chunk.source
            answers.append(answer)
        found = [a for a in answers if isinstance(a, PartAnswer)]
        if len(found) == len(answers) and not any(a.answered for a in found):
            absence = next((a for a in found if a.absence is not None), None)
            if absence is not None:
                raise Declined(_absence_lines(absence, book, words),
                               "the material says this is not there")
            return []
        return _within_length(_blocks(answers, head, book, words))

    def _answer(self, part, units: list[Unit], evidence: Evidence, needs: Needs, kb,
                scope: Scope | None, asked, source: str, issue_date: bool,
                words: Wording) -> PartAnswer:
        """One part's answer: from the named article if it names one; for a document's date,
        from its head and end first (where GB/T 9704 puts it); else from the top passages, then
        from the rest of the document the question is about."""
        prefer = {source} if source else (scope.preferred if scope else set())
        if part.article and kb is not None:
            article = article_units(part.article, evidence, kb, scope)
            if article is None:
                raise Declined([message("focused.no_article", words.lang,
                                        article=part.article)], "no such article")
            return answer_part(part, rank_for(part, article, evidence.groups, asked, prefer),
                               needs, self.gate, source)
        if issue_date and kb is not None:
            ends = document_ends(evidence, kb, scope, source)
            for candidates in ([u for u in ends if only_a_date(u.text)], ends):
                answer = answer_part(part, rank_for(part, candidates, evidence.groups, asked,
                                                    prefer), needs, self.gate, source)
                if answer.answered:
                    return answer
        home = source or _only(scope.sources if scope else set())
        # a definition or a list is looked for in the document the top passages agree on too
        shape_home = home or _dominant(evidence)
        if part.ask is Ask.DEFINITION:  # "本条例所称X，是指…" before any list that mentions X
            answer = self._shaped(part, units, evidence, needs, kb, asked, prefer, source,
                                  shape_home, *_SHAPES[Ask.DEFINITION])
            if answer.answered:
                return answer
        answer = answer_part(part, rank_for(part, units, evidence.groups, asked, prefer),
                             needs, self.gate, source)
        if part.ask is Ask.LIST and not (answer.best and answer.best.typed):
            # no list among the top passages: "…行使下列职权：" may stand in another article
            listed = self._shaped(part, units, evidence, needs, kb, asked, prefer, source,
                                  shape_home, *_SHAPES[Ask.LIST])
            answer = listed if listed.answered else answer
        if not answer.answered and home and kb is not None:
            return self._from_rest(part, home, evidence, needs, kb, asked, source) or answer
        return answer

    def _from_rest(self, part, home: str, evidence: Evidence, needs: Needs, kb, asked,
                   source: str, fits=None, passages: int = 0, only=None) -> PartAnswer | None:
        """The part answered from the passages of `home` retrieval did not rank (those that
        cover the part best, of the shape `fits` when given), or None when there are none. A
        sentence there must cover the question as anywhere else, unless an earlier part was
        answered from `source`."""
        rest = with_lists(rest_of_document(home, part, evidence, kb, passages=passages,
                                           only=only), kb)
        rest = [u for u in rest if fits(u)] if fits is not None else rest
        if not rest:
            return None
        return answer_part(part, rank_for(part, rest, evidence.groups, asked, {home}), needs,
                           self.gate, source)

    def _shaped(self, part, units: list[Unit], evidence: Evidence, needs: Needs, kb, asked,
                prefer, source: str, home: str, fits, passage) -> PartAnswer:
        """A part answered by a unit of the shape it asks for — a sentence that defines ("所称…
        是指", "包括") for a definition, a list's lead-in with its items for a list — from the top
        passages, else from the passages of that shape in the rest of the document in question
        (a statute defines its terms, and lists powers, in articles the question's other words
        may not bring up)."""
        answer = answer_part(part, rank_for(part, [u for u in units if fits(u)], evidence.groups,
                                            asked, prefer), needs, self.gate, source)
        if answer.answered or not home or kb is None:
            return answer
        return self._from_rest(part, home, evidence, needs, kb, asked, source, fits,
                               REST_SHAPED, passage) or answer

    def _comparison(self, parts, evidence: Evidence, book: CitationBook, words: Wording,
                    needs: Needs, kb=None) -> list[str]:
        """One line per named document: its value and quote, so differences show side by side;
        a document whose top passages do not say is read further (the rest of its passages
        that cover the question best), as for a question about one document."""
        part = parts[0] if len(parts) == 1 else max(parts, key=lambda p: p.ask is not Ask.FACT)
        by_source: dict[str, list[ScoredChunk]] = {}
        for hit in evidence.hits:
            by_source.setdefault(hit.chunk.source, []).append(hit)
        lines = [message("focused.compare_intro", words.lang)]
        for hits in list(by_source.values())[:MAX_COMPARED]:
            units = units_of(hits)
            answer = answer_part(part, rank_for(part, units, evidence.groups, [part]), needs,
                                 self.gate)
            if not answer.answered and kb is not None:
                home = hits[0].chunk.source
                answer = self._from_rest(part, home, evidence, needs, kb, [part], "") or answer
            if answer.answered:
                lines.append(_compare_line(answer, book, words))
        return lines if len(lines) > 1 else self._focused(parts, evidence, book, words, needs)

    # --- catalog rows ---------------------------------------------------------------------------
    def _rows(self, evidence: Evidence, kinds: tuple[str, ...]) -> list[ScoredChunk]:
        rows = [h for h in evidence.hits if h.chunk.metadata.get("catalog_kind") in kinds
                and evidence.per_hit.get(h.chunk.id, 0) >= MIN_ROW_COVERAGE]
        # Real rows (with a public source) before sample rows at the same relevance.
        return sorted(rows, key=lambda h: (-round(evidence.per_hit[h.chunk.id], 1),
                                           bool(h.chunk.metadata.get("sample")), -h.score))

    def _rows_answer(self, rows: list[ScoredChunk], book: CitationBook,
                     words: Wording) -> list[str]:
        lines = [words.rows_intro]
        for rank, hit in enumerate(rows[:MAX_ROWS], start=1):
            n = book.cite(hit.chunk, hit.chunk.text)
            lines.append(f"{rank}. {words.row_line(hit.chunk)}[{n}]")
        return lines

    # --- refusals -------------------------------------------------------------------------------
    def _refuse(self, words: Wording, evidence: Evidence, result: RetrievalResult,
                scope: Scope) -> Answer:
        if scope.sources:  # the named document is indexed but does not say
            titles = _titles(h for h in result.hits if h.chunk.source in scope.sources)
            text = message("focused.scope_absent", words.lang, titles=titles)
        else:
            text = words.not_covered
            titles = _titles(h for h in result.hits[:3])
            if titles:
                text += "\n" + words.closest + titles
        return Answer(answer=text, refused=True, notice=evidence.refused_reason)

    def _missing_document(self, question: str, result: RetrievalResult, evidence: Evidence,
                          words: Wording, scope: Scope) -> Answer:
        """The named document is not indexed: say so, then what the indexed ones say (cited),
        so the asker sees the nearest rules without mistaking them for the one asked about."""
        named = "、".join(scope.missing)
        text = message("focused.scope_missing", words.lang, named=named)
        book = CitationBook()
        parts = question_parts(question)
        groups = evidence.groups
        units = units_of(result.hits)
        lines: list[str] = []
        needs = _needs(result, None)
        for part in parts:
            answer = answer_part(part, rank_for(part, units, groups, parts), needs, self.gate)
            if answer.answered:
                lines.append(_compare_line(answer, book, words))
        if lines:
            text += "\n" + message("focused.scope_instead", words.lang) + "\n" + "\n".join(
                _dedupe(lines))
        checked, citations = check_citations(text, book.citations)
        return Answer(answer=checked, citations=citations, refused=True,
                      notice=f"not indexed: {named}")


def _blocks(answers: list, head, book: CitationBook,
            words: Wording) -> list[tuple[list[str], list[str]]]:
    """Per part, in question order: (its answer lines, the additions an answer over its length
    gives up first). A sentence is quoted once: a later part it also answers adds its value to
    the lead already there ("18个高新区；37所高校。[1]"), or nothing when it has none."""
    blocks: list[tuple[list[str], list[str]]] = []
    quoted: dict[str, int] = {}  # a sentence → the block that quotes it
    leads: dict[int, list[str]] = {}  # a block → the leads its first line gives
    listed: set[int] = set()  # blocks that list a list whole (no lead to add to)
    said: set[str] = set()  # every sentence quoted so far, additions included
    for answer in answers:
        if not isinstance(answer, PartAnswer):
            blocks.append((answer(head, book, words), []))
        elif not answer.answered:
            blocks.append(([message("focused.part_missing", words.lang,
                                    part=_asked(answer.part.text))], []))
        elif (at := _quoting(quoted, blocks, answer)) is not None:
            lead = _lead(answer, words.lang)
            if lead and at in leads and lead not in leads[at] and at not in listed:
                _add_lead(blocks[at][0], lead, bool(leads[at]), words.lang)
                leads[at].append(lead)
        else:
            at = quoted[answer.best.unit.text] = len(blocks)
            lead = _lead(answer, words.lang)
            leads[at] = [lead] if lead else []
            if lists_whole(answer):
                listed.add(at)
            answer.more = [m for m in answer.more if m.unit.text not in said]
            said.update(u.unit.text for u in (answer.best, *answer.more))
            for _, extras in blocks:  # an earlier part's addition this part quotes as its answer
                extras[:] = [line for line in extras if answer.best.unit.text not in line]
            blocks.append(part_lines(answer, book, words))
    return blocks


def _quoting(quoted: dict[str, int], blocks: list[tuple[list[str], list[str]]],
             answer: PartAnswer) -> int | None:
    """The block that already quotes this part's sentence: the one that chose it, else one
    whose quote holds it (an earlier part quoted its whole paragraph: "…设立理事会。工作节奏
    是：每月会商…")."""
    text = answer.best.unit.text
    if text in quoted:
        return quoted[text]
    return next((i for i, (lines, _) in enumerate(blocks) if any(text in line for line in lines)),
                None)


def _add_lead(lines: list[str], lead: str, has_lead: bool, lang: str) -> None:
    if has_lead:
        lines[0] = join_leads(lines[0], lead, lang)
    else:  # the earlier part was answered by the quote alone
        lines.insert(0, f"{lead}[{MARKER.findall(lines[0])[-1]}]")


def _lead(answer: PartAnswer, lang: str) -> str:
    return lead_line(answer.part, answer.best, lang, answer.focus)


def _names_a_value(ask: Ask) -> bool:
    """A part asking for a figure, a date or a name ("…报给谁？") asks for something of its
    own even when it names no concept of its own."""
    return needs_type(ask) or ask in (Ask.ORGANISATION, Ask.LOCATION)


def _reads_another_value(answer: PartAnswer, earlier: list, lang: str) -> bool:
    """The sentence an earlier part quoted also states this part's own value — a figure of the
    kind asked that the earlier leads do not already give — so it answers this part too."""
    best = answer.best
    if best is None or not best.typed or not best.spans or not _names_a_value(answer.part.ask):
        return False
    lead = _lead(answer, lang)
    return bool(lead) and all(
        _lead(a, lang) != lead for a in earlier
        if isinstance(a, PartAnswer) and a.best and a.best.unit.text == best.unit.text)


def _asked(part: str) -> str:
    """The part as a note names it: without the asker's introduction ("我在高校科研处管专利。")."""
    return _SELF_INTRO.sub("", part).strip(" ，,。；;") or part


def _absence_lines(answer: PartAnswer, book: CitationBook, words: Wording) -> list[str]:
    """The material says the thing asked about is not there: quote it, as a refusal."""
    unit = answer.absence.unit
    n = book.cite(unit.hit.chunk, unit.text)
    return [words.not_covered,
            f"{words.material_says} {words.source_line(unit.hit.chunk)}{unit.text}[{n}]"]


def _compare_line(answer: PartAnswer, book: CitationBook, words: Wording) -> str:
    """"《title》（第十二条）：不低于百分之七十 — “…quote…”[n]"."""
    best = answer.best
    assert best is not None
    unit: Unit = best.unit
    quote = quotable(unit.text, best.spans)
    n = book.cite(unit.hit.chunk, quote)
    lead = lead_line(answer.part, best, words.lang).strip().rstrip("。")
    head = words.source_line(unit.hit.chunk)
    return f"- {head}{lead} — {quote}[{n}]" if lead else f"- {head}{quote}[{n}]"


def _pairings_of_named(result: RetrievalResult, kb) -> list[ScoredChunk]:
    """Every pairing row of the zone or university the question names, whether or not
    retrieval ranked it ("扬州高新区的结对高校是哪几所" has two rows, both needed)."""
    pairings = kb.pairings()
    rows: list[ScoredChunk] = []
    for entity in result.query.entities:
        if entity.kind == "zone" and (zone := pairings.resolve_zone(entity.name)):
            found = pairings.universities_of(zone)
        elif entity.kind == "university" and (school := pairings.resolve_university(entity.name)):
            found = pairings.zones_of(school)
        else:
            continue
        rows += [ScoredChunk(chunk=p.row, score=1.0) for p in found]
    return rows


_LIST_PASSAGE = re.compile(r"[：:]\s*\n\s*(?:[（(][一二三四五六七八九十\d]|\d+[.、．])")
# The shape a definition or a list answer takes: (which units fit, which passages hold them)
_SHAPES = {
    Ask.DEFINITION: (lambda u: bool(cue("definition").search(u.text)), cue("definition")),
    Ask.LIST: (announces_list, _LIST_PASSAGE),
}


def _first_of_each(rows: list[ScoredChunk]) -> list[ScoredChunk]:
    """The rows in order, each once (a named pairing that retrieval also found stays first)."""
    seen: dict[str, ScoredChunk] = {}
    for row in rows:
        seen.setdefault(row.chunk.id, row)
    return list(seen.values())


def _dominant(evidence: Evidence) -> str:
    """The document the top passages all come from, when they agree (retrieval is then sure
    what the question is about, though the question does not name it)."""
    return _only({h.chunk.source for h in evidence.hits[:DOMINANT_TOP]})


def _only(sources: set[str]) -> str:
    return next(iter(sources)) if len(sources) == 1 else ""


def _needs(result: RetrievalResult, kb) -> Needs:
    analysis = result.query
    named = tuple(tuple(dict.fromkeys(fold(f) for f in (e.name, e.alias) if f))
                  for e in analysis.entities)
    return Needs(years=tuple(analysis.years),
                 find=kb.entity_index().find if kb is not None else None,
                 known=frozenset(e.name for e in analysis.all_entities), named=named,
                 said_before=fold(getattr(analysis, "previous_answer", "")))


def _about_rows(part, intent: Intent) -> bool:
    """The part the catalog rows answer ("哪所高校能帮…", "和哪些高校结对"); a count ("联合了
    几所结对高校") is for the documents, which report totals the lists may not hold."""
    return classify(part.text) is intent and part.ask is not Ask.NUMBER


def _without_named(groups: list[TermGroup], scope: Scope) -> list[TermGroup]:
    """A document's name is answered by the scope itself (the passages come from it, or it is
    reported missing): it is not a concept the quoted sentence must contain."""
    named = [fold(n) for n in scope.named]
    if not named:
        return groups
    document_word = pattern("scope.document_words")
    return [g for g in groups
            if not any(f in n or n in f for f in g.forms for n in named)
            and g.label not in named  # "the national law": named in English
            and not document_word.fullmatch(g.label)]


def _within_length(blocks: list[tuple[list[str], list[str]]]) -> list[str]:
    """Each part's answer, with as many of its additions (further sentences, further rows) as
    keep the whole under ANSWER_MAX characters — the last part's last additions go first; if
    that is not enough, the last parts themselves (the first part always stays)."""
    keep = [len(extras) for _, extras in blocks]
    parts = len(blocks)

    def text() -> list[str]:
        return _dedupe([line for (lines, extras), k in zip(blocks[:parts], keep, strict=False)
                        for line in [*lines, *extras[:k]]])

    def too_long() -> bool:
        return sum(len(line) + 1 for line in text()) > ANSWER_MAX

    while too_long() and any(keep):
        last = max(i for i, k in enumerate(keep) if k)
        keep[last] -= 1
    while too_long() and parts > 1:
        parts -= 1
    return text()


def _titles(hits) -> str:
    return "；".join(f"《{t}》" for t in dict.fromkeys(h.chunk.title for h in hits))


def _dedupe(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


__all__ = ["ExtractiveComposer"]
