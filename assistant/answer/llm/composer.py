"""The LLM composer: the model writes from numbered evidence; every [n] is checked afterwards.

Same interface as the extractive composer. The extractive answer is computed first (it is cheap):
when it refuses, so does this composer, so "nothing found" never costs a model call; and it is
the answer shown, with a notice, whenever the model fails, stalls, cites nothing valid, says
nothing beyond the question or keeps answering an English question in Chinese. Sentences whose
figures are in none of their cited passages are removed (see vetting.py).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import replace

from langchain_core.language_models import BaseChatModel

from assistant.answer.citations import MARKER
from assistant.answer.llm.backends import make_chat_model
from assistant.answer.llm.citing import checked_answer, repoint
from assistant.answer.llm.prompt import (
    Passage,
    PromptTemplate,
    load_prompt,
    neutralise,
    number_passages,
    render_evidence,
    render_history,
)
from assistant.answer.llm.vetting import drop_unsupported_figures, is_hollow
from assistant.answer.wording import wording_for
from assistant.config import Settings
from assistant.documents import Answer, Citation
from assistant.retrieval.types import RetrievalResult
from assistant.text.lang import detect_language

log = logging.getLogger(__name__)

REFUSAL_CHARS = 80  # a cited "not covered" this short is a refusal, not a partial answer
LANGUAGE_CHECK_CHARS = 80  # judge an English answer's language once this much has streamed
# The model's way of saying the evidence is insufficient (the prompts ask for the first forms).
NOT_COVERED = re.compile(
    r"没有找到能回答|资料(中|里)?(没有|未)(提到|提及|涉及|包含|说明|找到)|无法根据|"
    r"does not cover|do(es)? not (mention|contain|say|cover)|not covered|no information",
    re.IGNORECASE,
)
NOTICES = {
    "en": {
        "failed": "LLM endpoint failed ({reason}); showing the extractive answer",
        "uncited": "LLM answer cited no evidence; showing the extractive answer",
        "language": "LLM answered in Chinese; showing the extractive answer",
        "hollow": "LLM answer said nothing beyond the question; showing the extractive answer",
        "figures": "removed {n} sentence(s) of the LLM answer stating figures not found in the "
                   "cited passages",
        "timeout": "no reply within {seconds:g} s", "connect": "cannot connect",
        "empty": "empty reply", "none": "(none)",
        "followup": "This is a follow-up; the conversation was about: {topics}",
    },
    "zh": {
        "failed": "大模型接口调用失败（{reason}），以下为抽取式回答",
        "uncited": "大模型回答没有标注有效出处，以下为抽取式回答",
        "language": "大模型未按问题语言作答，以下为抽取式回答",
        "hollow": "大模型回答没有实际内容，以下为抽取式回答",
        "figures": "已删去大模型回答中 {n} 句所引原文里找不到的数字表述",
        "timeout": "{seconds:g} 秒内无响应", "connect": "无法连接",
        "empty": "返回为空", "none": "（无）",
        "followup": "这是追问，前文谈到：{topics}",
    },
}


class EmptyReply(Exception):
    """The model returned nothing but whitespace."""


class WrongLanguage(Exception):
    """An English question was answered mostly in Chinese."""


class LLMComposer:
    """Streams a grounded, cited answer from a chat model; falls back to `fallback` on failure."""

    def __init__(self, settings: Settings, fallback, model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self.fallback = fallback
        self.name = settings.llm
        self.model = model if model is not None else make_chat_model(settings)
        self.prompts: dict[str, PromptTemplate] = {
            lang: load_prompt(f"answer.{lang}") for lang in ("zh", "en")
        }

    def compose(self, question: str, result: RetrievalResult, kb) -> Answer:
        answer = Answer(answer="")
        for answer in self.stream(question, result, kb):  # noqa: B007  (the last one is final)
            pass
        return answer

    def stream(self, question: str, result: RetrievalResult, kb) -> Iterator[Answer]:
        """Growing partial answers while tokens arrive; the last one yielded is the checked one."""
        extractive = self.fallback.compose(question, result, kb)
        if extractive.refused or not result.hits:
            yield extractive
            return
        lang = "en" if result.query.language == "en" else "zh"
        passages = number_passages(result.hits)
        started = time.perf_counter()
        for strict in ((False, True) if lang == "en" else (False,)):
            try:
                text = yield from self._attempt(question, result, passages, lang, strict)
            except WrongLanguage:
                continue
            except Exception as err:  # any backend failure must end in an answer, not a trace
                log.warning("LLM call failed: %s", err, exc_info=True)
                reason = self._reason(err, lang)
                yield replace(extractive, notice=NOTICES[lang]["failed"].format(reason=reason))
                return
            yield self._final(question, text, passages, lang, result, extractive, started)
            return
        yield replace(extractive, notice=NOTICES[lang]["language"])

    # --- one model call -----------------------------------------------------------------------
    def _attempt(self, question: str, result: RetrievalResult, passages: list[Passage],
                 lang: str, strict: bool) -> Generator[Answer, None, str]:
        """Stream one reply, yielding partial answers; returns the whole reply text.

        For English questions nothing is shown until the first LANGUAGE_CHECK_CHARS have been
        judged, so a reply about to be retried in English never flashes up in Chinese.
        """
        messages = self.prompts[lang].messages(
            strict=strict,
            question=" ".join(neutralise(question).split()),
            evidence=render_evidence(passages),
            history=self._history(result, lang),
            terms=self._terms(result, lang),
        )
        text = ""
        judged = lang != "en"
        with closing(iter(self.model.stream(messages))) as chunks:
            for chunk in chunks:
                if not chunk.text:  # role-only and closing chunks carry no text
                    continue
                text += chunk.text
                if not judged and len(text) >= LANGUAGE_CHECK_CHARS:
                    judged = True
                    if mostly_chinese(text):
                        raise WrongLanguage
                if judged and text.strip():
                    partial, citations = checked_answer(text, passages)
                    yield Answer(answer=partial.strip(), citations=citations)
        if not text.strip():
            raise EmptyReply
        if not judged and mostly_chinese(text):
            raise WrongLanguage
        return text

    @staticmethod
    def _terms(result: RetrievalResult, lang: str) -> str:
        """Chinese names and glossary terms of the question: for an English question over
        Chinese passages, the bridge a small model needs to see that they match."""
        query = result.query
        terms = [e.name for e in getattr(query, "entities", None) or ()]
        terms += list(getattr(query, "expansions", None) or ())
        listed = "、".join(dict.fromkeys(" ".join(neutralise(t).split()) for t in terms))
        return listed or NOTICES[lang]["none"]

    @staticmethod
    def _history(result: RetrievalResult, lang: str) -> str:
        """Turns when the query carries them; else, for a follow-up, what it was about."""
        words = NOTICES[lang]
        query = result.query
        turns = getattr(query, "history", None)
        if turns:
            return render_history(turns, words["none"])
        if getattr(query, "is_followup", False):
            topics = [e.name for e in getattr(query, "inherited", [])]
            topics += list(getattr(query, "topic_terms", []))
            if topics:
                listed = "、".join(dict.fromkeys(neutralise(t) for t in topics))
                return words["followup"].format(topics=listed)
        return words["none"]

    def _final(self, question: str, text: str, passages: list[Passage], lang: str,
               result: RetrievalResult, extractive: Answer, started: float) -> Answer:
        checked, citations = checked_answer(text.strip(), passages)
        timings = {"llm_ms": round((time.perf_counter() - started) * 1000, 1)}
        words = wording_for(lang)
        if is_refusal(text, citations):
            return Answer(answer=self._refusal_text(lang, result), refused=True,
                          timings_ms=timings)
        vetted, dropped = drop_unsupported_figures(repoint(text.strip(), passages), passages)
        if is_hollow(vetted, question):
            return replace(extractive, notice=NOTICES[lang]["hollow"])
        checked, citations = checked_answer(vetted.strip(), passages)
        if not citations:
            return replace(extractive, notice=NOTICES[lang]["uncited"])
        if any(c.sample for c in citations):
            checked += "\n\n" + words.sample_note
        notice = NOTICES[lang]["figures"].format(n=dropped) if dropped else ""
        return Answer(answer=checked, citations=citations, timings_ms=timings, notice=notice)

    @staticmethod
    def _refusal_text(lang: str, result: RetrievalResult) -> str:
        """The model found the evidence insufficient: say so, and name the closest documents."""
        words = wording_for(lang)
        titles = list(dict.fromkeys(h.chunk.title for h in result.hits[:3]))
        return words.not_covered + ("\n" + words.closest + "；".join(f"《{t}》" for t in titles)
                                    if titles else "")

    def _reason(self, err: Exception, lang: str) -> str:
        """A few words on what failed, from the exception's type names (backends differ)."""
        words = NOTICES[lang]
        names = {cls.__name__ for cls in type(err).__mro__}
        status = getattr(err, "status_code", None) or getattr(
            getattr(err, "response", None), "status_code", None)
        if isinstance(err, EmptyReply):
            return words["empty"]
        if names & {"APITimeoutError", "TimeoutException", "TimeoutError"}:
            return words["timeout"].format(seconds=self.settings.llm_timeout_s)
        if isinstance(status, int):
            return f"HTTP {status}"
        if names & {"APIConnectionError", "ConnectError", "ConnectionError", "TransportError"}:
            return words["connect"]
        return type(err).__name__


def is_refusal(text: str, citations: list[Citation]) -> bool:
    """The model said the evidence does not answer: with no citation, or cited but only that."""
    if not NOT_COVERED.search(text):
        return False
    return not citations or len(MARKER.sub("", text).strip()) <= REFUSAL_CHARS


_TITLE_OR_QUOTE = re.compile(r"《[^》]*》|「[^」]*」|“[^”]*”|\[\d+\]")


def mostly_chinese(text: str) -> bool:
    """Chinese prose outweighs English once quoted titles and names are set aside."""
    return detect_language(_TITLE_OR_QUOTE.sub(" ", text)) == "zh"
