"""Which files an ingest reads: files and folders expanded, and every file left out reported.

A folder is walked without following links: a symbolic link, a hidden name, a special file
(FIFO, device) or a hard link whose other names lie outside the folder is reported with its
reason instead of being read, because each of them can make the index hold content from
outside the folder the user gave (or block the ingest on a FIFO). Files named explicitly on the
command line are trusted as given. Only the user's own `.assistantignore` patterns and the
`<catalog>.schema.json` sidecars (read with their catalog) are left out without a report line.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.documents import SkippedFile

IGNORE_FILE = ".assistantignore"  # glob patterns (one a line) of files not to index
SCHEMA_SUFFIX = ".schema.json"  # a catalog's column mapping, read together with the catalog

HIDDEN_FILE = "hidden file skipped"
HIDDEN_FOLDER = "hidden folder skipped"
SYMLINK = "symbolic link not followed"
SPECIAL = "not a regular file (device, FIFO or socket)"
ORPHAN_SCHEMA = "column mapping without its catalog (no file of that name beside it)"


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # path relative to the directory given to ingest, or the file name
    root: Path  # resolved; root / source is the file (the manifest stores both)


def discover(paths: list[Path]) -> tuple[list[InputFile], list[SkippedFile]]:
    """Expand files and directories (recursively) into input files, in a stable order."""
    found: list[InputFile] = []
    skipped: list[SkippedFile] = []
    for given in paths:
        if given.is_file():
            if _unsafe_name(given.name, skipped):
                continue
            found.append(InputFile(given, given.name, given.parent.resolve()))
        elif given.is_dir():
            found.extend(_walk(given, skipped))
        else:
            skipped.append(SkippedFile(str(given), "no such file or directory"))
    return found, skipped


@dataclass
class _Walk:
    """What one folder walk collected: candidate files, skips, and inodes seen (hard links)."""

    root: Path
    ignore: list[str]
    files: list[tuple[str, os.stat_result]] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    names_of: dict[tuple[int, int], list[str]] = field(default_factory=lambda: defaultdict(list))


def _walk(root: Path, skipped: list[SkippedFile]) -> Iterator[InputFile]:
    """Files under `root` in path order; what is left out goes to `skipped` with its reason."""
    walk = _Walk(root, _ignore_patterns(root))
    errors: list[OSError] = []
    for folder, dirs, names in os.walk(root, followlinks=False, onerror=errors.append):
        base = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if _keep_folder(walk, base / d))
        for name in sorted(names):
            _visit(walk, (base / name).as_posix())
    walk.skipped.extend(SkippedFile(escape_name(_rel(root, err.filename)),
                                    f"cannot read folder: {err.strerror}") for err in errors)
    kept = _drop_hard_links(walk)
    skipped.extend(sorted(walk.skipped, key=lambda s: s.path))
    resolved = root.resolve()
    for rel in sorted(kept):
        yield InputFile(root / rel, rel, resolved)


def _keep_folder(walk: _Walk, rel: Path) -> bool:
    """Descend into `rel` unless it is hidden or a link (reported once, not file by file)."""
    if rel.name.startswith("."):
        walk.skipped.append(SkippedFile(escape_name(rel.as_posix()) + "/", HIDDEN_FOLDER))
        return False
    if (walk.root / rel).is_symlink():
        walk.skipped.append(SkippedFile(escape_name(rel.as_posix()) + "/", SYMLINK))
        return False
    return True


def _visit(walk: _Walk, rel: str) -> None:
    """Classify one name found in the walk: a candidate file, silently left out, or reported."""
    name = rel.rsplit("/", 1)[-1]
    if rel == IGNORE_FILE or any(fnmatch.fnmatch(rel, p) for p in walk.ignore):
        return
    if name.endswith(SCHEMA_SUFFIX):
        if not (walk.root / rel[: -len(SCHEMA_SUFFIX)]).exists():
            walk.skipped.append(SkippedFile(escape_name(rel), ORPHAN_SCHEMA))
        return
    if name.startswith("."):
        walk.skipped.append(SkippedFile(escape_name(rel), HIDDEN_FILE))
        return
    try:
        info = (walk.root / rel).lstat()
    except OSError as err:
        walk.skipped.append(SkippedFile(escape_name(rel), f"cannot read file: {err.strerror}"))
        return
    if stat.S_ISLNK(info.st_mode):
        walk.skipped.append(SkippedFile(escape_name(rel), SYMLINK))
    elif not stat.S_ISREG(info.st_mode):
        walk.skipped.append(SkippedFile(escape_name(rel), SPECIAL))
    elif not _unsafe_name(rel, walk.skipped):
        walk.files.append((rel, info))
        walk.names_of[(info.st_dev, info.st_ino)].append(rel)


def _drop_hard_links(walk: _Walk) -> list[str]:
    """Relative paths to index: hard-linked files only when every link is in this folder.

    A file with more names (st_nlink) than the walk found may share its content with a file
    outside the folder (`ln /etc/shadow notes.txt` by anyone who can write to the folder), so it
    is reported and skipped. When all its names are inside, the first is indexed and the others
    are reported as the same file, so the content is not indexed twice.
    """
    kept: list[str] = []
    for rel, info in walk.files:
        names = walk.names_of[(info.st_dev, info.st_ino)]
        if info.st_nlink > len(names):
            walk.skipped.append(SkippedFile(escape_name(rel), (
                f"hard link with {info.st_nlink} names, only {len(names)} inside the folder: "
                "skipped, its content may come from outside the folder")))
        elif rel != names[0]:
            walk.skipped.append(SkippedFile(
                escape_name(rel), f"hard link to {escape_name(names[0])}, indexed once there"))
        else:
            kept.append(rel)
    return kept


def _rel(root: Path, path: str | None) -> str:
    try:
        return Path(path or root).relative_to(root).as_posix()
    except ValueError:
        return str(path)


# Control characters and bidirectional overrides in a file name: they rewrite terminals and
# logs where the name is printed, and can make "报告\u202efdp.txt" display as "报告txt.pdf".
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_name(name: str) -> str:
    """The name with unsafe characters written as escapes (\\x1b, \\u202e), safe to print."""
    return _UNSAFE_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode(), name)


def _unsafe_name(rel: str, skipped: list[SkippedFile]) -> bool:
    """Refuse a file whose name carries control characters; the report shows it escaped."""
    if not _UNSAFE_CHARS.search(rel):
        return False
    reason = "file name contains control characters; rename the file to index it"
    skipped.append(SkippedFile(escape_name(rel), reason))
    return True


def _ignore_patterns(root: Path) -> list[str]:
    file = root / IGNORE_FILE
    if not file.is_file():
        return []
    lines = file.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


__all__ = ["IGNORE_FILE", "InputFile", "discover", "escape_name"]
