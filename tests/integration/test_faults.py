"""Crashes and write failures during ingest: the index ends up as a clean ingest would leave it.

Each ingest runs in a child process (tests/integration/ingest_child.py) that can be stopped at a
chosen write step and killed with SIGKILL, or run with a file-size limit so writes fail the way
they do on a full disk.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.service import Assistant
from tests.integration.conftest import (
    child_state,
    ingest_and_state,
    ingest_killed_at,
    run_child,
)
from tests.integration.corpus import write_big_catalog, write_version
from tests.integration.fakes import use_hash_embeddings

KB = "faults"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What a clean ingest of version A, and of B after A, leaves behind; and a copy of A's
    data directory, so a test can start from it without ingesting A again."""
    base = tmp_path_factory.mktemp("clean")
    docs, data = write_version(base / "docs", "A"), base / "data"
    states = {"A": ingest_and_state(data, KB, docs)}
    shutil.copytree(data, base / "data-A")
    write_version(docs, "B")
    states["B"] = ingest_and_state(data, KB, docs)
    return {"states": states, "data_A": base / "data-A"}


def _start_from_a(clean: dict, tmp_path: Path) -> tuple[Path, Path]:
    docs, data = write_version(tmp_path / "docs", "A"), tmp_path / "data"
    shutil.copytree(clean["data_A"], data)
    return docs, data


@pytest.mark.parametrize(
    ("start", "point"),
    [
        ("empty", "vectors:2"),  # first ingest, mid-way through the catalog's vectors
        ("A", "vectors:2"),  # update: catalog done, an edited policy's vectors written
        ("A", "swap:1"),  # update: catalog swapped in SQLite, its stale vectors still there
        ("A", "lexical:1"),  # update: chunks and vectors complete, BM25 not yet saved
        ("A", "lexical-write:1"),  # update: new BM25 written but not switched in
    ],
)
def test_kill_9_then_ingest_again_equals_a_clean_ingest(
    start: str, point: str, clean: dict, tmp_path: Path
) -> None:
    if start == "A":
        docs, data = _start_from_a(clean, tmp_path)
    else:
        docs, data = tmp_path / "docs", tmp_path / "data"
    target = "A" if start == "empty" else "B"
    write_version(docs, target)

    ingest_killed_at(point, data, KB, docs, tmp_path)

    assert ingest_and_state(data, KB, docs) == clean["states"][target]


def test_full_disk_fails_clearly_and_keeps_the_previous_index(clean: dict, tmp_path: Path) -> None:
    docs, data = _start_from_a(clean, tmp_path)
    write_version(docs, "B")
    write_big_catalog(docs / "catalogs" / "big.csv")
    largest = max(p.stat().st_size for p in data.rglob("*") if p.is_file())

    # Files may grow only a little past today's largest: the big catalog cannot fit.
    starved = run_child("ingest", str(data), KB, str(docs), "--fsize", str(largest + 256_000))

    assert starved.returncode == 2, starved.stderr
    assert "cannot write the index" in starved.stderr
    assert "Traceback" not in starved.stderr
    after = child_state(data, KB)
    assert set(after["chunk_ids"]) <= set(after["vector_ids"])  # every chunk still searchable
    known = set(after["chunk_ids"]) | set(clean["states"]["A"]["chunk_ids"])
    assert set(after["lexical_ids"]) <= known
    assert set(clean["states"]["A"]["files"]) <= set(after["files"])

    (docs / "catalogs" / "big.csv").unlink()  # space freed: the next run completes the update
    assert ingest_and_state(data, KB, docs) == clean["states"]["B"]


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("assistant.index.chunk_store.ChunkStore.replace_file",
         PermissionError(errno.EACCES, "Permission denied", "chunks.sqlite")),
        ("assistant.index.chunk_store.ChunkStore.replace_file",
         sqlite3.OperationalError("database or disk is full")),
        ("assistant.index.vector_store.VectorStore.add",
         OSError(errno.ENOSPC, "No space left on device")),
        ("assistant.index.lexical.LexicalIndex.save",
         OSError(errno.ENOSPC, "No space left on device")),
    ],
    ids=["permission", "sqlite-full", "vectors-enospc", "lexical-enospc"],
)
def test_write_error_is_reported_and_the_previous_index_still_answers(
    target: str, error: Exception, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = write_version(tmp_path / "docs", "A")
    bot = Assistant(data_dir=tmp_path / "data", kb=KB)
    use_hash_embeddings(bot.kb)
    bot.ingest([docs])
    before = bot.kb.chunks.all_ids()
    write_version(docs, "B")

    def fail(*args, **kwargs):
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(target, fail)
        with pytest.raises(AssistantError, match="cannot write the index") as raised:
            bot.ingest([docs])
    assert str(error.args[-1]) in str(raised.value) or "disk is full" in str(raised.value)

    hits = bot.retrieve("示例政策文件3 建设概念验证中心", k=5).hits
    assert hits and all(hit.chunk.id in before | bot.kb.chunks.all_ids() for hit in hits)
    assert bot.kb.chunks.all_ids() <= bot.kb.vectors.all_ids()

    bot.ingest([docs])  # the fault is gone: the update completes
    assert bot.kb.chunks.all_ids() == bot.kb.vectors.all_ids()
    assert set(bot.kb.lexical().ids) == bot.kb.chunks.all_ids()
    assert {f.source for f in bot.kb.chunks.files()} >= {"policies/p5.md", "catalogs/rows.csv"}
