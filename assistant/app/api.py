"""HTTP endpoints for programs (gradio_client or plain HTTP): ask, retrieve, match.

JSON strings in, JSON objects out, so any client can call them without Gradio's component types.
Gradio names the client's keyword arguments after these functions' parameters, and derives the
endpoint types from the annotations — which is why this module does not postpone annotations.
"""

import json

import gradio as gr

from assistant.app.context import AppContext
from assistant.errors import AssistantError


def parse_history(history_json: str) -> list[dict]:
    """A JSON list of {"role", "content"} turns ("" means no history)."""
    value = json.loads(history_json or "[]")
    if not isinstance(value, list) or not all(
        isinstance(t, dict) and {"role", "content"} <= t.keys() for t in value
    ):
        raise ValueError('history_json must be a JSON list of {"role", "content"} objects')
    return value


def parse_filters(filters_json: str) -> dict[str, str]:
    """A JSON object of filters, e.g. {"doc_type": "policy"} ("" means none)."""
    value = json.loads(filters_json or "{}")
    if not isinstance(value, dict):
        raise ValueError('filters_json must be a JSON object, e.g. {"doc_type": "policy"}')
    return value


def hit_dict(hit) -> dict:
    chunk = hit.chunk
    return {
        "chunk_id": chunk.id, "source": chunk.source, "title": chunk.title,
        "locator": chunk.locator, "doc_type": chunk.doc_type, "text": chunk.text,
        "score": hit.score, "dense": hit.dense, "dense_rank": hit.dense_rank,
        "lexical": hit.lexical, "lexical_rank": hit.lexical_rank,
        "entity_coverage": hit.entity_coverage, "rerank": hit.rerank,
    }


def register_api(ctx: AppContext) -> None:
    """Add the endpoints to the Blocks being built (call inside its context)."""

    def ask(question: str, history_json: str = "[]", filters_json: str = "{}") -> dict:
        """Answer a question from the indexed documents.

        history_json: JSON list of earlier {"role", "content"} turns (for follow-ups).
        filters_json: JSON object of filters: doc_type, catalog_kind, city, zone, university,
        field. Returns {answer, citations: [{n, source, title, locator, snippet, sample}],
        refused, rewritten_query, notice, timings_ms}.
        """
        try:
            answer = ctx.assistant.ask(question, parse_history(history_json),
                                       parse_filters(filters_json))
        except (ValueError, AssistantError) as err:
            raise gr.Error(str(err)) from err
        return {**answer.to_dict(), "timings_ms": answer.timings_ms}

    def retrieve(question: str, history_json: str = "[]", filters_json: str = "{}",
                 k: int = 8) -> dict:
        """Ranked chunks for a question with dense, lexical, fused and rerank scores."""
        try:
            result = ctx.assistant.retrieve(question, parse_history(history_json),
                                            parse_filters(filters_json), int(k))
        except (ValueError, AssistantError) as err:
            raise gr.Error(str(err)) from err
        query = result.query
        return {
            "query": {"original": query.original, "language": query.language,
                      "rewritten": query.rewritten, "is_followup": query.is_followup,
                      "entities": [{"kind": e.kind, "name": e.name} for e in query.all_entities]},
            "hits": [hit_dict(h) for h in result.hits],
            "timings_ms": result.timings_ms,
        }

    def match(demand: str, zone: str = "", top: int = 5) -> dict:
        """University achievements, teams and equipment for an enterprise demand, best first."""
        try:
            return ctx.assistant.match(demand, zone=zone or None, top=int(top)).to_dict()
        except AssistantError as err:
            raise gr.Error(str(err)) from err

    gr.api(ask, api_name="ask")
    gr.api(retrieve, api_name="retrieve")
    gr.api(match, api_name="match")
