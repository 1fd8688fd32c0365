"""What a question's wording says about catalog rows: the kinds it names, whether it counts,
lists or groups, and whether it is something else (a policy target, a follow-up).

The patterns themselves are data (`assistant/data/patterns.toml`, section `catalog`).
"""

from __future__ import annotations

import re

from assistant.phrasing import pattern, table, words

KINDS = ("equipment", "platform", "achievement", "demand", "team", "pairing")
# Kinds of rows a university offers an enterprise: what matching ranks and who-can-help lists.
SUPPLY_KINDS = ("achievement", "equipment", "platform")
KIND_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, pattern(f"catalog.kind_{kind}")) for kind in KINDS)
COUNT = pattern("catalog.count")
LIST = pattern("catalog.list")
NOT_CATALOG = pattern("catalog.not_catalog")
PRONOUN = pattern("catalog.pronoun")
PAIRING_CUE = pattern("pairing.cue")
FORM_WORDS = words("catalog_form_words")

_GROUP_WORDS: dict[str, str] = table("patterns.toml", "catalog.group_words")
GROUP_BY: list[tuple[str, re.Pattern[str]]] = [(role, re.compile(
    rf"(?:按|按照|分)(?:{w})|各(?:个|所)?(?:{w})|每(?:个|所|一)(?:{w})|"
    rf"\b(?:by|per|each|every) (?:{w})\b", re.I)) for role, w in _GROUP_WORDS.items()]

# A sentence reports a figure about a kind: the kind's words and a number with its unit.
KIND_FIGURES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    kind: (pattern(f"catalog.figure_words.{kind}"), pattern(f"catalog.figure_units.{kind}"))
    for kind in table("patterns.toml", "catalog.figure_words")
}


def kinds_named(question: str) -> list[str]:
    """Kinds of catalog rows the question names, in KINDS order."""
    return [kind for kind, cue in KIND_CUES if cue.search(question)]


def group_named(question: str) -> str:
    """The role the question groups by ("按城市统计" → city), or ""."""
    return next((role for role, cue in GROUP_BY if cue.search(question)), "")


def several_questions(question: str) -> bool:
    """Two question marks, or count cues in two clauses ("多少个高新区、多少所高校")."""
    if question.count("?") + question.count("？") > 1:
        return True
    clauses = re.split(r"[，,、；;？?。]", question)
    return sum(1 for clause in clauses if COUNT.search(clause)) > 1
