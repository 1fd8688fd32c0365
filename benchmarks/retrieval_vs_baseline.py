"""Retrieval quality and speed: our pipeline against the naive LangChain baseline, one table.

Run: .venv/bin/python benchmarks/retrieval_vs_baseline.py [--corpus corpus/] [--questions Q]

Both pipelines index the same files (corpus/) with the same embedding model, in fresh temporary
directories; then every answerable question of the shared eval set is asked of both:
  ours      Assistant.retrieve(question, history, k=10): hybrid dense + BM25 + entities;
  baseline  RecursiveCharacterTextSplitter 500/50 + Chroma similarity_search(question, k=4)
            (benchmarks/baseline.py); it has no notion of history, so it gets the question only.
A retrieved chunk is relevant by `assistant.evaluation.is_relevant` (the eval set's rule).
Recall@5 and MRR@10 per language and overall; the baseline returns 4 chunks, so its Recall@5 is
Recall@4 and its MRR@10 is MRR@4. Latency: per question, timed in a second pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from measure import percentile  # noqa: E402

from assistant.config import Settings, quiet_network_env  # noqa: E402

quiet_network_env()

DEPTH = 10


@dataclass
class Run:
    ranks: dict[str, list[int | None]] = field(default_factory=dict)  # lang → first rank
    latencies_ms: list[float] = field(default_factory=list)

    def add(self, lang: str, rank: int | None, ms: float) -> None:
        self.ranks.setdefault(lang, []).append(rank)
        self.latencies_ms.append(ms)

    def scores(self, lang: str | None = None) -> tuple[float, float, int]:
        ranks = [r for k, v in self.ranks.items() if lang in (None, k) for r in v]
        n = len(ranks)
        if not n:
            return 0.0, 0.0, 0
        recall = sum(1 for r in ranks if r and r <= 5) / n
        mrr = sum(1 / r for r in ranks if r and r <= DEPTH) / n
        return recall, mrr, n


def _first_relevant(texts: list[str], expect: list[list[str]]) -> int | None:
    from assistant.evaluation import is_relevant

    return next((n for n, text in enumerate(texts, 1) if is_relevant(text, expect)), None)


def run_ours(data_dir: Path, corpus: Path, questions: list[dict]) -> tuple[Run, int]:
    """A first pass scores the rankings and records the answers follow-ups need; a second,
    with the same histories, is timed (query vectors not cached, as for a new question)."""
    from assistant.service import Assistant

    assistant = Assistant(data_dir=data_dir, kb="compare")
    chunks = assistant.ingest([corpus]).chunks
    answers: dict[str, tuple[str, str, str | None]] = {}
    histories: dict[str, list[dict]] = {}
    ranks: dict[str, int | None] = {}
    for item in questions:
        history = histories[item["id"]] = _history(item, answers)
        hits = assistant.retrieve(item["question"], history, k=DEPTH).hits
        ranks[item["id"]] = _first_relevant([h.chunk.retrieval_text() for h in hits],
                                            item.get("expect") or [])
        if any(q.get("followup_of") == item["id"] for q in questions):
            answer = assistant.ask(item["question"], history).answer
            answers[item["id"]] = (item["question"], answer, item.get("followup_of"))
    query_cache = getattr(assistant.kb.embeddings, "_queries", None)
    run = Run()
    for item in questions:
        if not item.get("answerable", True):
            continue
        if query_cache is not None:
            query_cache.clear()
        started = time.perf_counter()
        assistant.retrieve(item["question"], histories[item["id"]], k=DEPTH)
        elapsed = (time.perf_counter() - started) * 1000
        run.add(item.get("lang", "zh"), ranks[item["id"]], elapsed)
    return run, chunks


def _history(item: dict, answers: dict[str, tuple[str, str, str | None]]) -> list[dict]:
    chain: list[dict] = []
    parent = item.get("followup_of")
    while parent and parent in answers:
        question, answer, parent = answers[parent]
        chain[:0] = [{"role": "user", "content": question},
                     {"role": "assistant", "content": answer}]
    return chain


def run_baseline(directory: Path, corpus: Path, questions: list[dict]) -> tuple[Run, int]:
    from baseline import TOP_K, NaivePipeline, baseline_embeddings

    settings = Settings()
    pipeline = NaivePipeline(directory, baseline_embeddings(settings))
    chunks = pipeline.build([corpus], settings).chunks
    answerable = [q for q in questions if q.get("answerable", True)]
    for item in answerable:  # the same untimed first pass as ours
        pipeline.search(item["question"], k=TOP_K)
    run = Run()
    for item in answerable:
        started = time.perf_counter()
        docs = pipeline.search(item["question"], k=TOP_K)
        elapsed = (time.perf_counter() - started) * 1000
        run.add(item.get("lang", "zh"), _first_relevant([d.page_content for d in docs],
                                                        item["expect"]), elapsed)
    return run, chunks


def print_table(ours: Run, base: Run, chunks: tuple[int, int]) -> None:
    print(f"chunks indexed: ours {chunks[0]:,}, baseline {chunks[1]:,}")
    print(f"{'pipeline':<10}{'questions':<11}{'n':>4}{'Recall@5':>10}{'MRR@10':>9}"
          f"{'mean ms':>10}{'p95 ms':>9}")
    for name, run in (("ours", ours), ("baseline", base)):
        mean = statistics.fmean(run.latencies_ms) if run.latencies_ms else 0.0
        p95 = percentile(run.latencies_ms, 0.95)
        for label, lang in (("all", None), ("zh", "zh"), ("en", "en")):
            recall, mrr, n = run.scores(lang)
            timing = f"{mean:>10.1f}{p95:>9.1f}" if lang is None else ""
            print(f"{name:<10}{label:<11}{n:>4}{recall:>10.3f}{mrr:>9.3f}{timing}")
    print("(baseline: k=4, so Recall@5 = Recall@4 and MRR@10 = MRR@4; latency: retrieval only)")


def main(argv: list[str] | None = None) -> int:
    from assistant.evaluation import default_questions_path, load_questions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--questions", type=Path)
    args = parser.parse_args(argv)
    questions = load_questions(args.questions or default_questions_path())
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        ours, ours_chunks = run_ours(Path(tmp) / "ours", args.corpus, questions)
        base, base_chunks = run_baseline(Path(tmp) / "baseline", args.corpus, questions)
    print_table(ours, base, (ours_chunks, base_chunks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
