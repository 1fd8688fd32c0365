"""Recognise the heading lines of Chinese official documents and Markdown.

Chinese policy text numbers its clauses in a fixed order (GB/T 9704): 第X章 > 第X节 > 第X条,
then 一、 > （一） > 1. > （1）. No splitter library knows these markers, so they are matched
here; everything else about splitting is left to langchain's splitter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUM = "一二三四五六七八九十百千零〇两"
# (pattern, level) in matching order; the pattern's end is where the heading text starts.
# Markdown levels are 1–6, so Markdown headings always enclose numbered clauses.
_PATTERNS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (re.compile(r"^(#{1,6})\s+"), None),
    (re.compile(rf"^第[{_NUM}\d]{{1,6}}章(?:[\s:：、]+|(?=\S)|$)"), 10),
    (re.compile(rf"^第[{_NUM}\d]{{1,6}}节(?:[\s:：、]+|(?=\S)|$)"), 11),
    # 第X条 needs a separator: "第三条规定的…" at a line start is a sentence, not a clause.
    (re.compile(rf"^第[{_NUM}\d]{{1,6}}条(?:[\s:：、]+|$)"), 12),
    (re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]\s*"), 13),
    (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*"), 14),
    # 1–2 digits then . ． or 、 and no digit after: "2025年", "3.5亿", "1.1" are not headings.
    (re.compile(r"^\d{1,2}(?:[.．](?!\d)|、)\s*"), 15),
    (re.compile(r"^[（(]\d{1,2}[）)]\s*"), 16),
)
_LABEL_END = re.compile(r"[。：:！？!?；;]")
_PROSE = re.compile(r"[，,。；;！？!?]")
LABEL_MAX = 24  # a label is a signpost in a locator, not the clause itself
HEADING_MAX = 40  # longer marker lines are clauses that start with a number
ARTICLE_LEVEL = 12  # 第X条: the unit statutes, regulations and notices are cited by
_SINGLE_HAN = re.compile(r"^[\u3400-\u9fff]$")


@dataclass(frozen=True)
class Heading:
    level: int
    label: str  # short form used in heading chains and locators
    has_body: bool  # the line carries clause text too ("（一）双新领航。以……")
    marker: str = field(default="", compare=False)  # the number alone: "第十二条", "（一）"

    @property
    def is_article(self) -> bool:
        return self.level == ARTICLE_LEVEL


def tidy_label(label: str) -> str:
    """One space between words, none inside a word spaced out for typesetting ("总　　则")."""
    out: list[str] = []
    run: list[str] = []  # consecutive one-character Han tokens: the letters of one word
    for token in [*label.split(), ""]:
        if _SINGLE_HAN.match(token):
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        if token:
            out.append(token)
    return " ".join(out)


def _marker(line: str) -> tuple[int, int, bool] | None:
    """(level, end of the marker, is a 第X条 clause) for a heading-shaped line."""
    for pattern, level in _PATTERNS:
        match = pattern.match(line)
        if match:
            found = len(match.group(1)) if level is None else level
            return found, match.end(), level == 12
    return None


def parse_heading(line: str) -> Heading | None:
    """The heading a (stripped) line starts with, or None for a body line."""
    found = _marker(line)
    if found is None:
        return None
    level, end, is_article = found
    rest = line[end:].strip()
    marker = line[:end].strip(" :：、") if level > 6 else ""
    if level <= 6:  # Markdown: the whole line is the heading
        label = tidy_label(rest.strip("# "))
        return Heading(level, label or line, False, label) if rest else None
    if is_article:  # cited by number alone; whatever follows the number is the article's text
        return Heading(level, marker, bool(rest), marker)
    stop = _LABEL_END.search(rest)
    if (stop and rest[stop.end() :].strip()) or len(rest) > HEADING_MAX or _PROSE.search(rest):
        # A clause that starts with its number: label it, keep the whole line as body.
        label = line[:end] + rest[: stop.start()] if stop else line
        return Heading(level, label.strip()[:LABEL_MAX].rstrip(" ，,、；;"), True, marker)
    return Heading(level, tidy_label(line.rstrip(":：").strip()), False, marker)
