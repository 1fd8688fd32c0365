"""Catalog questions answered by computation over the indexed rows, not by retrieval.

"无锡高新区共享清单里有多少台设备？", "按城市统计设备数量", "list the energy-storage
achievements of universities paired with 建邺": the question is parsed into a kind (设备 / 成果 /
需求 / 团队 / 结对), filters on roles (zone, city, university, paired zone, topic words) and an
optional grouping; the rows are then filtered and counted in Python, so the number is exact for
what is indexed. Every answer says that it counts indexed catalog rows and how many of them are
sample data, lists the rows with citations (at most MAX_LISTED, then how many more), and quotes
figures the documents report on the same subject, since an indexed list may be a sample of the
real one.

Roles come from `assistant.catalog_schema` (synonym table, `<file>.schema.json` override), so any
catalog schema works. Questions this module does not claim (None) go to normal retrieval: policy
targets ("转化率翻番"), programme totals ("首批试点…多少个对子"), several questions in one,
follow-ups with a pronoun ("那里有多少台设备").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.catalog_rows import Names, Row, fold, names_for, split_values, word_set
from assistant.documents import Answer

MAX_LISTED = 10
MAX_GROUPS = 15
MAX_REPORTED = 2

KIND_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("equipment", re.compile(r"设备|仪器|equipment|instruments?\b|devices?\b", re.I)),
    ("achievement", re.compile(
        r"(?<!标志性)成果(?!转化|转移|产出)|专利(?!转化|技术成果转化)|achievements?\b|patents?\b",
        re.I)),
    ("demand", re.compile(r"需求(?!导向|侧)|demands?\b|needs\b", re.I)),
    ("team", re.compile(r"团队|teams?\b", re.I)),
    ("pairing", re.compile(r"结对|对子|配对|pairs?\b|pairings?\b|paired", re.I)),
)
COUNT = re.compile(r"多少|几(?:台|套|项|个|家|所|条|支|种)|数量|总数|总共|一共|共有|统计|"
                   r"how many|number of|\bcount\b|\btotal\b", re.I)
LIST = re.compile(r"列出|列举|列一下|列个|哪些|有什么|都有啥|名单|\blist\b|\bshow\b|\bwhich\b|"
                  r"what are|enumerate", re.I)
GROUP_WORDS = {
    "zone": r"高新区|园区|zones?",
    "city": r"城市|地市|设区市|市|cit(?:y|ies)",
    "university": r"高校|大学|学校|单位|universit(?:y|ies)|schools?",
    "field": r"领域|方向|fields?|domains?",
    "kind": r"类型|类别|种类|kinds?|types?",
}
GROUP_BY = [(role, re.compile(
    rf"(?:按|按照|分)(?:{w})|各(?:个|所)?(?:{w})|每(?:个|所|一)(?:{w})|"
    rf"\b(?:by|per|each|every) (?:{w})\b", re.I)) for role, w in GROUP_WORDS.items()]
# Not a question about catalog rows: policy targets, programme-level totals, several questions.
NOT_CATALOG = re.compile(
    r"转化率|翻番|增幅|到款|目标|指标|亿元|万元|比例|政策|文件|意见|举措|措施|条款|试点|首批|批次|全省|"
    r"多大|面积|金额|资金|基金|方向是|聚焦|主攻|平台|怎么|如何|为什么|是否|能不能|哪天|何时|"
    r"除了|另外|还有|以及|target|goal|policy|rate\b|pilot|batch|province|besides|apart from|"
    r"how (?:is|are|does|do|did)\b|why|when\b|fund", re.I)
# A follow-up that needs the conversation ("那里有多少台设备"): left to the chat's history handling.
PRONOUN = re.compile(r"它|其(?!他|中)|该(?!怎)|[这那](?:个|些|里|家|所|边)|"
                     r"\b(?:it|its|they|them|their|this|that|those|these)\b", re.I)
# Words of the question's form; never topic filters.
FORM_WORDS = word_set(
    "多少 数量 总数 总共 一共 共有 统计 列出 列举 列一下 哪些 有 什么 名单 清单 目录 共享 里 中 "
    "的 了 台 套 项 个 家 所 条 支 种 现在 目前 已经 一下 请 帮 我 我们 给 看看 查 查询 所有 全部 "
    "分别 各 每个 按 按照 高校 大学 学校 单位 高新区 园区 城市 领域 类型 类别 技术 相关 方面 可以 "
    "能 提供 对外 开放 结对 对子 配对 设备 仪器 成果 专利 需求 团队 企业 公司 数 双高 协同 "
    "双高协同 大型 可转化 转化 可供 现有 已有 登记 收录 几个 大概 大约 左右 lists catalog "
    "catalogue indexed all list show"
)


@dataclass
class CatalogQuery:
    """What the question asks of the catalog rows."""

    question: str
    language: str
    kinds: list[str]
    count: bool
    zones: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    universities: list[str] = field(default_factory=list)
    paired_with: list[str] = field(default_factory=list)  # zones whose paired universities
    topics: list[tuple[str, ...]] = field(default_factory=list)  # each: any of these forms
    words: list[str] = field(default_factory=list)  # content words (matched to field values)
    group_by: str = ""


# --- parsing -------------------------------------------------------------------------------------
def parse_question(question: str, names: Names) -> CatalogQuery | None:
    """The catalog computation a question asks for, or None when it is not one."""
    from assistant.text.lang import detect_language

    kinds = [kind for kind, cue in KIND_CUES if cue.search(question)]
    group_by = next((role for role, cue in GROUP_BY if cue.search(question)), "")
    asks = COUNT.search(question) or LIST.search(question) or group_by
    if not kinds or not asks or NOT_CATALOG.search(question) or PRONOUN.search(question):
        return None
    if several_questions(question):
        return None  # several questions in one: retrieval answers them together
    pairing_filter = "pairing" in kinds and len(kinds) > 1
    kinds = [k for k in kinds if k != "pairing"] if pairing_filter else kinds
    if len(kinds) > 1 and group_by != "kind":
        return None
    query = CatalogQuery(question=question, language=detect_language(question), kinds=kinds,
                         count=bool(COUNT.search(question)), group_by=group_by)
    _places(query, names, pairing_filter)
    return query


def several_questions(question: str) -> bool:
    """Two question marks, or count cues in two clauses ("多少个高新区、多少所高校")."""
    if question.count("?") + question.count("？") > 1:
        return True
    clauses = re.split(r"[，,、；;？?。]", question)
    return sum(1 for clause in clauses if COUNT.search(clause)) > 1


def _places(query: CatalogQuery, names: Names, pairing_filter: bool) -> None:
    mentions = names.entities.find(query.question) if names.entities is not None else []
    zones = list(dict.fromkeys(e.name for e in mentions if e.kind == "zone"))
    if pairing_filter and zones:
        query.paired_with = zones
    else:
        query.zones = zones
    query.cities = list(dict.fromkeys(e.name for e in mentions if e.kind == "city"))
    query.universities = list(dict.fromkeys(e.name for e in mentions if e.kind == "university"))
    text = fold(query.question)
    for entity in mentions:
        text = text.replace(fold(entity.alias), " ").replace(fold(entity.name), " ")
    text = LIST.sub(" ", COUNT.sub(" ", text))
    query.topics = _modifier_topics(text, query.language)
    query.words = _content_words(text)


_CLAUSE_CUT = re.compile(r"[，,。；;？?！!、：:\s]|有(?!关)|里|中|是|和|与|及|在|从")
_AFTER_CUE = re.compile(r"^(?:中|里)?(?:涉及|关于|有关|属于|用于|面向)([^，,。；;？?！!]{1,12})|"
                        r"^\s+(?:about|on|in|for|related to|concerning)\s+((?:[\w-]+\s*){1,4})")
_MODIFIER_TAIL = re.compile(r"(?:的|类|相关的?|方面的?|领域的?|方向的?|有关的?)$")


def _modifier_topics(text: str, language: str) -> list[tuple[str, ...]]:
    """Topic words that modify the kind word: "储能成果", "涉及储能的成果", "battery patents".

    Only these (and field values, see `compute`) filter rows: other words of a long question
    ("想借用高校的大型仪器做检测") describe the asker, not the rows wanted.
    """
    pieces: list[str] = []
    for kind, cue in KIND_CUES:
        if kind == "pairing":
            continue
        for found in cue.finditer(text):
            before = text[max(0, found.start() - 12) : found.start()]
            if language == "en":
                pieces.append(" ".join(before.split()[-3:]))
            else:
                pieces.append(_MODIFIER_TAIL.sub("", _CLAUSE_CUT.split(before)[-1]))
            if after := _AFTER_CUE.match(text[found.end() :]):
                pieces.append(after.group(1) or after.group(2) or "")
    return _topic_groups(" ".join(pieces), language)


def _topic_groups(text: str, language: str) -> list[tuple[str, ...]]:
    """Nouns (and glossary domain terms) of the modifier text; verbs and adjectives such as
    借用, 相关, 大型 describe the asking, not the rows."""
    if not text.strip():
        return []
    if language == "en":
        from assistant.retrieval.glossary import expand_english

        forms = tuple(t for t in (fold(x) for x in expand_english(text)) if t not in FORM_WORDS)
        return [forms] if forms else []
    from assistant.index.lexical import _init_jieba

    _init_jieba()
    import jieba.posseg

    words = [w.word.strip() for w in jieba.posseg.lcut(text)
             if (w.flag.startswith(_NOUN_FLAGS) or w.word.strip() in _domain_terms())]
    words = [w for w in words if w not in FORM_WORDS and len(w) >= 2 and not w.isdigit()]
    return [(w,) for w in dict.fromkeys(words)]


_NOUN_FLAGS = ("n", "vn", "eng")


def _content_words(text: str) -> list[str]:
    from assistant.index.lexical import tokenize

    return [t for t in dict.fromkeys(tokenize(text)) if t not in FORM_WORDS and len(t) >= 2]


# --- computing -----------------------------------------------------------------------------------
@dataclass
class CatalogResult:
    query: CatalogQuery
    rows: list[Row]  # the rows that pass every filter, in catalog order
    considered: int  # rows of the asked kinds before filtering
    groups: list[tuple[str, int]] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)  # human-readable filters, answer language

    @property
    def samples(self) -> int:
        return sum(1 for r in self.rows if r.sample)


def compute(query: CatalogQuery, rows: list[Row], names: Names, pairings=None) -> CatalogResult:
    """Filter and count `rows` (all catalog rows of the asked kinds) as the query says."""
    en = query.language == "en"
    kept = [r for r in rows if r.entry_kind in query.kinds]
    result = CatalogResult(query=query, rows=kept, considered=len(kept))
    kinds_text = "、".join(kind_label(k, en) for k in query.kinds)
    result.conditions.append(f"kind = {kinds_text}" if en else f"类别＝{kinds_text}")
    _filter_zones(result, names, pairings)
    _filter_places(result, names)
    _filter_topics(result)
    if query.group_by:
        result.groups = group_counts(result.rows, query.group_by, names)
    return result


def _filter_zones(result: CatalogResult, names: Names, pairings) -> None:
    query, en = result.query, result.query.language == "en"
    paired_with = list(query.paired_with)
    if query.zones and not any(r.zones for r in result.rows) and pairings is not None:
        paired_with = query.zones  # no zone column: count rows of the zone's paired universities
    if paired_with and pairings is not None:
        universities = {names.key(p.university, "university")
                        for z in paired_with for p in pairings.universities_of(z)}
        result.rows = [r for r in result.rows
                       if any(names.key(u, "university") in universities for u in r.universities)]
        zone_text = "、".join(paired_with)
        result.conditions.append(f"university paired with {zone_text}" if en
                                 else f"高校与{zone_text}结对")
    elif query.zones:
        keys = {names.key(z, "zone") for z in query.zones}
        result.rows = [r for r in result.rows if _in_zone(r, keys, names)]
        zone_text = "、".join(query.zones)
        result.conditions.append(f"zone = {zone_text}" if en else f"高新区＝{zone_text}")


def _in_zone(row: Row, keys: set[str], names: Names) -> bool:
    if row.zones:
        return any(names.key(z, "zone") in keys for z in row.zones)
    where = fold(f"{row.chunk.source} {row.chunk.title}")
    return any(key in where for key in keys)  # a file or sheet named for the zone


def _filter_places(result: CatalogResult, names: Names) -> None:
    query, en = result.query, result.query.language == "en"
    if query.cities:
        cities = {fold(c) for c in query.cities}
        result.rows = [r for r in result.rows if cities & {fold(c) for c in row_cities(r, names)}]
        result.conditions.append(("city = " if en else "城市＝") + "、".join(query.cities))
    if query.universities:
        keys = {names.key(u, "university") for u in query.universities}
        result.rows = [r for r in result.rows
                       if any(names.key(u, "university") in keys for u in r.universities)]
        result.conditions.append(("university = " if en else "高校＝")
                                 + "、".join(query.universities))


def row_cities(row: Row, names: Names) -> list[str]:
    """The row's city column, else the city of its zone or of its university."""
    cities = split_values(row.get("city"))
    if cities:
        return cities
    found = [names.city_of(z, "zone") for z in row.zones]
    found += [names.city_of(u, "university") for u in row.universities]
    return [c for c in dict.fromkeys(found) if c]


def _filter_topics(result: CatalogResult) -> None:
    """AND over topic groups; a group matches a row naming any of its forms (in its name, team,
    field, keywords or description). A question word equal to a field value also filters."""
    en = result.query.language == "en"
    vocabulary = {fold(f) for r in result.rows for f in r.fields}
    groups = list(result.query.topics)
    groups += [(w,) for w in result.query.words
               if w in vocabulary and not any(w in f for g in groups for f in g)]
    for forms in groups:
        result.rows = [r for r in result.rows if any(f in r.topic_text for f in forms)]
        shown = " / ".join(forms)
        result.conditions.append(f"about {shown}" if en else f"内容含「{shown}」")


@lru_cache(maxsize=1)
def _domain_terms() -> frozenset[str]:
    from assistant.retrieval.glossary import load_glossary

    return frozenset(fold(t) for t in load_glossary().chinese_terms()) - FORM_WORDS


def group_counts(rows: list[Row], role: str, names: Names) -> list[tuple[str, int]]:
    """(value, rows) per group, largest first; a row with several values counts in each."""
    counter: Counter[str] = Counter()
    for row in rows:
        for value in dict.fromkeys(_group_values(row, role, names)) or ["—"]:
            counter[value] += 1
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _group_values(row: Row, role: str, names: Names) -> list[str]:
    if role == "zone":
        return [names.canonical(z, "zone") for z in row.zones]
    if role == "city":
        return row_cities(row, names)
    if role == "university":
        return [names.canonical(u, "university") for u in row.universities]
    if role == "field":
        return row.fields
    return [row.entry_kind]


# --- answering -----------------------------------------------------------------------------------
def answer_catalog_question(question: str, kb, names: Names | None = None) -> Answer | None:
    """The computed answer to a catalog count/list question, or None when it is not one.

    Pairing questions ("建邺高新区和哪些高校结对？") are answered from the pairing lists by
    `assistant.pairings`; this function hands them over, so the chat needs only this one call.
    """
    from assistant.pairings import PairingIndex, answer_from_index, is_pairing_question

    names = names or names_for(kb)
    query = parse_question(question, names)
    if query is None:
        return None
    pairings = PairingIndex.from_kb(kb, names)
    if query.kinds == ["pairing"]:
        return answer_from_index(question, pairings) if is_pairing_question(question) else None
    rows = catalog_rows(kb, query.kinds)
    if not any(r.entry_kind in query.kinds for r in rows):
        return None  # nothing of this kind is indexed: the documents may still say something
    result = compute(query, rows, names, pairings)
    from assistant.catalog_answer import compose

    return compose(result, kb)


def catalog_rows(kb, kinds: list[str]) -> list[Row]:
    """Rows of the asked kinds (teams live in generic catalogs), from the shared row cache."""
    from assistant.catalog_rows import population

    wanted = {k for k in kinds if k != "team"} | ({"catalog"} if "team" in kinds else set())
    return population(kb, tuple(wanted)).rows


def kind_label(kind: str, en: bool) -> str:
    from assistant.match_render import KIND_LABELS

    return KIND_LABELS["en" if en else "zh"].get(kind, kind)
