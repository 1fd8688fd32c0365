"""Web pages and HTML fragments: the article text, its data tables as rows, title and date.

trafilatura finds the article (menus, footers, link lists dropped). Before it runs, layout
tables are dissolved and data tables lifted out (html_tables.py), so the article is not
rendered as one big "| … |" cell and every data row keeps its header; the title comes from
html_title.py when the page has no <title>.
"""

from __future__ import annotations

import re
from pathlib import Path

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import decode_file, load_html

from assistant.config import Settings
from assistant.documents import DocType, Scalar, SourceDoc
from assistant.errors import LoadError
from assistant.loaders.doc_tables import TablePlace, caption_of, table_records
from assistant.loaders.html_tables import FoundTable, dissolve_layout_tables, lift_data_tables
from assistant.loaders.html_title import first_heading, has_title_element, leading_title
from assistant.loaders.meta import first_line, infer_doc_type, pick_title, prose_text
from assistant.text.outline import chain_after
from assistant.text.webclean import clean_web_text

SUFFIXES = frozenset({".html", ".htm"})
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# libxml2 silently drops a text node over 10 MB (a page of one 10 MB line was indexed as
# nothing); runs of text this long are broken with <br> at sentence ends before parsing.
LONG_RUN = 100_000
_LONG_RUN = re.compile(rf"(?:(?<=>)|^)[^<]{{{LONG_RUN},}}")
_SENTENCE_END = re.compile(r"(?<=[。！？.!?\n])")
PIECE = 5_000


def _link_texts(tree: HtmlElement) -> set[str]:
    return {" ".join(a.text_content().split()) for a in tree.iter("a")}


def _only_links(text: str, links: set[str]) -> bool:
    """trafilatura's fallback returns a menu's link texts when a page has no article."""
    lines = [" ".join(line.lstrip("-*# ").split()) for line in text.splitlines()]
    return all(line in links for line in lines if line)


def _break_run(match: re.Match[str]) -> str:
    """A long text run in pieces of at most PIECE characters, cut at sentence ends if any."""
    run, pieces, start = match.group(0), [], 0
    while start < len(run):
        end = min(start + PIECE, len(run))
        if end < len(run):
            window = run[start:end]
            cut = max((m.start() for m in _SENTENCE_END.finditer(window)), default=0)
            end = start + cut if cut > PIECE // 2 else end
        pieces.append(run[start:end])
        start = end
    return "<br>".join(pieces)


def _parse(data: bytes) -> HtmlElement | None:
    if re.search(rb"[^<]{%d}" % LONG_RUN, data):
        return load_html(_LONG_RUN.sub(_break_run, decode_file(data)))
    return load_html(data)


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


def _title(tree: HtmlElement, document: object, text: str, path: Path) -> str:
    """<title> (as trafilatura reads it), else the leading centred / bold block, else the
    first heading, else the first line."""
    named = getattr(document, "title", None) if has_title_element(tree) else None
    return pick_title(named, leading_title(tree), first_heading(tree), first_line(text), path.stem)


def _title_on_one_line(text: str, title: str) -> str:
    """The title's pieces at the top of the text (one per <p> on the page) as one line."""
    lines = text.split("\n")
    joined, end = "", 0
    for i, line in enumerate(lines[:8]):
        if line.strip():
            joined += line.strip()
        if "".join(joined.split()) == "".join(title.split()):
            end = i + 1
            break
    return "\n".join([title, *lines[end:]]) if end > 1 else text


def _records(
    found: list[FoundTable], source: str, title: str, doc_type: DocType
) -> list[SourceDoc]:
    """Rows of the data tables, each table placed under the section and caption above it."""
    docs: list[SourceDoc] = []
    for number, item in enumerate(found, start=1):
        chain = chain_after(item.lines_above)
        above = item.lines_above[-1] if item.lines_above else ""
        caption = item.caption or caption_of(above)
        caption = "" if chain[-1:] == (caption,) else caption
        place = TablePlace(source, title, doc_type, chain, caption, number)
        docs.extend(table_records(item.table, place))
    return docs


def _metadata(document: object) -> dict[str, Scalar]:
    meta: dict[str, Scalar] = {}
    if document is not None and document.date:
        meta["date"] = str(document.date)
    if document is not None and document.url:
        meta["url"] = str(document.url)
    return meta


def load(path: Path, source: str, settings: Settings) -> list[SourceDoc]:
    """The main text as one SourceDoc, then one record per data-table row; LoadError when the
    page has neither (a menu, a redirect)."""
    tree = _parse(path.read_bytes())
    if tree is None:
        raise LoadError("no main text found in HTML")
    dissolve_layout_tables(tree)
    found = lift_data_tables(tree, settings)
    links = _link_texts(tree)
    title_tree = tree.__copy__()  # trafilatura prunes the tree it is given
    document = _extract(tree)
    body = document.text if document is not None else ""
    if _only_links(body, links):
        body = ""
    # trafilatura sometimes keeps a short "相关新闻" list or share line that sits inside the
    # article container; the text rules catch those.
    text = prose_text(_BOLD.sub(r"\1", clean_web_text(body or "")))
    title = _title(title_tree, document, text, path)
    text = _title_on_one_line(text, title)
    doc_type = infer_doc_type(path, source)
    docs = [
        SourceDoc(source, text, title, doc_type, metadata=_metadata(document))
    ] if text else []
    docs.extend(_records(found, source, title, doc_type))
    if not docs:
        raise LoadError("no main text found in HTML")
    return docs
