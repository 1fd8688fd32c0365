"""The chat in a real browser: headless Debian Chromium driven by Playwright against the app
serving an index of the shipped corpus/ (built once per session, about a minute).

Screenshots go to tests/screenshots/ for people to look at; one of them is docs/screenshot.png.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings, quiet_network_env

quiet_network_env()

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ADMIN = "admin:s3cret-pass"
BATTERY_EN = "Which university can help with battery-storage safety prediction?"
POLICY_ZH = "江苏推进高新区和高等院校协同创新发展的实施意见，文号是什么？哪天印发的？"
WAIT_MS = 180_000  # the first question loads the embedding model


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding an index of corpus/, built with the default embedding model."""
    from assistant.service import Assistant

    data = tmp_path_factory.mktemp("browser-data")
    report = Assistant(settings=Settings().with_overrides(data_dir=data)).ingest([REPO / "corpus"])
    assert report.indexed > 0 and not report.skipped
    return data


class Connections:
    """Records every outbound connection and DNS look-up that is not to this machine."""

    def __init__(self) -> None:
        self.external: list[str] = []

    @staticmethod
    def _local(host: object) -> bool:
        if host in (None, "localhost", "", b"localhost"):
            return True
        try:
            return ipaddress.ip_address(str(host)).is_loopback
        except ValueError:
            return False

    def patch(self, mp: pytest.MonkeyPatch) -> None:
        real_connect, real_lookup = socket.socket.connect, socket.getaddrinfo

        def connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not self._local(address[0]):
                self.external.append(f"connect {address}")
            return real_connect(sock, address)

        def lookup(host, *args, **kwargs):
            if not self._local(host):
                self.external.append(f"lookup {host}")
            return real_lookup(host, *args, **kwargs)

        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket, "getaddrinfo", lookup)


@pytest.fixture(scope="module")
def app(corpus_data: Path) -> Iterator[dict]:
    """The app on a free port, with an admin account; records outbound connections meanwhile."""
    from assistant.app import build_app, launch
    from assistant.service import Assistant

    connections = Connections()
    with pytest.MonkeyPatch.context() as mp:
        connections.patch(mp)
        assistant = Assistant(settings=Settings().with_overrides(data_dir=corpus_data,
                                                                admin_auth=ADMIN))
        demo = build_app(assistant)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        launch(demo, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
        try:
            yield {"url": f"http://127.0.0.1:{port}/", "assistant": assistant,
                   "data": corpus_data, "connections": connections}
        finally:
            demo.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app):
    """A fresh browser session on the app; fails the test if the page requested another host."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    tab = context.new_page()
    foreign: list[str] = []
    tab.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(
        (app["url"], "data:", "blob:")) else None)
    tab.goto(app["url"])
    tab.wait_for_selector("#question textarea", timeout=60_000)
    yield tab
    context.close()
    assert foreign == []


def shot(page, name: str) -> Path:
    """Full-page screenshot, with the chat scrolled to the start of the latest answer."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("""() => {
        const last = [...document.querySelectorAll('#chat .bot-row')].pop();
        if (last) last.scrollIntoView({block: 'start'});
        window.scrollTo(0, 0);
    }""")
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def ask(page, question: str) -> str:
    """Ask in the chat and wait for the finished answer; returns its text."""
    bots = page.locator("#chat .bot-row").count()
    page.fill("#question textarea", question)
    page.click("#send")
    # The first update adds the new message and a pending panel together, so once there is one
    # more answer and the panel is final again, the panel belongs to this answer.
    page.wait_for_function(
        """n => document.querySelectorAll('#chat .bot-row').length === n
              && document.querySelector('#sources-panel .sources-title, .sources-none')
              && !document.querySelector('#sources-panel .sources-pending')""",
        arg=bots + 1, timeout=WAIT_MS)
    return page.locator("#chat .bot-row").last.inner_text()


def choose(page, dropdown: str, option: str) -> None:
    page.click(f"{dropdown} input")
    page.get_by_role("option", name=option, exact=True).click()


def api_answer(app: dict, question: str, filters: dict | None = None,
               history: list | None = None) -> dict:
    """What the README's gradio_client example does."""
    from gradio_client import Client

    client = Client(app["url"], verbose=False)
    return client.predict(question=question,
                          history_json=json.dumps(history or [], ensure_ascii=False),
                          filters_json=json.dumps(filters or {}), api_name="/ask")


# --- tests ---------------------------------------------------------------------------------------
def test_first_screen_in_chinese_and_english_with_personas(page) -> None:
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    assert fonts.stdout.strip(), "no Chinese font installed: the page would show boxes"
    intro = page.inner_text("#intro")
    assert "双高协同助手" in intro and "Every statement cites" in intro
    examples = page.locator("#examples tr, #examples button")
    assert 6 <= examples.count() <= 8 * 2
    shot(page, "first-screen.png")
    page.get_by_label("企业工程师 Enterprise engineer").check()
    page.wait_for_function(
        "document.querySelector('#chat-doc_type input').value.includes('Catalog')")
    assert "battery-storage" in page.inner_text("#examples")


def test_every_example_is_answered_with_its_persona_filters(app) -> None:
    from assistant.app.texts import PERSONAS

    for persona in PERSONAS:
        for question in persona.examples:
            answer = app["assistant"].ask(question, [], dict(persona.filters))
            assert not answer.refused and answer.citations, (persona.label, question)


def test_clicking_an_example_asks_it(page) -> None:
    bots = page.locator("#chat .bot-row").count()
    page.locator("#examples").get_by_text("江苏推进高新区和高等院校协同创新发展的实施意见").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .bot-row').length === n"
        " && document.querySelector('#sources-panel .sources-title')", arg=bots + 1,
        timeout=WAIT_MS)
    assert "苏政办发〔2025〕28号" in page.locator("#chat .bot-row").last.inner_text()


def test_english_battery_question(page, app) -> None:
    answer = ask(page, BATTERY_EN)
    assert "南京工程学院" in answer
    links = page.locator("#chat .bot-row").last.locator("a.cite")
    assert links.count() >= 1
    numbers = set()
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        assert href.startswith("gradio_api/file=")
        numbers.add(int(links.nth(i).inner_text().strip("[]")))
    served = page.request.get(app["url"] + links.first.get_attribute("href").split("#")[0])
    assert served.status == 200
    cards = page.locator("#sources-panel .source-card")
    assert {int(cards.nth(i).get_attribute("data-n")) for i in range(cards.count())} == numbers
    assert page.inner_text("#sources-panel .sources-title") == "Sources"  # follows the question
    assert page.locator("#sources-panel mark").count() >= 1
    assert "南京工程学院" in page.inner_text("#sources-panel")
    expected = api_answer(app, BATTERY_EN)
    samples = sum(1 for c in expected["citations"] if c["sample"])
    assert page.locator("#sources-panel .badge-sample").count() == samples
    shot(page, "answer-en.png")


def test_chinese_policy_question_links_the_pdf_page(page, app) -> None:
    answer = ask(page, POLICY_ZH)
    assert "苏政办发〔2025〕28号" in answer
    assert page.inner_text("#sources-panel .sources-title") == "来源"
    pdf = page.locator('#chat .bot-row a.cite[href*=".pdf#page="]')
    assert pdf.count() >= 1
    served = page.request.get(app["url"] + pdf.first.get_attribute("href").split("#")[0])
    assert served.status == 200 and served.headers["content-type"] == "application/pdf"
    shot(page, "answer-zh.png")


def test_followup_shows_the_rewritten_query(page) -> None:
    ask(page, BATTERY_EN)
    answer = ask(page, "它和哪个高新区结对？")
    assert "建邺" in answer
    note = page.inner_text("#chat-note")
    assert "结合上文检索" in note and "南京工程学院" in note
    shot(page, "followup.png")


def test_filter_limits_the_sources(page) -> None:
    choose(page, "#chat-doc_type", "政策 Policy")
    ask(page, "双高协同的工作目标是什么？")
    places = page.locator("#sources-panel .source-where").all_inner_texts()
    assert places and all("policies/" in p for p in places)


def test_thumbs_up_is_logged_with_the_answer(page, app) -> None:
    ask(page, POLICY_ZH)
    log = app["data"] / "feedback.jsonl"
    before = log.read_text(encoding="utf-8").count("\n") if log.exists() else 0
    page.locator("#chat button[aria-label='赞']").last.click()  # "Like" in the zh-CN locale
    for _ in range(100):
        if log.exists() and log.read_text(encoding="utf-8").count("\n") > before:
            break
        time.sleep(0.1)
    record = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "up" and record["question"] == POLICY_ZH
    assert "苏政办发〔2025〕28号" in record["answer"] and record["citations"]


def test_retrieval_test_shows_scores_and_stage_timings(page) -> None:
    page.get_by_role("tab", name="检索测试 Retrieval test").click()
    page.fill("#hit-query textarea", "锂电池储能安全预测")
    page.click("#hit-run")
    page.wait_for_function("document.querySelector('#hit-timings').innerText.includes('compose')",
                           timeout=WAIT_MS)
    timings = page.inner_text("#hit-timings")
    assert all(stage in timings for stage in ("understand", "retrieve", "rerank", "compose"))
    table = page.inner_text("#hit-table")
    assert "fused" in table and "dense" in table and "lexical" in table and "rerank" in table
    assert "储能" in table
    shot(page, "retrieval.png")


def test_match_lists_ranked_supply_with_reasons(page) -> None:
    page.get_by_role("tab", name="需求匹配 Match").click()
    page.fill("#match-demand textarea", "我们需要锂电池储能系统的安全预测预警技术。")
    choose(page, "#match-zone", "南京建邺高新区")
    page.click("#match-run")
    page.wait_for_selector("#match-result .match-card", timeout=WAIT_MS)
    first = page.locator("#match-result .match-card").first
    assert first.get_attribute("data-rank") == "1"
    assert "南京工程学院" in first.inner_text() and first.locator(".match-reasons li").count()
    shot(page, "match.png")


def test_gradio_client_gets_answer_and_citations_as_json(app) -> None:
    result = api_answer(app, BATTERY_EN)
    assert "南京工程学院" in result["answer"]
    assert result["citations"] and {"n", "source", "title", "locator", "snippet"} <= set(
        result["citations"][0])
    history = [{"role": "user", "content": BATTERY_EN},
               {"role": "assistant", "content": result["answer"]}]
    followup = api_answer(app, "它和哪个高新区结对？", {"doc_type": "catalog"}, history)
    assert "建邺" in followup["answer"] and "南京工程学院" in followup["rewritten_query"]
    assert all(c["source"].startswith("catalogs/") for c in followup["citations"])


def test_admin_uploads_and_deletes_a_document(page, app, tmp_path) -> None:
    page.get_by_role("tab", name="文档 Documents").click()
    from assistant.app.documents_tab import document_rows

    files = app["assistant"].kb.chunks.files()
    page.wait_for_function("n => document.querySelector('#doc-stats').innerText.includes(n)",
                           arg=f"{len(files)} 个文档")
    # The table is virtualised (only rows near the top are in the page): look for the first one.
    assert document_rows(files)[0][1] in page.inner_text("#doc-table")
    page.get_by_label("管理员 Admin user").fill("admin")
    page.get_by_label("密码 Password").fill("wrong")
    page.get_by_role("button", name="登录 Sign in").click()
    page.wait_for_selector("text=Wrong user or password")
    assert not page.locator("#upload").is_visible()
    page.get_by_label("密码 Password").fill(ADMIN.split(":", 1)[1])
    page.get_by_role("button", name="登录 Sign in").click()
    page.wait_for_selector("#upload", timeout=30_000)
    note = tmp_path / "上传测试_量子芯片封装.md"
    note.write_text("# 上传测试\n\n一、目的\n\n本文件说明量子芯片封装测试平台的开放共享安排。\n",
                    encoding="utf-8")
    page.set_input_files("#upload input[type=file]", str(note))
    page.wait_for_selector(f"#upload >> text={note.name}", timeout=30_000)
    page.get_by_role("button", name="索引上传的文件 Index uploaded files").click()
    page.wait_for_function(
        "document.querySelector('#ingest-report').innerText.includes('indexed')", timeout=WAIT_MS)
    assert note.name in page.inner_text("#doc-table")
    shot(page, "documents.png")
    uploaded = app["data"] / "default" / "uploads" / note.name
    assert uploaded.is_file()
    choose(page, "#delete-source", note.name)
    page.get_by_role("button", name="删除 Delete").click()
    page.wait_for_selector("text=已删除 Deleted", timeout=60_000)
    assert note.name not in page.inner_text("#doc-table")
    assert not uploaded.exists()
    assert app["assistant"].kb.chunks.file(note.name) is None


def test_no_connection_left_this_machine(app) -> None:
    assert app["connections"].external == []

