"""A question about one row of a table inside a document is answered from that row."""

from __future__ import annotations

import docx
import pytest

from assistant import Assistant
from tests.loaders.test_html import GOV_PAGE


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    root = tmp_path_factory.mktemp("tables") / "policies"
    root.mkdir()
    (root / "tongzhi.html").write_text(GOV_PAGE, encoding="utf-8")
    document = docx.Document()
    document.add_heading("关于推进双高协同的通知", 0)
    document.add_heading("三、重点任务", 1)
    document.add_paragraph("表2 平台建设任务")
    rows = [["序号", "平台", "依托高校", "所在高新区"],
            ["1", "集成电路协同创新中心", "东南大学", "南京江北新区"],
            ["2", "生物医药中试基地", "中国药科大学", "泰州医药高新区"]]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(root / "pingtai.docx"))
    bot = Assistant(data_dir=tmp_path_factory.mktemp("tables-data"), kb="tables")
    report = bot.ingest([root.parent])
    assert report.indexed == 2 and not report.skipped
    return bot


@pytest.mark.parametrize(
    ("question", "value", "locator"),
    [
        ("发布产业技术需求清单由哪个单位牵头？", "省工信厅", "重点任务分工表 第4行"),
        ("组建中试熟化基地什么时候完成？", "2026年底", "重点任务分工表 第6行"),
        ("生物医药中试基地依托哪所高校？", "中国药科大学", "表2 平台建设任务 第3行"),
    ],
)
def test_a_row_value_is_retrieved_from_its_row(bot, question, value, locator):
    hits = bot.retrieve(question, k=3).hits
    top = [h.chunk for h in hits]
    row = next((c for c in top if value in c.text), None)
    assert row is not None, [c.text for c in top]
    assert row.locator.endswith(locator)
    assert row.text.count("：") >= 3  # the row with its header, not a flattened cell
