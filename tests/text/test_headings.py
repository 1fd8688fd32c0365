from __future__ import annotations

import pytest

from assistant.text.headings import Heading, parse_heading


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("一、总体思路", Heading(13, "一、总体思路", False)),
        ("十一、保障措施", Heading(13, "十一、保障措施", False)),
        ("（一）双新领航。以高新区开辟新赛道为突破口。", Heading(14, "（一）双新领航", True)),
        ("(二)双向适配", Heading(14, "(二)双向适配", False)),
        ("1. 建立清单", Heading(15, "1. 建立清单", False)),
        ("1．建立清单：每年更新一次", Heading(15, "1．建立清单", True)),
        ("2、企业技术需求发布", Heading(15, "2、企业技术需求发布", False)),
        ("（1）加强组织领导", Heading(16, "（1）加强组织领导", False)),
        ("第一章 总则", Heading(10, "第一章 总则", False)),
        ("第二节 支持举措", Heading(11, "第二节 支持举措", False)),
        ("第三条 本办法所称双高协同，是指高新区与高校协同创新。", Heading(12, "第三条", True)),
        ("## 二、工作目标", Heading(2, "二、工作目标", False)),
        ("二、主要任务：", Heading(13, "二、主要任务", False)),
    ],
)
def test_heading_lines(line, expected):
    assert parse_heading(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "2025年，全省高新区",
        "3.5亿元用于平台建设",
        "1.1 背景",
        "123. 条目",
        "第三条规定的事项",
        "#话题",
    ],
)
def test_body_lines_that_start_like_headings(line):
    assert parse_heading(line) is None


def test_long_numbered_clause_gets_a_short_label():
    line = "1. 为进一步推动高新区与高校协同创新发展，结合本地实际制定本方案并认真组织实施"
    heading = parse_heading(line)
    assert heading is not None and heading.has_body
    assert len(heading.label) <= 24
    assert line.startswith(heading.label)


def test_spaced_out_headings_are_tidied_and_markers_kept():
    chapter = parse_heading("## 第一章\u3000总\u3000\u3000则")
    assert chapter is not None and chapter.label == "第一章 总则"
    article = parse_heading("第十二条 单位应当给予奖励。")
    assert article is not None and article.is_article and article.marker == "第十二条"
    item = parse_heading("（一）转让给他人实施的，提取七成；")
    assert item is not None and item.marker == "（一）" and not item.is_article
