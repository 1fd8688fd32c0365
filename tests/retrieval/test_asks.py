"""What a question asks for, and its parts."""

import pytest

from assistant.retrieval.asks import Ask, ask_of, question_parts


@pytest.mark.parametrize(("question", "ask"), [
    ("职务科技成果转让的，奖励比例不低于多少？", Ask.PERCENTAGE),
    ("本条例什么时候开始施行？", Ask.DATE),
    ("离岗创业最长多长时间？", Ask.DURATION),
    ("登记机构要在几天内办完登记？", Ask.DURATION),
    ("罚款金额是多少？", Ask.AMOUNT),
    ("哪个部门负责组织实施？", Ask.ORGANISATION),
    ("科研人员可以离岗创业吗？", Ask.YES_NO),
    ("什么是职务科技成果？", Ask.DEFINITION),
    ("老师用学校经费做的发明，算不算职务发明？", Ask.DEFINITION),  # does the case count as X
    ("专利法怎么界定职务发明创造？", Ask.DEFINITION),
    ("可以通过哪几种方式作价投资？", Ask.LIST),
    ("首批试点共有多少个高新区？", Ask.NUMBER),
    ("给我一个带数字的简要概括", Ask.SUMMARY),
    ("When does the regulation take effect?", Ask.DATE),
    ("Which took effect first, this one or that one? Give me both dates.", Ask.DATE),
    ("What services does the regulation encourage?", Ask.LIST),
    ("How much central funding was promised?", Ask.AMOUNT),
    ("实施意见的文号是什么？", Ask.DOCUMENT_NUMBER),
    ("How much was invested?", Ask.AMOUNT),  # a verb of money asks an amount
    ("How soon must the reward be paid?", Ask.DURATION),
    ("What corporate income tax rate applies to the zone's firms?", Ask.PERCENTAGE),
    ("区内企业的所得税税率是多少？", Ask.PERCENTAGE),
    ("How does the national law's minimum reward share compare with Shanghai's?", Ask.PERCENTAGE),
    ("With no payment deadline in its rules, how soon must it pay the reward?", Ask.DURATION),
    ("要是不给登记，我们能找谁复核？", Ask.ORGANISATION),  # whom to turn to is a body
    ("示范区的管理机关是谁？", Ask.ORGANISATION),
    ("示范区管委会的负责人是谁？", Ask.PERSON),
    ("Under the rules, how often are the vouchers settled?", Ask.DURATION),
    ("Who built the centre?", Ask.ORGANISATION),
    ("Who can apply?", Ask.FACT),  # who qualifies, not a name
    ("How much does the city put into the fund each year?", Ask.AMOUNT),
    # a yes/no form asking no value is a yes/no question, whatever value it mentions
    ("专利占注册资本的比例有没有上限？", Ask.YES_NO),
    ("Is the share of registered capital capped?", Ask.YES_NO),
    ("能不能拿到百分之五十以上？", Ask.YES_NO),
    ("Can you tell me the deadline for the annual report?", Ask.DATE),  # a request, not yes/no
    ("能不能说一下补贴金额？", Ask.AMOUNT),
    ("Who has to pay the fee?", Ask.FACT),  # who qualifies or is bound, not a body's name
    ("When we sign the contract, how long does approval take?", Ask.DURATION),
])
def test_what_is_asked(question, ask):
    assert ask_of(question) is ask


def test_parts_and_instructions():
    parts = question_parts("实施意见的文号是什么？哪天印发的？")
    assert [p.ask for p in parts] == [Ask.DOCUMENT_NUMBER, Ask.DATE]
    # an instruction is not a question of its own: it shapes the part before it
    (part,) = question_parts("还给了哪些支持举措？帮我列一下。")
    assert part.ask is Ask.LIST and "帮我列一下" in part.text
    english = question_parts("Who built it, how much was invested, and what results were reported?")
    assert len(english) == 3
    issued = question_parts("Who issued the circular (No. 127), and on what date?")
    assert [p.ask for p in issued] == [Ask.ORGANISATION, Ask.DATE]


def test_clauses_that_each_ask_are_parts():
    parts = question_parts("一共有多少个园区、多少所高校，结成了多少个对子？覆盖几个城市？")
    assert [p.counted for p in parts] == ["园区", "高校", "对子", "城市"]
    # a clause that asks nothing is the condition of the one after it
    (part,) = question_parts("如果是高校，能拿多少奖励？")
    assert part.text.startswith("如果是高校")
    # an English sentence setting the scene asks nothing, even with an "is" in it
    (part,) = question_parts("We want to import a technology that is on the restricted list. "
                             "Once the application is received, how many days does approval take?")
    assert part.ask is Ask.DURATION and ", how many" in part.text


def test_counts_days_articles_and_issuers():
    assert question_parts("总体思路里提了哪三个“坚持”？")[0].count == 3
    assert question_parts("第十二条规定了什么？")[0].count is None
    assert question_parts("第十二条规定了什么？")[0].article == "12"
    assert question_parts("What does Article 34 say?")[0].article == "34"
    assert question_parts("这个批复是哪天印发的？")[0].wants_day
    assert not question_parts("哪一年开始的？")[0].wants_day
    assert question_parts("这份通知是哪个部门印发的？")[0].asks_issuer
    assert question_parts("这个批复是哪天印发的？")[0].asks_issue_date


@pytest.mark.parametrize(("question", "noun"), [
    ("分几个阶段推进？", "阶段"),
    ("覆盖多少个园区？", "园区"),
    ("联合了几所结对高校？", "高校"),
    ("关键核心技术攻关平台又是多少个？", "平台"),
    ("首期投入多少？", ""),  # no measure word: the answer may be an amount
    ("卖方要从净收入里拿多少出来奖励研发人员？", ""),  # a verb after 多少: a share, not a count
    ("多少企业参加了？", "企业"),
    ("出台了多少项举措？", "举措"),  # after a measure word, whatever jieba tags the noun
])
def test_the_counted_noun(question, noun):
    assert question_parts(question)[0].counted == noun


def test_people_and_units_of_measure():
    assert ask_of("这份文件是哪位领导签发的？") is Ask.PERSON
    assert ask_of("Who is its president?") is Ask.PERSON
    assert question_parts("示范区总共规划了多少平方公里？")[0].measure == "平方公里"
    assert question_parts("没有违法所得的话罚多少钱？")[0].measure == "元"


def test_an_english_counted_noun_in_the_documents_words():
    part = question_parts("How many research institutes does the institute run?")[0]
    assert "研究所" in part.counted_forms
    assert question_parts("分几个阶段推进？")[0].counted_forms == ("阶段",)
    assert question_parts("How much was invested?")[0].counted_forms == ()


def test_document_numbers_and_noun_phrases_listed_after_a_question():
    assert ask_of("这份通知的文号是什么？") is Ask.DOCUMENT_NUMBER
    parts = question_parts("Which ministries launched it, its document number, and its three "
                           "cooperation areas?")
    assert [p.ask for p in parts] == [Ask.LIST, Ask.DOCUMENT_NUMBER, Ask.LIST]
    assert parts[2].count == 3


def test_addressees_and_the_number_of_another_kind_of_document():
    first, second = question_parts("这份批复是回复谁的请示？请示文号多少？")
    assert first.asks_addressee and second.numbered_kind == "请示"
    assert question_parts("这份通知的文号是什么？")[0].numbered_kind == "通知"
    assert question_parts("文号是什么？")[0].numbered_kind == ""


def test_english_lists_and_people():
    assert ask_of("What ways of commercialising an achievement does the law allow?") is Ask.LIST
    assert ask_of("Who was the first director of the committee?") is Ask.PERSON


def test_a_question_in_dozens_of_pieces_has_a_few_parts():
    question = "？".join(f"第{i}项是什么" for i in range(40))
    assert len(question_parts(question)) == 6


def test_a_request_for_figures_is_not_a_topic_about_statistics():
    from assistant.retrieval.asks import wants_figures  # only this test needs it

    assert wants_figures("Give me a quick summary with some statistics")
    assert wants_figures("给我一个带数字的概括")
    assert not wants_figures("What index does the statistics office publish for the zone?")


def test_a_question_of_many_clauses_is_read_once():
    # hundreds of clauses that ask nothing, then one that asks: one part, and the characters
    # scanned for question words stay a small multiple of the question's length
    import assistant.retrieval.asks as asks  # patched to count what is scanned

    cue = asks.pattern("asks.interrogative.cue")
    scanned = 0

    class Counting:
        def __getattr__(self, name):
            return getattr(cue, name)

        def finditer(self, text, *args):
            nonlocal scanned
            scanned += len(text)
            return cue.finditer(text, *args)

    real = asks.pattern
    asks.pattern = lambda key: Counting() if key == "asks.interrogative.cue" else real(key)
    question = "，".join(["如果是高校"] * 300) + "，能拿多少奖励？"
    try:
        (part,) = question_parts(question)
    finally:
        asks.pattern = real
    assert part.ask is Ask.NUMBER
    assert scanned < 10 * len(question)  # a re-scan per clause would read it ~150 times


@pytest.mark.parametrize(("question", "kind"), [
    ("听说省里给搞发明的人设了个奖，叫啥名字来着？", "奖"),
    ("市里给联盟设的奖叫什么名字？", "奖"),  # a thing's name, not a person's
    ("设了什么奖呢？", "奖"),
    ("最后想搞出个什么模式？", "模式"),
    ("这个奖励政策叫什么名字？", ""),  # 奖 inside 奖励 is no kind
    ("The park has a matching platform — what is it called?", "platform"),
    ("What is the name of the platform?", "platform"),
    ("What is the planning period called?", ""),  # "plan" inside a word is no kind
])
def test_the_kind_of_thing_whose_name_is_asked(question, kind):
    part = question_parts(question)[0]
    assert part.named_kind == kind
    assert part.ask is not Ask.PERSON or not kind


def test_a_day_asked_for_is_a_date_even_with_a_duration_word_in_it():
    assert question_parts("这个文件是几月几日印发的？")[0].ask is Ask.DATE
    assert question_parts("条例是哪年几月几日通过的？")[0].ask is Ask.DATE
