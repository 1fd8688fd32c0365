"""Fakes and fixtures for the index tests: a hashing embedder so store tests run in milliseconds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.documents import Chunk, chunk_id


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "model: loads a real embedding model (takes seconds; never skipped)"
    )


class FakeEmbeddings(Embeddings):
    """Deterministic bag of character 1- and 2-grams hashed into 64 dimensions, L2-normalised.

    Texts sharing characters get similar vectors, which is all the store tests need; it counts
    the texts it embeds so cache tests can prove the model was not called.
    """

    dim = 64

    def __init__(self, model_id: str = "fake-ngrams") -> None:
        self.model_id = model_id
        self.documents_embedded = 0
        self.document_calls = 0
        self.queries_embedded = 0

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dim, dtype=np.float64)
        grams = list(text) + [text[i : i + 2] for i in range(len(text) - 1)]
        for gram in grams:
            digest = hashlib.md5(gram.encode("utf-8")).digest()
            vec[digest[0] % self.dim] += 1.0 if digest[1] % 2 else -1.0
        norm = np.linalg.norm(vec)
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.document_calls += 1
        self.documents_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.queries_embedded += 1
        return self._vector(text)


@pytest.fixture
def fake_embeddings() -> FakeEmbeddings:
    return FakeEmbeddings()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings().with_overrides(data_dir=tmp_path / "data", kb="test", chroma_url="")


def _make_chunk(
    text: str,
    source: str = "policy.txt",
    locator: str = "",
    doc_type: str = "policy",
    **metadata: str | int | float | bool | None,
) -> Chunk:
    return Chunk(
        id=chunk_id(source, locator, text),
        source=source,
        title=source.rsplit(".", 1)[0],
        doc_type=doc_type,
        text=text,
        locator=locator,
        headings=("二、工作目标",),
        metadata=dict(metadata),  # type: ignore[arg-type]
    )


@pytest.fixture
def make_chunk():
    """Factory for chunks with stable ids: make_chunk(text, source=…, locator=…, **metadata)."""
    return _make_chunk
