from assistant.answer.llm.prompt import Passage
from assistant.answer.llm.vetting import drop_unsupported_figures, is_hollow
from assistant.documents import Chunk


def _passages(*texts: str) -> list[Passage]:
    return [Passage(n=i, chunk=Chunk(id=f"c{i}", source=f"d{i}.md", title="", doc_type="policy",
                                     text=t, locator="全文"), text=t)
            for i, t in enumerate(texts, 1)]


def test_markers_alone_are_hollow_but_a_short_answer_is_not():
    assert is_hollow("[1][2]。", "谁负责？")
    assert is_hollow(" [3] . [4]", "Who is responsible?")
    assert not is_hollow("省科技厅[1]。", "由哪个部门负责？")


def test_the_question_said_back_is_hollow():
    question = ('What exactly is the "五个一" (five ones) system we are expected to build with '
                "our paired high-tech zone?")
    said_back = ('The "five ones" system we are expected to build with our paired high-tech '
                 "zone is [2][3] [4][5] [6] .")
    assert is_hollow(said_back, question)
    assert not is_hollow("It means one joint lab, one fund and one platform [1].", question)
    assert is_hollow("苏州高新区结对的高校是哪几所[1]。", "苏州高新区结对的高校是哪几所？")


def test_figures_must_be_in_the_passages_their_sentence_cites():
    passages = _passages("到2027年，建成10个示范区，培养研究生1,000名。", "投入资金50亿元。")
    text = ("到2027年建成10个示范区[1]。培养研究生1000名[1]。"
            "投入50亿元[1]。The fund is 5,000 million yuan [2]. It covers 80% of zones [2]. "
            "Phase 3.5 ends[1].")
    kept, dropped = drop_unsupported_figures(text, passages)
    assert kept == ("到2027年建成10个示范区[1]。培养研究生1000名[1]。"
                    "The fund is 5,000 million yuan [2].")
    assert dropped == 3  # 50亿 is not in passage 1; 80 and 3.5 are in no cited passage


def test_an_uncited_sentence_is_checked_against_all_passages():
    passages = _passages("建成10个示范区。", "投入资金5亿元，设立20个项目。")
    kept, dropped = drop_unsupported_figures("设立20个项目。另有35个基地。", passages)
    assert (kept, dropped) == ("设立20个项目。", 1)


def test_english_amounts_are_checked_by_value():
    passages = _passages("项目总投资近10亿元，设立2500万元专项资金。", "计划引进5000 million美元。")
    text = ("It invested nearly 1 billion yuan [1]. A fund of 25 million yuan was set up [1]. "
            "The investment was 500 million yuan [1]. They plan 5,000 million dollars [2].")
    kept, dropped = drop_unsupported_figures(text, passages)
    assert kept == ("It invested nearly 1 billion yuan [1]. A fund of 25 million yuan was set up "
                    "[1]. They plan 5,000 million dollars [2].")
    assert dropped == 1  # 500 million = 5亿 = 50000万: in neither form in passage 1
