"""A LangChain chat model over llama-cpp-python's in-process GGUF models, streamed.

Hand-written because langchain_community (which has ChatLlamaCpp) is being sunset; this only
needs `Llama.create_chat_completion(stream=True)`, which applies the model's own chat template.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.chat_models import generate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import Field

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
# One llama.cpp context cannot serve two generations at once (e.g. two browser tabs).
_GENERATION_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def load_llama(model_path: str, n_ctx: int, n_threads: int) -> Any:
    """Loading maps ~1 GB; keep the model for the life of the process."""
    from llama_cpp import Llama  # the optional `llm` extra

    return Llama(model_path=model_path, n_ctx=n_ctx, n_threads=n_threads, verbose=False)


class LlamaCppChat(BaseChatModel):
    """Chat completions from a local GGUF model; `client` may be given (tests, shared models)."""

    model_path: str = ""
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 768
    temperature: float = 0.0
    client: Any = Field(default=None, exclude=True)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def _llama(self) -> Any:
        if self.client is None:
            self.client = load_llama(self.model_path, self.n_ctx, self.n_threads)
        return self.client

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        llama = self._llama()
        with _GENERATION_LOCK:
            parts = llama.create_chat_completion(
                messages=[{"role": _ROLES.get(m.type, "user"), "content": m.text}
                          for m in messages],
                stream=True,
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                stop=stop,
            )
            for part in parts:
                delta = part["choices"][0].get("delta", {}).get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager is not None:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None,
                  **kwargs: Any) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop, run_manager, **kwargs))
