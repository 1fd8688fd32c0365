"""Two folders with the same file names: both are kept, re-ingest is a no-op, prune works per
folder, and a hard link or hidden file never reaches the index unreported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.service import Assistant
from tests.integration.fakes import use_hash_embeddings


def _doc(path: Path, fact: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# 会议纪要\n一、结论\n{fact}\n", encoding="utf-8")
    return path


@pytest.fixture
def teams(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "teamA", tmp_path / "teamB"
    _doc(a / "notes.md", "甲组确定由东南大学牵头储能安全项目。")
    _doc(b / "notes.md", "乙组确定由江南大学牵头智能制造项目。")
    _doc(b / "only-b.md", "乙组另有一份文件。")
    return a, b


@pytest.fixture
def bot(tmp_path: Path) -> Assistant:
    assistant = Assistant(data_dir=tmp_path / "data", kb="teams")
    use_hash_embeddings(assistant.kb)
    return assistant


def _files(bot: Assistant) -> dict[str, str]:
    return {f.source: str(Path(f.root) / f.source) for f in bot.kb.chunks.files()}


def test_same_named_files_from_two_folders_are_both_kept(bot: Assistant, teams) -> None:
    a, b = teams
    assert bot.ingest([a]).indexed == 1
    report = bot.ingest([b])
    assert report.indexed == 2 and not report.skipped
    assert _files(bot) == {"notes.md": str(a / "notes.md"),
                           "teamB/notes.md": str(b / "notes.md"),
                           "only-b.md": str(b / "only-b.md")}
    texts = " ".join(c.text for c in bot.kb.chunks.get(sorted(bot.kb.chunks.all_ids())).values())
    assert "东南大学" in texts and "江南大学" in texts


def test_reingest_is_a_no_op_and_prune_stays_per_folder(bot: Assistant, teams) -> None:
    a, b = teams
    bot.ingest([a])
    bot.ingest([b])
    ids = bot.kb.chunks.all_ids()
    again = bot.ingest([b], prune=True)
    assert (again.indexed, again.unchanged, again.pruned) == (0, 2, 0)
    assert bot.ingest([a, b]).indexed == 0 and bot.kb.chunks.all_ids() == ids

    (b / "notes.md").unlink()
    pruned = bot.ingest([b], prune=True)
    assert pruned.pruned == 1
    assert set(_files(bot)) == {"notes.md", "only-b.md"}  # teamA's notes.md stays
    assert bot.kb.vectors.all_ids() == bot.kb.chunks.all_ids()


def test_parent_folder_ingest_finds_the_same_files_under_their_names(bot: Assistant,
                                                                     teams) -> None:
    a, b = teams
    bot.ingest([a])
    bot.ingest([b])
    report = bot.ingest([a.parent])
    assert report.indexed == 0 and report.unchanged == 3
    assert set(_files(bot)) == {"notes.md", "teamB/notes.md", "only-b.md"}


def test_hidden_and_hard_linked_files_are_reported_and_not_indexed(bot: Assistant,
                                                                   tmp_path: Path) -> None:
    secret = _doc(tmp_path / "private" / "secret.md", "外部机密内容不得索引。")
    root = tmp_path / "docs"
    _doc(root / "ok.md", "正常文件。")
    _doc(root / ".hidden.md", "隐藏文件内容。")
    os.link(secret, root / "looks-harmless.md")
    report = bot.ingest([root])
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons[".hidden.md"] == "hidden file skipped"
    assert "hard link" in reasons["looks-harmless.md"]
    assert set(_files(bot)) == {"ok.md"}
    texts = [c.text for c in bot.kb.chunks.get(sorted(bot.kb.chunks.all_ids())).values()]
    assert not any("机密" in t or "隐藏" in t for t in texts)
