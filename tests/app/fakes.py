"""Fakes for the app's unit tests: a real (SQLite-only) knowledge base and a scripted assistant.

No embedding model is loaded: the fake answers from a script, and only the chunk store (the
manifest the app reads for document lists and file links) is real.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings, quiet_network_env
from assistant.documents import Answer, Chunk, Citation, IngestReport
from assistant.index.chunk_store import FileRecord
from assistant.kb import KnowledgeBase

quiet_network_env()


def add_file(kb: KnowledgeBase, root: Path, source: str, text: str = "内容", title: str = "标题",
             doc_type: str = "policy", metadata: dict | None = None) -> Chunk:
    """Write a file under `root` and register it (with one chunk) in the chunk store."""
    path = root / source
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    chunk = Chunk(id=f"id-{source}", source=source, title=title, doc_type=doc_type, text=text,
                  locator="第2页", metadata=metadata or {})
    record = FileRecord(source=source, root=str(root), sha256="x", size=len(text.encode()),
                        title=title, doc_type=doc_type, chunk_count=1,
                        ingested_at="2026-01-02T03:04:05+00:00")
    kb.chunks.replace_file(record, [chunk], ["内容"])
    return chunk


@dataclass
class FakeAssistant:
    """Answers from a script; records what it was asked."""

    settings: Settings
    kb: KnowledgeBase
    script: list[Answer] = field(default_factory=list)
    error: Exception | None = None
    asked: list[tuple[str, list, dict]] = field(default_factory=list)

    def ask_stream(self, question: str, history: list, filters: dict) -> Iterator[Answer]:
        self.asked.append((question, list(history), dict(filters)))
        if self.error is not None:
            raise self.error
        yield from self.script

    def ask(self, question: str, history: list, filters: dict) -> Answer:
        return list(self.ask_stream(question, history, filters))[-1]

    def stats(self) -> dict:
        return self.kb.chunks.stats()

    def ingest(self, paths, prune=False, rebuild=False, progress=False) -> IngestReport:
        return IngestReport()


def cite(n: int, source: str = "a.pdf", sample: bool = False, snippet: str = "南京工程学院 储能",
         locator: str = "第2页") -> Citation:
    return Citation(n=n, source=source, title=f"文件{n}", locator=locator, snippet=snippet,
                    chunk_id="", sample=sample)
