"""The typed inputs and outputs of the MCP tools, so clients see real JSON schemas.

Agents read these schemas to decide how to call a tool, hence the descriptions on every field.
The values come from the facade's own results (`Answer`, `RetrievalResult`, file records).
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, Field

DOCUMENT_URI_PREFIX = "assistant://documents/"
DOCUMENT_URI_TEMPLATE = DOCUMENT_URI_PREFIX + "{+source}"

FilterValue = str | list[str] | None


def document_uri(source: str) -> str:
    """The MCP resource URI of an indexed file (percent-encoded, slashes kept)."""
    return DOCUMENT_URI_PREFIX + quote(source, safe="/")


class Turn(BaseModel):
    role: Literal["user", "assistant"] = Field(description="who said it")
    content: str = Field(description="what was said")


class Filters(BaseModel):
    """Metadata filters; each takes one value or a list of values (any of them)."""

    doc_type: FilterValue = Field(None, description="policy | news | catalog | document")
    catalog_kind: FilterValue = Field(None, description="demand | achievement | equipment | "
                                                        "platform | pairing")
    city: FilterValue = Field(None, description="e.g. 南京, 苏州")
    zone: FilterValue = Field(None, description="high-tech zone, e.g. 南京建邺高新区")
    university: FilterValue = Field(None, description="e.g. 东南大学")
    field: FilterValue = Field(None, description="technology field")
    source: FilterValue = Field(None, description="file path as listed by list_documents")

    def as_dict(self) -> dict[str, str | list[str]]:
        return self.model_dump(exclude_none=True)


class Citation(BaseModel):
    n: int = Field(description="the [n] marker in the answer text")
    source: str = Field(description="file path of the cited document")
    title: str
    locator: str = Field(description="page, clause path, or sheet and row")
    snippet: str = Field(description="the cited text")
    sample: bool = Field(description="true for invented demonstration catalog rows")
    uri: str = Field(description="MCP resource holding the whole document")


class AskResult(BaseModel):
    answer: str = Field(description="the answer; every [n] refers to citations[].n")
    citations: list[Citation]
    refused: bool = Field(description="true when the documents do not cover the question")
    rewritten_query: str = Field(description="what was searched (follow-ups are resolved)")
    notice: str = Field(description="e.g. that an LLM failed and the extractive answer is shown")

    @classmethod
    def of(cls, answer) -> AskResult:
        data = answer.to_dict()
        data["citations"] = [Citation(**c, uri=document_uri(c["source"]))
                             for c in data["citations"]]
        return cls(**data)


class Passage(BaseModel):
    rank: int
    score: float = Field(description="fused relevance in (0, 1]; 1 = first in every ranker")
    source: str
    title: str
    locator: str = Field(description="page, clause path, or sheet and row")
    doc_type: str
    text: str
    chunk_id: str
    uri: str = Field(description="MCP resource holding the whole document")


class SearchResult(BaseModel):
    query: str = Field(description="what was searched after query understanding")
    passages: list[Passage] = Field(description="best first")

    @classmethod
    def of(cls, result) -> SearchResult:
        passages = [Passage(rank=i, score=round(hit.score, 4), source=hit.chunk.source,
                            title=hit.chunk.title, locator=hit.chunk.locator,
                            doc_type=hit.chunk.doc_type, text=hit.chunk.text,
                            chunk_id=hit.chunk.id, uri=document_uri(hit.chunk.source))
                    for i, hit in enumerate(result.hits, start=1)]
        return cls(query=result.query.rewritten, passages=passages)


class DocumentInfo(BaseModel):
    source: str = Field(description="file path; use it in the `source` filter")
    title: str
    doc_type: str
    chunks: int
    bytes: int
    ingested_at: str
    uri: str = Field(description="MCP resource holding the document's indexed text")


class DocumentList(BaseModel):
    documents: list[DocumentInfo]

    @classmethod
    def of(cls, records) -> DocumentList:
        return cls(documents=[
            DocumentInfo(source=r.source, title=r.title, doc_type=r.doc_type,
                         chunks=r.chunk_count, bytes=r.size, ingested_at=r.ingested_at,
                         uri=document_uri(r.source)) for r in records])
