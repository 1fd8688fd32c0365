"""Admin sign-in: the client's wait first, then the constant-time check, then an upload cookie.

A signed-in admin's browser gets a random token to store as a cookie (SET_UPLOAD_COOKIE runs
in the browser), because Gradio's upload route sees no session state, only the request:
upload_guard.py lets an upload through when it carries a live token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.app.context import AppContext
from assistant.app.upload_guard import COOKIE, TOKEN_TTL_S

log = logging.getLogger("assistant.app.admin")

WRONG_LOGIN = "用户名或密码错误 · Wrong user or password"
SET_UPLOAD_COOKIE = (
    "(token) => { if (token) { document.cookie = "
    f"`{COOKIE}=${{token}}; path=/; max-age={TOKEN_TTL_S}; SameSite=Strict`; }} }}"
)


@dataclass(frozen=True)
class SignIn:
    signed_in: bool
    note: str  # what the sign-in row shows
    token: str = ""  # the upload cookie's value, when signed in


def locked_note(wait: float) -> str:
    seconds = max(1, round(wait))
    return (f"登录失败次数过多，请 {seconds} 秒后再试 · Too many failed sign-ins; "
            f"try again in {seconds} s")


def sign_in(ctx: AppContext, user: str, password: str, client: str) -> SignIn:
    """Check the account unless `client` must still wait (login_guard.py); count failures."""
    logins = ctx.logins
    wait = logins.wait_seconds(client)
    if wait > 0:
        logins.refused(client, wait)
        return SignIn(False, locked_note(wait))
    account = ctx.admin
    if account is None or not account.check(user, password):
        wait = logins.failed(client)
        return SignIn(False, locked_note(wait) if wait else WRONG_LOGIN)
    logins.succeeded(client)
    log.info("admin signed in from %s", client)
    return SignIn(True, f"已登录 Signed in as **{account.user}**", ctx.upload_tokens.issue())


__all__ = ["SET_UPLOAD_COOKIE", "WRONG_LOGIN", "SignIn", "locked_note", "sign_in"]
