"""Zone ↔ university pairings from the indexed pairing lists, and answers to pairing questions.

A pairing list is any catalog whose kind is "pairing" (file or sheet named 结对 / pairing): one
row per zone with one or more universities and, ideally, an evidence level (证据等级). The index
answers "which universities is zone Z paired with", the reverse, and gives matchmaking its pairing
bonus; every pairing keeps the row it came from so answers can cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.catalog_rows import Names, Row, names_for, split_values
from assistant.documents import Answer, Chunk

# Evidence levels that mean "named somewhere, not confirmed": they weigh half in matchmaking.
# Checked before anything else because "unconfirmed" contains "confirmed".
WEAK_EVIDENCE = ("unconfirmed", "not confirmed", "未确认", "待确认", "未证实", "推测", "可能",
                 "indicated", "probable", "possible", "likely")
# Reported as working together under the programme, without the word "paired".
REPORTED_EVIDENCE = ("reported", "报道", "媒体")
WEAK_WEIGHT = 0.5
REPORTED_WEIGHT = 0.75
# Cells that hold no name ("名单未公布"): never a university or zone of a pairing.
PLACEHOLDER = re.compile(r"未公布|未公开|未披露|不详|未知|待定|暂无|^[-—/无]+$|unknown|n/?a$", re.I)
PAIRING_CUE = re.compile(r"结对|配对|对子|paired|pairings?\b|pairs?\b|partner", re.I)
MAX_LISTED = 30


def evidence_weight(level: str) -> float:
    """1.0 for a stated pairing, 0.75 for "reported", 0.5 for unconfirmed or no level given."""
    text = level.strip().lower()
    if not text or any(marker in text for marker in WEAK_EVIDENCE):
        return WEAK_WEIGHT
    if any(marker in text for marker in REPORTED_EVIDENCE):
        return REPORTED_WEIGHT
    return 1.0


@dataclass(frozen=True)
class Pairing:
    zone: str
    university: str
    evidence: str
    row: Chunk

    @property
    def weight(self) -> float:
        return evidence_weight(self.evidence)

    @property
    def sample(self) -> bool:
        return Row(self.row).sample

    @property
    def evidence_label(self) -> str:
        return self.evidence or "未注明"


class PairingIndex:
    """zone → universities and university → zones, each pairing with its evidence and row."""

    def __init__(self, pairings: list[Pairing], names: Names | None = None) -> None:
        self.names = names or Names(None)
        best: dict[tuple[str, str], Pairing] = {}
        for pairing in pairings:
            key = (self.names.key(pairing.zone, "zone"),
                   self.names.key(pairing.university, "university"))
            current = best.get(key)
            if current is None or _strength(pairing) > _strength(current):
                best[key] = pairing
        self.pairings = list(best.values())
        self._keys = {id(p): key for key, p in best.items()}

    @classmethod
    def from_rows(cls, chunks: list[Chunk], names: Names | None = None) -> PairingIndex:
        """Pairings from catalog rows; rows of other kinds are ignored."""
        names = names or Names(None)
        found: list[Pairing] = []
        for chunk in chunks:
            row = Row(chunk)
            if row.kind != "pairing":
                continue
            universities = _names(row.get("university") or row.get("org"))
            for zone in _names(row.get("zone")):
                for university in universities:
                    found.append(Pairing(names.canonical(zone, "zone"),
                                         names.canonical(university, "university"),
                                         row.get("evidence"), chunk))
        return cls(found, names)

    @classmethod
    def from_kb(cls, kb, names: Names | None = None) -> PairingIndex:
        rows = kb.chunks.records("json_extract(metadata, '$.catalog_kind') = ?", ("pairing",))
        return cls.from_rows(rows, names or names_for(kb))

    def __len__(self) -> int:
        return len(self.pairings)

    def zones(self) -> list[str]:
        return list(dict.fromkeys(p.zone for p in self.pairings))

    def universities(self) -> list[str]:
        return list(dict.fromkeys(p.university for p in self.pairings))

    def resolve_zone(self, name: str) -> str | None:
        """The indexed zone a user's zone name means ("建邺" → 南京建邺高新区), if any."""
        return self._resolve(name, self.zones(), "zone")

    def resolve_university(self, name: str) -> str | None:
        return self._resolve(name, self.universities(), "university")

    def _resolve(self, name: str, known: list[str], kind: str) -> str | None:
        key = self.names.key(name, kind)
        if not key:
            return None
        for candidate in known:
            if self.names.key(candidate, kind) == key:
                return candidate
        # Not known to the entity index either: a unique indexed name containing the user's
        # words ("市北" → 南通市北高新区); the shortest wins ("南通" → 南通高新区, not 南通市北…).
        containing = sorted((c for c in known if key in self.names.key(c, kind)), key=len)
        if containing and (len(containing) == 1 or len(containing[0]) < len(containing[1])):
            return containing[0]
        return None

    def universities_of(self, zone: str) -> list[Pairing]:
        key = self.names.key(zone, "zone")
        return self._sorted(p for p in self.pairings if self._keys[id(p)][0] == key)

    def zones_of(self, university: str) -> list[Pairing]:
        key = self.names.key(university, "university")
        return self._sorted(p for p in self.pairings if self._keys[id(p)][1] == key)

    def find(self, zone: str, university: str) -> Pairing | None:
        """The pairing of this zone and university, if the lists record one."""
        wanted = (self.names.key(zone, "zone"), self.names.key(university, "university"))
        if not all(wanted):
            return None
        return next((p for p in self.pairings if self._keys[id(p)] == wanted), None)

    @staticmethod
    def _sorted(pairings) -> list[Pairing]:
        return sorted(pairings, key=_strength, reverse=True)


def _names(cell: str) -> list[str]:
    """Names in a cell; none when the cell says the names are not known ("3所，名单未公布")."""
    if PLACEHOLDER.search(cell):
        return []
    return split_values(cell)


def _strength(pairing: Pairing) -> tuple[float, bool]:
    """Stronger evidence first; between equal levels a sourced row beats a sample row."""
    return (pairing.weight, not pairing.sample)


# --- pairing questions ---------------------------------------------------------------------------
def is_pairing_question(question: str) -> bool:
    return bool(PAIRING_CUE.search(question))


def answer_pairing_question(question: str, kb, names: Names | None = None) -> Answer | None:
    """Answer "which universities is Z paired with" (or the reverse) from the pairing lists.

    None when the question is not only about pairings (it asks something else too, or points
    back at the conversation with a pronoun), the KB has no pairing list, or the lists say
    nothing about the zone or university named (the normal retrieval path may still know).
    """
    from assistant.catalog_query import NOT_CATALOG, PRONOUN

    if not is_pairing_question(question) or NOT_CATALOG.search(question) or PRONOUN.search(
            question) or question.count("?") + question.count("？") > 1:
        return None  # mixed questions and follow-ups are answered by retrieval with history
    names = names or names_for(kb)
    index = PairingIndex.from_kb(kb, names)
    return answer_from_index(question, index) if len(index) else None


def answer_from_index(question: str, index: PairingIndex) -> Answer | None:
    """The pure part of `answer_pairing_question`: parse the names, list the pairings."""
    from assistant.text.lang import detect_language

    lang = detect_language(question)
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
    return _compose(sections, lang, whole_list=not zones and not universities)


def _named(question: str, index: PairingIndex) -> tuple[list[str], list[str]]:
    """Zones and universities the question names, as the pairing lists spell them."""
    zones: list[str] = []
    universities: list[str] = []
    for entity in index.names.mentioned(question, "zone"):
        zones.append(index.resolve_zone(entity.name) or entity.name)
    for entity in index.names.mentioned(question, "university"):
        universities.append(index.resolve_university(entity.name) or entity.name)
    if not zones and not universities:  # no entity index: look for indexed names verbatim
        from assistant.catalog_rows import fold

        folded = fold(question)
        zones = [z for z in index.zones() if index.names.key(z, "zone") in folded]
        universities = [u for u in index.universities() if fold(u) in folded]
    return list(dict.fromkeys(zones)), list(dict.fromkeys(universities))


def _compose(sections: list[tuple[str, list[Pairing], str]], lang: str,
             whole_list: bool) -> Answer:
    from assistant.answer.citations import CitationBook, check_citations
    from assistant.answer.wording import wording_for

    book = CitationBook()
    lines: list[str] = []
    if whole_list:
        lines.append("Pairings in the indexed pairing lists:" if lang == "en"
                     else "已索引的结对清单中的结对关系：")
    listed = 0
    for subject, pairings, kind in sections:
        lines.append(_heading(subject, kind, len(pairings), lang))
        for pairing in pairings:
            if listed >= MAX_LISTED:
                break
            listed += 1
            other = pairing.university if kind == "zone" else pairing.zone
            n = book.cite(pairing.row, pairing.row.text)
            evidence = (f" (evidence: {pairing.evidence_label})" if lang == "en"
                        else f"（证据：{pairing.evidence_label}）")
            badge = " " + wording_for(lang).sample_badge if pairing.sample else ""
            lines.append(f"- {other}{evidence}{badge}[{n}]")
    total = sum(len(s[1]) for s in sections)
    if listed < total:
        lines.append(f"… and {total - listed} more." if lang == "en"
                     else f"……另有 {total - listed} 条未列出。")
    text, citations = check_citations("\n".join(lines), book.citations)
    if any(c.sample for c in citations):
        text += "\n\n" + wording_for(lang).sample_note
    return Answer(answer=text, citations=citations)


def _heading(subject: str, kind: str, count: int, lang: str) -> str:
    if lang == "en":
        what = "universit" + ("y" if count == 1 else "ies") if kind == "zone" else (
            "zone" if count == 1 else "zones")
        return f"{subject} is paired with {count} {what} (indexed pairing lists):"
    if kind == "zone":
        return f"{subject} 的结对高校（据已索引的结对清单，共 {count} 所）："
    return f"{subject} 的结对高新区（据已索引的结对清单，共 {count} 个）："
