"""The clause tree of a document: lines grouped under their heading path, then packed into units.

A unit is the text under one heading path ("第二章 > 第十二条 > （一）"). Small units are
tree-merged so a short list stays with its lead-in sentence; articles (第X条) are the exception
that holds in every case: a unit never spans two articles, because statutes are cited by article
and a chunk holding three of them makes every citation point at a chapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.text.headings import Heading, parse_heading


@dataclass
class Line:
    text: str
    doc: int  # index of the SourceDoc (the page) the line starts on
    end_doc: int = -1  # the page it ends on, when a PDF paragraph runs over a page break

    def __post_init__(self) -> None:
        if self.end_doc < 0:
            self.end_doc = self.doc


@dataclass
class Unit:
    """The text under one heading path: the path and its body lines."""

    path: tuple[Heading, ...]
    lines: list[Line] = field(default_factory=list)
    heading: Line | None = None  # a heading-only line, kept out of the body

    @property
    def chain(self) -> tuple[str, ...]:
        return tuple(h.label for h in self.path)

    def size(self) -> int:
        return sum(len(line.text) + 1 for line in self.lines)


def _article_end(path: tuple[Heading, ...]) -> int:
    """Length of the path up to and including its article (第X条); 0 when it has none."""
    for i, heading in enumerate(path):
        if heading.is_article:
            return i + 1
    return 0


def _headings(lines: list[Line]) -> list[Heading | None]:
    """Heading of each line. A heading-only line followed by a heading of the same or a higher
    rank (or by nothing) has neither body nor sub-headings: it is a short list item
    ("1、高校成果路演") and stays body text, so no text is ever lost from the chunks."""
    found = [parse_heading(line.text) if line.text else None for line in lines]
    kept = list(found)
    following: Heading | str = "end"  # the next non-blank line: its Heading, "body" or "end"
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].text:
            continue
        heading = found[i]
        if heading is not None and not heading.has_body:
            ends = following == "end"
            if ends or (isinstance(following, Heading) and following.level <= heading.level):
                kept[i] = None
        following = heading if heading is not None else "body"
    return kept


def _back_to_article(unit: Unit) -> tuple[Heading, ...] | None:
    """The article path when a body line follows an item of an article.

    In statutes an item （一）… is one paragraph; the paragraph after the list belongs to the
    article again (GB/T legal drafting: 条 > 款 > 项), not to its last item.
    """
    end = _article_end(unit.path)
    if end and len(unit.path) > end and unit.path[-1].has_body and unit.lines:
        return unit.path[:end]
    return None


def build_units(lines: list[Line]) -> list[Unit]:
    """Units in reading order; units without body text are dropped (their labels live on in
    the paths of the units below them)."""
    stack: list[Heading] = []
    units: list[Unit] = []
    for line, heading in zip(lines, _headings(lines), strict=True):
        if heading is None:
            if not units:
                units.append(Unit(()))
            article = _back_to_article(units[-1]) if line.text else None
            if article is not None:
                stack = list(article)
                units.append(Unit(article))
            units[-1].lines.append(line)
            continue
        if heading.level == 1 and not stack and not units and not heading.has_body:
            continue  # the document's title line: already the chunk title, not a section
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        unit = Unit(tuple(stack))
        if heading.has_body:
            unit.lines.append(line)
        else:
            unit.heading = line
        units.append(unit)
    return [u for u in units if any(line.text for line in u.lines)]


def _common(a: tuple[Heading, ...], b: tuple[Heading, ...]) -> tuple[Heading, ...]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _may_join(prev: Unit, unit: Unit) -> bool:
    """Whether `unit` may be absorbed by `prev` (size aside)."""
    prev_end, end = _article_end(prev.path), _article_end(unit.path)
    if prev_end or end:  # within one article only, never across two
        return prev_end == end and prev.path[:prev_end] == unit.path[:end]
    depth = len(prev.path)
    # top-level sections (一、二、 or chapters) stay apart: a locator must name one of them
    sibling = depth > 1 and len(unit.path) == depth and prev.path[:-1] == unit.path[:-1]
    descendant = len(unit.path) > depth and unit.path[:depth] == prev.path
    return sibling or descendant


def _absorb(prev: Unit, unit: Unit) -> None:
    """Append `unit` to `prev`; a merged run of siblings is named by the path that holds both."""
    common = _common(prev.path, unit.path)
    if len(common) < len(prev.path):
        if prev.heading:
            prev.lines.insert(0, prev.heading)
            prev.heading = None
        prev.path = common
    prev.lines.extend([unit.heading] if unit.heading else [])
    prev.lines.extend(unit.lines)


def merge_small(units: list[Unit], chunk_size: int) -> list[Unit]:
    """Tree-merge: join consecutive units of one branch while they fit in one chunk.

    A unit absorbs the next when that one is its sibling or its descendant (or, inside one
    article, any part of the same article) and the two fit in `chunk_size`. Siblings merged
    together are lifted to their parent's path (the merged text spans several clauses, so its
    locator names the clause that holds them all); absorbed headings become body text, so
    nothing is lost. Short lists ("三个坚持", "18个高新区") thus stay in one chunk with their
    lead-in sentence instead of scattering over tiny chunks. A clause that fits in one chunk
    joins whole or starts a chunk of its own, so its lead-in and items are never cut apart.
    """
    merged: list[Unit] = []
    for unit, need in zip(units, _join_sizes(units, chunk_size), strict=True):
        prev = merged[-1] if merged else None
        if (
            prev is None
            or not prev.path
            or _joined_size(prev, unit) + need > chunk_size
            or not _may_join(prev, unit)
        ):
            merged.append(unit)
            continue
        _absorb(prev, unit)
    return merged


def _size(unit: Unit) -> int:
    """The unit's size with its heading line, as it reads once absorbed."""
    return unit.size() + (len(unit.heading.text) + 1 if unit.heading else 0)


def _joined_size(prev: Unit, unit: Unit) -> int:
    """`prev`'s size once `unit` joins it: a join that lifts it to a common parent makes its
    heading line body text (see `_absorb`)."""
    lifts = len(_common(prev.path, unit.path)) < len(prev.path)
    return prev.size() + (len(prev.heading.text) + 1 if lifts and prev.heading else 0)


@dataclass
class _OpenClause:
    path: tuple[Heading, ...]
    start: int  # index of its first unit
    size: int = 0


def _join_sizes(units: list[Unit], chunk_size: int) -> list[int]:
    """What joining each unit to the chunk before it costs: the size of the largest clause that
    starts with it and fits in a chunk (it joins whole or not at all: merged line by line, a
    clause's items would straddle two chunks), else its own size. A clause is a heading path
    and every unit under it, also one whose heading line has no text of its own ("（三）…体系"
    straight over its items "1. …"); inside an article (第X条) only the article's parts count,
    since nothing else ever joins them. One pass, keeping the open clauses on a stack."""
    starts: dict[int, list[int]] = {}  # unit index -> sizes of the clauses starting there
    clauses: list[_OpenClause] = []  # the clauses the current unit is in, outermost first
    for i, unit in enumerate(units):
        while clauses and unit.path[: len(clauses[-1].path)] != clauses[-1].path:
            ended = clauses.pop()
            starts.setdefault(ended.start, []).append(ended.size)
        floor = max(_article_end(unit.path), 1)
        depths = {len(c.path) for c in clauses}
        clauses += [_OpenClause(unit.path[:d], i) for d in range(floor, len(unit.path) + 1)
                    if d not in depths]
        for clause in clauses:
            if len(clause.path) >= floor:
                clause.size += _size(unit)
    for clause in clauses:
        starts.setdefault(clause.start, []).append(clause.size)
    return [max((s for s in starts.get(i, []) if s <= chunk_size), default=_size(unit))
            for i, unit in enumerate(units)]
