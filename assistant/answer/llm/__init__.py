"""Answers written by a language model from numbered, fenced evidence, with every [n] checked."""

from assistant.answer.llm.backends import make_chat_model
from assistant.answer.llm.composer import LLMComposer

__all__ = ["LLMComposer", "make_chat_model"]
