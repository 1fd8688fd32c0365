"""Answer and retrieval quality on every question set, each over its own documents.

Prints one table per set — the shipped corpus (where rules are calibrated) and the unseen real
documents (never tuned on) — for the README. Each set gets its own knowledge base under
--data-dir (incremental: re-runs only re-ask).

    .venv/bin/python benchmarks/eval_sets.py --data-dir /tmp/eval-sets
"""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

from assistant import Assistant
from assistant.evaluation import print_report, run_eval

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# (name, question file, documents); sets whose files are absent are skipped
SETS = (
    ("shipped corpus, shared questions", SHARED / "eval" / "questions.jsonl", [ROOT / "corpus"]),
    ("shipped corpus, own questions", ROOT / "tests/data/questions_own.jsonl", [ROOT / "corpus"]),
    ("unseen real documents", ROOT / "tests/data/questions_unseen.jsonl",
     [SHARED / "realdocs"]),
    ("held-out real documents", ROOT / "tests/data/questions_holdout.jsonl",
     [ROOT / "tests/data/realdocs_holdout", SHARED / "realdocs"]),
    ("second held-out real documents", ROOT / "tests/data/questions_holdout2.jsonl",
     [ROOT / "tests/data/realdocs_holdout2"]),
    ("third held-out real documents", ROOT / "tests/data/questions_holdout3.jsonl",
     [ROOT / "tests/data/realdocs_holdout3"]),
    ("fourth held-out real documents", ROOT / "tests/data/questions_holdout4.jsonl",
     [ROOT / "tests/data/realdocs_holdout4"]),
    ("fifth held-out real documents", ROOT / "tests/data/questions_holdout5.jsonl",
     [ROOT / "tests/data/realdocs_holdout5"]),
    ("development set over new real documents", ROOT / "tests/data/questions_holdout6.jsonl",
     [ROOT / "tests/data/realdocs_holdout6"]),
    ("seventh held-out real documents", ROOT / "tests/data/questions_holdout7.jsonl",
     [ROOT / "tests/data/realdocs_holdout7"]),
    ("eighth set, a development set over real documents",
     ROOT / "tests/data/questions_holdout8.jsonl", [ROOT / "tests/data/realdocs_holdout8"]),
    ("ninth held-out real documents", ROOT / "tests/data/questions_holdout9.jsonl",
     [ROOT / "tests/data/realdocs_holdout9"]),
    ("tenth set, a development set over real documents",
     ROOT / "tests/data/questions_holdout10.jsonl", [ROOT / "tests/data/realdocs_holdout10"]),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/eval-sets"))
    parser.add_argument("--only", help="run the sets whose name starts with this "
                        "(shipped, unseen, held-out, second, …, ninth, tenth, development)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    for index, (name, questions, corpus) in enumerate(SETS):
        if args.only and not name.startswith(args.only):
            continue
        if not questions.is_file() or not all(p.exists() for p in corpus):
            print(f"## {name}: skipped (files not found)\n")
            continue
        bot = Assistant(args.data_dir, f"set{index}")
        with contextlib.redirect_stderr(io.StringIO()):
            bot.ingest(_documents(corpus))
        print(f"## {name} ({questions.name})")
        print_report(run_eval(bot, questions), verbose=args.verbose)
        print()


def _documents(folders: list[Path]) -> list[Path]:
    """The shipped corpus as `make run` indexes it; of a folder of test documents, the
    documents without the README that describes them (it names the files and what they hold:
    indexed, it would answer questions the documents do not)."""
    found: list[Path] = []
    for folder in folders:
        if folder == ROOT / "corpus" or not folder.is_dir():
            found.append(folder)
            continue
        found += [path for path in sorted(folder.rglob("*"))
                  if path.is_file() and path.name.lower() != "readme.md"]
    return found


if __name__ == "__main__":
    main()
