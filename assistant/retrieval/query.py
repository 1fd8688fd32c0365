"""Query understanding without an LLM: language, folding, named entities, glossary expansion,
and follow-up resolution against the conversation history.

A follow-up ("它和哪个高新区结对？", "How many items do those two lists contain?") has no
subject of its own, so it is searched together with what the conversation was about: the
entities and key terms of the last user turn, and, when a pronoun points at one thing, the entity
the last answer named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.retrieval.entities import Entity, EntityIndex, dedupe_entities
from assistant.retrieval.glossary import load_glossary

# --- cues ----------------------------------------------------------------------------------------
# Chinese pronouns and deictics. 其/该/此 are excluded where they are part of ordinary words
# (其他, 尤其, 应该, 因此, 此外 …).
_ZH_PLURAL = re.compile(r"它们|他们|她们|这些|那些|[这那][两几三][个所家份项条位]|上述|前述|其中")
_ZH_SINGULAR = re.compile(
    r"它(?!们)|(?<![尤极])其(?![他它实余次中])|(?<![应活])该(?=[\u4e00-\u9fff])"
    r"|[这那]一?[个所家份项条位次里边]|(?<![因如彼])此(?![外后前时刻])"
)
_ZH_CONTINUATION = re.compile(r"^(?:那么?|还有|另外|再)(?![个所家份项条位次里边些])|呢[?？。]?$")
_EN_PLURAL = re.compile(r"\b(?:they|them|their|theirs|those|these)\b")
_EN_SINGULAR = re.compile(r"\b(?:it|its|he|she|him|his|her)\b")
_EN_REFERENT = (
    r"university|school|college|zone|park|company|enterprise|firm|list|document|file|policy|plan|"
    r"cent(?:er|re)|fund|platform|meeting|conference|event|project|pair|city|one|institute|"
    r"measure|item|opinion|notice|collaboration|programme|program|agreement|base|consortium"
)
_EN_DEICTIC = re.compile(rf"\b(?:this|that)\s+(?:{_EN_REFERENT})s?\b|\b(?:this|that)\s*[?.!]?$")
_EN_CONTINUATION = re.compile(
    r"^(?:and|also|what about|how about)\b|\byou (?:mentioned|said)\b"
    r"|\bmentioned (?:above|earlier)\b|\baforementioned\b|\bthe same\b"
)

_PRONOUNS = {
    "它", "它们", "他们", "她们", "其", "其中",
    "it", "its", "he", "she", "him", "his", "her", "they", "them", "their", "theirs",
}

# Kind of thing a deictic or a "which …?" question is about.
_KIND_WORDS = (
    ("zone", re.compile(r"高新区|园区|开发区|zones?\b|parks?\b")),
    ("university", re.compile(r"高校|大学|学校|学院|[所该]校|universit|schools?\b|colleges?\b")),
    ("enterprise", re.compile(r"企业|公司|compan|enterprises?\b|firms?\b")),
    ("city", re.compile(r"城市|设区市|cit(?:y|ies)\b")),
)
_ZH_WHICH = re.compile(
    r"(?:哪|什么)[^，。？?！!、]{0,4}?(?:高新区|园区|高校|大学|学校|学院|企业|公司|城市|市)"
)
_ZH_WHICH_AFTER = re.compile(r"(?:高新区|园区|高校|大学|学校|学院|企业|公司|城市)(?:是|有|为)?哪")
_ZH_CLASSIFIER_KIND = (("所", "university"), ("家", "enterprise"))
_EN_WHICH = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:universit\w*|schools?|colleges?|zones?|parks?|compan\w*|enterprises?|firms?|cit(?:y|ies))\b"
)
_TITLE = re.compile(r"《([^》]{2,40})》|“([^”]{2,20})”|「([^」]{2,20})」|\"([^\"]{2,20})\"")

# "Short": an elliptical question under these sizes (CJK characters / English words).
_SHORT_ZH = 20
_SHORT_EN = 10
_MAX_TOPIC_TERMS = 6
_MAX_PLURAL_INHERIT = 3
_ASSISTANT_SCAN_CHARS = 3000
# Words too general to carry a topic on their own.
_GENERIC = {
    "高校", "大学", "企业", "公司", "学校", "学院", "高新区", "园区", "市", "省", "区", "中心",
    "平台", "项目", "条", "项", "批", "部", "会", "目标", "任务", "政策", "文件", "需求",
}
_JIEBA_POS = ("n", "nz", "nt", "nl", "ng", "vn", "l", "eng")


def _fold(text: str) -> str:
    from assistant.text.normalize import fold

    return fold(text)


def _detect_language(text: str) -> str:
    from assistant.text.lang import detect_language

    return detect_language(text)


@dataclass
class QueryAnalysis:
    """What retrieval needs to know about a question; `rewritten` is what it searches for."""

    original: str
    language: str  # "zh" | "en"
    folded: str
    entities: list[Entity]
    expansions: list[str]  # Chinese glossary terms for an English question
    rewritten: str
    inherited: list[Entity]
    is_followup: bool
    topic_terms: list[str] = field(default_factory=list)  # key terms taken over from history

    @property
    def all_entities(self) -> list[Entity]:
        """The question's own entities first, then the inherited ones."""
        return dedupe_entities([*self.entities, *self.inherited])

    def names(self, kind: str) -> list[str]:
        """Canonical names of one kind ("zone", "university", "city", "enterprise")."""
        return [e.name for e in self.all_entities if e.kind == kind]

    def cities(self) -> list[str]:
        """Cities mentioned or implied: a zone or university implies the city it is in."""
        return list(dict.fromkeys(e.city for e in self.all_entities if e.city))


@dataclass(frozen=True)
class _Cues:
    singular: bool
    plural: bool
    continuation: bool
    kind_hint: str | None
    anchor: int | None = None  # where the first pronoun or deictic is

    @property
    def deictic(self) -> bool:
        return self.singular or self.plural or self.continuation


@lru_cache(maxsize=1)
def default_index() -> EntityIndex:
    """A gazetteer-only index for callers without catalogs (tests, the CLI before ingest)."""
    return EntityIndex()


def analyze(
    question: str, history: list[dict] | None = None, entity_index: EntityIndex | None = None
) -> QueryAnalysis:
    """Understand `question` in the context of `history` ([{"role", "content"}…], oldest first)."""
    index = entity_index or default_index()
    language = _detect_language(question)
    folded = _fold(question)
    entities = index.find(question)
    expansions = load_glossary().expand(question) if language == "en" else []
    turns = _usable_history(question, history)
    cues = _cues(folded, language)
    followup = bool(turns) and (cues.deictic or _elliptical(question, language, entities))
    if followup and _refers_inside(folded, entities, cues):
        followup = False
    inherited: list[Entity] = []
    topics: list[str] = []
    if followup:
        inherited, topics = _resolve(turns, cues, index)
        own = {e.key for e in entities}
        inherited = [e for e in inherited if e.key not in own]
        topics = [t for t in topics if _fold(t) not in folded]
    rewritten = _rewrite(question, language, entities, inherited, topics, expansions)
    return QueryAnalysis(
        question, language, folded, entities, expansions, rewritten, inherited, followup, topics
    )


def _usable_history(question: str, history: list[dict] | None) -> list[dict]:
    turns = [t for t in history or [] if str(t.get("content") or "").strip()]
    last = turns[-1] if turns else {}
    if last.get("role") == "user" and str(last["content"]).strip() == question.strip():
        turns = turns[:-1]  # some callers append the current question to the history
    return turns


def _cues(folded: str, language: str) -> _Cues:
    text = folded.strip()
    if language == "zh" or not text.isascii():
        singular = _ZH_SINGULAR.search(text)
        plural = _ZH_PLURAL.search(text)
        continuation = bool(_ZH_CONTINUATION.search(text))
    else:
        singular = None
        plural = None
        continuation = False
    if language == "en":
        singular = singular or _EN_SINGULAR.search(text) or _EN_DEICTIC.search(text)
        plural = plural or _EN_PLURAL.search(text)
        continuation = continuation or bool(_EN_CONTINUATION.search(text))
    anchors = [m for m in (singular, plural) if m]
    anchor = min(anchors, key=lambda m: m.start()) if anchors else None
    hint = _determiner_kind(text, anchor) if anchor else None
    where = anchor.start() if anchor else None
    return _Cues(bool(singular), bool(plural), continuation, hint, where)


def _determiner_kind(text: str, anchor: re.Match[str]) -> str | None:
    """Kind named by a determiner's noun: 这所(学校) → university, that zone → zone.

    Bare pronouns (它, it, they) say nothing about their referent; the words after them belong
    to the question ("它和哪个高新区结对" asks for a zone about a university).
    """
    word = anchor.group(0).strip()
    if word in _PRONOUNS:
        return None
    if word.endswith("所"):
        return "university"
    if word.endswith("家"):
        return "enterprise"
    return _kind_of(text[anchor.start() : anchor.end() + 6])


def _kind_of(text: str) -> str | None:
    """Kind of thing named first in `text` (这所学校 → university, that zone → zone)."""
    best: tuple[int, str] | None = None
    for kind, pattern in _KIND_WORDS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def _refers_inside(folded: str, entities: list[Entity], cues: _Cues) -> bool:
    """A pronoun after the question's own entity points back at it, not at the history:
    "What has Gulou High-tech Zone done, and what are its plans?"."""
    if cues.continuation or cues.anchor is None or not entities:
        return False
    mentions = [folded.find(_fold(e.alias)) for e in entities]
    return any(0 <= m < cues.anchor for m in mentions)


def _elliptical(question: str, language: str, entities: list[Entity]) -> bool:
    """No subject of its own and short: "哪天印发的？", "And the budget?"."""
    if entities or "《" in question:
        return False
    if language == "en":
        return len(re.findall(r"[A-Za-z0-9]+", question)) <= _SHORT_EN
    return len(re.findall(r"[\u4e00-\u9fff]", question)) <= _SHORT_ZH


def _resolve(turns: list[dict], cues: _Cues, index: EntityIndex) -> tuple[list[Entity], list[str]]:
    """Entities and topic terms a follow-up takes over from the conversation."""
    users = [str(t["content"]) for t in turns if t.get("role") == "user"]
    last_answer = next(
        (str(t["content"]) for t in reversed(turns) if t.get("role") == "assistant"), ""
    )
    user_entities = next((found for text in reversed(users) if (found := index.find(text))), [])
    topics = _topic_terms(users[-1], index) if users else []
    hint = cues.kind_hint or (_asked_kind(users[-1]) if users else None)
    answer_entities = index.find(last_answer[:_ASSISTANT_SCAN_CHARS]) if last_answer else []
    if cues.singular and not cues.plural and answer_entities:
        pick = _pick(answer_entities, hint, 1)
        return dedupe_entities([*pick, *user_entities]), topics
    if user_entities:
        return user_entities, topics
    return _pick(answer_entities, hint, _MAX_PLURAL_INHERIT), topics


def _asked_kind(question: str) -> str | None:
    """Kind a question asked for: 哪所高校 / which university → university."""
    folded = _fold(question)
    for pattern in (_ZH_WHICH, _ZH_WHICH_AFTER, _EN_WHICH):
        match = pattern.search(folded)
        if match and (kind := _kind_of(match.group(0))):
            return kind
    # "是哪所？" / "哪几家？": the classifier alone names the kind.
    return next((k for c, k in _ZH_CLASSIFIER_KIND if re.search(rf"哪[几两]?{c}", folded)), None)


def _pick(entities: list[Entity], kind: str | None, limit: int) -> list[Entity]:
    """Entities of the wanted kind; without a kind, the first ones that are not bare cities."""
    if kind:
        chosen = [e for e in entities if e.kind == kind]
        if chosen:
            return chosen[:limit]
    return [e for e in entities if e.kind != "city"][:limit] or entities[:limit]


def _topic_terms(text: str, index: EntityIndex) -> list[str]:
    """Key noun phrases of an earlier question: titles, domain terms, then jieba keywords.

    Names of entities are left out: they are inherited as entities, with their canonical name.
    """
    folded = _fold(text)
    names = [_fold(n) for e in index.find(text) for n in (e.alias, e.name)]
    if _detect_language(text) == "en":
        terms = load_glossary().expand(text)
    else:
        terms = [next(g for g in m.groups() if g) for m in _TITLE.finditer(folded)]
        terms = [re.sub(r"[“”\"「」]", "", t) for t in terms]
        terms += _domain_terms(folded) + _keywords(folded)
    out: list[str] = []
    for term in terms:
        if term in _GENERIC or any(term in n or n in term for n in names):
            continue
        if not any(term in kept for kept in out):
            out.append(term)
    return out[:_MAX_TOPIC_TERMS]


def _domain_terms(folded: str) -> list[str]:
    """Glossary terms present in Chinese text, longest first and not overlapping."""
    taken = [False] * len(folded)
    found: list[tuple[int, str]] = []
    for term in _domain_vocabulary():
        start = folded.find(term)
        if start >= 0 and not any(taken[start : start + len(term)]):
            taken[start : start + len(term)] = [True] * len(term)
            found.append((start, term))
    return [term for _, term in sorted(found)]


@lru_cache(maxsize=1)
def _domain_vocabulary() -> tuple[str, ...]:
    terms = {t for t in load_glossary().chinese_terms() if len(t) >= 2 and not t.isascii()}
    return tuple(sorted(terms, key=len, reverse=True))


def _keywords(folded: str) -> list[str]:
    """A few nouns jieba ranks highest (it reads its dictionary only; nothing is added to it)."""
    import jieba.analyse

    words = jieba.analyse.extract_tags(folded, topK=4, allowPOS=_JIEBA_POS)
    return [w for w in words if len(w) >= 2]


def _rewrite(
    question: str,
    language: str,
    entities: list[Entity],
    inherited: list[Entity],
    topics: list[str],
    expansions: list[str],
) -> str:
    """The question plus its context: Chinese names and terms, so BM25 can match Chinese text."""
    folded = _fold(question)
    # A name matched through an English alias ("Jiangnan University") gets its Chinese name.
    translated = [e.name for e in entities if e.alias.isascii()]
    context = [e.name for e in inherited] + topics
    extra = [*translated, *context, *expansions] if language == "en" else translated
    extra = [t for t in dict.fromkeys(extra) if _fold(t) not in folded]
    if language == "en":
        return " ".join([question.strip(), *extra])
    prefix = [t for t in dict.fromkeys(context) if _fold(t) not in folded]
    return " ".join([*prefix, question.strip(), *extra])
