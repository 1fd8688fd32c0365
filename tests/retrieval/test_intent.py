import pytest

from assistant.retrieval.intent import Intent, asked_entity_kind, classify


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("哪所高校能帮我们做芯片测试方案？", Intent.WHO_CAN_HELP),
        ("Which lab could help us with corrosion monitoring?", Intent.WHO_CAN_HELP),
        ("常州高新区和哪些高校结对？", Intent.PAIRING),
        ("Summarize the reform guide list", Intent.DOC_SUMMARY),
        ("请概括一下南京市的行动计划文件", Intent.DOC_SUMMARY),
        ("省里一共支持了多少个中试平台？", Intent.FIGURES),
        ("研究生工作站的建设要求是什么？", Intent.POLICY),
        ("对接会上双方提出了哪些具体合作？", Intent.POLICY),
    ],
)
def test_classify(question, intent):
    assert classify(question) is intent


def test_asked_entity_kind():
    assert asked_entity_kind("这个中心是和哪所大学共建的？") == "university"
    assert asked_entity_kind("Which universities work with the zone?") == "university"
    assert asked_entity_kind("它属于哪个高新区？") == "zone"
    assert asked_entity_kind("政策什么时候发布？") is None
