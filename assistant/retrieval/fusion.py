"""Reciprocal rank fusion on one documented scale.

Each ranker contributes w / (k + rank) (rank 1 = best; w is its weight, 1 by default). The
fused score is divided by the most a chunk could get (rank 1 in every ranker), so it lies in
(0, 1]: 1.0 means "first everywhere", higher is always more relevant, and scores are comparable
across queries of the same KB.
"""

from __future__ import annotations

from collections.abc import Sequence


def rrf(
    rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None
) -> dict[str, float]:
    """Fuse ranked id lists (optionally weighted); returns id → normalised score in (0, 1]."""
    if not rankings:
        return {}
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    best_possible = sum(weights) / (k + 1)
    return {item: score / best_possible for item, score in fused.items()}
