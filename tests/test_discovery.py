"""Walking a folder: every file left out is reported with its reason, links are never followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.discovery import discover


def _write(path: Path, text: str = "内容") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _reasons(skipped) -> dict[str, str]:
    return {s.path: s.reason for s in skipped}


def test_hidden_files_and_folders_are_reported_not_indexed(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    _write(root / "a.md")
    _write(root / ".draft.md")
    _write(root / "sub" / ".notes.txt")
    for n in range(3):  # a hidden folder is one line, however many files it holds
        _write(root / ".git" / f"object{n}")
    found, skipped = discover([root])
    assert [f.source for f in found] == ["a.md"]
    assert _reasons(skipped) == {".draft.md": "hidden file skipped",
                                 "sub/.notes.txt": "hidden file skipped",
                                 ".git/": "hidden folder skipped"}


def test_ignore_file_and_ignored_names_are_left_out_silently(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    _write(root / ".assistantignore", "README.md\n")
    _write(root / "README.md")
    _write(root / "rows.csv", "a,b\n1,2\n")
    _write(root / "rows.csv.schema.json", "{}")
    _write(root / "lost.csv.schema.json", "{}")
    found, skipped = discover([root])
    assert [f.source for f in found] == ["rows.csv"]
    assert list(_reasons(skipped)) == ["lost.csv.schema.json"]
    assert "without its catalog" in skipped[0].reason


def test_symlinked_files_and_folders_are_not_followed(tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside" / "secret.md")
    root = tmp_path / "docs"
    _write(root / "a.md")
    (root / "link.md").symlink_to(outside)
    (root / "linked-dir").symlink_to(outside.parent, target_is_directory=True)
    found, skipped = discover([root])
    assert [f.source for f in found] == ["a.md"]
    assert _reasons(skipped) == {"link.md": "symbolic link not followed",
                                 "linked-dir/": "symbolic link not followed"}


def test_hard_link_to_a_file_outside_the_folder_is_reported(tmp_path: Path) -> None:
    outside = _write(tmp_path / "private" / "salaries.md", "外部文件")
    root = tmp_path / "docs"
    _write(root / "a.md")
    os.link(outside, root / "innocent.md")
    found, skipped = discover([root])
    assert [f.source for f in found] == ["a.md"]
    reason = _reasons(skipped)["innocent.md"]
    assert "hard link" in reason and "outside the folder" in reason


def test_hard_links_inside_the_folder_are_indexed_once(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    first = _write(root / "a.md")
    (root / "b").mkdir()
    os.link(first, root / "b" / "copy.md")
    found, skipped = discover([root])
    assert [f.source for f in found] == ["a.md"]
    assert _reasons(skipped) == {"b/copy.md": "hard link to a.md, indexed once there"}


def test_a_fifo_is_reported_and_never_opened(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    _write(root / "a.md")
    os.mkfifo(root / "pipe.txt")  # opening it for reading would block the ingest
    found, skipped = discover([root])
    assert [f.source for f in found] == ["a.md"]
    assert "not a regular file" in _reasons(skipped)["pipe.txt"]


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "docs"
    _write(root / "a.md")
    _write(root / "locked" / "b.md")
    real_scandir = os.scandir

    def scandir(path):  # chmod 0 does not stop root, so refuse the way the kernel would
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, skipped = discover([root])
    assert [f.source for f in found] == ["a.md"]
    assert _reasons(skipped) == {"locked": "cannot read folder: Permission denied"}


def test_a_named_file_is_taken_as_given(tmp_path: Path) -> None:
    hidden = _write(tmp_path / ".explicit.md")
    found, skipped = discover([hidden, tmp_path / "missing.md"])
    assert [(f.source, f.root) for f in found] == [(".explicit.md", tmp_path.resolve())]
    assert _reasons(skipped) == {str(tmp_path / "missing.md"): "no such file or directory"}
