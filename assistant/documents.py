"""The data types every stage shares: loaded documents, chunks, answers and reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from assistant.text.normalize import fold

Scalar = str | int | float | bool
DocType = Literal["policy", "news", "catalog", "document"]


@dataclass
class SourceDoc:
    """One loaded unit of a file: a PDF page, a whole text document, or one catalog row.

    Loaders return these; the splitter turns them into chunks. `text` is the original text
    (whitespace-cleaned, NFC) so it can be shown to users verbatim; folding is for indexing only.
    """

    source: str  # file path relative to the ingest root (or the file name)
    text: str  # display text: NFC, whitespace cleaned (full-width punctuation kept)
    title: str
    doc_type: DocType = "document"
    locator: str = ""  # human place in the file: "第3页", "成果清单 第17行", ""
    metadata: dict[str, Scalar] = field(default_factory=dict)
    is_record: bool = False  # a catalog or table row: indexed whole, never split
    headings: tuple[str, ...] = ()  # a record's place in its document ("三、主要任务", "表1")


@dataclass
class Chunk:
    """A retrievable unit with everything needed to cite it."""

    id: str
    source: str
    title: str
    doc_type: str
    text: str  # display text (original script)
    locator: str  # "第3页 · 二、（一）", "二、工作目标 > （一）", "需求清单 第17行"
    headings: tuple[str, ...] = ()
    metadata: dict[str, Scalar] = field(default_factory=dict)

    @property
    def heading_path(self) -> str:
        return " > ".join(self.headings)

    def retrieval_text(self) -> str:
        """Text used for embedding and BM25: title and heading chain prefixed to the body."""
        prefix = " > ".join(h for h in (self.title, *self.headings) if h)
        return f"{prefix}\n{self.text}" if prefix else self.text

    def match_text(self) -> str:
        """Folded retrieval text plus the string metadata values: what entity matching reads.

        Stored with the chunk at ingest, so a question does not fold every candidate again.
        """
        extra = " ".join(str(v) for v in self.metadata.values() if isinstance(v, str))
        return fold(f"{self.retrieval_text()} {extra}")


def chunk_id(source: str, locator: str, text: str) -> str:
    """Stable id: the same (source, locator, text) gives the same id, so writes are idempotent."""
    digest = hashlib.sha256(f"{source}\x1f{locator}\x1f{text}".encode()).hexdigest()
    return digest[:32]


@dataclass
class Citation:
    n: int
    source: str
    title: str
    locator: str
    snippet: str
    chunk_id: str = ""
    sample: bool = False  # cites an invented demonstration row

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "source": self.source,
            "title": self.title,
            "locator": self.locator,
            "snippet": self.snippet,
            "sample": self.sample,
        }


@dataclass
class Answer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    rewritten_query: str = ""
    notice: str = ""  # e.g. "LLM endpoint failed; extractive answer shown"
    timings_ms: dict[str, float] = field(default_factory=dict)
    route: str = ""  # which answer route produced it (catalog, who_can_help, extractive, …)
    declined: bool = False  # refused because the material says no (no such article, …)

    def to_dict(self) -> dict[str, object]:
        return {
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "refused": self.refused,
            "rewritten_query": self.rewritten_query,
            "notice": self.notice,
            "route": self.route,
        }


@dataclass
class SkippedFile:
    path: str
    reason: str


@dataclass
class IngestReport:
    indexed: int = 0  # files whose chunks were (re)written
    unchanged: int = 0  # files found identical to the indexed version
    skipped: list[SkippedFile] = field(default_factory=list)
    pruned: int = 0  # files removed from the index by --prune
    chunks: int = 0  # chunks in the KB after the run
    seconds: float = 0.0
    new_chunks: int = 0  # chunks embedded and written in this run

    def to_dict(self) -> dict[str, object]:
        return {
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "pruned": self.pruned,
            "chunks": self.chunks,
            "new_chunks": self.new_chunks,
            "seconds": round(self.seconds, 3),
        }
