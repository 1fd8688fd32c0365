"""Articles a question names: "第十二条", "清单第1条", "Article 34".

A statute answers by article, so a question naming one is answered from that article — read
from the chunk store, whether or not retrieval ranked it — and a question naming an article the
document does not have is told so rather than answered from another article.
"""

from __future__ import annotations

import re

from assistant.documents import Chunk
from assistant.retrieval.asks import article_number
from assistant.retrieval.types import ScoredChunk

_ARTICLE = re.compile(r"第\s*([一二三四五六七八九十百零〇]+|\d{1,3})\s*条")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.．、]")
_NUMBER_COLUMN = re.compile(r'"(?:序号|编号|条目|条)"\s*:\s*"?(\d{1,3})"?')


def articles_of(chunk: Chunk) -> set[str]:
    """Article numbers a chunk holds: from its heading chain and locator ("第十二条" in a
    statute, "3. …" in a numbered list), from lines that start an article or item, and from a
    table row's number column (a list kept as a table: "序号：3")."""
    found = {n for label in _ARTICLE.findall(f"{chunk.locator} {' '.join(chunk.headings)}")
             if (n := article_number(label))}
    for line in [*chunk.headings, *chunk.text.splitlines()]:
        if match := _NUMBERED.match(line):
            found.add(str(int(match.group(1))))
        elif (match := _ARTICLE.match(line.strip())) and (n := article_number(match.group(1))):
            found.add(n)
    columns = chunk.metadata.get("columns")
    if isinstance(columns, str) and (match := _NUMBER_COLUMN.search(columns)):
        found.add(str(int(match.group(1))))
    return found


def article_hits(chunks: list[Chunk], number: str) -> list[ScoredChunk]:
    """The chunks of one article, in document order, as retrieval hits."""
    return [ScoredChunk(chunk=c, score=1.0) for c in chunks if number in articles_of(c)]


def has_articles(chunks: list[Chunk]) -> bool:
    return any(articles_of(c) for c in chunks)
