from __future__ import annotations

import pytest

from assistant.errors import LoadError
from assistant.loaders import load_file

ARTICLE = [
    "9月10日，学校与苏州高新区举行“双高协同”创新发展合作签约仪式，双方将共建未来产业研究院。",
    "根据协议，双方围绕新一代信息技术、生物医药和高端装备三个方向，联合组建研发团队，共同申报重大项目。",
    "会上，校地双方还发布了首批30项技术需求清单和25项可转化成果清单。",
]
PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>我校与苏州高新区签署合作协议 - 某某大学新闻网</title>
<meta name="publishdate" content="2025-09-12"></head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li>
<li><a href="/about">学校概况</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 综合新闻</div>
<div class="article"><h1>我校与苏州高新区签署“双高协同”合作协议</h1>
<div class="content">
<p>{ARTICLE[0]}</p>
<h2>一、合作内容</h2>
<p>{ARTICLE[1]}</p>
<p>{ARTICLE[2]}</p>
</div></div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/a1">我校举办2025年科技成果转化对接会</a></li>
<li><a href="/a2">学校入选省级未来产业研究院建设名单</a></li></ul></div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<footer><p>Copyright © 2025 某某大学 版权所有</p><p>苏ICP备10012345号</p></footer>
</body></html>
"""


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "news" / "signing.html"
    path.parent.mkdir()
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_only_the_article_is_kept(page, settings):
    [doc] = load_file(page, "news/signing.html", settings)
    for line in ARTICLE:
        assert line in doc.text
    for chrome in (
        "新闻中心",
        "当前位置",
        "相关新闻",
        "成果转化对接会",
        "分享到",
        "ICP",
        "Copyright",
    ):
        assert chrome not in doc.text


def test_title_date_and_type_come_from_the_page(page, settings):
    [doc] = load_file(page, "news/signing.html", settings)
    assert doc.title == "我校与苏州高新区签署“双高协同”合作协议"
    assert doc.metadata["date"] == "2025-09-12"
    assert doc.doc_type == "news"


def test_section_headings_survive_as_lines(page, settings):
    [doc] = load_file(page, "news/signing.html", settings)
    assert any(line.endswith("一、合作内容") for line in doc.text.splitlines())


def test_page_without_main_text_is_refused(settings, tmp_path):
    path = tmp_path / "menu.html"
    path.write_text(
        "<html><body><ul><li><a href='/'>首页</a></li><li><a href='/n'>新闻</a></li></ul>"
        "</body></html>",
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match=r"^no main text found in HTML$"):
        load_file(path, "menu.html", settings)
