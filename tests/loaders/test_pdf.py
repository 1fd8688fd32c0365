from __future__ import annotations

import pytest

from assistant.errors import LoadError
from assistant.loaders import load_file
from assistant.text.split import split_documents

PAGES = [
    [
        "省政府办公厅关于推进高新区和高等院校协同创新发展的实施意见",
        "苏政办发〔2025〕28号",
    ],
    [
        "一、总体思路",
        "以培育发展新质生产力为战略目标，以“优势产业聚集区+优势学科专业群”为核心",
        "路径，推进“有组织科研+有组织转化”。",
        "— 1 —",
    ],
    [
        "（一）双新领航。以高新区开辟新赛道、高校建设新工科为突破口。",
        "二、工作目标",
        "到2027年，实现全省省级以上高新区与高校结对全覆盖。",
        "— 2 —",
    ],
]
# A cover page numbered i, then the body numbered from 1, as printed documents are.
LABELS = [(0, "/r", 1), (1, "/D", 1)]


def test_one_doc_per_page_with_page_numbers_and_labels(make_pdf, settings):
    path = make_pdf(PAGES, labels=LABELS)
    docs = load_file(path, "policies/yijian.pdf", settings)
    assert [d.locator for d in docs] == ["第1页", "第2页", "第3页"]
    assert [d.metadata["page"] for d in docs] == [1, 2, 3]
    assert [d.metadata["page_label"] for d in docs] == ["i", "1", "2"]
    assert {d.doc_type for d in docs} == {"policy"}
    assert {d.source for d in docs} == {"policies/yijian.pdf"}


def test_page_text_keeps_lines_and_drops_printed_page_numbers(make_pdf, settings):
    docs = load_file(make_pdf(PAGES), "doc.pdf", settings)
    assert docs[1].text.splitlines() == PAGES[1][:3]
    assert "— 2 —" not in docs[2].text


def test_title_from_metadata_else_first_line(make_pdf, settings):
    named = make_pdf(PAGES, name="a.pdf", title="实施意见（正式版）")
    assert load_file(named, "a.pdf", settings)[0].title == "实施意见（正式版）"
    plain = make_pdf(PAGES, name="b.pdf")
    assert load_file(plain, "b.pdf", settings)[0].title == PAGES[0][0]


def test_heading_chain_carries_across_pages(make_pdf, settings):
    docs = load_file(make_pdf(PAGES), "doc.pdf", settings)
    # chunks small enough that no clause is tree-merged into its parent
    chunks = split_documents(docs, settings.with_overrides(chunk_size=24, chunk_overlap=6))
    clause = next(c for c in chunks if c.text.startswith("（一）双新领航"))
    assert clause.headings == ("一、总体思路", "（一）双新领航")
    assert clause.locator == "第3页 · （一）双新领航"
    assert clause.metadata["page"] == 3
    goal = next(c for c in chunks if c.text.startswith("到2027年"))
    assert goal.headings == ("二、工作目标",)
    assert goal.locator == "第3页 · 二、工作目标"


def test_wrapped_lines_are_joined_inside_a_paragraph(make_pdf, settings):
    docs = load_file(make_pdf(PAGES), "doc.pdf", settings)
    chunks = split_documents(docs, settings)
    assert any("核心路径，推进" in c.text for c in chunks)


def test_password_protected_pdf_is_refused(make_pdf, settings):
    path = make_pdf(PAGES, password="secret")
    with pytest.raises(LoadError, match=r"^encrypted PDF \(password required\)$"):
        load_file(path, "locked.pdf", settings)


def test_pdf_encrypted_only_against_editing_opens(make_pdf, settings):
    path = make_pdf(PAGES, password="owner", owner_only=True)
    docs = load_file(path, "restricted.pdf", settings)
    assert docs[0].text.startswith("省政府办公厅")


def test_truncated_pdf_is_corrupt(make_pdf, settings, tmp_path):
    data = make_pdf(PAGES).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match=r"^corrupt PDF: "):
        load_file(cut, "cut.pdf", settings)


def test_garbage_named_pdf_is_corrupt(settings, tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"this is not a pdf at all\n%%EOF\n")
    with pytest.raises(LoadError, match=r"^corrupt PDF: "):
        load_file(path, "fake.pdf", settings)


def test_image_only_pdf_needs_ocr(make_pdf, settings):
    path = make_pdf([[], []])
    with pytest.raises(LoadError, match=r"^no text layer \(image-only PDF; run OCR first\)$"):
        load_file(path, "scan.pdf", settings)


HEAD = "某市人民代表大会常务委员会公报"
STATUTE_PAGES = [
    [
        HEAD,
        "第一章 总则",
        "第一条 为了促进科技成果转化，根据《中华人",  # a line wrapped inside a word …
        "民共和国促进科技成果转化法》制定本条例。",
        "第二条 本市行政区域内的科技成果转化活动，适",
        "用本条例。",
        "第三条 研发机构、高等院校应当建立科技成果转",
        "化年度报告制度，并于每年三月底前向主管部门报",  # … and an article over a page break
        "第 1 页 共 2 页",
    ],
    [
        HEAD,
        "送上一年度的科技成果转化情况报告。",
        "第四条 本市设立科技成果转化引导基金。",
        "第 2 页 共 2 页",
    ],
]


def test_statute_pdf_joins_wrapped_words_drops_running_lines_and_cites_pages(
    make_pdf, settings
):
    docs = load_file(make_pdf(STATUTE_PAGES), "tiaoli.pdf", settings)
    assert all(HEAD not in d.text and "共 2 页" not in d.text for d in docs)
    chunks = split_documents(docs, settings)
    assert not any(HEAD in c.text or "共 2 页" in c.text for c in chunks)
    first = next(c for c in chunks if c.text.startswith("第一条"))
    assert "《中华人民共和国促进科技成果转化法》" in first.text
    assert first.locator == "第1页 · 第一条"
    third = next(c for c in chunks if c.text.startswith("第三条"))
    assert third.text.endswith("向主管部门报送上一年度的科技成果转化情况报告。")
    assert third.locator == "第1–2页 · 第三条"
    fourth = next(c for c in chunks if c.text.startswith("第四条"))
    assert fourth.locator == "第2页 · 第四条"
    assert [c.headings[:1] for c in (first, third, fourth)] == [("第一章 总则",)] * 3
