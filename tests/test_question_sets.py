"""Format and literal-occurrence checks for the evaluation question sets over real documents.

`questions_unseen.jsonl` is written over the public documents in ../shared/realdocs (relative to
the repository root); `questions_holdout.jsonl` over the documents in tests/data/realdocs_holdout;
`questions_holdout2.jsonl` … `questions_holdout10.jsonl` over tests/data/realdocs_holdout2 … 10
(written later, by someone who had not seen the answers, to measure later answer changes).
Every expected string must occur in the folded text of the question's `doc`, except the
English/digit alternatives added to a group; each group needs at least one string that occurs.
"""

import html
import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED_DOCS = ROOT.parent / "shared" / "realdocs"
HOLDOUT_DOCS = DATA / "realdocs_holdout"
HOLDOUT2_DOCS = DATA / "realdocs_holdout2"
HOLDOUT3_DOCS = DATA / "realdocs_holdout3"
HOLDOUT4_DOCS = DATA / "realdocs_holdout4"
HOLDOUT5_DOCS = DATA / "realdocs_holdout5"
HOLDOUT6_DOCS = DATA / "realdocs_holdout6"
HOLDOUT7_DOCS = DATA / "realdocs_holdout7"
HOLDOUT8_DOCS = DATA / "realdocs_holdout8"
HOLDOUT9_DOCS = DATA / "realdocs_holdout9"
HOLDOUT10_DOCS = DATA / "realdocs_holdout10"

PERSONAS = {"enterprise_engineer", "university_staff", "official"}
LANGS = {"zh", "en"}
ASKS = {"number", "percentage", "amount", "date", "duration", "name", "list", "yes_no",
        "definition", "summary", "location"}
KEYS = {"id", "persona", "lang", "question", "expect", "answerable", "followup_of", "doc", "asks"}

# (file, id prefix, minimum total, English, follow-ups, unanswerable)
SETS = [
    ("questions_unseen.jsonl", "u", 44, 12, 6, 9),
    ("questions_holdout.jsonl", "h", 26, 7, 4, 6),
    ("questions_holdout2.jsonl", "k", 30, 10, 5, 6),
    ("questions_holdout3.jsonl", "m", 29, 10, 6, 6),
    ("questions_holdout4.jsonl", "n", 30, 10, 6, 6),
    ("questions_holdout5.jsonl", "p", 30, 10, 6, 6),
    ("questions_holdout6.jsonl", "q", 30, 10, 6, 6),
    ("questions_holdout7.jsonl", "r", 30, 12, 7, 6),
    ("questions_holdout8.jsonl", "s", 30, 12, 7, 6),
    ("questions_holdout9.jsonl", "t", 30, 12, 7, 6),
    ("questions_holdout10.jsonl", "w", 30, 12, 7, 6),
]

try:
    import opencc

    _T2S = opencc.OpenCC("t2s").convert
except ImportError:  # the folding below still covers everything but traditional characters
    def _T2S(text: str) -> str:
        return text


def fold(text: str) -> str:
    text = _T2S(unicodedata.normalize("NFKC", text)).lower()
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return re.sub(r"\s+", "", text)


def _doc_text(path: Path) -> str:
    if path.suffix == ".csv":
        return path.read_text(encoding="gbk", errors="replace")
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".html", ".htm"}:
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def _load(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _docs(row: dict) -> list[str]:
    doc = row["doc"]
    return [] if doc is None else [doc] if isinstance(doc, str) else list(doc)


def _locate(name: str) -> Path | None:
    for folder in (HOLDOUT_DOCS, HOLDOUT2_DOCS, HOLDOUT3_DOCS, HOLDOUT4_DOCS, HOLDOUT5_DOCS,
                   HOLDOUT6_DOCS, HOLDOUT7_DOCS, HOLDOUT8_DOCS, HOLDOUT9_DOCS, HOLDOUT10_DOCS,
                   SHARED_DOCS):
        if (folder / name).is_file():
            return folder / name
    return None


def _is_alternative(s: str) -> bool:
    """An English or digit form added next to the document's own wording."""
    return re.search(r"[A-Za-z0-9]", s) is not None


@pytest.mark.parametrize("name,prefix,total,english,followups,unanswerable", SETS)
def test_format_and_mix(name, prefix, total, english, followups, unanswerable):
    rows = _load(name)
    seen: set[str] = set()
    for row in rows:
        assert set(row) == KEYS, row["id"]
        assert row["id"].startswith(prefix) and row["id"] not in seen, row["id"]
        assert row["persona"] in PERSONAS and row["lang"] in LANGS, row["id"]
        assert row["asks"] in ASKS, row["id"]
        assert isinstance(row["question"], str) and row["question"].strip(), row["id"]
        assert row["followup_of"] is None or row["followup_of"] in seen, row["id"]
        assert isinstance(row["answerable"], bool), row["id"]
        assert row["answerable"] == bool(row["expect"]), row["id"]
        assert row["answerable"] == bool(_docs(row)), row["id"]
        for group in row["expect"]:
            assert group and all(isinstance(s, str) and s.strip() for s in group), row["id"]
        seen.add(row["id"])
    assert len(rows) >= total
    assert sum(r["lang"] == "en" for r in rows) >= english
    assert sum(r["followup_of"] is not None for r in rows) >= followups
    assert sum(not r["answerable"] for r in rows) >= unanswerable
    assert {r["persona"] for r in rows} == PERSONAS


def test_holdout_compares_with_set_one():
    set_one = {r for row in _load("questions_unseen.jsonl") for r in _docs(row)}
    holdout = {p.name for p in HOLDOUT_DOCS.iterdir() if p.name != "README.md"}
    comparing = [row["id"] for row in _load("questions_holdout.jsonl")
                 if set(_docs(row)) & set_one and set(_docs(row)) & holdout]
    assert len(comparing) >= 2


@pytest.mark.parametrize("name", [s[0] for s in SETS])
def test_expected_strings_occur_in_their_documents(name):
    rows = _load(name)
    needed = {d for row in rows for d in _docs(row)}
    paths = {d: _locate(d) for d in needed}
    missing = sorted(d for d, p in paths.items() if p is None)
    if missing:
        if SHARED_DOCS.is_dir():
            pytest.fail(f"documents not found: {missing}")
        pytest.skip(f"{SHARED_DOCS} is absent")
    texts = {d: fold(_doc_text(p)) for d, p in paths.items()}
    problems = []
    for row in rows:
        folded = [texts[d] for d in _docs(row)]
        for group in row["expect"]:
            found = [s for s in group if any(fold(s) in t for t in folded)]
            if not found:
                problems.append(f"{row['id']}: no string of {group} occurs")
            for s in group:
                if s not in found and not _is_alternative(s):
                    problems.append(f"{row['id']}: {s!r} is neither in the document "
                                    "nor an English/digit form")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("folder", [HOLDOUT_DOCS, HOLDOUT2_DOCS, HOLDOUT3_DOCS, HOLDOUT4_DOCS,
                                    HOLDOUT5_DOCS, HOLDOUT6_DOCS, HOLDOUT7_DOCS,
                                    HOLDOUT8_DOCS, HOLDOUT9_DOCS, HOLDOUT10_DOCS])
def test_holdout_documents_are_listed_with_sources(folder):
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for path in folder.iterdir():
        if path.name != "README.md":
            assert path.name in readme
