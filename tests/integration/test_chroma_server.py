"""Server mode: ASSISTANT_CHROMA_URL puts the vectors in a real `chroma run` server; the rest
(chunk store, BM25, answers) behaves exactly as with the embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import chromadb
import chromadb.config
import pytest

from assistant.errors import AssistantError
from assistant.kb import collection_name
from assistant.service import Assistant
from tests.integration.conftest import (
    ROOT,
    child_env,
    free_port,
    ingest_and_state,
    ingest_killed_at,
)
from tests.integration.corpus import write_version
from tests.integration.fakes import use_hash_embeddings

pytestmark = pytest.mark.server

POLICY = """# 双高协同实施意见
一、工作目标
到2027年，实现试点高新区与高校结对全覆盖，建成10个协同创新示范区。
二、支持政策
设立成果转化基金，对概念验证中心给予最高200万元支持。
"""


def _kb_name() -> str:
    """A KB name of its own: every test shares the one server."""
    return f"t{uuid.uuid4().hex[:10]}"


def _server_client(url: str):
    host, port = url.removeprefix("http://").split(":")
    return chromadb.HttpClient(host=host, port=int(port),
                               settings=chromadb.config.Settings(anonymized_telemetry=False))


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "policy.md").write_text(POLICY, encoding="utf-8")
    return root


def test_vectors_live_on_the_server_and_answers_are_unchanged(
    chroma_server: str, docs: Path, tmp_path: Path
) -> None:
    kb = _kb_name()
    remote = Assistant(data_dir=tmp_path / "remote", kb=kb, chroma_url=chroma_server)
    local = Assistant(data_dir=tmp_path / "local", kb=kb)
    for bot in (remote, local):
        use_hash_embeddings(bot.kb)
        bot.ingest([docs])

    collection = _server_client(chroma_server).get_collection(collection_name(kb))
    assert set(collection.get(include=[])["ids"]) == remote.kb.chunks.all_ids()
    assert not (remote.kb.dir / "chroma").exists()  # nothing embedded on this side
    question = "概念验证中心能获得多少支持？"
    assert remote.ask(question).answer == local.ask(question).answer
    assert "200万元" in remote.ask(question).answer

    report = remote.ingest([docs])  # unchanged files stay untouched on the server too
    assert report.unchanged == 1 and report.new_chunks == 0


def test_cli_with_assistant_chroma_url(chroma_server: str, docs: Path, tmp_path: Path) -> None:
    """The real command line and embedding model, configured only by the environment."""
    env = child_env(ASSISTANT_CHROMA_URL=chroma_server)
    base = [sys.executable, "-m", "assistant.cli", "--data-dir", str(tmp_path / "data"),
            "--kb", _kb_name()]
    ingest = subprocess.run([*base, "ingest", str(docs), "--json"], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["indexed"] == 1
    ask = subprocess.run([*base, "ask", "到2027年的工作目标是什么？", "--json"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert "2027" in answer["answer"] and answer["citations"][0]["source"] == "policy.md"
    assert not (tmp_path / "data" / "chroma").exists()


def test_kill_9_against_the_server_then_ingest_equals_a_clean_ingest(
    chroma_server: str, tmp_path: Path
) -> None:
    clean_docs = write_version(tmp_path / "clean-docs", "A")
    clean = ingest_and_state(tmp_path / "clean", _kb_name(), clean_docs,
                             ASSISTANT_CHROMA_URL=chroma_server)

    kb, docs, data = _kb_name(), write_version(tmp_path / "docs", "A"), tmp_path / "data"
    ingest_killed_at("vectors:2", data, kb, docs, tmp_path, ASSISTANT_CHROMA_URL=chroma_server)
    recovered = ingest_and_state(data, kb, docs, ASSISTANT_CHROMA_URL=chroma_server)

    assert recovered == clean


def test_unreachable_server_is_a_clear_error(docs: Path, tmp_path: Path) -> None:
    bot = Assistant(data_dir=tmp_path / "data", kb="down",
                    chroma_url=f"http://127.0.0.1:{free_port()}")
    use_hash_embeddings(bot.kb)
    with pytest.raises(AssistantError, match="cannot reach the Chroma server"):
        bot.ingest([docs])


def test_a_second_data_dir_cannot_take_over_a_kb_on_the_server(
    chroma_server: str, docs: Path, tmp_path: Path
) -> None:
    kb = _kb_name()
    first = Assistant(data_dir=tmp_path / "first", kb=kb, chroma_url=chroma_server)
    use_hash_embeddings(first.kb)
    first.ingest([docs])
    ids = first.kb.chunks.all_ids()

    other_docs = tmp_path / "other-docs"
    other_docs.mkdir()
    (other_docs / "note.md").write_text("# 另一份文件\n与第一份无关的内容。\n", encoding="utf-8")
    second = Assistant(data_dir=tmp_path / "second", kb=kb, chroma_url=chroma_server)
    use_hash_embeddings(second.kb)
    with pytest.raises(AssistantError, match="belongs to another knowledge base"):
        second.ingest([other_docs], prune=True)
    with pytest.raises(AssistantError, match="belongs to another knowledge base"):
        second.ingest([other_docs], rebuild=True)

    collection = _server_client(chroma_server).get_collection(collection_name(kb))
    assert set(collection.get(include=[])["ids"]) == ids  # the first KB's vectors are intact
    reopened = Assistant(data_dir=tmp_path / "first", kb=kb, chroma_url=chroma_server)
    use_hash_embeddings(reopened.kb)
    assert reopened.ingest([docs]).unchanged == 1
