"""OpenAI-compatible endpoints: `POST /v1/chat/completions` and `GET /v1/models`.

Any OpenAI client (the openai SDK, Open WebUI, Cherry Studio, LobeChat, ChatBox) can talk to the
assistant: the model is the knowledge base, the last user message the question. Answers are
computed on the shared worker threads (see workers.py), so the event loop keeps accepting
requests while a few answers are composed at a time.
"""

from __future__ import annotations

import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from assistant.api.auth import RequireKey
from assistant.api.body_limit import BodyLimit
from assistant.api.chat_request import parse_chat_request
from assistant.api.chat_response import completion, stream_events
from assistant.api.errors import OpenAIError, bad_request, internal_error, model_not_found
from assistant.api.kbs import KnowledgeBases
from assistant.api.workers import Workers
from assistant.errors import InputError

OWNER = "shuanggao-assistant"
LOOPBACK_ORIGINS = r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def _json(body: dict, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


class OpenAICompat:
    """The endpoint handlers over a set of knowledge bases."""

    def __init__(self, kbs: KnowledgeBases, workers: Workers) -> None:
        self.kbs, self.workers = kbs, workers

    def _model(self, name: str) -> dict:
        return {"id": name, "object": "model", "created": 0, "owned_by": OWNER}

    async def models(self, request: Request) -> Response:
        names = await self.workers.run(self.kbs.names)
        return _json({"object": "list", "data": [self._model(n) for n in names]})

    async def model(self, request: Request) -> Response:
        name = request.path_params["model"]
        names = await self.workers.run(self.kbs.names)
        if name not in names:
            return model_not_found(name, names).response()
        return _json(self._model(name))

    async def chat_completions(self, request: Request) -> Response:
        raw = await request.body()  # already capped by BodyLimit
        try:
            chat = parse_chat_request(raw)
            assistant = self.kbs.get(chat.model)  # a dict look-up; opening a KB is lazy
            if assistant is None:
                raise model_not_found(chat.model, self.kbs.names())
            answer = await self.workers.run(assistant.ask, chat.question, chat.history,
                                            chat.filters or {})
        except OpenAIError as err:
            return err.response()
        except InputError as err:
            return bad_request(str(err)).response()
        except Exception as err:
            return internal_error(err, "chat completion").response()
        if chat.stream:
            return StreamingResponse(stream_events(answer, chat.model),
                                     media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})
        return _json(completion(answer, chat.model))


def openai_app(kbs: KnowledgeBases, workers: Workers, api_key: str | None,
               max_body_bytes: int) -> Starlette:
    """The /v1 sub-application: key check, body cap, CORS (any origin only with a key).

    Without a key it answers only requests addressed to a loopback name, so a web page cannot
    reach it by pointing its own domain at 127.0.0.1 (DNS rebinding) — the check the MCP SDK
    makes for /mcp.
    """
    handlers = OpenAICompat(kbs, workers)
    cors = ({"allow_origins": ["*"]} if api_key else {"allow_origin_regex": LOOPBACK_ORIGINS})
    hosts = [] if api_key else [Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS)]
    return Starlette(
        routes=[Route("/models", handlers.models, methods=["GET"]),
                Route("/models/{model:path}", handlers.model, methods=["GET"]),
                Route("/chat/completions", handlers.chat_completions, methods=["POST"])],
        middleware=[*hosts,
                    Middleware(CORSMiddleware, allow_methods=["GET", "POST"],
                               allow_headers=["authorization", "content-type"], **cors),
                    Middleware(RequireKey, api_key=api_key),
                    Middleware(BodyLimit, max_bytes=max_body_bytes)],
    )
