"""What every tab shares: the assistant, file links, the admin account and the feedback log."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.app.admin import AdminAccount
from assistant.app.feedback import FEEDBACK_FILE, FeedbackLog
from assistant.app.links import SourceFiles
from assistant.app.login_guard import LoginThrottle
from assistant.app.upload_guard import UploadTokens

UPLOAD_DIR = "uploads"  # under the KB folder: uploaded files are kept so their links keep working


@dataclass
class AppContext:
    assistant: object  # assistant.service.Assistant (untyped here to keep imports light)
    files: SourceFiles
    admin: AdminAccount | None
    feedback: FeedbackLog
    logins: LoginThrottle = field(default_factory=LoginThrottle)
    upload_tokens: UploadTokens = field(default_factory=UploadTokens)  # given at admin sign-in
    demo: object | None = field(default=None)  # the gr.Blocks, once built

    @classmethod
    def create(cls, assistant) -> AppContext:
        settings = assistant.settings
        return cls(
            assistant=assistant,
            files=SourceFiles(assistant.kb),
            admin=AdminAccount.parse(settings.admin_auth),
            feedback=FeedbackLog(Path(settings.data_dir) / FEEDBACK_FILE,
                                 max_bytes=int(settings.max_feedback_mb * 1e6)),
        )

    @property
    def upload_dir(self) -> Path:
        return Path(self.assistant.settings.kb_dir) / UPLOAD_DIR

    def refresh_served_files(self) -> None:
        """Let Gradio serve exactly the files indexed now (after an upload or delete)."""
        if self.demo is not None:
            self.demo.allowed_paths = self.files.served_paths()
