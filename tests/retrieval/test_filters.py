from assistant.cli import _parse_where
from assistant.documents import Chunk
from assistant.retrieval.retriever import chunk_matches, clean_filters


def _row(**meta) -> Chunk:
    return Chunk(id="1", source="catalogs/a.xlsx", title="t", doc_type="catalog", text="x",
                 locator="第2行", metadata=meta)


def test_clean_filters_drops_empty_values():
    assert clean_filters({"zone": "", "city": None, "doc_type": ["policy", ""], "x": []}) == {
        "doc_type": ["policy"]
    }


def test_chunk_matches_all_filters_and_lists_mean_any():
    row = _row(zone="南京建邺高新区", catalog_kind="achievement")
    assert chunk_matches(row, {"zone": "南京建邺高新区", "doc_type": "catalog"})
    assert chunk_matches(row, {"catalog_kind": ["demand", "achievement"]})
    assert not chunk_matches(row, {"zone": "无锡高新区"})
    assert not chunk_matches(row, {"city": "南京"})  # a missing value never matches
    assert chunk_matches(row, {"source": "catalogs/a.xlsx"})


def test_where_flags_parse_to_filters():
    assert _parse_where(["zone=无锡高新区", "doc_type = policy"]) == {
        "zone": "无锡高新区", "doc_type": "policy"
    }
