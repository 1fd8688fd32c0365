"""Document list, stats line and the per-file ingest report."""

from __future__ import annotations

from pathlib import Path

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
    after = [_record("same.md"), _record("changed.md", sha="new"),
             _record("new.pdf", chunks=7), _record("uploads/a.md")]
    report = IngestReport(skipped=[SkippedFile("bad.docx", "file is not a valid DOCX")])
    saved = [Path("/r") / name for name in ("same.md", "changed.md", "new.pdf", "bad.docx")]
    rows = ingest_rows([*saved, Path("/r/uploads/a.md")], before, after, report)
    assert rows == [
        ["same.md", "未变化 unchanged", 3],
        ["changed.md", "已索引 indexed", 3],
        ["new.pdf", "已索引 indexed", 7],
        ["bad.docx", "跳过 skipped: file is not a valid DOCX", 0],
        ["uploads/a.md", "已索引 indexed", 3],  # its name was taken: indexed under its folder
    ]


# --- sign-in, upload and delete through the tab's handlers --------------------------------------
def _admin_tab(fake):
    from assistant.app.context import AppContext
    from assistant.app.documents_tab import DocumentsTab

    fake.settings = fake.settings.with_overrides(admin_auth="admin:right-pass")
    return DocumentsTab(AppContext.create(fake))


def _request(host: str = "198.51.100.9"):
    from types import SimpleNamespace

    return SimpleNamespace(client=SimpleNamespace(host=host))


def test_wrong_passwords_lock_the_client_out_even_for_the_right_one(fake) -> None:
    from assistant.app.admin import AdminSession

    tab = _admin_tab(fake)
    notes = [tab.login("admin", f"guess{n}", AdminSession(), _request())[2] for n in range(5)]
    assert notes[:3] == ["用户名或密码错误 · Wrong user or password"] * 3
    assert "Too many failed sign-ins" in notes[3]
    session, *_, note, _, _, token = tab.login("admin", "right-pass", AdminSession(), _request())
    assert not session.signed_in and token == "" and "try again in" in note
    other = tab.login("admin", "right-pass", AdminSession(), _request("198.51.100.10"))
    assert other[0].signed_in and tab.ctx.upload_tokens.valid(other[-1])


def test_upload_removes_gradio_cached_copies_and_delete_removes_the_stored_one(
        fake, tmp_path, monkeypatch) -> None:
    from assistant.app import documents_tab
    from assistant.app.admin import AdminSession
    from assistant.documents import IngestReport

    cache = tmp_path / "gradio-cache"
    cached = cache / "f00d" / "上传.md"
    cached.parent.mkdir(parents=True)
    cached.write_text("# 上传\n内容", encoding="utf-8")
    monkeypatch.setattr(documents_tab, "_gradio_upload_dir", lambda: str(cache))
    tab = _admin_tab(fake)

    def ingest(paths, progress=False):
        from tests.app.fakes import add_file

        for path in paths:
            add_file(fake.kb, path.parent, path.name, text=path.read_text(encoding="utf-8"))
        return IngestReport(indexed=len(paths))

    monkeypatch.setattr(fake, "ingest", ingest)
    fake.delete_source = lambda source: fake.kb.chunks.remove_file(source) or 1
    rows = tab.upload([str(cached)], AdminSession(signed_in=True))[0]
    assert rows == [["上传.md", "已索引 indexed", 1]]
    assert not cached.exists() and not cached.parent.exists()
    stored = tab.ctx.upload_dir / "上传.md"
    assert stored.is_file() and str(stored.resolve()) in tab.ctx.files.served_paths()
    tab.delete("上传.md", AdminSession(signed_in=True))
    assert not stored.exists() and tab.ctx.files.served_paths() == []
