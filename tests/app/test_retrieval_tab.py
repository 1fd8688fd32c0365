"""Hit-test rendering: one row per hit with every score, timings in pipeline order."""

from __future__ import annotations

from assistant.app.retrieval_tab import analysis_markdown, hit_rows, timings_markdown
from assistant.documents import Chunk
from assistant.retrieval.entities import Entity
from assistant.retrieval.query import QueryAnalysis
from assistant.retrieval.types import RetrievalResult, ScoredChunk


def _hit(text: str, **scores) -> ScoredChunk:
    chunk = Chunk(id="c", source="a.md", title="标题", doc_type="policy", text=text, locator="一、")
    return ScoredChunk(chunk=chunk, **scores)


def test_rows_show_each_stage_or_a_dash() -> None:
    rows = hit_rows([
        _hit("储能  安全", score=0.5, dense=0.81234, dense_rank=1, lexical=12.3, lexical_rank=4,
             entity_coverage=0.5, rerank=0.9),
        _hit("x" * 400, score=0.25),
    ])
    assert rows[0] == ["1", "0.5000", "0.812 (#1)", "12.30 (#4)", "0.50", "0.900", "标题", "一、",
                       "储能 安全"]
    assert rows[1][2:4] == ["–", "–"] and rows[1][5] == "–"
    assert rows[1][-1].endswith("…") and len(rows[1][-1]) == 161


def test_timings_in_pipeline_order_with_total() -> None:
    text = timings_markdown({"rerank": 1.0, "compose": 2.0, "understand": 0.5, "retrieve": 10.0})
    assert text.index("understand") < text.index("retrieve") < text.index("rerank")
    assert text.index("rerank") < text.index("compose")
    assert "total **13.5 ms**" in text


def test_analysis_shows_language_followup_rewrite_entities_and_expansions() -> None:
    query = QueryAnalysis(
        original="它在哪", language="en", folded="", rewritten="南京工程学院 它在哪",
        entities=[], expansions=["储能"], is_followup=True,
        inherited=[Entity(kind="university", name="南京工程学院", alias="南工")],
    )
    text = analysis_markdown(RetrievalResult(query=query, hits=[]))
    assert "是 yes" in text and "`南京工程学院 它在哪`" in text
    assert "南京工程学院（university）" in text and "储能" in text
