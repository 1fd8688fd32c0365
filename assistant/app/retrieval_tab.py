"""Hit test: what retrieval finds for a query, with every score and the time of every stage.

For people tuning the knowledge base: it shows why a chunk ranks where it does (dense cosine,
BM25, fused RRF score, entity coverage, rerank score) and how the query was understood.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import gradio as gr

from assistant.app.api_errors import api_errors
from assistant.app.context import AppContext
from assistant.app.filters import FilterBar, filters_dict
from assistant.retrieval.types import RetrievalResult, ScoredChunk

HEADERS = ["#", "fused 融合", "dense 向量", "lexical 词法", "entities 实体", "rerank 重排",
           "title 标题", "locator 位置", "text 文本"]
STAGES = ("understand", "retrieve", "rerank", "compose")
SNIPPET_CHARS = 160


def _score(value: float | None, rank: int | None = None, digits: int = 3) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}" + (f" (#{rank})" if rank else "")


def hit_rows(hits: list[ScoredChunk]) -> list[list[str]]:
    """One table row per hit, best first; "–" where a stage did not score the chunk."""
    rows = []
    for rank, hit in enumerate(hits, 1):
        text = " ".join(hit.chunk.text.split())
        rows.append([
            str(rank), _score(hit.score, digits=4), _score(hit.dense, hit.dense_rank),
            _score(hit.lexical, hit.lexical_rank, digits=2), f"{hit.entity_coverage:.2f}",
            _score(hit.rerank), hit.chunk.title, hit.chunk.locator,
            text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else ""),
        ])
    return rows


def analysis_markdown(result: RetrievalResult) -> str:
    """How the query was understood: language, follow-up, entities, expansions, searched text."""
    query = result.query
    entities = "、".join(f"{e.name}（{e.kind}）" for e in query.all_entities) or "–"
    lines = [
        f"**语言 Language**: {query.language} · **追问 Follow-up**: "
        f"{'是 yes' if query.is_followup else '否 no'}",
        f"**检索文本 Searched as**: `{query.rewritten}`",
        f"**实体 Entities**: {entities}",
    ]
    if query.expansions:
        lines.append(f"**术语扩展 Glossary expansions**: {'、'.join(query.expansions)}")
    return "  \n".join(lines)


def timings_markdown(timings: dict[str, float]) -> str:
    """Per-stage milliseconds in pipeline order, then the total."""
    cells = [f"{stage} **{timings[stage]:.1f} ms**" for stage in STAGES if stage in timings]
    total = sum(timings.get(stage, 0.0) for stage in STAGES)
    return "耗时 Timings: " + " · ".join([*cells, f"total **{total:.1f} ms**"])


class RetrievalTab:
    """A query box, depth slider, the query analysis, stage timings and the ranked chunks."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def build(self, filter_bar: Callable[[], FilterBar]) -> None:
        """Layout; `filter_bar` renders this tab's own filters under the description."""
        gr.Markdown("检索测试：查看每个片段的向量、词法、融合与重排得分，以及各阶段耗时（下方筛选条件同样生效）。"
                    "  \nHit test: ranked chunks with their dense, lexical, fused and rerank "
                    "scores and per-stage timings (the filters below apply).")
        self.filters = filter_bar()
        with gr.Row(equal_height=True):
            self.query = gr.Textbox(label="查询 Query", scale=5, elem_id="hit-query")
            top_k = self.ctx.assistant.settings.top_k
            self.k = gr.Slider(1, 30, value=top_k, step=1, label="返回条数 Top k", scale=2)
            self.run = gr.Button("检索 Search", variant="primary", scale=1, elem_id="hit-run")
        self.timings = gr.Markdown(elem_id="hit-timings")
        self.analysis = gr.Markdown(elem_id="hit-analysis")
        self.table = gr.Dataframe(headers=HEADERS, value=[], wrap=True, interactive=False,
                                  elem_id="hit-table", column_widths=["4%", "7%", "9%", "9%",
                                                                      "6%", "6%", "17%", "14%",
                                                                      "28%"])

    def wire(self) -> None:
        inputs = [self.query, self.k, *self.filters.components]
        outputs = [self.timings, self.analysis, self.table]
        for trigger in (self.query.submit, self.run.click):
            trigger(self.search, inputs, outputs, api_visibility="private")

    def search(self, query: str, k: float, *filter_values: str) -> tuple:
        if not (query or "").strip():
            return "", "", []
        assistant = self.ctx.assistant
        with api_errors("retrieval test", query):
            result = assistant.retrieve(query.strip(), [], filters_dict(filter_values), int(k))
            clock = time.perf_counter()
            assistant.router.composer.compose(query.strip(), result, assistant.kb)  # timed only
        timings = {**result.timings_ms, "compose": (time.perf_counter() - clock) * 1000}
        return timings_markdown(timings), analysis_markdown(result), hit_rows(result.hits)
