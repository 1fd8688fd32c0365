"""Citations for a model's answer: markers checked against the passages, snippets that back them.

Small models get the number wrong as often as the fact (seen with the local 1.5B model: a
sentence copied from passage 2 cited [1]), so a marker is re-pointed when its sentence clearly
comes from another passage and not from the one cited. A passage can be longer than a readable
snippet, so the snippet is the passage's sentences sharing the most wording with the answer
sentences citing it, falling back to the passage's opening when the answer is in another
language.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from assistant.answer.citations import MARKER, check_citations
from assistant.answer.llm.prompt import Passage
from assistant.documents import Citation
from assistant.text.normalize import fold
from assistant.text.sentences import sentences

SNIPPET_CHARS = 300
# A sentence with the markers that follow its end ("…体系。[2]" cites like "…体系[2]。").
_CLAIM = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+|\n|$)(?:[ \t]*\[\d{1,3}\])*")
# Re-point only clear cases: the sentence shares most of its wording with one passage and
# little with the one it cites (shares of the sentence's character bigrams).
SUPPORTED = 0.6
UNSUPPORTED = 0.3


def checked_answer(text: str, passages: list[Passage]) -> tuple[str, list[Citation]]:
    """Re-point wrong markers, drop markers that point at no passage, drop uncited passages,
    and renumber in order of use."""
    text = repoint(text, passages)
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


def claims(text: str) -> list[str]:
    """The answer's sentences, each with the markers that belong to it."""
    return [m.group(0) for m in _CLAIM.finditer(text) if m.group(0)]


def claims_by_marker(text: str) -> dict[int, list[str]]:
    """For each [n], the answer sentences that carry it (markers removed)."""
    found: dict[int, list[str]] = {}
    for sentence in claims(text):
        for match in MARKER.finditer(sentence):
            found.setdefault(int(match.group(1)), []).append(MARKER.sub("", sentence).strip())
    return found


def repoint(text: str, passages: list[Passage]) -> str:
    """Point each marker at the passage its sentence came from, when that is unambiguous."""
    grams = {p.n: _passage_bigrams(p.chunk.text) for p in passages}
    out = []
    for sentence in claims(text):
        claim = _bigrams(fold(MARKER.sub("", sentence)))
        if len(claim) >= 4 and MARKER.search(sentence):
            support = {n: len(claim & g) / len(claim) for n, g in grams.items()}
            best = max(support, key=support.__getitem__)

            def fix(match: re.Match[str], support=support, best=best) -> str:
                n = int(match.group(1))
                wrong = n in support and support[n] < UNSUPPORTED
                return f"[{best}]" if wrong and support[best] >= SUPPORTED else match.group(0)

            sentence = MARKER.sub(fix, sentence)
        out.append(sentence)
    return "".join(out)


def snippet_for(text: str, said: list[str], limit: int = SNIPPET_CHARS) -> str:
    """The passage itself when short; else its sentences closest to the claims, in text order."""
    if len(text) <= limit:
        return text
    wanted = _bigrams(fold(" ".join(said)))
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


@lru_cache(maxsize=64)
def _passage_bigrams(text: str) -> frozenset[str]:
    """Cached: the same passages are compared on every streamed token."""
    return frozenset(_bigrams(fold(text)))


def _bigrams(text: str) -> set[str]:
    squeezed = "".join(text.split())
    return {squeezed[i : i + 2] for i in range(len(squeezed) - 1)}
