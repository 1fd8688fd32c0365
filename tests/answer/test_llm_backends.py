"""Backend factory and the llama.cpp adapter (assistant/answer/llm/backends.py, llamacpp.py)."""

from __future__ import annotations

import sys
import types
from types import SimpleNamespace

import pytest

from assistant.answer.llm import LLMComposer, make_chat_model
from assistant.answer.llm.llamacpp import LlamaCppChat
from assistant.config import Settings
from assistant.documents import Answer, Chunk
from assistant.errors import AssistantError
from assistant.retrieval.types import RetrievalResult, ScoredChunk


class FakeLlama:
    """Replays llama-cpp-python's streamed chat-completion chunks and records the call."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces
        self.calls: list[dict] = []

    def create_chat_completion(self, **kwargs):
        self.calls.append(kwargs)
        yield {"choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]}
        for piece in self.pieces:
            yield {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
        yield {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


class FakeExtractive:
    def compose(self, question, result, kb) -> Answer:
        return Answer(answer="抽取式回答")


def test_openai_backend_takes_its_settings():
    model = make_chat_model(Settings(llm="openai", openai_base_url="http://127.0.0.1:9/v1",
                                     openai_api_key=None, llm_model=None, llm_timeout_s=7))
    assert type(model).__name__ == "ChatOpenAI"
    assert (model.model_name, model.request_timeout, model.max_retries, model.streaming) == (
        "gpt-4o-mini", 7, 0, True)
    assert model.openai_api_key.get_secret_value() == "not-needed"


def test_ollama_backend_takes_its_settings():
    model = make_chat_model(Settings(llm="ollama", ollama_base_url="http://127.0.0.1:9",
                                     llm_model="qwen2.5:7b", llm_timeout_s=5))
    assert type(model).__name__ == "ChatOllama"
    assert (model.model, model.base_url, model.client_kwargs) == (
        "qwen2.5:7b", "http://127.0.0.1:9", {"timeout": 5})


def test_unknown_backend_is_a_setup_error():
    with pytest.raises(AssistantError, match="unknown ASSISTANT_LLM 'gpt'"):
        make_chat_model(Settings(llm="gpt"))


def test_llamacpp_without_the_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import llama_cpp now fails
    with pytest.raises(AssistantError, match="make local-llm"):
        make_chat_model(Settings(llm="llamacpp", llm_model_path="/nonexistent.gguf"))


def test_llamacpp_without_the_model_file_names_the_path(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "llama_cpp", types.ModuleType("llama_cpp"))
    missing = tmp_path / "absent.gguf"
    with pytest.raises(AssistantError, match="ASSISTANT_LLM_MODEL_PATH") as err:
        make_chat_model(Settings(llm="llamacpp", llm_model_path=str(missing)))
    assert str(missing) in str(err.value)


def test_llamacpp_with_a_model_file_builds_the_adapter(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "llama_cpp", types.ModuleType("llama_cpp"))
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    model = make_chat_model(Settings(llm="llamacpp", llm_model_path=str(gguf)))
    assert isinstance(model, LlamaCppChat)
    assert (model.model_path, model.n_ctx, model.n_threads) == (str(gguf), 4096, 2)


def test_llamacpp_adapter_streams_deltas_with_chat_roles():
    llama = FakeLlama(["甲", "乙", "丙"])
    model = LlamaCppChat(client=llama, max_tokens=50)
    chunks = [c.text for c in model.stream([("system", "规则"), ("human", "问题")]) if c.text]
    assert chunks == ["甲", "乙", "丙"]
    call = llama.calls[0]
    assert call["messages"] == [{"role": "system", "content": "规则"},
                                {"role": "user", "content": "问题"}]
    assert call["stream"] is True and call["max_tokens"] == 50
    assert model.invoke("问题").text == "甲乙丙"


def test_composer_works_over_the_llamacpp_adapter():
    chunk = Chunk(id="c1", source="d.md", title="T", doc_type="policy", locator="一、",
                  text="到2027年建成10个示范区。")
    result = RetrievalResult(query=SimpleNamespace(language="zh"),
                             hits=[ScoredChunk(chunk=chunk, score=1.0)])
    model = LlamaCppChat(client=FakeLlama(["到2027年", "建成10个", "示范区[1]。"]))
    composer = LLMComposer(Settings(llm="llamacpp"), fallback=FakeExtractive(), model=model)
    answers = list(composer.stream("目标？", result, kb=None))
    assert [a.answer for a in answers] == ["到2027年", "到2027年建成10个",
                                           "到2027年建成10个示范区[1]。",
                                           "到2027年建成10个示范区[1]。"]
    assert answers[-1].citations[0].chunk_id == "c1"


def test_factory_puts_the_extractive_composer_behind_the_llm():
    from assistant.answer.extractive import ExtractiveComposer
    from assistant.answer.factory import make_composer

    composer = make_composer(Settings(llm="openai", openai_base_url="http://127.0.0.1:9/v1"))
    assert isinstance(composer, LLMComposer) and composer.name == "openai"
    assert isinstance(composer.fallback, ExtractiveComposer)
