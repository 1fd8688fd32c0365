"""The chat: streamed answers with linked [n] markers, the sources panel, 👍/👎 feedback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import gradio as gr

from assistant.app.context import AppContext
from assistant.app.feedback import Turn, feedback_record
from assistant.app.filters import FilterBar, filters_dict
from assistant.app.highlight import query_terms
from assistant.app.sources_panel import empty_panel, link_markers, pending_panel, render_sources
from assistant.app.texts import panel_words
from assistant.documents import Answer
from assistant.errors import AssistantError
from assistant.retrieval.query import analyze
from assistant.text.lang import detect_language
from assistant.text.normalize import fold

log = logging.getLogger(__name__)
PLACEHOLDER = "在下方输入问题，或点一个示例问题 · Type a question below, or pick an example"


@dataclass
class ChatSession:
    """One browser session's conversation, kept on the server (gr.State)."""

    display: list[dict] = field(default_factory=list)  # what the Chatbot shows (linked markers)
    history: list[dict] = field(default_factory=list)  # plain turns the assistant resolves against
    turns: dict[int, Turn] = field(default_factory=dict)  # chatbot message index → answered turn


def _language(text: str) -> str:
    return detect_language(text)


def chat_note(question: str, answer: Answer, lang: str, followup: bool) -> str:
    """Markdown under the chat: how a follow-up was searched, and any notice of the answer."""
    words = panel_words(lang)
    lines = []
    rewritten = answer.rewritten_query.strip()
    if followup and rewritten and fold(rewritten) != fold(question.strip()):
        lines.append(f"{words['searched_as']}`{rewritten}`")
    if answer.notice:
        lines.append(words["notice"] + answer.notice)
    return "  \n".join(lines)


class ChatTab:
    """Builds the chat column and the sources panel, and answers questions."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def build(self, below_input: Callable[[gr.Textbox], None] | None = None) -> None:
        """Chat column (with `below_input` rendered under the question box) and sources panel."""
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                self.chatbot = gr.Chatbot(
                    elem_id="chat", height=560, placeholder=PLACEHOLDER, buttons=["copy"],
                    feedback_options=("Like", "Dislike"), show_label=False,
                )
                self.note = gr.Markdown(elem_id="chat-note")
                with gr.Row(equal_height=True):
                    self.box = gr.Textbox(
                        placeholder="输入问题 · Ask a question", show_label=False, lines=1,
                        max_lines=4, scale=6, elem_id="question", submit_btn=False,
                    )
                    self.send = gr.Button("发送 Send", variant="primary", scale=1,
                                          elem_id="send", min_width=90)
                    self.clear = gr.Button("清空 Clear", scale=1, min_width=80, elem_id="clear")
                if below_input is not None:
                    below_input(self.box)
            with gr.Column(scale=2, min_width=320):
                self.sources = gr.HTML(empty_panel(), elem_id="sources-panel")
        self.session = gr.State(ChatSession())

    def wire(self, filters: FilterBar) -> None:
        self._inputs = [self.box, self.session, *filters.components]
        self._outputs = [self.box, self.chatbot, self.sources, self.note, self.session]
        for trigger in (self.box.submit, self.send.click):
            trigger(self.respond, self._inputs, self._outputs, api_visibility="private")
        for clearing in (self.clear.click, self.chatbot.clear):  # our button and the chat's own
            clearing(self.reset, None, self._outputs, api_visibility="private")
        self.chatbot.like(self.rate, [self.session], None, api_visibility="private")

    def ask_after(self, event) -> None:
        """Answer what is in the box once `event` (e.g. an example click) has filled it."""
        event.then(self.respond, self._inputs, self._outputs, api_visibility="private")

    def reset(self) -> tuple:
        return "", [], empty_panel(), "", ChatSession()

    def respond(self, question: str, session: ChatSession, *filter_values: str) -> Iterator[tuple]:
        """Stream the answer into the chat, then show its sources and remember the turn."""
        question = (question or "").strip()
        if not question:
            yield gr.update(), session.display, gr.update(), gr.update(), session
            return
        lang = _language(question)
        filters = filters_dict(filter_values)
        session.display = [*session.display, {"role": "user", "content": question},
                           {"role": "assistant", "content": "…"}]
        yield "", session.display, pending_panel(), "", session
        answer: Answer | None = None
        try:
            for answer in self.ctx.assistant.ask_stream(question, session.history, filters):
                session.display[-1] = {"role": "assistant", "content": answer.answer or "…"}
                yield "", session.display, gr.update(), "", session
        except AssistantError as err:
            yield self._failed(session, question, str(err), lang)
            return
        except Exception as err:  # show the failure in the chat instead of a silent spinner
            log.exception("answering failed")
            yield self._failed(session, question, type(err).__name__, lang)
            return
        if answer is None:
            yield self._failed(session, question, "no answer", lang)
            return
        yield self._finish(session, question, answer, filters, lang)

    def _finish(self, session: ChatSession, question: str, answer: Answer,
                filters: dict[str, str], lang: str) -> tuple:
        urls = self.ctx.files.urls(answer.citations)
        history = session.history
        session.display[-1] = {"role": "assistant",
                               "content": link_markers(answer.answer, answer.citations, urls)}
        session.history = [*session.history, {"role": "user", "content": question},
                           {"role": "assistant", "content": answer.answer}]
        session.turns[len(session.display) - 1] = Turn(
            question=question, answer=answer.answer,
            citations=[c.to_dict() for c in answer.citations], filters=filters,
            rewritten_query=answer.rewritten_query, refused=answer.refused,
        )
        terms = query_terms(question, answer.rewritten_query)
        panel = render_sources(answer.citations, urls, terms, lang)
        note = chat_note(question, answer, lang, self._is_followup(question, history))
        return "", session.display, panel, note, session

    def _is_followup(self, question: str, history: list[dict]) -> bool:
        """Whether retrieval read the question as a follow-up (same analysis it ran; cheap)."""
        if not history:
            return False
        return analyze(question, history, self.ctx.assistant.kb.entity_index()).is_followup

    def _failed(self, session: ChatSession, question: str, reason: str, lang: str) -> tuple:
        session.display[-1] = {"role": "assistant",
                               "content": panel_words(lang)["error"] + reason}
        return question, session.display, empty_panel(), "", session

    def rate(self, session: ChatSession, data: gr.LikeData) -> None:
        """Append the rated answer, its question and citations to the feedback log."""
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        turn = session.turns.get(int(index))
        if turn is None:
            return
        liked = data.liked is True or str(data.liked).lower() == "like"
        self.ctx.feedback.append(feedback_record(turn, liked, self.ctx.assistant.settings.kb))
        gr.Info("感谢反馈 · Thanks for the feedback")

