"""The dense index: chunk vectors in a Chroma collection, embedded or on a Chroma server.

Vectors are always computed here with the knowledge base's own embedding model and handed to
Chroma, so Chroma never falls back to its default model (which it would try to download).
The collection records which model built it; opening it with another model is refused, since
vectors from two models cannot be compared.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

import chromadb
import chromadb.config
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.documents import Chunk
from assistant.errors import AssistantError, EmbeddingMismatchError
from assistant.index.embeddings import model_id_of
from assistant.text.normalize import fold

MODEL_KEY = "embedding_model"
OWNER_KEY = "kb_owner"  # the id of the data dir's KB that created the collection
UNINDEXED_METADATA = frozenset({"columns", "summary"})
ADD_BATCH = 1024  # chunks per embed + upsert call: Chroma's cost per call is high (see add)
_PAGE = 10_000  # ids per page when listing the whole collection
_OVERFETCH = 4  # unfiltered neighbours fetched per wanted hit before Chroma's filtered search
_MIN_POOL = 100


class ChromaUnavailableError(AssistantError):
    """ASSISTANT_CHROMA_URL names a server that does not answer."""


class CollectionOwnerError(AssistantError):
    """The server's collection for this KB name was created by another data dir's KB."""


def make_client(settings: Settings) -> Any:
    """Embedded `PersistentClient` under the KB directory, or `HttpClient` for chroma_url."""
    chroma_settings = chromadb.config.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(
            settings.chroma_url if "//" in settings.chroma_url else f"http://{settings.chroma_url}"
        )
        ssl = url.scheme == "https"
        # Without an explicit port: 443 for https, Chroma's own default 8000 for http.
        port = url.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost", port=port, ssl=ssl, settings=chroma_settings
            )
        except ValueError as err:  # chromadb's way of saying the heartbeat failed
            raise ChromaUnavailableError(
                f"cannot reach the Chroma server at {settings.chroma_url} ({err}); start it "
                "(chroma run --path DIR --host HOST --port PORT) or unset ASSISTANT_CHROMA_URL "
                "to use the embedded store"
            ) from err
    path = settings.kb_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def to_chroma_where(filters: Mapping[str, str | Sequence[str]] | None) -> dict | None:
    """{"zone": "x", "doc_type": ["policy", "news"]} → Chroma's `where` ($eq / $in, $and-ed).

    Empty values (None, "", []) mean "any" and are left out; no condition gives None.
    """
    conditions: list[dict[str, Any]] = []
    for key, value in (filters or {}).items():
        if isinstance(value, str):
            if value:
                conditions.append({key: {"$eq": value}})
        elif value:
            conditions.append({key: {"$in": list(value)}})
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | float | bool]:
    """What Chroma stores beside the vector: the chunk's metadata plus its citation fields.

    Chroma accepts only str/int/float/bool values: None and NaN are dropped, anything else
    becomes its string form. A catalog row's `columns` (the whole row as JSON) and `summary`
    stay in the chunk store only: no filter uses them, and they were most of the bytes Chroma
    indexed per row (writes ~40% faster without them).
    """
    merged: dict[str, Any] = {
        **{k: v for k, v in chunk.metadata.items() if k not in UNINDEXED_METADATA},
        "source": chunk.source,
        "title": chunk.title,
        "doc_type": chunk.doc_type,
        "locator": chunk.locator,
        "headings": chunk.heading_path,
    }
    clean: dict[str, str | int | float | bool] = {}
    for key, value in merged.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        clean[str(key)] = value if isinstance(value, str | int | float | bool) else str(value)
    return clean


class VectorStore:
    """One KB's chunk vectors in a Chroma collection (through langchain-chroma).

    `check_model=False` opens a collection built with another model without complaint, for
    callers about to `reset()` it (--rebuild). `client` lets stores share one Chroma client.
    """

    def __init__(
        self,
        settings: Settings,
        embeddings: Embeddings,
        collection_name: str,
        *,
        check_model: bool = True,
        client: Any | None = None,
        owner: str | None = None,
    ) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.model_id = model_id_of(embeddings)
        self.collection_name = collection_name
        self.owner = owner
        self.client = client if client is not None else make_client(settings)
        metadata = {"hnsw:space": "cosine", MODEL_KEY: self.model_id}
        if owner:
            metadata[OWNER_KEY] = owner
        self.langchain = Chroma(
            client=self.client,
            collection_name=collection_name,
            embedding_function=embeddings,
            collection_metadata=metadata,
        )
        self._check_owner()
        if check_model:
            self._check_model()

    @property
    def collection(self) -> Any:
        """The raw `chromadb` collection (LangChain's wrapper keeps it current across resets)."""
        return self.langchain._collection

    def _check_owner(self) -> None:
        """Refuse a server collection that another data dir's KB created.

        Each data dir keeps its own chunk table; two of them writing one collection would
        delete each other's vectors as orphans on their next ingest. A collection without
        an owner (made by an earlier version) is used as it is. An embedded store lives
        inside its KB's directory, so only a server's collections are checked.
        """
        if not self.owner or not self.settings.chroma_url:
            return
        found = (self.collection.metadata or {}).get(OWNER_KEY)
        if found and found != self.owner:
            raise CollectionOwnerError(
                f"the collection {self.collection_name!r} on the Chroma server at "
                f"{self.settings.chroma_url} belongs to another "
                f"knowledge base (another data dir, or a KB of the same name). Sharing it "
                f"would delete each other's vectors: give this one its own name "
                f"(ASSISTANT_KB / --kb), or use the data dir that built it."
            )

    def _check_model(self) -> None:
        built_with = (self.collection.metadata or {}).get(MODEL_KEY)
        if built_with == self.model_id:
            return
        if self.count() == 0:  # nothing to mix up yet: adopt the model asked for
            self.reset()
            return
        raise EmbeddingMismatchError(
            f"this index was built with {built_with or 'an unknown embedding model'}; "
            f"you asked for {self.model_id}. Re-index with: assistant ingest … --rebuild"
        )

    def add(self, chunks: Sequence[Chunk], batch_size: int = ADD_BATCH) -> None:
        """Upsert chunks by id: re-adding the same chunk replaces it, never duplicates it.

        Large batches: at 256 chunks per upsert Chroma spent about twice as long per chunk as
        at 1,000 (its per-call work on the metadata and full-text indexes dominates).
        """
        size = max(1, min(batch_size, self.client.get_max_batch_size()))
        for batch in _batches(list(chunks), size):
            vectors = self.embeddings.embed_documents(
                [fold(chunk.retrieval_text()) for chunk in batch]
            )
            self.collection.upsert(
                ids=[chunk.id for chunk in batch],
                embeddings=vectors,
                documents=[chunk.text for chunk in batch],
                metadatas=[chunk_metadata(chunk) for chunk in batch],
            )

    def delete(self, ids: Iterable[str], batch_size: int = 1000) -> None:
        size = max(1, min(batch_size, self.client.get_max_batch_size()))
        for batch in _batches(list(ids), size):
            self.collection.delete(ids=batch)

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            page = self.collection.get(include=[], limit=_PAGE, offset=offset)["ids"]
            ids.update(page)
            if len(page) < _PAGE:
                return ids
            offset += _PAGE

    def count(self) -> int:
        return int(self.collection.count())

    def search(self, query: str, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Nearest chunks to the (folded) query as (chunk id, cosine similarity in [-1, 1]).

        Higher is more similar; results are best first. `where` is a Chroma filter, e.g. from
        `to_chroma_where`.
        """
        return self.search_by_vector(self.embeddings.embed_query(fold(query)), k, where)

    def search_by_vector(
        self, vector: Sequence[float], k: int, where: dict | None = None
    ) -> list[tuple[str, float]]:
        """Like `search`, for a vector already embedded with this store's model.

        With a filter, the unfiltered neighbours are tried first and filtered here: Chroma's
        own filtered search reads the matching ids from SQLite first, which costs ~100 ms at
        100k chunks against ~3 ms unfiltered. Only when too few of them pass does the query
        go to Chroma with the filter. Filters outside `to_chroma_where`'s shapes go to Chroma.
        """
        if k <= 0:
            return []
        vector = list(vector)
        matches = _where_matcher(where) if where else None
        if where and matches is not None:
            pool = max(k * _OVERFETCH, _MIN_POOL)
            result = self._query(vector, pool, None, include=["distances", "metadatas"])
            passed = [hit for hit, meta in result if matches(meta or {})]
            if len(passed) >= k or len(result) < pool:
                return passed[:k]
        return [hit for hit, _ in self._query(vector, k, where or None, include=["distances"])]

    def _query(
        self, vector: list[float], n: int, where: dict | None, include: list[str]
    ) -> list[tuple[tuple[str, float], dict | None]]:
        result = self.collection.query(
            query_embeddings=[vector], n_results=n, where=where, include=include
        )
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        metadatas = (result.get("metadatas") or [[None] * len(ids)])[0]
        # The collection uses cosine space: distance = 1 − cosine similarity.
        return [((i, 1.0 - float(d)), m) for i, d, m in zip(ids, distances, metadatas, strict=True)]

    def reset(self) -> None:
        """Drop every vector and recreate the collection for the current model (--rebuild)."""
        self.langchain.reset_collection()

    def reopened(self) -> VectorStore:
        """A new store on the same collection that loads the index afresh from disk.

        Chroma shares one in-memory system per directory within a process; forgetting it
        makes the next client read what other processes wrote since. Queries already holding
        this store finish on it (it is not stopped: that would stop the new one too).
        """
        if not self.settings.chroma_url:
            # chromadb internals: only needed to forget a cached system when reopening
            from chromadb.api.shared_system_client import SharedSystemClient

            identifier = getattr(self.client, "_identifier", None)
            SharedSystemClient._identifier_to_system.pop(identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        return VectorStore(self.settings, self.embeddings, self.collection_name,
                           owner=self.owner)


def _where_matcher(where: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool] | None:
    """A Python test for the filter shapes `to_chroma_where` makes ($eq, $in, $and, bare
    values); None for anything else, which is then left to Chroma."""
    if set(where) == {"$and"} and isinstance(where["$and"], list):
        parts = [_where_matcher(part) for part in where["$and"]]
        if any(part is None for part in parts):
            return None
        return lambda meta: all(part(meta) for part in parts)  # type: ignore[misc]
    if len(where) != 1:
        return None
    ((key, condition),) = where.items()
    if key.startswith("$"):
        return None
    if not isinstance(condition, dict):
        condition = {"$eq": condition}
    if set(condition) == {"$eq"}:
        wanted = [condition["$eq"]]
    elif set(condition) == {"$in"} and isinstance(condition["$in"], list):
        wanted = condition["$in"]
    else:
        return None
    return lambda meta: key in meta and any(_same(meta[key], w) for w in wanted)


def _same(value: Any, wanted: Any) -> bool:
    """Equality as Chroma sees it: a bool never equals a number."""
    return value == wanted and isinstance(value, bool) == isinstance(wanted, bool)


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
