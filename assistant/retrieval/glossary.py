"""English → Chinese domain glossary, so an English question can find Chinese source text.

The sources are Chinese; BM25 over jieba tokens cannot match "energy storage" to 储能. Adding the
glossary's Chinese terms to an English query closes that gap without a translation model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.phrasing import words
from assistant.text.normalize import fold

GLOSSARY_PATH = Path(__file__).resolve().parent.parent / "data" / "glossary_en_zh.tsv"

# Latin words; "r&d" and "university's" stay one token. Hyphens and spaces both split, so
# "high-tech" and "high tech" are the same two tokens.
_TOKEN = re.compile(r"[a-z0-9]+(?:[&'’][a-z0-9]+)*")


def tokenize(text: str) -> list[str]:
    """Lower-cased Latin tokens of `text` (CJK and punctuation dropped)."""
    return _TOKEN.findall(fold(text))


def word_forms(token: str) -> set[str]:
    """Base forms a question token may stand for: batteries → battery, pairing → pair, ….

    Hand-written rather than a stemmer library: the glossary lists base forms, and these few
    suffix rules cover English plurals and verb forms well enough; wrong guesses are harmless
    because a form only counts when the glossary lists it.
    """
    forms = {token}
    if token.endswith(("'s", "’s")):
        token = token[:-2]
        forms.add(token)
    if base := _irregular().get(token):
        forms.add(base)
    if len(token) <= 3:
        return forms
    if token.endswith("ies") or token.endswith("ied"):
        forms.add(token[:-3] + "y")
    if token.endswith("es"):
        forms.add(token[:-2])
    if token.endswith("s") and not token.endswith("ss"):
        forms.add(token[:-1])
    for suffix in ("ing", "ed"):
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            stem = token[: -len(suffix)]
            forms.update({stem, stem + "e"})
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # planning -> plan, shipped -> ship
    return forms


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    """Irregular verb forms → base form (assistant/data/words.toml, irregular_forms)."""
    return dict(pair.split(":", 1) for pair in words("irregular_forms"))


@dataclass(frozen=True)
class _Entry:
    tokens: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass
class Glossary:
    """Phrases indexed by their first token; longest phrase wins at each position."""

    by_first: dict[str, list[_Entry]] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Glossary:
        merged: dict[tuple[str, ...], list[str]] = {}
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#") or "\t" not in line:
                continue
            english, chinese = line.split("\t", 1)
            tokens = tuple(tokenize(english))
            terms = [t.strip() for t in chinese.split("|") if t.strip()]
            if tokens and terms:
                bucket = merged.setdefault(tokens, [])
                bucket.extend(t for t in terms if t not in bucket)
        glossary = cls()
        for tokens, terms in merged.items():
            glossary.by_first.setdefault(tokens[0], []).append(_Entry(tokens, tuple(terms)))
        for entries in glossary.by_first.values():
            entries.sort(key=lambda e: len(e.tokens), reverse=True)
        return glossary

    def __len__(self) -> int:
        return sum(len(entries) for entries in self.by_first.values())

    def chinese_terms(self) -> set[str]:
        """Every Chinese term the glossary knows: a small domain vocabulary for topic words."""
        return {t for entries in self.by_first.values() for e in entries for t in e.terms}

    def expand(self, text: str) -> list[str]:
        """Chinese terms for the English words and phrases in `text`, in order, without repeats."""
        found: list[str] = []
        for _phrase, terms in self.expand_groups(text):
            found.extend(t for t in terms if t not in found)
        return found

    def expand_groups(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(English phrase, its Chinese terms) for each phrase found, in question order.

        One group per concept, so a check of "is this concept covered" accepts any of its terms.
        """
        tokens = tokenize(text)
        forms = [word_forms(t) for t in tokens]
        groups: list[tuple[str, tuple[str, ...]]] = []
        i = 0
        while i < len(tokens):
            entry = self._match_at(tokens, forms, i)
            if entry is None or _used_as_verb(tokens, i, entry):
                i += 1
                continue
            groups.append((" ".join(tokens[i : i + len(entry.tokens)]), entry.terms))
            i += len(entry.tokens)
            if len(entry.tokens) > 1 and tokens[i : i + 1] and (
                    tokens[i] in words("english_generic_heads")):
                i += 1  # "… innovation center model": the kind of thing the term names
        return groups

    def _match_at(self, tokens: list[str], forms: list[set[str]], i: int) -> _Entry | None:
        """Longest entry starting at token i; among equally long ones the exact spelling wins."""
        best: tuple[int, int, _Entry] | None = None
        for first in forms[i]:
            for entry in self.by_first.get(first, ()):
                n = len(entry.tokens)
                if best is not None and n < best[0]:
                    break
                if i + n > len(tokens):
                    continue
                if all(entry.tokens[j] in forms[i + j] for j in range(n)):
                    exact = sum(entry.tokens[j] == tokens[i + j] for j in range(n))
                    if best is None or (n, exact) > best[:2]:
                        best = (n, exact, entry)
        return best[2] if best else None


def _used_as_verb(tokens: list[str], i: int, entry: _Entry) -> bool:
    """Whether a word the glossary knows in one use stands here in the other: "what do they
    need" asks, it names no demand (a noun-only word after a pronoun or an auxiliary, or before
    "to"); "their own rules" says whose, not who owns (a verb-only word after a possessive);
    assistant/data/words.toml."""
    if len(entry.tokens) != 1:
        return False
    before = tokens[i - 1] if i > 0 else ""
    if tokens[i] in words("english_verb_only"):
        return before in words("english_possessives")
    if tokens[i] not in words("english_noun_only"):
        return False
    return before in words("english_verb_openers") or tokens[i + 1 : i + 2] == ["to"]


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_PATH) -> Glossary:
    """Read the TSV once per path; the glossary is immutable after loading."""
    return Glossary.from_lines(Path(path).read_text(encoding="utf-8").splitlines())


def expand_english(text: str) -> list[str]:
    """Chinese glossary terms for the English words/phrases in `text` (longest match first)."""
    return load_glossary().expand(text)


def expand_english_groups(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Per English phrase in `text`, the Chinese terms that render it."""
    return load_glossary().expand_groups(text)
