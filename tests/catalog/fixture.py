"""The catalog fixture as a knowledge base without vectors: loaded, split and stored the way an
ingest does, with the BM25 index built, so matching and catalog questions run in milliseconds."""

from __future__ import annotations

from pathlib import Path

from assistant.answer.route import AnswerRequest
from assistant.answer.routes.catalog import CatalogRoute
from assistant.catalog.query import CatalogQuery, parse_question
from assistant.config import Settings
from assistant.documents import Answer, Chunk
from assistant.index.chunk_store import FileRecord
from assistant.index.lexical import tokenize
from assistant.kb import KnowledgeBase
from assistant.loaders import load_file
from assistant.retrieval.query import analyze
from assistant.retrieval.types import RetrievalResult
from assistant.text.split import split_documents

FIXTURE_DIR = Path(__file__).resolve().parent.parent / "data" / "catalog_fixture"
CATALOG_FILES = ("achievements.csv", "equipment.csv", "demands.csv", "pairings.csv",
                 "teams.csv", "高校成果_补充.csv")


def load_chunks(files: tuple[str, ...] = CATALOG_FILES, directory: Path = FIXTURE_DIR,
                settings: Settings | None = None) -> dict[str, list[Chunk]]:
    """source name → chunks, through the real loaders and splitter."""
    settings = settings or Settings()
    return {
        name: split_documents(load_file(directory / name, name, settings), settings)
        for name in files
    }


def build_kb(tmp_path: Path, files: tuple[str, ...] = CATALOG_FILES,
             directory: Path = FIXTURE_DIR) -> KnowledgeBase:
    """A KB holding the fixture's chunks and BM25 index (no embeddings, no Chroma)."""
    settings = Settings().with_overrides(data_dir=tmp_path / "data", kb="fixture", chroma_url="")
    kb = KnowledgeBase(settings)
    for source, chunks in load_chunks(files, directory, settings).items():
        tokens = [" ".join(tokenize(c.retrieval_text())) for c in chunks]
        record = FileRecord(source=source, root=str(directory), sha256=source, size=1,
                            title=chunks[0].title, doc_type=chunks[0].doc_type,
                            chunk_count=len(chunks), ingested_at="2026-01-01T00:00:00")
        kb.chunks.replace_file(record, chunks, tokens)
    kb.rebuild_lexical()
    return kb


def parse(question: str, kb: KnowledgeBase) -> CatalogQuery | None:
    """The catalog query of a question, analysed the way the service analyses it."""
    analysis = analyze(question, [], kb.entity_index())
    return parse_question(question, analysis.language, analysis.entities)


def catalog_route_answer(question: str, kb: KnowledgeBase) -> Answer | None:
    """What the catalog route answers for a plain question (None: it passes)."""
    result = RetrievalResult(query=analyze(question, [], kb.entity_index()), hits=[])
    return CatalogRoute().answer(AnswerRequest(question, result, kb, retriever=None))
