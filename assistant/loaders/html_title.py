"""The title of a web page or of an HTML fragment saved from one.

Pages with a <title> get trafilatura's reading of it (it strips the site name). Fragments cut
from a government site have none: their title is the leading centred or bold block, which the
site often splits over several <p> elements ("国务院关于同意乌鲁木齐、昌吉、石河子" +
"高新技术产业开发区建设" + …), so consecutive blocks of the same emphasis are joined. The
document number and date lines below the title (centred too, but not bold) end the block.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "center", "td", "th"})
_HEADINGS = ("h1", "h2", "h3")
_BOLD_TAGS = frozenset({"b", "strong", "h1", "h2", "h3"})
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
_CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
# 发文字号 (GB/T 9704) and dates: they sit under the title and are not part of it.
_NOT_TITLE = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号|^\d{4}\s*年\s*\d{1,2}\s*月")
SEARCH_BLOCKS = 5  # the title is among the first text blocks, or it is not a title block
TITLE_MAX = 80


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _join(parts: list[str]) -> str:
    """Lines of one title: a space only between two Latin words."""
    out = ""
    for part in parts:
        spaced = out[-1:].isascii() and out[-1:].isalnum() and part[:1].isascii()
        out += f" {part}" if spaced and part[:1].isalnum() else part
    return out


def _leaf_blocks(tree: HtmlElement) -> list[HtmlElement]:
    return [
        e for e in tree.iter()
        if e.tag in _BLOCKS and not any(c.tag in _BLOCKS for c in e) and _text(e)
    ]


def _is_bold(element: HtmlElement) -> bool:
    if element.tag in _BOLD_TAGS or _BOLD_STYLE.search(element.get("style", "")):
        return True
    bold = "".join(
        _text(e) for e in element.iterdescendants()
        if e.tag in _BOLD_TAGS or _BOLD_STYLE.search(e.get("style", ""))
    )
    return bool(bold) and len(bold) >= len(_text(element))


def _is_centred(element: HtmlElement) -> bool:
    for e in (element, *element.iterancestors()):
        if e.tag == "center" or e.get("align", "").lower() == "center":
            return True
        if _CENTRED_STYLE.search(e.get("style", "")):
            return True
        if e.tag in ("td", "table", "body"):
            return False
    return False


def _emphasis(element: HtmlElement) -> tuple[bool, bool]:
    return _is_centred(element), _is_bold(element)


def leading_title(tree: HtmlElement) -> str:
    """The leading centred / bold block, joined across the elements it is split over."""
    blocks = _leaf_blocks(tree)[:SEARCH_BLOCKS + 4]
    kinds = [_emphasis(b) for b in blocks]
    start = next((i for i, k in enumerate(kinds[:SEARCH_BLOCKS]) if any(k)), None)
    if start is None:
        return ""
    parts: list[str] = []
    for block, kind in zip(blocks[start:], kinds[start:], strict=True):
        text = _text(block)
        if kind != kinds[start] or _NOT_TITLE.search(text):
            break
        if len(_join([*parts, text])) > TITLE_MAX:
            break
        parts.append(text)
    return _join(parts)


def first_heading(tree: HtmlElement) -> str:
    for element in tree.iter(*_HEADINGS):
        text = " ".join(element.text_content().split())
        if text:
            return text
    return ""


def has_title_element(tree: HtmlElement) -> bool:
    return any(_text(e) for e in tree.iter("title")) or bool(
        tree.xpath('//meta[@property="og:title"][@content!=""]')
    )
