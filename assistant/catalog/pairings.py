"""Zone ↔ university pairings from the indexed pairing lists.

A pairing list is any catalog whose kind is "pairing" (file or sheet named 结对 / pairing): one
row per zone with one or more universities and, ideally, an evidence level (证据等级). The index
answers "which universities is zone Z paired with", the reverse, and gives matchmaking its pairing
bonus; every pairing keeps the row it came from so answers can cite it.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.catalog.rows import Names, Row, split_values
from assistant.documents import Chunk
from assistant.phrasing import pattern, table

# Evidence levels that mean "named somewhere, not confirmed": they weigh half in matchmaking.
WEAK_EVIDENCE: list[str] = table("catalog.toml", "markers.weak_evidence")
# Reported as working together under the programme, without the word "paired".
REPORTED_EVIDENCE: list[str] = table("catalog.toml", "markers.reported_evidence")
WEAK_WEIGHT = 0.5
REPORTED_WEIGHT = 0.75
# Cells that hold no name ("名单未公布"): never a university or zone of a pairing.
PLACEHOLDER = pattern("pairing.placeholder")


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
