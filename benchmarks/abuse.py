"""Hostile and careless requests against the served chat: each must be cheap and leave nothing.

Run: .venv/bin/python benchmarks/abuse.py [--data-dir DIR]

Starts `assistant serve` on 127.0.0.1 and a free port over a fresh index of corpus/ (or a copy
of DIR's index) plus one small document of its own, with an admin account, its own Gradio
cache folder and a 20 MB upload budget. Then replays the cases in benchmarks/abuse_cases.py —
long questions, demands and histories, crafted filters, huge k, broken JSON, uploads with and
without the admin's sign-in, 👍 clicks, wrong passwords, a cited file swapped for a symlink —
and prints per case what the caller saw, the longest request (wall time and the server's CPU
time), the server's RSS, and how long a normal question took right after. Loopback only and
bounded: about 200 requests, each with a timeout; the server is stopped by its PID.
Exits 1 when a request took over 2 s or the server's RSS grew by 200 MB or more.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gradio_client import Client

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from abuse_cases import CASES, NORMAL, Bench  # noqa: E402
from browser_events import BrowserSession  # noqa: E402
from load_test import ROOT, cli, env, stop_server, wait_until_up  # noqa: E402
from measure import free_port, load_average, tree_rss_mb  # noqa: E402

MAX_REQUEST_MS = 2000
MAX_RSS_GROWTH_MB = 200
SERVER_START_TIMEOUT_S = 180
OWN_DOC = "# 本基准自带的文件\n一、说明\n本文件用于检查符号链接替换后的文件服务。\n"


def build_index(work: Path, data_dir: str | None) -> tuple[Path, Path]:
    """A data dir to serve (a copy when given) and the indexed file the symlink case swaps."""
    data = work / "data"
    if data_dir:
        shutil.copytree(data_dir, data)
    own = work / "own" / "本基准文件.md"
    own.parent.mkdir(parents=True)
    own.write_text(OWN_DOC, encoding="utf-8")
    paths = [str(own.parent)] if data_dir else [str(ROOT / "corpus"), str(own.parent)]
    subprocess.run(cli(data, "ingest", *paths, "--json"), check=True, capture_output=True,
                   env=env(), cwd=ROOT, timeout=900)
    return data, own


def start(data: Path, port: int, password: str, work: Path) -> subprocess.Popen:
    extra = {"ASSISTANT_ADMIN_AUTH": f"admin:{password}", "GRADIO_TEMP_DIR": str(work / "gradio"),
             "ASSISTANT_MAX_UPLOAD_CACHE_MB": "20"}
    with (work / "server.log").open("w") as log:
        return subprocess.Popen(cli(data, "serve", "--host", "127.0.0.1", "--port", str(port)),
                                stdout=log, stderr=subprocess.STDOUT, env={**env(), **extra},
                                cwd=ROOT)


def normal_question_ms(bench: Bench) -> float:
    clock = time.perf_counter()
    reply = bench.client.predict(NORMAL, "[]", "{}", api_name="/ask")
    if reply.get("refused") or not reply.get("answer"):
        raise RuntimeError(f"the normal question was not answered: {reply}")
    return (time.perf_counter() - clock) * 1000


def run_cases(bench: Bench) -> list[list[str]]:
    rows = []
    for name, case in CASES:
        first = len(bench.walls)
        result = case(bench)
        walls, cpus = bench.walls[first:], bench.cpus[first:]
        after = normal_question_ms(bench)
        rows.append([name, str(len(walls)), result[:150], f"{max(walls, default=0):.0f}",
                     f"{max(cpus, default=0):.0f}", f"{tree_rss_mb(bench.pid):.0f}",
                     f"{after:.0f}"])
        print(" | ".join(rows[-1]), flush=True)
    return rows


def report(rows: list[list[str]], rss_start: float, rss_max: float, work: Path) -> bool:
    worst = max(rows, key=lambda r: float(r[3]))
    print("\ncase | requests | what the caller saw | max request ms | max server CPU ms | "
          "server RSS MB | normal question after, ms")
    for row in rows:
        flag = "  <-- over 2 s" if float(row[3]) > MAX_REQUEST_MS else ""
        print(" | ".join(row) + flag)
    growth = rss_max - rss_start
    print(f"\nlongest request: {float(worst[3]):.0f} ms ({worst[0]}); "
          f"server RSS {rss_start:.0f} MB at start, {rss_max:.0f} MB at most "
          f"(growth {growth:.0f} MB); load average {load_average()}")
    cache = [p for p in (work / "gradio").rglob("*") if p.is_file()]
    print(f"upload cache after shutdown: {len(cache)} files, "
          f"{sum(p.stat().st_size for p in cache) / 1e6:.1f} MB")
    return float(worst[3]) <= MAX_REQUEST_MS and growth < MAX_RSS_GROWTH_MB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="an index to copy and serve (default: corpus/ afresh)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="abuse-"))
    print("indexing …", flush=True)
    data, own = build_index(work, args.data_dir)
    port, password = free_port(), secrets.token_urlsafe(12)
    url = f"http://127.0.0.1:{port}/"
    server = start(data, port, password, work)
    try:
        wait_until_up(url, server, SERVER_START_TIMEOUT_S, work / "server.log")
        client = Client(url, verbose=False)
        bench = Bench(url, server.pid, password, data, own.resolve(), work / "gradio", client,
                      BrowserSession(url))
        normal_question_ms(bench)  # loads the embedding model
        rss_start = tree_rss_mb(server.pid)
        rows = run_cases(bench)
        rss_max = max(float(r[5]) for r in rows)
        bench.browser.close()
    finally:
        stop_server(server)
    ok = report(rows, rss_start, rss_max, work)
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"server log and index kept in {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
