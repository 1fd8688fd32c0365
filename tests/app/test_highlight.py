"""Matched terms are marked in snippets, in folded form, with everything else escaped."""

from __future__ import annotations

from assistant.app.highlight import highlight, query_terms


def test_marks_terms_and_escapes_the_rest() -> None:
    out = highlight("<b>南京工程学院</b>在储能方面", ["储能", "南京工程学院"])
    assert out == "&lt;b&gt;<mark>南京工程学院</mark>&lt;/b&gt;在<mark>储能</mark>方面"


def test_overlapping_terms_make_one_mark() -> None:
    assert highlight("储能系统", ["储能", "能系"]) == "<mark>储能系</mark>统"


def test_traditional_and_full_width_text_matches_folded_terms() -> None:
    assert highlight("電池儲能ＡＢＣ", ["储能", "abc"]) == "電池<mark>儲能ＡＢＣ</mark>"


def test_no_terms_leaves_text_escaped() -> None:
    assert highlight("a < b", []) == "a &lt; b"


def test_english_question_brings_chinese_glossary_terms() -> None:
    terms = query_terms("Which university can help with battery-storage safety prediction?")
    assert "储能" in terms
    assert all(len(t) >= 2 for t in terms)
    assert terms == sorted(terms, key=lambda t: (-len(t), t))


def test_single_characters_are_not_terms() -> None:
    assert all(len(t) >= 2 for t in query_terms("的和在是高新区"))
