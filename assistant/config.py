"""One typed settings object, read from ASSISTANT_* environment variables and CLI flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from assistant.limits import RequestLimits


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_opt(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Environment first, then explicit overrides (CLI flags)."""

    data_dir: Path = field(default_factory=lambda: Path(_env("ASSISTANT_DATA_DIR", "./data")))
    kb: str = field(default_factory=lambda: _env("ASSISTANT_KB", "default"))
    # Embedding backend: "use" (packaged multilingual USE, default), "e5" (packaged 4-bit
    # multilingual-e5-small), or any sentence-transformers model name or local path.
    embedding: str = field(default_factory=lambda: _env("ASSISTANT_EMBEDDING", "use"))
    chroma_url: str | None = field(default_factory=lambda: _env_opt("ASSISTANT_CHROMA_URL"))
    # Answer composer: extractive (offline default) | openai | ollama | llamacpp.
    llm: str = field(default_factory=lambda: _env("ASSISTANT_LLM", "extractive"))
    llm_model: str | None = field(default_factory=lambda: _env_opt("ASSISTANT_LLM_MODEL"))
    llm_model_path: str | None = field(default_factory=lambda: _env_opt("ASSISTANT_LLM_MODEL_PATH"))
    llm_timeout_s: float = field(default_factory=lambda: float(_env("ASSISTANT_LLM_TIMEOUT", "60")))
    openai_base_url: str | None = field(default_factory=lambda: _env_opt("OPENAI_BASE_URL"))
    openai_api_key: str | None = field(default_factory=lambda: _env_opt("OPENAI_API_KEY"))
    ollama_base_url: str = field(
        default_factory=lambda: _env("OLLAMA_BASE_URL", "http://127.0.0.1:11434")
    )
    reranker: str | None = field(default_factory=lambda: _env_opt("ASSISTANT_RERANKER"))
    # Splitting, in characters of Chinese text (about one token each for CJK models).
    chunk_size: int = field(default_factory=lambda: int(_env("ASSISTANT_CHUNK_SIZE", "360")))
    chunk_overlap: int = field(default_factory=lambda: int(_env("ASSISTANT_CHUNK_OVERLAP", "60")))
    chunk_max: int = field(default_factory=lambda: int(_env("ASSISTANT_CHUNK_MAX", "720")))
    # Input limits: bigger files are reported and skipped, never read into memory.
    max_file_mb: float = field(default_factory=lambda: float(_env("ASSISTANT_MAX_FILE_MB", "50")))
    max_catalog_rows: int = field(
        default_factory=lambda: int(_env("ASSISTANT_MAX_CATALOG_ROWS", "200000"))
    )
    # Tables wider than this are skipped (a header of a million cells is an attack, not a list).
    max_columns: int = field(default_factory=lambda: int(_env("ASSISTANT_MAX_COLUMNS", "1000")))
    # A zipped spreadsheet member (xlsx, ods) inflating more than this many times its
    # compressed size is refused as a zip bomb; real sheets inflate 5–30×.
    max_zip_ratio: float = field(
        default_factory=lambda: float(_env("ASSISTANT_MAX_ZIP_RATIO", "100"))
    )
    # Retrieval.
    top_k: int = field(default_factory=lambda: int(_env("ASSISTANT_TOP_K", "8")))
    candidates: int = field(default_factory=lambda: int(_env("ASSISTANT_CANDIDATES", "40")))
    rrf_k: int = field(default_factory=lambda: int(_env("ASSISTANT_RRF_K", "10")))
    # Request limits (assistant/limits.py): characters of a question or demand and of one
    # history turn, history turns kept, values per filter, and the largest k / top.
    max_question_chars: int = field(
        default_factory=lambda: int(_env("ASSISTANT_MAX_QUESTION_CHARS", "2000")))
    max_history_turns: int = field(
        default_factory=lambda: int(_env("ASSISTANT_MAX_HISTORY_TURNS", "20")))
    max_turn_chars: int = field(
        default_factory=lambda: int(_env("ASSISTANT_MAX_TURN_CHARS", "4000")))
    max_k: int = field(default_factory=lambda: int(_env("ASSISTANT_MAX_K", "50")))
    # The chat's disk use: what Gradio's upload cache may hold for this app at once, and the
    # feedback file's size before it is rotated (one older file is kept).
    max_upload_cache_mb: float = field(
        default_factory=lambda: float(_env("ASSISTANT_MAX_UPLOAD_CACHE_MB", "200")))
    max_feedback_mb: float = field(
        default_factory=lambda: float(_env("ASSISTANT_MAX_FEEDBACK_MB", "20")))
    # Gradio admin credentials "user:password"; without them upload and delete are disabled.
    admin_auth: str | None = field(default_factory=lambda: _env_opt("ASSISTANT_ADMIN_AUTH"))
    # Bearer token for the OpenAI-compatible API and the MCP server over HTTP; without one they
    # answer on loopback only (assistant/api/auth.py). Kept out of repr so it never reaches a log.
    api_key: str | None = field(default_factory=lambda: _env_opt("ASSISTANT_API_KEY"),
                                repr=False)
    # Largest raw request body the API and MCP endpoints read, in KB: a full chat history
    # (history turns × turn characters, JSON-escaped) fits with room to spare.
    max_body_kb: int = field(default_factory=lambda: int(_env("ASSISTANT_MAX_BODY_KB", "1024")))

    @property
    def kb_dir(self) -> Path:
        return Path(self.data_dir) / self.kb

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def limits(self) -> RequestLimits:
        return RequestLimits(question_chars=self.max_question_chars,
                             history_turns=self.max_history_turns,
                             turn_chars=self.max_turn_chars, max_k=self.max_k)

    def with_overrides(self, **overrides: object) -> Settings:
        """Return a copy with the non-None overrides applied (CLI flags win over environment)."""
        known = {f.name for f in fields(self)}
        clean = {k: v for k, v in overrides.items() if v is not None and k in known}
        if "data_dir" in clean:
            clean["data_dir"] = Path(str(clean["data_dir"]))
        return replace(self, **clean)


def quiet_network_env() -> None:
    """Turn off telemetry and hub look-ups before gradio, chromadb or transformers import."""
    for key, value in {
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "TOKENIZERS_PARALLELISM": "false",
    }.items():
        os.environ.setdefault(key, value)
