"""One knowledge base on disk: chunk store, vector store and lexical index, opened lazily."""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from functools import cached_property
from pathlib import Path

from assistant.config import Settings
from assistant.errors import EmbeddingMismatchError
from assistant.index.chunk_store import LEXICAL_STALE, ChunkStore

OWNER_META = "kb_uid"


def collection_name(kb: str) -> str:
    """A Chroma-safe collection name (3–63 chars of [a-zA-Z0-9._-]) for any KB name."""
    safe = re.sub(r"[^a-zA-Z0-9._-]", "_", kb).strip("._-") or "kb"
    if safe != kb or len(safe) > 40:
        safe = f"{safe[:40]}-{hashlib.sha1(kb.encode()).hexdigest()[:8]}"
    return f"kb-{safe}"


class KnowledgeBase:
    """Opens the parts of one KB on first use; the lexical index reloads when an ingest swaps it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dir = settings.kb_dir
        self._lexical = None
        self._lexical_stamp: float | None = None
        self._lock = threading.Lock()
        self._vectors_stamp: float | None = None
        self._vectors_lock = threading.Lock()

    @cached_property
    def chunks(self) -> ChunkStore:
        return ChunkStore(self.dir / "chunks.sqlite")

    @cached_property
    def embeddings(self):
        from assistant.index.embeddings import make_embeddings

        cache = Path(self.settings.data_dir) / "embedding_cache.sqlite"
        return make_embeddings(self.settings.embedding, cache_path=cache)

    @property
    def vectors(self):
        """The vector store, reopened when another process has ingested since it was opened.

        The embedded Chroma store keeps its nearest-neighbour index in this process's memory
        and never re-reads what another process (`assistant ingest` beside a running chat)
        wrote; the BM25 STAMP tells that one did. Kept in `__dict__` like a cached property,
        so an ingest can swap it (see Ingestor._reset).
        """
        store = self.__dict__.get("vectors")
        if store is not None and not self._vectors_outdated():
            return store
        with self._vectors_lock:
            store = self.__dict__.get("vectors")
            if store is None:
                from assistant.index.vector_store import VectorStore

                self.check_embedding_model()
                store = VectorStore(self.settings, self.embeddings,
                                    collection_name(self.settings.kb), owner=self.owner_id())
            elif self._vectors_outdated():
                store = store.reopened()
            self._vectors_stamp = self._lexical_stamp_now()
            self.__dict__["vectors"] = store
            return store

    def owner_id(self) -> str:
        """This KB's identity, kept in its chunk store; it marks the Chroma collection the KB
        creates so that another data dir cannot use (and prune) it on a shared server."""
        return self.chunks.meta_default(OWNER_META, uuid.uuid4().hex)

    def _vectors_outdated(self) -> bool:
        """An index written by another process since ours was opened (embedded store only)."""
        return not self.settings.chroma_url and self._lexical_stamp_now() != self._vectors_stamp

    @property
    def lexical_dir(self) -> Path:
        return self.dir / "lexical"

    def check_embedding_model(self) -> None:
        """Refuse to mix vectors of two models in one index."""
        built_with = self.chunks.get_meta("embedding_model")
        wanted = self.embeddings.model_id
        if built_with and built_with != wanted and self.chunks.count():
            raise EmbeddingMismatchError(
                f"this index was built with {built_with}; you asked for {wanted}. "
                "Re-index with: assistant ingest PATH --rebuild"
            )

    def lexical(self):
        """The current BM25 index, reloaded if an ingest has replaced it since the last call."""
        from assistant.index.lexical import LexicalIndex

        stamp_file = self.lexical_dir / "STAMP"
        stamp = stamp_file.stat().st_mtime if stamp_file.exists() else None
        with self._lock:
            if self._lexical is None or stamp != self._lexical_stamp:
                self._lexical = LexicalIndex.load(self.lexical_dir)
                self._lexical_stamp = stamp
            return self._lexical

    def entity_index(self):
        """Known zones, universities, cities and enterprises: the gazetteer plus catalog values.

        Rebuilt when the lexical index changes, i.e. after an ingest that changed something.
        """
        from assistant.retrieval.entities import EntityIndex

        stamp = self._lexical_stamp_now()
        with self._lock:
            if getattr(self, "_entities", None) is None or stamp != self._entities_stamp:
                index = EntityIndex()
                for role, values in self.chunks.catalog_values(
                    ("zone", "university", "enterprise", "city")
                ).items():
                    index.add_catalog_values(role, values)
                self._entities = index
                self._entities_stamp = stamp
            return self._entities

    def _lexical_stamp_now(self) -> float | None:
        stamp_file = self.lexical_dir / "STAMP"
        return stamp_file.stat().st_mtime if stamp_file.exists() else None

    def rebuild_lexical(self) -> int:
        """Rebuild BM25 from the stored tokens and swap it in atomically; returns its size."""
        from assistant.index.lexical import LexicalIndex

        ids: list[str] = []
        token_lists: list[list[str]] = []
        for chunk_id, tokens in self.chunks.iter_tokens():
            ids.append(chunk_id)
            token_lists.append(tokens.split())
        index = LexicalIndex.build(ids, token_lists)
        index.save(self.lexical_dir)
        (self.lexical_dir / "STAMP").write_text(hashlib.sha1("".join(ids).encode()).hexdigest())
        self.chunks.set_meta(LEXICAL_STALE, "0")
        if "vectors" in self.__dict__:  # written through our own store: it is current
            self._vectors_stamp = self._lexical_stamp_now()
        return len(ids)

    def lexical_stale(self) -> bool:
        """True when chunks changed after the BM25 index was last rebuilt (e.g. a crash)."""
        return self.chunks.get_meta(LEXICAL_STALE) == "1"
