"""The words of a question that carry its topic, with how much each should count.

Search needs every token; judging whether a sentence answers needs the concepts: nouns and
names count fully, verbs and adjectives half ("转让", "实施" matter in a statute question),
function words, pronouns, measure words and particles not at all. jieba's part-of-speech tags
decide (a maintained library; its dictionary mode without HMM, so that question phrasing such as
"算产教" or "比有" is not glued into words that exist nowhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import jieba.posseg

from assistant.index.lexical import init_jieba
from assistant.phrasing import table, words
from assistant.text.normalize import fold

# POS tag prefixes (jieba/ICTCLAS): n nouns, nr/ns/nt/nz names, vn verbal nouns, j abbreviations,
# eng Latin words and codes; v verbs, a adjectives, l idioms count half.
_FULL = ("n", "vn", "j", "eng", "nz", "nt", "ns", "nr", "an")
_HALF = ("v", "a", "l", "i")
_DIGITS = re.compile(r"\d")
# "能不能", "可不可以", "满不满足": the A-not-A form asks yes or no; its halves ("不能") are
# not the topic, the verb it asks about ("满足") is
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
_NOT_IN_NAMES = ("p", "c", "u", "d", "r", "y", "e")  # prepositions … interjections
_MODALS = frozenset("能会可要应该得想敢肯")
_CLAUSE_END = {"的", "了", "过", "？", "?", "。", "，", ",", "；", "！"}


@dataclass(frozen=True)
class Concept:
    word: str  # folded
    weight: float  # 1.0 or 0.5: how much it counts before IDF


def concepts_of(text: str) -> list[Concept]:
    """Topic words of `text`, folded, each once, in order."""
    init_jieba()
    found: dict[str, float] = {}
    question_words = words("question_words") | words("english_stop_words")
    for word, flag in _tokens(_A_NOT_A.sub(r"\1", fold(text))):
        word = word.strip()
        if not word or word in question_words or word in found:
            continue
        weight = _weight(word, flag)
        if weight:
            found[word] = weight
    return [Concept(w, v) for w, v in found.items()]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(word, POS tag) in dictionary mode; a name the dictionary lacks, which that mode breaks
    into single characters ("仙林" → 仙 / 林), is taken whole from jieba's HMM mode."""
    plain = jieba.posseg.lcut(text, HMM=False)
    singles: set[int] = set()  # offsets of characters dictionary mode left on their own
    offset = 0
    for token in plain:
        # a lone modal, preposition, particle or pronoun ("券/能/跨市") is not part of a name
        if len(token.word) == 1 and not (token.flag.startswith(_NOT_IN_NAMES)
                                         or token.word in _MODALS):
            singles.add(offset)
        offset += len(token.word)
    if not any(i + 1 in singles for i in singles):  # no run a name could hide in: one pass
        return _verbs_tagged_as_prepositions([(t.word, t.flag) for t in plain])
    recovered: dict[int, tuple[str, str]] = {}
    offset = 0
    for token in jieba.posseg.lcut(text, HMM=True):
        span = range(offset, offset + len(token.word))
        whole_name = len(token.word) >= 2 and token.flag.startswith(_FULL)
        if whole_name and all(i in singles for i in span) and not _DIGITS.search(token.word):
            recovered[offset] = (token.word, token.flag)
        offset += len(token.word)
    out: list[tuple[str, str]] = []
    offset, skip_to = 0, 0
    for token in plain:
        if offset in recovered:
            out.append(recovered[offset])
            skip_to = offset + len(recovered[offset][0])
        elif offset >= skip_to:
            out.append((token.word, token.flag))
        offset += len(token.word)
    return _verbs_tagged_as_prepositions(out)


def _verbs_tagged_as_prepositions(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """"哪年通过的": a preposition cannot end a clause, so a two-character word jieba tags as
    one ("通过", "经过") but that stands before 的/了/过 or a stop is the verb."""
    out = list(tokens)
    for i, (word, flag) in enumerate(tokens):
        following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if flag == "p" and len(word) >= 2 and (not following.strip() or following in _CLAUSE_END):
            out[i] = (word, "v")
    return out


def _weight(word: str, flag: str) -> float:
    if _DIGITS.search(word):
        return 1.0 if len(word) >= 2 else 0.0  # years and figures ("2027", "80"), not "1"
    if len(word) < 2:
        return 0.0  # single characters: particles, measure words, fragments of names
    if flag.startswith(_FULL):
        return 1.0
    if flag.startswith(_HALF) or word in _with_synonyms():
        return 0.5  # a word the synonym table lists means something ("自己实施" = 自行实施)
    return 0.0


@cache
def _with_synonyms() -> frozenset[str]:
    """Words of assistant/data/synonyms.toml: each was listed because documents say it another
    way, whatever part of speech jieba gives it (自己 is tagged a pronoun)."""
    return frozenset(word for group in table("synonyms.toml", "sets") for word in group)
