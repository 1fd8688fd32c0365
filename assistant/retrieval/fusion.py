"""Reciprocal rank fusion on one documented scale.

Each ranker contributes 1 / (k + rank) (rank 1 = best). The fused score is divided by the most a
chunk could get (rank 1 in every ranker), so it lies in (0, 1]: 1.0 means "first everywhere",
higher is always more relevant, and scores are comparable across queries of the same KB.
"""

from __future__ import annotations

from collections.abc import Sequence


def rrf(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """Fuse ranked id lists; returns id → normalised score in (0, 1]."""
    if not rankings:
        return {}
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    best_possible = len(rankings) / (k + 1)
    return {item: score / best_possible for item, score in fused.items()}
