"""Calibrate the answer gate on the shipped corpus: accuracy, refusals and false refusals for a
grid of thresholds (see `assistant.answer.focused.Gate`).

Each question is retrieved once (follow-ups with their conversation); the extractive composer
then answers it under every setting. Run it on the shipped corpus and its question sets only:
the unseen-document sets are for measuring, never for choosing these numbers.

    .venv/bin/python benchmarks/calibrate_refusal.py --data-dir data \
        ../shared/eval/questions.jsonl tests/data/questions_own.jsonl
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from assistant import Assistant
from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.focused import Gate
from assistant.evaluation import conversation_before, groups_met, load_questions


def prepared(bot: Assistant, paths: list[Path]) -> list[tuple[dict, object]]:
    """(question item, answer request) for every question, conversations included."""
    out = []
    for path in paths:
        questions = load_questions(path)
        answers: dict = {}
        for item in questions:
            history = conversation_before(item, questions, answers)
            request = bot._request(item["question"], history, {})
            answers[item["id"]] = (item["question"], bot.ask(item["question"], history).answer)
            out.append((item, request))
    return out


def score(bot: Assistant, cases, gate: Gate) -> tuple[float, float, float]:
    composer = ExtractiveComposer(gate)
    correct = refused_ok = false_refusals = answerable = unanswerable = 0
    for item, request in cases:
        answer = composer.compose(item["question"], request.result, bot.kb)
        if item.get("answerable", True):
            answerable += 1
            false_refusals += answer.refused
            expect = item.get("expect") or []
            correct += not answer.refused and groups_met(answer.answer, expect) == len(expect)
        else:
            unanswerable += 1
            refused_ok += answer.refused
    return (correct / max(answerable, 1), refused_ok / max(unanswerable, 1),
            false_refusals / max(answerable, 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="+", type=Path)
    parser.add_argument("--data-dir", default="data")
    args = parser.parse_args()
    bot = Assistant(data_dir=args.data_dir)
    cases = prepared(bot, args.questions)
    print(f"{len(cases)} questions\n sentence  own   accuracy  refusals  false_refusals")
    for sentence, own in itertools.product((0.2, 0.3, 0.4, 0.5, 0.6), (0.0, 0.34, 0.5)):
        accuracy, refusals, false = score(bot, cases, Gate(sentence, own))
        print(f"   {sentence:.2f}   {own:.2f}     {accuracy:.3f}     {refusals:.3f}     "
              f"{false:.3f}")


if __name__ == "__main__":
    main()
