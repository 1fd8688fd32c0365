"""Request limits: every question, history, filter set and result count is checked once, here.

Every entry point (CLI, Gradio API, the chat, the OpenAI-compatible API, MCP) calls the
`Assistant` facade, and the facade calls these checks first, so one long question or a crafted
filter cannot make a request cost seconds of server time (jieba's segmentation grows
quadratically on long runs of unknown characters; Chroma and SQLite fail on huge filters with
internal messages). A failed check raises `InputError` with a short message in the asker's
language, meant to be shown to the user as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.errors import InputError
from assistant.text.lang import detect_language

# Metadata keys retrieval can filter on; anything else ("$or", "metadata.x") is refused.
FILTER_KEYS = ("doc_type", "catalog_kind", "city", "zone", "university", "field", "source")
_LANGUAGE_SAMPLE = 200  # characters read to pick the message language


@dataclass(frozen=True)
class RequestLimits:
    """Upper bounds for one request; configured through Settings (ASSISTANT_MAX_* variables)."""

    question_chars: int = 2000
    history_turns: int = 20
    turn_chars: int = 4000
    filter_values: int = 20
    filter_value_chars: int = 200
    max_k: int = 50


def _say(zh: str, en: str, sample: str) -> str:
    return en if detect_language(sample[:_LANGUAGE_SAMPLE]) == "en" else zh


def check_question(question: object, limits: RequestLimits, what: str = "question") -> str:
    """The question (or demand) text, stripped; InputError when missing or too long."""
    if not isinstance(question, str):
        raise InputError(_say(f"{_ZH_WHAT.get(what, what)}应为文字。", f"The {what} must be text.",
                              ""))
    if not question.strip():
        raise InputError(_say(f"请输入{_ZH_WHAT.get(what, what)}。", f"The {what} is empty.", ""))
    text = question.strip()
    if len(text) > limits.question_chars:
        raise InputError(_say(
            f"{_ZH_WHAT.get(what, what)}太长（{len(text)} 字），上限为 {limits.question_chars} 字，"
            "请缩短后再问。",
            f"The {what} is too long ({len(text)} characters; the limit is "
            f"{limits.question_chars}). Please shorten it.", text))
    return text


_ZH_WHAT = {"question": "问题", "demand": "需求描述"}


def check_history(history: object, limits: RequestLimits, question: str = "") -> list[dict]:
    """Earlier turns as [{"role", "content"}]; the most recent `history_turns` are kept.

    Old turns beyond the limit are dropped rather than refused: a long chat should go on
    working, and follow-up resolution only reads the last few turns anyway. A single turn that
    is too long, a wrong shape or a wrong role is an error.
    """
    if history is None:
        return []
    if not isinstance(history, list):
        raise InputError(_say("对话历史格式不对：应为 [{role, content}] 列表。",
                              "history must be a list of {role, content} objects.", question))
    turns: list[dict] = []
    recent = history[-limits.history_turns :] if limits.history_turns > 0 else []
    for turn in recent:
        if not isinstance(turn, Mapping) or not isinstance(turn.get("content", ""), str):
            raise InputError(_say("对话历史格式不对：每一轮应为 {role, content}。",
                                  "each history turn must be a {role, content} object.", question))
        role = turn.get("role")
        if role not in ("user", "assistant", "system"):
            raise InputError(_say(f"对话历史中的角色 {str(role)[:20]!r} 无效。",
                                  f"history role {str(role)[:20]!r} is not user or assistant.",
                                  question))
        content = turn.get("content") or ""
        if role == "assistant":  # a long earlier answer is context, not work: keep its start
            content = content[: limits.turn_chars]
        if len(content) > limits.turn_chars:
            raise InputError(_say(
                f"对话历史中有一轮太长（{len(content)} 字，上限 {limits.turn_chars} 字）。",
                f"a history turn is too long ({len(content)} characters; the limit is "
                f"{limits.turn_chars}).", question))
        turns.append({"role": role, "content": content})
    return turns


def check_filters(filters: object, limits: RequestLimits,
                  question: str = "") -> dict[str, str | list[str]]:
    """Filters with known keys and bounded values; empty values ("any") are dropped."""
    if filters is None:
        return {}
    if not isinstance(filters, Mapping):
        raise InputError(_say("筛选条件应为 JSON 对象，例如 {\"doc_type\": \"policy\"}。",
                              'filters must be an object, e.g. {"doc_type": "policy"}.', question))
    clean: dict[str, str | list[str]] = {}
    for key, value in filters.items():
        if key not in FILTER_KEYS:
            raise InputError(_say(
                f"不支持的筛选条件 {str(key)[:40]!r}；可用：{'、'.join(FILTER_KEYS)}。",
                f"unknown filter {str(key)[:40]!r}; use one of {', '.join(FILTER_KEYS)}.",
                question))
        values = _filter_values(key, value, limits, question)
        if values:
            clean[key] = values if isinstance(value, list | tuple) else values[0]
    return clean


def _filter_values(key: str, value: object, limits: RequestLimits, question: str) -> list[str]:
    items = list(value) if isinstance(value, list | tuple) else [value]
    if len(items) > limits.filter_values:
        raise InputError(_say(f"筛选条件 {key} 的取值太多（上限 {limits.filter_values} 个）。",
                              f"too many values for filter {key} (limit {limits.filter_values}).",
                              question))
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        if not isinstance(item, str | int | float | bool):
            raise InputError(_say(f"筛选条件 {key} 的取值应为文字。",
                                  f"filter {key} takes text values.", question))
        text = str(item).strip()
        if len(text) > limits.filter_value_chars:
            raise InputError(_say(f"筛选条件 {key} 的取值太长。",
                                  f"a value of filter {key} is too long.", question))
        if text:
            out.append(text)
    return out


def check_count(value: object, limits: RequestLimits, name: str = "k",
                question: str = "") -> int:
    """A result count (k, top): an integer from 1 to `max_k`."""
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        number = 0
    if isinstance(value, bool) or not 1 <= number <= limits.max_k:
        raise InputError(_say(f"{name} 应为 1 到 {limits.max_k} 之间的整数。",
                              f"{name} must be an integer from 1 to {limits.max_k}.", question))
    return number
