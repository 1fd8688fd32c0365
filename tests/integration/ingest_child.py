"""One ingest (or a dump of the index) in its own process, so fault tests can kill or starve it.

    python ingest_child.py ingest DATA KB PATH... [--hang-at POINT:N --signal FILE] [--fsize B]
                                                   [--print-state]
    python ingest_child.py state DATA KB

`--hang-at POINT:N` stops the ingest at the Nth call of one write step, writes FILE and sleeps,
so the test can `kill -9` it exactly there. Points:
  vectors        after a batch of vectors was upserted (the file's SQLite swap not yet done)
  swap           after a file's chunks were swapped in SQLite (its stale vectors not yet deleted)
  lexical        before the BM25 index is saved (chunks and vectors complete)
  lexical-write  after the new BM25 generation was written, before it is switched in
`--fsize B` sets RLIMIT_FSIZE: any file that would grow past B bytes fails with EFBIG, as a full
disk or an exhausted quota would. Both modes embed with tests.integration.fakes.HashEmbeddings.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.config import quiet_network_env  # noqa: E402

quiet_network_env()

from assistant.errors import AssistantError  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from tests.integration.fakes import use_hash_embeddings  # noqa: E402


def _hang(signal_file: Path) -> None:
    signal_file.write_text("ready", encoding="utf-8")
    time.sleep(600)  # the test kills us here
    raise SystemExit("not killed")


def install_hang(point: str, nth: int, signal_file: Path) -> None:
    """Wrap one write step so its nth call ends in `_hang` (before or after the real work)."""
    from assistant.index.chunk_store import ChunkStore
    from assistant.index.lexical import LexicalIndex
    from assistant.index.vector_store import VectorStore

    owner, name, after = {
        "vectors": (VectorStore, "add", True),
        "swap": (ChunkStore, "replace_file", True),
        "lexical": (LexicalIndex, "save", False),
        "lexical-write": (LexicalIndex, "_write", True),
    }[point]
    original = getattr(owner, name)
    calls = {"n": 0}

    def wrapper(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth and not after:
            _hang(signal_file)
        result = original(self, *args, **kwargs)
        if calls["n"] == nth:
            _hang(signal_file)
        return result

    setattr(owner, name, wrapper)


def state(assistant: Assistant) -> dict:
    """Everything that must equal a clean ingest: chunk, vector and BM25 ids, the manifest."""
    from assistant.index.lexical import LexicalIndex

    kb = assistant.kb
    lexical = LexicalIndex.load(kb.lexical_dir)
    return {
        "chunk_ids": sorted(kb.chunks.all_ids()),
        "vector_ids": sorted(kb.vectors.all_ids()),
        "vector_count": kb.vectors.count(),
        "files": {f.source: [f.sha256, f.chunk_count] for f in kb.chunks.files()},
        "lexical_ids": lexical.ids if lexical else [],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["ingest", "state"])
    parser.add_argument("data_dir")
    parser.add_argument("kb")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--hang-at")
    parser.add_argument("--signal", type=Path)
    parser.add_argument("--fsize", type=int)
    parser.add_argument("--print-state", action="store_true", help="then print the state")
    args = parser.parse_args()
    assistant = Assistant(data_dir=args.data_dir, kb=args.kb)
    use_hash_embeddings(assistant.kb)
    if args.command == "state":
        print(json.dumps(state(assistant)))
        return 0
    if args.hang_at:
        from assistant import ingest

        # Small vector batches, so the 600-row catalog takes several calls to reach Chroma.
        ingest.EMBED_BATCH = 256
        point, nth = args.hang_at.split(":")
        install_hang(point, int(nth), args.signal)
    if args.fsize:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (args.fsize, args.fsize))
    try:
        report = assistant.ingest([Path(p) for p in args.paths])
    except AssistantError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict(), ensure_ascii=False))
    if args.print_state:
        print(json.dumps(state(assistant)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
