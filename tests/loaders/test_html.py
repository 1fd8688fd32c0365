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


GOV_PAGE = """<tbody><tr><td class="b12c" id="UCAP-CONTENT">
<p style="text-align: center;"><span style="font-weight: bold;">省政府办公厅关于推进高新</span></p>
<p style="text-align: center;"><span style="font-weight: bold;">区和高校协同创新的通知</span></p>
<p style="text-align: center;"><span style="font-family: 楷体;">苏政办发〔2025〕99号</span></p>
<p style="text-indent: 2em;">各设区市人民政府，省各委办厅局：</p>
<p style="text-indent: 2em;"><span style="font-weight: bold;">一、总体要求</span></p>
<p style="text-indent: 2em;">推动高新区与高校结对，建设一批协同创新平台，形成可复制的经验。</p>
<p style="text-indent: 2em;"><span style="font-weight: bold;">二、重点任务</span></p>
<p style="text-align: center;">重点任务分工表</p>
<table border="1">
<tr><th>序号</th><th>任务</th><th>牵头单位</th><th>完成时限</th></tr>
<tr><td colspan="4">苏南片区</td></tr>
<tr><td>1</td><td>共建概念验证中心</td><td>省科技厅</td><td>2025年底</td></tr>
<tr><td>2</td><td>发布产业技术需求清单</td><td>省工信厅</td><td>2026年6月</td></tr>
<tr><td colspan="4">苏北片区</td></tr>
<tr><td>3</td><td>组建中试熟化基地</td><td>省发展改革委</td><td>2026年底</td></tr>
</table>
<p style="text-indent: 2em;">各地要加强组织领导，确保各项任务落到实处。</p>
</td></tr><tr><td></td></tr></tbody>"""


@pytest.fixture
def gov_page(tmp_path):
    path = tmp_path / "policies" / "tongzhi.html"
    path.parent.mkdir()
    path.write_text(GOV_PAGE, encoding="utf-8")
    return path


def test_fragment_title_is_the_leading_bold_block_joined_across_paragraphs(gov_page, settings):
    docs = load_file(gov_page, "policies/tongzhi.html", settings)
    assert {d.title for d in docs} == {"省政府办公厅关于推进高新区和高校协同创新的通知"}


def test_layout_table_is_body_text_and_the_data_table_rows_are_records(gov_page, settings):
    prose, *rows = load_file(gov_page, "policies/tongzhi.html", settings)
    assert "推动高新区与高校结对" in prose.text and "确保各项任务落到实处" in prose.text
    assert "|" not in prose.text and "省科技厅" not in prose.text
    assert [r.text for r in rows] == [
        "分组：苏南片区；序号：1；任务：共建概念验证中心；牵头单位：省科技厅；完成时限：2025年底",
        "分组：苏南片区；序号：2；任务：发布产业技术需求清单；牵头单位：省工信厅；完成时限：2026年6月",
        "分组：苏北片区；序号：3；任务：组建中试熟化基地；牵头单位：省发展改革委；完成时限：2026年底",
    ]
    assert rows[2].headings == ("二、重点任务", "重点任务分工表")
    assert rows[2].locator == "二、重点任务 > 重点任务分工表 第6行"
    assert all(r.doc_type == "policy" and r.is_record for r in rows)


def test_a_page_of_one_line_over_10_mb_is_indexed_whole(tmp_path, settings):
    sentence = "高新区与高校共建平台，推动成果转化。"
    path = tmp_path / "long.html"
    path.write_text(f"<html><body><p>{sentence * 200_000}</p></body></html>", encoding="utf-8")
    [doc] = load_file(path, "long.html", settings)
    assert doc.text.count(sentence) == 200_000


def test_a_title_split_over_paragraphs_reads_as_one_line_in_the_text(gov_page, settings):
    prose = load_file(gov_page, "policies/tongzhi.html", settings)[0]
    assert [line for line in prose.text.splitlines() if line][:2] == [
        "省政府办公厅关于推进高新区和高校协同创新的通知", "苏政办发〔2025〕99号"
    ]
