"""How a match result is shown: reasons in the demand's language, JSON, terminal text, chat answer.

Kept apart from `match.py` so the scoring stays readable; nothing here changes a score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer.citations import CitationBook, check_citations
from assistant.answer.wording import wording_for
from assistant.catalog_rows import Row
from assistant.documents import Answer

if TYPE_CHECKING:
    from assistant.match import Match, MatchResult

KIND_LABELS = {
    "zh": {"achievement": "成果", "equipment": "设备", "demand": "需求", "team": "团队",
           "catalog": "条目", "pairing": "结对"},
    "en": {"achievement": "achievement", "equipment": "equipment", "demand": "demand",
           "team": "team", "catalog": "entry", "pairing": "pairing"},
}
ZONE_ORIGIN = {
    "zh": {"option": "由 --zone 指定", "text": "需求中提到", "row": "来自需求清单",
           "city": "由需求中的城市推断"},
    "en": {"option": "given with --zone", "text": "named in the demand",
           "row": "from the demand list", "city": "inferred from the city in the demand"},
}
TEXT = {
    "zh": {"demand": "需求：", "achievement": "成果：",
           "zone": "企业所在高新区：{zone}（{origin}）",
           "supply_intro": "匹配结果（按匹配度排序）：",
           "demand_intro": "可能适配的企业需求（按匹配度排序）：",
           "no_supply": "已索引的清单中没有找到与该需求相符的高校成果、团队或设备。",
           "no_demand": "已索引的需求清单中没有与该成果相符的企业需求。",
           "paired_list": "{subject} 的结对高新区：{pairs}", "sources": "引用："},
    "en": {"demand": "Demand: ", "achievement": "Achievement: ",
           "zone": "Enterprise zone: {zone} ({origin})", "supply_intro": "Best matches first:",
           "demand_intro": "Demands it may serve, best first:",
           "no_supply": "No indexed achievement, team or equipment fits this demand.",
           "no_demand": "No indexed enterprise demand fits this achievement.",
           "paired_list": "{subject} is paired with: {pairs}", "sources": "Sources:"},
}


def number_citations(result: MatchResult) -> None:
    """Give every cited row one [n] across the whole result (a row cited twice keeps its n)."""
    book = CitationBook()
    for match in result.matches:
        numbers = [book.cite(match.row.chunk, match.row.chunk.text)]
        pairings = [match.pairing] if match.pairing else match.known_pairings
        numbers += [book.cite(p.row, p.row.text) for p in pairings]
        by_n = {c.n: c for c in book.citations}
        match.citations = [by_n[n] for n in dict.fromkeys(numbers)]


def kind_of(match: Match) -> str:
    return match.row.entry_kind


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
    en = lang == "en"
    sep = ", " if en else "、"
    lines: list[str] = []
    if match.shared_terms:
        label = "shared terms: " if en else "共同关键词："
        lines.append(label + sep.join(match.shared_terms[:8]))
    if match.shared_fields:
        lines.append(("same field: " if en else "领域相符：") + sep.join(match.shared_fields))
    if match.kind_bonus:
        kind = KIND_LABELS[lang].get(kind_of(match), kind_of(match))
        lines.append(f"the kind asked for: {kind}" if en else f"正是所需的资源类型：{kind}")
    if match.pairing is not None:
        lines.append(_pairing_line(match, lang))
    elif match.own_zone:
        lines.append(f"the row lists {match.own_zone} as its zone: +{match.bonus:.2f}" if en
                     else f"该条目登记的高新区即 {match.own_zone}，加分 +{match.bonus:.2f}")
    elif match.known_pairings:
        pairs = sep.join(f"{p.zone}" + (f" (evidence: {p.evidence_label})" if en
                                        else f"（证据：{p.evidence_label}）")
                         for p in match.known_pairings)
        subject = match.known_pairings[0].university
        lines.append(TEXT[lang]["paired_list"].format(subject=subject, pairs=pairs))
    lines.append(f"retrieval relevance {match.relevance:.2f}" if en
                 else f"检索相关度 {match.relevance:.2f}")
    if match.row.sample:
        lines.append("sample data, not a real catalog entry" if en else "示例数据，非真实清单内容")
    return lines


def _pairing_line(match: Match, lang: str) -> str:
    p = match.pairing
    assert p is not None
    if lang == "en":
        return (f"{p.university} is paired with {p.zone} (evidence: {p.evidence_label}): "
                f"+{match.bonus:.2f}")
    return f"{p.university} 与 {p.zone} 结对（证据：{p.evidence_label}），加分 +{match.bonus:.2f}"


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


def result_dict(result: MatchResult) -> dict[str, object]:
    query = result.query
    return {
        "query": query.text,
        "language": query.language,
        "zone": query.zone,
        "zone_origin": query.zone_origin,
        "reverse": result.reverse,
        "matches": [match_dict(m, query.language, result.reverse) for m in result.matches],
    }


def _who(match: Match, reverse: bool) -> str:
    row = match.row
    if reverse:
        parts = [row.get("enterprise") or row.get("org"), row.get("zone")]
    else:
        team = row.get("team")
        parts = [row.university, team if team and team != row.name else ""]
    return " · ".join(p for p in parts if p)


def _lines(result: MatchResult) -> list[str]:
    query, lang = result.query, result.query.language
    text = TEXT[lang]
    head = text["achievement"] if result.reverse else text["demand"]
    lines = [head + (Row(query.row).name if query.row is not None else query.text)]
    if query.zone and not result.reverse:
        origin = ZONE_ORIGIN[lang].get(query.zone_origin, "")
        lines.append(text["zone"].format(zone=query.zone, origin=origin))
    if not result.matches:
        lines.append(text["no_demand"] if result.reverse else text["no_supply"])
        return lines
    lines.append(text["demand_intro"] if result.reverse else text["supply_intro"])
    for match in result.matches:
        lines.append(_match_line(match, result.reverse, lang))
        lines += [f"   - {reason}" for reason in reasons(match, lang)]
    return lines


def _match_line(match: Match, reverse: bool, lang: str) -> str:
    kind = KIND_LABELS[lang].get(kind_of(match), kind_of(match))
    who = _who(match, reverse)
    title = f"{match.row.name} — {who}" if who else match.row.name
    badge = f" {wording_for(lang).sample_badge}" if match.row.sample else ""
    markers = "".join(f"[{c.n}]" for c in match.citations)
    if lang == "en":
        return f"{match.rank}. {title} ({kind}) score {match.score:.2f}{badge}{markers}"
    return f"{match.rank}. {title}（{kind}）匹配度 {match.score:.2f}{badge}{markers}"


def result_text(result: MatchResult, references: bool = True) -> str:
    """Terminal text: the ranked list, then the cited rows, then the sample-data note."""
    lang = result.query.language
    words = wording_for(lang)
    lines = _lines(result)
    cited = {c.n: c for m in result.matches for c in m.citations}
    if references and cited:
        lines += ["", TEXT[lang]["sources"]]
        for n in sorted(cited):
            c = cited[n]
            badge = f" {words.sample_badge}" if c.sample else ""
            lines.append(f"[{n}] {c.title} · {c.locator} ({c.source}){badge}" if lang == "en"
                         else f"[{n}] {c.title} · {c.locator}（{c.source}）{badge}")
    if any(c.sample for c in cited.values()):
        lines += ["", words.sample_note]
    return "\n".join(lines)


def result_answer(result: MatchResult) -> Answer:
    """Chat form: same lines, citations checked and renumbered in order of use."""
    words = wording_for(result.query.language)
    citations = list({c.n: c for m in result.matches for c in m.citations}.values())
    text, checked = check_citations("\n".join(_lines(result)), citations)
    if any(c.sample for c in checked):
        text += "\n\n" + words.sample_note
    return Answer(answer=text, citations=checked, refused=not result.matches)
