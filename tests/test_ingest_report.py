"""What an ingest reports for files it could read only in part or not at all, and that one
bad file costs neither the rest of the batch nor what was indexed before."""

from __future__ import annotations

import zipfile

import pytest

from assistant import Assistant
from tests.integration.fakes import use_hash_embeddings

POLICY = "# 示例意见\n一、目标\n到2027年实现结对全覆盖。\n"


def _ragged_csv(path):
    lines = [f"学院{i},3{i % 10}.41,11{i % 10}.02," for i in range(30)]
    lines += [f"大学{i},东校区,2{i % 10}.30,10{i % 10}.77," for i in range(30)]
    lines[16] = "南开大学,八里台校区,39.10,）,117.17,"
    path.write_bytes("\n".join(lines).encode("gbk"))


def _bomb_xlsx(path):
    row = b"<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>" * 60_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + row
                         + b"</sheetData></worksheet>")


@pytest.fixture
def bot(tmp_path):
    bot = Assistant(data_dir=tmp_path / "data", kb="report")
    use_hash_embeddings(bot.kb)
    return bot


def test_partial_and_refused_files_are_reported_and_the_rest_indexed(bot, tmp_path):
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "policy.md").write_text(POLICY, encoding="utf-8")
    bot.ingest([earlier])
    before = bot.kb.chunks.all_ids()

    batch = tmp_path / "batch"
    batch.mkdir()
    _ragged_csv(batch / "高校.csv")
    (batch / "wide.csv").write_text(",".join(["列"] * 5000) + "\n" + ",".join("1" * 5000) + "\n")
    _bomb_xlsx(batch / "bomb.xlsx")
    (batch / "broken.xls").write_bytes(b"\xd0\xcf\x11\xe0 broken" * 50)
    (batch / "note.md").write_text("# 说明\n正常文件。\n", encoding="utf-8")
    report = bot.ingest([batch])

    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons["高校.csv"] == "partial: 1 malformed rows skipped (lines 17)"
    assert reasons["wide.csv"].startswith("too many columns (5000 > limit 1000")
    assert "zip bomb" in reasons["bomb.xlsx"]
    assert reasons["broken.xls"].startswith("malformed spreadsheet")
    assert report.indexed == 2  # the partial csv and note.md
    sources = {f.source for f in bot.kb.chunks.files()}
    assert sources == {"policy.md", "高校.csv", "note.md"}
    assert before <= bot.kb.chunks.all_ids()  # nothing indexed before was lost
