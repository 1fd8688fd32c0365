"""The question's concepts as weighted term groups, and the first checks on the evidence.

Term groups (IDF-weighted, synonyms as data) are what answer units are judged on
(`assistant.answer.units`). `gather` refuses early only when nothing was retrieved, a year the
question names appears in none of the top passages, or a question asking for a university or a
zone finds no name of that kind; whether a sentence answers is decided per sentence later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cache

from assistant.documents import Chunk
from assistant.index.lexical import tokenize
from assistant.phrasing import pattern, table, words
from assistant.retrieval.glossary import expand_english_groups
from assistant.retrieval.types import RetrievalResult, ScoredChunk
from assistant.text.normalize import fold

# Words that carry the question's form, not its topic (assistant/data/words.toml).
QUESTION_WORDS = words("question_words")
EN_STOPWORDS = words("english_stop_words")
QUOTED = pattern("text.quoted")


@dataclass
class TermGroup:
    """One concept of the question: any of `forms` counts as covering it."""

    label: str
    forms: tuple[str, ...]
    weight: float = 1.0
    inherited: bool = False  # carried over from earlier turns of a follow-up


@dataclass
class Evidence:
    """The passages an answer may use, with what they cover."""

    hits: list[ScoredChunk]
    groups: list[TermGroup]
    coverage: float  # IDF-weighted share of term groups covered by the top passages
    refused_reason: str = ""
    per_hit: dict[str, float] = field(default_factory=dict)
    years: list[str] = field(default_factory=list)  # years the question names

    @property
    def refused(self) -> bool:
        return bool(self.refused_reason)


def searchable(chunk: Chunk) -> str:
    """Folded text a passage is judged on: title, headings, body and string metadata."""
    meta = " ".join(str(v) for k, v in chunk.metadata.items()
                    if isinstance(v, str) and k != "columns")
    return fold(f"{chunk.retrieval_text()} {meta}")


INHERITED_SHARE = 0.5  # of its weight a concept carried over from earlier turns keeps


def term_groups(result: RetrievalResult, idf) -> list[TermGroup]:
    """The question's key concepts, weighted by inverse document frequency."""
    analysis = result.query
    groups: list[TermGroup] = []
    seen: set[str] = set()
    if analysis.language == "en":
        for word, forms in expand_english_groups(analysis.topic_text or analysis.original):
            cjk_forms = tuple(fold(f) for f in forms)
            if cjk_forms and word not in seen:
                seen.add(word)
                # a concept is as specific as its most common form
                groups.append(TermGroup(word, cjk_forms, min(idf(f) for f in cjk_forms)))
    for entity in analysis.entities:  # a named zone/university is one concept, in any spelling
        forms = tuple(dict.fromkeys(fold(f) for f in (entity.name, entity.alias) if f))
        if forms[0] not in seen:
            seen.update(forms)
            seen.update(tokenize(entity.alias))
            groups.append(TermGroup(forms[0], forms, idf(forms[0])))
    for concept in analysis.concepts:
        word = concept.word
        if word in seen or any(word in s for s in seen if not s.isascii()):
            continue  # part of a name or glossary term already counted
        if analysis.language == "en" and word.isascii():
            continue  # English words are covered through the glossary groups above
        seen.add(word)
        groups.append(TermGroup(word, synonyms_of(word), idf(word) * concept.weight))
    for phrase in QUOTED.findall(analysis.original):
        folded = fold(phrase)
        if folded and folded not in seen:  # a quoted name ("五个一") is one concept, not its tokens
            seen.add(folded)
            groups.append(TermGroup(folded, (folded,), idf(folded)))
    inherited = [e.name for e in analysis.inherited] + list(getattr(analysis, "topic_terms", []))
    for term in inherited:
        name = fold(term)
        if name and name not in seen:
            seen.add(name)
            # the context of a follow-up, which its own words outweigh: "那筹建这段时间能不能
            # 先搞生产经营？" asks about 生产经营, not the 审批 and 登记 of the turn before
            groups.append(TermGroup(name, (name,), idf(name), inherited=True))
    return [replace(g, weight=g.weight * INHERITED_SHARE) if g.inherited else g
            for g in _unknown_as_typical(_drop_nested(groups), idf)]


def _unknown_as_typical(groups: list[TermGroup], idf) -> list[TermGroup]:
    """A concept the knowledge base never uses counts like a typical concept of the question:
    up, as evidence the material may not cover it, but not so far that one rare word of the
    asker's ("表里") outweighs all the others."""
    top = idf("\x00")  # the weight of a word no document has
    known = [g.weight for g in groups if g.weight < top * 0.999]
    typical = sum(known) / len(known) if known else top
    return [TermGroup(g.label, g.forms, min(g.weight, max(typical, 1.0)), g.inherited)
            if g.weight >= top * 0.999 else g for g in groups]


@cache
def _synonym_sets() -> dict[str, tuple[str, ...]]:
    sets = table("synonyms.toml", "sets")
    return {word: tuple(dict.fromkeys([word, *group])) for group in sets for word in group}


def synonyms_of(word: str) -> tuple[str, ...]:
    """The word and the words a document may use for it (assistant/data/synonyms.toml)."""
    return _synonym_sets().get(word, (word,))


def _drop_nested(groups: list[TermGroup]) -> list[TermGroup]:
    """jieba's search mode yields "高新区" and "高新"; keep only the longest of nested forms."""
    labels = [g.label for g in groups if not g.label.isascii()]
    return [
        g for g in groups
        if not any(g.label != other and g.label in other and len(g.forms) == 1 for other in labels)
    ]


def coverage_of(text: str, groups: list[TermGroup]) -> float:
    """The IDF-weighted share of the concepts `text` covers. A concept carried over from an
    earlier turn counts when covered and is not missed when not: the follow-up's own words say
    what must be there (unless it has none: "它哪天施行？")."""
    covered = [g for g in groups if any(form in text for form in g.forms)]
    own = [g for g in groups if not g.inherited]
    counted = [*own, *(g for g in covered if g.inherited)] if own else groups
    total = sum(g.weight for g in counted)
    if total <= 0:
        return 1.0
    return sum(g.weight for g in covered) / total


def make_idf(kb):
    """idf(term) from the BM25 index's document frequencies. A word the knowledge base never
    uses weighs the most: it is evidence that the material does not cover the question (the
    question's phrasing words are not concepts at all, see `assistant.retrieval.concepts`)."""
    lexical = kb.lexical()
    n = max(len(lexical), 1) if lexical is not None else 1

    def token_idf(token: str) -> float:
        df = lexical.doc_freq(token) if lexical is not None else 0
        return math.log((n - df + 0.5) / (df + 0.5) + 1.0)

    def idf(term: str) -> float:
        """A phrase the index holds only as parts ("许可净收入" = 许可 + 净收入) is as specific as
        its most specific known part."""
        if lexical is None or lexical.doc_freq(term) or len(parts := tokenize(term)) < 2:
            return token_idf(term)
        known = [token_idf(t) for t in parts if lexical.doc_freq(t)]
        return max(known) if known else token_idf(term)

    return idf


def gather(result: RetrievalResult, kb, asked_kind: str | None,
           min_coverage: float = 0.0, top_n: int = 3) -> Evidence:
    """Score the hits against the question's terms and decide whether to answer."""
    groups = term_groups(result, make_idf(kb))
    texts = {h.chunk.id: searchable(h.chunk) for h in result.hits}
    per_hit = {cid: coverage_of(text, groups) for cid, text in texts.items()}
    top = result.hits[:top_n]
    union = " ".join(texts[h.chunk.id] for h in top)
    coverage = coverage_of(union, groups)
    evidence = Evidence(hits=result.hits, groups=groups, coverage=coverage, per_hit=per_hit,
                        years=result.query.years)
    if not result.hits:
        evidence.refused_reason = "no passages retrieved"
    elif missing := [y for y in result.query.years if y not in union]:
        evidence.refused_reason = f"the material names no {', '.join(missing)}"
    elif coverage < min_coverage:
        evidence.refused_reason = f"key terms not covered (coverage {coverage:.2f})"
    elif asked_kind and not _names_kind(top, asked_kind, kb):
        evidence.refused_reason = f"no {asked_kind} named in the evidence"
    return evidence


def _names_kind(hits: list[ScoredChunk], kind: str, kb) -> bool:
    index = kb.entity_index()
    return any(e.kind == kind for hit in hits for e in index.find(hit.chunk.text)) or any(
        names_by_shape(hit.chunk.text, kind) for hit in hits)


def names_by_shape(text: str, kind: str) -> list[str]:
    """Zone or university names recognised by their ending ("…高新区", "…大学"): the gazetteer
    knows Jiangsu's; documents from elsewhere name others."""
    try:
        shape = pattern(f"names.{kind}")
    except KeyError:
        return []
    return [m.group(0) for m in shape.finditer(text)]
