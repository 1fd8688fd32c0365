"""Fixtures for the app's unit tests (fakes live in tests/app/fakes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.kb import KnowledgeBase
from tests.app.fakes import FakeAssistant


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    settings = Settings().with_overrides(data_dir=tmp_path / "data", admin_auth="")
    return KnowledgeBase(settings)


@pytest.fixture
def fake(kb: KnowledgeBase) -> FakeAssistant:
    return FakeAssistant(settings=kb.settings, kb=kb)
