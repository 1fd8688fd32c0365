"""Query understanding: language, expansion, and follow-up resolution against history."""

from __future__ import annotations

import pytest

from assistant.retrieval.entities import EntityIndex
from assistant.retrieval.query import analyze


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    return EntityIndex()


def _turns(*pairs: tuple[str, str]) -> list[dict]:
    return [{"role": role, "content": content} for role, content in pairs]


def test_english_question_gets_chinese_terms_and_names(index: EntityIndex) -> None:
    a = analyze("Who at Jiangnan University works on early warning for lithium batteries?",
                None, index)
    assert a.language == "en"
    assert [e.name for e in a.entities] == ["江南大学"]
    assert {"预警", "锂电池"} <= set(a.expansions)
    assert a.rewritten.startswith("Who at Jiangnan University")
    for term in ("江南大学", "预警", "锂电池"):
        assert term in a.rewritten
    assert not a.is_followup


def test_chinese_question_without_history_is_left_as_is(index: EntityIndex) -> None:
    question = "南京建邺高新区有哪些储能方面的企业需求？"
    a = analyze(question, [], index)
    assert (a.language, a.rewritten, a.expansions, a.inherited) == ("zh", question, [], [])
    assert a.folded == "南京建邺高新区有哪些储能方面的企业需求?"  # full-width ？ folded too
    assert not a.is_followup


def test_traditional_script_is_folded(index: EntityIndex) -> None:
    a = analyze("南京工程學院有哪些儲能團隊？", None, index)
    assert a.folded == "南京工程学院有哪些储能团队?"
    assert a.entities[0].name == "南京工程学院"


@pytest.mark.parametrize(
    ("question", "language"),
    [("请介绍一下 Jiangnan University 在生物医药方面的合作项目", "zh"),
     ("Which universities does 无锡高新区 work with on biomedicine?", "en")],
)
def test_mixed_script_language_and_entities(index: EntityIndex, question: str,
                                            language: str) -> None:
    a = analyze(question, None, index)
    assert a.language == language
    assert {e.name for e in a.entities} & {"江南大学", "无锡高新区"}


def test_pronoun_takes_the_entity_named_in_the_last_answer(index: EntityIndex) -> None:
    history = _turns(
        ("user", "Which university could help us predict thermal runaway in storage batteries?"),
        ("assistant", "可以联系南京工程学院的团队，他们与江苏林洋储能技术有限公司有过合作[1]。"),
    )
    a = analyze("它跟哪个高新区结成了对子？", history, index)
    assert a.is_followup
    assert a.inherited[0].name == "南京工程学院"  # the university asked for, not the company
    assert a.rewritten.startswith("南京工程学院")
    assert a.rewritten.endswith("它跟哪个高新区结成了对子？")
    assert "储能" in a.topic_terms  # the earlier English question, in Chinese


def test_determiner_noun_selects_the_kind(index: EntityIndex) -> None:
    history = _turns(
        ("user", "镇江高新区有哪些合作方？"),
        ("assistant", "镇江高新区与江苏科技大学合作，中智海洋等企业入驻[1]。"),
    )
    a = analyze("这家企业做什么产品？", history, index)
    assert a.inherited[0].name == "江苏中智海洋工程装备"


def test_elliptical_question_inherits_the_previous_user_turn(index: EntityIndex) -> None:
    history = _turns(
        ("user", "常州大学和常州高新区共建了哪些概念验证中心？"),
        ("assistant", "资料中提到……[1]"),
    )
    a = analyze("投入了多少资金？", history, index)
    assert a.is_followup
    assert [e.name for e in a.inherited] == ["常州大学", "常州高新区"]
    assert "概念验证中心" in a.topic_terms
    assert a.rewritten.startswith("常州大学 常州高新区 ")
    assert a.rewritten.endswith(" 投入了多少资金？")
    assert "概念验证中心" in a.rewritten
    assert a.cities() == ["常州"]


def test_english_followup_over_chinese_history(index: EntityIndex) -> None:
    history = _turns(
        ("user", "《江苏省概念验证中心建设办法》和《中试平台认定细则》是谁发布的？"),
        ("assistant", "由省科技厅发布[1]。"),
    )
    a = analyze("When did these two documents take effect?", history, index)
    assert a.is_followup and a.language == "en"
    assert "江苏省概念验证中心建设办法" in a.topic_terms
    assert "中试平台认定细则" in a.rewritten
    assert "文件" in a.expansions


def test_followup_prefers_the_most_recent_turn_with_entities(index: EntityIndex) -> None:
    history = _turns(
        ("user", "扬州大学和扬州高新区签了哪些协议？"),
        ("assistant", "……[1]"),
        ("user", "协议金额是多少？"),
        ("assistant", "……[2]"),
    )
    a = analyze("那这些协议什么时候到期？", history, index)
    assert a.is_followup
    assert [e.name for e in a.inherited] == ["扬州大学", "扬州高新区"]


def test_question_with_its_own_entity_does_not_inherit(index: EntityIndex) -> None:
    history = _turns(("user", "江南大学和无锡高新区开过几次联席会议？"), ("assistant", "……[1]"))
    a = analyze("泰州医药高新区跟哪些高校合作？", history, index)
    assert not a.is_followup
    assert a.inherited == [] and a.topic_terms == []
    assert a.rewritten == "泰州医药高新区跟哪些高校合作？"


def test_pronoun_pointing_back_inside_the_question_is_not_a_followup(index: EntityIndex) -> None:
    history = _turns(("user", "苏州高新区有多少创新联合体？"), ("assistant", "……[1]"))
    a = analyze("What has Changzhou High-tech Zone built so far, and what are its plans?",
                history, index)
    assert not a.is_followup
    assert a.inherited == []


def test_pronoun_without_history_is_not_a_followup(index: EntityIndex) -> None:
    a = analyze("它和哪个高新区结对？", None, index)
    assert not a.is_followup
    assert a.inherited == []


def test_current_question_repeated_at_the_end_of_history_is_ignored(index: EntityIndex) -> None:
    question = "那它的转化基金有多大？"
    history = _turns(("user", "江阴高新区跟哪所大学结对？"), ("assistant", "东南大学[1]。"),
                     ("user", question))
    a = analyze(question, history, index)
    assert a.inherited[0].name == "东南大学"


def test_long_self_contained_question_is_not_elliptical(index: EntityIndex) -> None:
    history = _turns(("user", "宿迁高新区和南京工程学院共建了什么？"), ("assistant", "……[1]"))
    question = "全省高新区和高校协同创新的试点工作总共分为几个阶段推进，每个阶段的重点分别是什么？"
    a = analyze(question, history, index)
    assert not a.is_followup


def test_what_the_asker_sets_aside_is_not_a_concept(index: EntityIndex) -> None:
    analysis = analyze("这份意见除了布置重点任务，还给了哪些支持举措？", [], index)
    words = [c.word for c in analysis.concepts]
    assert "举措" in words and "任务" not in words
    english = analyze("Besides the key tasks, what support measures does it give?", [], index)
    assert "key tasks" not in english.topic_text and "support measures" in english.topic_text


def test_how_the_earlier_question_was_phrased_is_not_carried_over(index: EntityIndex) -> None:
    history = _turns(
        ("user", "听说省政府专门给搞发明的人设了个奖，叫啥名字来着？"),
        ("assistant", "资料中提到……[1]"),
    )
    a = analyze("拿了这个奖，评职称的时候能沾点光吗？", history, index)
    assert a.is_followup
    assert not {"名字", "专门", "来着"} & set(a.topic_terms)


def test_this_award_takes_the_award_the_last_answer_named(index: EntityIndex) -> None:
    history = _turns(
        ("user", "听说省里专门给搞发明的人设了个奖，叫啥名字来着？"),
        ("assistant", "《某省专利条例》（第七条）：省人民政府设立某省优秀发明家奖。[1]"),
    )
    a = analyze("拿了这个奖，评职称的时候能沾点光吗？", history, index)
    assert a.topic_terms[0] == "某省优秀发明家奖"
    english = analyze("Does this award help with professional titles?", history, index)
    assert english.topic_terms[:1] == ["某省优秀发明家奖"]
