from assistant.retrieval.fusion import rrf


def test_first_everywhere_scores_one():
    fused = rrf([["a", "b"], ["a", "c"]], k=60)
    assert fused["a"] == 1.0


def test_agreement_beats_single_list_top():
    fused = rrf([["x", "a"], ["y", "a"], ["a"]], k=60)
    assert fused["a"] > fused["x"] > 0
    assert max(fused.values()) <= 1.0


def test_empty_rankings():
    assert rrf([]) == {}
    assert rrf([[]]) == {}


def test_smaller_k_sharpens_rank_differences():
    sharp = rrf([["a", "b"]], k=1)
    flat = rrf([["a", "b"]], k=100)
    assert sharp["a"] - sharp["b"] > flat["a"] - flat["b"]
