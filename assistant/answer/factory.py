"""Maps the configured answer mode (ASSISTANT_LLM) to a composer."""

from __future__ import annotations

from assistant.config import Settings


def make_composer(settings: Settings):
    """extractive (default) | openai | ollama | llamacpp; LLM composers fall back to extractive."""
    from assistant.answer.extractive import ExtractiveComposer

    extractive = ExtractiveComposer()
    if settings.llm in ("", "extractive"):
        return extractive
    from assistant.answer.llm import LLMComposer

    return LLMComposer(settings, fallback=extractive)
