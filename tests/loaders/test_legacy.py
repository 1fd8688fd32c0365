"""Word 97–2003 and WPS documents through LibreOffice; a clear reason where it is missing."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from assistant.errors import LoadError
from assistant.loaders import legacy, load_file

SOURCE = """<html><head><meta charset="utf-8"></head><body>
<h1>关于开展双高协同试点的通知</h1><h2>一、试点安排</h2><p>第一条 试点期为两年。</p>
<table border="1"><tr><td>高新区</td><td>结对高校</td></tr>
<tr><td>苏州高新区</td><td>苏州大学</td></tr><tr><td>常州高新区</td><td>河海大学</td></tr></table>
</body></html>"""
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.fixture
def make_doc(tmp_path):
    """A .doc (or .wps: WPS writes the same binary Word format) saved by LibreOffice."""

    def build(name: str):
        source = tmp_path / "source.html"
        source.write_text(SOURCE, encoding="utf-8")
        out = tmp_path / "converted"
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
             "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "doc:MS Word 97",
             "--outdir", str(out), str(source)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        path = tmp_path / "policies" / name
        path.parent.mkdir(exist_ok=True)
        (out / "source.doc").rename(path)
        return path

    return build


@needs_soffice
@pytest.mark.parametrize("name", ["试点通知.doc", "试点通知.wps"])
def test_legacy_word_files_read_like_docx(make_doc, settings, name):
    docs = load_file(make_doc(name), f"policies/{name}", settings)
    prose, *rows = docs
    assert prose.title == "关于开展双高协同试点的通知"
    assert "第一条 试点期为两年。" in prose.text
    assert prose.doc_type == "policy"  # the folder of the original file, not the converter's
    assert [r.text for r in rows] == ["高新区：苏州高新区；结对高校：苏州大学",
                                      "高新区：常州高新区；结对高校：河海大学"]


def test_without_libreoffice_the_reason_names_the_fix(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    path = tmp_path / "notice.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(LoadError, match=r"without LibreOffice: install LibreOffice .* \.docx$"):
        load_file(path, "notice.doc", settings)


@needs_soffice
def test_a_file_libreoffice_cannot_read_is_reported(tmp_path, settings):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 2048)
    with pytest.raises(LoadError):
        load_file(path, "broken.doc", settings)
