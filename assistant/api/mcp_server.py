"""The MCP server: tools ask, search, match, list_documents and one resource per indexed file.

Built with the official SDK's `MCPServer` (FastMCP's successor in mcp 2) and defined once here;
`run_stdio` serves it over stdio (`assistant mcp`) and `server.build_server` mounts its
streamable HTTP transport at /mcp. Tool calls run on the shared worker threads like every other
answer, and bad input comes back as a tool error carrying the facade's own short message.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp_types import Resource as MCPResource
from mcp_types import ToolAnnotations
from pydantic import Field

from assistant.api.tool_schemas import (
    DOCUMENT_URI_TEMPLATE,
    AskResult,
    DocumentList,
    Filters,
    SearchResult,
    Turn,
    document_uri,
)
from assistant.api.workers import Workers
from assistant.config import Settings
from assistant.errors import InputError

SERVER_NAME = "shuanggao-assistant"
DOCUMENT_MAX_CHARS = 200_000  # a resource larger than this is cut, with a note saying so
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                            open_world_hint=False)
INSTRUCTIONS = (
    "Answers questions about Jiangsu's 双高协同 programme (high-tech zones × universities) from "
    "indexed policy documents, news and catalogs, in Chinese or English, citing every statement "
    "as [n]. Use `ask` for an answer, `search` for the ranked passages themselves, `match` to "
    "find university supply for an enterprise demand, `list_documents` to see what is indexed. "
    "Quote the citations' titles and locators when you pass an answer on."
)

Question = Annotated[str, Field(description="the question, in Chinese or English")]
History = Annotated[list[Turn] | None, Field(
    description="earlier turns of the conversation, oldest first, for follow-up questions")]
FilterArg = Annotated[Filters | None, Field(description="narrow retrieval by metadata")]


class DocumentServer(MCPServer):
    """MCPServer whose resource list is the KB's current documents (they change on ingest)."""

    def __init__(self, assistant, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.assistant = assistant

    async def list_resources(self) -> list[MCPResource]:
        documents = [MCPResource(uri=document_uri(r.source), name=r.source, title=r.title,
                                 description=f"{r.doc_type}, {r.chunk_count} chunks",
                                 mime_type="text/markdown")
                     for r in self.assistant.documents()]
        return [*await super().list_resources(), *documents]


async def _checked(workers: Workers, fn, *args: object, **kwargs: object):
    """Run a facade call on a worker; its InputError becomes a tool error with the same text."""
    try:
        return await workers.run(fn, *args, **kwargs)
    except InputError as err:
        raise ToolError(str(err)) from err


def render_document(title: str, source: str, chunks: list) -> str:
    """A document's indexed text as Markdown, one section per locator, cut at the size cap."""
    parts = [f"# {title}\n\n`{source}`\n"]
    size = len(parts[0])
    for chunk in chunks:
        part = f"\n## {chunk.locator}\n\n{chunk.text}\n" if chunk.locator else f"\n{chunk.text}\n"
        if size + len(part) > DOCUMENT_MAX_CHARS:
            parts.append(f"\n… (cut at {DOCUMENT_MAX_CHARS} characters; use the `search` tool "
                         "with the `source` filter for the rest)\n")
            break
        parts.append(part)
        size += len(part)
    return "".join(parts)


def build_mcp(assistant, workers: Workers | None = None) -> DocumentServer:
    """The MCP server over one Assistant (one knowledge base)."""
    workers = workers or Workers.for_settings(assistant.settings)
    server = DocumentServer(assistant, name=SERVER_NAME, title="双高协同 Assistant",
                            instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(annotations=READ_ONLY)
    async def ask(question: Question, history: History = None,
                  filters: FilterArg = None) -> AskResult:
        """Answer a question from the indexed documents, citing every statement as [n].

        Refusals (the documents do not cover it) come back with refused=true.
        """
        turns = [t.model_dump() for t in history or []]
        answer = await _checked(workers, assistant.ask, question, turns,
                                filters.as_dict() if filters else None)
        return AskResult.of(answer)

    @server.tool(annotations=READ_ONLY)
    async def search(question: Question, filters: FilterArg = None,
                     k: Annotated[int, Field(description="how many passages (1 to "
                                                         "ASSISTANT_MAX_K, default 50)")] = 8,
                     ) -> SearchResult:
        """Ranked passages for a question (hybrid dense + BM25 search), each with its locator."""
        result = await _checked(workers, assistant.retrieve, question, None,
                                filters.as_dict() if filters else None, k)
        return SearchResult.of(result)

    @server.tool(annotations=READ_ONLY)
    async def match(demand: Annotated[str, Field(description="the enterprise's technology "
                                                             "demand, in its own words")],
                    zone: Annotated[str | None, Field(description="the enterprise's high-tech "
                                                                  "zone (pairing bonus)")] = None,
                    top: Annotated[int, Field(description="how many matches")] = 5,
                    ) -> dict[str, Any]:
        """University achievements, teams and equipment for an enterprise demand, best first,
        with score, reasons (shared terms, field, zone–university pairing) and citations."""
        result = await _checked(workers, assistant.match, demand, zone=zone or None, top=top)
        return result.to_dict()

    @server.tool(annotations=READ_ONLY)
    async def list_documents() -> DocumentList:
        """Every indexed document: source path, title, type, chunk count and resource URI."""
        return DocumentList.of(await workers.run(assistant.documents))

    @server.resource(DOCUMENT_URI_TEMPLATE, name="document", mime_type="text/markdown",
                     description="the indexed text of one document, section by section")
    async def document(source: str) -> str:
        record = next((r for r in assistant.documents() if r.source == source), None)
        if record is None:
            raise ResourceNotFoundError(f"no indexed document {source!r}")
        chunks = await workers.run(assistant.document_chunks, source)
        return render_document(record.title, source, chunks)

    return server


def _claim_stdout() -> None:
    """Keep stdout for MCP messages only: anything else printing to fd 1 goes to stderr.

    A stray print or a C library writing to stdout would corrupt the JSON-RPC stream, so the
    real stdout is moved to a private descriptor that `sys.stdout` (which the SDK's stdio
    transport reads) alone writes to.
    """
    sys.stdout.flush()
    protocol = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = os.fdopen(protocol, "w", encoding="utf-8", newline="\n")


def run_stdio(settings: Settings) -> None:
    """Serve MCP over stdin/stdout until the client closes the pipe."""
    from assistant.service import Assistant  # chromadb, jieba: loaded after stdout is claimed

    _claim_stdout()
    build_mcp(Assistant(settings=settings)).run("stdio")
