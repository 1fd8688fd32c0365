"""File links: page numbers from locators or metadata, served URLs, lookup in the manifest."""

from __future__ import annotations

from assistant.app.links import SourceFiles, file_url, page_of
from tests.app.fakes import add_file, cite


def test_page_from_metadata_wins_over_locator() -> None:
    assert page_of("第3页", {"page": 7}) == 7
    assert page_of("第3页 · 二、（一）") == 3
    assert page_of("第 12 页") == 12
    assert page_of("二、工作目标") is None
    assert page_of("高校成果转化清单 第17行") is None


def test_pdf_url_opens_at_page_and_quotes_the_path() -> None:
    url = file_url("/data/政策 文件.pdf", 4)
    assert url.startswith("gradio_api/file=/data/")
    assert url.endswith("#page=4")
    assert " " not in url and "政策" not in url  # percent-encoded


def test_page_anchor_only_for_pdf() -> None:
    assert "#page" not in file_url("/data/list.xlsx", 3)
    assert "#page" not in file_url("/data/a.pdf", None)


def test_source_files_link_existing_files_only(kb, tmp_path) -> None:
    root = tmp_path / "corpus"
    add_file(kb, root, "policies/a.pdf")
    add_file(kb, root, "gone.md")
    (root / "gone.md").unlink()
    files = SourceFiles(kb)
    urls = files.urls([cite(1, "policies/a.pdf"), cite(2, "gone.md"), cite(3, "never.md")])
    assert set(urls) == {1}
    assert urls[1].endswith("a.pdf#page=2")
    assert files.served_paths() == [str(root / "policies/a.pdf")]
