"""Ingest speed per format, and embedding throughput per backend.

For each format in the shipped corpus (PDF, DOCX, Markdown, CSV, XLSX) the files of that format
are ingested into a fresh knowledge base (embedding cache off, so every chunk is embedded) and
the script prints files, chunks, MB, seconds, chunks/s and MB/s; then it runs
benchmarks/embeddings.py for the embedding backends.

    .venv/bin/python benchmarks/ingest.py [--corpus corpus] [--embedding use] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from assistant.config import Settings, quiet_network_env
from assistant.ingest import Ingestor, discover
from assistant.kb import KnowledgeBase


def by_format(corpus: Path) -> dict[str, list[Path]]:
    files, _ = discover([corpus])
    groups: dict[str, list[Path]] = defaultdict(list)
    for item in files:
        groups[item.path.suffix.lower()].append(item.path)
    return dict(sorted(groups.items()))


def ingest_group(paths: list[Path], embedding: str) -> tuple[int, float]:
    """Chunks written and seconds taken for a fresh ingest of `paths`."""
    workdir = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        staging = workdir / "in"
        staging.mkdir()
        for path in paths:
            shutil.copy(path, staging / path.name)
        settings = Settings().with_overrides(data_dir=workdir / "data", embedding=embedding)
        kb = KnowledgeBase(settings)
        kb.embeddings.embed_query("预热")  # model loading is not ingest time
        started = time.perf_counter()
        report = Ingestor(kb, progress=False).run([staging])
        return report.new_chunks, time.perf_counter() - started
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    quiet_network_env()
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--embedding", default="use")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the backend table")
    args = parser.parse_args()
    print(f"ingest by format (embedding {args.embedding}, cold cache)")
    print("format  files  chunks     MB  seconds  chunks/s    MB/s")
    for suffix, paths in by_format(args.corpus).items():
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        chunks, seconds = ingest_group(paths, args.embedding)
        print(f"{suffix:<6} {len(paths):>6} {chunks:>7} {megabytes:>6.2f} {seconds:>8.2f}"
              f" {chunks / seconds:>9.1f} {megabytes / seconds:>7.3f}")
    if not args.no_embeddings:
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import embeddings as embedding_bench  # the sibling benchmark script

        print()
        embedding_bench.main([])


if __name__ == "__main__":
    main()
