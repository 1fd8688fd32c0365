"""Refusals never depend on the corpus saying what it lacks.

The shipped digests carry honest notes ("……本语料没有收录", "原文未能获取"). Real documents never
do, so no refusal on the shared eval set may depend on them: with every such sentence removed
(the Markdown files edited, the PDF and DOCX rebuilt from their edited sources), each question
is refused or answered exactly as with them.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from assistant.evaluation import default_questions_path, run_eval
from assistant.service import Assistant
from assistant.text.sentences import sentences

ROOT = Path(__file__).resolve().parents[2]
# How the digests state what they lack; matched here only, to take those sentences out.
NOTE = re.compile(r"本语料|本摘要|所见材料|所见摘录|所见页面|未能获取|未能读取|未收录|没有收录|"
                  r"未公开|无法确认|无法回答|没有任何条文|尚未公布|不详|"
                  r"not (?:included|recorded|public)")


BRACKETED_NOTE = re.compile(r"[（(][^（）()]*(?:" + NOTE.pattern + r")[^（）()]*[)）]")


HEADING = re.compile(r"^(#{1,6})\s|^[一二三四五六七八九十]{1,3}、")


def _strip_notes(text: str) -> str:
    """Sections about what is missing go whole, notes in brackets next (the sentence around them
    states a fact), then sentences."""
    lines = []
    for line in BRACKETED_NOTE.sub("", _without_note_sections(text)).splitlines():
        kept = "".join(s for s in sentences(line) if not NOTE.search(s))
        if kept.strip() or not line.strip():
            lines.append(kept if line.strip() else line)
    return "\n".join(lines) + "\n"


def _without_note_sections(text: str) -> str:
    """Drop a section whose heading says it lists what is not included, up to the next heading
    of its level or above."""
    kept: list[str] = []
    skipping: int | None = None
    for line in text.splitlines():
        heading = HEADING.match(line)
        level = len(heading.group(1)) if heading and heading.group(1) else 7
        if heading and skipping is not None and level <= skipping:
            skipping = None
        if heading and NOTE.search(line):
            skipping = level
        if skipping is None:
            kept.append(line)
    return "\n".join(kept)


def _without_notes(tmp: Path) -> Path:
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    src = tmp / "corpus_src"
    shutil.copytree(ROOT / "scripts" / "corpus_src", src)
    for path in [*corpus.rglob("*.md"), *src.rglob("*.md")]:
        path.write_text(_strip_notes(path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_corpus_docs  # the script that builds the shipped PDF and DOCX
    finally:
        sys.path.pop(0)
    build_corpus_docs.build(src, corpus)
    return corpus


def _refusals(corpus: Path, data: Path, questions: Path) -> dict[str, bool]:
    bot = Assistant(data, "notes")
    bot.ingest([corpus])
    return {r.id: r.answer.refused for r in run_eval(bot, questions).results}


def test_no_refusal_depends_on_notes_of_what_the_corpus_lacks(tmp_path):
    try:
        questions = default_questions_path()
    except FileNotFoundError:
        pytest.skip("the shared eval set is not beside this checkout")
    stripped = _without_notes(tmp_path)
    assert not any(NOTE.search(p.read_text(encoding="utf-8")) for p in stripped.rglob("*.md")
                   if p.name != "README.md")
    with_notes = _refusals(ROOT / "corpus", tmp_path / "a", questions)
    without = _refusals(stripped, tmp_path / "b", questions)
    changed = {q: (with_notes[q], without[q]) for q in with_notes if with_notes[q] != without[q]}
    assert changed == {}
