"""Match cards: rank, title, who, score, reasons, linked citations, sample badge; all escaped."""

from __future__ import annotations

from assistant.app.match_tab import matches_html

MATCH = {
    "rank": 1, "title": "锂电池<储能>", "university": "南京工程学院", "zone": "南京建邺高新区",
    "score": 1.0512, "reasons": ["共同关键词：储能"], "sample": True,
    "citations": [{"n": 1, "title": "成果清单", "locator": "第3行", "source": "a.xlsx"},
                  {"n": 2, "title": "pairings", "locator": "第6行", "source": "gone.csv"}],
}


def test_card_shows_everything_and_links_servable_citations() -> None:
    html = matches_html({"matches": [MATCH]},
                        lambda c: "gradio_api/file=/a.xlsx" if c["source"] == "a.xlsx" else None)
    assert "锂电池&lt;储能&gt;" in html
    assert "南京工程学院 · 南京建邺高新区" in html and "1.05" in html
    assert "<li>共同关键词：储能</li>" in html and "badge-sample" in html
    assert '<a href="gradio_api/file=/a.xlsx"' in html and "[1] 成果清单 · 第3行" in html
    assert "<li>[2] pairings · 第6行</li>" in html


def test_no_match_says_so() -> None:
    assert "No achievement" in matches_html({"matches": []}, lambda c: None)
