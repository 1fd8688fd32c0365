"""Typed spans in a sentence, and how English answers write them."""

import pytest

from assistant.answer.spans import find_spans, to_english
from assistant.answer.units import counting
from assistant.retrieval.asks import Ask

HEAD = "设区的市级以上人民政府监督检查部门主要负责人"  # a body's head is one name with it


@pytest.mark.parametrize(("sentence", "ask", "span", "english"), [
    ("从净收入中提取不低于百分之七十的比例；", Ask.PERCENTAGE, "不低于百分之七十", "at least 70%"),
    ("奖励比例不低于50%。", Ask.PERCENTAGE, "不低于50%", "at least 50%"),
    ("本条例自2017年6月1日起施行。", Ask.DATE, "2017年6月1日", "2017-06-01"),
    ("本条例自二〇一七年六月一日起施行。", Ask.DATE, "二〇一七年六月一日", "2017-06-01"),
    ("本条例自二○二二年三月一日起施行。", Ask.DATE, "二○二二年三月一日", "2022-03-01"),  # ○ for 〇
    ("每年3月30日前提交报告。", Ask.DATE, "3月30日", "30 March"),
    ("在每年三月三十日前向其主管部门报送年度报告。", Ask.DATE, "每年三月三十日",
     "30 March each year"),
    ("离岗创业期限一般不超过三年。", Ask.DURATION, "不超过三年", "at most 3 years"),
    ("给予不超过五百万元的资助。", Ask.AMOUNT, "不超过五百万元", "at most 5 million yuan"),
    ("每个设区市遴选1—2个高新区。", Ask.NUMBER, "1—2个", "1–2"),
    ("已培养产业人才200多名。", Ask.NUMBER, "200多名", "200+ people"),
    ("本条例自公布之日起施行。", Ask.DATE, "公布之日", "the day of promulgation"),
    ("须经全体委员三分之二以上同意。", Ask.PERCENTAGE, "三分之二以上", "2/3 or more"),
    ("到会委员半数以上通过。", Ask.PERCENTAGE, "半数以上", "half or more"),
    ("并处违法所得二倍以上的罚款。", Ask.AMOUNT, "二倍以上", "2 times or more"),
    ("处十万元以上一百万元以下的罚款。", Ask.AMOUNT, "十万元以上一百万元以下",
     "100,000 to 1 million yuan"),
    ("并处违法所得一倍以上五倍以下的罚款。", Ask.NUMBER, "一倍以上五倍以下", "1 to 5 times"),
    ("设区的市级以上人民政府监督检查部门主要负责人批准。", Ask.ORGANISATION, HEAD, HEAD),
])
def test_spans_keep_their_modifier(sentence, ask, span, english):
    found = find_spans(sentence, ask)
    assert [s.text for s in found][:1] == [span]
    assert to_english(span, ask) == english


def test_names_and_dates_are_not_counts():
    assert find_spans("探索建立“五个一”一体化发展体系。", Ask.NUMBER) == []
    assert [s.text for s in find_spans("到2027年建设80个平台。", Ask.NUMBER)] == ["80个"]


def test_a_count_question_may_be_answered_by_a_share():
    found = find_spans("提取不低于百分之七十的比例", Ask.NUMBER)
    assert [s.text for s in found] == ["不低于百分之七十"]


def test_organisations_without_their_preposition():
    found = find_spans("由国务院办公厅负责组织实施。", Ask.ORGANISATION)
    assert [s.text for s in found] == ["国务院办公厅"]
    joint = find_spans("江苏省科学技术厅、中共江苏省委人才工作领导小组办公室（省委人才办）、"
                       "江苏省教育厅三家单位联合落款", Ask.ORGANISATION)
    assert joint[0].text.endswith("江苏省教育厅")
    # the verb before a name is not part of it
    built = find_spans("甲园区与乙大学共同投入300万元，建设丙区域技术转移中心。", Ask.ORGANISATION)
    assert [s.text for s in built] == ["甲园区与乙大学", "丙区域技术转移中心"]
    # after a date, and without the localizer, preposition and pronoun before it
    filed = find_spans("高等院校应当在每年三月三十日前向其主管部门报送年度报告。", Ask.ORGANISATION)
    assert [s.text for s in filed] == ["主管部门"]


def test_a_common_word_the_dictionary_tags_as_a_name_is_not_a_person():
    from assistant.answer.spans import person_spans  # only this test needs it

    assert person_spans("以技术开发、技术转让、技术许可为内容的合同") == []
    assert person_spans("按照劳务报酬所得或者特许权使用费所得代扣个人所得税") == []
    assert [s.text for s in person_spans("和汤生物总经理张洪涛是江南大学副教授。")] == ["张洪涛"]


def test_the_figure_nearest_the_counted_noun_counts_it():
    sentence = "在5个领域建有72家专业研究所。"
    spans = counting(find_spans(sentence, Ask.NUMBER), sentence, ("研究所",))
    assert [s.text for s in spans] == ["72家"]
    assert [s.text for s in counting(find_spans(sentence, Ask.NUMBER), sentence, ("领域",))] == [
        "5个"]


def test_people_are_found_by_their_tag():
    assert [s.text for s in find_spans("院长刘庆认为，需求才是真需求。", Ask.PERSON)] == ["刘庆"]
    assert find_spans("企业愿意出钱解决需求。", Ask.PERSON) == []


def test_document_numbers_without_the_word_before_them():
    assert [s.text for s in find_spans("根据国办发〔2018〕127号文件", Ask.DOCUMENT_NUMBER)] == [
        "国办发〔2018〕127号"]


def test_an_ordinal_is_not_a_count():
    spans = find_spans("第三十九条 违反本条例的，处5000元以上罚款。", Ask.NUMBER)
    assert [s.text for s in spans] == ["5000元以上"]


def test_a_surname_the_tagger_split_off_stays_with_the_name():
    assert [s.text for s in find_spans("总经理张洪涛是副教授。", Ask.PERSON)] == ["张洪涛"]


def test_a_month_deadline_is_a_date_not_a_duration():
    sentence = "高等学校应当于每年三月底前提交年度报告，主管部门于4月底前报送。"
    assert [s.text for s in find_spans(sentence, Ask.DATE)] == ["每年三月底", "4月底"]
    assert find_spans(sentence, Ask.DURATION) == []
    assert [s.text for s in find_spans("应当在十五日内办理登记", Ask.DURATION)] == ["十五日内"]


def test_the_previous_year_is_not_a_duration():
    assert find_spans("提交上一年度科技成果转化情况年度报告", Ask.DURATION) == []
    assert [s.text for s in find_spans("连续三至五年", Ask.DURATION)] == ["三至五年"]


def test_ranges_read_as_ranges_in_english():
    assert to_english("三至五年", Ask.DURATION) == "3–5 years"
    assert to_english("1—2个", Ask.NUMBER) == "1–2"


def test_a_name_after_a_date_starts_after_the_words_that_cannot_be_part_of_it():
    names = [s.text for s in find_spans("自2024年1月1日起施行的管理办法由市科技局解释",
                                        Ask.ORGANISATION)]
    assert names == ["市科技局"]
    assert [s.text for s in find_spans("南方科技大学负责组织实施", Ask.ORGANISATION)] == [
        "南方科技大学"]  # a localizer that opens a name stays


def test_a_question_asking_for_money_is_answered_in_money_not_a_multiple():
    sentence = "并处违法所得一倍以上三倍以下的罚款；没有违法所得的，处五万元以上十万元以下的罚款。"
    spans = find_spans(sentence, Ask.AMOUNT)
    assert [s.text for s in counting(spans, sentence, measure="元")] == ["五万元以上十万元以下"]


def test_a_name_before_a_noun_only_describes_it():
    # "银行" in "经营者的银行账户" names no bank that acts
    assert find_spans("（五）查询涉嫌不正当竞争行为的经营者的银行账户。", Ask.ORGANISATION) == []
    spans = find_spans("县级以上人民政府经济和信息化主管部门负责本行政区域内的工作。",
                       Ask.ORGANISATION)
    assert [s.text for s in spans] == ["县级以上人民政府经济和信息化主管部门"]


def test_two_bodies_a_verb_stands_between_are_two_names():
    spans = find_spans("市统计部门应当会同科技主管部门做好统计工作。", Ask.ORGANISATION)
    assert [s.text for s in spans] == ["市统计部门", "科技主管部门"]


@pytest.mark.parametrize(("sentence", "span", "english"), [
    ("科技创新券可以在全省范围内使用，每半年至少结算一次。", "每半年", "every six months"),
    ("评估机构每两年评估一次。", "每两年", "every 2 years"),
    ("每季度报送一次统计数据。", "每季度", "every quarter"),
])
def test_how_often_is_a_duration(sentence, span, english):
    found = find_spans(sentence, Ask.DURATION)
    assert [s.text for s in found] == [span] and to_english(span, Ask.DURATION) == english


@pytest.mark.parametrize(("sentence", "name"), [
    # jieba tags 主管, 依法 and 备案 after a body as nouns
    ("国务院科学技术行政部门主管全国科技成果转化工作。", "国务院科学技术行政部门"),
    ("县级以上人民政府市场监督管理部门依法查处。", "县级以上人民政府市场监督管理部门"),
    ("报市科技局备案。", "市科技局"),
    ("市人力资源社会保障部门负责人才引进工作。", "市人力资源社会保障部门"),  # not a 负责人
    ("长三角联合研究院负责成果转化。", "长三角联合研究院"),  # 联合 inside a name
])
def test_a_body_keeps_its_name_whatever_follows_it(sentence, name):
    assert [s.text for s in find_spans(sentence, Ask.ORGANISATION)] == [name]


def test_durations_and_multiples_read_as_ranges_and_frequencies_need_a_recurrence():
    spans = find_spans("处三年以上七年以下有期徒刑。", Ask.DURATION)
    assert [s.text for s in spans] == ["三年以上七年以下"]
    assert to_english("三年以上七年以下", Ask.DURATION) == "3 to 7 years"
    assert to_english("一倍以上", Ask.AMOUNT) == "1 time or more"
    assert to_english("三至五倍", Ask.AMOUNT) == "3–5 times"
    assert to_english("每两周", Ask.DURATION) == "every 2 weeks"
    assert find_spans("每年发放一次性补贴。", Ask.DURATION) == []  # 一次性 is one-off
