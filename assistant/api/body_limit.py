"""A cap on the raw request body, checked before any of it is parsed.

The facade's limits bound what a request may ask; this bounds what the server reads at all, so
a client cannot make it buffer and JSON-parse megabytes to learn the question was too long.
Declared lengths are refused up front; chunked bodies are counted as they arrive.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import too_large


class BodyTooLarge(Exception):
    """Raised from `receive` once a chunked body passes the cap; handlers must let it through."""


class BodyLimit:
    """ASGI middleware: 413 in OpenAI's error shape for bodies over `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await too_large(self.max_bytes).response()(scope, receive, send)
            return
        seen, started = 0, False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if not started:
                await too_large(self.max_bytes).response()(scope, receive, send)
