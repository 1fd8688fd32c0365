"""Concurrent clients against `assistant serve`: the OpenAI-compatible API and the chat's API.

Run: .venv/bin/python benchmarks/load_test.py [--clients 20] [--seconds 60] [--paths api,chat]
     [--data-dir DIR] [--no-ingest]

Starts `assistant serve` on 127.0.0.1 and a free port (over DIR, or over a fresh index of
corpus/ built first). For each path in turn, N clients ask the shared eval questions for the
given time, each waiting for its answer before asking again:
- `api`: `POST /v1/chat/completions` (non-streaming), the OpenAI-compatible endpoint;
- `chat`: the chat's Gradio API as the README's curl example calls it — `POST
  /gradio_api/call/ask`, then the event stream `GET /gradio_api/call/ask/EVENT_ID`.
During the last path's run (the chat's by default), a third of the way in, `assistant
ingest` adds a new document in another process (unless --no-ingest). Every answer must arrive
without error and be well formed; once the ingest has finished, the new document's fact must
be answerable, which shows the server moved to the new index without a restart. Prints, per
path, answers/s, latency p50/p95, the server's RSS and its CPU time per answer, with the load
average (other work on the machine skews every wall-clock figure); exits 1 on any error.
Bounded: at most --max-requests requests a path, and the server is stopped by PID.
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

import httpx

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from measure import (  # noqa: E402
    cpu_seconds,
    free_port,
    load_average,
    percentile,
    tree_rss_mb,
)

KB = "load"
NEW_DOC = """# 苏州示范区新设概念验证中心的通知
一、主要内容
苏州示范高新区与示范理工大学共建概念验证中心，中心编号为 ZX-2026-0917，首期投入3000万元。
"""
NEW_QUESTION = "编号 ZX-2026-0917 的概念验证中心首期投入多少？"
NEW_FACT = "3000万元"
SERVER_START_TIMEOUT_S = 180
WARM_UP_ASKS = 3  # per path, before timing: the first answer loads the embedding model


@dataclass
class LoadResult:
    path: str = "chat"
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    requests: int = 0
    seconds: float = 0.0  # from the first request to the last answer
    rss_mb: list[float] = field(default_factory=list)
    ingest_seconds: float = 0.0
    ingest_ok: bool = False
    new_fact_found: bool = False
    during_ingest: int = 0  # answers completed while the ingest was running
    load_average_before: str = ""  # others' work on the machine (ours not started yet)
    load_average: str = ""
    server_cpu_s: float = 0.0  # CPU the server used during the run

    def summary(self) -> dict:
        return {
            "path": self.path,
            "requests": self.requests,
            "answers_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
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
            "server_cpu_ms_per_answer": (round(self.server_cpu_s * 1000 / self.requests, 1)
                                         if self.requests else 0.0),
            "load_average_before": self.load_average_before,
            "load_average_after": self.load_average,
        }


def env() -> dict[str, str]:
    values = dict(os.environ, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
                  GRADIO_ANALYTICS_ENABLED="False", PYTHONPATH=str(ROOT))
    values.pop("ASSISTANT_DATA_DIR", None)
    values.pop("ASSISTANT_API_KEY", None)
    return values


def cli(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), "--kb", KB,
            *args]


def start_server(data_dir: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as handle:
        return subprocess.Popen(cli(data_dir, "serve", "--host", "127.0.0.1", "--port", str(port)),
                                stdout=handle, stderr=subprocess.STDOUT, env=env(), cwd=ROOT)


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    """Return once the chat page and the API answer; raises if the server died or timed out."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if all(httpx.get(url + page, timeout=5).status_code == 200
                   for page in ("", "v1/models")):
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
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


# --- the two paths: each returns {"answer", "citations", "refused"} ----------------------------
def ask_chat(http: httpx.Client, url: str, question: str) -> dict:
    """The chat's Gradio API: queue the call, then read its event stream to the result."""
    posted = http.post(url + "gradio_api/call/ask", json={"data": [question, "[]", "{}"]})
    posted.raise_for_status()
    events = http.get(f"{url}gradio_api/call/ask/{posted.json()['event_id']}")
    events.raise_for_status()
    event = ""
    for line in events.text.splitlines():
        if line.startswith("event:"):
            event = line.partition(":")[2].strip()
        elif line.startswith("data:") and event == "complete":
            return json.loads(line.partition(":")[2])[0]
    raise RuntimeError(f"no result in the event stream: {events.text[-120:]!r}")


def ask_api(http: httpx.Client, url: str, question: str) -> dict:
    """The OpenAI-compatible endpoint, as any OpenAI client calls it."""
    reply = http.post(url + "v1/chat/completions",
                      json={"model": KB, "messages": [{"role": "user", "content": question}]})
    reply.raise_for_status()
    body = reply.json()
    extra = body.get("x_assistant") or {}
    return {"answer": body["choices"][0]["message"]["content"],
            "citations": extra.get("citations", []), "refused": extra.get("refused")}


PATHS = {"api": ask_api, "chat": ask_chat}


def _well_formed(reply: object) -> str | None:
    """None when the reply is a proper answer; else what is wrong with it."""
    if not isinstance(reply, dict) or not isinstance(reply.get("answer"), str):
        return "malformed reply"
    numbers = {c.get("n") for c in reply.get("citations", [])}
    if not reply["refused"] and not numbers:
        return "answer without citations"
    return None


def _client_loop(ask, url: str, questions: list[str], offset: int, stop_at: float,
                 budget: list[int], lock: threading.Lock, result: LoadResult,
                 ingesting: threading.Event) -> None:
    n = offset
    with httpx.Client(timeout=120) as http:
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            question = questions[n % len(questions)]
            n += 1
            started = time.perf_counter()
            try:
                problem = _well_formed(ask(http, url, question))
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


def warm_up(url: str, questions: list[str], path: str = "chat") -> None:
    """A few answers before timing, so model loading is not counted as latency."""
    with httpx.Client(timeout=300) as http:
        for question in questions[:WARM_UP_ASKS]:
            PATHS[path](http, url, question)


def run_load(url: str, server_pid: int, data_dir: Path, questions: list[str], clients: int,
             seconds: float, max_requests: int, new_doc_dir: Path | None,
             path: str = "chat") -> LoadResult:
    """The clients on one path for `seconds`; with `new_doc_dir`, an ingest of it a third of
    the way in."""
    result, lock, ingesting = LoadResult(path=path), threading.Lock(), threading.Event()
    result.load_average_before = load_average()
    budget = [max_requests]
    started, cpu_before = time.monotonic(), cpu_seconds(server_pid)
    stop_at = started + seconds
    threads = [threading.Thread(target=_client_loop, daemon=True,
                                args=(PATHS[path], url, questions, i * 7, stop_at, budget, lock,
                                      result, ingesting)) for i in range(clients)]
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
    result.seconds = time.monotonic() - started
    result.server_cpu_s = cpu_seconds(server_pid) - cpu_before
    result.load_average = load_average()
    if ingest is not None:
        _, err = ingest.communicate(timeout=600)
        result.ingest_seconds = result.ingest_seconds or time.perf_counter() - ingest_started
        result.ingest_ok = ingest.returncode == 0
        if not result.ingest_ok:
            result.errors[f"ingest failed: {err.strip()[-200:]}"] += 1
        result.new_fact_found = _new_fact_answered(url, path)
    return result


def _new_fact_answered(url: str, path: str = "chat") -> bool:
    with httpx.Client(timeout=120) as http:
        return NEW_FACT in PATHS[path](http, url, NEW_QUESTION).get("answer", "")


def write_new_doc(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "新设概念验证中心通知.md").write_text(NEW_DOC, encoding="utf-8")
    return directory


def eval_questions() -> list[str]:
    from assistant.evaluation import default_questions_path, load_questions

    return [q["question"] for q in load_questions(default_questions_path())
            if not q.get("followup_of")]


def print_table(summaries: list[dict], clients: int) -> None:
    print(f"{'path':<6} {'clients':>7} {'answers/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} {'errors':>6} {'RSS MB':>7} {'CPU ms/ans':>10}  load avg before/after")
    for s in summaries:
        print(f"{s['path']:<6} {clients:>7} {s['answers_per_s']:>9} {s['p50_ms']:>8} "
              f"{s['p95_ms']:>8} {s['max_ms']:>8} {s['errors']:>6} {s['server_rss_mb_max']:>7}"
              f" {s['server_cpu_ms_per_answer']:>10}  {s['load_average_before']} / "
              f"{s['load_average_after']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--paths", default="api,chat", help="comma-separated: api, chat")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--data-dir", help="an index to serve (default: corpus/ indexed afresh)")
    parser.add_argument("--no-ingest", action="store_true", help="no concurrent ingest")
    args = parser.parse_args(argv)
    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    if unknown := set(paths) - set(PATHS):
        parser.error(f"unknown path(s): {', '.join(sorted(unknown))}")

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
    results: list[LoadResult] = []
    new_docs = None
    try:
        wait_until_up(url, server, SERVER_START_TIMEOUT_S, log)
        questions = eval_questions()
        for path in paths:
            warm_up(url, questions, path)
            ingest_now = not args.no_ingest and path == paths[-1]
            new_docs = write_new_doc(work / "new") if ingest_now else None
            print(f"server pid {server.pid} on {url}; path {path}: {args.clients} clients for "
                  f"{args.seconds:g} s", flush=True)
            results.append(run_load(url, server.pid, data_dir, questions, args.clients,
                                    args.seconds, args.max_requests, new_docs, path))
    finally:
        stop_server(server)
    summaries = [r.summary() for r in results]
    print(json.dumps(summaries, ensure_ascii=False, indent=1))
    print_table(summaries, args.clients)
    failed = any(s["errors"] for s in summaries) or (new_docs and not results[-1].new_fact_found)
    if failed:
        print(f"server log and index kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
