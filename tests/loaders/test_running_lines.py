from __future__ import annotations

from assistant.loaders.running_lines import strip_running_lines


def test_heads_and_numbered_feet_repeated_on_pages_are_dropped():
    pages = [
        ["苏州市人民政府公报", "一、总体要求", "正文第一页。", "第 1 页 共 3 页"],
        ["苏州市人民政府公报", "正文第二页。", "第 2 页 共 3 页"],
        ["苏州市人民政府公报", "正文第三页。", "第 3 页 共 3 页"],
    ]
    kept = [["一、总体要求", "正文第一页。"], ["正文第二页。"], ["正文第三页。"]]
    assert strip_running_lines(pages) == kept


def test_lines_on_few_pages_and_single_pages_are_kept():
    pages = [["封面标题", "正文一。"], ["正文二。"], ["正文三。"], ["附件"]]
    assert strip_running_lines(pages) == pages
    assert strip_running_lines([["标题", "第 1 页"]]) == [["标题", "第 1 页"]]
