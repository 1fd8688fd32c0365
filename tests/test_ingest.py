"""Incremental ingestion end to end, with the real loaders, splitter, embeddings and stores."""

from __future__ import annotations

import json

import pytest

from assistant import Assistant
from assistant.cli import main

POLICY = """# 示例实施意见
一、总体思路
以高新区和高校协同为主线，推进有组织科研和有组织转化。
二、工作目标
到2027年，实现试点高新区与高校结对全覆盖。
"""
NEWS = "# 示例新闻\n南京建邺高新区举办对接会，企业与高校现场达成储能安全合作意向。\n"
TRADITIONAL = "# 繁體文件\n無錫高新區與江南大學簽署成果轉化協議，設立轉化基金。\n"


@pytest.fixture
def docs(tmp_path):
    root = tmp_path / "docs"
    (root / "policies").mkdir(parents=True)
    (root / "policies" / "yijian.md").write_text(POLICY, encoding="utf-8")
    (root / "news.md").write_text(NEWS, encoding="utf-8")
    (root / "trad.md").write_text(TRADITIONAL, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "notes.xyz").write_text("?", encoding="utf-8")
    return root


@pytest.fixture
def bot(tmp_path):
    return Assistant(data_dir=tmp_path / "data", kb="t")


def _ids(bot: Assistant) -> set[str]:
    return bot.kb.chunks.all_ids()


def test_report_lists_exactly_the_bad_files(bot, docs):
    report = bot.ingest([docs])
    assert report.indexed == 3 and report.unchanged == 0
    assert sorted(s.path for s in report.skipped) == ["empty.txt", "notes.xyz"]
    assert all(s.reason for s in report.skipped)
    assert report.chunks == len(_ids(bot)) == bot.kb.vectors.count()
    sources = {f.source for f in bot.kb.chunks.files()}
    assert sources == {"policies/yijian.md", "news.md", "trad.md"}
    assert {f.doc_type for f in bot.kb.chunks.files() if f.source.startswith("policies/")} == {
        "policy"
    }


def test_reingest_of_unchanged_files_changes_nothing(bot, docs):
    bot.ingest([docs])
    before = _ids(bot)
    report = bot.ingest([docs])
    assert report.indexed == 0 and report.unchanged == 3 and report.new_chunks == 0
    assert _ids(bot) == before == bot.kb.vectors.all_ids()


def test_an_index_read_by_an_older_parser_reads_its_unchanged_files_again(bot, docs):
    from assistant.ingest import PARSING_KEY

    bot.ingest([docs])
    bot.kb.chunks.set_meta(PARSING_KEY, "older")
    assert bot.ingest([docs / "news.md"]).indexed == 1  # only part of the index: still older
    report = bot.ingest([docs])
    assert report.indexed == 3 and report.unchanged == 0 and report.new_chunks == 0
    assert bot.ingest([docs]).unchanged == 3
    # a pruning run that re-reads everything left records the version too
    bot.kb.chunks.set_meta(PARSING_KEY, "older")
    (docs / "news.md").unlink()
    report = bot.ingest([docs], prune=True)
    assert report.indexed == 2 and report.pruned == 1
    assert bot.ingest([docs]).unchanged == 2


def test_editing_one_file_replaces_only_its_chunks(bot, docs):
    bot.ingest([docs])
    news_before = bot.kb.chunks.chunk_ids_of("news.md")
    policy_before = bot.kb.chunks.chunk_ids_of("policies/yijian.md")
    (docs / "policies" / "yijian.md").write_text(POLICY.replace("2027", "2028"), encoding="utf-8")
    report = bot.ingest([docs])
    assert report.indexed == 1 and report.unchanged == 2
    assert bot.kb.chunks.chunk_ids_of("news.md") == news_before
    policy_after = bot.kb.chunks.chunk_ids_of("policies/yijian.md")
    assert policy_after != policy_before
    assert bot.kb.vectors.all_ids() == _ids(bot)


def test_prune_removes_files_that_are_gone(bot, docs):
    bot.ingest([docs])
    (docs / "news.md").unlink()
    report = bot.ingest([docs], prune=True)
    assert report.pruned == 1
    assert "news.md" not in {f.source for f in bot.kb.chunks.files()}
    assert bot.kb.vectors.all_ids() == _ids(bot)


def test_traditional_document_is_found_by_a_simplified_query(bot, docs):
    bot.ingest([docs])
    hits = bot.retrieve("无锡高新区和江南大学签了什么协议").hits
    assert hits[0].chunk.source == "trad.md"


def test_orphan_vectors_from_an_interrupted_run_are_removed(bot, docs):
    bot.ingest([docs])
    from assistant.documents import Chunk

    orphan = Chunk(id="f" * 32, source="gone.md", title="x", doc_type="document", text="孤立的块",
                   locator="全文")
    bot.kb.vectors.add([orphan])
    bot.ingest([docs])
    assert bot.kb.vectors.all_ids() == _ids(bot)


def test_cli_json_report_and_exit_codes(tmp_path, docs, capsys):
    data = str(tmp_path / "cli-data")
    assert main(["--data-dir", data, "ingest", str(docs), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"indexed", "unchanged", "skipped", "chunks", "seconds"}
    assert report["indexed"] == 3 and len(report["skipped"]) == 2
    bad = tmp_path / "only-bad"
    bad.mkdir()
    (bad / "empty.md").write_bytes(b"")
    assert main(["--data-dir", data, "ingest", str(bad), "--json"]) == 1
