from __future__ import annotations

import pytest

from assistant.errors import LoadError
from assistant.loaders import load_file
from assistant.text.split import split_documents

BLOCKS = [
    ("heading", 0, "苏州高新区双高协同工作方案"),
    ("p", "为落实省政府办公厅实施意见，制定本方案。"),
    ("heading", 1, "一、结对安排"),
    ("p", "苏州高新区与以下高校开展结对合作："),
    (
        "table",
        [
            ["高校", "合作方向", "备注"],
            ["苏州大学", "新一代信息技术", ""],
            ["南京大学", "生物医药", "首批"],
        ],
    ),
    ("heading", 2, "（一）平台建设"),
    ("p", "共建未来产业研究院和学科交叉中心。"),
]


def test_headings_become_markdown_lines_and_table_rows_records(make_docx, settings):
    docs = load_file(make_docx(BLOCKS), "plan.docx", settings)
    assert len(docs) == 3
    assert docs[0].text.splitlines() == [
        "# 苏州高新区双高协同工作方案",
        "为落实省政府办公厅实施意见，制定本方案。",
        "# 一、结对安排",
        "苏州高新区与以下高校开展结对合作：",
        "## （一）平台建设",
        "共建未来产业研究院和学科交叉中心。",
    ]
    rows = docs[1:]
    assert [r.text for r in rows] == [
        "高校：苏州大学；合作方向：新一代信息技术",
        "高校：南京大学；合作方向：生物医药；备注：首批",
    ]
    assert all(r.is_record and r.title == docs[0].title for r in rows)
    assert rows[0].headings == ("一、结对安排", "表1")
    assert rows[0].locator == "一、结对安排 > 表1 第2行"


def test_title_from_core_properties_else_first_heading(make_docx, settings):
    titled = make_docx(BLOCKS, name="a.docx", title="工作方案（2025）")
    assert load_file(titled, "a.docx", settings)[0].title == "工作方案（2025）"
    untitled = make_docx(BLOCKS, name="b.docx")
    assert load_file(untitled, "b.docx", settings)[0].title == "苏州高新区双高协同工作方案"


def test_splitter_follows_word_headings(make_docx, settings):
    docs = load_file(make_docx(BLOCKS), "plan.docx", settings)
    # chunks small enough that no clause is tree-merged into its parent
    chunks = split_documents(docs, settings.with_overrides(chunk_size=20, chunk_overlap=5))
    platform = next(c for c in chunks if "未来产业研究院" in c.text)
    assert platform.headings == ("一、结对安排", "（一）平台建设")
    assert platform.locator == "一、结对安排 > （一）平台建设"


def test_docx_that_is_not_a_zip_is_refused(settings, tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(LoadError, match=r"^corrupt DOCX: "):
        load_file(path, "broken.docx", settings)


def test_docx_without_text_is_empty(make_docx, settings):
    with pytest.raises(LoadError, match=r"^empty file$"):
        load_file(make_docx([("p", "   ")]), "blank.docx", settings)


MEASURES = [
    ("heading", 0, "关于推进双高协同的通知"),
    ("heading", 1, "三、重点任务"),
    ("table", [["一个单元格的版式表：本通知自印发之日起施行。"]]),
    ("p", "表1 重点任务分工"),
    (
        "table",
        [
            ["序号", "任务", "牵头单位", "完成时限"],
            ["苏南地区", "", "", ""],
            ["1", "共建概念验证中心", "省科技厅", "2025年底"],
            ["2", "发布技术需求清单", "省工信厅", "2026年6月"],
        ],
    ),
]


def test_data_tables_are_rows_with_header_caption_and_section_layout_tables_are_text(
    make_docx, settings
):
    import docx

    path = make_docx(MEASURES, name="notice.docx")
    document = docx.Document(str(path))
    section = document.tables[1].rows[1].cells
    section[0].merge(section[3])  # a section row spanning the table, as lists have
    document.save(str(path))
    docs = load_file(path, "notice.docx", settings)
    assert "本通知自印发之日起施行" in docs[0].text  # the layout table is body text
    rows = [d for d in docs if d.is_record]
    assert [r.text for r in rows] == [
        "分组：苏南地区；序号：1；任务：共建概念验证中心；牵头单位：省科技厅；完成时限：2025年底",
        "分组：苏南地区；序号：2；任务：发布技术需求清单；牵头单位：省工信厅；完成时限：2026年6月",
    ]
    assert rows[1].locator == "三、重点任务 > 表1 重点任务分工 第4行"
    chunks = split_documents(docs, settings)
    cited = next(c for c in chunks if "省工信厅" in c.text)
    assert cited.headings == ("三、重点任务", "表1 重点任务分工")
    assert cited.locator == rows[1].locator
