"""Who may call: the bearer key when one is set, and loopback hosts only without one."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.api.auth import RequireKey, endpoints_allowed, is_loopback, key_matches


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host) and endpoints_allowed(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org", ""])
def test_other_hosts_need_a_key(host: str) -> None:
    assert not is_loopback(host)
    assert not endpoints_allowed(host, None) and not endpoints_allowed(host, "")
    assert endpoints_allowed(host, "k3y")


@pytest.mark.parametrize(("header", "ok"), [
    ("Bearer k3y", True), ("bearer k3y", True), ("Bearer  k3y ", True), ("Bearer k3", False),
    ("Bearer k3yy", False), ("Basic k3y", False), ("k3y", False), ("", False), (None, False),
])
def test_key_matches_only_the_bearer_token(header: str | None, ok: bool) -> None:
    assert key_matches(header, "k3y") is ok


def _guarded(key: str | None) -> TestClient:
    inner = Starlette(routes=[Route("/x", lambda request: PlainTextResponse("ok"))])
    return TestClient(RequireKey(inner, key))


def test_require_key_refuses_in_openai_shape() -> None:
    client = _guarded("k3y")
    refused = client.get("/x", headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["error"]["code"] == "invalid_api_key"
    assert client.get("/x").status_code == 401
    assert client.get("/x", headers={"Authorization": "Bearer k3y"}).text == "ok"


def test_without_a_key_requests_pass() -> None:
    assert _guarded(None).get("/x").text == "ok"
