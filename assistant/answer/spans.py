"""Typed spans inside a sentence: the percentage, amount, date, duration, count or organisation a
question asks for, and how an English answer writes them.

A figure keeps its modifier ("不低于百分之七十", "三年以内"): the modifier is half the answer.
Chinese numerals are converted with `cn2an` (a maintained library) for English answers; the
patterns are data (`assistant/data/patterns.toml`, section `spans`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import cn2an
import jieba.posseg

from assistant.index.lexical import init_jieba
from assistant.phrasing import table
from assistant.retrieval.asks import Ask

PERSON_CACHE = 4096  # sentences whose tagged names are kept
_RANGE = re.compile(r"(?<=\d)\s*(?:至|到|—|－|-|~|～)\s*(?=\d)")
_SURNAME_TAGS = {"q", "nr", "ng", "nrfg", "nrt"}  # how jieba tags a surname it split off
_KINDS = {Ask.PERCENTAGE: "percentage", Ask.AMOUNT: "amount", Ask.DATE: "date",
          Ask.DURATION: "duration", Ask.NUMBER: "number", Ask.ORGANISATION: "organisation",
          Ask.DOCUMENT_NUMBER: "document_number"}


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@cache
def span_pattern(kind: str) -> re.Pattern[str]:
    """The compiled pattern of a span kind, with {num}, {before} and {after} filled in."""
    spans = table("patterns.toml", "spans")
    source = spans[kind].replace("{num}", spans["num"]).replace(
        "{before}", spans["before"]).replace("{after}", spans["after"])
    return re.compile(source)


def cue(kind: str) -> re.Pattern[str]:
    """One of the word cues of the spans section (responsibility, permits, forbids, …)."""
    return span_pattern(kind)


_QUOTED = re.compile(r"[“\"「『《][^”\"」』》]{1,30}[”\"」』》]")
_NOT_A_NAME_START = frozenset("prcu")  # prepositions, pronouns, conjunctions, particles
_NOT_IN_A_NAME = frozenset("pruvdf")  # … verbs, adverbs, localizers: the words before a name
FAMOUS_NAME_FREQ = 1000  # jieba dictionary count above which a word tagged nr is a real name
_DAY = re.compile(r"[月日号]|\d-\d")
_DIGIT = re.compile(r"\d|[零〇一二两三四五六七八九十百千万亿]")
# "为落实国办发〔2018〕127号": the words before a document number that are not its issuer's code
_NUMBER_LEAD = re.compile(
    r"^(?:为|以|并)?(?:贯彻落实|贯彻|落实|执行|根据|依据|按照|依照|参照|对照|见|即|据|按)*")
_LEADING_FUNCTION_WORDS = re.compile(
    r"^(?:应当|必须|须|应|可以)?(?:根据|依据|按照|依照|对照|参照|由|经|向|对|在|和|与|及|并|会同|报|按|见"
    r"|即|据)")


def names_day(span: Span) -> bool:
    """A date span that names a month or a day ("3月底", "2019年1月1日"), not only a year."""
    return bool(_DAY.search(span.text))


def find_spans(sentence: str, ask: Ask) -> list[Span]:
    """Spans of the asked kind in the sentence, in order; dates are never read as durations
    or counts ("2017年" is not "2017 years")."""
    if ask is Ask.NUMBER:  # "提多少" may be answered by a share or an amount
        found = [*_find(sentence, "number"), *_find(sentence, "percentage"),
                 *_find(sentence, "amount")]
        return _ranges(sorted(found, key=lambda s: s.start))
    if ask is Ask.PERSON:
        return person_spans(sentence)
    kind = _KINDS.get(ask)
    if kind is None:
        return []
    found = _find(sentence, kind)
    if kind == "organisation":
        return _with_roles(found)
    return _ranges(found) if kind in _RANGED else found


def _with_roles(spans: list[Span]) -> list[Span]:
    """"监督检查部门" right before "主要负责人" is that body's head: one name, the role's."""
    return _joined(spans, lambda last, span: span.text.endswith("负责人"))


_RANGED = ("amount", "duration", "number", "percentage")


def _ranges(spans: list[Span]) -> list[Span]:
    """"十万元以上" right before "一百万元以下" is one range, not two answers: a fine or a term
    is set between a floor and a ceiling."""
    return _joined(spans, lambda last, span: last.text.endswith("以上")
                   and span.text.endswith("以下"))


def _joined(spans: list[Span], joins: Callable[[Span, Span], bool]) -> list[Span]:
    """The spans, each that directly follows the one before and `joins` it merged into it."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last is not None and last.end == span.start and joins(last, span):
            merged[-1] = Span(last.text + span.text, last.start, span.end)
        else:
            merged.append(span)
    return merged


def person_spans(sentence: str) -> list[Span]:
    """People's names in the sentence: jieba's "nr" tag (a maintained tagger rather than a
    surname list of our own)."""
    return list(_person_spans(sentence))


@lru_cache(maxsize=PERSON_CACHE)
def _person_spans(sentence: str) -> tuple[Span, ...]:
    """Tagged once per sentence: a who-question ranks the same units several times."""
    init_jieba()
    found, offset, previous = [], 0, None
    for token in jieba.posseg.lcut(sentence):
        # "张/q 洪涛/nr": the tagger often splits a surname off as a measure word
        surname = (previous is not None and len(previous.word) == 1
                   and previous.flag in _SURNAME_TAGS)
        if token.flag == "nr" and len(token.word) >= 2 and (
                surname or not _common_word(token.word)):
            start = offset - 1 if surname else offset
            found.append(Span(sentence[start : offset + len(token.word)], start,
                              offset + len(token.word)))
        offset += len(token.word)
        previous = token
    return tuple(found)


def _common_word(word: str) -> bool:
    """jieba's dictionary tags many words "nr" (许可, 文明, 卫星, 许可证, 特许权): a dictionary
    word tagged as a name is taken for the word when it has two characters, or is rare there
    (the famous names it lists are frequent); the people a document names are mostly not in the
    dictionary and come from the tagger's model."""
    if word not in jieba.posseg.dt.word_tag_tab:
        return False
    return len(word) == 2 or jieba.dt.FREQ.get(word, 0) < FAMOUS_NAME_FREQ


def _find(sentence: str, kind: str) -> list[Span]:
    taken = [] if kind in ("date", "document_number") else [
        m.span() for m in span_pattern("date").finditer(sentence)]
    if kind != "document_number":  # “五个一” is a name, not a count
        taken += [m.span() for m in _QUOTED.finditer(sentence)]
    found = []
    for match in span_pattern(kind).finditer(sentence):
        start, end = match.span()
        overlap = [b for a, b in taken if a < end and start < b]
        if overlap and (kind != "organisation" or max(overlap) >= end):
            continue
        if overlap:  # "在每年三月三十日前向其主管部门": the name comes after the date
            start = _name_start(sentence, max(overlap), end)
        if sentence[max(0, start - 1) : start] == "第":
            continue  # an ordinal ("第三十九条", "第二批"), not an amount of anything
        text = sentence[start:end].strip()
        if kind in ("organisation", "document_number"):
            lead = _NUMBER_LEAD if kind == "document_number" else _LEADING_FUNCTION_WORDS
            cut = lead.match(text)
            text = text[cut.end():] if cut else text
        if kind == "organisation":
            text = _name_itself(text)
            if not text.endswith("负责人") and _modifies_noun(sentence, end - len(text), end):
                continue
            found += _actors(text, end - len(text))
            continue
        if len(text) > 1 and _meaningful(text, kind):
            found.append(Span(text, end - len(text), end))
    return found


def _actors(text: str, start: int) -> list[Span]:
    """The names in a stretch the pattern read as one ("市统计部门应当会同科技主管部门" is two
    bodies): split where a verb stands between them, keeping the pieces that are names."""
    spans, offset = [], 0
    for piece in cue("between_bodies").split(text):
        at = text.index(piece, offset)
        offset = at + len(piece)
        if len(piece) > 1 and span_pattern("organisation").fullmatch(piece):
            spans.append(Span(piece, start + at, start + offset))
    return spans


def _modifies_noun(sentence: str, start: int, end: int) -> bool:
    """"经营者的银行账户": a name-like word after 的 and right before a noun only describes that
    noun (the pattern already runs on to any further name ending, so the noun is not one). A
    body opening its clause keeps its name whatever jieba tags the verb after it ("…部门主管",
    "…部门依法", tagged as nouns)."""
    if "的" not in sentence[max(0, start - 1) : end]:
        return False
    init_jieba()
    following = jieba.posseg.lcut(sentence[end : end + 6], HMM=False)
    return bool(following) and following[0].flag.startswith("n")


def _name_start(sentence: str, start: int, end: int) -> int:
    """Where a name ending at `end` begins in the words after a date: after the last word that
    cannot be part of a name ("起施行的管理办法由市科技局" → 市科技局)."""
    init_jieba()
    offset = position = start
    for token in jieba.posseg.lcut(sentence[start:end], HMM=False):
        offset += len(token.word)
        if token.flag[:1] in _NOT_IN_A_NAME and offset < end:
            position = offset
    return position


def _name_itself(name: str) -> str:
    """The name without the words before it, tagged once: "向其主管部门" → 主管部门 (a name
    does not open with a preposition, pronoun, particle or conjunction — jieba's p, r, u, c —
    nor with a localizer right before one, "前向其"; 南方科技大学 keeps its 南方), and
    "建设先进船舶海工区域技术转移转化中心" → the centre, not its building (a founding verb that is
    a word of its own goes when four characters or more stay; 新建区人民政府 keeps 新建区)."""
    init_jieba()
    tokens = jieba.posseg.lcut(name, HMM=False)
    skip = 0
    for i, token in enumerate(tokens[:-1]):
        follows = tokens[i + 1].flag[:1]
        if not (token.flag[:1] in _NOT_A_NAME_START
                or (token.flag[:1] == "f" and follows in _NOT_A_NAME_START)):
            break
        skip += 1
    name = name[sum(len(t.word) for t in tokens[:skip]):]
    verb = cue("founding_verbs").match(name)
    if verb and len(name) - verb.end() >= 4 and tokens[skip].word == verb.group():
        return name[verb.end():]
    return name


def _meaningful(text: str, kind: str) -> bool:
    """A bare modifier or a lone "年" is not a figure; "公布之日" is a date (a statute's day of
    effect is often its day of promulgation); "半数以上" is a share, "每季度" a frequency."""
    return (kind == "organisation" or bool(_DIGIT.search(text))
            or (kind == "date" and text.endswith("之日"))
            or (kind == "percentage" and "半" in text)
            or (kind == "duration" and text.startswith("每")))


# --- English rendering -----------------------------------------------------------------------
_MODIFIERS_EN = (
    ("不低于", "at least "), ("不少于", "at least "), ("不得低于", "at least "),
    ("不得少于", "at least "), ("至少", "at least "), ("最低", "at least "),
    ("不高于", "at most "), ("不超过", "at most "), ("不得高于", "at most "),
    ("不得超过", "at most "), ("不多于", "at most "), ("最多", "at most "), ("最高", "up to "),
    ("高于", "more than "), ("超过", "more than "), ("逾", "more than "), ("低于", "less than "),
    ("达到", ""), ("约", "about "), ("近", "nearly "), ("累计", "in total "), ("合计", "in total "),
    ("共", "in total "),
)
_SUFFIXES_EN = (("以上", " or more"), ("以下", " or less"), ("以内", " or less"),
                ("之内", " or less"), ("左右", " or so"), ("余", "+"), ("多", "+"),
                ("内", " or less"))
_COUNT_UNITS_EN = (("平方米", "square metres"), ("万人", "0,000 people"), ("万家", "0,000"),
                   ("个", ""), ("所", ""), ("家", ""), ("位", ""), ("项", "items"),
                   ("条", "items"), ("件", "items"), ("名", "people"), ("人", "people"),
                   ("台", "units"), ("套", "sets"), ("次", "times"), ("种", "kinds"),
                   ("批", "batches"), ("亩", "mu"))
_UNITS_EN = (("个工作日", "working days"), ("工作日", "working days"), ("个月", "months"),
             ("小时", "hours"), ("年", "years"), ("月", "months"), ("日", "days"),
             ("天", "days"), ("周", "weeks"))


def to_english(span: str, ask: Ask) -> str:
    """"不低于百分之七十" → "at least 70%", "2017年4月20日" → "2017-04-20", "三年" → "3 years"."""
    if ask is Ask.DATE:
        return _iso_date(span)
    if ask is Ask.ORGANISATION:
        return span
    ask = _written_as(span, ask)
    if ask is Ask.DURATION and span.startswith("每"):
        return _every(span[1:])
    floor_ceiling = re.fullmatch(r"(.+以上)(.+以下)", span)
    if floor_ceiling:  # a range: "十万元以上一百万元以下" → "100,000 to 1 million yuan"
        low, high = (to_english(part[:-2], ask) for part in floor_ceiling.groups())
        unit = high.rsplit(" ", 1)[-1]
        if " " in low and low.rsplit(" ", 1)[-1].rstrip("s") == unit.rstrip("s"):
            low = low.rsplit(" ", 1)[0]  # the unit once: "1 to 5 times", "3 to 7 years"
        return f"{low} to {high}"
    text = span
    prefix = suffix = ""
    for zh, en in _MODIFIERS_EN:
        if text.startswith(zh):
            prefix, text = en, text[len(zh):]
            break
    for zh, en in _SUFFIXES_EN:
        if text.endswith(zh) and len(text) > len(zh):
            suffix, text = en, text[: -len(zh)]
            break
    core = _english_core(text.strip(), ask)
    if suffix == " or less" and ask is Ask.DURATION:
        return f"within {core}"
    return f"{prefix}{core}{suffix}"


def _english_core(text: str, ask: Ask) -> str:
    digits = re.sub(r"(?<=\d)\s*(?:多|余)", "+", _digits(text))
    digits = _RANGE.sub("–", digits)  # "3至5年" → "3–5 years"
    if ask is Ask.PERCENTAGE:
        return _share(digits)
    if ask is Ask.AMOUNT:
        multiple = re.fullmatch(r"([\d.–]+)倍", digits)
        if multiple:  # "一倍以上" → "1 time or more", "三至五倍" → "3–5 times"
            return f"{multiple.group(1)} {'time' if multiple.group(1) == '1' else 'times'}"
        return _amount(digits)
    units = _UNITS_EN if ask is Ask.DURATION else _COUNT_UNITS_EN
    for zh, en in units:
        if digits.endswith(zh):
            value = digits[: -len(zh)].rstrip("个 ")
            return f"{value} {en[:-1] if value == '1' and en.endswith('s') else en}".strip()
    return digits


_EVERY_EN = {"年": "year", "季度": "quarter", "月": "month", "个月": "month", "周": "week"}


def _every(period: str) -> str:
    """How often: "半年" → "every six months", "季度" → "every quarter", "两年" → "every 2
    years"."""
    if period == "半年":
        return "every six months"
    if period.startswith("半"):  # "半月", "半个月"
        return f"every half {_EVERY_EN.get(period[1:].lstrip('个'), period[1:])}"
    if period in _EVERY_EN:
        return f"every {_EVERY_EN[period]}"
    return f"every {to_english(period, Ask.DURATION)}"


def _written_as(span: str, ask: Ask) -> Ask:
    """"提多少" is answered by a count, a share or a sum: the span says which it is."""
    if ask is not Ask.NUMBER:
        return ask
    if re.search(r"[元倍](?:以上|以下|以内|之内|左右|内|多|余)*$", span):
        return Ask.AMOUNT
    if re.search(r"百分之|[%％]|分之|半", span):
        return Ask.PERCENTAGE
    return ask


def _share(digits: str) -> str:
    """"70%" as is; a fraction ("2/3", as cn2an writes 三分之二) or a half in words."""
    if "半" in digits:  # "半数以上", "过半数"
        return "more than half" if digits.startswith("过") else "half"
    fraction = re.search(r"(\d+)/(\d+)", digits)
    if fraction:
        return f"{fraction.group(1)}/{fraction.group(2)}"
    number = re.search(r"\d+(?:\.\d+)?", digits)
    return f"{number.group(0)}%" if number else digits


def _digits(text: str) -> str:
    """Chinese numerals as digits (百分之七十 → 70%, 三年 → 3年); unchanged when cn2an cannot."""
    # documents write the zero of a year as 〇 or as a circle ○ ("二○二二年"); cn2an reads 〇
    text = text.replace("○", "〇")
    try:  # cn2an reads 二 but not 两 standing alone ("两周")
        return cn2an.transform(re.sub(r"两(?=[个年月周天日倍名项家所])", "二", text), "cn2an")
    except (ValueError, KeyError, IndexError):
        return text


def _amount(text: str) -> str:
    match = re.search(r"(\d+(?:\.\d+)?)\s*(万|亿|千|百)?\s*(元|美元|人民币)", text.replace(",", ""))
    if not match:
        return text
    value = float(match.group(1)) * {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}.get(
        match.group(2) or "", 1)
    currency = "US dollars" if match.group(3) == "美元" else "yuan"
    if value >= 1e8:
        return f"{value / 1e8:g} hundred million {currency}"
    if value >= 1e6:
        return f"{value / 1e6:g} million {currency}"
    return f"{value:,.0f} {currency}"


_EVENT_DAYS_EN = {"公布": "promulgation", "颁布": "promulgation", "发布": "publication",
                  "印发": "issue", "公告": "announcement"}


def _month_day(digits: str) -> str:
    """"每年3月30日" → "30 March each year"; other forms stay as written."""
    match = re.fullmatch(r"(每年)?(\d{1,2})月(\d{1,2})日", digits)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return digits
    day = f"{int(match.group(3))} {calendar.month_name[int(match.group(2))]}"
    return f"{day} each year" if match.group(1) else day


def _iso_date(text: str) -> str:
    if text.endswith("之日"):  # "公布之日" → "the day of promulgation"
        return f"the day of {_EVENT_DAYS_EN.get(text[:-2], 'issue')}"
    digits = _digits(text.replace(" ", ""))
    match = re.search(r"(\d{4})\D+(\d{1,2})(?:\D+(\d{1,2}))?", digits)
    if not match:
        return _month_day(digits)
    year, month, day = match.group(1), int(match.group(2)), match.group(3)
    return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
