"""Follow-ups that keep the question and swap its subject: "那上海呢？", "What about Shanghai?".

Such a turn names only the new subject; everything it asks is in the turn before ("北京市规定的
奖励比例是多少？"). Restating it as that question with the subject replaced ("上海市规定的奖励比例
是多少？") lets every later step — document scope, question parts, what is asked — work on a
whole question, which inheriting concept words from the history cannot do. When no subject of
the earlier question can be matched with the new one, the turn is left as it is (the ordinary
follow-up handling then inherits the history's entities and topic words).
"""

from __future__ import annotations

import jieba.posseg

from assistant.answer.scope import regions_in
from assistant.index.lexical import init_jieba
from assistant.phrasing import pattern
from assistant.retrieval.entities import EntityIndex
from assistant.text.normalize import fold

PREVIOUS_CHARS = 300  # of an earlier user turn read (the limits of history apply here too)
MAX_DEPTH = 3  # swaps in a row resolved ("那上海呢？" … "那天津呢？")
_NAME_TAGS = ("ns", "nt", "nr", "nz")  # jieba: place, organisation, person, other proper name


def restate(question: str, history: list[dict] | None, index: EntityIndex,
            depth: int = 0) -> str:
    """The question a subject-swapping follow-up stands for, or `question` unchanged."""
    subject = _swapped_subject(question)
    users = [str(t.get("content") or "") for t in history or [] if t.get("role") == "user"]
    users = [u for u in users if u.strip() and u.strip() != question.strip()]
    if not subject or not users or depth >= MAX_DEPTH:
        return question
    earlier = [t for t in history or [] if t.get("role") == "user"][:-1]
    previous = restate(users[-1][:PREVIOUS_CHARS], earlier, index, depth + 1)
    span = _replaceable(previous, subject, index)
    if span is None:
        return question
    start, end = span
    return previous[:start] + subject + previous[end:]


def _swapped_subject(question: str) -> str:
    """The new subject of "那X呢？" / "X呢？" / "what about X?" / "and X?", if the turn is one."""
    match = pattern("followup.swap").fullmatch(question.strip())
    if not match:
        return ""
    subject = next((g for g in match.groups() if g), "").strip(" ，,。.")
    if pattern("asks.interrogative.cue").search(subject.replace("呢", "")):
        return ""  # "那奖励比例是多少呢？" asks something of its own
    return subject if len(subject) >= 2 else ""


def _replaceable(previous: str, subject: str, index: EntityIndex) -> tuple[int, int] | None:
    """Where in the earlier question the subject the new one replaces stands: a name of the same
    kind (zone for zone, university for university), a jurisdiction for a jurisdiction, or a
    proper name jieba tags alike (place for place)."""
    for found in (_same_kind_entity, _same_kind_region, _same_tag_name):
        span = found(previous, subject, index)
        if span is not None:
            return span
    return None


def _same_kind_entity(previous: str, subject: str, index: EntityIndex):
    kinds = {e.kind for e in index.find(subject)}
    for entity in index.find(previous):
        if entity.kind in kinds and entity.name not in subject:
            span = _locate(previous, entity.alias)
            if span is not None:
                return span
    return None


def _same_kind_region(previous: str, subject: str, index: EntityIndex):
    # "乙市" alone is read as it would stand in a question ("乙市的…")
    if not (regions_in(fold(subject)) or regions_in(fold(subject) + "的")):
        return None
    for _, _, name in regions_in(fold(previous)):
        if name not in fold(subject):
            return _locate(previous, name)
    return None


def _locate(text: str, name: str) -> tuple[int, int] | None:
    """Where `name` (possibly in folded form) stands in `text` as written."""
    for form in (text, text.lower(), fold(text)):
        at = form.find(fold(name)) if form is not text else form.find(name)
        if at >= 0 and len(form) == len(text):
            return at, at + len(name)
    return None


def _same_tag_name(previous: str, subject: str, index: EntityIndex):
    init_jieba()
    tags = {t.flag for t in jieba.posseg.lcut(subject) if t.flag in _NAME_TAGS}
    offset = 0
    for token in jieba.posseg.lcut(previous):
        if token.flag in tags and token.word not in subject:
            return offset, offset + len(token.word)
        offset += len(token.word)
    return None
