"""The text of a computed catalog answer: the count, its conditions, groups, cited rows, and the
figures documents report on the same subject (an indexed list may be a sample of the real one)."""

from __future__ import annotations

import re

from assistant.answer.citations import CitationBook, check_citations
from assistant.answer.wording import wording_for
from assistant.catalog_query import MAX_GROUPS, MAX_LISTED, MAX_REPORTED, CatalogResult, kind_label
from assistant.catalog_rows import Row, fold
from assistant.documents import Answer, Chunk

# A document sentence reports a figure about the asked kind when it names the kind and gives a
# number with one of the kind's units: "大型仪器设备500台（套）", "可供转化的高校专利5151项".
KIND_FIGURES = {
    "equipment": (re.compile(r"仪器|设备"), re.compile(r"\d[\d,，.]*\s*(?:余|多)?\s*[台套]")),
    "achievement": (re.compile(r"成果|专利"), re.compile(r"\d[\d,，.]*\s*(?:余|多)?\s*[项件个]")),
    "demand": (re.compile(r"需求"), re.compile(r"\d[\d,，.]*\s*(?:余|多)?\s*[项个条]")),
    "team": (re.compile(r"团队"), re.compile(r"\d[\d,，.]*\s*(?:余|多)?\s*[个支]")),
}
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")
SEARCH_DEPTH = 30


def compose(result: CatalogResult, kb) -> Answer:
    lang = result.query.language
    words = wording_for(lang)
    book = CitationBook()
    lines = [_headline(result, lang), _conditions(result, lang)]
    lines += _reported(result, kb, book, lang)
    lines += _groups(result, lang)
    lines += _rows(result, book, words.sample_badge, lang)
    text, citations = check_citations("\n".join(line for line in lines if line), book.citations)
    if any(c.sample for c in citations):
        text += "\n\n" + words.sample_note
    return Answer(answer=text, citations=citations)


def _headline(result: CatalogResult, lang: str) -> str:
    kind = "、".join(kind_label(k, lang == "en") for k in result.query.kinds)
    total, samples = len(result.rows), result.samples
    if lang == "en":
        return (f"Counted over the indexed catalog rows (not a complete census): {total} {kind} "
                f"row(s) match, {samples} of them sample data.")
    return (f"按已索引的清单行计算（不一定是实际总数）：符合条件的{kind}共 {total} 条，"
            f"其中示例数据 {samples} 条。")


def _conditions(result: CatalogResult, lang: str) -> str:
    joined = "; ".join(result.conditions) if lang == "en" else "；".join(result.conditions)
    return ("Conditions: " if lang == "en" else "条件：") + joined


def _groups(result: CatalogResult, lang: str) -> list[str]:
    if not result.groups:
        return []
    role = result.query.group_by
    lines = [f"By {role}:" if lang == "en" else f"按{_ROLE_ZH.get(role, role)}分组："]
    for value, count in result.groups[:MAX_GROUPS]:
        lines.append(f"- {value}: {count}" if lang == "en" else f"- {value}：{count} 条")
    if len(result.groups) > MAX_GROUPS:
        rest = len(result.groups) - MAX_GROUPS
        lines.append(f"… {rest} more groups" if lang == "en" else f"……另有 {rest} 组")
    return lines


_ROLE_ZH = {"zone": "高新区", "city": "城市", "university": "高校", "field": "领域", "kind": "类别"}


def _rows(result: CatalogResult, book: CitationBook, badge: str, lang: str) -> list[str]:
    if not result.rows:
        return []
    lines = ["Rows:" if lang == "en" else "清单行："]
    for i, row in enumerate(result.rows[:MAX_LISTED], start=1):
        n = book.cite(row.chunk, row.chunk.text)
        who = " · ".join(v for v in (row.university or row.get("enterprise"),
                                     row.get("zone")) if v)
        mark = f" {badge}" if row.sample else ""
        lines.append(f"{i}. {row.name}" + (f" — {who}" if who else "") + f"{mark}[{n}]")
    rest = len(result.rows) - MAX_LISTED
    if rest > 0:
        lines.append(f"… and {rest} more rows not listed." if lang == "en"
                     else f"……另有 {rest} 条未列出。")
    return lines


def _reported(result: CatalogResult, kb, book: CitationBook, lang: str) -> list[str]:
    found = reported_figures(result, kb)
    if not found:
        return []
    lines = ["Figures reported in the documents:" if lang == "en" else "资料中报道的相关数字："]
    for chunk, sentence in found:
        n = book.cite(chunk, sentence)
        lines.append(f"- 《{chunk.title}》{sentence}[{n}]")
    return lines


def reported_figures(result: CatalogResult, kb) -> list[tuple[Chunk, str]]:
    """Sentences of documents (not catalog rows) that give a figure about the same kind of thing
    in the same place (a zone, city or university the question names), found by BM25 on the
    question's words. Without a place, figures about other places would only mislead."""
    from assistant.index.lexical import tokenize

    index = kb.lexical() if hasattr(kb, "lexical") else None
    kinds = [KIND_FIGURES[k] for k in result.query.kinds if k in KIND_FIGURES]
    places = _place_keys(result)
    if index is None or not kinds or not places:
        return []
    hits = index.search(tokenize(result.query.question), SEARCH_DEPTH)
    chunks = kb.chunks.get([i for i, _ in hits])
    found: list[tuple[Chunk, str]] = []
    for chunk_id, _ in hits:
        chunk = chunks.get(chunk_id)
        if chunk is None or chunk.doc_type == "catalog":
            continue
        if not any(p in fold(chunk.retrieval_text()) for p in places):
            continue
        for sentence in _sentences(chunk.text):
            if any(word.search(sentence) and figure.search(sentence) for word, figure in kinds):
                found.append((chunk, sentence))
                break
        if len(found) >= MAX_REPORTED:
            break
    return found


def _place_keys(result: CatalogResult) -> list[str]:
    from assistant.catalog_rows import zone_stem

    query = result.query
    keys = [zone_stem(z) for z in (*query.zones, *query.paired_with)]
    keys += [fold(v) for v in (*query.cities, *query.universities)]
    return [k for k in keys if k]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


__all__ = ["Row", "compose", "reported_figures"]
