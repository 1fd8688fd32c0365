"""A fast, deterministic embedding model for the integration tests, and how to install it.

Fault and hostile-input tests check what the index holds, not how well it ranks, so they use
hashed character n-grams (64 dimensions) instead of loading the real model in every process.
"""

from __future__ import annotations

import hashlib

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.kb import KnowledgeBase


class HashEmbeddings(Embeddings):
    """Bag of character 1- and 2-grams hashed into 64 dimensions, L2-normalised."""

    model_id = "test-hash-ngrams"
    dim = 64

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dim)
        for gram in list(text) + [text[i : i + 2] for i in range(len(text) - 1)]:
            digest = hashlib.md5(gram.encode("utf-8")).digest()
            vec[digest[0] % self.dim] += 1.0 if digest[1] % 2 else -1.0
        norm = np.linalg.norm(vec)
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def use_hash_embeddings(kb: KnowledgeBase) -> KnowledgeBase:
    """Make `kb` embed with HashEmbeddings (before its vector store is first opened)."""
    kb.__dict__["embeddings"] = HashEmbeddings()
    return kb
