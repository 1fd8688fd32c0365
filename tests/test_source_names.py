"""Same-named files from different folders get different sources; a known file keeps its own."""

from __future__ import annotations

from pathlib import Path

from assistant.discovery import InputFile
from assistant.index.chunk_store import FileRecord
from assistant.source_names import assign_sources


def _record(root: Path, source: str) -> FileRecord:
    return FileRecord(source=source, root=str(root), sha256="x", size=1, title="t",
                      doc_type="document", chunk_count=1, ingested_at="2026-01-01T00:00:00+00:00")


def _input(root: Path, source: str) -> InputFile:
    path = root / source
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return InputFile(path, source, root)


def _named(items, records=()) -> list[tuple[str, Path]]:
    assigned, clashes = assign_sources(list(items), records)
    assert not clashes
    return [(i.source, i.root) for i in assigned]


def test_plain_names_when_nothing_clashes(tmp_path: Path) -> None:
    a = tmp_path / "teamA"
    assert _named([_input(a, "notes.md"), _input(a, "sub/x.md")]) == [
        ("notes.md", a), ("sub/x.md", a)]


def test_second_folder_gets_its_folder_name_in_front(tmp_path: Path) -> None:
    a, b = tmp_path / "teamA", tmp_path / "teamB"
    first = _input(a, "notes.md")
    assert _named([_input(b, "notes.md")], [_record(a, "notes.md")]) == [
        ("teamB/notes.md", tmp_path)]
    # in one run too: the first keeps the plain name
    assert _named([first, _input(b, "notes.md")]) == [("notes.md", a), ("teamB/notes.md", tmp_path)]


def test_a_known_file_keeps_its_name(tmp_path: Path) -> None:
    a, b = tmp_path / "teamA", tmp_path / "teamB"
    _input(a, "notes.md")
    records = [_record(a, "notes.md"), _record(tmp_path, "teamB/notes.md")]
    assert _named([_input(b, "notes.md")], records) == [("teamB/notes.md", tmp_path)]
    # the parent folder's ingest finds the same file under the same name
    assert _named([_input(tmp_path, "teamB/notes.md")], records) == [
        ("teamB/notes.md", tmp_path)]


def test_same_folder_name_elsewhere_or_a_vanished_file_takes_the_name_over(tmp_path: Path) -> None:
    old, moved = tmp_path / "old" / "docs", tmp_path / "new" / "docs"
    _input(old, "notes.md")
    assert _named([_input(moved, "notes.md")], [_record(old, "notes.md")]) == [("notes.md", moved)]
    gone = tmp_path / "teamA"  # its notes.md was never written: the file is gone
    other = tmp_path / "teamB"
    assert _named([_input(other, "notes.md")], [_record(gone, "notes.md")]) == [
        ("notes.md", other)]


def test_clash_on_every_candidate_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b" / "c" / "team"
    item = _input(root, "notes.md")
    taken = ["notes.md", "team/notes.md", "c/team/notes.md", "b/c/team/notes.md"]
    others = [_input(tmp_path / "z" / f"o{n}", name) for n, name in enumerate(taken)]
    records = [_record(o.root, o.source) for o in others]
    assigned, clashes = assign_sources([item], records)
    assert assigned == [] and [c.path for c in clashes] == ["notes.md"]
    assert "name clash" in clashes[0].reason
