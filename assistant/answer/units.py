"""Answer units: the sentences (and list items, and catalog rows) of the retrieved passages, each
with the context that tells what it is about, scored against one part of the question.

A focused answer quotes a sentence, not a passage. A sentence alone often lacks its subject — an
article's item "（一）…不低于百分之七十的比例" gets "奖励" from its lead-in and "北京市" from the
document title — so each unit carries that context, and coverage is judged on both.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache

from assistant.answer.evidence import TermGroup, coverage_of
from assistant.answer.spans import Span, cue, find_spans
from assistant.documents import Chunk
from assistant.phrasing import pattern, table
from assistant.retrieval.asks import Ask, article_number
from assistant.retrieval.types import ScoredChunk
from assistant.text.normalize import fold
from assistant.text.sentences import sentences

ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)")
_LEAD_IN = pattern("answer.list_lead")
_ENDED = re.compile(r"[。；;！!？?]\s*$")
_HEADING = re.compile(r"^#{1,6}\s+")  # a Markdown heading line
_SENTENCE_END = re.compile(r"[。！？!?]\s*$")
_ANNOUNCES = re.compile(r"[：:]\s*$")  # "…要达到：": what follows is its content
_MODIFIER_AFTER = re.compile(r"(?:以上|以下|左右|以内|之内|多|余|内)$")
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")
_CONDITION = re.compile(r"(?:没有|未|无|尚未)[^，,。；;]{0,16}的[，,]")
UNITS_FROM = 8  # passages whose sentences are considered
MIN_UNIT = 8  # characters: a shorter piece ("相关部门。") joins the sentence before it
ITEM_TITLE_MAX = 30  # characters: an item this short is a title whose body follows
W_OWN = 0.3  # the sentence itself covering a concept counts beyond its context covering it
W_TYPE = 0.25  # the sentence holds what the question asks for (a figure, a date …)
W_RANK = 0.15  # retrieval's own confidence, by rank
W_SAME_SOURCE = 0.2  # later parts of one question are answered from the same document
W_COUNT = 0.3
W_DOER = 0.2  # a name right before the act asked about ("哪个部门主管" → "X部门负责…")
COUNTED_AFTER = 12  # characters after a figure where the counted noun may stand …
COUNTED_BEFORE = 8  # … or before it, in the same clause


@dataclass
class Unit:
    """A quotable piece of a passage with what it is about."""

    hit: ScoredChunk
    rank: int
    text: str  # as written in the passage
    context: str  # folded title, headings and lead-in line
    lead_in: str = ""  # the line introducing a list this unit belongs to
    items: list[str] = field(default_factory=list)  # the list's items, when there is one
    index: int = 0  # position among the passage's units
    heads: bool = False  # the last sentence of a line that numbered items may follow
    folded: str = ""
    before: str = ""  # the sentences before it in its paragraph …
    after: str = ""  # … and after it (how a mechanism goes on, what else a list of duties says)
    # items of its list that run on into the passages after this one (a page or chunk break)
    continued: list[tuple[Chunk, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folded = fold(self.text)

    @property
    def item_count(self) -> int:
        """Items of its list, with those that run on into the next passages."""
        return len(self.items) + sum(len(more) for _, more in self.continued)

    @property
    def is_row(self) -> bool:
        return bool(self.hit.chunk.metadata.get("columns"))


@dataclass
class Scored:
    unit: Unit
    score: float
    coverage: float  # of the question part's concepts, sentence + context
    own: float  # of the part's own concepts (not the shared subject), sentence + context
    spans: list[Span]
    typed: bool  # holds what the part asks for
    focus: int = 0  # where in the sentence the question's concepts are (to pick a span)
    said: frozenset[str] = frozenset()  # labels of the concepts the sentence itself names
    named: bool = False  # names a thing of the kind whose name is asked ("…奖" for "叫啥名字")


def units_of(hits: list[ScoredChunk], limit: int = UNITS_FROM) -> list[Unit]:
    """Sentences of the top passages (a catalog row is one unit), in passage order."""
    units: list[Unit] = []
    for rank, hit in enumerate(hits[:limit]):
        chunk = hit.chunk
        context = fold(" ".join([chunk.title, *chunk.headings]))
        if chunk.metadata.get("columns"):
            units.append(Unit(hit, rank, chunk.text, context))
            continue
        units.extend(_passage_units(hit, rank, context))
    return units


_INLINE_ITEM = re.compile(r"(?<=[。；;：:])\s*(?=[（(][一二三四五六七八九十\d]{1,3}[)）])")


def _passage_units(hit: ScoredChunk, rank: int, context: str) -> list[Unit]:
    # items that PDF extraction ran together ("…三个“坚持”。（一）坚持…（二）…") get their lines
    lines = [piece.strip() for line in hit.chunk.text.split("\n")
             for piece in _INLINE_ITEM.split(line) if piece.strip()]
    units: list[Unit] = []
    lead_in = ""
    items: list[str] = []
    titled = False  # the last item is a title ("（一）坚持“双新领航”"): its body lines follow,
    # up to the one that ends a sentence
    outer: tuple[str, list[str]] | None = None  # the list a differently numbered one sits in
    previous = ""
    for line in lines:
        if _HEADING.match(line):  # a heading left inside the passage: context, not content
            lead_in, items, titled, outer = _HEADING.sub("", line), [], False, None
            previous = lead_in
            continue
        is_item = bool(ITEM.match(line)) and bool(lead_in)
        shape = _ordinal(line)[0] if is_item else ""
        if is_item and outer and outer[1] and shape == _ordinal(outer[1][0])[0]:
            lead_in, items = outer  # "（三）…" after "（二）… 1. … 2. …": back to the outer list
            outer = None
            items.append(line)
            titled = is_title(line)
        elif is_item and items and shape != _ordinal(items[0])[0]:
            # numbered differently ("1." under "（四）…"): a list within the item, headed by the
            # line before it
            outer = (lead_in, items)
            lead_in, items = previous, [line]
            titled = is_title(line)
        elif is_item:
            items.append(line)
            titled = is_title(line)
        elif items and titled and not _ANNOUNCES.search(line):
            items[-1] = f"{items[-1]} {line}"
            titled = not _SENTENCE_END.search(line)  # "扩大合作。" ends the item's body
            is_item = True
        else:  # any line may head the numbered items that follow it; one announcing a list
            # ("到2030年要达到：") inside an item keeps the list it sits in to return to
            outer = (lead_in, items) if items and _ANNOUNCES.search(line) else None
            lead_in, items = line, []
        sentences_of_line = _whole_sentences(line)
        for i, sentence in enumerate(sentences_of_line):
            unit_context = f"{context} {fold(lead_in)}" if is_item else context
            # its neighbours in the paragraph: "没有违法所得的，处以…罚款" needs the clause before
            neighbours = sentences_of_line[max(0, i - 1) : i] + sentences_of_line[i + 1 : i + 2]
            unit_context += " " + fold(" ".join(neighbours))
            heads = not is_item and i == len(sentences_of_line) - 1
            units.append(Unit(hit, rank, sentence, unit_context, lead_in, items, len(units),
                              heads=heads, before="".join(sentences_of_line[:i]),
                              after="".join(sentences_of_line[i + 1 :])))
        previous = line
    return units


def _whole_sentences(line: str) -> list[str]:
    """Sentences of a line, a fragment too short to say anything joined to the one before."""
    out: list[str] = []
    for sentence in sentences(line):
        if out and len(sentence) < MIN_UNIT:
            out[-1] += sentence
        else:
            out.append(sentence)
    return out


def ends_passage(unit: Unit) -> bool:
    """The unit's list — or the line announcing one — is the last thing in its passage: the
    list may go on (or begin) in the next one."""
    lines = [line.strip() for line in unit.hit.chunk.text.splitlines() if line.strip()]
    if not lines:
        return False
    if unit.items:
        return lines[-1] in unit.items[-1]
    return unit.heads and lines[-1].endswith(unit.text.strip()) and bool(
        _ANNOUNCES.search(unit.text) or _LEAD_IN.search(unit.text))


def last_lists(units: list[Unit]) -> list[list[Unit]]:
    """Per passage, the units of the list (or list head) it ends with, if it ends with one."""
    by_hit: dict[str, list[Unit]] = {}
    for unit in units:
        by_hit.setdefault(unit.hit.chunk.id, []).append(unit)
    ending = []
    for group in by_hit.values():
        last = group[-1]
        if ends_passage(last):
            ending.append([u for u in group if u.items is last.items])
    return ending


def continued_items(unit: Unit, following: list[Chunk]) -> list[tuple[Chunk, list[str]]]:
    """The items of the unit's list found in the passages after its own, numbered on from its
    last item ("（二）…" then "（三）…" on the next page, or as the next passage's heading), or
    from 1 when the passage ends with the line that announces them ("…的“五个一”是：")."""
    if not ends_passage(unit):
        return []
    shape, number = _ordinal(unit.items[-1]) if unit.items else ("", 0)
    found: list[tuple[Chunk, list[str]]] = []
    for chunk in following:
        head = [h for h in chunk.headings[-1:]
                if ITEM.match(h) and h not in unit.hit.chunk.headings]  # an item as heading
        lines = [*head, *(line.strip() for line in chunk.text.splitlines() if line.strip())]
        items: list[str] = []
        titled = bool(found) and is_title(found[-1][1][-1].split(" ", 1)[0])
        for line in lines:
            numbered, ordinal = _ordinal(line)
            if ITEM.match(line) and ordinal == number + 1 and numbered == (shape or numbered):
                shape = numbered
                items.append(line)
                titled = is_title(line)
                number += 1
            elif items and titled:
                items[-1] = f"{items[-1]} {line}"  # the body under an item's title
            else:
                break
        if not items:
            break
        found.append((chunk, items))
        if lines[-1] not in items[-1]:
            break  # the list ended inside this passage
    return found


def is_title(item: str) -> bool:
    """A short item line with no sentence end is a title; the lines under it are its body."""
    return len(item) <= ITEM_TITLE_MAX and not _ENDED.search(item)


def _ordinal(item: str) -> tuple[str, int]:
    """An item's numbering style and number: "（三）坚持…" → ("（#）", 3)."""
    match = ITEM.match(item)
    if not match:
        return "", -1
    marker = match.group(0).strip()
    label = re.sub(r"[^一二三四五六七八九十\d]", "", marker)
    number = article_number(label) if label else None
    return re.sub(r"[一二三四五六七八九十\d]+", "#", marker), int(number) if number else -1


def in_list(unit: Unit) -> bool:
    """The sentence heads a list or is one of its items."""
    return unit.item_count >= 2 and (unit.heads or any(unit.text in item for item in unit.items))


def heads_list(unit: Unit) -> bool:
    """The sentence is followed by at least two numbered items (its list)."""
    return unit.heads and unit.item_count >= 2


def announces_list(unit: Unit) -> bool:
    """A sentence heading a list that says so ("…六项重点任务：", "以下三个“坚持”"): quoting it
    alone says nothing, its items are the content."""
    return heads_list(unit) and bool(_LEAD_IN.search(unit.text))


def score_units(units: list[Unit], groups: list[TermGroup], own: list[TermGroup],
                ask: Ask, prefer_source: Collection[str] = (), count: int | None = None,
                counted: tuple[str, ...] = (), measure: str = "",
                penalties: bool = True, named: tuple[str, ...] = (),
                question: str = "") -> list[Scored]:
    """Each unit scored for one question part, best first.

    score = coverage (sentence + context) + W_OWN · coverage by the sentence alone
            + W_TYPE when it holds what is asked + W_RANK / (1 + passage rank)
            + W_SAME_SOURCE when it comes from a preferred document (the one that answered the
              part before, or one of the jurisdiction the question names)
            + W_COUNT when it heads a list of as many items as the question expects ("哪三个")
            + W_DOER when a name stands right before the act asked about ("X部门负责…")
            + W_TYPE when it names a thing of the kind whose name is asked ("…奖", "叫啥名字")
    """
    scored = []
    for unit in units:
        spans = counting(find_spans(unit.text, ask), unit.text, counted, measure)
        if not penalties and ask in (Ask.AMOUNT, Ask.NUMBER):
            spans = [s for s in spans if not _is_penalty(s, unit.text)]
        typed = holds_asked(unit, ask, spans)
        whole = f"{unit.folded} {unit.context}"
        if typed and spans:  # a value of the asked kind covers the word naming that kind
            whole = f"{whole} {_value_names(ask.value)}"
        coverage = coverage_of(whole, groups)
        shaped = heads_list(unit) and (ask is Ask.LIST or (
            ask is Ask.DEFINITION and bool(cue("definition").search(unit.text))))
        doer = ask is Ask.ORGANISATION and names_doer(unit.text, spans, own or groups) is not None
        kind_named = bool(named) and names_kind(unit.text, named, question)
        score = (coverage + W_OWN * coverage_of(unit.folded, groups) + W_TYPE * typed
                 + W_TYPE * shaped + W_DOER * doer + W_TYPE * kind_named
                 + W_RANK / (1 + unit.rank)
                 + (W_SAME_SOURCE if unit.hit.chunk.source in prefer_source else 0.0)
                 + (W_COUNT if count and heads_list(unit) and unit.item_count == count else 0.0))
        said = frozenset(g.label for g in groups if any(f in unit.folded for f in g.forms))
        scored.append(Scored(unit, score, coverage, coverage_of(whole, own) if own else 1.0,
                             spans, typed, _focus(unit.folded, groups), said, kind_named))
    return sorted(scored, key=lambda s: (-s.score, s.unit.rank, s.unit.index))


def names_kind(text: str, kinds: tuple[str, ...], question: str = "") -> bool:
    """The sentence names something of the kind asked, other than what the question names:
    "设立山东优秀发明家奖", "“南京范式”", "“园易联”平台" (a word ending in the kind, or a quoted
    name with it; "“双高协同”模式" does not answer a question about 双高协同)."""
    asked = fold(question)
    for kind in map(re.escape, kinds):
        inside = rf"“([^”]{{1,20}}{kind})”"  # the whole quote is the name
        before = rf"“([^”]{{1,20}})”{kind}"  # the quote names what the kind describes
        # a word ending in the kind, not a phrase closing on it ("…等平台", "各类平台")
        word = rf"([\u4e00-\u9fff][^\W\d_等的和与及个类种各该此其]{kind})(?![\u4e00-\u9fff])"
        for match in re.finditer(f"{inside}|{before}|{word}", text):
            if fold(next(g for g in match.groups() if g)) not in asked:
                return True
    return False


def names_doer(text: str, spans: list[Span], groups: list[TermGroup]) -> Span | None:
    """The name right before the act the question asks about ("…主管部门负责本行政区域内…"
    answers "哪个部门主管…"; "统计部门应当会同主管部门…" names the one that does not), or before
    "是…" naming what is asked ("X是示范区的管理机关" answers "管理机关是谁")."""
    forms = tuple(f for g in groups for f in g.forms)
    before_act = cue("before_act")
    return next((s for s in spans if _does(fold(before_act.sub("", text[s.end : s.end + 24])),
                                           forms)), None)


def _does(after: str, forms: tuple[str, ...]) -> bool:
    """The words after a name say it does the act ("负责…") or is what is asked ("是…的管理
    机关", in the same clause)."""
    if after.startswith(forms):
        return True
    predicate = re.match(r"(?:是|为)([^，,。；;]*)", after)
    return bool(predicate) and any(f in predicate.group(1) for f in forms)


def _is_penalty(span: Span, text: str) -> bool:
    """The amount is a fine or damages: its clause says so ("处5000元以上1万元以下的罚款")."""
    return bool(cue("penalty").search(clause_around(text, span, "，,。；;：:", "，,。；;")))


def clause_around(text: str, span: Span, opens: str, closes: str) -> str:
    """The stretch of `text` around a span, from just after the last of `opens` before it to
    the first of `closes` after it."""
    start = max(text.rfind(mark, 0, span.start) for mark in opens) + 1
    ends = [i for mark in closes if (i := text.find(mark, span.end)) >= 0]
    return text[start : min(ends) if ends else len(text)]


@cache
def _value_names(kind: str) -> str:
    return table("words.toml", "value_names").get(kind, "")


def counting(spans: list[Span], text: str, nouns: tuple[str, ...] = (),
             measure: str = "") -> list[Span]:
    """For a count question, the spans that count the asked noun ("两个阶段", "28个重点园区"),
    any of its forms, or are in the asked unit ("多少平方公里"): a figure about something else
    does not answer."""
    if measure:
        spans = [s for s in spans if _MODIFIER_AFTER.sub("", s.text).endswith(measure)]
    if not nouns:
        return spans
    return [s for s in spans if any(_counts(s, spans, text, noun) for noun in nouns)]


def _counts(span: Span, spans: list[Span], text: str, noun: str) -> bool:
    """The figure counts the noun: the noun follows it closely with no other figure between
    ("5个领域建有72家专业研究所": 72家 counts 研究所, 5个 does not), or stands just before it in
    its clause."""
    at = text.find(noun, span.end, span.end + COUNTED_AFTER)
    if at >= 0 and not any(span.end <= other.start < at for other in spans):
        return True
    before = _clause_before(text, span.start)
    at = before.rfind(noun)
    if at < 0:
        return False
    at += span.start - len(before)
    others = [other for other in spans if other is not span]
    # not when another figure stands between, or counts the noun itself ("5个领域建有72家")
    return not any(at < o.end <= span.start or 0 <= at - o.end <= 1 for o in others)


def _clause_before(text: str, start: int) -> str:
    """The words just before a figure, within its clause ("已培养产业人才200多名")."""
    before = text[max(0, start - COUNTED_BEFORE) : start]
    return re.split(r"[，,。；;：:]", before)[-1]


def _focus(folded: str, groups: list[TermGroup]) -> int:
    """Mean position of the concepts the sentence names (its middle when it names none)."""
    found = [i for g in groups for f in g.forms if (i := folded.find(f)) >= 0]
    return sum(found) // len(found) if found else len(folded) // 2


def states_absence(unit: Unit, question: str) -> bool:
    """The sentence (or the lead-in of its list, or the heading a list stands under) says
    something is not there, and the question does not ask about absence. A note in brackets
    ("（具体内容未收录）") does not count: the sentence around it still states something."""
    if unit.is_row:
        return False  # a note in one cell does not take back what the other cells state
    absence = pattern("answer.absence")
    lead = "" if unit.heads else unit.lead_in  # an item inherits its list's framing…
    if not lead and ITEM.match(unit.text) and unit.hit.chunk.headings:
        lead = unit.hit.chunk.headings[-1]  # …or its section's, a list right under a heading
    text = _BRACKETED.sub("", f"{lead} {unit.text}")
    text = _CONDITION.sub("", text)  # "没有违法所得的，处以…": a condition, not an absence
    return bool(absence.search(text)) and not absence.search(question)


def holds_asked(unit: Unit, ask: Ask, spans: list[Span]) -> bool:
    """Whether the unit states the kind of thing asked: a figure of the asked kind, a yes/no
    wording, a definition, a list."""
    if spans:
        return True
    if ask is Ask.YES_NO:
        return bool(cue("permits").search(unit.text) or cue("forbids").search(unit.text))
    if ask is Ask.DEFINITION:  # "X是指…", or a sentence announcing the list that makes X up
        return bool(cue("definition").search(unit.text)) or announces_list(unit)
    if ask is Ask.LIST:  # a numbered list, a run of 、, or of titles (《甲》《乙》和《丙》)
        return heads_list(unit) or unit.text.count("、") >= 2 or unit.text.count("《") >= 2
    if ask is Ask.ORGANISATION:
        return unit.is_row or bool(cue("responsibility").search(unit.text))
    return ask in (Ask.FACT, Ask.SUMMARY, Ask.LOCATION)


def needs_type(ask: Ask) -> bool:
    """Asks whose answer must contain a value of their kind, or there is no answer."""
    return ask in (Ask.PERCENTAGE, Ask.AMOUNT, Ask.DATE, Ask.DURATION, Ask.NUMBER, Ask.PERSON,
                   Ask.DOCUMENT_NUMBER)

