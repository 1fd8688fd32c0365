"""Source names that never collide: one indexed file per name, whichever folder it came from.

A file's `source` is its path under the folder given to ingest (or its name when the file was
given), and the manifest keys files by it. Two folders both holding `notes.md` would share one
name, and the second ingest would silently replace the first. So:

- a file already indexed keeps its name (found by its full path): re-ingesting is a no-op;
- a new file takes its plain name when it is free, or when the file holding it is gone from
  disk or sits under a folder of the same name (the same folder moved, copied or restored
  elsewhere: an update of the same document, as before);
- otherwise its folder's name is put in front (`teamB/notes.md`, then `work/teamB/notes.md`)
  and its root moves up to match, so `root / source` is still the file. Names given out in
  this run are never taken over. When every candidate is taken the clash is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from assistant.discovery import InputFile, escape_name
from assistant.documents import SkippedFile
from assistant.index.chunk_store import FileRecord

MAX_PREFIX = 3  # folder names put in front before a clash is reported instead


def full_path(root: str | Path, source: str) -> Path:
    """Where an indexed file lives: its root joined with its source."""
    return Path(root) / source


class SourceNames:
    """Names taken in the manifest and in this run; hands out a free name per new file."""

    def __init__(self, records: Iterable[FileRecord]) -> None:
        self.by_path: dict[Path, InputFile] = {}
        self.owner: dict[str, InputFile] = {}  # source → the file holding it (path, root)
        self.this_run: set[str] = set()
        for record in records:
            held = InputFile(full_path(record.root, record.source), record.source,
                             Path(record.root))
            self.by_path[held.path] = held
            self.owner[record.source] = held

    def assign(self, item: InputFile) -> InputFile | None:
        """`item` with the source it is indexed under, or None when every candidate is taken."""
        path = full_path(item.root, item.source)
        known = self.by_path.get(path)
        if known is not None:
            self.this_run.add(known.source)
            return replace(item, source=known.source, root=known.root)
        for source, root in _candidates(item.source, item.root):
            if self._free(source, root, path):
                named = InputFile(path, source, root)
                self.owner[source] = self.by_path[path] = named
                self.this_run.add(source)
                return replace(item, source=source, root=root)
        return None

    def _free(self, source: str, root: Path, path: Path) -> bool:
        held = self.owner.get(source)
        if held is None or held.path == path:
            return True
        if source in self.this_run:
            return False
        return held.root.name == root.name or not held.path.exists()


def _candidates(source: str, root: Path) -> Iterable[tuple[str, Path]]:
    """The plain name, then with one, two, … of the root's folder names in front."""
    yield source, root
    prefix = PurePosixPath(source)
    for _ in range(MAX_PREFIX):
        if not root.name:
            return
        prefix = PurePosixPath(root.name) / prefix
        root = root.parent
        yield prefix.as_posix(), root


def assign_sources(inputs: list[InputFile],
                   records: Iterable[FileRecord]) -> tuple[list[InputFile], list[SkippedFile]]:
    """Inputs renamed where their plain name is taken by another file; clashes left reported."""
    names = SourceNames(records)
    assigned: list[InputFile] = []
    clashes: list[SkippedFile] = []
    for item in inputs:
        named = names.assign(item)
        if named is None:
            clashes.append(SkippedFile(escape_name(item.source), (
                "name clash: a file of this name from another folder is already indexed; "
                "rename one of them")))
        else:
            assigned.append(named)
    return assigned, clashes


__all__ = ["SourceNames", "assign_sources", "full_path"]
