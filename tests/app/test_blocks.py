"""The page builds from a knowledge base alone, exposes exactly the documented endpoints, and
explains why upload is off when no admin account is configured."""

from __future__ import annotations

import json

from assistant.app import build_app, launch_options
from tests.app.fakes import FakeAssistant


def _config_text(demo) -> str:
    return json.dumps(demo.get_config_file(), ensure_ascii=False, default=str)


def test_public_endpoints_are_ask_retrieve_match(fake) -> None:
    demo = build_app(fake)
    public = {f.api_name for f in demo.fns.values() if f.api_visibility == "public"}
    assert public == {"ask", "retrieve", "match"}


def test_without_admin_upload_is_disabled_and_the_tab_says_why(fake) -> None:
    text = _config_text(build_app(fake))
    assert "ASSISTANT_ADMIN_AUTH" in text and "上传与删除已停用" in text
    assert "登录 Sign in" not in text


def test_with_admin_the_tab_offers_sign_in(kb) -> None:
    settings = kb.settings.with_overrides(admin_auth="admin:secret")
    text = _config_text(build_app(FakeAssistant(settings=settings, kb=kb)))
    assert "登录 Sign in" in text and "上传与删除已停用" not in text


def test_empty_knowledge_base_shows_how_to_fill_it(fake) -> None:
    assert "assistant ingest corpus/" in _config_text(build_app(fake))


def test_launch_serves_only_indexed_files_and_caps_uploads(fake, tmp_path) -> None:
    from tests.app.fakes import add_file

    add_file(fake.kb, tmp_path / "corpus", "a.md")
    options = launch_options(build_app(fake))
    assert options["allowed_paths"] == [str(tmp_path / "corpus" / "a.md")]
    assert options["max_file_size"] == "50mb"
