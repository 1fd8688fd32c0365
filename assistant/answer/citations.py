"""Citation numbering and checking: every [n] in an answer must point at a listed citation."""

from __future__ import annotations

import re

from assistant.documents import Chunk, Citation

MARKER = re.compile(r"\[(\d{1,3})\]")


class CitationBook:
    """Hands out [n] numbers for (chunk, snippet) pairs; the same chunk keeps its number."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._by_chunk: dict[str, Citation] = {}

    def cite(self, chunk: Chunk, snippet: str) -> int:
        existing = self._by_chunk.get(chunk.id)
        if existing is not None:
            if snippet not in existing.snippet:
                existing.snippet = f"{existing.snippet} … {snippet}"
            return existing.n
        citation = Citation(
            n=len(self.citations) + 1,
            source=chunk.source,
            title=chunk.title,
            locator=chunk.locator,
            snippet=snippet,
            chunk_id=chunk.id,
            sample=bool(chunk.metadata.get("sample")),
        )
        self.citations.append(citation)
        self._by_chunk[chunk.id] = citation
        return citation.n


def check_citations(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Drop markers that point nowhere, drop unused citations, renumber 1..n in order of use."""
    by_n = {c.n: c for c in citations}
    order: list[int] = []
    for match in MARKER.finditer(text):
        n = int(match.group(1))
        if n in by_n and n not in order:
            order.append(n)
    renumber = {old: new for new, old in enumerate(order, start=1)}

    def replace(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[{renumber[n]}]" if n in renumber else ""

    checked = MARKER.sub(replace, text)
    checked = re.sub(r"(\[\d+\])(\1)+", r"\1", checked)  # "[1][1]" → "[1]"
    kept = []
    for old in order:
        cite = by_n[old]
        kept.append(Citation(n=renumber[old], source=cite.source, title=cite.title,
                             locator=cite.locator, snippet=cite.snippet,
                             chunk_id=cite.chunk_id, sample=cite.sample))
    return checked, kept
