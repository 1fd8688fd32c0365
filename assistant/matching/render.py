"""How a match result is shown: reasons in the demand's language, JSON, terminal text, chat answer.

Kept apart from the scoring so it stays readable; nothing here changes a score. Every function
takes the query, the ranked matches and the direction (reverse = achievement → demands).
"""

from __future__ import annotations

from assistant.answer.citations import CitationBook, check_citations
from assistant.answer.wording import wording_for
from assistant.catalog.rows import Row
from assistant.documents import Answer
from assistant.matching.query import Query
from assistant.matching.score import Match
from assistant.phrasing import message, messages


def number_citations(matches: list[Match]) -> None:
    """Give every cited row one [n] across the whole result (a row cited twice keeps its n)."""
    book = CitationBook()
    for match in matches:
        numbers = [book.cite(match.row.chunk, match.row.chunk.text)]
        pairings = [match.pairing] if match.pairing else match.known_pairings
        numbers += [book.cite(p.row, p.row.text) for p in pairings]
        by_n = {c.n: c for c in book.citations}
        match.citations = [by_n[n] for n in dict.fromkeys(numbers)]


def kind_of(match: Match) -> str:
    return match.row.entry_kind


def _kind_label(match: Match, lang: str) -> str:
    return messages("kind_labels", lang).get(kind_of(match), kind_of(match))


def zone_of(match: Match, reverse: bool) -> str:
    if match.pairing is not None:
        return match.pairing.zone
    if match.own_zone:
        return match.own_zone
    if reverse or match.row.get("zone"):
        return match.row.get("zone")
    return "、".join(p.zone for p in match.known_pairings)


def reasons(match: Match, lang: str) -> list[str]:
    """Why this row is listed, one short line per reason."""
    sep = ", " if lang == "en" else "、"
    lines: list[str] = []
    if match.shared_terms:
        lines.append(message("match.shared_terms", lang) + sep.join(match.shared_terms[:8]))
    if match.shared_fields:
        lines.append(message("match.same_field", lang) + sep.join(match.shared_fields))
    if match.kind_bonus:
        lines.append(message("match.kind_asked", lang, kind=_kind_label(match, lang)))
    if match.pairing is not None:
        p = match.pairing
        lines.append(message("match.pairing", lang, university=p.university, zone=p.zone,
                             level=p.evidence_label, bonus=f"{match.bonus:.2f}"))
    elif match.own_zone:
        lines.append(message("match.own_zone", lang, zone=match.own_zone,
                             bonus=f"{match.bonus:.2f}"))
    elif match.known_pairings:
        pairs = sep.join(p.zone + message("pairing.evidence", lang, level=p.evidence_label)
                         for p in match.known_pairings)
        subject = match.known_pairings[0].university
        lines.append(message("match.paired_list", lang, subject=subject, pairs=pairs))
    lines.append(message("match.relevance", lang, value=f"{match.relevance:.2f}"))
    if match.row.sample:
        lines.append(message("match.sample_row", lang))
    return lines


def match_dict(match: Match, lang: str, reverse: bool) -> dict[str, object]:
    row = match.row
    data: dict[str, object] = {
        "rank": match.rank,
        "title": row.name,
        "university": row.university,
        "zone": zone_of(match, reverse),
        "score": round(match.score, 3),
        "reasons": reasons(match, lang),
        "citations": [c.to_dict() for c in match.citations],
        "kind": kind_of(match),
        "team": row.get("team"),
        "sample": row.sample,
        "score_parts": {"relevance": round(match.relevance, 3), "terms": round(match.terms, 3),
                        "field": match.field_score, "kind": match.kind_bonus,
                        "pairing": round(match.bonus, 3)},
    }
    if reverse:
        data["enterprise"] = row.get("enterprise") or row.get("org")
    return data


def result_dict(query: Query, matches: list[Match], reverse: bool) -> dict[str, object]:
    return {
        "query": query.text,
        "language": query.language,
        "zone": query.zone,
        "zone_origin": query.zone_origin,
        "reverse": reverse,
        "matches": [match_dict(m, query.language, reverse) for m in matches],
    }


def _who(match: Match, reverse: bool) -> str:
    row = match.row
    if reverse:
        parts = [row.get("enterprise") or row.get("org"), row.get("zone")]
    else:
        team = row.get("team")
        parts = [row.university, team if team and team != row.name else ""]
    return " · ".join(p for p in parts if p)


def _lines(query: Query, matches: list[Match], reverse: bool,
           reasons_per_match: int | None = None) -> list[str]:
    lang = query.language
    head = message("match.achievement" if reverse else "match.demand", lang)
    lines = [head + (Row(query.row).name if query.row is not None else query.text)]
    if query.zone and not reverse:
        origin = messages("match.zone_origin", lang).get(query.zone_origin, "")
        lines.append(message("match.zone", lang, zone=query.zone, origin=origin))
    if not matches:
        lines.append(message("match.no_demand" if reverse else "match.no_supply", lang))
        return lines
    lines.append(message("match.demand_intro" if reverse else "match.supply_intro", lang))
    for match in matches:
        lines.append(_match_line(match, reverse, lang))
        lines += [f"   - {reason}" for reason in reasons(match, lang)[:reasons_per_match]]
    return lines


def _match_line(match: Match, reverse: bool, lang: str) -> str:
    who = _who(match, reverse)
    title = f"{match.row.name} — {who}" if who else match.row.name
    badge = f" {wording_for(lang).sample_badge}" if match.row.sample else ""
    markers = "".join(f"[{c.n}]" for c in match.citations)
    return message("match.line", lang, rank=match.rank, title=title,
                   kind=_kind_label(match, lang), score=f"{match.score:.2f}", badge=badge,
                   markers=markers)


def result_text(query: Query, matches: list[Match], reverse: bool) -> str:
    """Terminal text: the ranked list, then the cited rows, then the sample-data note."""
    lang = query.language
    words = wording_for(lang)
    lines = _lines(query, matches, reverse)
    cited = {c.n: c for m in matches for c in m.citations}
    if cited:
        lines += ["", message("match.sources", lang)]
        for n in sorted(cited):
            c = cited[n]
            badge = f" {words.sample_badge}" if c.sample else ""
            lines.append(message("match.reference", lang, n=n, title=c.title, locator=c.locator,
                                 source=c.source, badge=badge))
    if any(c.sample for c in cited.values()):
        lines += ["", words.sample_note]
    return "\n".join(lines)


ANSWER_MATCHES = 3  # a chat answer names the best few; `assistant match` lists more
ANSWER_REASONS = 2


def result_answer(query: Query, matches: list[Match], reverse: bool) -> Answer:
    """Chat form: the best few matches with their main reasons, citations checked and
    renumbered in order of use (the full ranking is `assistant match` / the Match tab)."""
    words = wording_for(query.language)
    shown = matches[:ANSWER_MATCHES]
    citations = list({c.n: c for m in shown for c in m.citations}.values())
    lines = _lines(query, shown, reverse, reasons_per_match=ANSWER_REASONS)
    text, checked = check_citations("\n".join(lines), citations)
    if any(c.sample for c in checked):
        text += "\n\n" + words.sample_note
    return Answer(answer=text, citations=checked, refused=not matches)
