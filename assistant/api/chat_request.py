"""An OpenAI chat-completions request body turned into what the facade takes.

The last user message is the question; the user and assistant messages before it are the
history (our own Sources block stripped from earlier answers, client system prompts left out:
they are instructions for a general model, not conversation to resolve follow-ups against).
Unknown OpenAI parameters (temperature, max_tokens, …) are accepted and ignored, so clients
that always send them work; `filters` is our extra body field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.api.chat_response import strip_sources
from assistant.api.errors import OpenAIError, bad_request

ROLES = {"system", "developer", "user", "assistant", "tool", "function"}


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class _Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[_Part] | None = None


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str
    messages: list[_Message] = Field(min_length=1)
    stream: bool = False
    filters: dict[str, Any] | None = None


@dataclass
class ChatRequest:
    model: str
    question: str
    history: list[dict[str, str]] = field(default_factory=list)
    filters: dict[str, Any] | None = None
    stream: bool = False


def parse_chat_request(raw: bytes) -> ChatRequest:
    """The request, or an OpenAIError (400) saying which parameter is wrong and why."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise bad_request("We could not parse the JSON body of your request. The body must be "
                          "a JSON object.") from err
    if not isinstance(data, dict):
        raise bad_request("The request body must be a JSON object.")
    try:
        body = _Body.model_validate(data)
    except ValidationError as err:
        raise _validation_error(err) from err
    texts = [(i, m.role, _text(m)) for i, m in enumerate(body.messages)]
    for i, role, _ in texts:
        if role not in ROLES:
            raise bad_request(f"Invalid value for 'messages[{i}].role': {role[:40]!r} is not "
                              f"one of {', '.join(sorted(ROLES))}.", param=f"messages[{i}].role",
                              code="invalid_value")
    users = [i for i, role, _ in texts if role == "user"]
    if not users:
        raise bad_request("'messages' must contain a user message: the last one is the "
                          "question.", param="messages", code="invalid_value")
    last = users[-1]
    history = [{"role": role, "content": strip_sources(text) if role == "assistant" else text}
               for _, role, text in texts[:last] if role in ("user", "assistant")]
    return ChatRequest(model=body.model, question=texts[last][2], history=history,
                       filters=body.filters, stream=body.stream)


def _text(message: _Message) -> str:
    """A message's text: the string, or its text parts joined (images and audio are ignored)."""
    if isinstance(message.content, str):
        return message.content
    return "\n".join(p.text for p in message.content or [] if p.type == "text" and p.text)


def _validation_error(err: ValidationError) -> OpenAIError:
    first = err.errors()[0]
    param = _param(first["loc"])
    if first["type"] == "missing":
        return bad_request(f"Missing required parameter: '{param}'.", param=param,
                           code="missing_required_parameter")
    return bad_request(f"Invalid value for '{param}': {first['msg']}.", param=param,
                       code="invalid_value")


def _param(loc: tuple) -> str:
    """Pydantic's location as OpenAI writes it: messages[0].content."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in ("str", "list[_Part]") and not str(part).startswith("function-"):
            out += f".{part}" if out else str(part)
    return out
