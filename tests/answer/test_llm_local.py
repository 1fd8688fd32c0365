"""The local GGUF model through the llamacpp backend (`make local-llm`, then `make test-llm`).

Skipped only when the model file is absent: with the model present a missing llama-cpp-python is
a failure, because `make local-llm` installs both.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.answer.citations import MARKER
from assistant.answer.llm import LLMComposer
from assistant.answer.llm.backends import DEFAULT_GGUF
from assistant.config import Settings
from assistant.documents import Answer, Chunk
from assistant.retrieval.query import analyze
from assistant.retrieval.types import RetrievalResult, ScoredChunk

MODEL = Path(os.environ.get("ASSISTANT_LLM_MODEL_PATH") or DEFAULT_GGUF)
pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(not MODEL.is_file(), reason=f"no local model at {MODEL}: make local-llm"),
]

OPINION = "省政府办公厅关于推进高新区和高等院校协同创新发展的实施意见"
EVIDENCE = [
    ("实施意见.pdf", OPINION, "第1页",
     f"《{OPINION}》文号为苏政办发〔2025〕28号，"
     "由江苏省人民政府办公厅于2025年7月4日印发，简称\"双高协同\"。"),
    ("实施意见.pdf", OPINION, "一、总体思路",
     "统筹推进教育科技人才体制机制一体改革，构建具有江苏特色的科技创新和产业创新深度融合体系。"),
    ("新闻.html", "双高协同工作推进会", "全文",
     "推进会要求各高新区与结对高校建立常态化对接机制，共建创新平台。"),
]


class NeverRefuses:
    """A fallback that always answers, so a refusal can only come from the model itself."""

    def compose(self, question, result, kb) -> Answer:
        return Answer(answer="fallback")


@pytest.fixture(scope="module")
def composer() -> LLMComposer:
    settings = Settings(llm="llamacpp", llm_model_path=str(MODEL))
    return LLMComposer(settings, fallback=NeverRefuses())


def _result(question: str) -> RetrievalResult:
    """The real query analysis (language, glossary terms) over a fixed evidence set."""
    hits = [
        ScoredChunk(Chunk(id=f"c{i}", source=s, title=t, doc_type="policy", locator=loc,
                          text=text), score=1.0 - i / 10)
        for i, (s, t, loc, text) in enumerate(EVIDENCE)
    ]
    return RetrievalResult(query=analyze(question, []), hits=hits)


def _assert_cited(answer: Answer) -> None:
    assert not answer.refused and not answer.notice, answer
    assert answer.citations
    numbers = {c.n for c in answer.citations}
    assert {int(m) for m in MARKER.findall(answer.answer)} == numbers
    assert all(c.snippet and c.source in {"实施意见.pdf", "新闻.html"} for c in answer.citations)


def test_chinese_question_gets_a_cited_chinese_answer(composer):
    question = "双高协同实施意见的文号是什么？"
    answer = composer.compose(question, _result(question), kb=None)
    _assert_cited(answer)
    assert "28号" in answer.answer
    assert any("28号" in c.snippet for c in answer.citations)


def test_english_question_gets_a_cited_english_answer(composer):
    question = "When was the 双高协同 implementation opinion issued?"
    answer = composer.compose(question, _result(question), kb=None)
    _assert_cited(answer)
    assert "2025" in answer.answer
    assert any("2025年7月4日" in c.snippet for c in answer.citations)


@pytest.mark.parametrize("question", ["上海迪士尼乐园的门票多少钱？",
                                      "How much is a ticket to Shanghai Disneyland?"])
def test_question_outside_the_evidence_is_refused(composer, question):
    answer = composer.compose(question, _result(question), kb=None)
    assert answer.refused and not answer.citations, answer
