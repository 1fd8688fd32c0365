"""One ASGI app for the open interfaces: /v1 (OpenAI-compatible) and /mcp (MCP over HTTP).

`assistant serve` mounts the Gradio chat at "/" of this app and runs it with uvicorn, so the
chat, the API and MCP share one process, one index and one set of worker threads. Without an
API key the endpoints exist only on a loopback host: on any other host they are left off, and
`endpoint_notice` says so at start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.routing import Route

from assistant.api.auth import RequireKey, endpoints_allowed
from assistant.api.body_limit import BodyLimit
from assistant.api.kbs import KnowledgeBases
from assistant.api.mcp_server import build_mcp
from assistant.api.openai_compat import openai_app
from assistant.api.workers import Workers

SHUTDOWN_GRACE_S = 3  # open SSE streams (the chat's) must not hold up a stop for long


def build_server(assistant, host: str) -> FastAPI:
    """The app with /v1 and /mcp for `assistant` (when allowed on `host`); mount the chat next."""
    settings = assistant.settings
    if not endpoints_allowed(host, settings.api_key):
        return FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    max_body = settings.max_body_kb * 1024
    workers = Workers.for_settings(settings)
    mcp = build_mcp(assistant, workers)
    mcp_http = mcp.streamable_http_app(streamable_http_path="/mcp", stateless_http=True,
                                       json_response=True, max_request_body_size=max_body,
                                       host=host)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with mcp.session_manager.run():
            yield

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.mount("/v1", openai_app(KnowledgeBases(assistant), workers, settings.api_key, max_body))
    guarded = RequireKey(BodyLimit(mcp_http, max_body), settings.api_key)
    app.router.routes.append(Route("/mcp", guarded))
    return app


def endpoint_notice(host: str, port: int, api_key: str | None) -> str:
    """What `assistant serve` prints about /v1 and /mcp: where, and who may call them."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if not endpoints_allowed(host, api_key):
        return (f"OpenAI-compatible API and MCP are OFF: {host} is reachable from other machines "
                "and ASSISTANT_API_KEY is not set. Set ASSISTANT_API_KEY to serve them with a "
                "key, or serve on 127.0.0.1 to use them from this machine without one.")
    base = f"http://{shown}:{port}"
    who = ("every request needs 'Authorization: Bearer $ASSISTANT_API_KEY'" if api_key else
           "no ASSISTANT_API_KEY: loopback only, reachable from this machine alone")
    return (f"OpenAI-compatible API: {base}/v1 (models = knowledge bases); MCP (streamable "
            f"HTTP): {base}/mcp; {who}.")


def run(app, host: str, port: int) -> None:
    """Serve `app` with uvicorn until interrupted (SIGINT/SIGTERM)."""
    import uvicorn  # the server itself: only when serving

    uvicorn.run(app, host=host, port=port, log_level="warning",
                timeout_graceful_shutdown=SHUTDOWN_GRACE_S)
