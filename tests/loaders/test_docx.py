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


def test_headings_become_markdown_lines_and_tables_rows_in_body_order(make_docx, settings):
    docs = load_file(make_docx(BLOCKS), "plan.docx", settings)
    assert len(docs) == 1
    assert docs[0].text.splitlines() == [
        "# 苏州高新区双高协同工作方案",
        "为落实省政府办公厅实施意见，制定本方案。",
        "# 一、结对安排",
        "苏州高新区与以下高校开展结对合作：",
        "",
        "高校：苏州大学；合作方向：新一代信息技术",
        "高校：南京大学；合作方向：生物医药；备注：首批",
        "",
        "## （一）平台建设",
        "共建未来产业研究院和学科交叉中心。",
    ]


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
