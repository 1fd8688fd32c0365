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
    from assistant.app.blocks import build_app as _build

    return _build(assistant)


def launch_options(demo: gr.Blocks) -> dict:
    """Keyword arguments for `demo.launch()`: theme, CSS, served files and upload size limit."""
    from assistant.app.theme import CSS, make_theme

    ctx = demo.app_context
    return {
        "theme": make_theme(),
        "css": CSS,
        "allowed_paths": ctx.files.served_paths(),
        "max_file_size": f"{ctx.assistant.settings.max_file_mb:g}mb",
        "show_error": True,
        "footer_links": ["api"],
    }


# Events the chat's queue runs at once. Answers are CPU-bound (the GIL), so this is not about
# parallel work but about not making 20 waiting clients queue behind two: see
# benchmarks/load_test.py and the load figures in the README.
CHAT_CONCURRENCY = 8


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **extra: object):
    """Queue and launch a built app; `extra` goes to `demo.launch` (e.g. prevent_thread_lock)."""
    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY)
    return demo.launch(server_name=host, server_port=port, **{**launch_options(demo), **extra})


def mount(app, demo: gr.Blocks, host: str, port: int):
    """Queue a built app and mount it at "/" of a FastAPI `app` (which then serves both)."""
    import gradio as gr

    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY)
    return gr.mount_gradio_app(app, demo, path="/", server_name=host, server_port=port,
                               **launch_options(demo))


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Open the chat, the OpenAI-compatible API (/v1) and MCP (/mcp) in one process; block
    until interrupted. Without ASSISTANT_API_KEY the last two are served on loopback only."""
    from assistant.api.server import build_server, endpoint_notice, run
    from assistant.service import Assistant

    assistant = Assistant(settings=settings)
    app = mount(build_server(assistant, host), build_app(assistant), host, port)
    print(f"Chat: http://{host}:{port}/", flush=True)
    print(endpoint_notice(host, port, settings.api_key), flush=True)
    run(app, host, port)


__all__ = ["build_app", "launch", "launch_options", "mount", "serve"]
