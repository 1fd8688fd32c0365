"""The MCP server driven by the mcp SDK's own client, over stdio and over streamable HTTP.

Each transport gets one session (starting `assistant mcp` costs seconds); the calls it makes
are collected once and the tests below check them, the same checks for both transports.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import anyio
import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from assistant.errors import InputError
from tests.integration.conftest import child_env

REPO = Path(__file__).resolve().parents[2]
TOOLS = {"ask", "search", "match", "list_documents"}
POLICY_ZH = "江苏推进高新区和高等院校协同创新发展的实施意见，文号是什么？哪天印发的？"
BATTERY_EN = "Which university can help with battery-storage safety prediction?"
DEMAND = "我们需要锂电池储能系统的安全预测预警技术"
CHINESE_DOC = "policies/改革指引清单_2025-09-10.md"


async def _session_calls(client: Client) -> dict:
    """Everything the tests look at, from one session."""
    return {
        "tools": (await client.list_tools()).tools,
        "ask_zh": await client.call_tool("ask", {"question": POLICY_ZH}),
        "ask_en": await client.call_tool("ask", {"question": BATTERY_EN}),
        "search": await client.call_tool("search", {"question": "概念验证中心 支持", "k": 3,
                                                    "filters": {"doc_type": "policy"}}),
        "match": await client.call_tool("match", {"demand": DEMAND, "top": 2}),
        "documents": await client.call_tool("list_documents", {}),
        "bad_k": await client.call_tool("search", {"question": POLICY_ZH, "k": 0}),
        "resources": (await client.list_resources()).resources,
        "document": await client.read_resource("assistant://documents/" + quote(CHINESE_DOC)),
    }


async def _over_stdio(data_dir: Path) -> dict:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "assistant.cli", "--data-dir", str(data_dir), "mcp"],
        env=child_env(), cwd=str(REPO))
    async with Client(params, read_timeout_seconds=180) as client:
        return await _session_calls(client)


async def _over_http(url: str, key: str) -> dict:
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx2.AsyncClient(headers=headers, timeout=180) as http, \
            Client(streamable_http_client(url, http_client=http)) as client:
        return await _session_calls(client)


@pytest.fixture(scope="module", params=["stdio", "http"])
def calls(request, corpus_data: Path) -> dict:
    if request.param == "stdio":
        return anyio.run(_over_stdio, corpus_data)
    served = request.getfixturevalue("served")
    return anyio.run(_over_http, served.url + "mcp", served.key)


def test_the_four_tools_have_json_schemas(calls) -> None:
    tools = {t.name: t for t in calls["tools"]}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.input_schema["type"] == "object" and tool.description
        assert tool.output_schema and tool.output_schema["type"] == "object"
        assert tool.annotations.read_only_hint is True
    ask = tools["ask"].input_schema
    assert ask["required"] == ["question"]
    assert {"question", "history", "filters"} <= set(ask["properties"])
    assert "doc_type" in ask["$defs"]["Filters"]["properties"]
    assert {"question", "filters", "k"} <= set(tools["search"].input_schema["properties"])
    assert {"demand", "zone", "top"} <= set(tools["match"].input_schema["properties"])


@pytest.mark.parametrize(("key", "question"), [("ask_zh", POLICY_ZH), ("ask_en", BATTERY_EN)])
def test_ask_returns_the_facades_cited_answer(calls, corpus_assistant, key, question) -> None:
    result = calls[key]
    expected = corpus_assistant.ask(question)
    assert not result.is_error
    got = result.structured_content
    assert got["answer"] == expected.answer and got["refused"] is expected.refused
    assert [{k: c[k] for k in ("n", "source", "title", "locator", "snippet", "sample")}
            for c in got["citations"]] == [c.to_dict() for c in expected.citations]
    assert all(c["uri"].startswith("assistant://documents/") for c in got["citations"])


def test_search_returns_ranked_passages_with_locators(calls, corpus_assistant) -> None:
    passages = calls["search"].structured_content["passages"]
    expected = corpus_assistant.retrieve("概念验证中心 支持", None, {"doc_type": "policy"}, 3)
    assert [p["chunk_id"] for p in passages] == [h.chunk.id for h in expected.hits]
    assert [p["rank"] for p in passages] == [1, 2, 3]
    assert all(p["locator"] and p["doc_type"] == "policy" for p in passages)


def test_match_returns_ranked_supply_with_reasons(calls, corpus_assistant) -> None:
    matches = calls["match"].structured_content["matches"]
    assert matches == corpus_assistant.match(DEMAND, top=2).to_dict()["matches"]
    assert matches and matches[0]["rank"] == 1 and matches[0]["reasons"]


def test_documents_are_listed_and_readable_as_resources(calls, corpus_assistant) -> None:
    listed = calls["documents"].structured_content["documents"]
    assert [d["source"] for d in listed] == [d.source for d in corpus_assistant.documents()]
    resources = {r.uri: r for r in calls["resources"]}
    assert {d["uri"] for d in listed} <= set(resources)
    text = calls["document"].contents[0].text
    record = next(d for d in corpus_assistant.documents() if d.source == CHINESE_DOC)
    assert text.startswith(f"# {record.title}")
    first = corpus_assistant.document_chunks(CHINESE_DOC)[0]
    assert first.text in text


def test_bad_input_is_a_tool_error_with_the_facades_message(calls, corpus_assistant) -> None:
    with pytest.raises(InputError) as refused:
        corpus_assistant.retrieve(POLICY_ZH, None, None, 0)
    result = calls["bad_k"]
    assert result.is_error
    assert result.content[0].text.endswith(str(refused.value))


def test_http_transport_needs_the_key(served) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    response = httpx.post(served.url + "mcp", json=body, timeout=30,
                          headers={"Accept": "application/json, text/event-stream"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"
