from __future__ import annotations

import codecs

import pytest

from assistant.errors import LoadError
from assistant.loaders import load_file

POLICY = (
    "关于推进高新区和高等院校协同创新发展的实施意见\n"
    "一、总体思路\n"
    "以培育发展新质生产力为战略目标，推进有组织科研和有组织转化。\n"
)


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        POLICY.encode("gb18030"),
        POLICY.encode("gbk"),
        codecs.BOM_UTF8 + POLICY.encode("utf-8"),
        POLICY.encode("utf-8"),
        POLICY.encode("utf-16"),
    ],
    ids=["gb18030", "gbk", "utf8-bom", "utf8", "utf16"],
)
def test_encodings_are_detected(tmp_path, settings, data):
    [doc] = load_file(_write(tmp_path, "yijian.txt", data), "yijian.txt", settings)
    assert doc.text == POLICY.strip()
    assert doc.title == "关于推进高新区和高等院校协同创新发展的实施意见"


def test_undecodable_bytes_are_refused(tmp_path, settings):
    noise = bytes(range(0x80, 0x100)) * 8
    with pytest.raises(LoadError, match=r"^unknown text encoding$"):
        load_file(_write(tmp_path, "noise.txt", noise), "noise.txt", settings)


def test_whitespace_only_file_is_empty(tmp_path, settings):
    with pytest.raises(LoadError, match=r"^empty file$"):
        load_file(_write(tmp_path, "blank.txt", b" \n\t\n"), "blank.txt", settings)


SAVED_PAGE = """首页 | 新闻中心 | 通知公告 | 政策文件
当前位置：首页 > 新闻中心
<p>南京高新区与南京大学签署协同创新协议</p>
发布时间：2025-08-01  【打印本页】 【关闭窗口】
双方将围绕集成电路和生物医药共建联合实验室&nbsp;，首批布局十个攻关项目。
分享到：微信 微博 QQ
（责任编辑：王芳）
相关新闻
南京高新区召开双高协同推进会
江北新区发布技术需求清单
版权所有：南京高新区管委会 苏ICP备12345678号
"""


def test_saved_web_page_keeps_the_article_only(tmp_path, settings):
    path = _write(tmp_path, "saved.txt", SAVED_PAGE.encode("utf-8"))
    [doc] = load_file(path, "saved.txt", settings)
    assert doc.text.splitlines() == [
        "南京高新区与南京大学签署协同创新协议",
        "发布时间：2025-08-01",
        "双方将围绕集成电路和生物医药共建联合实验室 ，首批布局十个攻关项目。",
    ]
    assert doc.title == "南京高新区与南京大学签署协同创新协议"


FRONT_MATTER = """---
title: 苏州高新区双高协同简介
doc_type: news
tags: [双高协同, 苏州]
date: 2025-07-16
---
# 苏州高新区

## 结对高校

| 高校 | 方向 |
|---|---|
| 苏州大学 | 信息技术 |

- 共建研究院
- 发布两张清单
"""


def test_front_matter_goes_to_metadata_not_text(tmp_path, settings):
    path = _write(tmp_path, "policies/intro.md", FRONT_MATTER.encode("utf-8"))
    [doc] = load_file(path, "policies/intro.md", settings)
    assert doc.metadata == {
        "title": "苏州高新区双高协同简介",
        "doc_type": "news",
        "tags": "双高协同; 苏州",
        "date": "2025-07-16",
    }
    assert doc.title == "苏州高新区双高协同简介"
    assert doc.doc_type == "news"  # front matter wins over the policies/ folder
    assert "---" not in doc.text.splitlines()[0]


def test_normal_markdown_is_not_touched_by_the_web_cleaner(tmp_path, settings):
    path = _write(tmp_path, "intro.md", FRONT_MATTER.encode("utf-8"))
    [doc] = load_file(path, "intro.md", settings)
    body = FRONT_MATTER.split("---\n", 2)[2].strip()
    assert doc.text == body


def test_markdown_title_from_first_heading(tmp_path, settings):
    path = _write(tmp_path, "a.md", "说明文字\n\n# 结对名单\n\n正文。".encode())
    assert load_file(path, "a.md", settings)[0].title == "结对名单"


def test_markdown_saved_from_a_web_page_is_cleaned(tmp_path, settings):
    path = _write(tmp_path, "page.md", SAVED_PAGE.encode("utf-8"))
    [doc] = load_file(path, "page.md", settings)
    assert "ICP" not in doc.text and "分享到" not in doc.text
    assert "首批布局十个攻关项目" in doc.text


def test_markdown_comments_are_not_text(tmp_path, settings):
    path = tmp_path / "条例.md"
    path.write_text("# 条例\n\n2019年通过\n\n<!-- INFO END -->\n\n第一条 为了促进转化。\n", "utf-8")
    [doc] = load_file(path, path.name, settings)
    assert "INFO END" not in doc.text and "第一条 为了促进转化。" in doc.text


def test_text_saved_from_a_news_app_gets_its_headline_and_loses_pinyin(tmp_path, settings):
    capture = "\n".join(
        [
            "Workflow",
            "点击右上角微信好友",
            "高新区与高校共建研究院 推动行業(yè)发展",
            "来源：新华日报  2025-11-13",
            "本报讯 苏州高新区与苏州大学共建未来产业研究院，推动相关行業(yè)协同发展。",
        ]
    )
    path = tmp_path / "news.txt"
    path.write_text(capture, encoding="utf-8")
    [doc] = load_file(path, "news.txt", settings)
    assert doc.title == "高新区与高校共建研究院 推动行業发展"
    assert "点击右上角" not in doc.text and "(yè)" not in doc.text
    assert "推动相关行業协同发展" in doc.text
