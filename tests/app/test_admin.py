"""The admin account comes from "user:password"; malformed values disable admin features."""

from __future__ import annotations

import pytest

from assistant.app.admin import AdminAccount


@pytest.mark.parametrize("value", [None, "", "admin", "admin:", ":secret", " :secret"])
def test_missing_or_malformed_account_is_none(value) -> None:
    assert AdminAccount.parse(value) is None


def test_password_may_contain_colons() -> None:
    account = AdminAccount.parse("admin:pa:ss")
    assert account is not None and account.check("admin", "pa:ss")


def test_check_needs_both_right() -> None:
    account = AdminAccount.parse("admin:secret")
    assert account is not None
    assert account.check(" admin ", "secret")
    assert not account.check("admin", "Secret")
    assert not account.check("root", "secret")
    assert not account.check("", "")
