"""The naive LangChain pipeline every benchmark compares against.

What a first RAG prototype does: load the files, cut every document with
`RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)`, embed the pieces with the
same embedding model as ours and store them in `langchain_chroma.Chroma`; a question is answered
by `similarity_search(question, k=4)`. No heading chains, no script folding, no lexical index,
no fusion, no filters. Files are read with our loaders, so both pipelines see the same text and
only splitting, indexing and search differ.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from a checkout without installing the package

from assistant.config import Settings, quiet_network_env  # noqa: E402

quiet_network_env()

import chromadb  # noqa: E402
import chromadb.config  # noqa: E402
from langchain_chroma import Chroma  # noqa: E402
from langchain_core.documents import Document  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402
from langchain_text_splitters import RecursiveCharacterTextSplitter  # noqa: E402

CHUNK_SIZE, CHUNK_OVERLAP, TOP_K = 500, 50, 4
COLLECTION = "naive-baseline"
ADD_BATCH = 1000  # documents embedded and written per call, so memory stays flat at 100k rows


@dataclass
class BuildReport:
    files: int
    chunks: int
    seconds: float


def load_documents(paths: list[Path], settings: Settings) -> list[Document]:
    """Every loadable file under `paths` as LangChain documents (one per page or row)."""
    from assistant.ingest import discover
    from assistant.loaders import load_file

    inputs, _ = discover(paths)
    docs: list[Document] = []
    for item in inputs:
        try:
            loaded = load_file(item.path, item.source, settings)
        except Exception:  # a naive pipeline just skips what it cannot read
            continue
        docs.extend(
            Document(page_content=d.text, metadata={"source": d.source, "locator": d.locator})
            for d in loaded
        )
    return docs


def split(docs: list[Document]) -> list[Document]:
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.split_documents(docs)


def baseline_embeddings(settings: Settings) -> Embeddings:
    """The same model as ours (settings.embedding), without our content-hash cache."""
    from assistant.index.embeddings import make_embeddings

    return make_embeddings(settings.embedding)


class NaivePipeline:
    """Split + Chroma similarity search, persisted under `directory`."""

    def __init__(self, directory: Path, embeddings: Embeddings) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(directory), settings=chromadb.config.Settings(anonymized_telemetry=False)
        )
        self.store = Chroma(client=client, collection_name=COLLECTION,
                            embedding_function=embeddings)

    def build(self, paths: list[Path], settings: Settings) -> BuildReport:
        """Load, split, embed and store everything under `paths`; timed end to end."""
        started = time.perf_counter()
        docs = load_documents(paths, settings)
        chunks = split(docs)
        for start in range(0, len(chunks), ADD_BATCH):
            self.store.add_documents(chunks[start : start + ADD_BATCH])
        files = len({d.metadata["source"] for d in docs})
        return BuildReport(files, len(chunks), time.perf_counter() - started)

    def search(self, question: str, k: int = TOP_K) -> list[Document]:
        return self.store.similarity_search(question, k=k)

    def count(self) -> int:
        return int(self.store._collection.count())
