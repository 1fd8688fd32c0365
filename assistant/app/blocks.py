"""The page: intro, then tabs — Chat, Match, Retrieval test, Documents — and the HTTP endpoints.

Each tab is a small class in its own module with `build()` (layout) and `wire()` (events); this
module only arranges them.
"""

from __future__ import annotations

import atexit

import gradio as gr

from assistant.app.api import register_api
from assistant.app.chat_tab import ChatTab
from assistant.app.context import AppContext
from assistant.app.documents_tab import DocumentsTab
from assistant.app.filters import build_filter_bar
from assistant.app.first_screen import PersonaPicker, intro
from assistant.app.match_tab import MatchTab
from assistant.app.retrieval_tab import RetrievalTab
from assistant.app.texts import TITLE
from assistant.app.upload_guard import discard_uploads

# Gradio's own sweep of its upload cache (seconds): every 10 minutes, files older than an hour.
# Indexed uploads are removed at once (documents_tab); this catches abandoned ones.
DELETE_CACHE = (600, 3600)


def _chunk_count(ctx: AppContext) -> int:
    try:
        return ctx.assistant.kb.chunks.count()
    except Exception:  # an unreadable index shows the empty-KB hint instead of failing the page
        return 0


def build_app(assistant) -> gr.Blocks:
    """The Gradio Blocks for one Assistant (not launched; see `launch()`)."""
    ctx = AppContext.create(assistant)
    chat, match = ChatTab(ctx), MatchTab(ctx)
    retrieval, documents = RetrievalTab(ctx), DocumentsTab(ctx)
    personas = PersonaPicker()
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=DELETE_CACHE) as demo:
        intro(_chunk_count(ctx))
        with gr.Tabs():
            with gr.Tab("对话 Chat", id="chat"):
                personas.build_radio()
                chat_filters = build_filter_bar(assistant, "chat")
                chat.build(below_input=personas.build_examples)
            with gr.Tab("需求匹配 Match", id="match"):
                match.build()
            with gr.Tab("检索测试 Retrieval test", id="retrieval"):
                retrieval.build(lambda: build_filter_bar(assistant, "hit"))
            with gr.Tab("文档 Documents", id="documents"):
                documents.build()
        chat.wire(chat_filters)
        personas.wire(chat_filters, chat.box, chat.ask_after)
        match.wire()
        retrieval.wire()
        documents.wire(demo)
        register_api(ctx)
    ctx.demo = demo
    demo.app_context = ctx  # launch() reads the served files from it
    # Uploads not yet indexed go when the process ends (Ctrl-C, SIGTERM): Gradio's own sweep at
    # shutdown did not run in our measurements (benchmarks/abuse.py), and its age sweep waits.
    atexit.register(discard_uploads, demo)
    return demo
