"""Who may call the API and MCP endpoints: an optional bearer key, and loopback without one.

Without `ASSISTANT_API_KEY` the endpoints are only ever reachable from this machine: `assistant
serve` on a non-loopback host leaves them off (and says so) rather than open them to the network.
With a key, every request must carry `Authorization: Bearer <key>`.
"""

from __future__ import annotations

import hmac
import ipaddress

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.errors import unauthorized


def is_loopback(host: str) -> bool:
    """True for hosts only this machine can reach: localhost, 127.0.0.0/8, ::1."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def endpoints_allowed(host: str, api_key: str | None) -> bool:
    """The open endpoints may be served on `host`: it is loopback, or a key guards them."""
    return bool(api_key) or is_loopback(host)


def key_matches(authorization: str | None, api_key: str) -> bool:
    """Constant-time check of an `Authorization: Bearer …` header against the key."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), api_key.encode())


class RequireKey:
    """ASGI middleware: 401 in OpenAI's error shape unless the request carries the key."""

    def __init__(self, app: ASGIApp, api_key: str | None) -> None:
        self.app, self.api_key = app, api_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.api_key and scope["type"] == "http" and scope.get("method") != "OPTIONS":
            headers = dict(scope.get("headers") or [])
            header = headers.get(b"authorization", b"").decode("latin-1")
            if not key_matches(header, self.api_key):
                await unauthorized().response()(scope, receive, send)
                return
        await self.app(scope, receive, send)
