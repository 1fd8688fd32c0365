"""Which endpoints a server has depends on its host and key, and start-up says which."""

from __future__ import annotations

from starlette.testclient import TestClient

from assistant.api.server import build_server, endpoint_notice
from tests.app.fakes import FakeAssistant


def _served(fake: FakeAssistant, host: str, key: str | None) -> TestClient:
    fake.settings = fake.settings.with_overrides(api_key=key)
    return TestClient(build_server(fake, host), base_url="http://127.0.0.1:7860")


def test_non_loopback_host_without_a_key_serves_neither_endpoint(fake: FakeAssistant) -> None:
    with _served(fake, "0.0.0.0", None) as client:
        assert client.get("/v1/models").status_code == 404
        assert client.post("/mcp", json={}).status_code == 404


def test_loopback_without_a_key_serves_both(fake: FakeAssistant) -> None:
    with _served(fake, "127.0.0.1", None) as client:
        assert client.get("/v1/models").json()["data"][0]["id"] == "default"
        assert client.post("/mcp", json={}).status_code != 404


def test_with_a_key_any_host_serves_both_behind_it(fake: FakeAssistant) -> None:
    with _served(fake, "0.0.0.0", "k3y") as client:
        assert client.get("/v1/models").status_code == 401
        assert client.post("/mcp", json={}).status_code == 401
        ok = client.get("/v1/models", headers={"Authorization": "Bearer k3y"})
        assert ok.status_code == 200


def test_startup_notice_says_where_and_who() -> None:
    off = endpoint_notice("0.0.0.0", 7860, None)
    assert "OFF" in off and "ASSISTANT_API_KEY" in off
    local = endpoint_notice("127.0.0.1", 7860, None)
    assert "http://127.0.0.1:7860/v1" in local and "http://127.0.0.1:7860/mcp" in local
    assert "loopback only" in local
    keyed = endpoint_notice("0.0.0.0", 8000, "k3y")
    assert "Bearer" in keyed and "k3y" not in keyed


def test_without_a_key_only_loopback_names_are_answered(fake: FakeAssistant) -> None:
    with _served(fake, "127.0.0.1", None) as client:
        rebound = client.get("/v1/models", headers={"Host": "evil.example:7860"})
        assert rebound.status_code == 400  # a page's own domain pointed at 127.0.0.1
        assert client.get("/v1/models", headers={"Host": "localhost:7860"}).status_code == 200
        cors = client.get("/v1/models", headers={"Origin": "http://localhost:3000"})
        assert cors.headers["access-control-allow-origin"] == "http://localhost:3000"
        foreign = client.get("/v1/models", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in foreign.headers


def test_with_a_key_any_origin_may_call_from_a_browser(fake: FakeAssistant) -> None:
    with _served(fake, "0.0.0.0", "k3y") as client:
        preflight = client.options("/v1/chat/completions", headers={
            "Origin": "https://chat.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] in ("*", "https://chat.example")
        answered = client.get("/v1/models", headers={"Host": "assistant.example.org",
                                                     "Authorization": "Bearer k3y"})
        assert answered.status_code == 200
