"""Speed and memory at scale: our pipeline and the naive LangChain baseline, side by side.

Run: .venv/bin/python benchmarks/perf.py [--rows N]... [--repeat 3] [--work DIR] [--keep]

For each size (default 10k and 100k rows) it writes a synthetic achievement catalog (flagged
sample, fixed seed; benchmarks/synthetic.py), then, each step in its own process so memory
figures are not mixed up:
  1. ingests corpus/ plus the catalog with `assistant ingest` (cold: empty data dir and
     embedding cache) → chunks/s, index size on disk;
  2. opens the index as a server would and asks the shared eval questions → ask latency
     p50/p95 (retrieve + extractive answer, query vector not cached), Recall@5, RSS;
  3. builds the naive baseline (benchmarks/baseline.py) over the same files with the same
     embedding model → chunks/s, size;
  4. asks the baseline the same questions (similarity_search k=4) → latency, Recall@4, RSS.
Recall counts a hit only when it holds the expected facts and comes from the real corpus:
the synthetic rows are distractors, never evidence.

The last line reads
  perf rows=N ask_p95_ms=… ingest_chunks_per_s=… rss_mb=… baseline_ask_p95_ms=… recall5=…
  baseline_recall5=…
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))  # runnable from a checkout without installing the package

from measure import disk_mb, load_average, percentile, rss_mb  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000)
KB = "perf"
SYNTHETIC_PREFIX = "synthetic_"
WARM_UP = ("双高协同试点有哪些工作要求？", "Which university pairs with the Wuxi high-tech zone?")
RECALL_DEPTH = 10


# --- workers (each runs in its own process) -----------------------------------------------
def _questions(path: str | None) -> list[dict]:
    from assistant.evaluation import default_questions_path, load_questions

    return load_questions(Path(path) if path else default_questions_path())


def _relevant(text: str, source: str, expect: list[list[str]]) -> bool:
    from assistant.evaluation import is_relevant

    return not Path(source).name.startswith(SYNTHETIC_PREFIX) and is_relevant(text, expect)


def serve_ours(data_dir: str, questions: list[dict], repeat: int) -> dict:
    """Open the KB like the chat does, then time `ask` over the questions."""
    from assistant.evaluation import conversation_before
    from assistant.service import Assistant

    assistant = Assistant(data_dir=data_dir, kb=KB)
    for question in WARM_UP:  # loads the model, BM25, jieba, glossary and entities once
        assistant.ask(question)
    answers: dict[str, tuple[str, str]] = {}
    histories: dict[str, list[dict]] = {}
    ranks: list[int | None] = []
    for item in questions:
        history = histories[item["id"]] = conversation_before(item, questions, answers)
        hits = assistant.retrieve(item["question"], history, k=RECALL_DEPTH).hits
        if item.get("answerable", True):
            ranks.append(next((n for n, hit in enumerate(hits, 1) if _relevant(
                hit.chunk.retrieval_text(), hit.chunk.source, item.get("expect") or [])), None))
        answer = assistant.ask(item["question"], history)
        answers[item["id"]] = (item["question"], answer.answer)
    query_cache = getattr(assistant.kb.embeddings, "_queries", None)
    latencies: list[float] = []
    for _ in range(repeat):
        for item in questions:
            if query_cache is not None:
                query_cache.clear()  # every timed ask embeds its question, as a new one would
            started = time.perf_counter()
            assistant.ask(item["question"], histories[item["id"]])
            latencies.append((time.perf_counter() - started) * 1000)
    return {"latencies_ms": latencies, "ranks": ranks, "rss_mb": rss_mb(),
            "peak_rss_mb": rss_mb(peak=True)}


def build_baseline(directory: str, paths: list[str]) -> dict:
    from baseline import NaivePipeline, baseline_embeddings

    from assistant.config import Settings

    settings = Settings()
    pipeline = NaivePipeline(Path(directory), baseline_embeddings(settings))
    report = pipeline.build([Path(p) for p in paths], settings)
    return {"chunks": report.chunks, "seconds": report.seconds, "files": report.files,
            "peak_rss_mb": rss_mb(peak=True)}


def serve_baseline(directory: str, questions: list[dict], repeat: int) -> dict:
    from baseline import TOP_K, NaivePipeline, baseline_embeddings

    from assistant.config import Settings

    pipeline = NaivePipeline(Path(directory), baseline_embeddings(Settings()))
    for question in WARM_UP:
        pipeline.search(question)
    ranks: list[int | None] = []
    for item in questions:
        if item.get("answerable", True):
            docs = pipeline.search(item["question"], k=TOP_K)
            ranks.append(next((n for n, doc in enumerate(docs, 1) if _relevant(
                doc.page_content, doc.metadata.get("source", ""), item.get("expect") or [])),
                None))
    latencies: list[float] = []
    for _ in range(repeat):
        for item in questions:
            started = time.perf_counter()
            pipeline.search(item["question"], k=TOP_K)
            latencies.append((time.perf_counter() - started) * 1000)
    return {"latencies_ms": latencies, "ranks": ranks, "rss_mb": rss_mb(),
            "peak_rss_mb": rss_mb(peak=True)}


def run_worker(args: argparse.Namespace) -> None:
    if args.worker == "serve-ours":
        out = serve_ours(args.dir, _questions(args.questions), args.repeat)
    elif args.worker == "build-baseline":
        out = build_baseline(args.dir, args.paths)
    else:
        out = serve_baseline(args.dir, _questions(args.questions), args.repeat)
    print(json.dumps(out))


# --- driver -------------------------------------------------------------------------------
def _env() -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
               GRADIO_ANALYTICS_ENABLED="False", PYTHONPATH=str(ROOT))
    env.pop("ASSISTANT_CHROMA_URL", None)  # always the embedded store: measure this machine
    env.pop("ASSISTANT_DATA_DIR", None)
    return env


def _child(cmd: list[str]) -> tuple[str, float]:
    """Run a command; (stdout, wall seconds). A failure stops the benchmark with its stderr."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout, time.perf_counter() - started


def _worker(name: str, directory: Path, args: argparse.Namespace, *extra: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name,
           "--dir", str(directory), "--repeat", str(args.repeat), *extra]
    if args.questions:
        cmd += ["--questions", args.questions]
    out, _ = _child(cmd)
    return json.loads(out.strip().splitlines()[-1])


def ingest_ours(data_dir: Path, paths: list[Path]) -> dict:
    cmd = [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), "--kb", KB,
           "ingest", *map(str, paths), "--json", "--no-progress"]
    out, wall = _child(cmd)
    report = json.loads(out.strip().splitlines()[-1])
    report["wall_seconds"] = wall
    return report


def _summary(serve: dict) -> dict:
    lat, ranks = serve["latencies_ms"], serve["ranks"]
    return {
        "p50": percentile(lat, 0.50), "p95": percentile(lat, 0.95),
        "mean": sum(lat) / len(lat) if lat else 0.0,
        "recall5": sum(1 for r in ranks if r and r <= 5) / len(ranks) if ranks else 0.0,
        "n": len(ranks), "rss": serve["rss_mb"], "peak_rss": serve["peak_rss_mb"],
    }


def run_size(rows: int, work: Path, args: argparse.Namespace) -> str:
    from synthetic import write_catalogs

    started = time.perf_counter()
    print(f"\n== {rows:,} synthetic rows (load average before: {load_average()})", flush=True)
    catalog_dir = work / "catalog"
    files = write_catalogs(catalog_dir, rows, seed=args.seed)
    paths = [Path(args.corpus), catalog_dir]
    print(f"catalog: {len(files)} CSV files, {disk_mb(catalog_dir):.0f} MB", flush=True)

    ours_dir = work / "ours"
    ingest = ingest_ours(ours_dir, paths)
    ours_rate = ingest["new_chunks"] / ingest["seconds"]
    print(f"ours: ingested {ingest['new_chunks']:,} chunks in {ingest['seconds']:.0f} s "
          f"({ours_rate:.0f} chunks/s)", flush=True)
    ours = _summary(_worker("serve-ours", ours_dir, args))

    base_dir = work / "baseline"
    build = _worker("build-baseline", base_dir, args, "--paths", *map(str, paths))
    base_rate = build["chunks"] / build["seconds"]
    print(f"baseline: built {build['chunks']:,} chunks in {build['seconds']:.0f} s "
          f"({base_rate:.0f} chunks/s)", flush=True)
    base = _summary(_worker("serve-baseline", base_dir, args))

    sizes = {"ours": disk_mb(ours_dir / KB), "cache": disk_mb(ours_dir / "embedding_cache.sqlite"),
             "baseline": disk_mb(base_dir)}
    _print_table(rows, ingest, build, ours, base, ours_rate, base_rate, sizes)
    print(f"({time.perf_counter() - started:.0f} s for this size; "
          f"load average after: {load_average()})")
    return (f"perf rows={rows} ask_p95_ms={ours['p95']:.1f} ingest_chunks_per_s={ours_rate:.1f} "
            f"rss_mb={ours['rss']:.0f} baseline_ask_p95_ms={base['p95']:.1f} "
            f"recall5={ours['recall5']:.3f} baseline_recall5={base['recall5']:.3f}")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def _row(label: str, ours: float, base: float, fmt: str = ".1f") -> tuple[str, ...]:
    return label, format(ours, fmt), format(base, fmt), _ratio(ours, base)


def _print_table(rows, ingest, build, ours, base, ours_rate, base_rate, sizes) -> None:
    lines = [
        ("chunks indexed", f"{ingest['chunks']:,}", f"{build['chunks']:,}", ""),
        _row("ingest chunks/s", ours_rate, base_rate),
        _row("ingest seconds", ingest["seconds"], build["seconds"], ".0f"),
        _row("index on disk MB", sizes["ours"], sizes["baseline"], ".0f"),
        _row("ask p50 ms", ours["p50"], base["p50"]),
        _row("ask p95 ms", ours["p95"], base["p95"]),
        _row("ask mean ms", ours["mean"], base["mean"]),
        _row("serving RSS MB", ours["rss"], base["rss"], ".0f"),
        _row("serving peak RSS MB", ours["peak_rss"], base["peak_rss"], ".0f"),
        _row(f"Recall@5 (n={ours['n']})", ours["recall5"], base["recall5"], ".3f"),
    ]
    print(f"\n{'rows=' + format(rows, ','):<24}{'ours':>12}{'baseline':>12}{'ours/base':>11}")
    for label, a, b, ratio in lines:
        print(f"{label:<24}{a:>12}{b:>12}{ratio:>11}")
    print(f"(embedding cache beside our index: {sizes['cache']:.0f} MB; ask = retrieve + "
          "extractive answer for ours, similarity_search k=4 for the baseline, whose Recall@5 "
          "is Recall@4)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="catalog size (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--questions", help="question set (default: the shared eval set)")
    parser.add_argument("--work", help="working directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the indexes afterwards")
    parser.add_argument("--worker", choices=["serve-ours", "build-baseline", "serve-baseline"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--paths", nargs="*", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        run_worker(args)
        return 0
    base = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="perf-"))
    print(f"machine: {os.cpu_count()} cores; work dir {base}")
    lines = []
    try:
        for rows in args.rows or DEFAULT_SIZES:
            work = base / f"rows{rows}"
            shutil.rmtree(work, ignore_errors=True)
            lines.append(run_size(rows, work, args))
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(base, ignore_errors=True)
    print()
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
