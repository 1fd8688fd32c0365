"""A question about one document asks several things; a later part may be answered by a passage
of that document that retrieval did not rank for the whole question (test data written here)."""

import pytest

from assistant.answer.citations import CitationBook
from assistant.answer.document import addressee_lines, rest_of_document
from assistant.answer.evidence import Evidence, TermGroup
from assistant.answer.extractive import _pairings_of_named, _within_length
from assistant.answer.wording import wording_for
from assistant.documents import Chunk
from assistant.retrieval.asks import question_parts
from assistant.retrieval.types import ScoredChunk
from assistant.service import Assistant

SECTIONS = ["## 一、文件信息\n\n印发日期：2030年5月6日。印发单位：甲市人民政府办公厅。"]
SECTIONS += [f"## {n}、任务{n}\n\n围绕第{n}项任务开展工作，加强统筹协调。"
             for n in "二三四五六七八"]
SECTIONS += ["## 九、适用范围\n\n本计划把协同模式推广到全市36个重点园区。"]


@pytest.fixture(scope="module")
def bot(assistant_over) -> Assistant:
    return assistant_over({
        "plan.md": "# 甲市协同行动计划\n\n甲政办发〔2030〕9号\n\n" + "\n\n".join(SECTIONS),
        "scheme.md": "# 丙县配套实施方案\n\n## 一、依据\n\n为落实甲政办发〔2030〕9号文件，"
                     "丙县制定本方案。\n\n## 二、任务\n\n丙县建设3个配套园区。",
    }, "plan")


def _law(assistant_over, text: str) -> Assistant:
    """An assistant over one Markdown document written here."""
    return assistant_over({"law.md": text}, "law")


def test_the_rest_of_the_document_is_read_for_a_part_its_top_passages_miss(bot):
    plan = next(f.source for f in bot.kb.chunks.files() if "plan" in f.source)
    chunks = bot.kb.chunks.chunks_of(plan)
    first = [ScoredChunk(chunk=chunks[0], score=1.0)]
    groups = [TermGroup("覆盖", ("覆盖", "推广"), 2.0), TermGroup("园区", ("园区",), 3.0)]
    evidence = Evidence(hits=first, groups=groups, coverage=1.0)
    part = question_parts("这份计划哪天印发的？覆盖多少个园区？")[1]
    units = rest_of_document(chunks[0].source, part, evidence, bot.kb)
    assert units and "36个重点园区" in units[0].text
    assert all(u.hit.chunk.id != chunks[0].id for u in units)


def test_colloquial_questions_are_split_into_their_parts():
    parts = question_parts("甲区跟乙大学是啥关系？到现在培养了多少人才？")
    assert len(parts) == 2 and parts[1].ask.value == "number"


def test_a_document_number_is_read_from_the_documents_head(bot):
    answer = bot.ask("甲市协同行动计划的文号是什么？哪天印发的？")
    lines = answer.answer.splitlines()
    assert lines[0].startswith("甲政办发〔2030〕9号")
    assert "2030年5月6日" in answer.answer


def test_a_number_cited_in_passing_is_not_the_documents_own(bot):
    answer = bot.ask("丙县配套实施方案的文号是什么？")
    assert answer.refused and "甲政办发" not in answer.answer


def test_every_pairing_row_of_a_named_zone_is_listed(assistant_over):
    rows = ["序号,高新区,城市,高校,证据等级,说明"]
    rows += [f"{i},丁{i}高新区,丁市,丁{i}大学,confirmed,围绕装备制造开展合作" for i in range(1, 30)]
    rows += ["30,甲高新区,甲市,甲一大学,confirmed,聚焦生物医药",
             "31,甲高新区,甲市,甲二大学,confirmed,在农药和疫苗方向合作"]
    bot = assistant_over({"pairings.csv": "\n".join(rows)}, "pairs")
    question = "甲高新区的结对高校是哪几所？聚焦什么领域？"
    named = _pairings_of_named(bot.retrieve(question), bot.kb)  # whatever retrieval ranked
    assert {hit.chunk.metadata.get("university") for hit in named} == {"甲一大学", "甲二大学"}
    answer = bot.ask(question)
    assert "甲一大学" in answer.answer and "甲二大学" in answer.answer


def test_the_date_asked_with_the_issuer_is_the_issuing_date(assistant_over):
    sections = [f"## {n}、任务{n}\n\n请各单位在2031年{i}月底前完成第{n}项任务。"
                for i, n in enumerate("一二三四", start=1)]
    bot = assistant_over({"notice.md": "# 甲市人民政府关于推进校地协同的通知\n\n各区人民政府："
                          "\n\n" + "\n\n".join(sections) + "\n\n甲市人民政府\n\n2030年5月6日"},
                         "notice")
    answer = bot.ask("关于推进校地协同的通知是哪个部门印发的？在什么时候？")
    assert answer.answer.startswith("甲市人民政府")
    assert "2030年5月6日" in answer.answer


def test_a_summary_asking_how_a_document_is_organised_lists_its_sections(bot):
    answer = bot.ask("帮我概括一下甲市协同行动计划主要讲了哪几块，有没有时间节点？")
    lines = answer.answer.splitlines()
    sections = [line for line in lines if line.startswith("- ") and "、" in line[:5]]
    assert sections[0].startswith("- 一、文件信息") and any("九、适用范围" in s for s in sections)
    assert any("2030年5月6日" in line for line in lines[1 + len(sections):])
    assert all(c.source.endswith("plan.md") for c in answer.citations)


REPLY = """# 甲市人民政府关于同意建设乙园区的批复

甲政复〔2030〕3号

市科技局、乙区人民政府：

你们关于建设乙园区的请示（甲科发〔2030〕8号）收悉。现批复如下：

一、同意建设乙园区，规划面积12平方公里。

二、乙区人民政府要加强组织领导。

甲市人民政府

2030年6月1日
"""


@pytest.fixture(scope="module")
def reply(assistant_over) -> Assistant:
    return assistant_over({"reply.md": REPLY}, "reply")


def test_whom_a_reply_answers_and_the_number_of_their_request(reply):
    answer = reply.ask("同意建设乙园区的批复是回复谁的请示？请示文号多少？").answer
    assert answer.startswith("市科技局、乙区人民政府")
    assert "甲科发〔2030〕8号" in answer and "甲政复" not in answer.split("\n")[0]


def test_the_replys_own_number(reply):
    assert reply.ask("同意建设乙园区的批复文号是什么？").answer.startswith("甲政复〔2030〕3号")


def test_each_part_of_a_question_about_two_dates_gets_its_own(assistant_over):
    bot = _law(assistant_over, "# 丁法\n\n1990年1月1日第一届会议通过\n\n"
               "2010年2月2日第二届会议《关于修改丁法的决定》修正\n\n## 第一章 总则\n\n"
               "第一条 为了促进转化，制定本法。\n\n## 第二章 附则\n\n"
               "第九条 本法自1990年6月1日起施行。")
    answer = bot.ask("丁法最早是哪年通过的？后来什么时候修正的？").answer
    assert answer.startswith("1990年1月1日") and "2010年2月2日" in answer


def test_a_later_part_is_not_answered_by_the_sentence_of_an_earlier_one(assistant_over):
    bot = _law(assistant_over, "# 戊法\n\n## 第二章 组织实施\n\n"
               "第十八条 高等院校对其持有的成果，可以自主决定转让，但应当通过协议定价、"
               "挂牌交易等方式确定价格。通过协议定价的，应当在本单位公示成果名称和"
               "拟交易价格。\n\n第十九条 高等院校应当建立成果转化管理制度。")
    answer = bot.ask("戊法规定，高校转让成果能协议定价吗？协议定价的话有啥要求？").answer
    assert "可以" in answer.split("\n")[0] and "公示" in answer


def test_an_answer_gives_up_its_additions_before_it_runs_long():
    blocks = [(["甲。[1]"], ["乙" * 300 + "[2]", "丙" * 300 + "[3]"]),
              (["丁。[4]"], ["戊" * 300 + "[5]"])]
    lines = _within_length(blocks)
    assert lines[0] == "甲。[1]" and "丁。[4]" in lines
    assert sum(len(line) + 1 for line in lines) <= 800
    assert lines[1].startswith("乙")  # the first part's first addition is kept longest


def test_a_long_answer_gives_up_its_last_parts_too():
    blocks = [(["甲" * 300 + "[1]"], []), (["乙" * 300 + "[2]"], []), (["丙" * 300 + "[3]"], [])]
    lines = _within_length(blocks)
    assert lines[0].startswith("甲") and len(lines) == 2


def test_a_line_that_tells_what_follows_is_not_the_addressees():
    chunk = Chunk(id="1", source="n.md", title="甲市关于推进协同的通知", doc_type="policy",
                  text="根据省委、省政府部署，现将有关事项通知如下：\n一、总体要求", locator="全文")
    assert addressee_lines(chunk, CitationBook(), wording_for("zh")) == []
    chunk.text = "各区人民政府，市各委、办、局：\n一、总体要求"
    assert addressee_lines(chunk, CitationBook(), wording_for("zh")) == []  # has a comma
    chunk.text = "各区人民政府、市各委办局：\n一、总体要求"
    assert addressee_lines(chunk, CitationBook(), wording_for("zh"))[0].startswith("各区人民政府")


def test_a_fine_answers_a_question_about_a_fine_not_about_a_fee(assistant_over):
    bot = _law(assistant_over, "# 己市技术市场条例\n\n## 第五章 法律责任\n\n"
               "第三十条 以不正当手段骗取技术合同登记证明的，由登记机构撤销登记，"
               "并处5000元以上1万元以下的罚款。")
    assert bot.ask("己市技术合同登记机构登记一份合同收多少钱？").refused
    assert "5000元以上" in bot.ask("骗取技术合同登记证明的，罚款多少钱？").answer
