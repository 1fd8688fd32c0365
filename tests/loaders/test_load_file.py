from __future__ import annotations

import pytest

import assistant.loaders as loaders
from assistant.errors import LoadError
from assistant.loaders import SUPPORTED_SUFFIXES, load_file

TEXT = "一、总体思路\n以培育发展新质生产力为战略目标。\n".encode()


def _write(tmp_path, name, data=TEXT):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_supported_suffixes():
    expected = {".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".markdown", ".csv", ".xlsx"}
    assert expected | {".json", ".xls", ".ods", ".doc", ".wps"} == SUPPORTED_SUFFIXES


def test_unsupported_type(tmp_path, settings):
    with pytest.raises(LoadError, match=r"^unsupported file type \.xyz$"):
        load_file(_write(tmp_path, "notes.xyz"), "notes.xyz", settings)


def test_empty_file(tmp_path, settings):
    for name in ("empty.txt", "empty.pdf", "empty.xlsx"):
        with pytest.raises(LoadError, match=r"^empty file$"):
            load_file(_write(tmp_path, name, b""), name, settings)


def test_too_large_is_refused_before_reading(tmp_path, settings, monkeypatch):
    def never(*args):
        raise AssertionError("an oversized file must not be read")

    monkeypatch.setitem(loaders._LOADERS, ".txt", never)
    path = _write(tmp_path, "big.txt", b"x" * 4096)
    small = settings.with_overrides(max_file_mb=0.001)
    with pytest.raises(LoadError, match=r"^file too large \(0\.00391 MB > limit 0\.001 MB\)$"):
        load_file(path, "big.txt", small)


def test_size_shown_in_megabytes(tmp_path, settings):
    path = _write(tmp_path, "big.txt")
    with path.open("r+b") as handle:
        handle.truncate(int(63.2 * 1024 * 1024))  # sparse: no 63 MB written
    with pytest.raises(LoadError, match=r"^file too large \(63\.2 MB > limit 50 MB\)$"):
        load_file(path, "big.txt", settings)


def test_unexpected_parser_errors_become_load_errors(tmp_path, settings, monkeypatch):
    def broken(*args):
        raise ValueError("bad cell reference 'ZZZ0'")

    monkeypatch.setitem(loaders._LOADERS, ".txt", broken)
    with pytest.raises(LoadError, match=r"ValueError: bad cell reference 'ZZZ0'"):
        load_file(_write(tmp_path, "a.txt"), "a.txt", settings)


def test_missing_file(tmp_path, settings):
    with pytest.raises(LoadError, match=r"^cannot read file"):
        load_file(tmp_path / "gone.txt", "gone.txt", settings)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("policies/a.txt", "policy"),
        ("docs/政策/a.txt", "policy"),
        ("news/a.md", "news"),
        ("新闻/2025/a.txt", "news"),
        ("catalogs/a.txt", "catalog"),
        ("misc/a.txt", "document"),
    ],
)
def test_doc_type_from_folder(tmp_path, settings, source, expected):
    [doc] = load_file(_write(tmp_path, source), source, settings)
    assert doc.doc_type == expected
