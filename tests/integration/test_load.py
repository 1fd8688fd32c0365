"""A short load test: 20 clients for ~10 s through the Gradio API while an ingest runs.

The full version is benchmarks/load_test.py (60 s); this one uses the same code on a small index.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from benchmarks.load_test import (
    ROOT,
    cli,
    env,
    run_load,
    start_server,
    stop_server,
    wait_until_up,
    write_new_doc,
)
from tests.integration.conftest import free_port

pytestmark = pytest.mark.load

DOCS = {
    "实施意见.md": "# 双高协同实施意见\n一、工作目标\n到2027年，实现试点高新区与高校结对全覆盖，"
                "建成10个协同创新示范区。\n二、支持政策\n设立成果转化基金，对概念验证中心给予最高"
                "200万元支持。\n",
    "对接会.md": "# 建邺高新区对接会\n南京建邺高新区举办对接会，南京工程学院与"
              "江苏林洋储能技术有限公司达成储能安全合作意向。\n",
}
QUESTIONS = ["到2027年的工作目标是什么？", "概念验证中心能获得多少支持？",
             "Which university signed a storage safety deal in Jianye?", "对接会上达成了什么合作？"]


def test_twenty_clients_and_a_concurrent_ingest_get_no_errors(tmp_path: Path) -> None:
    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    subprocess.run(cli(data, "ingest", str(docs), "--json"), check=True, capture_output=True,
                   env=env(), cwd=ROOT, timeout=300)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = start_server(data, port, tmp_path / "server.log")
    try:
        wait_until_up(url, server, 180, tmp_path / "server.log")
        result = run_load(url, server.pid, data, QUESTIONS, clients=20, seconds=10,
                          max_requests=2000, new_doc_dir=write_new_doc(tmp_path / "new"))
    finally:
        stop_server(server)

    summary = result.summary()
    assert summary["errors"] == 0, summary["error_kinds"]
    assert summary["requests"] >= 20
    assert result.ingest_ok and result.new_fact_found, summary
