"""A content-hash cache in front of any embedding model, so it never embeds the same text twice.

Document vectors live in SQLite, keyed by (model id, sha256 of the text): re-ingesting a file,
rebuilding an index or switching back to an earlier model costs no model calls for text already
seen. WAL mode lets the chat process read while an ingest writes. Query vectors are kept in a
small in-memory LRU, because users repeat and refine the same questions.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.index.sqlite_conn import ThreadConnections

SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model_id TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_sha256)
) WITHOUT ROWID
"""
_LOOKUP_BATCH = 500  # keys per SELECT … IN (…), well under SQLite's bound-variable limit


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()



def model_id_of(embeddings: Embeddings) -> str:
    """The stable model name of any `Embeddings` (our backends, caches or a foreign class)."""
    return str(getattr(embeddings, "model_id", "") or type(embeddings).__name__)


class CachedEmbeddings(Embeddings):
    """Wraps `inner`; same `model_id`, same vectors, each distinct text embedded once."""

    def __init__(self, inner: Embeddings, cache_path: Path, query_cache_size: int = 1024) -> None:
        self.inner = inner
        self.model_id = model_id_of(inner)
        self.cache_path = Path(cache_path)
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        self._connections = ThreadConnections(self.cache_path)
        self._conn = self._connections.get
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._queries_lock = threading.Lock()
        self._query_cache_size = query_cache_size
        with self._conn() as conn:
            conn.execute(SCHEMA)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Cached vectors for known texts; the misses go to the model in one call."""
        hashes = [text_hash(t) for t in texts]
        found = self._lookup(set(hashes))
        misses = {h: t for h, t in zip(hashes, texts, strict=True) if h not in found}
        if misses:
            vectors = self.inner.embed_documents(list(misses.values()))
            fresh = dict(zip(misses, vectors, strict=True))
            self._store(fresh)
            found.update(fresh)
        return [list(found[h]) for h in hashes]

    def embed_query(self, text: str) -> list[float]:
        with self._queries_lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return list(self._queries[text])
        vector = self.inner.embed_query(text)
        with self._queries_lock:
            self._queries[text] = vector
            while len(self._queries) > self._query_cache_size:
                self._queries.popitem(last=False)
        return list(vector)

    def _lookup(self, hashes: set[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        conn = self._conn()
        for batch in _batches(sorted(hashes), _LOOKUP_BATCH):
            marks = ",".join("?" * len(batch))
            rows = conn.execute(
                f"SELECT text_sha256, vector FROM embeddings "
                f"WHERE model_id = ? AND text_sha256 IN ({marks})",
                [self.model_id, *batch],
            )
            for digest, blob in rows:
                found[digest] = np.frombuffer(blob, dtype=np.float32).tolist()
        return found

    def _store(self, vectors: dict[str, list[float]]) -> None:
        rows = [
            (self.model_id, digest, np.asarray(vector, dtype=np.float32).tobytes())
            for digest, vector in vectors.items()
        ]
        conn = self._conn()
        with conn:
            conn.executemany("INSERT OR IGNORE INTO embeddings VALUES (?, ?, ?)", rows)

    def load(self) -> object:
        """Load the inner model now, if it loads lazily (warm-up before the first request)."""
        load = getattr(self.inner, "load", None)
        return load() if callable(load) else None

    def __len__(self) -> int:
        """Vectors cached for this model."""
        row = (
            self._conn()
            .execute("SELECT COUNT(*) FROM embeddings WHERE model_id = ?", (self.model_id,))
            .fetchone()
        )
        return int(row[0])

    def close(self) -> None:
        self._connections.close()

    def __repr__(self) -> str:
        return f"CachedEmbeddings({self.inner!r}, {str(self.cache_path)!r})"


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
