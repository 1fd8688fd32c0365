"""Maps the configured answer mode (ASSISTANT_LLM) to a composer."""

from __future__ import annotations

from assistant.answer.extractive import ExtractiveComposer
from assistant.config import Settings


def make_composer(settings: Settings):
    """extractive (default) | openai | ollama | llamacpp; LLM composers fall back to extractive."""
    extractive = ExtractiveComposer()
    if settings.llm in ("", "extractive"):
        return extractive
    # langchain-openai / langchain-ollama / llama-cpp: loaded only when an LLM mode is chosen
    from assistant.answer.llm import LLMComposer

    return LLMComposer(settings, fallback=extractive)
