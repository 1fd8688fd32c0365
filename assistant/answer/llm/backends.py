"""Maps ASSISTANT_LLM to a LangChain chat model: openai | ollama | llamacpp.

Every backend is a LangChain `BaseChatModel`, so the composer streams all of them the same way
(`model.stream(messages)`). Retries are off: a failed call falls back to the extractive answer at
once instead of making the user wait for a second timeout.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from assistant.config import Settings
from assistant.errors import AssistantError

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_OLLAMA_MODEL = "qwen2.5:1.5b-instruct"
# Where `make local-llm` assembles the packaged Qwen2.5-Coder-1.5B-Instruct model.
DEFAULT_GGUF = (Path(__file__).resolve().parents[3]
                / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")


def openai_chat(settings: Settings) -> BaseChatModel:
    """Any OpenAI-compatible /v1/chat/completions endpoint (OpenAI, vLLM, llama.cpp server …)."""
    from langchain_openai import ChatOpenAI  # only for this backend

    return ChatOpenAI(
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key or "not-needed",
        model=settings.llm_model or DEFAULT_OPENAI_MODEL,
        timeout=settings.llm_timeout_s,
        max_retries=0,
        streaming=True,
        temperature=0,
        use_responses_api=False,  # compatible servers speak chat completions only
    )


def ollama_chat(settings: Settings) -> BaseChatModel:
    """A model served by Ollama; the timeout goes to its HTTP client."""
    from langchain_ollama import ChatOllama  # only for this backend

    return ChatOllama(
        base_url=settings.ollama_base_url,
        model=settings.llm_model or DEFAULT_OLLAMA_MODEL,
        temperature=0,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )


def llamacpp_chat(settings: Settings) -> BaseChatModel:
    """A GGUF model run in this process; needs the optional `llm` extra."""
    try:
        import llama_cpp  # noqa: F401  (only checks that the extra is installed)
    except ImportError as err:
        raise AssistantError(
            "ASSISTANT_LLM=llamacpp needs llama-cpp-python: run `make local-llm` "
            "(or pip install '.[llm]')"
        ) from err
    from assistant.answer.llm.llamacpp import LlamaCppChat  # needs the `llm` extra

    return LlamaCppChat(model_path=str(model_path(settings)), n_ctx=4096, n_threads=2)


def model_path(settings: Settings) -> Path:
    """ASSISTANT_LLM_MODEL_PATH, else the model `make local-llm` assembles; it must exist."""
    path = Path(settings.llm_model_path).expanduser() if settings.llm_model_path else DEFAULT_GGUF
    if not path.is_file():
        where = "ASSISTANT_LLM_MODEL_PATH" if settings.llm_model_path else "default model path"
        raise AssistantError(
            f"no GGUF model at {path} ({where}): run `make local-llm` or set "
            "ASSISTANT_LLM_MODEL_PATH to a .gguf file"
        )
    return path


BACKENDS: dict[str, Callable[[Settings], BaseChatModel]] = {
    "openai": openai_chat,
    "ollama": ollama_chat,
    "llamacpp": llamacpp_chat,
}


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model for settings.llm; an unknown name is a setup error users can fix."""
    build = BACKENDS.get(settings.llm)
    if build is None:
        raise AssistantError(
            f"unknown ASSISTANT_LLM {settings.llm!r}: use extractive, {', '.join(BACKENDS)}"
        )
    return build(settings)
