"""Retrieval quality and speed: our pipeline against the naive LangChain baseline, one table.

Run: .venv/bin/python benchmarks/retrieval_vs_baseline.py [--corpus corpus/] [--questions Q]
     [--rounds 5]

Both pipelines index the same files (corpus/) with the same embedding model, in fresh temporary
directories; then every answerable question of the shared eval set is asked of both:
  ours      Assistant.retrieve(question, history, k=10): hybrid dense + BM25 + entities;
  baseline  RecursiveCharacterTextSplitter 500/50 + Chroma similarity_search(question, k=4)
            (benchmarks/baseline.py); it has no notion of history, so it gets the question only.
A retrieved chunk is relevant by `assistant.evaluation.is_relevant` (the eval set's rule).
Recall@5 and MRR@10 per language and overall; the baseline returns 4 chunks, so its Recall@5 is
Recall@4 and its MRR@10 is MRR@4. Latency: per question, timed after an untimed first pass,
`--rounds` times, alternating the two pipelines question by question.
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


class Ours:
    """Our pipeline: `Assistant.retrieve(question, history, k=10)`."""

    def __init__(self, data_dir: Path, corpus: Path, questions: list[dict]) -> None:
        from assistant.service import Assistant

        self.assistant = Assistant(data_dir=data_dir, kb="compare")
        self.chunks = self.assistant.ingest([corpus]).chunks
        self.histories = self._score(questions)
        self.query_cache = getattr(self.assistant.kb.embeddings, "_queries", None)

    def _score(self, questions: list[dict]) -> dict[str, list[dict]]:
        """The untimed first pass: rankings, and the answers follow-ups carry as history."""
        from assistant.evaluation import conversation_before

        self.run = Run()
        answers: dict[str, tuple[str, str]] = {}
        histories: dict[str, list[dict]] = {}
        for item in questions:
            history = histories[item["id"]] = conversation_before(item, questions, answers)
            hits = self.assistant.retrieve(item["question"], history, k=DEPTH).hits
            if item.get("answerable", True):
                self.run.ranks.setdefault(item.get("lang", "zh"), []).append(_first_relevant(
                    [h.chunk.retrieval_text() for h in hits], item.get("expect") or []))
            if any(q.get("followup_of") == item["id"] for q in questions):
                answer = self.assistant.ask(item["question"], history).answer
                answers[item["id"]] = (item["question"], answer)
        return histories

    def timed(self, item: dict) -> float:
        if self.query_cache is not None:
            self.query_cache.clear()  # the question is embedded, as a new one would be
        started = time.perf_counter()
        self.assistant.retrieve(item["question"], self.histories[item["id"]], k=DEPTH)
        return (time.perf_counter() - started) * 1000


class Baseline:
    """The naive pipeline (benchmarks/baseline.py); no history: it gets the question only."""

    def __init__(self, directory: Path, corpus: Path, questions: list[dict]) -> None:
        from baseline import NaivePipeline, baseline_embeddings

        settings = Settings()
        self.pipeline = NaivePipeline(directory, baseline_embeddings(settings))
        self.chunks = self.pipeline.build([corpus], settings).chunks
        self.run = Run()
        for item in questions:
            if item.get("answerable", True):
                docs = self.search(item)
                self.run.ranks.setdefault(item.get("lang", "zh"), []).append(_first_relevant(
                    [d.page_content for d in docs], item["expect"]))

    def search(self, item: dict) -> list:
        from baseline import TOP_K

        return self.pipeline.search(item["question"], k=TOP_K)

    def timed(self, item: dict) -> float:
        started = time.perf_counter()
        self.search(item)
        return (time.perf_counter() - started) * 1000


def time_rounds(pipelines: list, questions: list[dict], rounds: int) -> None:
    """Time every answerable question `rounds` times, alternating the pipelines question by
    question, so both see the same machine conditions (other load, CPU frequency)."""
    answerable = [q for q in questions if q.get("answerable", True)]
    for _ in range(rounds):
        for item in answerable:
            for pipeline in pipelines:
                pipeline.run.latencies_ms.append(pipeline.timed(item))


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
    if ours.latencies_ms and base.latencies_ms:
        ratio = statistics.fmean(ours.latencies_ms) / statistics.fmean(base.latencies_ms)
        print(f"mean latency ours / baseline: {ratio:.2f}x")
    print("(baseline: k=4, so Recall@5 = Recall@4 and MRR@10 = MRR@4; latency: retrieval only)")


def main(argv: list[str] | None = None) -> int:
    from assistant.evaluation import default_questions_path, load_questions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--rounds", type=int, default=5,
                        help="timed passes over the questions (default 5)")
    args = parser.parse_args(argv)
    questions = load_questions(args.questions or default_questions_path())
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        ours = Ours(Path(tmp) / "ours", args.corpus, questions)
        base = Baseline(Path(tmp) / "baseline", args.corpus, questions)
        time_rounds([ours, base], questions, args.rounds)
    print_table(ours.run, base.run, (ours.chunks, base.chunks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
