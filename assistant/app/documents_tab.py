"""Documents: what is indexed (with counts and dates), and, for the admin, upload and delete."""

from __future__ import annotations

import shutil
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder

from assistant.app.admin import AdminSession
from assistant.app.context import AppContext
from assistant.app.login_guard import client_address
from assistant.app.sign_in import SET_UPLOAD_COOKIE, sign_in
from assistant.app.upload_guard import discard_cached
from assistant.documents import IngestReport
from assistant.index.chunk_store import FileRecord
from assistant.loaders import SUPPORTED_SUFFIXES

DOC_HEADERS = ["标题 Title", "文件 File", "类型 Type", "片段 Chunks", "大小 Size (KB)",
               "索引时间 Indexed at"]
REPORT_HEADERS = ["文件 File", "结果 Result", "片段 Chunks"]
NO_ADMIN = (
    "**上传与删除已停用**：未配置管理员账号。设置环境变量 `ASSISTANT_ADMIN_AUTH=用户名:密码` "
    "并重启服务后，管理员登录即可上传和删除文档。  \n"
    "**Upload and delete are disabled**: no admin account is configured. Set "
    "`ASSISTANT_ADMIN_AUTH=user:password` and restart the app to enable them for the admin."
)
SIGN_IN_HINT = "管理员登录后可上传和删除文档 · Sign in as the admin to upload or delete documents."
NOT_ADMIN = "请先以管理员身份登录 · Sign in as the admin first"


def document_rows(records: list[FileRecord]) -> list[list[object]]:
    """One row per indexed file, most recently indexed first (an upload shows at the top)."""
    ordered = sorted(sorted(records, key=lambda r: r.source), key=lambda r: r.ingested_at,
                     reverse=True)
    return [
        [r.title, r.source, r.doc_type, r.chunk_count, round(r.size / 1024, 1),
         r.ingested_at.replace("T", " ")[:16]]
        for r in ordered
    ]


def stats_markdown(stats: dict[str, dict[str, int]]) -> str:
    """"N documents, M chunks", then the split by document type."""
    docs, chunks = stats.get("documents", {}), stats.get("chunks", {})
    parts = [f"{kind} {docs.get(kind, 0)} / {chunks.get(kind, 0)}"
             for kind in sorted(set(docs) | set(chunks))]
    head = (f"**{sum(docs.values())}** 个文档 documents · **{sum(chunks.values())}** 个片段 chunks")
    return head + ("  \n按类型（文档/片段） By type (documents/chunks): " + " · ".join(parts)
                   if parts else "")


def ingest_rows(saved: list[Path], before: dict[str, FileRecord], after: list[FileRecord],
                report: IngestReport) -> list[list[object]]:
    """Per uploaded file: indexed / unchanged / skipped with the reason, and its chunk count.

    Files are matched to records by full path, since an upload whose name is taken by another
    folder's file is indexed as `uploads/<name>` (see assistant/source_names.py).
    """
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    by_path = {Path(r.root) / r.source: r for r in after}
    rows: list[list[object]] = []
    for path in saved:
        name, record = path.name, by_path.get(path)
        if name in skipped:
            rows.append([name, f"跳过 skipped: {skipped[name]}", 0])
        elif record is None:
            rows.append([name, "跳过 skipped", 0])
        elif record.source in before and before[record.source].sha256 == record.sha256:
            rows.append([record.source, "未变化 unchanged", record.chunk_count])
        else:
            rows.append([record.source, "已索引 indexed", record.chunk_count])
    return rows


class DocumentsTab:
    """The document list for everyone; the upload and delete panel for the signed-in admin."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- layout -------------------------------------------------------------------------------
    def build(self) -> None:
        self.stats = gr.Markdown(elem_id="doc-stats")
        self.table = gr.Dataframe(headers=DOC_HEADERS, value=[], interactive=False, wrap=True,
                                  elem_id="doc-table", max_height=420,
                                  column_widths=["34%", "30%", "8%", "8%", "8%", "12%"])
        self.refresh = gr.Button("刷新 Refresh", size="sm")
        self.admin = gr.State(AdminSession())
        if self.ctx.admin is None:
            gr.Markdown(NO_ADMIN, elem_id="upload-disabled")
            gr.File(label="上传文件 Upload files", interactive=False, elem_id="upload-off")
            return
        self._sign_in_row()
        self._admin_panel()

    def _sign_in_row(self) -> None:
        with gr.Row(equal_height=True) as self.login_row:
            self.user = gr.Textbox(label="管理员 Admin user", scale=2)
            self.password = gr.Textbox(label="密码 Password", type="password", scale=2)
            self.sign_in = gr.Button("登录 Sign in", scale=1)
        self.token = gr.Textbox(visible=False)  # the upload cookie's value, set by sign-in
        self.login_note = gr.Markdown(SIGN_IN_HINT)

    def _admin_panel(self) -> None:
        with gr.Column(visible=False) as self.panel:
            self.files = gr.File(label="上传文件 Upload files (PDF, DOCX, HTML, TXT/MD, CSV/XLSX)",
                                 file_count="multiple", type="filepath",
                                 file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload")
            self.ingest_btn = gr.Button("索引上传的文件 Index uploaded files", variant="primary")
            self.report = gr.Dataframe(headers=REPORT_HEADERS, value=[], interactive=False,
                                       label="导入报告 Ingest report", wrap=True,
                                       elem_id="ingest-report")
            with gr.Row(equal_height=True):
                self.victim = gr.Dropdown([], label="删除文档 Delete a document", scale=4,
                                          elem_id="delete-source")
                self.delete_btn = gr.Button("删除 Delete", variant="stop", scale=1)
            self.delete_note = gr.Markdown()

    # --- events -------------------------------------------------------------------------------
    def wire(self, demo: gr.Blocks) -> None:
        listing = [self.stats, self.table]
        demo.load(self.listing, None, listing, api_visibility="private")
        self.refresh.click(self.listing, None, listing, api_visibility="private")
        if self.ctx.admin is None:
            return
        self.sign_in.click(
            self.login, [self.user, self.password, self.admin],
            [self.admin, self.login_row, self.login_note, self.panel, self.victim, self.token],
            api_visibility="private",
        ).then(None, [self.token], None, js=SET_UPLOAD_COOKIE, api_visibility="private")
        self.ingest_btn.click(self.upload, [self.files, self.admin],
                              [self.report, self.files, self.stats, self.table, self.victim],
                              api_visibility="private")
        self.delete_btn.click(self.delete, [self.victim, self.admin],
                              [self.delete_note, self.stats, self.table, self.victim],
                              api_visibility="private")

    def listing(self) -> tuple[str, list[list[object]]]:
        records = self.ctx.assistant.kb.chunks.files()
        return stats_markdown(self.ctx.assistant.stats()), document_rows(records)

    def _sources(self) -> dict:
        return gr.update(choices=[r.source for r in self.ctx.assistant.kb.chunks.files()],
                         value=None)

    def login(self, user: str, password: str, session: AdminSession,
              request: gr.Request) -> tuple:
        """Sign in (sign_in.py); on success the panel opens and the browser gets its cookie."""
        result = sign_in(self.ctx, user, password, client_address(request))
        if not result.signed_in:
            return (session, gr.update(), result.note, gr.update(visible=False), gr.update(), "")
        return (AdminSession(signed_in=True), gr.update(visible=False), result.note,
                gr.update(visible=True), self._sources(), result.token)

    def upload(self, paths: list[str] | None, session: AdminSession,
               progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple:  # noqa: B008
        """Copy the uploads into the KB's upload folder, ingest them, report per file.

        Gradio's cached copies are removed whatever happens: the index keeps its own copy.
        """
        if not session.signed_in:
            raise gr.Error(NOT_ADMIN)
        if not paths:
            raise gr.Error("请先选择文件 · Choose files first")
        try:
            saved = self._save(paths, progress)
        finally:
            discard_cached(paths, _gradio_upload_dir())
        store = self.ctx.assistant.kb.chunks
        before = {r.source: r for r in store.files()}
        report = self.ctx.assistant.ingest(saved, progress=True)
        self.ctx.refresh_served_files()
        rows = ingest_rows(saved, before, store.files(), report)
        return (rows, None, *self.listing(), self._sources())

    def _save(self, paths: list[str], progress: gr.Progress) -> list[Path]:
        progress(0, desc="保存文件 Saving files")
        target = self.ctx.upload_dir
        target.mkdir(parents=True, exist_ok=True)
        saved = []
        for path in paths:
            dest = target / Path(path).name  # the name only: no path from the browser is trusted
            shutil.copyfile(path, dest)
            saved.append(dest.resolve())
        return saved

    def delete(self, source: str | None, session: AdminSession) -> tuple:
        """Remove a document from the index; an uploaded copy is removed from disk as well."""
        if not session.signed_in:
            raise gr.Error(NOT_ADMIN)
        if not source:
            raise gr.Error("请选择要删除的文档 · Choose a document to delete")
        record = self.ctx.assistant.kb.chunks.file(source)
        removed = self.ctx.assistant.delete_source(source)
        if record is not None:
            path = Path(record.root) / source
            if path.resolve().is_relative_to(self.ctx.upload_dir.resolve()):
                path.unlink(missing_ok=True)
        self.ctx.refresh_served_files()
        note = f"已删除 Deleted `{source}` ({removed} 个片段 chunks)"
        return (note, *self.listing(), self._sources())


def _gradio_upload_dir() -> str:
    return get_upload_folder()
