"""The embedding cache: a model never embeds the same text twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.index.embedding_cache import CachedEmbeddings

from .conftest import FakeEmbeddings


def test_second_embed_of_same_texts_calls_model_zero_times(
    tmp_path: Path, fake_embeddings: FakeEmbeddings
) -> None:
    cache = CachedEmbeddings(fake_embeddings, tmp_path / "cache.sqlite")
    texts = ["高新区", "高等院校", "协同创新"]
    first = cache.embed_documents(texts)
    assert fake_embeddings.documents_embedded == 3
    second = cache.embed_documents(texts)
    assert fake_embeddings.documents_embedded == 3
    assert np.allclose(first, second, atol=1e-6)
    assert np.allclose(first, fake_embeddings.embed_documents(texts), atol=1e-6)


def test_only_misses_are_embedded_in_one_batch(
    tmp_path: Path, fake_embeddings: FakeEmbeddings
) -> None:
    cache = CachedEmbeddings(fake_embeddings, tmp_path / "cache.sqlite")
    cache.embed_documents(["a1", "b2"])
    calls = fake_embeddings.document_calls
    vectors = cache.embed_documents(["b2", "c3", "c3", "d4", "a1"])
    assert fake_embeddings.document_calls == calls + 1
    assert fake_embeddings.documents_embedded == 4  # a1, b2, then c3 and d4 once each
    assert vectors[1] == vectors[2]
    assert len(vectors) == 5


def test_cache_persists_across_instances_and_is_keyed_by_model(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    CachedEmbeddings(FakeEmbeddings("model-a"), path).embed_documents(["双高协同"])
    again = FakeEmbeddings("model-a")
    CachedEmbeddings(again, path).embed_documents(["双高协同"])
    assert again.documents_embedded == 0
    other = FakeEmbeddings("model-b")
    CachedEmbeddings(other, path).embed_documents(["双高协同"])
    assert other.documents_embedded == 1


def test_repeated_query_is_served_from_memory(
    tmp_path: Path, fake_embeddings: FakeEmbeddings
) -> None:
    cache = CachedEmbeddings(fake_embeddings, tmp_path / "cache.sqlite", query_cache_size=2)
    first = cache.embed_query("储能")
    assert cache.embed_query("储能") == first
    assert fake_embeddings.queries_embedded == 1
    cache.embed_query("医药")
    cache.embed_query("材料")  # evicts the least recently used, "储能"
    cache.embed_query("储能")
    assert fake_embeddings.queries_embedded == 4


def test_empty_input_needs_no_model(tmp_path: Path, fake_embeddings: FakeEmbeddings) -> None:
    cache = CachedEmbeddings(fake_embeddings, tmp_path / "cache.sqlite")
    assert cache.embed_documents([]) == []
    assert fake_embeddings.document_calls == 0


@pytest.mark.model
def test_load_passes_through_to_lazy_models(tmp_path: Path, fake_embeddings) -> None:
    from assistant.index.embeddings import USEEmbeddings

    assert CachedEmbeddings(fake_embeddings, tmp_path / "c.sqlite").load() is None
    use = USEEmbeddings()
    assert CachedEmbeddings(use, tmp_path / "c.sqlite").load() is use.load()
