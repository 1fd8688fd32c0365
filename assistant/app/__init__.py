"""The Gradio chat: `serve(settings, host, port)` for the CLI, `build_app(assistant)` for tests.

Telemetry and hub look-ups are switched off before gradio is imported, so starting the app makes
no network request beyond its own port.
"""

from __future__ import annotations

import logging
import signal
from typing import TYPE_CHECKING

from assistant.config import Settings, quiet_network_env

quiet_network_env()

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


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **extra: object):
    """Queue and launch a built app; `extra` goes to `demo.launch` (e.g. prevent_thread_lock)."""
    demo.queue(default_concurrency_limit=2)
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


def _stop_on_sigterm() -> None:
    """Treat SIGTERM (systemd, docker stop, kill PID) like Ctrl-C.

    Gradio then closes the server cleanly, and its shutdown deletes the files this app left in
    its upload cache; the default SIGTERM action would end the process with them still there.
    """
    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Open the chat for the configured knowledge base and block until interrupted."""
    from assistant.service import Assistant  # chromadb, jieba: only for serving

    log_to_stderr()
    _stop_on_sigterm()
    launch(build_app(Assistant(settings=settings)), host, port)


__all__ = ["build_app", "launch", "launch_options", "serve"]
