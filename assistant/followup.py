"""Follow-ups that keep the question and swap its subject ("那上海呢？", "What about Shanghai?")
or its condition ("那要是拿成果作价入股呢？").

Such a turn names only the new subject; everything it asks is in the turn before ("北京市规定的
奖励比例是多少？"). Restating it as that question with the subject replaced ("上海市规定的奖励比例
是多少？") lets every later step — document scope, question parts, what is asked — work on a
whole question, which inheriting concept words from the history cannot do. When no subject of
the earlier question can be matched with the new one, the turn is left as it is (the ordinary
follow-up handling then inherits the history's entities and topic words).
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.answer.scope import regions_in
from assistant.index.lexical import init_jieba
from assistant.phrasing import pattern
from assistant.retrieval.entities import EntityIndex
from assistant.text.lang import has_cjk
from assistant.text.normalize import fold

PREVIOUS_CHARS = 300  # of an earlier user turn read (the limits of history apply here too)
MAX_DEPTH = 3  # swaps in a row resolved ("那上海呢？" … "那天津呢？")
_MAX_ITEM = 8  # characters of an item swapped into an enumeration ("著作权", "地理标志")
_JOINERS = "和及与或"  # words that join the items of an enumeration (and 、)
_EN_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE)
_NAME_TAGS = ("ns", "nt", "nr", "nz")  # jieba: place, organisation, person, other proper name
# what may stand around a swapped-in name: "上海的条例", "the Shanghai regulation", "Shanghai's"
_NAME_ONLY = re.compile(
    r"(?:那|the\s+)?\s*(?:'s)?\s*(?:的)?\s*(?:条例|规定|办法|文件|政策|法规|法|意见|通知|"
    r"regulations?|rules?|law|one|province|city)?", re.IGNORECASE)


def restate(question: str, history: list[dict] | None, index: EntityIndex,
            depth: int = 0) -> str:
    """The question a subject- or condition-swapping follow-up stands for, or `question`
    unchanged."""
    subject = _swapped_subject(question)
    condition = "" if subject else _swapped(question, "followup.condition_swap")
    users = [str(t.get("content") or "") for t in history or [] if t.get("role") == "user"]
    users = [u for u in users if u.strip() and u.strip() != question.strip()]
    if not (subject or condition) or not users or depth >= MAX_DEPTH:
        return question
    earlier = [t for t in history or [] if t.get("role") == "user"][:-1]
    previous = restate(users[-1][:PREVIOUS_CHARS], earlier, index, depth + 1)
    if _swapped_subject(previous) or _swapped(previous, "followup.condition_swap"):
        return question  # the earlier turn could not be restated either: nothing to build on
    if condition:
        return _with_condition(previous, condition) or question
    found = _replaceable(previous, subject, index)
    if found is None:
        return question
    start, end, name = found
    return previous[:start] + name + previous[end:]


def _with_condition(previous: str, condition: str) -> str:
    """The earlier question with its condition replaced: the clauses that neither ask (…提多少)
    nor say which document or place (按北京的条例) give way to the new condition."""
    clauses = [c for c in re.split(r"(?<=[，,；;。])|(?<=[.!])(?=\s)", previous) if c.strip()]
    if has_cjk(previous):
        inserted = f"{condition}，"
    else:  # "what if it is licensed?" keeps its "if"
        inserted = f" {condition}," if re.match(r"(?i)(?:if|when|where)\b", condition) else (
            f" if {condition},")
    kept, replaced, asked = [], False, False
    for k, clause in enumerate(clauses):
        asks = _asks(clause, last=k == len(clauses) - 1)
        asked |= asks
        if asks and not replaced:  # no condition to replace: add it here
            kept.append(inserted)
            replaced = True
        if asks or _names_scope(clause):
            kept.append(clause)
        elif not replaced:
            kept.append(inserted)
            replaced = True
    return "".join(kept) if replaced and asked else ""


def _asks(clause: str, last: bool = False) -> bool:
    """The clause is the question itself ("…提多少？", "what share goes to the team?"), not a
    condition ("if it is sold,": English auxiliaries do not make a clause ask). The last
    sentence asks even when it ends in a period, as typed questions often do."""
    if clause.rstrip().endswith(("?", "？")):
        return True
    if has_cjk(clause):
        return bool(pattern("asks.interrogative.cue").search(clause))
    # a sentence ending in a period states ("…says nothing about who owns them."): its "who"
    # is not the question
    states = clause.rstrip().endswith((".", "!")) and not last
    return not states and bool(_EN_WH.search(clause))


def _names_scope(clause: str) -> bool:
    folded = fold(clause)
    return bool(regions_in(folded) or "《" in clause or pattern("scope.document_words").search(
        folded))


def _swapped_subject(question: str) -> str:
    """The new subject of "那X呢？" / "X呢？" / "what about X?" / "and X?", if the turn is one."""
    if pattern("followup.condition_swap").fullmatch(question.strip()):
        return ""  # "那要是…呢" changes the condition, not the subject
    return _swapped(question, "followup.swap")


def _swapped(question: str, cue: str) -> str:
    """What the turn puts in place of something in the last question, if it is such a turn."""
    match = pattern(cue).fullmatch(question.strip())
    if not match:
        return ""
    found = next((g for g in match.groups() if g), "").strip(" ，,。.")
    asks = (pattern("asks.interrogative.cue").search(found.replace("呢", ""))
            if has_cjk(found) else _EN_WH.search(found))
    if asks:
        return ""  # "那奖励比例是多少呢？", "And what does Shanghai require?" ask their own
    return found if len(found) >= 2 else ""


def _replaceable(previous: str, subject: str,
                 index: EntityIndex) -> tuple[int, int, str] | None:
    """Where in the earlier question the subject the new one replaces stands, and the name to put
    there: a name of the same kind (zone for zone, university for university), a jurisdiction for
    a jurisdiction, a proper name jieba tags alike (place for place), or the items the earlier
    question enumerates ("专利、商标和商业秘密的…" → "著作权的…"). The new subject must
    be that name and no more ("上海", "上海的条例", "the Shanghai regulation"; not
    "上海的人才政策")."""
    for found in (_same_kind_entity, _same_kind_region, _same_tag_name, _in_enumeration):
        span = found(previous, subject, index)
        if span is not None:
            return span
    return None


def _just_a_name(subject: str, name: str) -> bool:
    """The subject is the name, with at most a possessive and the kind of document it means."""
    rest = fold(subject).replace(fold(name), " ", 1)
    return bool(_NAME_ONLY.fullmatch(rest.strip()))


def _same_kind_entity(previous: str, subject: str, index: EntityIndex):
    for new in index.find(subject):
        if not _just_a_name(subject, new.alias):
            continue
        for entity in index.find(previous):
            if entity.kind == new.kind and entity.name != new.name:
                span = _locate(previous, entity.alias)
                if span is not None:
                    return (*span, new.alias)
    return None


def _same_kind_region(previous: str, subject: str, index: EntityIndex):
    # "乙市" alone is read as it would stand in a question ("乙市的…")
    named = regions_in(fold(subject)) or regions_in(fold(subject) + "的")
    if len(named) != 1 or not _just_a_name(subject, named[0][2]):
        return None
    _, at, name = named[0]
    new = subject[at : at + len(name)] if len(fold(subject)) == len(subject) else name
    for _, _, old in regions_in(fold(previous)):
        if old != fold(new) and (span := _locate(previous, old)) is not None:
            return (*span, new)
    return None


def _in_enumeration(previous: str, subject: str, index: EntityIndex):
    """"那著作权这块呢？" after "专利、商标和商业秘密的行政保护归哪个部门管？": the new item takes
    the place of the items the earlier question listed together."""
    item = pattern("followup.topic_aside").sub("", subject).strip()
    if not 2 <= len(item) <= _MAX_ITEM or not has_cjk(item) or _EN_WH.search(item):
        return None
    if regions_in(fold(item)) or index.find(item) or not _a_noun(item):
        return None  # a place or a named body swaps only for one of its kind (found above);
        # "明年" is a time, not an item
    for match in pattern("followup.enumeration").finditer(previous):
        if item not in match.group(0) and _joined_by_conjunctions(match.group(0)):
            return match.start(), match.end(), item
    return None


def _a_noun(item: str) -> bool:
    """jieba reads the item as nouns only ("著作权", "植物新品种", "集成电路布图设计")."""
    init_jieba()
    return all(t.flag.startswith(("n", "vn")) for t in jieba.posseg.lcut(item))


def _joined_by_conjunctions(run: str) -> bool:
    """Every 和/及/与/或 in the run stands as a word of its own (jieba: a conjunction), not
    inside one ("共和国", "涉及"), and no item asks ("哪些")."""
    init_jieba()
    tokens = jieba.posseg.lcut(run)
    joiners = sum(run.count(j) for j in _JOINERS)
    standalone = sum(1 for t in tokens if len(t.word) == 1 and t.word in _JOINERS)
    return joiners == standalone and not pattern("asks.interrogative.cue").search(run)


def _locate(text: str, name: str) -> tuple[int, int] | None:
    """Where `name` (possibly in folded form) stands in `text` as written."""
    for form in (text, text.lower(), fold(text)):
        at = form.find(fold(name)) if form is not text else form.find(name)
        if at >= 0 and len(form) == len(text):
            return at, at + len(name)
    return None


def _same_tag_name(previous: str, subject: str, index: EntityIndex):
    init_jieba()
    names = [t for t in jieba.posseg.lcut(subject) if t.flag in _NAME_TAGS]
    if len(names) != 1 or not _just_a_name(subject, names[0].word):
        return None
    offset = 0
    for token in jieba.posseg.lcut(previous):
        if token.flag == names[0].flag and token.word != names[0].word:
            return offset, offset + len(token.word), names[0].word
        offset += len(token.word)
    return None
