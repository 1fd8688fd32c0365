"""Who may upload and delete: one admin account from ASSISTANT_ADMIN_AUTH ("user:password").

Why not `launch(auth=...)`: Gradio's auth puts the whole app behind a login page, and the chat is
meant to be open to everyone. So the admin signs in on the Documents tab; the result lives in
that browser session's server-side state, and every upload or delete handler checks it again.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class AdminAccount:
    user: str
    password: str

    @classmethod
    def parse(cls, value: str | None) -> AdminAccount | None:
        """The account in "user:password", or None when unset or malformed (no empty parts)."""
        if not value:
            return None
        user, sep, password = value.partition(":")
        if not sep or not user.strip() or not password:
            return None
        return cls(user.strip(), password)

    def check(self, user: str, password: str) -> bool:
        """Constant-time comparison, so timing does not tell how much of a guess was right."""
        same_user = hmac.compare_digest((user or "").strip().encode(), self.user.encode())
        same_password = hmac.compare_digest((password or "").encode(), self.password.encode())
        return same_user and same_password


@dataclass
class AdminSession:
    """Per-browser-session sign-in state (kept in gr.State, i.e. on the server)."""

    signed_in: bool = False
