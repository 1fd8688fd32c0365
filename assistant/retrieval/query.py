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

import jieba.analyse

from assistant.phrasing import pattern, table, words
from assistant.retrieval.asks import english_kind_words
from assistant.retrieval.concepts import Concept, concepts_of
from assistant.retrieval.entities import Entity, EntityIndex, dedupe_entities
from assistant.retrieval.glossary import load_glossary
from assistant.retrieval.intent import Intent, asked_entity_kind, classify
from assistant.text.lang import detect_language
from assistant.text.normalize import fold

# --- cues (assistant/data/patterns.toml, section "followup") -------------------------------------
_ZH_PLURAL = pattern("followup.zh_plural")
_ZH_SINGULAR = pattern("followup.zh_singular")
_ZH_CONTINUATION = pattern("followup.zh_continuation")
_EN_PLURAL = pattern("followup.en_plural")
_EN_SINGULAR = pattern("followup.en_singular")
_EN_DEICTIC = pattern("followup.en_deictic")
_EN_CONTINUATION = pattern("followup.en_continuation")
_ZH_WHICH = pattern("followup.zh_which")
_ZH_WHICH_AFTER = pattern("followup.zh_which_after")
_EN_WHICH = pattern("followup.en_which")
_TITLE = pattern("followup.title")
# Kind of thing a deictic or a "which …?" question is about.
_KIND_WORDS = tuple((kind, pattern(f"followup.kind_words.{kind}"))
                    for kind in ("zone", "university", "enterprise", "city"))
_PRONOUNS = {
    "它", "它们", "他们", "她们", "其", "其中",
    "it", "its", "he", "she", "him", "his", "her", "they", "them", "their", "theirs",
}
_ZH_CLASSIFIER_KIND = (("所", "university"), ("家", "enterprise"))

# "Short": an elliptical question under these sizes (CJK characters / English words).
_SHORT_ZH = 20
_SHORT_EN = 10
_MAX_TOPIC_TERMS = 6
_MAX_PLURAL_INHERIT = 3
_ASSISTANT_SCAN_CHARS = 3000
_TOPIC_SCAN_CHARS = 300
# Words too general to carry a topic on their own.
_GENERIC = words("generic_topic_words")
_PHRASING = words("question_words")  # "叫啥名字来着": how it was asked, not what about
_JIEBA_POS = ("n", "nz", "nt", "nl", "ng", "vn", "l", "eng")
_YEAR = pattern("text.year")
_SELF_INTRO = pattern("asker.self_intro")
_SET_ASIDE = pattern("asker.set_aside")
_DOCUMENT_YEAR = pattern("scope.numbers.year")


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
    intent: Intent = Intent.POLICY  # the kind of answer the question wants
    asked_kind: str | None = None  # "university" / "zone" when it asks for such a name
    years: list[str] = field(default_factory=list)  # years the question names
    topic_text: str = ""  # the question without what the asker says of themselves or sets
    # aside ("除了…，还…"): where its concepts are read from
    concepts: list[Concept] = field(default_factory=list)  # the question's own topic words,
    # without a clause where the asker introduces themselves ("我是…老师")
    previous_answer: str = ""  # the last answer of the conversation, for a follow-up

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
    language = detect_language(question)
    folded = fold(question)
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
        topics = [*_named_before(folded, turns), *topics]
        own = {e.key for e in entities}
        inherited = [e for e in inherited if e.key not in own]
        topics = [t for t in topics if fold(t) not in folded]
    rewritten = _rewrite(question, language, entities, inherited, topics, expansions)
    return QueryAnalysis(
        question, language, folded, entities, expansions, rewritten, inherited, followup, topics,
        intent=classify(question), asked_kind=asked_entity_kind(question),
        years=_years(question),
        topic_text=(topic := _SET_ASIDE.sub(" ", _SELF_INTRO.sub(" ", question))),
        concepts=concepts_of(topic),
        previous_answer=_last_answer(turns)[:_ASSISTANT_SCAN_CHARS] if followup else "",
    )


def _years(question: str) -> list[str]:
    """Years the question asks about; a year inside a document number is part of its name."""
    named = {y for m in _DOCUMENT_YEAR.finditer(question) for y in m.groups() if y}
    return [y for m in _YEAR.finditer(question) if (y := m.group(0)) not in named]


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
    for kind, cue in _KIND_WORDS:
        match = cue.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def _refers_inside(folded: str, entities: list[Entity], cues: _Cues) -> bool:
    """A pronoun after the question's own entity points back at it, not at the history:
    "What has Gulou High-tech Zone done, and what are its plans?"."""
    if cues.continuation or cues.anchor is None or not entities:
        return False
    mentions = [folded.find(fold(e.alias)) for e in entities]
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
    last_answer = _last_answer(turns)
    user_entities = next((found for text in reversed(users) if (found := index.find(text))), [])
    # a follow-up inherits the topic of the last question, read up to a question's length: the
    # POS tagger's cost grows fast on long runs of unknown characters
    topics = _topic_terms(users[-1][:_TOPIC_SCAN_CHARS], index) if users else []
    hint = cues.kind_hint or (_asked_kind(users[-1]) if users else None)
    answer_entities = index.find(last_answer[:_ASSISTANT_SCAN_CHARS]) if last_answer else []
    if cues.singular and not cues.plural and answer_entities:
        pick = _pick(answer_entities, hint, 1)
        return dedupe_entities([*pick, *user_entities]), topics
    if user_entities:
        return user_entities, topics
    return _pick(answer_entities, hint, _MAX_PLURAL_INHERIT), topics


# The words before a name in "…设立山东优秀发明家奖": what comes after the last of them is the name.
_NAMING_VERB = re.compile(r"^.*(?:设立|设置|建立|成立|设有|名为|称为|叫做|叫|即|是|为)")


def _last_answer(turns: list[dict]) -> str:
    return next((str(t["content"]) for t in reversed(turns) if t.get("role") == "assistant"), "")


def _named_before(folded: str, turns: list[dict]) -> list[str]:
    """"这个奖" / "this award": the thing of that kind the last answer named ("…设立山东优秀发明
    家奖"), which the follow-up is about though it never says its name."""
    english = table("words.toml", "named_kinds_en")
    forms = [f for k in [*words("named_kinds"), *english]
             if re.search(rf"(?:这个|这项|这一|该|此|那个)\s*{k}|\b(?:this|that)\s+{k}\b", folded)
             for f in (english_kind_words(k) if k in english else [k])]
    answer = _last_answer(turns)
    for form in forms:
        kind = re.escape(form)
        for match in re.finditer(rf"“([^”]{{1,20}}{kind})”|([\u4e00-\u9fff]{{2,16}}{kind})"
                                 rf"(?![\u4e00-\u9fff])", answer[:_ASSISTANT_SCAN_CHARS]):
            name = _NAMING_VERB.sub("", match.group(1) or match.group(2))
            if len(name) > len(form):
                return [fold(name)]
    return []


def _asked_kind(question: str) -> str | None:
    """Kind a question asked for: 哪所高校 / which university → university."""
    folded = fold(question)
    for cue in (_ZH_WHICH, _ZH_WHICH_AFTER, _EN_WHICH):
        match = cue.search(folded)
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
    folded = fold(text)
    names = [fold(n) for e in index.find(text) for n in (e.alias, e.name)]
    if detect_language(text) == "en":
        terms = load_glossary().expand(text)
    else:
        terms = [next(g for g in m.groups() if g) for m in _TITLE.finditer(folded)]
        terms = [re.sub(r"[“”\"「」]", "", t) for t in terms]
        terms += _domain_terms(folded) + _keywords(folded)
    out: list[str] = []
    for term in terms:
        if term in _GENERIC or term in _PHRASING or any(term in n or n in term for n in names):
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
    folded = fold(question)
    # A name matched through an English alias ("Jiangnan University") gets its Chinese name.
    translated = [e.name for e in entities if e.alias.isascii()]
    context = [e.name for e in inherited] + topics
    extra = [*translated, *context, *expansions] if language == "en" else translated
    extra = [t for t in dict.fromkeys(extra) if fold(t) not in folded]
    if language == "en":
        return " ".join([question.strip(), *extra])
    prefix = [t for t in dict.fromkeys(context) if fold(t) not in folded]
    return " ".join([*prefix, question.strip(), *extra])
