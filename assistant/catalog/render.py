"""The text of computed catalog answers and pairing answers, every row cited.

A count answer gives the figures documents report on the same subject first (an indexed list
may be a sample of the real one), then the count of indexed rows, its conditions, groups and
cited rows. A pairing answer lists each zone's universities (or each university's zones) with
the evidence level and row.
"""

from __future__ import annotations

from assistant.answer.citations import CitationBook, check_citations
from assistant.answer.wording import wording_for
from assistant.catalog.compute import CatalogResult, kind_label
from assistant.catalog.cues import KIND_FIGURES
from assistant.catalog.pairings import Pairing, PairingIndex
from assistant.catalog.rows import zone_stem
from assistant.documents import Answer, Chunk
from assistant.index.lexical import tokenize
from assistant.phrasing import message, messages
from assistant.text.normalize import fold
from assistant.text.sentences import sentences

MAX_LISTED = 10
MAX_GROUPS = 15
MAX_REPORTED = 2
MAX_PAIRINGS_LISTED = 30
SEARCH_DEPTH = 30


def catalog_answer(result: CatalogResult, kb) -> Answer:
    """The computed answer: reported figures, headline count, conditions, groups, rows.

    A figure a document reports for the place asked about leads: the indexed rows may be a
    sample of the real list, so their count is the lesser answer to "how many"."""
    lang = result.query.language
    book = CitationBook()
    lines = _reported(result, kb, book, lang)
    lines += [_headline(result, lang), _conditions(result, lang)]
    lines += _groups(result, lang)
    lines += _rows(result, book, wording_for(lang).sample_badge, lang)
    return _finish("\n".join(line for line in lines if line), book, lang)


def _finish(text: str, book: CitationBook, lang: str) -> Answer:
    text, citations = check_citations(text, book.citations)
    if any(c.sample for c in citations):
        text += "\n\n" + wording_for(lang).sample_note
    return Answer(answer=text, citations=citations)


def _headline(result: CatalogResult, lang: str) -> str:
    kind = "、".join(kind_label(k, lang) for k in result.query.kinds)
    return message("catalog.headline", lang, kind=kind, total=len(result.rows),
                   samples=result.samples)


def _conditions(result: CatalogResult, lang: str) -> str:
    joined = ("; " if lang == "en" else "；").join(result.conditions)
    return message("catalog.conditions", lang) + joined


def _groups(result: CatalogResult, lang: str) -> list[str]:
    if not result.groups:
        return []
    role = messages("role_labels", lang).get(result.query.group_by, result.query.group_by)
    lines = [message("catalog.groups", lang, role=role)]
    for value, count in result.groups[:MAX_GROUPS]:
        lines.append(message("catalog.group_line", lang, value=value, count=count))
    if len(result.groups) > MAX_GROUPS:
        lines.append(message("catalog.more_groups", lang, rest=len(result.groups) - MAX_GROUPS))
    return lines


def _rows(result: CatalogResult, book: CitationBook, badge: str, lang: str) -> list[str]:
    if not result.rows:
        return []
    lines = [message("catalog.rows", lang)]
    for i, row in enumerate(result.rows[:MAX_LISTED], start=1):
        n = book.cite(row.chunk, row.chunk.text)
        who = " · ".join(v for v in (row.university or row.get("enterprise"),
                                     row.get("zone")) if v)
        mark = f" {badge}" if row.sample else ""
        lines.append(f"{i}. {row.name}" + (f" — {who}" if who else "") + f"{mark}[{n}]")
    rest = len(result.rows) - MAX_LISTED
    if rest > 0:
        lines.append(message("catalog.more_rows", lang, rest=rest))
    return lines


def _reported(result: CatalogResult, kb, book: CitationBook, lang: str) -> list[str]:
    found = reported_figures(result, kb)
    if not found:
        return []
    lines = [message("catalog.reported", lang)]
    for chunk, sentence in found:
        n = book.cite(chunk, sentence)
        lines.append(f"- 《{chunk.title}》{sentence}[{n}]")
    return lines


def reported_figures(result: CatalogResult, kb) -> list[tuple[Chunk, str]]:
    """Sentences of documents (not catalog rows) that give a figure about the same kind of thing
    in the same place (a zone, city or university the question names), found by BM25 on the
    question's words. Without a place, figures about other places would only mislead."""
    index = kb.lexical()
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
        for sentence in sentences(chunk.text):
            if any(word.search(sentence) and figure.search(sentence) for word, figure in kinds):
                found.append((chunk, sentence))
                break
        if len(found) >= MAX_REPORTED:
            break
    return found


def _place_keys(result: CatalogResult) -> list[str]:
    query = result.query
    keys = [zone_stem(z) for z in (*query.zones, *query.paired_with)]
    keys += [fold(v) for v in (*query.cities, *query.universities)]
    return [k for k in keys if k]


# --- pairings ------------------------------------------------------------------------------------
def pairing_answer(question: str, index: PairingIndex, lang: str) -> Answer | None:
    """"Which universities is Z paired with" (or the reverse) from the pairing lists; None when
    the lists say nothing about the zone or university named."""
    zones, universities = _named(question, index)
    sections: list[tuple[str, list[Pairing], str]] = []  # (subject, pairings, "zone"|"university")
    for zone in zones:
        sections.append((zone, index.universities_of(zone), "zone"))
    for university in universities:
        sections.append((university, index.zones_of(university), "university"))
    if not zones and not universities:
        sections = [(zone, index.universities_of(zone), "zone") for zone in index.zones()]
    sections = [s for s in sections if s[1]]
    if not sections:
        return None
    return _pairing_lines(sections, lang, whole_list=not zones and not universities)


def _named(question: str, index: PairingIndex) -> tuple[list[str], list[str]]:
    """Zones and universities the question names, as the pairing lists spell them."""
    zones = [index.resolve_zone(e.name) or e.name for e in index.names.mentioned(question, "zone")]
    universities = [index.resolve_university(e.name) or e.name
                    for e in index.names.mentioned(question, "university")]
    if not zones and not universities:  # no entity index: look for indexed names verbatim
        folded = fold(question)
        zones = [z for z in index.zones() if index.names.key(z, "zone") in folded]
        universities = [u for u in index.universities() if fold(u) in folded]
    return list(dict.fromkeys(zones)), list(dict.fromkeys(universities))


def _pairing_lines(sections: list[tuple[str, list[Pairing], str]], lang: str,
                   whole_list: bool) -> Answer:
    book = CitationBook()
    lines = [message("pairing.whole_list", lang)] if whole_list else []
    badge = " " + wording_for(lang).sample_badge
    listed = 0
    for subject, pairings, kind in sections:
        lines.append(_heading(subject, kind, len(pairings), lang))
        for pairing in pairings[: max(0, MAX_PAIRINGS_LISTED - listed)]:
            listed += 1
            other = pairing.university if kind == "zone" else pairing.zone
            n = book.cite(pairing.row, pairing.row.text)
            evidence = message("pairing.evidence", lang, level=pairing.evidence_label)
            lines.append(f"- {other}{evidence}{badge if pairing.sample else ''}[{n}]")
    total = sum(len(s[1]) for s in sections)
    if listed < total:
        lines.append(message("pairing.more", lang, rest=total - listed))
    return _finish("\n".join(lines), book, lang)


def _heading(subject: str, kind: str, count: int, lang: str) -> str:
    if kind == "zone":
        what = "university" if count == 1 else "universities"
    else:
        what = "zone" if count == 1 else "zones"
    return message(f"pairing.{kind}_heading", lang, subject=subject, count=count, what=what)
