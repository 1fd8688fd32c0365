"""Fixtures shared by the answer tests."""

from collections.abc import Callable

import pytest

from assistant.service import Assistant


@pytest.fixture(scope="module")
def assistant_over(tmp_path_factory) -> Callable[..., Assistant]:
    """Builds an assistant over Markdown (or CSV) documents the test writes:
    `assistant_over({"law.md": text}, "law")`."""

    def build(documents: dict[str, str], kb: str = "docs") -> Assistant:
        folder = tmp_path_factory.mktemp(kb)
        for name, text in documents.items():
            (folder / name).write_text(text, encoding="utf-8")
        assistant = Assistant(tmp_path_factory.mktemp("data"), kb)
        assistant.ingest([folder])
        return assistant

    return build
