"""[n] markers become links; the sources panel lists each citation with what users need."""

from __future__ import annotations

from assistant.app.sources_panel import empty_panel, link_markers, render_sources
from tests.app.fakes import cite


def test_known_markers_link_to_the_file_unknown_ones_stay_text() -> None:
    urls = {1: "gradio_api/file=/x/a.pdf#page=2"}
    text = link_markers("A[1]，B[2][9]。", [cite(1), cite(2)], urls)
    assert '<a class="cite" href="gradio_api/file=/x/a.pdf#page=2" target="_blank"' in text
    assert '<a class="cite" href="#source-2"' in text  # no servable file: jump to the panel
    assert text.endswith("[9]。")


def test_marker_tooltip_is_escaped() -> None:
    quoted = cite(1)
    quoted.title = 'a "b" <c>'
    assert 'title="a &quot;b&quot; &lt;c&gt; · 第2页"' in link_markers("[1]", [quoted], {})


def test_panel_lists_title_locator_source_snippet_badge_and_link() -> None:
    html = render_sources(
        [cite(2, "catalogs/a.xlsx", sample=True, locator="清单 第17行"), cite(1)],
        {1: "gradio_api/file=/x/a.pdf#page=2"}, ["储能"], "zh",
    )
    assert html.index('id="source-1"') < html.index('id="source-2"')
    assert "清单 第17行 · catalogs/a.xlsx" in html
    assert html.count("badge-sample") == 1 and "示例数据" in html
    assert "<mark>储能</mark>" in html
    assert html.count("source-open") == 1 and "打开原文" in html
    assert "来源" in html


def test_panel_follows_the_language_of_the_question() -> None:
    html = render_sources([cite(1, sample=True)], {1: "u"}, [], "en")
    assert "Sources" in html and "sample data" in html and "Open source" in html


def test_panel_without_citations_says_so() -> None:
    assert "no sources" in render_sources([], {}, [], "en").lower()
    assert "sources-empty" in empty_panel()
