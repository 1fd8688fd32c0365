from assistant.documents import Answer, Citation
from assistant.evaluation import (
    PAGE,
    EvalResult,
    QuestionResult,
    groups_met,
    is_relevant,
    norm,
)


def _result(answer: Answer, expect, answerable=True, rank=1, lang="zh") -> QuestionResult:
    return QuestionResult(id="x", lang=lang, question="q", answerable=answerable, expect=expect,
                          answer=answer, first_relevant_rank=rank)


def test_norm_folds_script_spaces_and_thousands_separators():
    assert norm("5,151 項 專利") == "5151项专利"


def test_relevance_needs_half_of_the_groups():
    expect = [["18"], ["37"], ["51"], ["13"]]
    assert is_relevant("18个高新区、37所高校", expect)
    assert not is_relevant("18个高新区", expect)
    assert groups_met("共51个对子，13个设区市", expect) == 2


def test_answer_metrics():
    cite = Citation(n=1, source="a.md", title="t", locator="一、", snippet="共结成51个对子。")
    good = Answer(answer="据报道：共结成51个对子。[1]", citations=[cite])
    unbacked = Answer(answer="无关的说法[1] 和悬空标记[2]", citations=[cite])
    refused = Answer(answer="资料没有涉及。", refused=True)
    result = EvalResult([
        _result(good, [["51"]]),
        _result(unbacked, [["51"]], rank=None),
        _result(refused, [], answerable=False),
    ])
    answers = result.answers()
    assert answers["accuracy"] == 0.5
    assert answers["refusal_accuracy"] == 1.0 and answers["false_refusal_rate"] == 0.0
    assert answers["citation_resolution"] == round(1 / 3, 4)
    assert result.retrieval("zh") == {"recall@1": 0.5, "recall@5": 0.5, "mrr@10": 0.5, "n": 2}


def test_a_page_range_counts_as_naming_the_page():
    assert PAGE.search("第2–3页 · 二、工作目标") and PAGE.search("第 4 页")
    assert not PAGE.search("二、工作目标")


def test_a_marker_is_backed_by_one_joined_sentence_of_its_snippet_whatever_the_source_label():
    title = "省政府办公厅关于推进高新区和高等院校协同创新发展的实施意见"
    cite = Citation(n=1, source="a.pdf", title=title, locator="第1页",
                    snippet="文号：苏政办发〔2025〕28号 … 成文日期：2025年7月4日")
    backed = Answer(answer=f"《{title}》（第1页）：成文日期：2025年7月4日[1]", citations=[cite])
    lead_in = Answer(answer=f"《{title}》, 一、: 文号：苏政办发〔2025〕28号[1]", citations=[cite])
    unbacked = Answer(answer=f"《{title}》（第1页）：印发单位是省科技厅[1]", citations=[cite])
    assert _result(backed, [["7月4日"]]).marker_resolution() == (1, 1)
    assert _result(lead_in, [["28号"]]).marker_resolution() == (1, 1)
    assert _result(unbacked, [["科技厅"]]).marker_resolution() == (0, 1)


def test_a_short_text_or_a_claim_after_the_title_is_not_backed_by_standing_in_the_snippet():
    cite = Citation(n=1, source="a.md", title="实施意见", locator="第1页",
                    snippet="到2012年共建平台50个，具体包括实验室和研究院。")
    digits = Answer(answer="《实施意见》（第1页）：12[1]", citations=[cite])
    claim = Answer(answer="《实施意见》要求省科技厅牵头建设平台，具体是：研究院[1]",
                   citations=[cite])
    assert _result(digits, [["12"]]).marker_resolution() == (0, 1)
    assert _result(claim, [["研究院"]]).marker_resolution() == (0, 1)
    short = Answer(answer="《实施意见》（第1页）：院究研[1]", citations=[cite])
    assert _result(short, [["研究院"]]).marker_resolution() == (0, 1)  # three characters


def test_one_joined_sentence_of_a_snippet_backs_a_longer_line_holding_it():
    cite = Citation(n=1, source="a.md", title="t", locator="一、",
                    snippet="发文机关：江苏省人民政府办公厅 … 成文日期：2025年7月4日")
    line = Answer(answer="Issued by: 发文机关：江苏省人民政府办公厅 (the provincial office)[1]",
                  citations=[cite])
    assert _result(line, [["办公厅"]]).marker_resolution() == (1, 1)


def test_a_lead_is_backed_by_its_value_or_the_original_it_gives_in_brackets():
    cite = Citation(n=1, source="a.md", title="t", locator="第十八条",
                    snippet="高等院校应当于每年3月30日前提交年度报告。该区与4所结对高校共建基地。")
    for lead in ("4所。", "30 March (3月30日)"):
        answer = Answer(answer=f"{lead}[1]", citations=[cite])
        assert _result(answer, [["x"]]).marker_resolution() == (1, 1), lead
    wrong = Answer(answer="30 April (4月30日)[1]", citations=[cite])
    assert _result(wrong, [["x"]]).marker_resolution() == (0, 1)

