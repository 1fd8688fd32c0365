"""Answer units: lists inside lists, and lists that run on past their passage (test data
written here, shaped like a notice cut into passages at a page break)."""

from assistant.answer.units import continued_items, in_list, units_of
from assistant.documents import Chunk
from assistant.retrieval.types import ScoredChunk


def _chunk(cid: str, text: str, headings: tuple[str, ...] = ("一、总体要求",)) -> Chunk:
    return Chunk(id=cid, source="n.pdf", title="某市通知", doc_type="policy", text=text,
                 locator=f"第{cid}页", headings=headings)


FIRST = _chunk("1", "总体要求概括为以下三个方面。\n（一）坚持创新\n以创新为先，加快转化。\n"
                    "（二）坚持协同\n园区和高校共建平台；\n高校开放实验室。")
SECOND = _chunk("2", "建立双向流动通道。", ("一、总体要求", "（三）坚持共享"))
THIRD = _chunk("3", "二、工作目标\n到2030年建成平台10个。")


def test_a_titled_item_owns_the_lines_under_it():
    units = units_of([ScoredChunk(chunk=FIRST, score=1.0)])
    head = next(u for u in units if u.text.startswith("总体要求"))
    assert in_list(head) and len(head.items) == 2
    assert head.items[1].endswith("高校开放实验室。")


def test_items_numbered_on_in_the_next_passage_continue_the_list():
    head = next(u for u in units_of([ScoredChunk(chunk=FIRST, score=1.0)])
                if u.text.startswith("总体要求"))
    found = continued_items(head, [SECOND, THIRD])
    assert [(chunk.id, items) for chunk, items in found] == [
        ("2", ["（三）坚持共享 建立双向流动通道。"])]


def test_a_list_that_ends_inside_its_passage_does_not_continue():
    ended = _chunk("1", "要求如下：\n（一）甲；\n（二）乙。\n以上要求自发布之日起执行。")
    head = next(u for u in units_of([ScoredChunk(chunk=ended, score=1.0)])
                if u.text.startswith("要求如下"))
    assert continued_items(head, [SECOND]) == []


def test_a_differently_numbered_list_inside_an_item_is_its_own_list():
    text = ("主要内容如下。\n（一）基本原则\n坚持需求导向。\n（二）量化目标\n到2030年要达到：\n"
            "1. 共建平台80个以上。\n2. 培养研究生2000名以上。")
    units = units_of([ScoredChunk(chunk=_chunk("1", text), score=1.0)])
    target = next(u for u in units if "2000名" in u.text)
    assert target.lead_in == "到2030年要达到：" and len(target.items) == 2
