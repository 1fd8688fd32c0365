"""Follow-ups that keep the last question and swap its subject."""

import pytest

from assistant.followup import restate
from assistant.retrieval.query import default_index


def _history(*questions: str) -> list[dict]:
    return [turn for q in questions
            for turn in ({"role": "user", "content": q}, {"role": "assistant", "content": "…"})]


@pytest.mark.parametrize(("question", "earlier", "restated"), [
    ("那上海呢？", ["北京市规定的奖励比例是多少？"], "上海规定的奖励比例是多少？"),
    ("那乙市呢？", ["甲市规定的奖励比例是多少？"], "乙市规定的奖励比例是多少？"),
    ("What about Shanghai?", ["What share does the Beijing regulation give the team?"],
     "What share does the Shanghai regulation give the team?"),
    ("那东南大学呢？", ["南京大学和哪个高新区结对？"], "东南大学和哪个高新区结对？"),
    ("那天津呢？", ["北京市规定的奖励比例是多少？", "那上海呢？"], "天津规定的奖励比例是多少？"),
    # a new item takes the place of the items the earlier question listed together
    ("那著作权这块呢？", ["按广东的条例，专利、商标和商业秘密的行政保护归哪个部门管？"],
     "按广东的条例，著作权的行政保护归哪个部门管？"),
])
def test_the_subject_is_swapped_into_the_last_question(question, earlier, restated):
    assert restate(question, _history(*earlier), default_index()) == restated


@pytest.mark.parametrize(("question", "earlier"), [
    ("那奖励比例是多少呢？", ["北京市规定的奖励比例是多少？"]),  # asks something of its own
    ("好的呢", ["北京市规定的奖励比例是多少？"]),
    ("那上海呢？", []),  # nothing to restate
    ("那上海呢？", ["奖励比例是多少？"]),  # no subject to swap: ordinary follow-up handling
])
def test_other_turns_are_left_as_they_are(question, earlier):
    assert restate(question, _history(*earlier), default_index()) == question


@pytest.mark.parametrize(("question", "earlier", "restated"), [
    ("那要是拿成果作价入股呢？", ["按北京的条例，学校把成果转让出去，奖励最低提多少？"],
     "按北京的条例，拿成果作价入股，奖励最低提多少？"),
    ("要是没有违法所得呢？", ["违反本条例的，罚款多少？"],
     "违反本条例的，没有违法所得，罚款多少？"),
    ("What if it is licensed?", ["Under the Beijing regulation, if it is sold, what share goes "
                                 "to the team?"],
     "Under the Beijing regulation, if it is licensed, what share goes to the team?"),
    # a sentence that states the old condition is replaced, though a "who" stands inside it
    ("What if the unit never applies?", ["Our lab has a Beijing-funded project, and the deal "
                                         "says nothing about who owns the patents. Who owns "
                                         "them by default?"],
     "Our lab has a Beijing-funded project, if the unit never applies, Who owns them by "
     "default?"),
    # a typed question may end in a period: its last sentence still asks
    ("What if it is licensed?", ["Under the Beijing regulation, if it is sold, what share goes "
                                 "to the team."],
     "Under the Beijing regulation, if it is licensed, what share goes to the team."),
])
def test_a_new_condition_replaces_the_old_one(question, earlier, restated):
    assert restate(question, _history(*earlier), default_index()) == restated


@pytest.mark.parametrize(("question", "earlier"), [
    ("我想了解上海的人才政策呢", ["北京市规定的奖励比例是多少？"]),  # more than a name
    ("what about the Shanghai rules on equity?", ["What share does the Beijing regulation give?"]),
    ("And what does Shanghai require?", ["What share does the Beijing regulation give?"]),
    ("北京呢", ["奖励比例是多少？", "那上海呢？"]),  # the turn before could not be restated
])
def test_a_swap_needs_a_name_and_an_earlier_question_to_put_it_in(question, earlier):
    assert restate(question, _history(*earlier), default_index()) == question


@pytest.mark.parametrize(("question", "earlier"), [
    ("那科研院所呢？", ["高校和企业怎么合作？"]),  # the run asks: no items before what is asked
    ("那商标呢？", ["中华人民共和国专利法规定的保护期是多久？"]),  # 和 inside 共和国
    ("那明年呢？", ["专利、商标的申请费用是多少？"]),  # a time is not an item
    ("那深圳呢？", ["专利、商标的行政保护归哪个部门管？"]),  # a place swaps for a place
])
def test_an_enumeration_takes_only_an_item_of_its_kind(question, earlier):
    assert restate(question, _history(*earlier), default_index()) == question


def test_a_long_run_of_joiners_is_no_enumeration():
    """Items never hold a joiner, so a run of them is read once (the pattern used to try every
    way of cutting it: minutes for a hostile earlier turn)."""
    from assistant.phrasing import pattern

    assert pattern("followup.enumeration").search("和与及或专利商标" * 40 + "x") is None
