"""What a new visitor sees: the bilingual intro, persona presets and example questions.

A persona sets the example questions and the default filters for that kind of user; clicking an
example asks it straight away.
"""

from __future__ import annotations

import gradio as gr

from assistant.app.filters import FilterBar
from assistant.app.texts import EMPTY_KB, INTRO, PERSONAS, persona


def intro(chunk_count: int) -> None:
    gr.Markdown(INTRO, elem_id="intro")
    if chunk_count == 0:
        gr.Markdown(EMPTY_KB, elem_id="empty-kb")


def example_samples(label: str) -> list[list[str]]:
    return [[q] for q in persona(label).examples]


class PersonaPicker:
    """The persona radio and the example list it controls."""

    def build_radio(self) -> None:
        self.radio = gr.Radio([p.label for p in PERSONAS], value=PERSONAS[0].label,
                              label="我是 I am", elem_id="persona")

    def build_examples(self, box: gr.Textbox) -> None:
        self.examples = gr.Dataset(components=[box], samples=example_samples(PERSONAS[0].label),
                                   type="index", label="示例问题 Example questions",
                                   elem_id="examples", samples_per_page=8, layout="table")

    def wire(self, filters: FilterBar, box: gr.Textbox, ask) -> None:
        """Persona → examples and filters; example click → fill the box, then `ask` it."""
        self.radio.change(self.choose, [self.radio], [self.examples, *filters.components],
                          api_visibility="private")
        self._filters = filters
        picked = self.examples.click(self.pick, [self.examples, self.radio], [box],
                                     api_visibility="private")
        ask(picked)

    def choose(self, label: str) -> list:
        chosen = persona(label)
        return [gr.Dataset(samples=example_samples(label)), *self._filters.updates(chosen.filters)]

    @staticmethod
    def pick(index: int | None, label: str) -> str:
        examples = persona(label).examples
        return examples[index] if index is not None and 0 <= index < len(examples) else ""
