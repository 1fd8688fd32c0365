"""Clause-aware splitting: chunks follow the document's headings and end at sentence ends.

Every chunk carries its heading chain ("一、总体思路 > （一）双新领航"), so a retrieved passage
can be cited by clause and page, and the chain is prefixed to it for retrieval.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.config import Settings
from assistant.documents import Chunk, Scalar, SourceDoc, chunk_id
from assistant.text.headings import Heading, parse_heading
from assistant.text.unwrap import unwrap_page

# Line breaks, then sentence ends, then clause breaks, then anywhere. The sentence enders share
# one level (a lookbehind, so each stays at the end of its sentence): with one level per mark,
# langchain would cut at every 。 before looking at ！？ and leave chunks of a single sentence.
SEPARATORS = ["\n", r"(?<=[。！？!?])", r"(?<=[；;])", r"(?<=[，,])", ""]


@dataclass
class _Line:
    text: str
    doc: int  # index of the SourceDoc (the page) the line comes from


@dataclass
class _Unit:
    """The text under one heading: its chain and body lines."""

    chain: tuple[str, ...]
    lines: list[_Line] = field(default_factory=list)
    heading: _Line | None = None  # a heading-only line, kept out of the body

    def size(self) -> int:
        return sum(len(line.text) + 1 for line in self.lines)


def _stream(docs: list[SourceDoc]) -> list[_Line]:
    lines: list[_Line] = []
    for k, doc in enumerate(docs):
        texts = unwrap_page(doc.text) if "page" in doc.metadata else doc.text.split("\n")
        lines.extend(_Line(text.strip(), k) for text in texts)
    return lines


def _headings(lines: list[_Line]) -> list[Heading | None]:
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


def _units(lines: list[_Line]) -> list[_Unit]:
    stack: list[tuple[int, str]] = []
    units: list[_Unit] = []
    for line, heading in zip(lines, _headings(lines), strict=True):
        if heading is None:
            if not units:
                units.append(_Unit(()))
            units[-1].lines.append(line)
            continue
        if heading.level == 1 and not stack and not units and not heading.has_body:
            continue  # the document's title line: already the chunk title, not a section
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        stack.append((heading.level, heading.label))
        unit = _Unit(tuple(label for _, label in stack))
        if heading.has_body:
            unit.lines.append(line)
        else:
            unit.heading = line
        units.append(unit)
    return [u for u in units if any(line.text for line in u.lines)]


def _merge_small(units: list[_Unit], chunk_size: int) -> list[_Unit]:
    """Tree-merge: join consecutive units of one branch while they fit in one chunk.

    A unit absorbs the next when that one is its sibling or its descendant and the two fit in
    `chunk_size`. Siblings merged together are lifted to their parent's chain (the merged text
    spans several clauses, so its locator names the clause that holds them all); the absorbed
    headings become body text, so nothing is lost. Short lists ("三个坚持", "18个高新区") thus
    stay in one chunk with their lead-in sentence instead of scattering over tiny chunks.
    """
    merged: list[_Unit] = []
    for unit in units:
        prev = merged[-1] if merged else None
        extra = len(unit.heading.text) + 1 if unit.heading else 0
        if prev is None or not prev.chain or prev.size() + unit.size() + extra > chunk_size:
            merged.append(unit)
            continue
        depth = len(prev.chain)
        # top-level sections (一、二、 or chapters) stay apart: a locator must name one of them
        sibling = depth > 1 and len(unit.chain) == depth and prev.chain[:-1] == unit.chain[:-1]
        descendant = len(unit.chain) > depth and unit.chain[:depth] == prev.chain
        if not (sibling or descendant):
            merged.append(unit)
            continue
        if sibling:
            if prev.heading:
                prev.lines.insert(0, prev.heading)
                prev.heading = None
            prev.chain = prev.chain[:-1]
        prev.lines.extend([unit.heading] if unit.heading else [])
        prev.lines.extend(unit.lines)
    return merged


def _pieces(text: str, splitter: RecursiveCharacterTextSplitter, settings: Settings):
    """(start offset, text) of each piece: whole when it fits, else split at sentence ends."""
    if len(text) <= min(settings.chunk_size, settings.chunk_max):
        yield 0, text
        return
    for doc in splitter.create_documents([text]):
        start, body = doc.metadata["start_index"], doc.page_content
        for cut in range(0, len(body), settings.chunk_max):  # hard ceiling, whatever the text
            yield start + cut, body[cut : cut + settings.chunk_max]


def _locator(chain: tuple[str, ...], page: object) -> str:
    if page is not None:
        return f"第{page}页 · {chain[-1]}" if chain else f"第{page}页"
    return " > ".join(chain) if chain else "全文"


def _make_splitter(settings: Settings) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
        chunk_size=min(settings.chunk_size, settings.chunk_max),
        # an overlap as large as the chunk would never advance; the library refuses it
        chunk_overlap=min(settings.chunk_overlap, settings.chunk_size // 2),
        add_start_index=True,
    )


def _trim_blank(lines: list[_Line]) -> list[_Line]:
    first = next(i for i, line in enumerate(lines) if line.text)
    last = max(i for i, line in enumerate(lines) if line.text)
    return lines[first : last + 1]


def _prose_chunks(docs: list[SourceDoc], settings: Settings) -> list[Chunk]:
    splitter = _make_splitter(settings)
    chunks = []
    for unit in _merge_small(_units(_stream(docs)), settings.chunk_size):
        lines = _trim_blank(unit.lines)
        starts = []  # offset of each line in the unit's text, to find the page a piece starts on
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line.text) + 1
        text = "\n".join(line.text for line in lines)
        for start, body in _pieces(text, splitter, settings):
            line = lines[max(0, bisect.bisect_right(starts, start) - 1)]
            chunks.append(_chunk(docs[line.doc], unit.chain, body.strip()))
    return chunks


def _chunk(doc: SourceDoc, chain: tuple[str, ...], text: str) -> Chunk:
    page = doc.metadata.get("page")
    locator = _locator(chain, page)
    metadata: dict[str, Scalar] = {**doc.metadata, "headings": " > ".join(chain)}
    return Chunk(
        id=chunk_id(doc.source, locator, text),
        source=doc.source,
        title=doc.title,
        doc_type=doc.doc_type,
        text=text,
        locator=locator,
        headings=chain,
        metadata=metadata,
    )


def _record_chunk(doc: SourceDoc) -> Chunk:
    return Chunk(
        id=chunk_id(doc.source, doc.locator, doc.text),
        source=doc.source,
        title=doc.title,
        doc_type=doc.doc_type,
        text=doc.text,
        locator=doc.locator,
        metadata=dict(doc.metadata),
    )


def split_documents(docs: list[SourceDoc], settings: Settings) -> list[Chunk]:
    """Chunks of one file's SourceDocs (in file order): catalog records whole, prose by clause."""
    chunks: list[Chunk] = []
    run: list[SourceDoc] = []
    for doc in [*docs, None]:
        if doc is not None and not doc.is_record:
            run.append(doc)
            continue
        if run:
            chunks.extend(_prose_chunks(run, settings))
            run = []
        if doc is not None:
            chunks.append(_record_chunk(doc))
    unique: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.text and chunk.id not in unique:
            chunk.metadata["order"] = len(unique)
            unique[chunk.id] = chunk
    return list(unique.values())
