from __future__ import annotations

import pytest

from assistant.text.webclean import (
    classify_lines,
    clean_web_text,
    looks_like_web_capture,
    strip_markup,
)

from .web_captures import CAPTURES, SCIENCE_DEPT_PAGE, split_capture

TUNED = [name for name in CAPTURES if name != "science_dept_holdout"]


def _kept(raw: str) -> list[str]:
    return [line for line in clean_web_text(raw).splitlines() if line]


def _precision_recall(marked: str) -> tuple[float, float]:
    raw, article, _ = split_capture(marked)
    lines, kinds = classify_lines(raw)
    labels = [line[:2] for line in marked.splitlines()]
    kept = [k is None and bool(text) for text, k in zip(lines, kinds, strict=True)]
    hits = sum(keep and label == "+ " for keep, label in zip(kept, labels, strict=True))
    return hits / sum(kept), hits / len(article)


@pytest.mark.parametrize("name", TUNED)
def test_article_lines_survive_and_chrome_is_gone(name):
    raw, article, chrome = split_capture(CAPTURES[name])
    kept = _kept(raw)
    assert len(kept) == len(article)
    for line, original in zip(kept, article, strict=True):
        assert line in original  # same line, possibly without an inline 【打印】 or 浏览次数
    for line in chrome:
        assert line not in kept


def test_held_out_page_keeps_every_article_line():
    precision, recall = _precision_recall(SCIENCE_DEPT_PAGE)
    assert recall == 1.0
    assert precision >= 0.85  # the bilingual site-name banner has no rule that tells it apart


def test_inline_chrome_is_cut_from_a_kept_line():
    raw = "发布时间：2025-09-12 来源：新闻网 浏览次数：2381 【打印】【关闭】 字号：[ 大 中 小 ]"
    assert _kept(raw) == ["发布时间：2025-09-12 来源：新闻网"]


def test_event_organisers_in_an_article_are_kept():
    raw = "活动安排如下。\n主办单位：苏州高新区管委会\n承办单位：科技创新局\n" + "正文。\n" * 5
    assert "主办单位：苏州高新区管委会" in _kept(raw)


def test_markup_and_entities_are_removed():
    assert strip_markup('<p class="x">协同&nbsp;创新&amp;发展</p><script>var a=1;</script>') == (
        "协同\u00a0创新&发展"
    )


def test_markdown_is_not_a_web_capture():
    markdown = "# 标题\n\n| 高校 | 方向 |\n|---|---|\n| 苏州大学 | 信息 |\n\n- 一\n- 二\n"
    assert not looks_like_web_capture(markdown)
    assert looks_like_web_capture(split_capture(CAPTURES["newspaper"])[0])


def test_policy_prose_that_resembles_chrome_is_kept():
    policy = "\n".join(
        [
            "上篇 总论",
            "上一条规定的事项，由省科技厅负责解释。",
            "审核：由设区市科技局初审后报省科技厅。",
            "位置：苏州高新区创业园报告厅",
            "主办单位：苏州高新区管委会",
            "一、总体思路",
            "以培育发展新质生产力为战略目标。",
        ]
    )
    assert clean_web_text(policy) == policy
