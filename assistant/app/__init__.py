"""The Gradio chat: `serve(settings, host, port)` for the CLI, `build_app(assistant)` for tests.

Telemetry and hub look-ups are switched off before gradio is imported, so starting the app makes
no network request beyond its own port.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from typing import TYPE_CHECKING

from assistant.config import Settings, quiet_network_env

quiet_network_env()
# Gradio's queue rebuilds a pandas summary of up to 10,000 past events after every event, for
# a monitoring page we leave off: half the CPU of an answer at first, growing as the server
# runs. Recompute it every 1,000 events over the last 1,000 instead (read when Blocks is made).
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")


def _skip_missing_matplotlib() -> None:
    """Make Gradio's per-event `import matplotlib` fail fast when matplotlib is not installed.

    Gradio tries the import twice around every event; a failed import is not cached, so each
    try searched every sys.path entry on disk (~15% of the chat API's CPU under load). A None
    in sys.modules is Python's own "known missing" mark, so the import now fails at once.
    """
    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]


_skip_missing_matplotlib()

if TYPE_CHECKING:
    import gradio as gr


def build_app(assistant) -> gr.Blocks:
    """The page for one Assistant, built but not launched."""
    from assistant.app.blocks import build_app as _build  # gradio: after quiet_network_env()

    return _build(assistant)


def launch_options(demo: gr.Blocks) -> dict:
    """Keyword arguments for `demo.launch()`: theme, CSS, served files, upload limits, guards."""
    # gradio: after quiet_network_env()
    from assistant.app.guards import middleware
    from assistant.app.theme import CSS, make_theme

    ctx = demo.app_context
    return {
        "app_kwargs": {"middleware": middleware(ctx)},
        "theme": make_theme(),
        "css": CSS,
        "allowed_paths": ctx.files.served_paths(),
        "max_file_size": f"{ctx.assistant.settings.max_file_mb:g}mb",
        # Off: our handlers raise gr.Error with messages meant for users (always shown); this
        # only hides Gradio's own exception texts (e.g. a call with too few arguments).
        "show_error": False,
        "footer_links": ["api"],
    }


# Events the chat's queue runs at once (it was 2). Extractive answers are CPU-bound (the GIL), so
# this buys no parallel work; it stops a slow event — an LLM answer streaming for seconds —
# from holding up everyone behind it. Measured with 20 clients on /gradio_api/call/ask: 4, 8
# and 16 gave the same ~40–50 answers/s within noise, 2 gave ~20 (benchmarks/load_test.py).
CHAT_CONCURRENCY = 8


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **extra: object):
    """Queue and launch a built app; `extra` goes to `demo.launch` (e.g. prevent_thread_lock)."""
    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY)
    return demo.launch(server_name=host, server_port=port, **{**launch_options(demo), **extra})


def log_to_stderr() -> None:
    """Show the app's own log lines (refusals, sign-ins, rotations) with a time, once.

    Only the `assistant` logger: the root logger would add every HTTP request of httpx.
    """
    logger = logging.getLogger("assistant")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def mount(app, demo: gr.Blocks, host: str, port: int):
    """Queue a built app and mount it at "/" of a FastAPI `app` (which then serves both)."""
    import gradio as gr  # after quiet_network_env()

    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY)
    return gr.mount_gradio_app(app, demo, path="/", server_name=host, server_port=port,
                               **launch_options(demo))


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Open the chat, the OpenAI-compatible API (/v1) and MCP (/mcp) in one process; block
    until interrupted (uvicorn stops cleanly on SIGINT and SIGTERM, so the upload cache is
    cleaned at exit). Without ASSISTANT_API_KEY the last two are served on loopback only."""
    # uvicorn, chromadb, jieba: only for serving
    from assistant.api.server import build_server, endpoint_notice, run
    from assistant.service import Assistant

    log_to_stderr()
    assistant = Assistant(settings=settings)
    app = mount(build_server(assistant, host), build_app(assistant), host, port)
    print(f"Chat: http://{host}:{port}/", flush=True)
    print(endpoint_notice(host, port, settings.api_key), flush=True)
    run(app, host, port)


__all__ = ["build_app", "launch", "launch_options", "mount", "serve"]
