from assistant.documents import Chunk
from assistant.index.chunk_store import ChunkStore, FileRecord


def _chunk(cid: str, source: str, meta: dict | None = None, doc_type: str = "policy") -> Chunk:
    return Chunk(id=cid, source=source, title="T", doc_type=doc_type, text=f"text {cid}",
                 locator="一、", headings=("一、总体思路",), metadata=meta or {})


def _record(source: str, sha: str, n: int) -> FileRecord:
    return FileRecord(source, "/root", sha, 10, "T", "policy", n, "2026-01-01T00:00:00")


def test_replace_file_swaps_chunks_and_manifest(tmp_path):
    store = ChunkStore(tmp_path / "c.sqlite")
    store.replace_file(_record("a.md", "h1", 2), [_chunk("1", "a.md"), _chunk("2", "a.md")],
                       ["t1", "t2"])
    store.replace_file(_record("b.md", "h2", 1), [_chunk("3", "b.md")], ["t3"])
    store.replace_file(_record("a.md", "h3", 1), [_chunk("4", "a.md")], ["t4"])
    assert store.all_ids() == {"3", "4"}
    assert store.file("a.md").sha256 == "h3"
    got = store.get(["4"])["4"]
    assert got.headings == ("一、总体思路",) and got.text == "text 4"
    assert dict(store.iter_tokens()) == {"4": "t4", "3": "t3"}


def test_forget_hash_and_remove(tmp_path):
    store = ChunkStore(tmp_path / "c.sqlite")
    store.replace_file(_record("a.md", "h1", 1), [_chunk("1", "a.md")], ["t"])
    store.forget_hash(store.sources_of({"1"}))
    assert store.file("a.md").sha256 == ""
    store.remove_file("a.md")
    assert store.count() == 0 and store.files() == []


def test_catalog_values_and_stats(tmp_path):
    store = ChunkStore(tmp_path / "c.sqlite")
    rows = [_chunk("1", "c.csv", {"zone": "无锡高新区", "university": "江南大学",
                                  "catalog_kind": "equipment", "name": "电镜"}, "catalog"),
            _chunk("2", "c.csv", {"zone": "无锡高新区", "catalog_kind": "pairing"}, "catalog")]
    store.replace_file(_record("c.csv", "h", 2), rows, ["a", "b"])
    values = store.catalog_values(("zone", "university", "city"))
    assert values == {"zone": {"无锡高新区"}, "university": {"江南大学"}, "city": set()}
    assert store.stats()["chunks"] == {"catalog": 2}
    assert [c.id for c in store.rows_of_kind(("equipment", "demand"))] == ["1"]
    assert [c.id for c in store.rows_of_kind(("pairing", "equipment"))] == ["1", "2"]
    assert store.rows_of_kind(()) == []
    assert store.row_named("电镜", ("equipment",)).id == "1"
    assert store.row_named("电镜", ("demand",)) is None


def test_match_texts_are_stored_folded_with_string_metadata(tmp_path):
    store = ChunkStore(tmp_path / "c.sqlite")
    row = Chunk(id="1", source="c.csv", title="成果", doc_type="catalog", text="無錫高新區 ＡＢＣ",
                locator="第2行", metadata={"university": "江南大學", "rank": 3})
    store.replace_file(_record("c.csv", "h", 1), [row], ["t"])
    text = store.match_texts(["1", "missing"])
    assert list(text) == ["1"]
    assert "无锡高新区 abc" in text["1"] and "江南大学" in text["1"] and "3" not in text["1"]
    chunk, folded = store.candidates(["1"])["1"]
    assert chunk.text == "無錫高新區 ＡＢＣ" and folded == text["1"] == row.match_text()


def test_an_index_from_before_stored_match_texts_is_upgraded_in_place(tmp_path):
    import sqlite3

    path = tmp_path / "c.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE chunks (id TEXT PRIMARY KEY, source TEXT NOT NULL, ord INTEGER NOT NULL,"
        " title TEXT NOT NULL, doc_type TEXT NOT NULL, locator TEXT NOT NULL,"
        " headings TEXT NOT NULL, text TEXT NOT NULL, metadata TEXT NOT NULL,"
        " tokens TEXT NOT NULL)"
    )
    old.execute("INSERT INTO chunks VALUES ('1','a.md',0,'T','policy','一、','[]',"
                "'南京建鄴高新區','{}','t')")
    old.commit()
    old.close()
    store = ChunkStore(path)  # adds the column; the old row has none stored yet
    assert store.match_texts(["1"]) == {"1": "t\n南京建邺高新区 "}
    assert store.candidates(["1"])["1"][1] == "t\n南京建邺高新区 "


def test_chunks_in_reading_order_bounded_and_the_ones_after(tmp_path):
    store = ChunkStore(tmp_path / "c.sqlite")
    store.replace_file(_record("a.md", "h1", 4), [_chunk(str(i), "a.md") for i in range(4)],
                       ["t"] * 4)
    store.replace_file(_record("b.md", "h2", 1), [_chunk("9", "b.md")], ["t"])
    assert [c.id for c in store.chunks_of("a.md")] == ["0", "1", "2", "3"]
    assert [c.id for c in store.chunks_of("a.md", limit=2)] == ["0", "1"]
    assert [c.id for c in store.chunks_after("1", 5)] == ["2", "3"]  # not into another file
    assert store.chunks_after("3") == [] and store.chunks_after("missing") == []
    assert store.last_chunk("a.md").id == "3" and store.last_chunk("none.md") is None
