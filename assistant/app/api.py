"""HTTP endpoints for programs (gradio_client or plain HTTP): ask, retrieve, match.

JSON strings in, JSON objects out, so any client can call them without Gradio's component types.
Gradio names the client's keyword arguments after these functions' parameters, and derives the
endpoint types from the annotations — which is why this module does not postpone annotations.
"""

import json

import gradio as gr

from assistant.app.api_errors import api_errors, say
from assistant.app.context import AppContext
from assistant.errors import InputError

# Longest JSON argument parsed (characters). Above any history the limits let through (20 turns
# of 4,000 characters, \u-escaped), yet it stops a megabyte string before json.loads reads it.
MAX_JSON_CHARS = 500_000


def _load_json(text: object, name: str, default: str, question: object) -> object:
    """The parsed argument; InputError (in the question's language) when it is not JSON."""
    if text is None or text == "":
        text = default
    if not isinstance(text, str):
        raise InputError(say(f"{name} 应为 JSON 文本。", f"{name} must be a JSON string.",
                             question))
    if len(text) > MAX_JSON_CHARS:
        raise InputError(say(f"{name} 太长（上限 {MAX_JSON_CHARS} 字符）。",
                             f"{name} is too long (limit {MAX_JSON_CHARS} characters).", question))
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(say(f"{name} 嵌套层数太多。", f"{name} is nested too deeply.",
                             question)) from None
    except ValueError as err:
        raise InputError(say(f"{name} 不是有效的 JSON（第 {getattr(err, 'colno', '?')} 列）。",
                             f"{name} is not valid JSON (column {getattr(err, 'colno', '?')}).",
                             question)) from None


def parse_history(history_json: str, question: object = "") -> list[dict]:
    """A JSON list of {"role", "content"} turns ("" means no history)."""
    value = _load_json(history_json, "history_json", "[]", question)
    if not isinstance(value, list) or not all(
        isinstance(t, dict) and {"role", "content"} <= t.keys() for t in value
    ):
        raise InputError(say('history_json 应为 [{"role", "content"}, …] 形式的 JSON 列表。',
                             'history_json must be a JSON list of {"role", "content"} objects.',
                             question))
    return value


def parse_filters(filters_json: str, question: object = "") -> dict[str, object]:
    """A JSON object of filters, e.g. {"doc_type": "policy"} ("" means none)."""
    value = _load_json(filters_json, "filters_json", "{}", question)
    if not isinstance(value, dict):
        raise InputError(say('filters_json 应为 JSON 对象，例如 {"doc_type": "policy"}。',
                             'filters_json must be a JSON object, e.g. {"doc_type": "policy"}.',
                             question))
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


def retrieval_dict(result) -> dict:
    """A RetrievalResult as JSON: how the query was understood, the hits, stage timings."""
    query = result.query
    return {
        "query": {"original": query.original, "language": query.language,
                  "rewritten": query.rewritten, "is_followup": query.is_followup,
                  "entities": [{"kind": e.kind, "name": e.name} for e in query.all_entities]},
        "hits": [hit_dict(h) for h in result.hits],
        "timings_ms": result.timings_ms,
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
        with api_errors("/ask", question):
            answer = ctx.assistant.ask(question, parse_history(history_json, question),
                                       parse_filters(filters_json, question))
            return {**answer.to_dict(), "timings_ms": answer.timings_ms}

    def retrieve(question: str, history_json: str = "[]", filters_json: str = "{}",
                 k: int = 8) -> dict:
        """Ranked chunks for a question with dense, lexical, fused and rerank scores."""
        with api_errors("/retrieve", question):
            result = ctx.assistant.retrieve(question, parse_history(history_json, question),
                                            parse_filters(filters_json, question), k)
            return retrieval_dict(result)

    def match(demand: str, zone: str = "", top: int = 5) -> dict:
        """University achievements, teams and equipment for an enterprise demand, best first."""
        with api_errors("/match", demand):
            return ctx.assistant.match(demand, zone=zone or None, top=top).to_dict()

    gr.api(ask, api_name="ask")
    gr.api(retrieve, api_name="retrieve")
    gr.api(match, api_name="match")
