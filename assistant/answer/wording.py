"""The connective text of extractive answers, in the question's language.

Quotes stay in the sources' Chinese; labels and framing follow the user (English questions get
English framing, Chinese questions Chinese). The strings themselves are data
(`assistant/data/messages.toml`); this class adds the few that are assembled from a chunk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from assistant.documents import Chunk
from assistant.phrasing import message, messages

ROW_FIELDS = ("name", "university", "enterprise", "org", "team", "person", "field", "zone",
              "status", "evidence")


@dataclass(frozen=True)
class Wording:
    lang: str

    def _text(self, name: str) -> str:
        return message(f"answer.{name}", self.lang)

    intro = property(lambda self: self._text("intro"))
    rows_intro = property(lambda self: self._text("rows_intro"))
    not_covered = property(lambda self: self._text("not_covered"))
    closest = property(lambda self: self._text("closest"))
    material_says = property(lambda self: self._text("material_says"))
    sample_note = property(lambda self: self._text("sample_note"))
    sample_badge = property(lambda self: self._text("sample_badge"))

    @property
    def labels(self) -> dict[str, str]:
        return messages("answer.row_labels", self.lang)

    def source_line(self, chunk: Chunk) -> str:
        where = chunk.locator if chunk.locator and chunk.locator != "全文" else ""
        if self.lang == "en":
            place = f", {where}" if where else ""
            return f"《{chunk.title}》{place}: "
        place = f"（{where}）" if where else ""
        return f"《{chunk.title}》{place}："

    def row_line(self, chunk: Chunk) -> str:
        """A catalog row as "label: value; …" using the roles the loader mapped."""
        meta = chunk.metadata
        labels = self.labels
        parts = [f"{labels[role]}{meta[role]}" for role in ROW_FIELDS if meta.get(role)]
        if not parts:  # unknown schema: fall back to the row's own rendering
            columns = json.loads(meta["columns"]) if meta.get("columns") else {}
            parts = [f"{k}：{v}" for k, v in list(columns.items())[:6]] or [chunk.text]
        sep = "; " if self.lang == "en" else "；"
        badge = f" {self.sample_badge}" if meta.get("sample") else ""
        return sep.join(parts) + badge

    def summary_intro(self, title: str) -> str:
        return message("answer.summary_intro", self.lang, title=title)


@cache
def wording_for(language: str) -> Wording:
    return Wording("en" if language == "en" else "zh")
