from __future__ import annotations

import itertools
import re

import pytest

from assistant.config import Settings
from assistant.documents import SourceDoc
from assistant.text.split import split_documents

POLICY = """关于推进双高协同的实施意见
为推动高新区和高等院校协同创新发展，现提出如下意见。
一、总体思路
以培育发展新质生产力为战略目标，推进有组织科研和有组织转化，构建协同创新生态。
（一）双新领航。以高新区开辟新赛道、高校建设新工科为突破口，建立两张清单。
（二）双向适配
推动高校学科专业设置与高新区主导产业精准对接。
1. 建立清单
每年更新产业需求清单和学科建设清单。
2. 共建平台
共建未来产业研究院和学科交叉中心。
二、工作目标
2025年，全省高新区与高校结对取得明显进展。
到2027年，实现全省省级以上高新区与高校结对全覆盖。
"""


@pytest.fixture
def settings() -> Settings:
    return Settings().with_overrides(chunk_size=120, chunk_overlap=30, chunk_max=200)


def _doc(text: str, **kwargs) -> SourceDoc:
    return SourceDoc(source="policies/yijian.md", text=text, title="实施意见", **kwargs)


def _chunk_with(chunks, fragment):
    return next(c for c in chunks if fragment in c.text)


def test_heading_chains(settings):
    chunks = split_documents([_doc(POLICY)], settings)
    assert _chunk_with(chunks, "现提出如下意见").headings == ()
    assert _chunk_with(chunks, "现提出如下意见").locator == "全文"
    assert _chunk_with(chunks, "构建协同创新生态").headings == ("一、总体思路",)
    # a short clause that fits with its parent's lead-in is merged into the parent's chunk
    clause = _chunk_with(chunks, "建立两张清单")
    assert clause.headings == ("一、总体思路",)
    assert "（一）双新领航。以高新区" in clause.text  # the clause's own line stays in the body
    listed = _chunk_with(chunks, "每年更新")
    assert listed.headings == ("一、总体思路", "（二）双向适配")
    assert listed.locator == "一、总体思路 > （二）双向适配"
    assert listed.metadata["headings"] == listed.locator
    assert _chunk_with(chunks, "全覆盖").headings == ("二、工作目标",)


def test_deep_chains_when_clauses_are_too_long_to_merge():
    body = "高新区与结对高校共同编制清单，明确任务分工和时间安排，按季度通报进展情况。"
    lines = ["一、总体思路", "（二）双向适配", "1. 建立清单", body, "2. 共建平台", body + "共建"]
    text = "\n".join(lines)
    settings = Settings().with_overrides(chunk_size=60, chunk_overlap=10, chunk_max=200)
    first, second = split_documents([_doc(text)], settings)
    assert first.headings == ("一、总体思路", "（二）双向适配", "1. 建立清单")
    assert first.locator == "一、总体思路 > （二）双向适配 > 1. 建立清单"
    assert second.headings == ("一、总体思路", "（二）双向适配", "2. 共建平台")
    assert second.text.endswith("共建")


def test_a_year_is_not_a_heading(settings):
    chunks = split_documents([_doc(POLICY)], settings)
    goal = _chunk_with(chunks, "取得明显进展")
    assert goal.headings == ("二、工作目标",)
    assert "到2027年" in goal.text


def test_no_chunk_is_a_bare_heading_and_no_body_text_is_lost(settings):
    chunks = split_documents([_doc(POLICY)], settings)
    labels = {h for c in chunks for h in c.headings}
    for chunk in chunks:
        assert chunk.text not in labels
    everything = "\n".join(c.text for c in chunks)
    for line in POLICY.splitlines():
        assert line in everything or line in labels


def test_heading_only_list_items_stay_as_text():
    lines = ["四、活动内容", "1、高校成果路演", "2、企业技术需求发布", "3、一对一洽谈"]
    text = "\n".join([*lines, "五、报名方式", "请于10月20日前报名。"])
    chunks = split_documents([_doc(text)], Settings())
    content = _chunk_with(chunks, "高校成果路演")
    assert content.headings == ("四、活动内容",)
    assert content.text.startswith("1、高校成果路演\n2、企业技术需求发布\n3、一对一洽谈")


def test_small_siblings_are_merged_under_their_parent():
    clauses = ["（一）双新领航。建立两张清单。", "（二）双向适配。精准对接产业。"]
    text = "\n".join(["一、总体思路", *clauses, "二、目标", "全覆盖。"])
    chunks = split_documents([_doc(text)], Settings())
    merged = _chunk_with(chunks, "建立两张清单")
    assert "精准对接产业" in merged.text
    assert merged.headings == ("一、总体思路",)
    assert _chunk_with(chunks, "全覆盖").headings == ("二、目标",)


SENTENCES = [
    "高新区要会同结对高校建好产业需求清单和学科建设清单。",
    "清单每年更新一次并向社会公开！",
    "高校应当围绕高新区主导产业调整学科专业设置？",
    "鼓励共建未来产业研究院、学科交叉中心和中试平台；",
    "支持企业出题、高校答题、政府助题的协同攻关机制。",
]


def test_long_clauses_split_at_sentence_ends_with_overlap(settings):
    body = "".join(f"第{n}项：{s}" for n in range(6) for s in SENTENCES)
    chunks = split_documents([_doc("一、重点任务\n" + body)], settings)
    assert len(chunks) > 3
    for chunk in chunks:
        assert len(chunk.text) <= settings.chunk_max
        assert chunk.text[-1] in "。！？；"
        assert re.match(r"第\d项：", chunk.text)
        assert chunk.headings == ("一、重点任务",)
    overlapping = [(a, b) for a, b in itertools.pairwise(chunks) if b.text.split("。")[0] in a.text]
    assert overlapping  # consecutive pieces share a sentence, so no fact falls between them


def test_no_chunk_exceeds_the_hard_maximum_even_without_punctuation():
    run_on = "".join(f"高新区与高校协同创新{n:03d}" for n in range(200))
    for settings in (
        Settings().with_overrides(chunk_size=120, chunk_overlap=30, chunk_max=200),
        Settings().with_overrides(chunk_size=500, chunk_overlap=30, chunk_max=150),
    ):
        chunks = split_documents([_doc(run_on)], settings)
        assert max(len(c.text) for c in chunks) <= settings.chunk_max
        assert "".join(c.text for c in chunks).count("协同创新") >= 200


def test_heading_chain_carries_across_pages(settings):
    pages = [
        _doc(
            "一、总体思路\n（一）双新领航", locator="第1页", metadata={"page": 1, "page_label": "i"}
        ),
        _doc(
            "以高新区开辟新赛道为突破口。", locator="第2页", metadata={"page": 2, "page_label": "1"}
        ),
        _doc(
            "二、工作目标\n到2027年全覆盖。",
            locator="第3页",
            metadata={"page": 3, "page_label": "2"},
        ),
    ]
    chunks = split_documents(pages, settings)
    first = _chunk_with(chunks, "开辟新赛道")
    assert first.headings == ("一、总体思路", "（一）双新领航")
    assert first.locator == "第2页 · （一）双新领航"
    assert (first.metadata["page"], first.metadata["page_label"]) == (2, "1")
    goal = _chunk_with(chunks, "全覆盖")
    assert goal.locator == "第3页 · 二、工作目标"


def test_paged_chunk_without_headings_names_only_the_page(settings):
    [chunk] = split_documents([_doc("封面说明文字。", metadata={"page": 1})], settings)
    assert chunk.locator == "第1页"


def test_records_are_chunks_as_they_are(settings):
    record = SourceDoc(
        source="catalogs/a.xlsx",
        text="名称：成果A；高校：南京大学",
        title="成果清单",
        doc_type="catalog",
        locator="成果 第2行",
        metadata={"row": 2},
        is_record=True,
    )
    [chunk] = split_documents([record], settings)
    assert (chunk.text, chunk.locator, chunk.headings) == (record.text, "成果 第2行", ())
    assert chunk.metadata["row"] == 2 and chunk.doc_type == "catalog"


def test_ids_are_stable_and_local_to_the_changed_clause(settings):
    before = split_documents([_doc(POLICY)], settings)
    again = split_documents([_doc(POLICY)], settings)
    assert [c.id for c in before] == [c.id for c in again]
    changed = split_documents([_doc(POLICY.replace("全覆盖", "基本覆盖"))], settings)
    differing = {c.id for c in changed} ^ {c.id for c in before}
    assert len(differing) == 2  # the old and the new version of one chunk


def test_duplicate_chunks_are_dropped_and_order_is_sequential():
    note = "本页为示例说明，所列高校与高新区的结对关系仅用于演示检索效果。"
    text = f"一、说明\n{note}\n一、说明\n{note}\n二、其他\n其他内容。"
    settings = Settings().with_overrides(chunk_size=50, chunk_overlap=10, chunk_max=100)
    chunks = split_documents([_doc(text)], settings)
    assert [c.text for c in chunks].count(note) == 1
    assert [c.metadata["order"] for c in chunks] == list(range(len(chunks)))


def test_markdown_headings_nest_and_the_title_line_is_not_a_section():
    body = "高新区与结对高校围绕主导产业共同梳理技术需求并组织对接。"
    text = f"# 苏州高新区\n概况。\n## 结对高校\n{body}\n### 合作方向\n信息技术{body}"
    settings = Settings().with_overrides(chunk_size=40, chunk_overlap=10, chunk_max=100)
    chunks = split_documents([_doc(text)], settings)
    assert _chunk_with(chunks, "概况").headings == ()
    assert _chunk_with(chunks, "信息技术").headings == ("结对高校", "合作方向")


def test_title_type_and_source_come_from_the_document(settings):
    chunks = split_documents([_doc(POLICY, doc_type="policy")], settings)
    assert {(c.title, c.doc_type, c.source) for c in chunks} == {
        ("实施意见", "policy", "policies/yijian.md")
    }
    assert all(re.fullmatch(r"[0-9a-f]{32}", c.id) for c in chunks)


STATUTE = """# 促进科技成果转化条例
## 第一章　总　　则
第一条 为了促进科技成果转化，制定本条例。
第二条 本条例适用于本市行政区域。
## 第三章 保障措施
第十二条 单位应当对做出重要贡献的人员给予奖励：
（一）转让、许可给他人实施的，提取不低于百分之七十的比例；
（二）作价投资的，提取不低于百分之七十的比例。
前款所称净收入，是指转让收入扣除直接成本后的余额。
第十三条 本市设立科技成果转化基金。
"""


def test_each_article_is_its_own_chunk_however_short():
    chunks = split_documents([_doc(STATUTE)], Settings())
    assert [c.locator for c in chunks] == [
        "第一章 总则 > 第一条",
        "第一章 总则 > 第二条",
        "第三章 保障措施 > 第十二条",
        "第三章 保障措施 > 第十三条",
    ]
    article = _chunk_with(chunks, "第十二条")
    assert article.headings == ("第三章 保障措施", "第十二条")
    assert "（二）作价投资" in article.text and "前款所称净收入" in article.text


def test_a_long_article_splits_at_its_items_and_every_piece_names_the_article():
    settings = Settings().with_overrides(chunk_size=40, chunk_overlap=10, chunk_max=200)
    chunks = split_documents([_doc(STATUTE)], settings)
    pieces = [c for c in chunks if "第十二条" in c.headings]
    assert len(pieces) >= 3
    assert all(c.headings[:2] == ("第三章 保障措施", "第十二条") for c in pieces)
    item = _chunk_with(chunks, "（一）转让")
    assert item.locator == "第三章 保障措施 > 第十二条（一）"
    # the paragraph after the list belongs to the article again, not to its last item
    assert _chunk_with(chunks, "前款所称净收入").locator == "第三章 保障措施 > 第十二条"
    assert not any("第十三条" in c.text and "第十二条" in c.headings for c in chunks)


def test_policy_clauses_are_still_merged_under_their_parent():
    """Only articles are kept apart: （一）（二） clauses of policy prose still tree-merge."""
    text = "一、总体思路\n（一）双新领航。建立清单。\n（二）双向适配。对接产业。"
    [chunk] = split_documents([_doc(text)], Settings())
    assert chunk.locator == "一、总体思路"


def test_an_article_across_a_page_break_is_one_chunk_naming_both_pages(settings):
    full = "第十二条 科技成果完成单位应当对完成、转化该项科技成果做出重要贡献的人员给予奖励和"
    pages = [
        _doc(f"第二章 成果权益\n{full}", metadata={"page": 7, "page_label": "7"}),
        _doc("报酬。\n第十三条 本市设立基金。", metadata={"page": 8, "page_label": "8"}),
    ]
    chunks = split_documents(pages, Settings())
    article = _chunk_with(chunks, "给予奖励和报酬。")
    assert article.locator == "第7–8页 · 第十二条"
    assert (article.metadata["page"], article.metadata["page_end"]) == (7, 8)
    assert _chunk_with(chunks, "本市设立基金").locator == "第8页 · 第十三条"


def test_a_clause_that_fits_in_a_chunk_is_not_cut_between_its_lead_in_and_items(settings):
    """Merged line by line into the clause before it, a short clause's list would straddle two
    chunks: its lead-in cited on its own, its items under the next citation."""
    filler = "".join(f"试点高新区与结对高校共同推进第{n}项工作。\n" for n in range(3))
    items = "\n".join(f"{n}. 一个方向{n}；" for n in range(1, 6))
    text = (f"二、工作目标\n（一）总体要求\n{filler}"
            f"（二）“五个一”体系\n试点要共同建立的“五个一”是：\n{items}")
    chunks = split_documents([_doc(text)], settings)
    lead = next(c for c in chunks if "“五个一”是：" in c.text)
    assert all(f"{n}. 一个方向{n}" in lead.text for n in range(1, 6))
    assert lead.locator == "二、工作目标 > （二）“五个一”体系"
    assert "".join(c.text for c in chunks).count("“五个一”是：") == 1


@pytest.mark.parametrize(("heading", "body", "lead_in", "second"), [
    # the clause before has a long heading line, which becomes body text when a join lifts it
    (16, 24, True, False),
    (16, 32, False, True),
    # a list straight under its clause heading, no lead-in line of its own
    (4, 44, False, True),
])
def test_a_list_that_fits_in_a_chunk_is_never_split(settings, heading, body, lead_in, second):
    before = f"（一）{'关' * heading}\n{'试' * body}。\n" + (
        "（二）分工\n结对高校共同推进工作。\n" if second else "")
    items = "\n".join(f"{n}. 一个方向{n}；" for n in range(1, 6))
    lead = "试点要共同建立的“五个一”是：\n" if lead_in else ""
    text = f"一、总体思路\n{before}（三）“五个一”体系\n{lead}{items}"
    chunks = split_documents([_doc(text)], settings)
    holding = [c for c in chunks if "一个方向" in c.text]
    assert len(holding) == 1, [c.text for c in chunks]
    assert all(f"{n}. 一个方向{n}" in holding[0].text for n in range(1, 6))
