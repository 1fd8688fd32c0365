"""Prompt templates from prompts/ and the numbered, fenced evidence block they quote.

The evidence is the one part of a prompt that strangers wrote (the indexed documents), so it is
fenced as data: each passage sits between a `<<<passage n` line and a `>>>` line, and anything in
a passage that looks like a fence is neutralised so a document cannot close its own fence and
speak as the instructions.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate

from assistant.documents import Chunk
from assistant.errors import AssistantError
from assistant.retrieval.types import ScoredChunk

PASSAGE_OPEN = "<<<passage"
PASSAGE_CLOSE = ">>>"
# Two or more angle brackets in a row (ASCII, full-width, small and guillemet forms) could
# imitate a fence; Chinese title marks 《》 are left alone, they are everywhere in policy text.
_FENCE_LOOKALIKE = re.compile(r"[<>＜＞﹤﹥‹›«»]{2,}")
# A "[3]" inside a source would read as a citation marker if the model copied it.
_MARKER_LOOKALIKE = re.compile(r"\[(\d{1,3})\]")
_SECTION = re.compile(r"^# (system|user|retry)[ \t]*$", re.MULTILINE)
PLACEHOLDERS = frozenset({"question", "evidence", "history", "terms"})

MAX_PASSAGES = 6
PASSAGE_CHARS = 700  # one passage in the prompt; chunks are at most ~720 characters
EVIDENCE_CHARS = 3000  # all passages: keeps a 4096-token local model within its context


def prompts_dir() -> Path:
    """ASSISTANT_PROMPTS_DIR, else the repository's prompts/ beside the package."""
    configured = os.environ.get("ASSISTANT_PROMPTS_DIR", "").strip()
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "prompts"


@dataclass(frozen=True)
class Passage:
    """One numbered piece of evidence: `n` is the marker the model cites it by."""

    n: int
    chunk: Chunk
    text: str  # what the prompt quotes (possibly shortened)


@dataclass(frozen=True)
class PromptTemplate:
    """A prompt file: a system part, a user part and an optional stricter retry instruction."""

    name: str
    system: str
    user: str
    retry: str = ""

    def messages(self, strict: bool = False, **values: str) -> list[BaseMessage]:
        """Fill the placeholders in one pass, so text inside the values is never re-parsed;
        placeholders not given are left empty."""
        values = dict.fromkeys(PLACEHOLDERS, "") | values
        system = f"{self.system}\n\n{self.retry}" if strict and self.retry else self.system
        template = ChatPromptTemplate.from_messages([("system", system), ("human", self.user)])
        return template.format_messages(**values)


def load_prompt(name: str, directory: Path | None = None) -> PromptTemplate:
    """Read prompts/<name>.md; a missing file or an unknown placeholder is a setup error."""
    path = (directory or prompts_dir()) / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise AssistantError(f"prompt template {path} cannot be read ({err.strerror})") from err
    parts = _SECTION.split(raw)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if not sections.get("system") or not sections.get("user"):
        raise AssistantError(f"prompt template {path} needs '# system' and '# user' sections")
    template = PromptTemplate(name, sections["system"], sections["user"], sections.get("retry", ""))
    for text in (template.system, template.user, template.retry):
        unknown = set(ChatPromptTemplate.from_template(text).input_variables) - PLACEHOLDERS
        if unknown:
            raise AssistantError(f"prompt template {path} has unknown placeholders {unknown}")
    return template


def neutralise(text: str) -> str:
    """Defuse fence look-alikes and citation look-alikes in text quoted from documents."""
    text = _FENCE_LOOKALIKE.sub(" ", text)
    return _MARKER_LOOKALIKE.sub(r"［\1］", text)


def number_passages(hits: list[ScoredChunk], max_passages: int = MAX_PASSAGES,
                    budget: int = EVIDENCE_CHARS) -> list[Passage]:
    """The top distinct passages, numbered 1..n, within a total character budget."""
    passages: list[Passage] = []
    seen: set[str] = set()
    used = 0
    for hit in hits:
        if len(passages) == max_passages or (passages and used >= budget):
            break
        if hit.chunk.id in seen:
            continue
        seen.add(hit.chunk.id)
        text = _shorten(neutralise(hit.chunk.text), min(PASSAGE_CHARS, max(budget - used, 200)))
        passages.append(Passage(len(passages) + 1, hit.chunk, text))
        used += len(text)
    return passages


def _shorten(text: str, limit: int) -> str:
    """Cut at the last sentence end before the limit, so the model never sees half a clause."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(mark) for mark in "。！？；!?;\n")
    return (head[: end + 1] if end > limit // 2 else head) + "…"


def render_evidence(passages: list[Passage], sample_label: str = "sample data") -> str:
    """Each passage fenced on its own lines, with its title and place in the header."""
    blocks = []
    for p in passages:
        header = [f"{PASSAGE_OPEN} {p.n}", f"《{_one_line(p.chunk.title).strip('《》')}》"]
        if p.chunk.locator:
            header.append(_one_line(p.chunk.locator))
        if p.chunk.metadata.get("sample"):
            header.append(sample_label)
        blocks.append(f"{' | '.join(header)}\n{p.text}\n{PASSAGE_CLOSE}")
    return "\n\n".join(blocks)


def render_history(turns: object, none_label: str, limit: int = 4) -> str:
    """The last few turns as "role: text" lines; history is quoted, so it is neutralised too."""
    lines = []
    for turn in list(turns or [])[-limit:]:
        role, content = (turn.get("role", ""), turn.get("content", "")) if isinstance(
            turn, dict) else (getattr(turn, "role", ""), getattr(turn, "content", ""))
        if content:
            lines.append(f"{role or 'user'}: {_one_line(neutralise(str(content)))[:300]}")
    return "\n".join(lines) or none_label


def _one_line(text: str) -> str:
    return " ".join(neutralise(text).split())
