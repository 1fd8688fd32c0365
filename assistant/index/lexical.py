"""The lexical index: BM25 (bm25s) over jieba tokens of the folded text, persisted atomically.

Dense models blur exact names, numbers and document codes ("苏政办发〔2025〕28号", "常州科教城");
BM25 on words finds them. Queries and documents go through the same `tokenize`, so a query in
traditional script or full-width characters matches simplified, half-width text.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import jieba
import numpy as np

from assistant.phrasing import words
from assistant.text.normalize import fold

# Function words in nearly every chunk (assistant/data/words.toml): they only add noise and
# postings. Content words such as 高新区 or 高校 must stay searchable, so the list is short.
STOPWORDS = words("index_stop_words")

_CURRENT = "CURRENT"  # file naming the live generation directory
_IDS = "ids.json"
_MASK_MAX_ALLOWED = 4096  # above this many allowed ids, filtering the ranking is cheaper
_STALE_TMP_SECONDS = 3600  # a temp dir older than this is left over from a crashed save

_jieba_lock = threading.Lock()
_jieba_ready = False


def init_jieba() -> None:
    """Load jieba's dictionary once per process, without its chatty log lines."""
    global _jieba_ready
    if _jieba_ready:
        return
    with _jieba_lock:
        if not _jieba_ready:
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba_ready = True


def _keep(token: str) -> bool:
    if not token or token in STOPWORDS:
        return False
    if len(token) == 1 and token.isascii():  # "a", "x", "1": noise from codes and lists
        return False
    # Whitespace, punctuation and symbols only (Unicode categories Z*, P*, S*, C*).
    return any(unicodedata.category(ch)[0] not in "ZPSC" for ch in token)


def tokenize(text: str) -> list[str]:
    """Search tokens of `text`: folded, cut by jieba for search, noise dropped."""
    init_jieba()
    return [t for t in (s.strip() for s in jieba.lcut_for_search(fold(text))) if _keep(t)]


def add_words(words: Iterable[str]) -> None:
    """Teach jieba domain words (zone, university and city names) so they stay one token.

    Call before building the index and before searching, in every process: tokenization of
    documents and queries must agree.
    """
    init_jieba()
    for word in words:
        folded = fold(word).strip()
        if len(folded) > 1:
            jieba.add_word(folded)


class LexicalIndex:
    """BM25 over token lists, addressed by chunk id. Create with `LexicalIndex.build(…)`."""

    def __init__(self, method: str = "lucene") -> None:
        self.method = method
        self._bm25: bm25s.BM25 | None = None
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}

    @classmethod
    def build(
        cls, ids: Sequence[str], token_lists: Sequence[list[str]], method: str = "lucene"
    ) -> LexicalIndex:
        """A new index of `token_lists[i]` under `ids[i]` (BM25 variant `method`)."""
        if len(ids) != len(token_lists):
            raise ValueError(f"{len(ids)} ids but {len(token_lists)} token lists")
        index = cls(method=method)
        index._ids = list(ids)
        index._rows = {chunk_id: row for row, chunk_id in enumerate(index._ids)}
        if len(index._rows) != len(index._ids):
            raise ValueError("duplicate ids given to LexicalIndex.build")
        if index._ids:
            # "auto" builds the sparse matrix with scipy when present (about 30% faster).
            index._bm25 = bm25s.BM25(method=method, csc_backend="auto")
            index._bm25.index(list(token_lists), show_progress=False)
        return index

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def doc_freq(self, token: str) -> int:
        """How many indexed documents contain `token` (0 when unknown): the base of IDF weights.

        Read from BM25's CSC score matrix, where a token's column holds one entry per document.
        """
        if self._bm25 is None:
            return 0
        column = self._bm25.vocab_dict.get(token)
        if column is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def search(
        self, query_tokens: Sequence[str], k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """Top `k` (chunk id, BM25 score) pairs, best first; only documents sharing a token.

        Tokens unknown to the index are ignored; with `allowed`, only those ids can be returned.
        """
        if self._bm25 is None or k <= 0:
            return []
        token_ids = self._bm25.get_tokens_ids([t for t in query_tokens if t])
        if not token_ids:
            return []
        if allowed is None:
            return self._best(self._bm25.get_scores_from_ids(token_ids), k)
        if len(allowed) <= _MASK_MAX_ALLOWED:
            return self._best(self._bm25.get_scores_from_ids(token_ids, self._mask(allowed)), k)
        return self._best_allowed(self._bm25.get_scores_from_ids(token_ids), k, allowed)

    def _mask(self, allowed: set[str]) -> np.ndarray:
        """1 for allowed rows, 0 elsewhere: bm25s multiplies scores by it."""
        mask = np.zeros(len(self._ids), dtype=np.float32)
        rows = [row for row in map(self._rows.get, allowed) if row is not None]
        mask[rows] = 1.0
        return mask

    def _best(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        return [(self._ids[row], float(scores[row])) for row in _top_rows(scores, k)]

    def _best_allowed(
        self, scores: np.ndarray, k: int, allowed: set[str]
    ) -> list[tuple[str, float]]:
        """For a large `allowed` set, walk down the ranking instead of building a mask:
        checking a few hundred ids is cheaper than looking up tens of thousands."""
        window = 4 * k
        while True:
            rows = _top_rows(scores, window)
            hits = [(self._ids[r], float(scores[r])) for r in rows if self._ids[r] in allowed]
            if len(hits) >= k or len(rows) < window:
                return hits[:k]
            window *= 4

    def save(self, directory: Path) -> None:
        """Write a new generation beside the live one, then switch to it in one atomic step.

        Layout: `directory/CURRENT` names the live `gen-*` subdirectory. The new generation is
        written under a temporary name, renamed into place, and only then is CURRENT replaced
        (os.replace is atomic), so a reader sees the old index or the new one, never a part.
        The previous generation is kept for readers still loading it; older ones are removed.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory / f".tmp-{uuid.uuid4().hex}"
        try:
            self._write(tmp)
            generation = f"gen-{time.time_ns()}-{uuid.uuid4().hex[:8]}"
            os.rename(tmp, directory / generation)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        previous = _read_current(directory)
        pointer = directory / f".{_CURRENT}-{uuid.uuid4().hex}"
        pointer.write_text(generation, encoding="utf-8")
        os.replace(pointer, directory / _CURRENT)
        _prune(directory, keep={generation, previous})

    def _write(self, target: Path) -> None:
        target.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(target, show_progress=False)
        payload = {"method": self.method, "ids": self._ids}
        (target / _IDS).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, mmap: bool = False) -> LexicalIndex | None:
        """The live generation in `directory`, or None when no index was ever saved there.

        `mmap=True` maps the score arrays instead of reading them into memory.
        """
        directory = Path(directory)
        for _ in range(3):  # a concurrent save may prune the generation we are about to read
            generation = _read_current(directory)
            if generation is None:
                return None
            try:
                return cls._load_generation(directory / generation, mmap)
            except FileNotFoundError:
                if _read_current(directory) == generation:
                    raise
        return None

    @classmethod
    def _load_generation(cls, path: Path, mmap: bool) -> LexicalIndex:
        payload = json.loads((path / _IDS).read_text(encoding="utf-8"))
        index = cls(method=payload["method"])
        index._ids = list(payload["ids"])
        index._rows = {chunk_id: row for row, chunk_id in enumerate(index._ids)}
        if index._ids:
            index._bm25 = bm25s.BM25.load(path, mmap=mmap, show_progress=False)
        return index


def _top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the `k` highest positive scores, best first (ties in row order)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.lexsort((top, -scores[top]))]
    # Lucene BM25 gives every matching document a positive score; 0 means no shared token.
    return top[scores[top] > 0]


def _read_current(directory: Path) -> str | None:
    try:
        name = (directory / _CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def _prune(directory: Path, keep: set[str | None]) -> None:
    """Remove old generations and temp files left by crashed saves (never a fresh one)."""
    now = time.time()
    for entry in directory.iterdir():
        if entry.name.startswith("gen-"):
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith((".tmp-", f".{_CURRENT}-")):
            try:
                if now - entry.stat().st_mtime < _STALE_TMP_SECONDS:
                    continue
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink()
            except FileNotFoundError:
                continue
