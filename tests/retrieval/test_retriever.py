"""Hybrid retrieval end to end on a small KB (real loaders, embeddings, Chroma and BM25)."""

from __future__ import annotations

import shutil

import pytest

from assistant import Assistant
from tests.catalog.fixture import FIXTURE_DIR

POLICY = "# 示例实施意见\n一、工作目标\n到2027年，试点高新区与高校结对全覆盖，建设概念验证中心。\n"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs")
    (root / "policies").mkdir()
    (root / "policies" / "policy.md").write_text(POLICY, encoding="utf-8")
    shutil.copy(FIXTURE_DIR / "achievements.csv", root / "achievements.csv")
    assistant = Assistant(data_dir=tmp_path_factory.mktemp("data"), kb="r")
    assistant.ingest([root])
    return assistant


def test_hits_are_best_first_on_one_scale_and_at_most_k(bot):
    hits = bot.retrieve("储能电站安全预测", k=3).hits
    assert 0 < len(hits) <= 3
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 + 1e-9 for s in scores)
    assert all(h.dense_rank or h.lexical_rank for h in hits)


def test_filters_keep_only_matching_chunks(bot):
    hits = bot.retrieve("概念验证中心", filters={"doc_type": "catalog"}, k=10).hits
    assert hits and {h.chunk.doc_type for h in hits} == {"catalog"}
    policy = bot.retrieve("概念验证中心", filters={"doc_type": "policy"}, k=10).hits
    assert [h.chunk.source for h in policy] == ["policies/policy.md"]


def test_named_university_counts_as_entity_coverage(bot):
    university = next(
        c.metadata["university"]
        for c in bot.kb.chunks.rows_of_kind(("achievement", "equipment", "demand", "catalog"))
        if c.metadata.get("university")
    )
    hits = bot.retrieve(f"{university}有哪些成果", k=10).hits
    covered = [h for h in hits if h.entity_coverage == 1.0]
    assert covered and all(university in h.chunk.retrieval_text() + str(h.chunk.metadata)
                           for h in covered)
    assert hits[0].entity_coverage == 1.0
