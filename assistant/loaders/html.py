"""Web pages: the article only (trafilatura drops menus, footers, link lists), title and date."""

from __future__ import annotations

import re
from pathlib import Path

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from assistant.config import Settings
from assistant.documents import Scalar, SourceDoc
from assistant.errors import LoadError
from assistant.loaders.meta import first_line, infer_doc_type, pick_title, prose_text
from assistant.text.webclean import clean_web_text

SUFFIXES = frozenset({".html", ".htm"})
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _link_texts(tree: HtmlElement) -> set[str]:
    return {" ".join(a.text_content().split()) for a in tree.iter("a")}


def _only_links(text: str, links: set[str]) -> bool:
    """trafilatura's fallback returns a menu's link texts when a page has no article."""
    lines = [" ".join(line.lstrip("-*# ").split()) for line in text.splitlines()]
    return all(line in links for line in lines if line)


def _extract(tree: HtmlElement) -> trafilatura.settings.Document | None:
    # Formatting on: section headings come out as Markdown lines the splitter can follow.
    return trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        include_images=False,
    )


def load(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """One SourceDoc with the main text; LoadError when the page has none (a menu, a redirect)."""
    tree = load_html(path.read_bytes())
    if tree is None:
        raise LoadError("no main text found in HTML")
    links = _link_texts(tree)
    document = _extract(tree)
    body = document.text if document is not None else ""
    if _only_links(body, links):
        body = ""
    # trafilatura sometimes keeps a short "相关新闻" list or share line that sits inside the
    # article container; the text rules catch those.
    text = prose_text(_BOLD.sub(r"\1", clean_web_text(body or "")))
    if not text:
        raise LoadError("no main text found in HTML")
    meta: dict[str, Scalar] = {}
    if document is not None and document.date:
        meta["date"] = str(document.date)
    if document is not None and document.url:
        meta["url"] = str(document.url)
    title = pick_title(document.title if document else None, first_line(text), path.stem)
    return [
        SourceDoc(
            source=source,
            text=text,
            title=title,
            doc_type=infer_doc_type(path, source),
            metadata=meta,
        )
    ]
