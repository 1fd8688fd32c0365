"""Fixtures for the open-interface tests: an index of the shipped corpus and a served app.

The index (corpus/ in KB "default", plus a one-document KB "extra" so there are two models) is
built once per session in this process, which also gives the tests an `Assistant` on the same
index to compare answers with. `served` runs `assistant serve` in a child process on 127.0.0.1
and a free port, with an API key, and stops it by PID when the session ends.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.config import Settings, quiet_network_env
from tests.app.conftest import fake, kb  # noqa: F401  (the app's fakes, reused as fixtures)
from tests.integration.conftest import child_env, free_port, stop_process, wait_for_http

quiet_network_env()

REPO = Path(__file__).resolve().parents[2]
API_KEY = "test-key-7f3a"
EXTRA_DOC = ("# 泰州示范高新区概念验证专项说明\n一、支持内容\n泰州示范高新区概念验证专项编号为 "
             "TZ-2026-0311，单个项目最高支持80万元。\n")
SERVER_START_TIMEOUT_S = 180  # the first request loads the embedding model on a busy machine


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT/
    key: str
    proc: subprocess.Popen
    log: Path

    @property
    def api(self) -> str:
        return self.url + "v1"


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir: corpus/ indexed as KB "default", one extra document as KB "extra"."""
    from assistant.service import Assistant

    data = tmp_path_factory.mktemp("api-data")
    report = Assistant(settings=Settings().with_overrides(data_dir=data)).ingest([REPO / "corpus"])
    assert report.indexed > 0 and not report.skipped
    docs = tmp_path_factory.mktemp("extra-docs")
    (docs / "泰州概念验证专项.md").write_text(EXTRA_DOC, encoding="utf-8")
    extra = Assistant(settings=Settings().with_overrides(data_dir=data, kb="extra"))
    assert extra.ingest([docs]).indexed == 1
    return data


@pytest.fixture(scope="session")
def corpus_assistant(corpus_data: Path):
    """The facade on the served index: what every interface must answer the same as."""
    from assistant.service import Assistant

    return Assistant(settings=Settings().with_overrides(data_dir=corpus_data))


@pytest.fixture(scope="session")
def served(corpus_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`assistant serve` (chat, /v1, /mcp) over the corpus index, guarded by API_KEY."""
    port = free_port()
    log = tmp_path_factory.mktemp("served") / "server.log"
    with log.open("w") as handle:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "--data-dir", str(corpus_data), "serve",
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=handle, stderr=subprocess.STDOUT, cwd=REPO,
            env=child_env(ASSISTANT_API_KEY=API_KEY, ASSISTANT_MAX_BODY_KB="64"))
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, proc, SERVER_START_TIMEOUT_S)
        yield Served(url=url, key=API_KEY, proc=proc, log=log)
    finally:
        stop_process(proc)
