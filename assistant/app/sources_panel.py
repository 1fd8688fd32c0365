"""The sources panel beside the chat, and the [n] markers of an answer turned into links.

Pure functions from citations to HTML: everything from the documents is escaped here, so the
panel can be rendered with gr.HTML without trusting the corpus.
"""

from __future__ import annotations

import html
import re

from assistant.app.highlight import highlight
from assistant.app.texts import SOURCES_PLACEHOLDER, panel_words
from assistant.documents import Citation

_MARKER = re.compile(r"\[(\d{1,3})\]")


def _tooltip(cite: Citation) -> str:
    return " · ".join(p for p in (cite.title, cite.locator) if p)


def link_markers(text: str, citations: list[Citation], urls: dict[int, str]) -> str:
    """Answer text with each [n] of a known citation made a link to its file (or panel entry).

    The link opens the cited file at the cited page in a new tab; when the file cannot be
    served (moved, deleted) it jumps to the entry in the sources panel instead.
    """
    by_n = {c.n: c for c in citations}

    def link(found: re.Match[str]) -> str:
        n = int(found.group(1))
        cite = by_n.get(n)
        if cite is None:
            return found.group(0)
        title = html.escape(_tooltip(cite), quote=True)
        url = urls.get(n)
        if url is None:
            return f'<a class="cite" href="#source-{n}" title="{title}">[{n}]</a>'
        href = html.escape(url, quote=True)
        return (f'<a class="cite" href="{href}" target="_blank" rel="noopener" title="{title}">'
                f"[{n}]</a>")

    return _MARKER.sub(link, text)


def source_card(cite: Citation, url: str | None, terms: list[str], lang: str) -> str:
    """One citation: number, title, sample badge, locator and file, highlighted snippet, link."""
    words = panel_words(lang)
    badge = f'<span class="badge-sample">{words["sample"]}</span>' if cite.sample else ""
    where = " · ".join(html.escape(p) for p in (cite.locator, cite.source) if p)
    opener = ""
    if url is not None:
        href = html.escape(url, quote=True)
        opener = (f'<a class="source-open" href="{href}" target="_blank" rel="noopener">'
                  f'{words["open"]} ↗</a>')
    return (
        f'<div class="source-card" id="source-{cite.n}" data-n="{cite.n}">'
        f'<div class="source-head"><span class="source-n">[{cite.n}]</span> '
        f'<span class="source-title">{html.escape(cite.title)}</span>{badge}</div>'
        f'<div class="source-where">{where}</div>'
        f'<div class="source-snippet">{highlight(cite.snippet, terms)}</div>'
        f"{opener}</div>"
    )


def render_sources(
    citations: list[Citation], urls: dict[int, str], terms: list[str], lang: str
) -> str:
    """The whole panel for one answer, citations in [n] order."""
    words = panel_words(lang)
    if not citations:
        return (f'<div class="sources"><div class="sources-empty sources-none">{words["none"]}'
                "</div></div>")
    cards = "".join(
        source_card(c, urls.get(c.n), terms, lang) for c in sorted(citations, key=lambda c: c.n)
    )
    return f'<div class="sources"><h3 class="sources-title">{words["sources"]}</h3>{cards}</div>'


def empty_panel() -> str:
    return f'<div class="sources">{SOURCES_PLACEHOLDER}</div>'


def pending_panel() -> str:
    """Shown while an answer is on its way, so old sources never sit beside a new answer."""
    return '<div class="sources"><div class="sources-empty sources-pending">…</div></div>'
