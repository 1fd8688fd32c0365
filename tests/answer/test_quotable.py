"""How much of a long sentence a focused answer quotes, and how a note names a part."""

from assistant.answer.evidence import TermGroup
from assistant.answer.focused import QUOTE_MAX, quotable

LONG = ("各单位要认真执行国务院和中共中央办公厅关于科技成果转化和收入分配的各项规定，"
        "与企业通过股权合作、共同研发、互派人员、成果应用等多种方式建立紧密的合作关系，"
        "支持科研人员深入企业进行成果转化，推动有关部门加强统筹协调并定期开展督促检查，"
        "落实“科研人员在履行好岗位职责、完成本职工作的前提下，经所在单位同意，"
        "可以到企业兼职并取得合法报酬”的规定。")


def _groups(*words: str) -> list[TermGroup]:
    return [TermGroup(w, (w,), 3.0) for w in words]


def test_a_long_sentence_is_quoted_where_it_names_the_question_s_concepts():
    assert len(LONG) > QUOTE_MAX
    quote = quotable(LONG, [], _groups("兼职", "报酬", "科研人员"))
    assert "合法报酬" in quote and "所在单位同意" in quote
    assert quote.startswith("…") and len(quote) <= QUOTE_MAX + 2


def test_without_concepts_or_when_its_start_says_as_much_the_start_is_quoted():
    assert quotable(LONG, []).startswith("各单位要认真执行")
    assert quotable(LONG, [], _groups("各单位")).startswith("各单位要认真执行")


def test_a_note_on_a_missing_part_names_the_question_not_the_asker():
    from assistant.answer.extractive import _asked

    assert _asked("我在高校科研处管专利。老师的发明算不算职务发明") == "老师的发明算不算职务发明"
    assert _asked("奖励比例是多少") == "奖励比例是多少"


def test_an_item_of_a_list_is_quoted_under_the_line_that_introduces_it():
    from assistant.answer.focused import _under_lead_in
    from assistant.answer.units import units_of
    from assistant.documents import Chunk
    from assistant.retrieval.types import ScoredChunk

    text = ("第七十五条 有下列情形之一的，不视为侵犯专利权：\n（一）在专利权人许可前已经使用的；\n"
            "（二）临时通过中国领陆的；\n（三）专为科学研究和实验而使用有关专利的。")
    chunk = Chunk(id="1", source="law.md", title="专利法", doc_type="policy", text=text,
                  locator="第七十五条", headings=("第七十五条",), metadata={})
    units = units_of([ScoredChunk(chunk=chunk, score=1.0)])
    item = next(u for u in units if "科学研究" in u.text)
    quote = _under_lead_in(item, item.text)
    assert quote.startswith("第七十五条 有下列情形之一的，不视为侵犯专利权：")
    assert quote.endswith("专为科学研究和实验而使用有关专利的。")
    lead = next(u for u in units if u.heads)
    assert _under_lead_in(lead, lead.text) == lead.text  # a lead-in is not quoted twice
    after = ("第三十六条 双方应当就以下事项进行约定：\n（一）研发目标；\n（二）专利权的权属。\n"
             "未约定的，专利权归项目承担单位所有。")
    chunk = Chunk(id="2", source="bj.md", title="条例", doc_type="policy", text=after,
                  locator="第三十六条", headings=("第三十六条",), metadata={})
    rest = next(u for u in units_of([ScoredChunk(chunk=chunk, score=1.0)])
                if u.text.startswith("未约定"))
    assert _under_lead_in(rest, rest.text) == rest.text  # the paragraph after the items
