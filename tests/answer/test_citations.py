from assistant.answer.citations import CitationBook, check_citations
from assistant.documents import Chunk


def _chunk(cid: str, sample: bool = False) -> Chunk:
    return Chunk(id=cid, source=f"{cid}.md", title=f"T{cid}", doc_type="policy", text="x",
                 locator="一、", metadata={"sample": sample})


def test_same_chunk_keeps_its_number_and_grows_snippet():
    book = CitationBook()
    assert book.cite(_chunk("a"), "甲。") == 1
    assert book.cite(_chunk("b"), "乙。") == 2
    assert book.cite(_chunk("a"), "丙。") == 1
    assert book.citations[0].snippet == "甲。 … 丙。"


def test_check_drops_bad_markers_and_unused_citations_and_renumbers():
    book = CitationBook()
    book.cite(_chunk("a"), "a")
    book.cite(_chunk("b"), "b")
    book.cite(_chunk("c", sample=True), "c")
    text, cites = check_citations("first [3] then [9] and [3][3] end", book.citations)
    assert text == "first [1] then  and [1] end"
    assert [(c.n, c.source, c.sample) for c in cites] == [(1, "c.md", True)]


def test_no_markers_means_no_citations():
    book = CitationBook()
    book.cite(_chunk("a"), "a")
    text, cites = check_citations("plain text", book.citations)
    assert text == "plain text" and cites == []
