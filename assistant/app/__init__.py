"""The Gradio chat: `serve(settings, host, port)` for the CLI, `build_app(assistant)` for tests.

Telemetry and hub look-ups are switched off before gradio is imported, so starting the app makes
no network request beyond its own port.
"""

from __future__ import annotations

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
    """Keyword arguments for `demo.launch()`: theme, CSS, served files and upload size limit."""
    from assistant.app.theme import CSS, make_theme  # gradio: after quiet_network_env()

    ctx = demo.app_context
    return {
        "theme": make_theme(),
        "css": CSS,
        "allowed_paths": ctx.files.served_paths(),
        "max_file_size": f"{ctx.assistant.settings.max_file_mb:g}mb",
        "show_error": True,
        "footer_links": ["api"],
    }


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **extra: object):
    """Queue and launch a built app; `extra` goes to `demo.launch` (e.g. prevent_thread_lock)."""
    demo.queue(default_concurrency_limit=2)
    return demo.launch(server_name=host, server_port=port, **{**launch_options(demo), **extra})


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Open the chat for the configured knowledge base and block until interrupted."""
    from assistant.service import Assistant  # chromadb, jieba: only for serving

    launch(build_app(Assistant(settings=settings)), host, port)


__all__ = ["build_app", "launch", "launch_options", "serve"]
