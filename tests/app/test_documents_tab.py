"""Document list, stats line and the per-file ingest report."""

from __future__ import annotations

from assistant.app.documents_tab import document_rows, ingest_rows, stats_markdown
from assistant.documents import IngestReport, SkippedFile
from assistant.index.chunk_store import FileRecord


def _record(source: str, sha: str = "a", chunks: int = 3) -> FileRecord:
    return FileRecord(source=source, root="/r", sha256=sha, size=2048, title="T", doc_type="policy",
                      chunk_count=chunks, ingested_at="2026-01-02T03:04:05+00:00")


def test_rows_show_title_file_type_counts_size_and_date() -> None:
    assert document_rows([_record("a.md")]) == [["T", "a.md", "policy", 3, 2.0,
                                                 "2026-01-02 03:04"]]


def test_newest_first_then_by_file() -> None:
    newer = _record("z.md")
    newer.ingested_at = "2026-02-01T00:00:00+00:00"
    rows = document_rows([_record("b.md"), newer, _record("a.md")])
    assert [r[1] for r in rows] == ["z.md", "a.md", "b.md"]


def test_stats_totals_and_split_by_type() -> None:
    text = stats_markdown({"documents": {"policy": 2, "catalog": 1},
                           "chunks": {"policy": 10, "catalog": 90}})
    assert "**3** 个文档" in text and "**100** 个片段" in text
    assert "catalog 1 / 90 · policy 2 / 10" in text
    assert stats_markdown({"documents": {}, "chunks": {}}).startswith("**0**")


def test_report_tells_indexed_unchanged_and_skipped_with_reason() -> None:
    before = {"same.md": _record("same.md"), "changed.md": _record("changed.md", sha="old")}
    after = {"same.md": _record("same.md"), "changed.md": _record("changed.md", sha="new"),
             "new.pdf": _record("new.pdf", chunks=7)}
    report = IngestReport(skipped=[SkippedFile("bad.docx", "file is not a valid DOCX")])
    rows = ingest_rows(["same.md", "changed.md", "new.pdf", "bad.docx"], before, after, report)
    assert rows == [
        ["same.md", "未变化 unchanged", 3],
        ["changed.md", "已索引 indexed", 3],
        ["new.pdf", "已索引 indexed", 7],
        ["bad.docx", "跳过 skipped: file is not a valid DOCX", 0],
    ]
