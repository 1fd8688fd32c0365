"""Word 97–2003 (.doc) and WPS (.wps) documents, converted to .docx by LibreOffice headless.

No maintained Python library reads the binary Word format; LibreOffice does, and many users
receive their notices as .doc or .wps. When `soffice` is not installed the file is reported
with the fix (install LibreOffice, or save it as .docx) instead of being silently skipped.
Each conversion gets its own throw-away LibreOffice profile, so parallel ingests do not lock
each other out, and a time limit, so a file that hangs the converter cannot hang the ingest.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.config import Settings
from assistant.documents import SourceDoc
from assistant.errors import LoadError
from assistant.loaders.docx import load as load_docx

SUFFIXES = frozenset({".doc", ".wps"})
TIMEOUT_S = 120
# Binary Word files (and WPS files, which use the same format) are OLE2 containers. Their import
# filter is named, so a damaged one fails instead of being imported as plain-text garbage; a
# ".doc" that is really RTF or HTML (common on government sites) is left to detection.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_FILTER = "MS Word 97"
INSTALL_HINT = "install LibreOffice (apt-get install libreoffice-writer-nogui) or save it as .docx"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise LoadError("cannot read .doc/.wps without LibreOffice: " + INSTALL_HINT)
    return found


def _convert(path: Path, workdir: Path) -> Path:
    """The .docx LibreOffice writes for `path` in `workdir`; LoadError when it writes none."""
    with path.open("rb") as handle:
        is_ole2 = handle.read(len(_OLE2)) == _OLE2
    command = [
        _soffice(),
        f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
        "--headless", "--norestore", "--nolockcheck",
        *([f"--infilter={_WORD_FILTER}"] if is_ole2 else []),
        "--convert-to", "docx", "--outdir", str(workdir / "out"), str(path.resolve()),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise LoadError(f"LibreOffice took over {TIMEOUT_S} s to convert the file") from exc
    converted = workdir / "out" / f"{path.stem}.docx"
    if not converted.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise LoadError(f"LibreOffice could not convert the file ({detail[0][:200]})")
    return converted


def load(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """The document as the .docx loader reads it, named after the original file."""
    with tempfile.TemporaryDirectory(prefix="assistant-convert-") as tmp:
        converted = _convert(path, Path(tmp))
        return load_docx(converted, source, settings, original=path)
