"""Answer units: lists inside lists, and lists that run on past their passage (test data
written here, shaped like a notice cut into passages at a page break)."""

import pytest

from assistant.answer.citations import CitationBook
from assistant.answer.evidence import TermGroup
from assistant.answer.focused import list_lines
from assistant.answer.units import (
    continued_items,
    holds_asked,
    in_list,
    names_kind,
    states_absence,
    units_of,
)
from assistant.answer.wording import wording_for
from assistant.documents import Chunk
from assistant.retrieval.asks import Ask
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


def test_a_list_announced_at_the_end_of_a_passage_begins_in_the_next():
    ending = _chunk("1", "（三）工作体系\n试点园区与高校要共同建立的“三个一”是：")
    following = _chunk("2", "1. 一个方向；\n2. 一个平台；\n3. 一支基金。\n此外，各地可以探索。",
                       ("一、总体要求",))
    units = units_of([ScoredChunk(chunk=ending, score=1.0)])
    head = units[-1]
    assert head.heads and head.lead_in == head.text  # the announcing line heads its own list
    found = continued_items(head, [following])
    assert [items for _, items in found] == [["1. 一个方向；", "2. 一个平台；", "3. 一支基金。"]]
    head.continued = found
    assert in_list(head) and head.item_count == 3


def test_a_heading_the_passages_share_is_not_taken_for_the_next_item():
    ending = _chunk("1", "工作分为：\n1. 试点阶段；\n2. 推广阶段；", ("二、工作目标",))
    following = _chunk("2", "3. 总结阶段。", ("二、工作目标",))
    head = next(u for u in units_of([ScoredChunk(chunk=ending, score=1.0)]) if u.heads)
    assert [items for _, items in continued_items(head, [following])] == [["3. 总结阶段。"]]


def test_a_long_item_shows_the_clause_naming_what_was_asked():
    text = ("到2030年要达到：\n1. 共建平台80个以上。计入的平台有两类：一是创新平台，"
            "包括重点实验室、概念验证中心、工程研究中心、技术创新中心、中试基地、产业研究院；"
            "二是产教融合平台，包括卓越工程师学院、未来技术学院。\n2. 培养研究生2000名以上。")
    head = next(u for u in units_of([ScoredChunk(chunk=_chunk("1", text), score=1.0)]) if u.heads)
    focus = (TermGroup("产教融合", ("产教融合",), 3.0), TermGroup("平台", ("平台",), 1.0))
    lines = list_lines(head, CitationBook(), wording_for("zh"), focus)
    assert "二是产教融合平台，包括卓越工程师学院" in lines[1] and "…" in lines[1]
    assert lines[0].endswith("到2030年要达到：[1]")


def test_a_run_of_titles_is_a_list():
    unit = units_of([ScoredChunk(chunk=_chunk("1", "本区出台了《甲办法》《乙措施》和《丙细则》。"),
                                 score=1.0)])[0]
    assert holds_asked(unit, Ask.LIST, [])


def test_a_heading_left_in_a_passage_is_context_not_a_sentence():
    text = "江阴设立1亿元专项基金。\n### （三）苏州高新区与3所结对高校\n苏州高新区建成5个平台。"
    units = units_of([ScoredChunk(chunk=_chunk("1", text), score=1.0)])
    assert [u.text for u in units] == ["江阴设立1亿元专项基金。", "苏州高新区建成5个平台。"]



def test_an_items_body_ends_with_its_sentence():
    text = ("要求如下。\n（一）坚持创新\n以创新为先。\n（二）坚持开放\n扩大合作。\n"
            "本方案自印发之日起施行。")
    units = units_of([ScoredChunk(chunk=_chunk("1", text), score=1.0)])
    closing = next(u for u in units if u.text.startswith("本方案"))
    assert closing.items == [] and closing.heads
    assert units[0].items[-1] == "（二）坚持开放 扩大合作。"


def test_after_a_list_within_an_item_the_outer_list_goes_on():
    text = ("主要任务：\n（一）基本原则\n坚持需求导向。\n（二）量化目标\n到2030年要达到：\n"
            "1. 平台80个。\n2. 建设平台。\n（三）保障措施\n加强领导。")
    units = units_of([ScoredChunk(chunk=_chunk("1", text), score=1.0)])
    head = units[0]
    assert head.heads and len(head.items) == 3 and head.items[2].startswith("（三）")


def test_plain_synonyms_of_official_writing():
    from assistant.answer.evidence import synonyms_of  # only this test needs it

    assert "小型微型企业" in synonyms_of("小微企业")
    assert "专业技术职务" in synonyms_of("职称") and "职称" in synonyms_of("评职称")
    assert "假冒" in synonyms_of("冒用")
    assert "孵化载体" in synonyms_of("孵化器") and "应当" in synonyms_of("应该")


def test_a_concept_carried_over_from_an_earlier_turn_counts_only_when_covered():
    from assistant.answer.evidence import TermGroup, coverage_of  # only this test needs them

    own = TermGroup("生产", ("生产",), 2.0)
    carried = TermGroup("审批", ("审批",), 3.0, inherited=True)
    assert coverage_of("筹建期内不得开展生产经营活动", [own, carried]) == 1.0
    assert coverage_of("须经审批的生产项目", [own, carried]) == 1.0
    assert coverage_of("须经审批的项目", [own, carried]) == 0.6
    assert coverage_of("须经审批的项目", [carried]) == 1.0  # a follow-up with no words of its own
    assert coverage_of("其他项目", [carried]) == 0.0


def test_an_item_under_a_heading_that_says_what_is_missing_states_an_absence():
    notes = _chunk("9", "1. 三份文件的文号、印发日期和资金标准；\n2. 结对高校名单。",
                   ("四、本资料未收录的内容",))
    first = units_of([ScoredChunk(chunk=notes, score=1.0)])[0]
    assert states_absence(first, "区里出台了哪几份文件？")
    listed = _chunk("8", "1. 三份文件的文号、印发日期和资金标准；", ("四、主要内容",))
    assert not states_absence(units_of([ScoredChunk(chunk=listed, score=1.0)])[0], "哪几份文件？")


def test_a_name_of_the_kind_asked_is_a_word_or_a_quoted_name_not_a_phrase_closing_on_it():
    assert names_kind("省人民政府设立山东优秀发明家奖。", ("奖",))
    assert names_kind("园区的“园易联”平台打通两条链。", ("平台",))
    assert not names_kind("建有姑苏实验室、国家生物药技术创新中心等平台。", ("平台",))
    assert not names_kind("对做出贡献的单位给予表彰、奖励。", ("奖",))
    # the name the question itself gives is not an answer to it
    assert not names_kind("把“双高协同”模式推广到全市。", ("模式",), "双高协同最后要形成什么模式？")


@pytest.mark.parametrize(("text", "defines"), [
    ("执行本单位的任务所完成的发明创造为职务发明创造。", True),  # "…为X": what it describes is X
    ("本法所称商业秘密，是指不为公众所知悉的商业信息。", True),
    ("县级以上人民政府负责相关工作的部门应当为其提供方便。", False),  # 为 as "for", after a modal
    ("发明专利权的期限为二十年。", False),  # a figure, not a term
    ("对违法者的行为予以处罚。", False),  # 为 inside 行为
    ("经评审的个人认定为高层次人才。", False),  # a recognition, not what the term means
])
def test_a_sentence_that_says_what_a_term_is_holds_a_definition(text, defines):
    unit = units_of([ScoredChunk(chunk=_chunk("1", text), score=1.0)])[0]
    assert holds_asked(unit, Ask.DEFINITION, []) is defines

