"""Fusion calibration: retrieval quality on the eval set for a grid of RRF constants and weights.

    .venv/bin/python benchmarks/calibrate_fusion.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import itertools

from assistant import Assistant
from assistant.evaluation import _history, default_questions_path, is_relevant, load_questions
from assistant.retrieval import retriever as retriever_module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="data")
    args = parser.parse_args()
    questions = load_questions(default_questions_path())
    print("rrf_k  w_dense_zh  w_dense_en  entity   zh R@5  zh MRR   en R@5  en MRR")
    for k, wzh, wen, went in itertools.product((10, 30, 60), (0.4, 0.6, 1.0), (0.6, 1.0, 1.5),
                                               (0.0, 0.6, 1.0)):
        retriever_module.FUSION_WEIGHTS = {"zh": (wzh, 1.0), "en": (wen, 1.0)}
        retriever_module.ENTITY_WEIGHT = went
        bot = Assistant(data_dir=args.data_dir, rrf_k=k)
        stats = {"zh": [], "en": []}
        answers: dict = {}
        for item in questions:
            if not item.get("answerable", True):
                continue
            history = _history(item, questions, answers)
            hits = bot.retrieve(item["question"], history, k=10).hits
            answers[item["id"]] = (item["question"], bot.ask(item["question"], history))
            rank = next((i for i, h in enumerate(hits, 1)
                         if is_relevant(h.chunk.retrieval_text(), item["expect"])), None)
            stats[item["lang"]].append(rank)

        def r5(ranks):
            return sum(1 for r in ranks if r and r <= 5) / len(ranks)

        def mrr(ranks):
            return sum(1 / r for r in ranks if r) / len(ranks)

        print(f"{k:>5}  {wzh:>10}  {wen:>10}  {went:>6}   {r5(stats['zh']):.3f}  "
              f"{mrr(stats['zh']):.3f}   {r5(stats['en']):.3f}  {mrr(stats['en']):.3f}")


if __name__ == "__main__":
    main()
