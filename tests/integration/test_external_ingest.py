"""An ingest by another process (`assistant ingest` beside a running chat) becomes visible to
the running process on its next question, dense search included, without a restart."""

from __future__ import annotations

from pathlib import Path

from assistant.service import Assistant
from tests.integration.conftest import run_child
from tests.integration.fakes import use_hash_embeddings

KB = "shared"
FIRST = "# 实施意见\n一、工作目标\n到2027年，实现试点高新区与高校结对全覆盖。\n"
LATER = "# 新通知\n一、主要内容\n示范理工大学与示范高新区共建概念验证中心，编号 ZX-2026-0917。\n"


def test_running_process_sees_vectors_another_process_wrote(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    (docs / "first.md").write_text(FIRST, encoding="utf-8")
    serving = Assistant(data_dir=data, kb=KB)
    use_hash_embeddings(serving.kb)
    serving.ingest([docs])
    assert serving.kb.vectors.search("概念验证中心 ZX-2026-0917", k=5)  # index open and in use

    (docs / "later.md").write_text(LATER, encoding="utf-8")
    done = run_child("ingest", str(data), KB, str(docs))
    assert done.returncode == 0, done.stderr

    new_ids = serving.kb.chunks.chunk_ids_of("later.md")
    assert new_ids
    found = {chunk_id for chunk_id, _ in serving.kb.vectors.search(LATER, k=5)}
    assert new_ids <= found
    hits = serving.retrieve("编号 ZX-2026-0917 的概念验证中心", k=3).hits
    assert hits[0].chunk.source == "later.md" and hits[0].dense_rank is not None
