"""One knowledge base on disk: chunk store, vector store and lexical index, opened lazily."""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from functools import cached_property
from pathlib import Path

from assistant.catalog.pairings import PairingIndex
from assistant.catalog.rows import Names, Population, Row
from assistant.config import Settings
from assistant.errors import EmbeddingMismatchError
from assistant.index.chunk_store import LEXICAL_STALE, ChunkStore
from assistant.index.lexical import LexicalIndex
from assistant.retrieval.entities import EntityIndex

OWNER_META = "kb_uid"


def collection_name(kb: str) -> str:
    """A Chroma-safe collection name (3–63 chars of [a-zA-Z0-9._-]) for any KB name."""
    safe = re.sub(r"[^a-zA-Z0-9._-]", "_", kb).strip("._-") or "kb"
    if safe != kb or len(safe) > 40:
        safe = f"{safe[:40]}-{hashlib.sha1(kb.encode()).hexdigest()[:8]}"
    return f"kb-{safe}"


class KnowledgeBase:
    """Opens the parts of one KB on first use, and keeps what is derived from its contents (BM25,
    entity names, catalog rows, pairings) until an ingest changes it — told by `stamp()`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dir = settings.kb_dir
        self._lexical: LexicalIndex | None = None
        self._lexical_stamp: int | None = None
        self._lock = threading.Lock()
        self._vectors_stamp: int | None = None
        self._vectors_lock = threading.Lock()
        self._derived: dict[object, object] = {}  # caches keyed by what they hold
        self._derived_lock = threading.RLock()  # re-entrant: names() builds entity_index()
        self._derived_stamp: tuple[int | None, int] | None = None

    @cached_property
    def chunks(self) -> ChunkStore:
        return ChunkStore(self.dir / "chunks.sqlite")

    @cached_property
    def embeddings(self):
        # sentence-transformers/torch: imported only by processes that embed
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
                # chromadb: not needed by commands that only read the chunk store (stats)
                from assistant.index.vector_store import VectorStore

                self.check_embedding_model()
                store = VectorStore(self.settings, self.embeddings,
                                    collection_name(self.settings.kb), owner=self.owner_id())
            elif self._vectors_outdated():
                store = store.reopened()
            self._vectors_stamp = self.stamp()
            self.__dict__["vectors"] = store
            return store

    def owner_id(self) -> str:
        """This KB's identity, kept in its chunk store; it marks the Chroma collection the KB
        creates so that another data dir cannot use (and prune) it on a shared server."""
        return self.chunks.meta_default(OWNER_META, uuid.uuid4().hex)

    def _vectors_outdated(self) -> bool:
        """An index written by another process since ours was opened (embedded store only)."""
        return not self.settings.chroma_url and self.stamp() != self._vectors_stamp

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

    def stamp(self) -> int | None:
        """When an ingest last changed this KB (the BM25 index's STAMP file), None before any.

        The one signal every cache of derived data checks, in this process and across processes
        (an `assistant ingest` beside a running chat).
        """
        stamp_file = self.lexical_dir / "STAMP"
        try:
            return stamp_file.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def lexical(self) -> LexicalIndex | None:
        """The current BM25 index, reloaded if an ingest has replaced it since the last call."""
        stamp = self.stamp()
        with self._lock:
            if self._lexical is None or stamp != self._lexical_stamp:
                self._lexical = LexicalIndex.load(self.lexical_dir)
                self._lexical_stamp = stamp
            return self._lexical

    def _cached(self, key: object, build):
        """A value derived from the KB's contents, rebuilt after an ingest changed them."""
        current = (self.stamp(), self.chunks.count())
        with self._derived_lock:
            if current != self._derived_stamp:
                self._derived.clear()
                self._derived_stamp = current
            if key not in self._derived:
                self._derived[key] = build()
            return self._derived[key]

    def entity_index(self) -> EntityIndex:
        """Known zones, universities, cities and enterprises: the gazetteer plus catalog values."""
        return self._cached("entities", self._build_entities)

    def _build_entities(self) -> EntityIndex:
        index = EntityIndex()
        for role, values in self.chunks.catalog_values(
            ("zone", "university", "enterprise", "city")
        ).items():
            index.add_catalog_values(role, values)
        return index

    def names(self) -> Names:
        """Canonical zone / university / city names, backed by the entity index."""
        return self._cached("names", lambda: Names(self.entity_index()))

    def population(self, kinds: tuple[str, ...]) -> Population:
        """Catalog rows of these kinds, parsed once per KB state (matching and counting read
        them for every question)."""
        kinds = tuple(sorted(set(kinds)))
        return self._cached(("rows", kinds), lambda: Population(
            [Row(c) for c in self.chunks.rows_of_kind(kinds)]))

    def pairings(self) -> PairingIndex:
        """Zone ↔ university pairings from the indexed pairing lists."""
        return self._cached("pairings", lambda: PairingIndex.from_rows(
            self.chunks.rows_of_kind(("pairing",)), self.names()))

    def rebuild_lexical(self) -> int:
        """Rebuild BM25 from the stored tokens and swap it in atomically; returns its size."""
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
            self._vectors_stamp = self.stamp()
        return len(ids)

    def lexical_stale(self) -> bool:
        """True when chunks changed after the BM25 index was last rebuilt (e.g. a crash)."""
        return self.chunks.get_meta(LEXICAL_STALE) == "1"
