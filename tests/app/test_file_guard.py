"""Serving a cited file: only an indexed file reached without links; everything else is 403."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gradio.utils import get_upload_folder
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.app.file_guard import FileGuard
from assistant.app.links import SourceFiles
from tests.app.fakes import add_file


def _served(request) -> PlainTextResponse:  # stands in for Gradio's file route
    return PlainTextResponse("served")


@pytest.fixture
def client_for(kb):
    def make() -> TestClient:
        app = Starlette(routes=[Route("/gradio_api/file={path:path}", _served)],
                        middleware=[Middleware(FileGuard, files=SourceFiles(kb))])
        return TestClient(app)

    return make


def _get(client: TestClient, path: Path | str) -> int:
    return client.get(f"/gradio_api/file={path}").status_code


def test_indexed_file_is_served(kb, client_for, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    add_file(kb, root, "policies/a.md")
    assert _get(client_for(), root / "policies" / "a.md") == 200


def test_indexed_file_replaced_by_a_symlink_is_refused(kb, client_for, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    add_file(kb, root, "a.md")
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    (root / "a.md").unlink()
    (root / "a.md").symlink_to(secret)
    client = client_for()
    assert _get(client, root / "a.md") == 403
    assert _get(client, secret) == 403
    assert _get(client, "/etc/passwd") == 403
    assert SourceFiles(kb).served_paths() == [] and SourceFiles(kb).path_of("a.md") is None


def test_folder_symlink_inside_the_path_is_refused(kb, client_for, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    add_file(kb, root, "sub/a.md")
    elsewhere = tmp_path / "elsewhere"
    (root / "sub").rename(elsewhere)
    (root / "sub").symlink_to(elsewhere, target_is_directory=True)
    assert _get(client_for(), root / "sub" / "a.md") == 403


def test_unindexed_neighbours_deleted_documents_and_urls_are_refused(kb, client_for,
                                                                     tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    add_file(kb, root, "a.md")
    (root / "not-indexed.md").write_text("x", encoding="utf-8")
    client = client_for()
    assert _get(client, root / "not-indexed.md") == 403
    assert _get(client, "http://169.254.169.254/latest/meta-data") == 403
    kb.chunks.remove_file("a.md")  # deleted by the admin: refused at once, file still on disk
    assert _get(client, root / "a.md") == 403


def test_gradio_own_upload_folder_is_left_to_gradio(client_for) -> None:
    folder = Path(get_upload_folder()) / "test-file-guard"
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / "x.txt"
    cached.write_text("x", encoding="utf-8")
    try:
        assert _get(client_for(), os.path.realpath(cached)) == 200
    finally:
        cached.unlink()
        folder.rmdir()
