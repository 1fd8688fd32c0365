"""Models are the knowledge bases in the data dir; no other name opens anything."""

from __future__ import annotations

from pathlib import Path

from assistant.api.kbs import KnowledgeBases
from assistant.config import Settings
from assistant.service import Assistant


def _kbs(tmp_path: Path) -> KnowledgeBases:
    for name in ("zeta", "alpha", "main"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "chunks.sqlite").touch()
    (tmp_path / "not-a-kb").mkdir()
    primary = Assistant(settings=Settings().with_overrides(data_dir=tmp_path, kb="main"))
    return KnowledgeBases(primary)


def test_names_list_the_served_kb_first_then_the_others(tmp_path: Path) -> None:
    assert _kbs(tmp_path).names() == ["main", "alpha", "zeta"]


def test_the_served_kb_is_listed_before_it_has_an_index(tmp_path: Path) -> None:
    fresh = Assistant(settings=Settings().with_overrides(data_dir=tmp_path / "none", kb="new"))
    assert KnowledgeBases(fresh).names() == ["new"]


def test_get_reuses_the_served_assistant_and_opens_others_once(tmp_path: Path) -> None:
    kbs = _kbs(tmp_path)
    assert kbs.get("main") is kbs.primary
    alpha = kbs.get("alpha")
    assert alpha is not None and alpha.settings.kb == "alpha"
    assert kbs.get("alpha") is alpha


def test_unknown_names_and_paths_open_nothing(tmp_path: Path) -> None:
    kbs = _kbs(tmp_path)
    for name in ("missing", "not-a-kb", "../main", "alpha/..", ""):
        assert kbs.get(name) is None
