"""The manifest and chunk table of one knowledge base, in SQLite.

Why SQLite: each file's chunks and its content hash are replaced in one transaction, so a crash
(kill -9, disk full) mid-ingest leaves the previous state of that file intact; readers in the chat
process see either the old or the new chunks of a file, never half of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from assistant.documents import Chunk
from assistant.index.sqlite_conn import ThreadConnections

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    chunk_count INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    ord INTEGER NOT NULL,
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    locator TEXT NOT NULL,
    headings TEXT NOT NULL,
    text TEXT NOT NULL,
    metadata TEXT NOT NULL,
    tokens TEXT NOT NULL,
    folded TEXT  -- Chunk.match_text(); NULL in indexes built before it was stored
);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks(source, ord);
-- Catalog look-ups (matchmaking, pairings, computed answers) select rows by kind and by name;
-- without these, each look-up parsed the metadata of every row (~0.5 s at 100k rows).
-- The expressions must stay identical to the ones in those queries for SQLite to use them.
CREATE INDEX IF NOT EXISTS chunks_catalog_kind
    ON chunks(json_extract(metadata, '$.catalog_kind'));
CREATE INDEX IF NOT EXISTS chunks_catalog_name ON chunks(json_extract(metadata, '$.name'));
"""
# Meta key set to "1" in the same transaction as any change to the chunks, and cleared once the
# BM25 index has been rebuilt from them: a crash in between leaves the mark for the next run.
LEXICAL_STALE = "lexical_stale"
_MARK_STALE = "INSERT OR REPLACE INTO meta(key, value) VALUES('lexical_stale', '1')"


@dataclass
class FileRecord:
    source: str
    root: str
    sha256: str
    size: int
    title: str
    doc_type: str
    chunk_count: int
    ingested_at: str


class ChunkStore:
    """SQLite-backed manifest (files) and chunk table (text, metadata, BM25 tokens)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._connections = ThreadConnections(path)
        self._conn = self._connections.get
        with self._conn() as conn:
            conn.executescript(SCHEMA)
            columns = {row[1] for row in conn.execute("PRAGMA table_info(chunks)")}
            if "folded" not in columns:  # an index from an earlier version: add, fill lazily
                conn.execute("ALTER TABLE chunks ADD COLUMN folded TEXT")

    def close(self) -> None:
        self._connections.close()

    # --- meta -----------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def meta_default(self, key: str, value: str) -> str:
        """The stored value of `key`, storing `value` first when there is none (atomic)."""
        with self._conn() as conn:
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES(?, ?)", (key, value))
        return str(self.get_meta(key))

    def set_meta(self, key: str, value: str) -> None:
        with self._conn() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    # --- files ----------------------------------------------------------------------------
    def file(self, source: str) -> FileRecord | None:
        row = self._conn().execute(
            "SELECT source, root, sha256, size, title, doc_type, chunk_count, ingested_at"
            " FROM files WHERE source=?",
            (source,),
        ).fetchone()
        return FileRecord(*row) if row else None

    def files(self) -> list[FileRecord]:
        rows = self._conn().execute(
            "SELECT source, root, sha256, size, title, doc_type, chunk_count, ingested_at"
            " FROM files ORDER BY source"
        ).fetchall()
        return [FileRecord(*row) for row in rows]

    def file_heads(self, chunks: int = 2) -> dict[str, str]:
        """The text of each file's first chunks: where a document states its number and issuer."""
        heads: dict[str, list[str]] = {}
        for source, text in self._conn().execute(
                "SELECT source, text FROM chunks WHERE ord < ? ORDER BY source, ord", (chunks,)):
            heads.setdefault(source, []).append(text)
        return {source: "\n".join(texts) for source, texts in heads.items()}

    def sources_with_locator(self, like: str) -> set[str]:
        """Files with a chunk whose locator matches an SQL LIKE pattern ("%第%条%": statutes)."""
        rows = self._conn().execute(
            "SELECT DISTINCT source FROM chunks WHERE locator LIKE ?", (like,)).fetchall()
        return {r[0] for r in rows}

    def chunk_ids_of(self, source: str) -> set[str]:
        rows = self._conn().execute("SELECT id FROM chunks WHERE source=?", (source,)).fetchall()
        return {r[0] for r in rows}

    def replace_file(self, record: FileRecord, chunks: list[Chunk], tokens: list[str]) -> None:
        """Swap a file's chunks and manifest entry in one transaction."""
        with self._conn() as conn:
            conn.execute("DELETE FROM chunks WHERE source=?", (record.source,))
            conn.executemany(
                "INSERT OR REPLACE INTO chunks"
                "(id, source, ord, title, doc_type, locator, headings, text, metadata, tokens,"
                " folded) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        c.id, c.source, i, c.title, c.doc_type, c.locator,
                        json.dumps(list(c.headings), ensure_ascii=False), c.text,
                        json.dumps(c.metadata, ensure_ascii=False), tok, c.match_text(),
                    )
                    for i, (c, tok) in enumerate(zip(chunks, tokens, strict=True))
                ],
            )
            conn.execute(
                "INSERT OR REPLACE INTO files"
                "(source, root, sha256, size, title, doc_type, chunk_count, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (
                    record.source, record.root, record.sha256, record.size, record.title,
                    record.doc_type, record.chunk_count, record.ingested_at,
                ),
            )
            conn.execute(_MARK_STALE)

    def remove_file(self, source: str) -> None:
        with self._conn() as conn:
            conn.execute("DELETE FROM chunks WHERE source=?", (source,))
            conn.execute("DELETE FROM files WHERE source=?", (source,))
            conn.execute(_MARK_STALE)

    def forget_hash(self, sources: Iterable[str]) -> None:
        """Mark files as needing re-ingest (their chunks are missing from the vector store)."""
        with self._conn() as conn:
            conn.executemany("UPDATE files SET sha256='' WHERE source=?", [(s,) for s in sources])

    def clear(self) -> None:
        with self._conn() as conn:
            conn.execute("DELETE FROM chunks")
            conn.execute("DELETE FROM files")
            conn.execute(_MARK_STALE)

    # --- chunks ---------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._conn().execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def all_ids(self) -> set[str]:
        return {r[0] for r in self._conn().execute("SELECT id FROM chunks")}

    def _select_in(self, sql: str, ids: Iterable[str]) -> list[tuple]:
        """Run `sql` (with one `{marks}` placeholder for an IN list) over ids in batches of 500,
        because SQLite limits how many parameters one statement may take."""
        id_list = list(ids)
        rows: list[tuple] = []
        for start in range(0, len(id_list), 500):
            part = id_list[start : start + 500]
            marks = ",".join("?" * len(part))
            rows.extend(self._conn().execute(sql.format(marks=marks), part).fetchall())
        return rows

    def sources_of(self, ids: Iterable[str]) -> set[str]:
        rows = self._select_in("SELECT DISTINCT source FROM chunks WHERE id IN ({marks})", ids)
        return {r[0] for r in rows}

    def tokens_by_id(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(self._select_in("SELECT id, tokens FROM chunks WHERE id IN ({marks})", ids))

    def iter_tokens(self) -> Iterator[tuple[str, str]]:
        """(id, space-joined tokens) for every chunk, in a stable order (for the BM25 build)."""
        yield from self._conn().execute("SELECT id, tokens FROM chunks ORDER BY source, ord")

    def get(self, ids: list[str]) -> dict[str, Chunk]:
        rows = self._select_in(
            "SELECT id, source, title, doc_type, text, locator, headings, metadata"
            " FROM chunks WHERE id IN ({marks})",
            ids,
        )
        return {row[0]: _row_to_chunk(row) for row in rows}

    def candidates(self, ids: list[str]) -> dict[str, tuple[Chunk, str]]:
        """Whole chunks with their `match_texts`, for ranking candidates that must be
        filtered on their metadata."""
        chunks = self.get(ids)
        texts = self.match_texts(list(chunks))
        return {i: (chunk, texts[i]) for i, chunk in chunks.items() if i in texts}

    def match_texts(self, ids: list[str]) -> dict[str, str]:
        """Each chunk's stored `Chunk.match_text()` by id (computed for rows stored without it).

        Ranking candidates needs only this; whole chunks are read for the few that make the
        final list.
        """
        rows = self._select_in("SELECT id, folded FROM chunks WHERE id IN ({marks})", ids)
        texts = {chunk_id: folded for chunk_id, folded in rows if folded is not None}
        missing = [chunk_id for chunk_id, folded in rows if folded is None]
        texts.update({i: c.match_text() for i, c in self.get(missing).items()})
        return texts

    def chunks_of(self, source: str, limit: int | None = None) -> list[Chunk]:
        """The document's chunks in reading order (the first `limit` of them, if given)."""
        rows = self._conn().execute(
            "SELECT id, source, title, doc_type, text, locator, headings, metadata"
            " FROM chunks WHERE source=? ORDER BY ord LIMIT ?",
            (source, -1 if limit is None else limit),
        ).fetchall()
        return [_row_to_chunk(row) for row in rows]

    def last_chunk(self, source: str) -> Chunk | None:
        """The document's last chunk (where a notice signs and dates itself)."""
        row = self._conn().execute(
            "SELECT id, source, title, doc_type, text, locator, headings, metadata"
            " FROM chunks WHERE source=? ORDER BY ord DESC LIMIT 1", (source,)).fetchone()
        return _row_to_chunk(row) if row else None

    def chunks_after(self, chunk_id: str, count: int = 1) -> list[Chunk]:
        """The `count` chunks that follow this one in its document (a list or an article that
        runs on past a chunk or page boundary continues there)."""
        rows = self._conn().execute(
            "SELECT c.id, c.source, c.title, c.doc_type, c.text, c.locator, c.headings,"
            " c.metadata FROM chunks c JOIN chunks o ON c.source = o.source AND c.ord > o.ord"
            " WHERE o.id=? ORDER BY c.ord LIMIT ?",
            (chunk_id, count),
        ).fetchall()
        return [_row_to_chunk(row) for row in rows]

    def rows_of_kind(self, kinds: tuple[str, ...]) -> list[Chunk]:
        """Catalog rows of these kinds (achievement, demand, …), in catalog order."""
        if not kinds:
            return []
        marks = ",".join("?" * len(kinds))
        return self._catalog_rows(f"json_extract(metadata, '$.catalog_kind') IN ({marks})",
                                  tuple(kinds))

    def row_named(self, name: str, kinds: tuple[str, ...]) -> Chunk | None:
        """The first catalog row of these kinds whose name is exactly `name`."""
        marks = ",".join("?" * len(kinds))
        rows = self._catalog_rows(
            f"json_extract(metadata, '$.name') = ? AND "
            f"json_extract(metadata, '$.catalog_kind') IN ({marks})", (name, *kinds))
        return rows[0] if rows else None

    def _catalog_rows(self, where_sql: str, params: tuple) -> list[Chunk]:
        """Catalog rows (doc_type 'catalog') narrowed by a condition on the indexed metadata."""
        sql = (
            "SELECT id, source, title, doc_type, text, locator, headings, metadata"
            f" FROM chunks WHERE doc_type='catalog' AND ({where_sql}) ORDER BY source, ord"
        )
        return [_row_to_chunk(row) for row in self._conn().execute(sql, params).fetchall()]

    def catalog_values(self, roles: tuple[str, ...]) -> dict[str, set[str]]:
        """Distinct values of role columns (zone, university, …) across all catalog rows."""
        values: dict[str, set[str]] = {role: set() for role in roles}
        for role in roles:
            rows = self._conn().execute(
                "SELECT DISTINCT json_extract(metadata, ?) FROM chunks WHERE doc_type='catalog'",
                (f"$.{role}",),
            )
            values[role].update(str(r[0]) for r in rows if r[0])
        return values

    def stats(self) -> dict[str, dict[str, int]]:
        conn = self._conn()
        docs = dict(conn.execute("SELECT doc_type, COUNT(*) FROM files GROUP BY doc_type"))
        chunks = dict(conn.execute("SELECT doc_type, COUNT(*) FROM chunks GROUP BY doc_type"))
        return {"documents": docs, "chunks": chunks}


def _row_to_chunk(row: tuple) -> Chunk:
    chunk_id, source, title, doc_type, text, locator, headings, metadata = row
    return Chunk(
        id=chunk_id,
        source=source,
        title=title,
        doc_type=doc_type,
        text=text,
        locator=locator,
        headings=tuple(orjson.loads(headings)),
        metadata=orjson.loads(metadata),
    )
