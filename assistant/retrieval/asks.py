"""What a question asks for — a percentage, a date, a list, yes or no … — and its parts.

An answer leads with the thing asked for, so the composer must know its kind; "文号是什么？哪天
印发的？" asks two things, each answered (or declared missing) on its own. Cue patterns are data
(`assistant/data/patterns.toml`, section `asks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import cn2an
import jieba.posseg

from assistant.index.lexical import init_jieba
from assistant.phrasing import pattern, table, words
from assistant.retrieval.glossary import expand_english_groups
from assistant.text.lang import has_cjk


class Ask(StrEnum):
    DEFINITION = "definition"
    DOCUMENT_NUMBER = "document_number"
    PERCENTAGE = "percentage"
    AMOUNT = "amount"
    DATE = "date"
    DURATION = "duration"
    ORGANISATION = "organisation"
    PERSON = "person"
    LOCATION = "location"
    YES_NO = "yes_no"
    NUMBER = "number"
    LIST = "list"
    SUMMARY = "summary"
    FACT = "fact"  # anything else: the sentence that states it


# Most specific first: "奖励比例不低于多少" is a percentage before it is a number; "几年" a
# duration; "是否…" a yes/no unless it asks for a definition.
_ORDER = (Ask.DEFINITION, Ask.DOCUMENT_NUMBER, Ask.PERCENTAGE, Ask.AMOUNT, Ask.DATE,
          Ask.DURATION, Ask.ORGANISATION, Ask.PERSON, Ask.LOCATION, Ask.YES_NO, Ask.NUMBER,
          Ask.SUMMARY, Ask.LIST)
_VALUES = frozenset({Ask.PERCENTAGE, Ask.AMOUNT, Ask.DATE, Ask.DURATION, Ask.NUMBER})
_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
            "九": 9, "十": 10, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_MEASURE = re.compile(
    r"(?:几|多少)\s*(平方公里|平方米|公顷|公里|亩|万元|亿元|元|美元|万人|人次|钱|倍)"
    r"|how many (times) (?:the|as)\b", re.IGNORECASE)
_COUNTED = re.compile(r"(?:几|多少)\s*(个|项|所|家|条|名|位|种|批|台|套|支)?\s*"
                      r"([\u4e00-\u9fff]{0,16})")
# "how many (specialised research institutes) does …": the noun phrase up to the verb or
# preposition that follows it
_EN_COUNTED = re.compile(
    r"\bhow\s+many\s+((?:[a-z][\w-]*\s+){0,4}?[a-z][\w-]*)(?=\s+(?:does|do|did|are|were|is|"
    r"was|have|has|had|will|would|can|could|in|of|on|at|for|from|by|with|per|that|which|"
    r"and)\b|\s*[?,.;]|\s*$)", re.IGNORECASE)
# "which ministries launched it, its document number, and its three areas": a noun phrase
# listed after a question asks for that thing too
_NOUN_PART = re.compile(r"^(?:and\s+)?(?:its|their)\s+\w", re.IGNORECASE)
_NUMBERED_KIND = re.compile(r"(请示|报告|来文|通知|意见|批复|复函|函|决定|办法|方案|规定|条例|细则)"
                            r"的?(?:文号|发文字号|发文号|编号)")
MAX_PARTS = 6  # parts of one question answered each on its own
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9]+")
_MIN_ASKING = 3  # characters or words a piece needs to ask something of its own
_CLAUSE_COMMA = re.compile(r"，|(?<=[\u4e00-\u9fff]),(?=\s*[\u4e00-\u9fff])")


@dataclass(frozen=True)
class QuestionPart:
    text: str
    ask: Ask

    @property
    def count(self) -> int | None:
        """How many items the part expects ("哪三个“坚持”" → 3), when it says."""
        match = pattern("asks.count.cue").search(self.text)
        if not match:
            return None
        word = (match.group(1) or match.group(2) or "").lower()
        return _NUMBERS.get(word) or (int(word) if word.isdigit() else None)

    @property
    def measure(self) -> str:
        """A unit of measurement the question asks in ("多少平方公里"): the answer is in it."""
        match = _MEASURE.search(self.text)
        if not match:
            return ""
        unit = match.group(1) or "倍"  # "how many times the damages": a multiple
        # "罚多少钱" asks for a sum of money, which a multiple ("违法所得一倍以上") is not
        return "元" if unit == "钱" else unit

    @property
    def counted(self) -> str:
        """The noun a count question counts: "分几个阶段推进" → 阶段, "多少条支持试点高校的举措" →
        举措 (after 的, where a Chinese noun phrase has its head), from jieba's POS tags."""
        match = _COUNTED.search(self.text)
        if not match:
            return ""
        # "攻关平台又是多少个": nothing after the count word, the noun stands before it; without
        # a measure word ("首期投入多少") nothing is counted: the answer may be an amount
        if match.group(2):
            # "拿多少出来奖励研发人员": without a measure word, a verb after 多少 means an
            # amount or a share is asked, not a count of the nouns further on
            if not match.group(1) and not _starts_with_noun(match.group(2)):
                return ""
            # after a measure word a noun follows, whatever jieba tags it ("多少项举措")
            return head_noun(match.group(2)) or (
                _first_word(match.group(2)) if match.group(1) else "")
        return last_noun(self.text[: match.start()]) if match.group(1) else ""

    @property
    def counted_forms(self) -> tuple[str, ...]:
        """The counted noun in the words the documents use: the Chinese noun itself, or for
        "how many research institutes …" the glossary's renderings of the English head noun."""
        if self.counted:
            return (self.counted,)
        match = _EN_COUNTED.search(self.text)
        if not match:
            return ()
        groups = expand_english_groups(match.group(1))
        return groups[-1][1] if groups else ()  # the head noun comes last in English too

    @property
    def asks_recipient(self) -> bool:
        """"报给谁", "to whom": the body a filing goes to, not the one that files it."""
        return self.ask is Ask.ORGANISATION and bool(pattern("asks.recipient").search(self.text))

    @property
    def acted(self) -> str:
        """The act whose doer is asked ("whose approval" → approval, "经谁批准" → 批准): the
        sentence naming the doer must name the act, or it names someone else's."""
        if self.ask is not Ask.ORGANISATION:
            return ""
        match = pattern("asks.acted").search(self.text)
        return (match.group(1) or match.group(2) or "").lower() if match else ""

    @property
    def named_kind(self) -> str:
        """The kind of thing whose name is asked ("设了个奖，叫啥名字" → 奖; "搞出个什么模式" →
        模式; "what is the platform called" → platform); "" when the part asks no name."""
        return named_kind(self.text)

    @property
    def asks_scale(self) -> bool:
        """"What scale has it reached": several figures, not one count."""
        return self.ask is Ask.NUMBER and bool(pattern("asks.scale").search(self.text))

    @property
    def wants_day(self) -> bool:
        """A date question asking for the day ("哪天印发的"), which a bare year does not answer."""
        return self.ask is Ask.DATE and bool(pattern("asks.count.day").search(self.text))

    @property
    def asks_issue_date(self) -> bool:
        """"这个批复是哪天印发的": a document's date, found at its head or its end."""
        return self.ask is Ask.DATE and bool(pattern("asks.count.issued").search(self.text))

    @property
    def numbered_kind(self) -> str:
        """The kind of document whose number the part asks for, when it names one ("请示文号"
        → 请示): a number a sentence cites for that kind answers it."""
        match = _NUMBERED_KIND.search(self.text)
        return match.group(1) if match else ""

    @property
    def asks_addressee(self) -> bool:
        """"这份批复是回复谁的请示", "to whom is the notice addressed": the 主送机关."""
        return bool(pattern("asks.count.addressee").search(self.text))

    @property
    def asks_issuer(self) -> bool:
        """"127号文件是哪个部门印发的", "who issued the circular": the issuing body."""
        return self.ask is Ask.ORGANISATION and bool(pattern("asks.count.issued").search(self.text))

    @property
    def article(self) -> str | None:
        """The article the part names ("第十二条", "Article 12"), as digits."""
        match = pattern("asks.count.article").search(self.text)
        if not match:
            return None
        return article_number(match.group(1) or match.group(2))


def named_kind(text: str) -> str:
    """The kind of thing a question asks the name of: the word after 什么 ("什么模式"), else the
    last word ending in a kind before the naming words ("设了个奖，叫啥名字"), or for English a
    kind word anywhere ("what is the platform called", "the name of the award")."""
    kinds = words("named_kinds")
    after_what = re.search(r"什么([\u4e00-\u9fff]{1,2})", text)
    if after_what:
        word = after_what.group(1)
        for kind in (word, word[:1]):
            if kind in kinds:
                return kind
    match = pattern("asks.naming").search(text)
    if not match:
        return ""
    if not has_cjk(text):
        english = table("words.toml", "named_kinds_en")
        found = [m for m in re.finditer(r"[a-z]+", text.lower()) if m.group() in english]
        return found[-1].group() if found else ""
    init_jieba()
    ends = [token for token in jieba.lcut(text[: match.start()], HMM=False)
            if any(token.endswith(kind) for kind in kinds)]
    return max((k for k in kinds if ends[-1].endswith(k)), key=len) if ends else ""


def english_kind_words(kind: str) -> tuple[str, ...]:
    """The Chinese words documents use for an English kind of named thing ("award" → 奖 奖项)."""
    return tuple(table("words.toml", "named_kinds_en").get(kind, "").split())


def ask_of(text: str) -> Ask:
    """The kind of answer `text` asks for (FACT when no cue says more). A question in a yes/no
    form that asks for no value ("比例有没有上限？", "Is the share capped?") is a yes/no question
    whatever value it mentions."""
    for ask in _ORDER:
        if ask is Ask.PERSON and named_kind(text):
            continue  # "设的奖叫什么名字": the name of a thing, not of a person
        if ask is Ask.DATE and pattern("asks.duration_question").search(text):
            continue  # "no payment deadline … how soon must it pay?" asks a duration
        if pattern(f"asks.{ask.value}").search(text) or (
                ask is Ask.NUMBER and pattern("asks.scale").search(text)):
            if ask in _VALUES and _only_yes_no(text):
                return Ask.YES_NO
            return ask
    return Ask.FACT


def _only_yes_no(text: str) -> bool:
    return (bool(pattern("asks.yes_no_form").search(text))
            and not pattern("asks.value_interrogative").search(text))


def wants_figures(text: str) -> bool:
    """"给我一个带数字的概括": a summary whose lines should state figures."""
    return bool(pattern("asks.figures").search(text))


def question_parts(question: str) -> list[QuestionPart]:
    """The question's parts, each with what it asks; one part for a simple question.

    A piece that asks nothing — too short ("好的"), or an instruction ("请给数字", "帮我列一下")
    — belongs to the part before it (the first piece, to the one after), where it can still
    say what kind of answer is wanted.
    """
    pieces = [p.strip(" ，,。") for piece in pattern("asks.part_split").split(question)
              for p in _clauses_asking(piece)]
    parts: list[str] = []
    pending = ""
    comma = "，" if _CJK.search(question) else ", "
    for piece in (p for p in pieces if p):
        if _asks_something(piece) or (parts and _NOUN_PART.match(piece)):
            parts.append(f"{pending}{piece}" if pending else piece)
            pending = ""
        elif parts:
            parts[-1] = f"{parts[-1]}{comma}{piece}"
        else:
            pending = f"{pending}{piece}{comma}"
    if pending:
        pending = pending.removesuffix(comma)
        parts = [*parts[:-1], f"{parts[-1]}{comma}{pending}"] if parts else [pending]
    if len(parts) > MAX_PARTS:  # a question in dozens of pieces: the rest rides on the last
        parts = [*parts[: MAX_PARTS - 1], comma.join(parts[MAX_PARTS - 1 :])]
    return [_part(p) for p in parts] or [_part(question)]


def _part(text: str) -> QuestionPart:
    """A part with what it asks; one that names a count of things and asks nothing more
    ("its three cooperation areas") asks for those things."""
    part = QuestionPart(text, ask_of(text))
    if part.ask is Ask.FACT and part.count and _NOUN_PART.match(text):
        return QuestionPart(text, Ask.LIST)
    return part


def _clauses_asking(piece: str) -> list[str]:
    """"多少所高校，结成了多少个对子": a Chinese comma between two clauses that each ask their
    own thing parts them; a clause that asks nothing ("如果是高校，能拿多少") stays with the
    next one. Each clause is read once (a question of many clauses costs linear time)."""
    clauses = _CLAUSE_COMMA.split(piece)
    pieces = [clauses[0]]
    size, cue = _size(clauses[0]), _chinese_cue(clauses[0])
    for clause in clauses[1:]:
        clause_size, clause_cue = _size(clause), _chinese_cue(clause)
        if size >= _MIN_ASKING and cue and clause_size >= _MIN_ASKING and clause_cue:
            pieces.append(clause)
            size, cue = clause_size, clause_cue
        else:
            pieces[-1] = f"{pieces[-1]}，{clause}"
            size, cue = size + clause_size, cue or clause_cue
    return pieces


def _chinese_cue(text: str) -> bool:
    return any(not m.group().isascii()
               for m in pattern("asks.interrogative.cue").finditer(text))


def _size(text: str) -> int:
    return len(_CJK.findall(text)) + len(_WORD.findall(text))


def _asks_something(piece: str) -> bool:
    return _size(piece) >= _MIN_ASKING and (
        _chinese_cue(piece) or bool(pattern("asks.interrogative.en_question").search(piece)))


def article_number(label: str) -> str | None:
    """"十二" / "12" → "12" (Chinese numerals through cn2an, a maintained library)."""
    label = label.strip()
    if label.isdigit():
        return str(int(label))
    try:
        return str(int(cn2an.cn2an(label, "smart")))
    except (ValueError, KeyError, TypeError):
        return None


def _starts_with_noun(phrase: str) -> bool:
    init_jieba()
    tokens = jieba.posseg.lcut(phrase, HMM=False)
    return bool(tokens) and tokens[0].flag.startswith(("n", "vn", "j"))


def last_noun(text: str) -> str:
    """The last noun of a stretch of text ("关键核心技术攻关平台又是" → 平台)."""
    init_jieba()
    nouns = [t.word for t in jieba.posseg.lcut(text, HMM=False)
             if t.flag.startswith(("n", "vn", "j")) and len(t.word) >= 2]
    return nouns[-1] if nouns else ""


def _first_word(phrase: str) -> str:
    init_jieba()
    words = jieba.lcut(phrase, HMM=False)
    return words[0] if words and len(words[0]) >= 2 else ""


def head_noun(phrase: str) -> str:
    """The head noun of a Chinese noun phrase — its last noun, since modifiers come first
    ("教育部工程研究中心" → 研究中心, "支持试点高校的举措" → 举措) — from jieba's POS tags; a
    verb or particle after a noun ends the phrase ("阶段推进" → 阶段)."""
    init_jieba()
    if "的" in phrase:  # what follows 的 is the head, whatever jieba tags it
        tail = jieba.posseg.lcut(phrase.rsplit("的", 1)[-1], HMM=False)
        if tail and len(tail[0].word) >= 2:
            return tail[0].word
    head = ""
    for token in jieba.posseg.lcut(phrase.rsplit("的", 1)[-1], HMM=False):
        if token.flag.startswith(("n", "vn", "j")) and len(token.word) >= 2:
            head = token.word
        elif head and token.flag.startswith(("v", "p", "u", "y", "x", "c", "d", "r")):
            break
    return head
