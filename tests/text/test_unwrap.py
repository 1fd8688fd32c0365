from __future__ import annotations

from assistant.text.unwrap import unwrap_page


def test_unwrap_joins_layout_breaks_but_not_headings():
    full = "以培育发展新质生产力为战略目标，以优势产业聚集区和优势学科专业群为核心"
    page = f"一、总体思路\n{full}\n路径，推进有组织科研。\n（一）双新领航"
    assert unwrap_page(page) == ["一、总体思路", full + "路径，推进有组织科研。", "（一）双新领航"]


def test_unwrap_leaves_short_pages_alone():
    page = "苏政办发〔2025〕28号\n江苏省人民政府办公厅\n2025年7月4日"
    assert unwrap_page(page) == page.splitlines()


def test_unwrap_puts_a_space_between_english_words():
    full = "The pilot zones and their paired universities jointly build platforms for the"
    assert unwrap_page(f"{full}\ntransfer of results.") == [f"{full} transfer of results."]


def test_a_short_last_line_ends_the_paragraph():
    full = "以培育发展新质生产力为战略目标，以优势产业聚集区和优势学科专业群为核心"
    page = f"{full}\n路径\n苏州高新区管委会"
    assert unwrap_page(page) == [full + "路径", "苏州高新区管委会"]
