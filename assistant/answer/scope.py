"""The document a question names — by title, short title, jurisdiction or number — and whether
it is indexed.

"北京市规定…", "按照《…条例》…", "127号文件…", "the Shanghai regulation…": such a question must be
answered from that document when it is indexed, and say so when it is not, instead of silently
answering from another one. A jurisdiction alone ("北京大学在哪") is not a document reference:
it counts only next to a document word (规定, 条例, regulation, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import jieba.posseg
from pypinyin import lazy_pinyin

from assistant.index.chunk_store import ChunkStore
from assistant.index.lexical import init_jieba
from assistant.phrasing import pattern, table, words
from assistant.retrieval.glossary import expand_english_groups
from assistant.text.normalize import fold

_TITLE = re.compile(r"《([^》]{2,60})》")
_NUMBER_IN_DOC = re.compile(
    r"([\u4e00-\u9fff]{1,6})\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*第?\s*(\d{1,4})\s*号")
_HEAD_CHARS = 600  # where a document states its number and issuer
_SENTENCE_MARKS = re.compile(r"[，,。；;：:]")
# An unlisted jurisdiction by its shape, at the start of a clause: "丙省的条例", "温州市规定".
_REGION_SHAPE = re.compile(
    r"(?:^|[\s，,。；;：:？?《“、]|按照|根据|依照|依据|按|和|与|及|跟|同)"
    r"([\u4e00-\u9fff]{1,4}?(?:省|市|自治区))(?=的|规定|条例|办法|[\u4e00-\u9fff])")
_QUOTED_NAME = re.compile(r"[“\"「]([^”\"」]{2,20})[”\"」]")
_MIN_TITLE_CORE = 6  # characters of a title a question must repeat to name it
_TITLE_SLACK = 2  # characters of a title an English name may leave unmatched (的, 及)
_MAX_NAMED_DOCUMENTS = 3  # a quoted name in more titles than this names a topic, not a document
_PARENTHESES = re.compile(r"[（(][^（）()]*[)）]")
# Characters from a jurisdiction to the document word after it ("北京市促进科技成果转化条例",
# "上海市的规定"); a bare "国家" must be right before it ("国家规定"), since "国家高新区" or
# "国家级" name a rank, not a document. English allows the word order "regulation of Beijing".
_NEAR = 16
_NEAR_GENERIC = 3
_GENERIC_NAMES = frozenset({"国家", "全国", "中央"})
_FULL_NATIONAL = frozenset({"中华人民共和国", "国务院"})
_BREAK = re.compile(r"[，。？！；,.?!;]")
_ASCII_WORD = re.compile(r"[a-z]+")
_PROPER_NAME_TAGS = frozenset({"ns", "nt"})  # places and bodies (nz also tags 印发)
_PHRASING = words("question_words")
_PLACE_SUFFIX = re.compile(r"(?<=..)[省市区县]$")  # 江苏省 is spelled Jiangsu
_MIN_PINYIN = 6  # letters: a shorter spelling ("fa", "shi") matches English words by chance


@dataclass(frozen=True)
class DocInfo:
    """An indexed document as a question may name it."""

    source: str
    title: str
    regions: frozenset[str]  # jurisdiction keys from the title ("beijing", "national")
    numbers: frozenset[str]  # document numbers ("127", "国办发〔2018〕127号")
    mentioned: frozenset[str]  # jurisdictions its opening text names (an issuer, a scope)
    short: str = ""  # its title without jurisdiction, brackets and dates: 促进科技成果转化条例
    core: str = ""  # … and without its issuer ("省政府办公厅关于")


@dataclass
class Scope:
    """What the question named and which indexed documents it means."""

    named: list[str] = field(default_factory=list)  # as the user wrote them, for messages
    sources: set[str] = field(default_factory=set)  # indexed documents that match
    missing: list[str] = field(default_factory=list)  # named, but nothing indexed matches
    compare: bool = False  # the question compares documents ("北京和上海有什么不同")
    preferred: set[str] = field(default_factory=set)  # documents of a jurisdiction the question
    # names as a place ("a Beijing university"): preferred when answering, not required
    carried: bool = False  # taken over from an earlier question of the conversation

    @property
    def named_any(self) -> bool:
        return bool(self.named)


@cache
def _regions() -> dict[str, tuple[str, ...]]:
    regions = {key: tuple(fold(n) for n in names)
               for key, names in table("jurisdictions.toml", "regions").items()}
    regions["national"] = tuple(fold(n) for n in table("jurisdictions.toml", "national.names"))
    return regions


def regions_in(text: str, full_names: bool = False) -> list[tuple[str, int, str]]:
    """Jurisdictions named in folded `text`: the known ones (assistant/data/jurisdictions.toml,
    short forms too) and any other "X省 / X市 / X自治区" standing at the start of a clause."""
    found = _known_regions_in(text, full_names)
    taken = [(p, p + len(n)) for _, p, n in found]
    for match in _REGION_SHAPE.finditer(text):
        start, end = match.span(1)
        if not any(a < end and start < b for a, b in taken):
            found.append((match.group(1), start, match.group(1)))
    return sorted(found, key=lambda x: x[1])


def _known_regions_in(text: str, full_names: bool = False) -> list[tuple[str, int, str]]:
    """(region key, position, name as written) of jurisdictions named in folded `text`,
    longest names first so that 北京市 is not also read as 北京. With `full_names`, only
    unmistakable forms count (北京市, 江苏省, 国务院): in a title "南京工程学院" is a school."""
    found: list[tuple[str, int, str]] = []
    taken: list[tuple[int, int]] = []
    for name, key, needle in _region_needles(full_names):
        for match in needle.finditer(text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            found.append((key, span[0], name))
    return sorted(found, key=lambda x: x[1])


@cache
def _region_needles(full_names: bool) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(name, key, compiled pattern) of every known jurisdiction name, longest first."""
    names = sorted(((n, key) for key, ns in _regions().items() for n in ns
                    if not full_names or _is_full(n)), key=lambda x: -len(x[0]))
    return tuple((name, key, re.compile(rf"\b{re.escape(name)}\b" if name.isascii()
                                        else re.escape(name))) for name, key in names)


def _is_full(name: str) -> bool:
    return name.endswith(("市", "省", "自治区", "特别行政区")) or name in _FULL_NATIONAL


def document_info(source: str, title: str, head: str) -> DocInfo:
    """Jurisdiction and numbers of an indexed document, from its title and first text."""
    opening = head[:_HEAD_CHARS]
    regions = {key for key, _, _ in regions_in(fold(title), full_names=True)}
    numbers: set[str] = set()
    own_lines = [title, *(line for line in opening.splitlines() if _numbers_itself(line))]
    for prefix, year, number in _NUMBER_IN_DOC.findall("\n".join(own_lines)):
        numbers.update({number, f"{prefix}〔{year}〕{number}号"})
        if prefix in table("jurisdictions.toml", "national.number_prefixes"):
            regions.add("national")
    mentioned = {key for key, _, _ in regions_in(fold(f"{title} {opening}"))}
    return DocInfo(source, title, frozenset(regions), frozenset(numbers), frozenset(mentioned),
                   _short(title), _core(title))


def _numbers_itself(line: str) -> bool:
    """A line of a document's head that states the document's own number: the number alone
    ("国办发〔2018〕127号") or a title line carrying it ("实施意见（苏政办发〔2025〕28号）摘要"),
    not a sentence citing another document's ("为落实苏政办发〔2025〕28号，…", "性质：…")."""
    return bool(_NUMBER_IN_DOC.search(line)) and not _SENTENCE_MARKS.search(line)


def documents_of(store: ChunkStore) -> list[DocInfo]:
    """Every indexed document (catalogs too: a list can be named like a document)."""
    heads = store.file_heads()
    return [document_info(f.source, f.title, heads.get(f.source, "")) for f in store.files()]


def resolve_scope(question: str, documents: list[DocInfo]) -> Scope:
    """The documents the question names, and what it names that no indexed document is."""
    folded = fold(question)
    scope = Scope(compare=bool(pattern("scope.compare").search(folded)))
    _by_title(question, documents, scope)
    _by_mention(question, folded, documents, scope)
    if question.isascii():
        _by_english_title(question, documents, scope)
    _by_number(folded, documents, scope)
    by_title = set(scope.sources)
    if scope.missing and not by_title:
        return scope  # a title named whole and not indexed: no region search widens it
    _by_proper_name(question, folded, documents, scope)
    regional = _by_region(folded, documents, scope)
    if by_title and not scope.compare:
        # "北京市促进科技成果转化条例": the title names several regions' documents, the region
        # says which one; "北京市技术市场条例": the title names one, and the region's other
        # documents are not what the question means
        scope.sources = (by_title & regional) or by_title
    return scope


def _by_title(question: str, documents: list[DocInfo], scope: Scope) -> None:
    for quoted in _TITLE.findall(question):
        full, key = fold(quoted), _short(quoted)
        matches = {d.source for d in documents if full in fold(d.title)}
        if not matches:  # written without its jurisdiction or with different brackets
            matches = {d.source for d in documents if key and (key in d.short
                                                               or d.short in key)}
        scope.named.append(f"《{quoted}》")
        if matches:
            scope.sources |= matches
        else:
            scope.missing.append(f"《{quoted}》")


def _by_mention(question: str, folded: str, documents: list[DocInfo], scope: Scope) -> None:
    """A title written out without 《》 ("江苏推进高新区和高等院校协同创新发展的实施意见"), or
    a quoted name that only a few titles carry ("“百园百校万企”行动")."""
    unquoted = _TITLE.sub(" ", folded)  # 《titles》 are matched by _by_title
    for document in documents:
        core = document.core
        at = unquoted.find(core) if len(core) >= _MIN_TITLE_CORE else -1
        if at < 0 or document.source in scope.sources:
            continue
        # "江苏省促进科技成果转化条例": the same title of another jurisdiction is another document
        before = [(key, name) for key, position, name in regions_in(unquoted[:at])
                  if position + len(name) >= at - 1]
        if before and not _same_jurisdiction(before[-1][0], document):
            named = before[-1][1] + core
            if named not in scope.missing:
                scope.named.append(named)
                scope.missing.append(named)
            continue
        scope.named.append(core)
        scope.sources.add(document.source)
    for quoted in _QUOTED_NAME.findall(question):
        key = fold(quoted)
        matches = {d.source for d in documents if key in fold(d.title)}
        if matches and len(matches) <= _MAX_NAMED_DOCUMENTS:
            scope.named.append(quoted)
            scope.sources |= matches


def _by_english_title(question: str, documents: list[DocInfo], scope: Scope) -> None:
    """"the Beijing Economic-Technological Development Area regulation": a title named in
    English, when the glossary's renderings of the question's words make up the document's
    title (without its jurisdiction) — all of it but a character or two — and the question
    names no other jurisdiction."""
    terms = sorted({t for _, forms in expand_english_groups(question) for t in forms},
                   key=len, reverse=True)
    regions = [key for key, _, _ in regions_in(fold(question))]
    for document in documents:
        if (regions and "national" not in document.regions
                and not any(_same_jurisdiction(key, document) for key in regions)):
            continue  # "Fujian's IP protection regulation" is not Guangdong's of that title;
            # a national law stays the one meant wherever the asker is ("our lab in Beijing")
        rest = document.short
        for term in terms:
            rest = rest.replace(term, "")
        covered = len(document.short) - len(rest)
        kind_differs = bool(pattern("scope.document_words").search(f" {rest}"))  # law ≠ 条例
        if covered >= _MIN_TITLE_CORE and len(rest) <= _TITLE_SLACK and not kind_differs:
            scope.named.append(document.short)
            scope.sources.add(document.source)


def _by_proper_name(question: str, folded: str, documents: list[DocInfo],
                    scope: Scope) -> None:
    """"在中关村…", "a Zhongguancun startup": a proper name (a place, a zone) that only a few
    titles carry makes those documents preferred — not required, since the question may still
    mean another. In English the name is matched by its pinyin."""
    words = set(_ASCII_WORD.findall(question.lower()))
    for name, (spelled, sources) in _proper_names(tuple(documents)).items():
        if name in folded or spelled in words:
            scope.preferred |= sources


@cache
def _proper_names(documents: tuple[DocInfo, ...]) -> dict[str, tuple[str, frozenset[str]]]:
    """Proper names (jieba's ns/nt tags) of two characters or more in the titles, each with its
    spelling and the documents whose titles carry it, when that is a few of several documents."""
    init_jieba()
    carriers: dict[str, set[str]] = {}
    for document in documents:
        for token in jieba.posseg.lcut(fold(document.title), HMM=False):
            if (token.flag in _PROPER_NAME_TAGS and len(token.word) >= 2
                    and token.word not in _PHRASING):
                carriers.setdefault(token.word, set()).add(document.source)
    return {name: (_spelled(_PLACE_SUFFIX.sub("", name)), frozenset(sources))
            for name, sources in carriers.items()
            if len(sources) <= _MAX_NAMED_DOCUMENTS and len(sources) < len(documents)}


def _spelled(name: str) -> str:
    """A Chinese name in toneless pinyin as English writes it (中关村 → zhongguancun); pypinyin,
    a maintained library, knows the readings."""
    spelled = "".join(lazy_pinyin(name))
    return spelled if len(spelled) >= _MIN_PINYIN else "\0"


def _core(title: str) -> str:
    """A title without issuer ("省政府办公厅关于"), jurisdiction, brackets and dates."""
    text = _short(title)
    return text.split("关于", 1)[1] if "关于" in text else text


def _short(title: str) -> str:
    """A title without its jurisdiction, brackets and dates: 促进科技成果转化条例."""
    text = _PARENTHESES.sub("", fold(title))
    for _, position, name in reversed(regions_in(text)):
        if position == 0:
            text = text[len(name):]
    return text.strip(" 《》")


def _by_number(folded: str, documents: list[DocInfo], scope: Scope) -> None:
    for match in pattern("scope.document_number").finditer(folded):
        number = match.group(1) or match.group(2)
        matches = {d.source for d in documents if number in d.numbers}
        if matches:
            scope.named.append(match.group(0).strip())
            scope.sources |= matches


def _by_region(folded: str, documents: list[DocInfo], scope: Scope) -> set[str]:
    """A jurisdiction next to a document word: its documents by title (returned). When none has
    it in its title but one names it in its opening (an issuer such as 江苏省人民政府办公厅 under
    a title that omits the province), the reference is left alone; when none mentions it at all,
    it is reported missing."""
    words = [m.span() for m in pattern("scope.document_words").finditer(folded)]
    named = regions_in(folded)
    matched: set[str] = set()
    titled = {key for key, _, _ in named if any(key in d.regions for d in documents)}
    for key, position, name in named:
        documents_of_region = {d.source for d in documents if key in d.regions}
        # "北京和上海分别…": two jurisdictions that both have documents, compared
        compared = scope.compare and len(titled) > 1 and key in titled
        if not compared and not any(_goes_with(folded, position, name, w) for w in words):
            # a place, not a document ("北京大学", "上海的高校"): its documents come first
            scope.preferred |= documents_of_region
            continue
        if documents_of_region:
            scope.named.append(name)
            scope.sources |= documents_of_region
            matched |= documents_of_region
        elif not any(key in d.mentioned for d in documents):
            scope.named.append(name)
            scope.missing.append(name)
    return matched


def _goes_with(folded: str, position: int, name: str, word: tuple[int, int]) -> bool:
    """Whether the document word at `word` belongs to the jurisdiction named at `position`."""
    end = position + len(name)
    if name.isascii():  # "the Beijing regulation", "the regulation of Beijing"
        return -40 <= word[0] - end <= 30
    between = folded[end : word[0]]
    limit = _NEAR_GENERIC if name in _GENERIC_NAMES else _NEAR
    return 0 <= len(between) <= limit and not _BREAK.search(between)


def _same_jurisdiction(key: str, document: DocInfo) -> bool:
    """Whether a document may be the named jurisdiction's: its title names that jurisdiction,
    or (a title without one, "省政府办公厅关于…") its opening does."""
    return key in document.regions if document.regions else key in document.mentioned
