"""Incremental ingestion: load → split → tokenize → embed → write, one file at a time.

Each file is hashed; an unchanged file is skipped, a changed file replaces exactly its own chunks.
Order of writes per file: vectors first (upsert of new ids), then the SQLite transaction that swaps
the file's chunks and hash, then deletion of vectors that are no longer referenced. A crash at any
point leaves the manifest describing the previous state; the next run's reconciliation removes
orphan vectors and re-ingests files whose vectors went missing, so the result equals a clean ingest.
"""

from __future__ import annotations

import fcntl
import hashlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from chromadb.errors import ChromaError
from tqdm import tqdm

from assistant.discovery import InputFile, discover
from assistant.documents import Chunk, IngestReport, SkippedFile
from assistant.errors import AssistantError, LoadError
from assistant.index.chunk_store import FileRecord
from assistant.index.lexical import tokenize
from assistant.index.vector_store import VectorStore
from assistant.kb import KnowledgeBase, collection_name
from assistant.loaders import load_file
from assistant.loaders.notes import collect_notes
from assistant.source_names import assign_sources, full_path
from assistant.text.split import split_documents

# How files are read and cut into chunks. Bump it when a loader or the splitter changes the
# chunks a file yields: an index built before then re-reads its unchanged files on the next
# ingest instead of keeping chunks (and catalog kinds) the code no longer makes.
PARSING_VERSION = "2026-11-30"
PARSING_KEY = "parsing_version"
EMBED_BATCH = 1024  # chunks per vector-store call (VectorStore.ADD_BATCH explains the size)
# What a full disk, a quota, a read-only mount or lost permissions raise while writing.
WRITE_ERRORS = (OSError, sqlite3.Error, ChromaError)


class IndexWriteError(AssistantError):
    """The index could not be written (disk full, permissions); what was written stays valid."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def kb_lock(kb: KnowledgeBase) -> Iterator[None]:
    """One writer per KB at a time; a second ingest waits for the first."""
    kb.dir.mkdir(parents=True, exist_ok=True)
    with (kb.dir / ".ingest.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Ingestor:
    """Runs one ingest over a set of paths into a knowledge base."""

    def __init__(self, kb: KnowledgeBase, progress: bool = True) -> None:
        self.kb = kb
        self.settings = kb.settings
        self.progress = progress
        self.reread = False  # files read by an older PARSING_VERSION: read again, whatever hash

    def run(self, paths: list[Path], prune: bool = False, rebuild: bool = False) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        inputs, report.skipped = discover(paths)
        with kb_lock(self.kb):
            try:
                self._run_locked(inputs, paths, report, prune, rebuild)
            except WRITE_ERRORS as err:
                raise IndexWriteError(
                    f"cannot write the index in {self.kb.dir}: {err}. Files indexed before "
                    "this error are kept and searchable; fix the cause (free disk space, "
                    "permissions) and run ingest again to finish."
                ) from err
        report.chunks = self.kb.chunks.count()
        report.seconds = time.perf_counter() - started
        return report

    def _run_locked(self, inputs: list[InputFile], paths: list[Path], report: IngestReport,
                    prune: bool, rebuild: bool) -> None:
        if rebuild:
            self._reset()
        inputs, clashes = assign_sources(inputs, self.kb.chunks.files())
        report.skipped.extend(clashes)
        self.kb.check_embedding_model()
        self.kb.chunks.set_meta("embedding_model", self.kb.embeddings.model_id)
        self._reconcile()
        self.reread = self.kb.chunks.get_meta(PARSING_KEY) != PARSING_VERSION
        read: set[str] = set()  # sources read (and chunked) by this version in this run
        for item in tqdm(inputs, desc="ingest", unit="file", disable=not self.progress):
            if self._ingest_file(item, report) == "indexed":
                read.add(item.source)
        changed = bool(read)
        if prune:
            report.pruned = self._prune(inputs, paths)
            changed |= report.pruned > 0
        self._mark_parsed(read)
        # The stale mark survives a crash between a chunk write and the BM25 swap, so the next
        # run rebuilds BM25 even when it finds every file unchanged.
        if changed or self.kb.lexical_stale() or not self.kb.lexical_dir.exists():
            self.kb.rebuild_lexical()

    # --- one file ---------------------------------------------------------------------------
    def _ingest_file(self, item: InputFile, report: IngestReport) -> str:
        try:
            digest = file_sha256(item.path)
        except OSError as err:
            report.skipped.append(SkippedFile(item.source, f"cannot read file: {err.strerror}"))
            return "skipped"
        previous = self.kb.chunks.file(item.source)
        if previous and previous.sha256 == digest and not self.reread:
            report.unchanged += 1
            return "unchanged"
        try:
            with collect_notes() as notes:
                docs = load_file(item.path, item.source, self.settings)
            chunks = split_documents(docs, self.settings)
        except LoadError as err:
            report.skipped.append(SkippedFile(item.source, str(err)))
            return "skipped"
        if not chunks:
            report.skipped.append(SkippedFile(item.source, "no text found"))
            return "skipped"
        report.new_chunks += self._write(item, digest, chunks)
        report.indexed += 1
        # indexed, yet its user must learn what was left out of it
        report.skipped.extend(SkippedFile(item.source, f"partial: {n}") for n in notes)
        return "indexed"

    def _write(self, item: InputFile, digest: str, chunks: list[Chunk]) -> int:
        store = self.kb.chunks
        old_ids = store.chunk_ids_of(item.source)
        known_tokens = store.tokens_by_id(c.id for c in chunks if c.id in old_ids)
        fresh = [c for c in chunks if c.id not in old_ids]
        self._embed_and_add(fresh, item.source)
        tokens = [known_tokens.get(c.id) or " ".join(tokenize(c.retrieval_text())) for c in chunks]
        record = FileRecord(
            source=item.source,
            root=str(item.root),
            sha256=digest,
            size=item.path.stat().st_size,
            title=chunks[0].title,
            doc_type=chunks[0].doc_type,
            chunk_count=len(chunks),
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        store.replace_file(record, chunks, tokens)
        stale = old_ids - {c.id for c in chunks}
        if stale:
            self.kb.vectors.delete(sorted(stale))
        return len(fresh)

    def _embed_and_add(self, chunks: list[Chunk], source: str) -> None:
        batches = range(0, len(chunks), EMBED_BATCH)
        show = self.progress and len(chunks) > EMBED_BATCH
        for start in tqdm(batches, desc=f"embed {source}", unit="batch", disable=not show,
                          leave=False):
            self.kb.vectors.add(chunks[start : start + EMBED_BATCH])

    # --- whole KB ---------------------------------------------------------------------------
    def _reconcile(self) -> None:
        """Repair what an interrupted ingest left: orphan vectors and files missing vectors."""
        stored = self.kb.chunks.all_ids()
        indexed = self.kb.vectors.all_ids()
        orphans = indexed - stored
        if orphans:
            self.kb.vectors.delete(sorted(orphans))
        missing = stored - indexed
        if missing:
            self.kb.chunks.forget_hash(self.kb.chunks.sources_of(missing))

    def _prune(self, inputs: list[InputFile], paths: list[Path]) -> int:
        """Remove files under the given directories that no longer exist there.

        Compared by full path (root / source), so a file whose name carries its folder
        (`teamB/notes.md`, see source_names) belongs to the folder it lives in.
        """
        folders = [p.resolve() for p in paths if p.is_dir()]
        present = {full_path(i.root, i.source) for i in inputs}
        pruned = 0
        for record in self.kb.chunks.files():
            path = full_path(record.root, record.source)
            if path in present or not any(path.is_relative_to(f) for f in folders):
                continue
            ids = self.kb.chunks.chunk_ids_of(record.source)
            if ids:
                self.kb.vectors.delete(sorted(ids))
            self.kb.chunks.remove_file(record.source)
            pruned += 1
        return pruned

    def _mark_parsed(self, read: set[str]) -> None:
        """Record the parsing version once every indexed file has been read with it in this run
        (a run over some of the files, or one that could not read a file again, leaves the rest
        to a later run; files pruned are no longer indexed)."""
        if not self.reread:
            return
        if {record.source for record in self.kb.chunks.files()} <= read:
            self.kb.chunks.set_meta(PARSING_KEY, PARSING_VERSION)

    def _reset(self) -> None:
        self.kb.chunks.clear()
        self.kb.chunks.set_meta("embedding_model", self.kb.embeddings.model_id)
        vectors = self.kb.__dict__.pop("vectors", None)
        if vectors is None:
            vectors = VectorStore(self.settings, self.kb.embeddings,
                                  collection_name(self.settings.kb), check_model=False,
                                  owner=self.kb.owner_id())
        vectors.reset()
        self.kb.__dict__["vectors"] = vectors


__all__ = ["AssistantError", "IndexWriteError", "Ingestor", "InputFile", "discover"]
