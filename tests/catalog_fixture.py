"""The catalog fixture as a knowledge base without vectors: loaded, split and stored the way an
ingest does, with the BM25 index built, so matching and catalog questions run in milliseconds."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.documents import Chunk
from assistant.index.chunk_store import FileRecord
from assistant.kb import KnowledgeBase

FIXTURE_DIR = Path(__file__).resolve().parent / "data" / "catalog_fixture"
CATALOG_FILES = ("achievements.csv", "equipment.csv", "demands.csv", "pairings.csv",
                 "teams.csv", "高校成果_补充.csv")


def load_chunks(files: tuple[str, ...] = CATALOG_FILES, directory: Path = FIXTURE_DIR,
                settings: Settings | None = None) -> dict[str, list[Chunk]]:
    """source name → chunks, through the real loaders and splitter."""
    from assistant.loaders import load_file
    from assistant.text.split import split_documents

    settings = settings or Settings()
    return {
        name: split_documents(load_file(directory / name, name, settings), settings)
        for name in files
    }


def build_kb(tmp_path: Path, files: tuple[str, ...] = CATALOG_FILES,
             directory: Path = FIXTURE_DIR) -> KnowledgeBase:
    """A KB holding the fixture's chunks and BM25 index (no embeddings, no Chroma)."""
    from assistant.index.lexical import tokenize

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
