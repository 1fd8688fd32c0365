"""Clause-aware splitting: chunks follow the document's headings and end at sentence ends.

Every chunk carries its heading chain ("一、总体思路 > （一）双新领航"), so a retrieved passage
can be cited by clause and page, and the chain is prefixed to it for retrieval.
"""

from __future__ import annotations

import bisect

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.config import Settings
from assistant.documents import Chunk, Scalar, SourceDoc, chunk_id
from assistant.text.headings import Heading
from assistant.text.locator import format_locator
from assistant.text.units import Line, build_units, merge_small
from assistant.text.unwrap import unwrap_pages

# Line breaks, then sentence ends, then clause breaks, then anywhere. The sentence enders share
# one level (a lookbehind, so each stays at the end of its sentence): with one level per mark,
# langchain would cut at every 。 before looking at ！？ and leave chunks of a single sentence.
SEPARATORS = ["\n", r"(?<=[。！？!?])", r"(?<=[；;])", r"(?<=[，,])", ""]


def _stream(docs: list[SourceDoc]) -> list[Line]:
    """The lines of a run of SourceDocs; consecutive PDF pages are unwrapped together."""
    lines: list[Line] = []
    pages: list[tuple[int, list[str]]] = []  # (doc index, lines) of the current run of pages

    def flush() -> None:
        unwrapped = unwrap_pages([page for _, page in pages])
        lines.extend(Line(t.strip(), pages[a][0], pages[b][0]) for t, a, b in unwrapped)
        pages.clear()

    for k, doc in enumerate(docs):
        if "page" in doc.metadata:
            pages.append((k, doc.text.split("\n")))
            continue
        if pages:
            flush()
        lines.extend(Line(text.strip(), k) for text in doc.text.split("\n"))
    if pages:
        flush()
    return lines


def _pieces(text: str, splitter: RecursiveCharacterTextSplitter, settings: Settings):
    """(start offset, text) of each piece: whole when it fits, else split at sentence ends."""
    if len(text) <= min(settings.chunk_size, settings.chunk_max):
        yield 0, text
        return
    for doc in splitter.create_documents([text]):
        start, body = doc.metadata["start_index"], doc.page_content
        for cut in range(0, len(body), settings.chunk_max):  # hard ceiling, whatever the text
            yield start + cut, body[cut : cut + settings.chunk_max]


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


def _trim_blank(lines: list[Line]) -> list[Line]:
    first = next(i for i, line in enumerate(lines) if line.text)
    last = max(i for i, line in enumerate(lines) if line.text)
    return lines[first : last + 1]


def _prose_chunks(docs: list[SourceDoc], settings: Settings) -> list[Chunk]:
    splitter = _make_splitter(settings)
    chunks = []
    for unit in merge_small(build_units(_stream(docs)), settings.chunk_size):
        lines = _trim_blank(unit.lines)
        starts = []  # offset of each line in the unit's text, to find the pages a piece spans
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line.text) + 1
        text = "\n".join(line.text for line in lines)
        for start, body in _pieces(text, splitter, settings):
            first = lines[max(0, bisect.bisect_right(starts, start) - 1)]
            end = start + max(len(body.rstrip()) - 1, 0)
            last = lines[max(0, bisect.bisect_right(starts, end) - 1)]
            chunks.append(_chunk(docs, first.doc, last.end_doc, unit.path, body.strip()))
    return chunks


def _chunk(
    docs: list[SourceDoc], first: int, last: int, path: tuple[Heading, ...], text: str
) -> Chunk:
    doc = docs[first]
    page, last_page = doc.metadata.get("page"), docs[last].metadata.get("page")
    locator = format_locator(path, page, last_page)
    chain = tuple(h.label for h in path)
    metadata: dict[str, Scalar] = {**doc.metadata, "headings": " > ".join(chain)}
    if page is not None and last_page not in (None, page):
        metadata["page_end"] = last_page
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
        headings=doc.headings,
        metadata={**doc.metadata, "headings": " > ".join(doc.headings)}
        if doc.headings
        else dict(doc.metadata),
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
