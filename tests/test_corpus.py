"""The shipped corpus: every file loads, real records and digests cite a source, samples say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.ingest import discover
from assistant.loaders import load_file
from assistant.text.split import split_documents

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES, SKIPPED = discover([CORPUS])


def test_corpus_exercises_every_loader_it_claims():
    suffixes = {f.path.suffix for f in FILES}
    assert {".pdf", ".docx", ".md", ".csv", ".xlsx"} <= suffixes
    assert SKIPPED == []
    assert "README.md" not in {f.source for f in FILES}  # .assistantignore keeps docs out


@pytest.mark.parametrize("item", FILES, ids=[f.source for f in FILES])
def test_every_file_loads_and_splits(item):
    docs = load_file(item.path, item.source, Settings())
    assert docs and split_documents(docs, Settings())


@pytest.mark.parametrize("item", [f for f in FILES if f.path.suffix in {".csv", ".xlsx"}],
                         ids=lambda f: f.source)
def test_catalog_rows_carry_a_source_and_samples_are_flagged(item):
    for doc in load_file(item.path, item.source, Settings()):
        columns = json.loads(doc.metadata["columns"])
        source = str(doc.metadata.get("source") or "").strip()
        assert source, f"{doc.locator} has no 来源"
        assert doc.metadata["sample"] == (source == "示例数据"), doc.locator
        if not doc.metadata["sample"]:
            assert "示例" not in source
        assert columns


@pytest.mark.parametrize("item", [f for f in FILES if f.path.suffix == ".md"],
                         ids=lambda f: f.source)
def test_digests_name_their_sources_and_say_they_are_digests(item):
    docs = load_file(item.path, item.source, Settings())
    meta = docs[0].metadata
    assert meta.get("date") is not None and meta.get("retrieved")
    assert meta.get("sources") or meta.get("source_note")
    assert meta.get("digest") is True
    opening = docs[0].text[:600]  # the visible note: a digest in our own words, not the original
    assert "摘要" in opening or "我们自己的话" in opening


def test_pdf_and_docx_are_regenerated_from_committed_sources():
    sources = Path(__file__).resolve().parent.parent / "scripts" / "corpus_src"
    assert sorted(p.suffix for p in sources.iterdir()) == [".md", ".md"]
