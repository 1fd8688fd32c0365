"""Refusal calibration: evidence coverage of every eval question, answerable or not.

Prints one line per question (coverage of the top passages, the gate's reason if it refuses) and
the refusal accuracy / false-refusal rate the extractive composer would reach at a range of
coverage thresholds, so the default in assistant/answer/extractive.py can be chosen from data.

    .venv/bin/python benchmarks/calibrate_refusal.py [--data-dir DIR] [QUESTIONS.jsonl]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant import Assistant
from assistant.answer.evidence import gather
from assistant.evaluation import conversation_before, default_questions_path, load_questions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="?", type=Path)
    parser.add_argument("--data-dir", default="data")
    args = parser.parse_args()
    bot = Assistant(data_dir=args.data_dir)
    questions = load_questions(args.questions or default_questions_path())
    answers: dict = {}
    rows = []
    for item in questions:
        history = conversation_before(item, questions, answers)
        result = bot.retrieve(item["question"], history)
        evidence = gather(result, bot.kb, result.query.asked_kind, min_coverage=0.0)
        answers[item["id"]] = (item["question"], bot.ask(item["question"], history).answer)
        other_gate = evidence.refused_reason
        rows.append((item["id"], item.get("answerable", True), evidence.coverage, other_gate))
        print(f"{item['id']:<5} answerable={item.get('answerable', True)!s:<5} "
              f"coverage={evidence.coverage:.2f} {other_gate}")
    print("\nthreshold  refusal_accuracy  false_refusal_rate")
    for step in range(0, 11):
        threshold = step / 20
        refused = [(ok, cov < threshold or bool(gate)) for _, ok, cov, gate in rows]
        unans = [r for ok, r in refused if not ok]
        ans = [r for ok, r in refused if ok]
        print(f"  {threshold:.2f}     {sum(unans) / max(len(unans), 1):.2f}"
              f"              {sum(ans) / max(len(ans), 1):.2f}")


if __name__ == "__main__":
    main()
