"""Extractive ask latency on the shipped corpus: retrieve + focused answer, as a user waits.

Asks the shared and the own question sets (follow-ups with their conversation) several rounds
over one index of corpus/, after a warm-up round, and prints p50 / p95 / max in milliseconds.

    .venv/bin/python benchmarks/ask_latency.py [--data-dir /tmp/eval-sets] [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
from pathlib import Path

from measure import percentile

from assistant import Assistant
from assistant.evaluation import conversation_before, load_questions

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = (ROOT.parent / "shared" / "eval" / "questions.jsonl",
             ROOT / "tests" / "data" / "questions_own.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/eval-sets"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bot = Assistant(args.data_dir, "ask-latency")
    with contextlib.redirect_stderr(io.StringIO()):
        bot.ingest([ROOT / "corpus"])
    questions = [q for path in QUESTIONS if path.is_file() for q in load_questions(path)]
    times: list[float] = []
    for round_ in range(args.rounds + 1):  # round 0 warms the caches up and is not counted
        answers: dict[str, tuple[str, str]] = {}
        for item in questions:
            history = conversation_before(item, questions, answers)
            clock = time.perf_counter()
            answer = bot.ask(item["question"], history)
            elapsed = (time.perf_counter() - clock) * 1000
            answers[item["id"]] = (item["question"], answer.answer)
            if round_:
                times.append(elapsed)
    print(f"asks {len(times)}  p50 {percentile(times, 0.5):.1f} ms  "
          f"p95 {percentile(times, 0.95):.1f} ms  max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
