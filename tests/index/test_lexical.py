"""BM25 lexical index: tokenization, search, filters and atomic persistence."""

from __future__ import annotations

from pathlib import Path

import bm25s
import pytest

from assistant.index import lexical
from assistant.index.lexical import LexicalIndex, add_words, tokenize

DOCS = {
    "storage": "常州高新区与河海大学共建储能技术研究院，开展锂电池安全预警研究。",
    "pharma": "苏州工业园区聚焦生物医药产业，建设创新药物研发平台。",
    "policy": "《关于推进高新区和高等院校协同创新发展的实施意见》(苏政办发〔2025〕28号)",
}


@pytest.fixture
def index() -> LexicalIndex:
    return LexicalIndex.build(list(DOCS), [tokenize(t) for t in DOCS.values()])


def test_tokenize_drops_punctuation_stopwords_and_single_ascii() -> None:
    tokens = tokenize("高新区 和 高校 的 合作：A 类项目, 5 个 (the AI lab)！")
    assert "高新区" in tokens and "高校" in tokens and "ai" in tokens and "lab" in tokens
    for dropped in ("和", "的", "the", "a", "5", "：", ",", "(", "！", " "):
        assert dropped not in tokens


def test_tokenize_folds_full_width_and_case() -> None:
    assert tokenize("ＡＩ Lab") == tokenize("ai lab")


def test_traditional_query_matches_simplified_text(index: LexicalIndex) -> None:
    hits = index.search(tokenize("蘇州工業園區 生物醫藥"), k=3)
    assert hits[0][0] == "pharma"


def test_search_ranks_by_bm25_and_returns_only_matches(index: LexicalIndex) -> None:
    hits = index.search(tokenize("储能 锂电池"), k=10)
    assert [i for i, _ in hits] == ["storage"]
    assert hits[0][1] > 0


def test_unknown_and_empty_queries(index: LexicalIndex) -> None:
    assert index.search([], k=5) == []
    assert index.search(["量子计算机"], k=5) == []
    assert [i for i, _ in index.search(["量子计算机", "生物医药"], k=5)] == ["pharma"]


def test_allowed_restricts_results(index: LexicalIndex) -> None:
    query = tokenize("高新区 苏州工业园区")
    assert {i for i, _ in index.search(query, k=5)} >= {"storage", "pharma"}
    assert [i for i, _ in index.search(query, k=5, allowed={"pharma"})] == ["pharma"]
    assert index.search(query, k=5, allowed={"not-indexed"}) == []


@pytest.mark.parametrize("mask_max", [0, 10_000])  # walk the ranking / use a weight mask
def test_allowed_paths_agree_with_unfiltered_ranking(
    monkeypatch: pytest.MonkeyPatch, mask_max: int
) -> None:
    monkeypatch.setattr(lexical, "_MASK_MAX_ALLOWED", mask_max)
    ids = [f"doc{i}" for i in range(300)]
    tokens = [["储能"] * (1 + i % 7) + [f"词{i % 11}", "高校"] for i in range(300)]
    index = LexicalIndex.build(ids, tokens)
    allowed = set(ids[1::3])
    full = index.search(["储能", "词3"], k=300)
    expected = [hit for hit in full if hit[0] in allowed][:5]
    assert index.search(["储能", "词3"], k=5, allowed=allowed) == expected


def test_save_load_round_trip(tmp_path: Path, index: LexicalIndex) -> None:
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded is not None and len(loaded) == 3
    query = tokenize("锂电池 预警")
    assert loaded.search(query, k=3) == index.search(query, k=3)


def test_load_without_index_returns_none(tmp_path: Path) -> None:
    assert LexicalIndex.load(tmp_path / "nothing") is None


def test_empty_index_saves_loads_and_searches(tmp_path: Path) -> None:
    LexicalIndex.build([], []).save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded is not None and len(loaded) == 0
    assert loaded.search(["高新区"], k=3) == []


def test_interrupted_save_leaves_previous_index_loadable(
    tmp_path: Path, index: LexicalIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "bm25"
    index.save(directory)
    bigger = LexicalIndex.build(["x", "y"], [["储能"], ["医药"]])

    def crash(self, save_dir, **kwargs) -> None:  # dies after writing part of the files
        (Path(save_dir) / "params.index.json").write_text("{", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(bm25s.BM25, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        bigger.save(directory)
    loaded = LexicalIndex.load(directory)
    assert loaded is not None and sorted(loaded.ids) == sorted(DOCS)
    assert not [p for p in directory.iterdir() if p.name.startswith(".tmp-")]


def test_repeated_saves_keep_at_most_two_generations(tmp_path: Path, index: LexicalIndex) -> None:
    for _ in range(4):
        index.save(tmp_path / "bm25")
    generations = [p for p in (tmp_path / "bm25").iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 2


def test_build_rejects_mismatched_or_duplicate_ids() -> None:
    with pytest.raises(ValueError):
        LexicalIndex.build(["a"], [])
    with pytest.raises(ValueError):
        LexicalIndex.build(["a", "a"], [["x1"], ["x2"]])


def test_add_words_keeps_domain_names_whole() -> None:
    assert "锡山高新技术产业开发区" not in tokenize("锡山高新技术产业开发区")
    add_words(["锡山高新技术产业开发区"])
    assert "锡山高新技术产业开发区" in tokenize("锡山高新技术产业开发区")


def test_fold_is_shared_by_index_and_query() -> None:
    assert lexical.tokenize("蘇州ＡＢ") == lexical.tokenize("苏州ab")
