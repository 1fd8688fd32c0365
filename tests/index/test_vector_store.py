"""The Chroma-backed vector store: idempotent upserts, deletes, filters and the model guard."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.config import Settings
from assistant.errors import EmbeddingMismatchError
from assistant.index.vector_store import (
    VectorStore,
    chunk_metadata,
    make_client,
    to_chroma_where,
)
from assistant.text.normalize import fold

from .conftest import FakeEmbeddings

TEXTS = {
    "storage": "锂电池储能安全预警技术，服务常州高新区储能企业",
    "pharma": "生物医药创新药物研发平台，苏州工业园区",
    "materials": "先进材料与纳米技术成果转化",
}


@pytest.fixture
def chunks(make_chunk):
    return [
        make_chunk(TEXTS["storage"], source="a.txt", zone="常州高新区", doc_type="catalog"),
        make_chunk(TEXTS["pharma"], source="b.txt", zone="苏州工业园区", doc_type="news"),
        make_chunk(TEXTS["materials"], source="c.txt", zone="苏州工业园区", doc_type="policy"),
    ]


@pytest.fixture
def store(settings: Settings, fake_embeddings: FakeEmbeddings) -> VectorStore:
    return VectorStore(settings, fake_embeddings, "chunks")


def test_add_is_idempotent_upsert(store: VectorStore, chunks) -> None:
    store.add(chunks)
    store.add(chunks)
    assert store.count() == 3
    assert store.all_ids() == {c.id for c in chunks}


def test_search_returns_ids_with_cosine_similarity_best_first(store: VectorStore, chunks) -> None:
    store.add(chunks)
    hits = store.search(TEXTS["pharma"], k=3)
    assert hits[0][0] == chunks[1].id
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert all(-1.0 - 1e-6 <= s <= 1.0 + 1e-6 for _, s in hits)


def test_stored_text_is_display_text_and_metadata_is_flat(store: VectorStore, chunks) -> None:
    store.add(chunks)
    got = store.collection.get(ids=[chunks[0].id], include=["documents", "metadatas"])
    assert got["documents"] == [chunks[0].text]
    meta = got["metadatas"][0]
    assert meta["source"] == "a.txt"
    assert meta["headings"] == "二、工作目标"
    assert meta["zone"] == "常州高新区"


def test_metadata_drops_none_and_nan_and_stringifies_other_values(make_chunk) -> None:
    chunk = make_chunk("正文", missing=None, year=2025, nan=float("nan"))
    chunk.metadata["when"] = ("2025", "07")  # type: ignore[assignment]
    meta = chunk_metadata(chunk)
    assert "missing" not in meta and "nan" not in meta
    assert meta["year"] == 2025
    assert meta["when"] == "('2025', '07')"


def test_delete_removes_only_given_ids(store: VectorStore, chunks) -> None:
    store.add(chunks)
    store.delete([chunks[0].id, "not-there"])
    assert store.all_ids() == {chunks[1].id, chunks[2].id}


def test_filters_restrict_search(store: VectorStore, chunks) -> None:
    store.add(chunks)
    where = to_chroma_where({"zone": "苏州工业园区", "doc_type": ["policy", "catalog"]})
    assert [i for i, _ in store.search(TEXTS["pharma"], k=3, where=where)] == [chunks[2].id]
    where = to_chroma_where({"zone": "苏州工业园区"})
    assert {i for i, _ in store.search("储能", k=3, where=where)} == {chunks[1].id, chunks[2].id}


def test_to_chroma_where_shapes() -> None:
    assert to_chroma_where({}) is None
    assert to_chroma_where({"zone": "", "city": []}) is None
    assert to_chroma_where({"zone": "x"}) == {"zone": {"$eq": "x"}}
    assert to_chroma_where({"zone": "x", "doc_type": ["policy", "news"]}) == {
        "$and": [{"zone": {"$eq": "x"}}, {"doc_type": {"$in": ["policy", "news"]}}]
    }


def test_other_model_is_refused_with_rebuild_hint(settings: Settings, chunks) -> None:
    VectorStore(settings, FakeEmbeddings("model-a"), "chunks").add(chunks)
    with pytest.raises(EmbeddingMismatchError) as err:
        VectorStore(settings, FakeEmbeddings("model-b"), "chunks")
    message = str(err.value)
    assert "model-a" in message and "model-b" in message and "--rebuild" in message


def test_rebuild_with_another_model(settings: Settings, chunks) -> None:
    VectorStore(settings, FakeEmbeddings("model-a"), "chunks").add(chunks)
    store = VectorStore(settings, FakeEmbeddings("model-b"), "chunks", check_model=False)
    store.reset()
    assert store.count() == 0
    store.add(chunks[:1])
    assert VectorStore(settings, FakeEmbeddings("model-b"), "chunks").count() == 1


def test_empty_index_adopts_the_model_asked_for(settings: Settings, chunks) -> None:
    VectorStore(settings, FakeEmbeddings("model-a"), "chunks")
    store = VectorStore(settings, FakeEmbeddings("model-b"), "chunks")
    assert store.collection.metadata["embedding_model"] == "model-b"
    store.add(chunks)
    with pytest.raises(EmbeddingMismatchError):
        VectorStore(settings, FakeEmbeddings("model-a"), "chunks")


def test_reset_drops_everything_and_keeps_model(store: VectorStore, settings, chunks) -> None:
    store.add(chunks)
    store.reset()
    assert store.count() == 0
    assert store.search("储能", k=3) == []
    store.add(chunks)
    assert store.count() == 3
    assert store.collection.metadata["embedding_model"] == "fake-ngrams"


def test_search_on_empty_store_and_k_above_count(store: VectorStore, chunks) -> None:
    assert store.search("储能", k=5) == []
    store.add(chunks[:2])
    assert len(store.search("储能", k=10)) == 2


def test_chroma_url_selects_http_client(monkeypatch, settings: Settings) -> None:
    seen = {}

    def fake_http_client(**kwargs):
        seen.update(kwargs)
        return "client"

    monkeypatch.setattr("chromadb.HttpClient", fake_http_client)
    assert make_client(settings.with_overrides(chroma_url="https://db.example.org")) == "client"
    assert (seen["host"], seen["port"], seen["ssl"]) == ("db.example.org", 443, True)
    make_client(settings.with_overrides(chroma_url="http://127.0.0.1:8123"))
    assert (seen["host"], seen["port"], seen["ssl"]) == ("127.0.0.1", 8123, False)


def test_scores_are_cosine_similarities_of_retrieval_text_vectors(
    store: VectorStore, chunks, fake_embeddings: FakeEmbeddings
) -> None:
    store.add(chunks)
    vectors = np.array(fake_embeddings.embed_documents([fold(c.retrieval_text()) for c in chunks]))
    hits = dict(store.search_by_vector(vectors[0].tolist(), k=3))
    for chunk, vector in zip(chunks, vectors, strict=True):
        assert hits[chunk.id] == pytest.approx(float(vector @ vectors[0]), abs=1e-4)


@pytest.fixture
def many(store: VectorStore, make_chunk):
    zones = ["常州高新区", "苏州工业园区", "南京高新区", "无锡高新区", "徐州高新区"]
    types = ["policy", "news", "catalog"]
    chunks = [
        make_chunk(f"第{i}项 储能 医药 材料 {'高新区' * (i % 4)}", source=f"s{i}.txt",
                   zone=zones[i % 5], doc_type=types[i % 3], year=2020 + i % 6, sample=i % 2 == 0)
        for i in range(40)
    ]  # fmt: skip
    store.add(chunks)
    return chunks


FILTERS = [
    {"zone": {"$eq": "常州高新区"}},
    {"zone": "苏州工业园区"},
    {"doc_type": {"$in": ["policy", "news"]}},
    {"$and": [{"zone": {"$in": ["南京高新区", "无锡高新区"]}}, {"doc_type": {"$eq": "news"}}]},
    {"year": {"$eq": 2023}},
    {"sample": {"$eq": True}},
]


@pytest.mark.parametrize("where", FILTERS)
def test_post_filtered_search_agrees_with_chroma_filter(
    store: VectorStore, many, monkeypatch: pytest.MonkeyPatch, where: dict
) -> None:
    here = store.search("储能 高新区", k=5, where=where)
    monkeypatch.setattr("assistant.index.vector_store._where_matcher", lambda where: None)
    there = store.search("储能 高新区", k=5, where=where)
    assert len(here) == 5
    assert [s for _, s in here] == pytest.approx([s for _, s in there], abs=1e-5)
    # Ids agree except where equal scores tie at the cut.
    cut = here[-1][1]
    assert {i for i, s in here if s > cut + 1e-5} == {i for i, s in there if s > cut + 1e-5}


def test_selective_filter_falls_back_to_chroma(
    store: VectorStore, many, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.index.vector_store._MIN_POOL", 5)
    monkeypatch.setattr("assistant.index.vector_store._OVERFETCH", 1)
    where = to_chroma_where({"zone": "徐州高新区", "doc_type": "catalog"})
    hits = store.search("储能", k=5, where=where)
    expected = {
        c.id for c in many if c.metadata["zone"] == "徐州高新区" and c.doc_type == "catalog"
    }
    assert {i for i, _ in hits} == expected and len(expected) < 5


def test_where_matcher_follows_chroma_equality() -> None:
    from assistant.index.vector_store import _where_matcher

    assert _where_matcher({"flag": {"$eq": True}})({"flag": True})
    assert not _where_matcher({"flag": {"$eq": True}})({"flag": 1})
    assert not _where_matcher({"zone": {"$eq": "x"}})({})
    assert _where_matcher({"year": {"$gt": 2020}}) is None
    assert _where_matcher({"$or": [{"a": "b"}]}) is None
