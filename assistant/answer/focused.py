"""Focused extractive answers: the thing asked for first, then the sentence that states it.

For each part of the question ("文号是什么？哪天印发的？" has two) the best answer unit is chosen
(`units.score_units`); a part is answered only when one unit (with its context) covers the
question's key concepts and, where the part asks for a figure or a date, holds one. The lead is
the extracted span ("不低于百分之七十"; in English "At least 70% (不低于百分之七十)"), then the
quote with its document and locator. Parts that find nothing say so; a question no part of which
is covered is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from enum import Enum

from assistant.answer.citations import MARKER, CitationBook
from assistant.answer.evidence import TermGroup, coverage_of, names_by_shape, synonyms_of
from assistant.answer.spans import Span, cue, names_day, to_english
from assistant.answer.units import (
    ITEM,
    Scored,
    Unit,
    announces_list,
    clause_around,
    in_list,
    names_doer,
    needs_type,
    score_units,
    states_absence,
)
from assistant.answer.wording import Wording
from assistant.catalog.rows import Row
from assistant.phrasing import message, pattern, table
from assistant.retrieval.asks import Ask, QuestionPart, english_kind_words
from assistant.retrieval.intent import asked_entity_kind
from assistant.text.normalize import fold
from assistant.text.sentences import sentences

LEAD_IN_MAX = 80  # characters of a list's lead-in quoted above one of its items
ROWS_COUNTED_MAX = 8  # table rows counted as an answer; more may lie beyond what was retrieved
ROW_NAME_MAX = 20  # characters of a cell shown as the name of a counted row
QUOTE_MAX = 160  # characters of one quoted sentence before it is cut to its clauses
ITEM_MAX = 90  # characters of one list item
MAX_ITEMS = 15
CANDIDATES = 40  # best-scored units looked at for one part
MAX_MORE = 2  # further sentences one part may quote
MAX_MORE_ROWS = 4  # further catalog rows as relevant as the first
ROW_SHARE = 0.95
EARLIER_SHARE = 0.5  # of its weight a concept of the first part keeps for a later part
COMPLEMENT_SHARE = 0.8  # of the chosen sentence's coverage a further sentence must reach
_CLAUSE = re.compile(r"(?<=[，,；;：:])")
_ITEM_CLAUSE = re.compile(r"(?<=[；;。])")


class Verdict(Enum):
    """What one candidate sentence does for a question part."""

    ANSWERS = "answers"
    ABSENCE = "absence"  # covers the part and says the thing is not there
    NONE = "none"


@dataclass(frozen=True)
class Gate:
    """When a sentence may answer: shares (0–1) of the question's concepts, IDF-weighted.

    `sentence`: concepts the sentence and its context cover; `own`: of the concepts a part of a
    multi-part question adds itself. Chosen with benchmarks/calibrate_refusal.py on the shipped
    corpus only (a check over the top passages together, as before, changed nothing there and
    was dropped).
    """

    sentence: float = 0.3
    own: float = 0.34


@dataclass(frozen=True)
class Needs:
    """What any answer must also hold, whatever the part asks: the years the question names,
    and a name of the kind it asks for ("哪所高校" needs a university the question did not name).
    """

    years: tuple[str, ...] = ()
    find: Callable[[str], list] | None = None  # the KB's entity recogniser
    known: frozenset[str] = frozenset()  # entities the question itself names
    named: tuple[tuple[str, ...], ...] = ()  # each named entity's folded spellings
    said_before: str = ""  # the conversation's last answer, folded: a follow-up asking the same
    # kind of value again ("And the department — by when…?") wants one not given already

    def repeats(self, candidate: Scored) -> bool:
        """The candidate's values were all given in the last answer, in the same sentence."""
        spans = candidate.spans
        return bool(self.said_before and spans and fold(candidate.unit.text) in self.said_before
                    and all(fold(s.text) in self.said_before for s in spans))

    def met_by(self, unit: Unit, part: QuestionPart) -> bool:
        about = f"{unit.folded} {unit.context}"
        if any(year in part.text and year not in about for year in self.years):
            return False
        # a zone, university or city the question names must be what the sentence is about
        if any(not any(form in about for form in forms) for forms in self.named):
            return False
        kind = asked_entity_kind(part.text)
        if kind is None or self.find is None:
            return True
        # zones are named after their city or district ("与建邺、宿迁两个高新区共建")
        kinds = {kind, "city"} if kind == "zone" else {kind}
        if any(e.kind in kinds and e.name not in self.known for e in self.find(unit.text)):
            return True
        asked = set(names_by_shape(part.text, kind))
        return any(name not in asked for name in names_by_shape(unit.text, kind))


@dataclass
class PartAnswer:
    part: QuestionPart
    best: Scored | None  # None: nothing covers this part
    absence: Scored | None = None  # a covering sentence that says the thing is not there
    more: list[Scored] = field(default_factory=list)  # sentences adding what `best` lacks
    focus: tuple[TermGroup, ...] = ()  # the part's own concepts, to show where a list item
    # longer than a line says them
    counted: tuple[str, ...] = ()  # "有几个校区" over table rows: the things the rows name

    @property
    def answered(self) -> bool:
        return self.best is not None


def answer_part(part: QuestionPart, scored: list[Scored], needs: Needs = Needs(),
                gate: Gate = Gate(), source: str = "") -> PartAnswer:
    """The best unit that covers the part's concepts, holds the value asked for, and meets the
    question's other needs (its years, the kind of name it asks for).

    `source` is the document an earlier part of the question was answered from: there the
    shared subject is settled, and a sentence need only cover what this part adds.
    """
    absence = None
    repeated: Scored | None = None  # the sentence the last answer quoted, should nothing else do
    for candidate in scored[:CANDIDATES]:
        verdict = _verdict(candidate, part, needs, gate, source)
        if verdict is Verdict.ABSENCE:
            absence = absence or candidate
        if verdict is not Verdict.ANSWERS:
            continue
        if needs_type(part.ask) and needs.repeats(candidate):
            repeated = repeated or candidate
            continue
        if repeated is not None and _asked_again(part, repeated, candidate):
            candidate = repeated
        return _answered(part, candidate, scored, needs, gate, source)
    if repeated is not None:
        return _answered(part, repeated, scored, needs, gate, source)
    rows = _counted_rows(part, scored, gate)
    if rows:
        return PartAnswer(part, rows[0][0], more=[c for c, _ in rows[1:]],
                          counted=tuple(name for _, name in rows))
    return PartAnswer(part, None, absence)


def _answered(part: QuestionPart, candidate: Scored, scored: list[Scored], needs: Needs,
              gate: Gate, source: str) -> PartAnswer:
    candidate = _in_order(candidate, scored, part, needs, gate, source)
    return PartAnswer(part, candidate, more=_complements(candidate, scored, needs, gate, part))


def _asked_again(part: QuestionPart, repeated: Scored, new: Scored) -> bool:
    """The follow-up asks for the value already given ("那高校的年度报告到底是几月几号前提交？"):
    the sentence that gave it says a word of the follow-up's own that the new one does not, and
    the new one says none the old did not."""
    asked = fold(part.text)

    def own(labels: frozenset[str]) -> bool:
        return any(label.lower() in asked for label in labels)

    return own(repeated.said - new.said) and not own(new.said - repeated.said)


def _counted_rows(part: QuestionPart, scored: list[Scored], gate: Gate
                  ) -> list[tuple[Scored, str]]:
    """"南京航空航天大学有几个校区？" over a table with a row per campus: no cell holds the count,
    the rows are it. The rows that cover the question and name a thing of the counted kind
    ("江宁校区") and cover as much of it as the best of them, each with that name; none when
    they name the same thing twice."""
    if part.ask is not Ask.NUMBER or not part.counted:
        return []
    found: list[tuple[Scored, str]] = []
    for candidate in scored[:CANDIDATES]:
        unit = candidate.unit
        if (not unit.is_row or candidate.coverage < gate.sentence or candidate.own < gate.own
                or not candidate.said):
            continue
        name = _value_naming(Row(unit.hit.chunk).columns.values(), part.counted)
        if name:
            found.append((candidate, name))
    # only the rows that say all the others do ("南京航空航天大学" and a campus, not just a campus)
    best = max((c.coverage for c, _ in found), default=0.0)
    found = [(c, name) for c, name in found if c.coverage >= best - 1e-9]
    names = [name for _, name in found]
    if len(set(names)) < len(names) or len(found) >= ROWS_COUNTED_MAX:
        return []  # the same thing twice, or so many rows that retrieval may have cut some
    return found


def _value_naming(values: Collection[str], noun: str) -> str:
    """The cell whose value names a thing of the kind ("江宁校区" for 校区); a column label is
    never one (the loader keeps labels apart from values)."""
    return next((value.strip() for value in values
                 if noun in value and value.strip() != noun and len(value.strip()) <= ROW_NAME_MAX),
                "")


def _verdict(candidate: Scored, part: QuestionPart, needs: Needs, gate: Gate,
             source: str) -> Verdict:
    """Whether the candidate answers the part, covers it but says the thing is not there, or
    neither."""
    same_document = candidate.unit.hit.chunk.source == source
    if (candidate.coverage < gate.sentence and not same_document) or (
            candidate.own < gate.own):
        return Verdict.NONE
    if needs_type(part.ask) and not candidate.typed:
        return Verdict.NONE
    if part.wants_day and not any(names_day(s) for s in candidate.spans):
        return Verdict.NONE
    if part.acted and not any(part.acted in label for label in candidate.said):
        return Verdict.NONE  # "whose approval": a sentence not saying who approves names no one
    if part.ask is Ask.DOCUMENT_NUMBER and not _states_number_of(part, candidate.unit):
        return Verdict.NONE  # a number cited in passing is another document's ("为落实…28号")
    if (part.ask is not Ask.YES_NO and not (needs_type(part.ask) and candidate.typed)
            and states_absence(candidate.unit, part.text)):
        return Verdict.ABSENCE
    return Verdict.ANSWERS if needs.met_by(candidate.unit, part) else Verdict.NONE


def _in_order(best: Scored, scored: list[Scored], part: QuestionPart, needs: Needs,
              gate: Gate, source: str) -> Scored:
    """For "when was it most recently amended" (or "first passed"), of the sentences of the same
    document that answer as well as the best one, the latest (earliest) date, which the lead
    then names: a statute's header lists each revision in a line of its own, or all in one."""
    if part.ask is not Ask.DATE:
        return best
    latest = bool(pattern("asks.latest").search(part.text))
    if not latest and not pattern("asks.earliest").search(part.text):
        return best
    document = best.unit.hit.chunk.source
    tied = [c for c in scored[:CANDIDATES] if c.unit.hit.chunk.source == document
            and c.coverage >= best.coverage and c.own >= best.own
            and _verdict(c, part, needs, gate, source) is Verdict.ANSWERS]
    dated = [(day, span, c) for c in tied for span in c.spans
             if (day := _sortable_day(span.text))]
    if not dated:
        return best
    day, span, chosen = (max if latest else min)(dated, key=lambda d: d[0])
    return replace(chosen, spans=[span])


def _sortable_day(text: str) -> str:
    """"2016年9月2日" → "2016-09-02"; "" for a date without a year ("公布之日", "3月底")."""
    day = to_english(text, Ask.DATE)
    return day if re.match(r"\d{4}", day) else ""


def _states_number_of(part: QuestionPart, unit: Unit) -> bool:
    """The sentence gives a number as the one asked for: it says "文号", or it cites the kind
    of document the part asks about ("…的请示（国科发高〔2018〕235号）收悉")."""
    if pattern("asks.document_number").search(unit.text):
        return True
    kind = part.numbered_kind
    referenced = bool(kind) and not unit.hit.chunk.title.endswith(kind)  # not this document
    return referenced and kind in unit.text


def _complements(best: Scored, scored: list[Scored], needs: Needs, gate: Gate,
                 part: QuestionPart) -> list[Scored]:
    """Sentences that name concepts of the question the chosen ones do not (a question about
    "organisation and funding" is answered by two sentences), each nearly as relevant."""
    said = set(best.said)
    more: list[Scored] = []
    rows = best.unit.is_row
    for candidate in scored[:CANDIDATES]:
        if len(more) >= (MAX_MORE_ROWS if rows else MAX_MORE):
            break
        if candidate is best or needs.repeats(candidate):
            continue  # …nor what the last answer of the conversation already said
        if rows:  # further rows about the same thing (a university's other campuses)
            if candidate.unit.is_row and candidate.coverage >= best.coverage * ROW_SHARE and (
                    needs.met_by(candidate.unit, part)):
                more.append(candidate)
            continue
        if not candidate.said - said and not _continues(candidate, best, part):
            continue
        if candidate.unit.hit.chunk.source != best.unit.hit.chunk.source:
            continue  # one answer, one document: others are for comparisons
        if part.ask not in (Ask.FACT, Ask.SUMMARY) and not candidate.typed:
            continue  # a date, figure or name asked for: a sentence without one adds nothing
        related = candidate.coverage >= COMPLEMENT_SHARE * best.coverage
        if not related or candidate.unit.text == best.unit.text:
            continue
        if states_absence(candidate.unit, part.text) or not needs.met_by(candidate.unit, part):
            continue
        more.append(candidate)
        said |= candidate.said
    return more


def _continues(candidate: Scored, best: Scored, part: QuestionPart) -> bool:
    """The clause right after the chosen one, in the same passage, gives the value asked for
    in another case ("处十万元以上一百万元以下的罚款；情节严重的，处五十万元以上…"): the rule goes
    on there, so it names no concept of its own."""
    unit, chosen = candidate.unit, best.unit
    return (needs_type(part.ask) and candidate.typed and unit.hit is chosen.hit
            and unit.index == chosen.index + 1 and bool(cue("condition_clause").search(unit.text))
            and {s.text for s in candidate.spans}.isdisjoint(s.text for s in best.spans))


def own_groups(part: QuestionPart, groups: list[TermGroup]) -> list[TermGroup]:
    """The concepts this part names itself (an English part names them by their English label,
    the forms being the Chinese words the documents use)."""
    folded = fold(part.text)
    return [g for g in groups if not g.inherited
            and (g.label in folded or any(f in folded for f in g.forms))]


def rank_for(part: QuestionPart, units: list[Unit], groups: list[TermGroup],
             parts: list[QuestionPart], prefer_source: Collection[str] = ()) -> list[Scored]:
    mine = without_type_words(groups, part.ask)
    kind = _kind_forms(part.named_kind)
    if kind:  # "what is the award called": a name of that kind covers the word
        mine = [g for g in mine if g.label != part.named_kind and not set(g.forms) & set(kind)
                and g.label not in kind]
    own = own_groups(part, mine) if len(parts) > 1 else []
    if own:  # what a later part asks about ("…后来什么时候修正的") is not this part's concern;
        # the first part's words stay (it names the subject the others refer to: "its …")
        theirs = {g.label for p in parts[1:] if p is not part for g in own_groups(p, mine)}
        mine = [g for g in mine if g.label not in theirs or g in own]
        if part is not parts[0]:  # …but what the first part asks is that part's: half
            mine = [g if g in own else replace(g, weight=g.weight * EARLIER_SHARE)
                    for g in mine]
    counted = part.counted_forms if part.ask is Ask.NUMBER else ()
    return score_units(units, mine, own, part.ask, prefer_source, part.count, counted,
                       part.measure, penalties=bool(pattern("asks.count.penalty").search(
                           part.text)), named=kind,
                       question=" ".join(p.text for p in parts))


def _kind_forms(kind: str) -> tuple[str, ...]:
    """The words documents use for a kind of thing named in the question ("platform" → 平台)."""
    if not kind:
        return ()
    return english_kind_words(kind) if kind.isascii() else synonyms_of(kind)


def without_type_words(groups: list[TermGroup], ask: Ask) -> list[TermGroup]:
    """"哪个部门" is answered by a department's name: the word naming the kind of answer is not
    a concept the sentence must contain (assistant/data/words.toml, ask_type_words)."""
    kinds = table("words.toml", "ask_type_words")
    if ask.value not in kinds:
        return groups
    words = set(kinds[ask.value].split())
    return [g for g in groups if g.label not in words and not set(g.forms) & words]


def asks_own(part: QuestionPart, groups: list[TermGroup]) -> bool:
    """Whether the part names a concept of its own ("各自大概是什么意思" does not: it asks more
    about what the part before it found)."""
    return bool(own_groups(part, without_type_words(groups, part.ask)))


# --- writing ---------------------------------------------------------------------------------
def part_lines(answer: PartAnswer, book: CitationBook,
               words: Wording) -> tuple[list[str], list[str]]:
    """The lead (the value asked for) and the quote that states it, both cited; then the
    further sentences or rows that add to it (which an answer over its length gives up first)."""
    best = answer.best
    assert best is not None
    unit = best.unit
    if lists_whole(answer):
        return list_lines(unit, book, words, answer.focus), []
    quote = _with_paragraph(unit, quotable(unit.text, best.spans, _prose_focus(answer, unit)),
                            _paragraph_mode(answer.part, unit))
    quote = _under_lead_in(unit, quote)
    n = book.cite(unit.hit.chunk, quote)
    lead = lead_line(answer.part, best, words.lang, answer.focus)
    if answer.counted:
        lead = message("focused.counted_rows", words.lang, n=len(answer.counted),
                       names=("、" if words.lang == "zh" else ", ").join(answer.counted))
    lines = [f"{lead}[{n}]"] if lead else []
    lines.append(f"{words.source_line(unit.hit.chunk)}{quote}[{n}]")
    extras = []
    for extra in answer.more:
        chunk = extra.unit.hit.chunk
        text = _with_paragraph(extra.unit, quotable(extra.unit.text, extra.spans,
                                                    _prose_focus(answer, extra.unit)),
                               _paragraph_mode(answer.part, extra.unit))
        m = book.cite(chunk, text)
        same = chunk.title == unit.hit.chunk.title
        extras.append(f"{words.source_line(chunk, short=same)}{text}[{m}]")
    return lines, extras


def _prose_focus(answer: PartAnswer, unit: Unit) -> tuple[TermGroup, ...]:
    """The concepts a long sentence's quote is centred on; none for a catalog row, whose first
    fields say which row it is."""
    return () if unit.hit.chunk.doc_type == "catalog" else answer.focus


def _paragraph_mode(part: QuestionPart, unit: Unit) -> str:
    """How much of its paragraph a quote takes: "after" for "how is it organised" (a mechanism)
    and "what scale has it reached" (a size in several figures); "whole" for a list question a
    sentence of prose answers ("要做哪些事": the duties its paragraph names, before and after it);
    "" for one value, one sentence."""
    if part.ask is Ask.LIST:
        return "" if in_list(unit) else "whole"
    manner = part.ask is Ask.FACT and bool(pattern("asks.manner").search(part.text))
    return "after" if part.asks_scale or manner else ""


def _under_lead_in(unit: Unit, quote: str) -> str:
    """An item of a list quoted with the line that introduces it: "（四）专为科学研究和实验而
    使用有关专利的；" says nothing until "有下列情形之一的，不视为侵犯专利权：" stands before it."""
    lead = unit.lead_in.strip()
    if (unit.heads or not in_list(unit) or not ITEM.match(unit.text)
            or not lead.endswith(("：", ":")) or fold(lead) in fold(quote)):
        return quote  # a heading over items ("二、主要任务") introduces nothing to quote, nor
        # does a list's lead-in to the paragraph after its items ("未约定的，…")
    lead = [s for s in sentences(lead) if s.strip()][-1].strip()  # the clause that introduces
    if len(lead) > LEAD_IN_MAX:
        lead = "…" + lead[-LEAD_IN_MAX:]  # its end says what the items are
    return f"{lead}{quote}"


def _with_paragraph(unit: Unit, quote: str, mode: str) -> str:
    """The quote with the sentences after it in its paragraph ("…成立工作专班。工作节奏是：每月
    会商、每季度评估…"), and for "whole" those before it too ("…形成成果转化清单；国家高新区…
    举办路演…"), up to the length of one quote."""
    if not mode or quote != unit.text:
        return quote
    if mode == "whole":
        for sentence in reversed(sentences(unit.before)):
            if len(quote) + len(sentence) > QUOTE_MAX:
                break
            quote = sentence + quote
    for sentence in sentences(unit.after):
        if len(quote) + len(sentence) > QUOTE_MAX:
            break
        quote += sentence
    return quote


def lead_line(part: QuestionPart, best: Scored, lang: str,
              asked: tuple[TermGroup, ...] = ()) -> str:
    """The answer itself: the span in the question's language, or yes/no, or nothing (the quote
    then is the answer). A count keeps the noun it counts when that follows it ("51个“对子”"),
    so that several counts read from one sentence say which is which. `asked`: the concepts the
    part names, which a name answering "who built the centre" is not."""
    ask = part.ask
    if ask is Ask.YES_NO:
        return _yes_no(best.unit.text, lang)
    if not best.spans:
        return ""
    spans = best.spans
    if ask is Ask.ORGANISATION:
        # "哪个部门": a department, not the zone the sentence is about; none, no lead
        if (ends := _name_ends_asked(part.text)) is not None:
            spans = [s for s in spans if ends.search(s.text)]
        if part.asks_recipient:  # "报给谁": whom it goes to
            spans = [s for s in spans if _receives(s, best.unit.text)] or spans
        if not spans:
            return ""
    span = _best_span(spans, ask, best.focus, asked, best.unit.text)
    counted = part.counted_forms if ask is Ask.NUMBER else ()
    said = _with_counted_noun(span, best.unit.text, counted)
    if lang == "en":
        english = to_english(span.text, ask)
        shown = f"{english} ({said})" if english != said else said
        return shown[:1].upper() + shown[1:] + " "
    return said + "。"


def _name_ends_asked(question: str) -> re.Pattern[str] | None:
    """How names of the kind the question asks for end ("哪个部门" a department, "哪所大学" a
    university; table `organisation_kinds`), or None when it names no kind."""
    for kind in table("patterns.toml", "organisation_kinds").values():
        if re.search(kind["asked"], question, re.IGNORECASE):
            return re.compile(f"(?:{kind['name_ends']})(?:[（(][^）)]*[)）])?$")
    return None


def _receives(span: Span, text: str) -> bool:
    """The name stands where a filing goes: after 向/给/报送/提交 ("向其主管部门报送")."""
    return bool(cue("recipient_before").search(text[max(0, span.start - 4) : span.start]))


def join_leads(first: str, lead: str, lang: str) -> str:
    """Two values read from one sentence, in one lead line: "18个高新区；37所高校。[1]"."""
    marker = next((m for m in MARKER.finditer(first) if m.end() == len(first)), None)
    head, tail = (first[: marker.start()], marker.group()) if marker else (first, "")
    if lang == "en":
        return f"{head.rstrip()}; {lead[:1].lower()}{lead[1:].rstrip()} {tail}".rstrip()
    return f"{head.rstrip('。')}；{lead}{tail}"


def _with_counted_noun(span: Span, text: str, nouns: tuple[str, ...]) -> str:
    after = text[span.end:]
    bare = after.lstrip("“”\"'「」")
    for noun in sorted(nouns, key=len, reverse=True):
        if noun and bare.startswith(noun):
            end = len(after) - len(bare) + len(noun)
            closing = after[end:end + 1] if after[end:end + 1] in "”\"'」" else ""
            return span.text + after[:end] + closing
    return span.text


def _best_span(spans: list[Span], ask: Ask, focus: int,
               asked: tuple[TermGroup, ...] = (), text: str = "") -> Span:
    """The span nearest to where the sentence names the question's concepts ("每个设区市遴选
    1—2个高新区" answers "选几个高新区", not an earlier count in the same sentence); of names,
    the one that does what the question asks about (the name right before its verb), else the
    longest that is not what the question itself names."""
    if ask is Ask.ORGANISATION:
        doer = names_doer(text, spans, list(asked))
        if doer is not None:  # "…主管部门负责…" answers "哪个部门主管…", though its name says 主管
            return doer
        forms = [f for g in asked for f in g.forms]
        others = [s for s, name in ((s, fold(s.text)) for s in spans)
                  if not any(f in name for f in forms)]
        return max(others or spans, key=lambda s: len(s.text))
    if len(spans) > 1 and text and asked:  # "…通过，…修订": the value in the clause of the act
        forms = [f for g in asked for f in g.forms]
        in_clause = [s for s in spans
                     if any(f in fold(clause_around(text, s, "，,；;。（(", "，,；;。）)"))
                            for f in forms)]
        spans = in_clause or spans
    return min(spans, key=lambda s: (abs((s.start + s.end) // 2 - focus), s.start))


def _yes_no(text: str, lang: str) -> str:
    forbids = cue("forbids").search(text)
    permits = cue("permits").search(text)
    if forbids and (not permits or forbids.start() < permits.start()):
        return message("focused.no", lang, word=forbids.group(0))
    if permits:
        return message("focused.yes", lang, word=permits.group(0))
    return ""


def quotable(sentence: str, spans: list[Span], focus: Collection[TermGroup] = ()) -> str:
    """The sentence, or for a long one the clauses around the asked value; without a value,
    the run of clauses that says most of the question's concepts (`focus`), else its start."""
    if len(sentence) <= QUOTE_MAX:
        return sentence
    clauses = [c for c in _CLAUSE.split(sentence) if c]
    start = _densest_run(clauses, focus) if not spans else 0
    if start:
        whole = "".join(clauses[start:])
        text = _clauses_within(clauses[start:], QUOTE_MAX)[:QUOTE_MAX].rstrip("，,；;：:")
        return "…" + text + ("…" if whole[len(text):].strip("，,；;：:。 ") else "")
    if spans:
        offset, keep = 0, []
        for i, clause in enumerate(clauses):
            if offset <= spans[0].start < offset + len(clause):
                keep = clauses[max(0, i - 1) : i + 2]
                break
            offset += len(clause)
        text = "".join(keep) if keep else sentence[:QUOTE_MAX]
    else:
        text = _clauses_within(clauses, QUOTE_MAX)
    shown = text[:QUOTE_MAX].rstrip("，,；;：:")
    return shown + ("…" if len(shown) < len(sentence.rstrip("。；; ")) else "")


def _clauses_within(clauses: list[str], limit: int) -> str:
    """The first clauses that fit in `limit` characters (at least one)."""
    text = ""
    for clause in clauses:
        if len(text) + len(clause) > limit and text:
            break
        text += clause
    return text


def _densest_run(clauses: list[str], focus: Collection[TermGroup]) -> int:
    """Where the run of clauses that fits in a quote and names the most of `focus` (by weight)
    starts; 0 when the sentence's start says as much. A long sentence often names its subject
    first and the rule asked about later ("…，落实“科研人员在履行好岗位职责…兼职并取得合法
    报酬”的规定"): quoting its start would drop the part that answers."""
    def said(k: int) -> float:
        text = fold(_clauses_within(clauses[k:], QUOTE_MAX))
        return sum(g.weight for g in focus if any(form in text for form in g.forms))

    if not focus:
        return 0
    scores = [said(k) for k in range(len(clauses))]
    best = max(range(len(clauses)), key=lambda k: (scores[k], -k))
    return best if scores[best] > scores[0] else 0


def list_lines(unit: Unit, book: CitationBook, words: Wording,
               focus: tuple[TermGroup, ...] = ()) -> list[str]:
    """A list the question asked for: its lead-in, then one line per item (a long item cut to
    its start and the clause that names what the question asks about)."""
    chunk = unit.hit.chunk
    lead = (unit.text if unit.heads else _last_sentence(unit.lead_in)).lstrip("，,；;。、 ")
    items = [_shorten(item, ITEM_MAX, focus) for item in unit.items[:MAX_ITEMS]]
    snippet = "\n".join([lead, *unit.items[:MAX_ITEMS]])
    n = book.cite(chunk, snippet)
    lines = [f"{words.source_line(chunk)}{lead}[{n}]"]
    lines += [f"- {item}" for item in items]
    total = len(unit.items)
    for following, more in unit.continued:  # the list runs on over a page or passage break
        room = MAX_ITEMS - total
        total += len(more)
        if room <= 0:
            continue
        m = book.cite(following, "\n".join(more[:room]))
        shown = [f"- {_shorten(item, ITEM_MAX)}" for item in more[:room]]
        lines += [*shown[:-1], f"{shown[-1]}[{m}]"]  # one marker for the items from that passage
    if total > MAX_ITEMS:
        lines.append(message("focused.more_items", words.lang, rest=total - MAX_ITEMS))
    return lines


def lists_whole(answer: PartAnswer) -> bool:
    """The part will be answered with a list (its lead-in and items), not a sentence."""
    best = answer.best
    if best is None:
        return False
    listed = answer.part.ask in (Ask.LIST, Ask.NUMBER, Ask.DEFINITION) and in_list(best.unit)
    return listed or announces_list(best.unit)


def _last_sentence(text: str) -> str:
    found = sentences(text)
    return found[-1] if found else text


def _shorten(text: str, limit: int, focus: tuple[TermGroup, ...] = ()) -> str:
    """The item, or its start; when a later clause says more of what the question asks about
    ("…；二是产教融合平台，包括…"), its first clause and that one."""
    if len(text) <= limit:
        return text
    clauses = [c for c in _ITEM_CLAUSE.split(text) if c]
    shown = fold(clauses[0])
    rest = [g for g in focus if not any(f in shown for f in g.forms)]  # not said at its start
    if len(clauses) > 1 and rest:
        best = max(range(1, len(clauses)), key=lambda i: (coverage_of(fold(clauses[i]), rest), -i))
        if coverage_of(fold(clauses[best]), rest) > 0:
            return f"{_cut(clauses[0], limit // 2)}…{_cut(clauses[best], limit)}"
    return _cut(text, limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    stop = max(cut.rfind("，"), cut.rfind("；"), cut.rfind("。"))
    return (cut[: stop] if stop > limit // 2 else cut) + "…"
