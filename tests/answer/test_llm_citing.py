"""Citations for model answers (assistant/answer/llm/citing.py)."""

from __future__ import annotations

from assistant.answer.llm.citing import checked_answer, claims_by_marker, repoint, snippet_for
from assistant.answer.llm.prompt import Passage
from assistant.documents import Chunk


def _passage(n: int, text: str, sample: bool = False) -> Passage:
    chunk = Chunk(id=f"c{n}", source=f"d{n}.md", title=f"T{n}", doc_type="policy", text=text,
                  locator="一、", metadata={"sample": sample})
    return Passage(n, chunk, text)


def test_claims_are_grouped_by_the_marker_they_carry():
    found = claims_by_marker("甲是一[1]。乙是二[2][1]。丙是三。[3]\nThe fourth is four [2].")
    assert found == {1: ["甲是一。", "乙是二。"], 2: ["乙是二。", "The fourth is four ."],
                     3: ["丙是三。"]}


def test_marker_on_a_sentence_copied_from_another_passage_is_repointed():
    passages = [_passage(1, "实施意见由省政府办公厅于2025年7月4日印发。"),
                _passage(2, "统筹推进教育科技人才体制机制一体改革，构建深度融合体系。")]
    copied = "总体思路是统筹推进教育科技人才体制机制一体改革，构建深度融合体系。"
    text = f"{copied}[1]印发于2025年7月4日[1]。"
    assert repoint(text, passages) == f"{copied}[2]印发于2025年7月4日[1]。"


def test_markers_are_left_alone_when_the_evidence_is_not_clear_cut():
    passages = [_passage(1, "甲方与乙方签订协议。"), _passage(2, "甲方与乙方签订协议并共建平台。")]
    text = "甲方与乙方签订协议[1]。An English sentence about it [2]."
    assert repoint(text, passages) == text


def test_short_passage_is_its_own_snippet():
    assert snippet_for("短文本。", ["无关"]) == "短文本。"


def test_long_passage_snippet_keeps_the_matching_sentences_in_order():
    text = "开头的话。" * 40 + "目标是十个平台。" + "中间的话。" * 40 + "期限是2027年。"
    snippet = snippet_for(text, ["期限是2027年", "目标是十个平台"])
    assert snippet == "目标是十个平台。 … 期限是2027年。"


def test_unmatched_long_passage_falls_back_to_its_opening():
    text = "一二三四五。" * 100
    snippet = snippet_for(text, ["English claim"], limit=30)
    assert snippet == text[:30] + "…"


def test_checked_answer_builds_citations_from_the_passages_it_uses():
    passages = [_passage(1, "甲。"), _passage(2, "乙。", sample=True)]
    text, citations = checked_answer("乙[2]，甲[1]，丙[5]。", passages)
    assert text == "乙[1]，甲[2]，丙。"
    assert [(c.n, c.chunk_id, c.snippet, c.sample) for c in citations] == [
        (1, "c2", "乙。", True), (2, "c1", "甲。", False)]
