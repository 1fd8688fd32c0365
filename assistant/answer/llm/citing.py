"""Citations for a model's answer: one per numbered passage, with a snippet that backs the claim.

A passage can be longer than a readable snippet, so the snippet is the passage's sentences that
share the most wording with the answer sentences citing it (the fact the reader wants to check),
falling back to the passage's opening when the answer is in another language.
"""

from __future__ import annotations

import itertools
import re

from assistant.answer.citations import MARKER, check_citations
from assistant.answer.evidence import fold, sentences
from assistant.answer.llm.prompt import Passage
from assistant.documents import Citation

SNIPPET_CHARS = 300
_CLAIM_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s|\n")


def checked_answer(text: str, passages: list[Passage]) -> tuple[str, list[Citation]]:
    """Drop markers that point at no passage, drop uncited passages, renumber in order of use."""
    claims = claims_by_marker(text)
    citations = [
        Citation(
            n=p.n,
            source=p.chunk.source,
            title=p.chunk.title,
            locator=p.chunk.locator,
            snippet=snippet_for(p.chunk.text, claims.get(p.n, [])),
            chunk_id=p.chunk.id,
            sample=bool(p.chunk.metadata.get("sample")),
        )
        for p in passages
    ]
    return check_citations(text, citations)


def claims_by_marker(text: str) -> dict[int, list[str]]:
    """For each [n], the answer sentences that carry it."""
    claims: dict[int, list[str]] = {}
    for sentence in _CLAIM_END.split(text):
        for match in MARKER.finditer(sentence or ""):
            claims.setdefault(int(match.group(1)), []).append(MARKER.sub("", sentence))
    return claims


def snippet_for(text: str, claims: list[str], limit: int = SNIPPET_CHARS) -> str:
    """The passage itself when short; else its sentences closest to the claims, in text order."""
    if len(text) <= limit:
        return text
    wanted = _bigrams(fold(" ".join(claims)))
    parts = sentences(text)
    scored = sorted(
        ((len(_bigrams(fold(s)) & wanted), i) for i, s in enumerate(parts)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    floor = max(1, scored[0][0] // 2)  # half the best overlap: drops sentences sharing a word
    keep: list[int] = []
    used = 0
    for score, i in scored:
        if score >= floor and used + len(parts[i]) <= limit:
            keep.append(i)
            used += len(parts[i])
    if not keep:
        return text[:limit].rstrip() + "…"
    keep.sort()
    pieces = [parts[keep[0]]]
    for before, i in itertools.pairwise(keep):
        pieces.append(("" if i == before + 1 else " … ") + parts[i])
    return "".join(pieces)


def _bigrams(text: str) -> set[str]:
    squeezed = "".join(text.split())
    return {squeezed[i : i + 2] for i in range(len(squeezed) - 1)}
