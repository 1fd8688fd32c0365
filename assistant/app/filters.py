"""The filter bar shared by the chat and the retrieval test: type, list, city, zone, university.

Choices for city, zone and university come from the knowledge base's entity index (gazetteer plus
the values found in the indexed catalogs), so they match what retrieval filters on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import gradio as gr

from assistant.app.texts import ANY, CATALOG_KINDS, DOC_TYPES

FILTER_KEYS = ("doc_type", "catalog_kind", "city", "zone", "university")
ENTITY_FILTERS = (("city", "城市 City"), ("zone", "高新区 Zone"), ("university", "高校 University"))


def entity_choices(names: Sequence[str], any_label: str = "不限 Any") -> list[tuple[str, str]]:
    """Dropdown choices: "any" first, then the names in a stable order."""
    return [(any_label, ANY), *((n, n) for n in sorted(set(names)))]


def filters_dict(values: Sequence[str | None]) -> dict[str, str]:
    """{key: value} of the filters that are set; "any" dropdowns are left out, so a bar with
    nothing chosen asks exactly like the API and CLI do without filters."""
    pairs = zip(FILTER_KEYS, values, strict=True)
    return {key: value for key, value in pairs if value and value != ANY}


def known_names(assistant, kind: str) -> list[str]:
    """Zones, universities or cities the knowledge base knows (empty if it cannot be read)."""
    try:
        return assistant.kb.entity_index().names(kind)
    except Exception:  # an empty or half-built index must not stop the page from rendering
        return []


@dataclass
class FilterBar:
    """The dropdowns, in FILTER_KEYS order."""

    dropdowns: list[gr.Dropdown]

    @property
    def components(self) -> list[gr.Dropdown]:
        return self.dropdowns

    def updates(self, filters: dict[str, str]) -> list[dict]:
        """gr.update() per dropdown setting it to the given filters (others back to any)."""
        return [gr.update(value=filters.get(key, ANY)) for key in FILTER_KEYS]


def build_filter_bar(assistant, prefix: str) -> FilterBar:
    """Render the dropdowns in one row; call inside a Blocks context.

    `prefix` keeps element ids unique when a page has two bars (chat and retrieval test).
    """
    with gr.Row(elem_id=f"{prefix}-filters", elem_classes=["filters"], equal_height=True):
        doc_type = gr.Dropdown(DOC_TYPES, value=ANY, label="文档类型 Document type",
                               elem_id=f"{prefix}-doc_type", min_width=140)
        kind = gr.Dropdown(CATALOG_KINDS, value=ANY, label="清单 Catalog kind",
                           elem_id=f"{prefix}-catalog_kind", min_width=140)
        entity_dropdowns = [
            gr.Dropdown(entity_choices(known_names(assistant, key)), value=ANY, label=label,
                        filterable=True, elem_id=f"{prefix}-{key}", min_width=140)
            for key, label in ENTITY_FILTERS
        ]
    return FilterBar([doc_type, kind, *entity_dropdowns])
