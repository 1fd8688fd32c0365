"""Concurrent clients against the running chat, while an ingest adds a document.

Run: .venv/bin/python benchmarks/load_test.py [--clients 20] [--seconds 60] [--data-dir DIR]

Starts `assistant serve` on 127.0.0.1 and a free port (over DIR, or over a fresh index of
corpus/ built first), then N gradio_client clients ask the shared eval questions through the
`/ask` API for the given time. A third of the way in, `assistant ingest` adds a new document
in another process. Every answer must arrive without error and be well formed; once the ingest
has finished, the new document's fact must be answerable, which shows the server moved to the
new index without a restart. Prints errors, latency p50/p95 and the server's RSS; exits 1 on
any error. Bounded: at most --max-requests requests in all, and the server is stopped by PID.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from measure import free_port, percentile, tree_rss_mb  # noqa: E402

KB = "load"
NEW_DOC = """# 苏州示范区新设概念验证中心的通知
一、主要内容
苏州示范高新区与示范理工大学共建概念验证中心，中心编号为 ZX-2026-0917，首期投入3000万元。
"""
NEW_QUESTION = "编号 ZX-2026-0917 的概念验证中心首期投入多少？"
NEW_FACT = "3000万元"
SERVER_START_TIMEOUT_S = 180


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    requests: int = 0
    rss_mb: list[float] = field(default_factory=list)
    ingest_seconds: float = 0.0
    ingest_ok: bool = False
    new_fact_found: bool = False
    during_ingest: int = 0  # answers completed while the ingest was running

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "p50_ms": round(percentile(self.latencies_ms, 0.50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 0.95), 1),
            "max_ms": round(max(self.latencies_ms, default=0.0), 1),
            "answers_during_ingest": self.during_ingest,
            "ingest_ok": self.ingest_ok,
            "ingest_seconds": round(self.ingest_seconds, 1),
            "new_document_answered": self.new_fact_found,
            "server_rss_mb_max": round(max(self.rss_mb, default=0.0)),
        }


def env() -> dict[str, str]:
    values = dict(os.environ, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
                  GRADIO_ANALYTICS_ENABLED="False", PYTHONPATH=str(ROOT))
    values.pop("ASSISTANT_DATA_DIR", None)
    return values


def cli(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), "--kb", KB,
            *args]


def start_server(data_dir: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as handle:
        return subprocess.Popen(cli(data_dir, "serve", "--host", "127.0.0.1", "--port", str(port)),
                                stdout=handle, stderr=subprocess.STDOUT, env=env(), cwd=ROOT)


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float, log: Path):
    """A connected gradio_client.Client once the app answers; raises if the server died."""
    from gradio_client import Client

    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            return Client(url, verbose=False)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def stop_server(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate by PID, then kill if it does not exit within `timeout` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


def _well_formed(reply: object) -> str | None:
    """None when the reply is a proper answer; else what is wrong with it."""
    if not isinstance(reply, dict) or not isinstance(reply.get("answer"), str):
        return "malformed reply"
    numbers = {c.get("n") for c in reply.get("citations", [])}
    if not reply["refused"] and not numbers:
        return "answer without citations"
    return None


def _client_loop(url: str, questions: list[str], offset: int, stop_at: float, budget: list[int],
                 lock: threading.Lock, result: LoadResult, ingesting: threading.Event) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as err:  # counted like any failed request
        with lock:
            result.errors[f"connect: {type(err).__name__}"] += 1
        return
    n = offset
    while time.monotonic() < stop_at:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        question = questions[n % len(questions)]
        n += 1
        started = time.perf_counter()
        try:
            problem = _well_formed(client.predict(question, "[]", "{}", api_name="/ask"))
        except Exception as err:
            problem = f"{type(err).__name__}: {str(err)[:80]}"
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            result.requests += 1
            result.latencies_ms.append(elapsed)
            if problem:
                result.errors[problem] += 1
            elif ingesting.is_set():
                result.during_ingest += 1


def run_load(url: str, server_pid: int, data_dir: Path, questions: list[str], clients: int,
             seconds: float, max_requests: int, new_doc_dir: Path | None) -> LoadResult:
    """The clients for `seconds`; with `new_doc_dir`, an ingest of it a third of the way in."""
    result, lock, ingesting = LoadResult(), threading.Lock(), threading.Event()
    budget = [max_requests]
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=_client_loop, daemon=True,
                                args=(url, questions, i * 7, stop_at, budget, lock, result,
                                      ingesting)) for i in range(clients)]
    for thread in threads:
        thread.start()
    ingest_at = time.monotonic() + seconds / 3
    ingest: subprocess.Popen | None = None
    ingest_started = 0.0
    while any(t.is_alive() for t in threads):
        try:
            result.rss_mb.append(tree_rss_mb(server_pid))
        except FileNotFoundError:
            break
        if new_doc_dir and ingest is None and time.monotonic() >= ingest_at:
            ingesting.set()
            ingest_started = time.perf_counter()
            ingest = subprocess.Popen(cli(data_dir, "ingest", str(new_doc_dir), "--json"),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True, env=env(), cwd=ROOT)
        if ingest is not None and ingesting.is_set() and ingest.poll() is not None:
            ingesting.clear()
            result.ingest_seconds = time.perf_counter() - ingest_started
        time.sleep(0.25)
    for thread in threads:
        thread.join()
    if ingest is not None:
        _, err = ingest.communicate(timeout=600)
        result.ingest_seconds = result.ingest_seconds or time.perf_counter() - ingest_started
        result.ingest_ok = ingest.returncode == 0
        if not result.ingest_ok:
            result.errors[f"ingest failed: {err.strip()[-200:]}"] += 1
        result.new_fact_found = _new_fact_answered(url)
    return result


def _new_fact_answered(url: str) -> bool:
    from gradio_client import Client

    reply = Client(url, verbose=False).predict(NEW_QUESTION, "[]", "{}", api_name="/ask")
    return NEW_FACT in reply.get("answer", "")


def write_new_doc(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "新设概念验证中心通知.md").write_text(NEW_DOC, encoding="utf-8")
    return directory


def eval_questions() -> list[str]:
    from assistant.evaluation import default_questions_path, load_questions

    return [q["question"] for q in load_questions(default_questions_path())
            if not q.get("followup_of")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--data-dir", help="an index to serve (default: corpus/ indexed afresh)")
    parser.add_argument("--no-ingest", action="store_true", help="no concurrent ingest")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="load-"))
    data_dir = Path(args.data_dir) if args.data_dir else work / "data"
    if not args.data_dir:
        print("indexing corpus/ …", flush=True)
        subprocess.run(cli(data_dir, "ingest", str(ROOT / "corpus"), "--json"), check=True,
                       capture_output=True, env=env(), cwd=ROOT)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = work / "server.log"
    server = start_server(data_dir, port, log)
    try:
        wait_until_up(url, server, SERVER_START_TIMEOUT_S, log)
        print(f"server pid {server.pid} on {url}; {args.clients} clients for {args.seconds:g} s",
              flush=True)
        new_docs = None if args.no_ingest else write_new_doc(work / "new")
        result = run_load(url, server.pid, data_dir, eval_questions(), args.clients,
                          args.seconds, args.max_requests, new_docs)
    finally:
        stop_server(server)
    summary = result.summary()
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(f"load clients={args.clients} seconds={args.seconds:g} requests={summary['requests']} "
          f"errors={summary['errors']} p50_ms={summary['p50_ms']} p95_ms={summary['p95_ms']} "
          f"rss_mb={summary['server_rss_mb_max']}")
    failed = summary["errors"] or (new_docs and not result.new_fact_found)
    if failed:
        print(f"server log and index kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
