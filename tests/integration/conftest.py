"""Fixtures for the integration tests: a real Chroma server and child ingest processes.

The Chroma server is started once per test session on 127.0.0.1 and a free port, with its data
in a temporary directory, and stopped by its PID when the session ends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.load_test import stop_server

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).resolve().parent / "ingest_child.py"
SERVER_START_TIMEOUT_S = 90  # a busy 2-core machine needs a while to start the server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "load: concurrent clients against a served app (~30 s; deselect with -m "
        "'not load')"
    )


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: offline, quiet, embedded store unless told."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", GRADIO_ANALYTICS_ENABLED="False")
    env.pop("ASSISTANT_CHROMA_URL", None)
    env.pop("ASSISTANT_DATA_DIR", None)
    env.update(extra)
    return env


def run_child(*args: str, timeout: float = 180, **env: str) -> subprocess.CompletedProcess:
    """Run tests/integration/ingest_child.py to completion."""
    return subprocess.run([sys.executable, str(CHILD), *args], capture_output=True, text=True,
                          timeout=timeout, env=child_env(**env), cwd=ROOT)


def start_child(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(**env), cwd=ROOT)


def child_state(data_dir: Path, kb: str, **env: str) -> dict:
    """The index state (ids, manifest) as tests/integration/ingest_child.py prints it."""
    done = run_child("state", str(data_dir), kb, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest_and_state(data_dir: Path, kb: str, *paths: Path, **env: str) -> dict:
    """Ingest in a child process that then prints the index state (one process for both)."""
    done = run_child("ingest", str(data_dir), kb, *map(str, paths), "--print-state", **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest_killed_at(point: str, data_dir: Path, kb: str, docs: Path, scratch: Path,
                     **env: str) -> None:
    """Start an ingest, wait until it reaches `point` (see ingest_child.py), kill -9 it there."""
    signal_file = scratch / f"at-{point.replace(':', '-')}"
    proc = start_child("ingest", str(data_dir), kb, str(docs), "--hang-at", point,
                       "--signal", str(signal_file), **env)
    try:
        deadline = time.monotonic() + 180
        while not signal_file.exists():
            assert proc.poll() is None, f"ingest ended before {point}: {proc.communicate()}"
            assert time.monotonic() < deadline, f"ingest never reached {point}"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None and not signal_file.exists():
            proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Poll `url` until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate by PID, then kill if it does not exit within 15 s."""
    stop_server(proc, timeout=15)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a `chroma run` server on 127.0.0.1, for the whole test session."""
    executable = Path(sys.executable).parent / "chroma"
    assert executable.exists(), f"{executable} missing: chromadb is not installed in this venv"
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("w")
    port = free_port()
    proc = subprocess.Popen(
        [str(executable), "run", "--path", str(data / "db"), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=child_env(), cwd=data,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, SERVER_START_TIMEOUT_S)
    except RuntimeError as err:
        stop_process(proc)
        log.close()
        pytest.fail(f"Chroma server did not start: {err}\n{(data / 'server.log').read_text()}")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)
        log.close()
