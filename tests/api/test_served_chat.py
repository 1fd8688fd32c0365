"""`assistant serve` mounts the chat beside /v1 and /mcp: its page, its Gradio API and its file
links must work exactly as when the chat is launched alone (tests/app), with or without a key
(the chat stays open to everyone)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from benchmarks.load_test import ask_chat
from tests.app.test_browser import CHROMIUM, CHROMIUM_ARGS, POLICY_ZH, WAIT_MS, ask

BATTERY_EN = "Which university can help with battery-storage safety prediction?"


def test_gradio_client_gets_the_facades_answer(served, corpus_assistant) -> None:
    from gradio_client import Client

    result = Client(served.url, verbose=False).predict(
        question=BATTERY_EN, history_json="[]", filters_json="{}", api_name="/ask")
    expected = corpus_assistant.ask(BATTERY_EN)
    assert result["answer"] == expected.answer
    assert result["citations"] == [c.to_dict() for c in expected.citations]


def test_readme_curl_path_needs_no_key(served, corpus_assistant) -> None:
    with httpx.Client(timeout=120) as http:
        result = ask_chat(http, served.url, POLICY_ZH)
    assert result["answer"] == corpus_assistant.ask(POLICY_ZH).answer


@pytest.mark.browser
def test_the_served_chat_answers_in_a_browser(served, corpus_assistant) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright

    expected = corpus_assistant.ask(POLICY_ZH)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            page.goto(served.url)
            page.wait_for_selector("#question textarea", timeout=WAIT_MS)
            ask(page, POLICY_ZH)
            cards = page.locator("#sources-panel .source-card")
            shown = {int(cards.nth(i).get_attribute("data-n")) for i in range(cards.count())}
            assert shown == {c.n for c in expected.citations}
            link = page.locator("#chat .bot-row").last.locator("a.cite").first
            served_file = page.request.get(served.url + link.get_attribute("href").split("#")[0])
            assert served_file.status == 200
        finally:
            browser.close()
