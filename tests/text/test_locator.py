from __future__ import annotations

from assistant.text.headings import parse_heading
from assistant.text.locator import format_locator


def _path(*lines: str):
    return tuple(parse_heading(line) for line in lines)


def test_items_below_an_article_are_named_by_their_number():
    path = _path("第三章 保障措施", "第十二条 单位给予奖励：", "（一）转让的，提取七成；")
    assert format_locator(path) == "第三章 保障措施 > 第十二条（一）"
    assert format_locator(path, page=7) == "第7页 · 第十二条（一）"


def test_policy_clauses_keep_their_labels():
    path = _path("一、总体思路", "（一）双新领航。以高新区开辟新赛道为突破口。")
    assert format_locator(path) == "一、总体思路 > （一）双新领航"


def test_pages_and_empty_paths():
    assert format_locator(()) == "全文"
    assert format_locator((), page=3) == "第3页"
    assert format_locator(_path("第五条 本市设立基金。"), 7, 8) == "第7–8页 · 第五条"
