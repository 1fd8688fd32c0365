"""Load any supported file into SourceDocs; every bad input becomes a LoadError with a short reason.

One module per format; this package only dispatches by suffix and guards size and emptiness
before any parser sees the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings
from assistant.documents import SourceDoc
from assistant.errors import LoadError
from assistant.loaders import catalog, docx, html, legacy, pdf, text

Loader = Callable[[Path, str, Settings], list[SourceDoc]]
_LOADERS: dict[str, Loader] = {
    suffix: module.load
    for module in (pdf, docx, legacy, html, text, catalog)
    for suffix in module.SUFFIXES
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_LOADERS)
_MB = 1024 * 1024


def _size_mb(size: int) -> str:
    mb = size / _MB
    return f"{mb:.1f}" if mb >= 1 else f"{mb:.3g}"


def _check_file(path: Path, settings: Settings) -> str:
    """The loader's suffix, after the checks that need no reading of the content."""
    suffix = path.suffix.lower()
    if suffix not in _LOADERS:
        raise LoadError(f"unsupported file type {suffix or '(no suffix)'}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    if size > settings.max_file_bytes:
        raise LoadError(f"file too large ({_size_mb(size)} MB > limit {settings.max_file_mb:g} MB)")
    if size == 0:
        raise LoadError("empty file")
    return suffix


def load_file(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """SourceDocs of one file in reading order (pages, or catalog rows).

    `source` is the name users see in citations (the path relative to the ingest root).
    """
    suffix = _check_file(path, settings)
    try:
        return _LOADERS[suffix](path, source, settings)
    except LoadError:
        raise
    except MemoryError as exc:
        raise LoadError("file too complex to load (out of memory)") from exc
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    except Exception as exc:  # a parser choking on bad content must not stop an ingest run
        raise LoadError(f"unreadable {suffix[1:]} file: {type(exc).__name__}: {exc}") from exc


__all__ = ["SUPPORTED_SUFFIXES", "LoadError", "load_file"]
