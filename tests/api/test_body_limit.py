"""The raw body cap: declared and streamed bodies over the limit get 413, others pass."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.api.body_limit import BodyLimit


async def _echo_size(request: Request) -> PlainTextResponse:
    return PlainTextResponse(str(len(await request.body())))


CLIENT = TestClient(BodyLimit(Starlette(routes=[Route("/", _echo_size, methods=["POST"])]),
                              max_bytes=100))


def test_bodies_within_the_cap_pass() -> None:
    assert CLIENT.post("/", content=b"x" * 100).text == "100"


def test_declared_length_over_the_cap_is_refused_unread() -> None:
    response = CLIENT.post("/", content=b"x" * 101)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_chunked_body_is_counted_as_it_arrives() -> None:
    response = CLIENT.post("/", content=iter([b"x" * 60, b"x" * 60]))  # no Content-Length
    assert response.status_code == 413
    assert CLIENT.post("/", content=iter([b"x" * 40, b"x" * 40])).text == "80"
