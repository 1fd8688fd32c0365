"""The place a citation names: "第三章 保障措施 > 第十二条（一）", "第7–8页 · 第十二条"."""

from __future__ import annotations

from assistant.text.headings import Heading


def _labels(path: tuple[Heading, ...]) -> list[str]:
    """Path labels with everything below an article folded into it by number: a statute item is
    cited as "第十二条（一）", never by the first words of the item."""
    out: list[str] = []
    in_article = False
    for heading in path:
        if in_article:
            out[-1] += heading.marker or heading.label
            continue
        out.append(heading.label)
        in_article = heading.is_article
    return out


def _pages(first: object, last: object) -> str:
    return f"第{first}页" if last in (None, first) else f"第{first}–{last}页"


def format_locator(path: tuple[Heading, ...], page: object = None, last_page: object = None) -> str:
    """Heading path joined with " > "; on a PDF the page(s) and the innermost clause only."""
    labels = _labels(path)
    if page is not None:
        pages = _pages(page, last_page)
        return f"{pages} · {labels[-1]}" if labels else pages
    return " > ".join(labels) if labels else "全文"
