"""The hostile and careless requests benchmarks/abuse.py replays, one function per case.

Each case gets a `Bench` (the running server, an API client, a browser-like session) and returns
what the caller saw, in one line. Requests go through `bench.timed`, which records each one's
wall time and the server's CPU time; the order matters where state carries over (the admin
signs in before the wrong-password case locks this client out).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from browser_events import BrowserSession, error, outputs
from measure import cpu_seconds

NORMAL = "南京建邺高新区和哪所高校结对？"
ADMIN_USER = "admin"
UPLOAD_MB = 1  # each upload in the upload cases
UPLOADS = 30  # uploads per upload case


@dataclass
class Bench:
    url: str
    pid: int
    password: str
    data_dir: Path
    own_doc: Path  # an indexed file the symlink case swaps for a link
    cache_dir: Path  # the server's Gradio upload cache (GRADIO_TEMP_DIR)
    client: object  # gradio_client.Client
    browser: BrowserSession
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    token: str = ""  # the upload cookie from the admin's sign-in

    def timed(self, fn: Callable, *args, **kwargs):
        """Run one request; record its wall and server CPU milliseconds; exceptions returned."""
        cpu, clock = cpu_seconds(self.pid), time.perf_counter()
        try:
            value = fn(*args, **kwargs)
        except Exception as err:  # the caller's view of a refusal is the case's result
            value = err
        self.walls.append((time.perf_counter() - clock) * 1000)
        self.cpus.append((cpu_seconds(self.pid) - cpu) * 1000)
        return value

    def api(self, endpoint: str, *args) -> str:
        return describe(self.timed(self.client.predict, *args, api_name=endpoint))

    def get(self, path: str) -> int:
        response = self.timed(httpx.get, self.url + path, timeout=60)
        return getattr(response, "status_code", 0)

    def upload(self, name: str, size: int, cookie: str | None) -> int:
        cookies = {"assistant_upload": cookie} if cookie else None
        files = {"files": (name, os.urandom(size), "text/plain")}
        response = self.timed(httpx.post, self.url + "gradio_api/upload", files=files,
                              cookies=cookies, timeout=60)
        return getattr(response, "status_code", 0)


def describe(value: object) -> str:
    if isinstance(value, Exception):
        return f"error: {value}".replace("\n", " ")
    if isinstance(value, dict) and "answer" in value:
        return "refused (no evidence)" if value.get("refused") else "answered"
    if isinstance(value, dict) and "hits" in value:
        return f"{len(value['hits'])} hits"
    if isinstance(value, dict) and "matches" in value:
        return f"{len(value['matches'])} matches"
    return str(value)[:80]


def _rare(n: int, seed: int = 7) -> str:
    """CJK characters in random order: jieba's slowest input (no dictionary word matches)."""
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def _turns(count: int, chars: int) -> str:
    return json.dumps([{"role": "user" if i % 2 == 0 else "assistant",
                        "content": _rare(chars, seed=i)} for i in range(count)],
                      ensure_ascii=False)


# --- the facade's limits, through the API -------------------------------------------------------
def long_question(b: Bench) -> str:
    return b.api("/ask", "问" * 100_000, "[]", "{}")


def question_at_limit(b: Bench) -> str:
    return b.api("/ask", _rare(2000), "[]", "{}")


def long_demand(b: Bench) -> str:
    return b.api("/match", "需求" * 500_000, "", 5)


def demand_at_limit(b: Bench) -> str:
    return b.api("/match", _rare(2000), "", 5)


def history_turn_over_limit(b: Bench) -> str:
    return b.api("/ask", "它和哪个高新区结对？", _turns(1, 4001), "{}")


def history_json_2m_chars(b: Bench) -> str:
    return b.api("/ask", "它和哪个高新区结对？", _turns(500, 4000), "{}")


def history_at_limits(b: Bench) -> str:
    return b.api("/ask", "它和哪个高新区结对？", _turns(20, 4000), "{}")


def filter_or(b: Bench) -> str:
    clause = {"$or": [{"zone": f"z{n}"} for n in range(5000)]}
    return b.api("/ask", "储能", "[]", json.dumps(clause))


def filter_huge_list(b: Bench) -> str:
    return b.api("/ask", "储能", "[]", json.dumps({"zone": [f"南京{n}" for n in range(10_000)]}))


def filter_long_value(b: Bench) -> str:
    return b.api("/ask", "储能", "[]", json.dumps({"university": "大" * 100_000}))


def filter_operator_value(b: Bench) -> str:
    return b.api("/ask", "储能", "[]", json.dumps({"zone": {"$ne": ""}}))


def huge_k(b: Bench) -> str:
    return b.api("/retrieve", "储能", "[]", "{}", 10**9)


def huge_top(b: Bench) -> str:
    return b.api("/match", "锂电池储能安全预测", "", 10**9)


def malformed_json(b: Bench) -> str:
    return b.api("/ask", "储能", "[{", "{}")


def python_style_json(b: Bench) -> str:
    return b.api("/ask", "储能", "[]", "{'doc_type': 'policy'}")


def deep_json(b: Bench) -> str:
    return b.api("/ask", "储能", "[" * 100_000 + "]" * 100_000, "{}")


# --- uploads, sign-in, files, feedback --------------------------------------------------------
def uploads_anonymous(b: Bench) -> str:
    codes = [b.upload(f"anon{n}.txt", UPLOAD_MB << 20, None) for n in range(UPLOADS)]
    return _codes(codes) + f"; cache {_cache_mb(b):.1f} MB"


def sign_in(b: Bench) -> str:
    event = b.browser.button("登录 Sign in")
    message = b.timed(b.browser.call, event, [ADMIN_USER, b.password, None])
    values = outputs(message) if isinstance(message, dict) else []
    b.token = str(values[-1]) if values else ""
    return "signed in, upload cookie issued" if b.token else f"sign-in failed: {message}"


def uploads_signed_in(b: Bench) -> str:
    codes = [b.upload(f"admin{n}.txt", UPLOAD_MB << 20, b.token) for n in range(UPLOADS)]
    return _codes(codes) + f"; cache {_cache_mb(b):.1f} MB"


def upload_index_delete(b: Bench) -> str:
    """Upload a file, index it, delete it: no copy of it may be served afterwards."""
    name = "abuse-upload.md"
    text = "# 上传\n一、内容\n测试上传。\n".encode()
    response = b.timed(httpx.post, b.url + "gradio_api/upload", timeout=60,
                       files={"files": (name, text, "text/markdown")},
                       cookies={"assistant_upload": b.token})
    cached = response.json()[0]
    data = [[{"path": cached, "orig_name": name, "meta": {"_type": "gradio.FileData"}}], None]
    indexed = b.timed(b.browser.call, b.browser.button("索引上传的文件 Index uploaded files"), data)
    stored = b.data_dir / "load" / "uploads" / name
    before = (b.get(f"gradio_api/file={cached}"), b.get(f"gradio_api/file={stored}"))
    deleted = b.timed(b.browser.call, b.browser.button("删除 Delete"), [name, None])
    after = b.get(f"gradio_api/file={stored}")
    return (f"indexed: {error(indexed) or 'ok'}; cached copy {before[0]}, stored {before[1]}; "
            f"deleted: {error(deleted) or 'ok'}; stored copy then {after}")


def feedback_clicks(b: Bench, clicks: int = 20) -> str:
    send = b.browser.by_elem_id("click", "send")
    like = b.browser.by_elem_id("like", "chat")
    b.timed(b.browser.call, send, [NORMAL, None, "", "", "", "", ""])
    log = b.data_dir / "feedback.jsonl"
    sizes = []
    for n in range(clicks):
        b.timed(b.browser.call, like, [None], {"index": 1, "value": "", "liked": n % 4 != 3})
        sizes.append(log.stat().st_size if log.exists() else 0)
    return f"{clicks} clicks: feedback.jsonl {sizes[0]} B after the first, {sizes[-1]} B after all"


def wrong_passwords(b: Bench, attempts: int = 30) -> str:
    event = b.browser.button("登录 Sign in")
    notes = [outputs(b.timed(b.browser.call, event, [ADMIN_USER, f"guess{n}", None]))
             for n in range(attempts)]
    right = outputs(b.timed(b.browser.call, event, [ADMIN_USER, b.password, None]))
    locked = sum("Too many" in str(n[2]) for n in notes if len(n) > 2)
    return (f"{attempts} wrong: {locked} answered 'locked'; then the right password: "
            f"{'locked' if 'Too many' in str(right[2:3]) else 'accepted'}")


def symlinked_source(b: Bench) -> str:
    path = b.own_doc
    ok = b.get(f"gradio_api/file={path}")
    saved = path.read_bytes()
    path.unlink()
    os.symlink("/etc/passwd", path)
    try:
        linked, direct = b.get(f"gradio_api/file={path}"), b.get("gradio_api/file=/etc/passwd")
    finally:
        path.unlink()
        path.write_bytes(saved)
    return f"indexed file {ok}; swapped for a link to /etc/passwd {linked}; /etc/passwd {direct}"


def _codes(codes: list[int]) -> str:
    counts: dict[int, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return ", ".join(f"{n}× {code}" for code, n in sorted(counts.items()))


def _cache_mb(b: Bench) -> float:
    return sum(p.stat().st_size for p in b.cache_dir.rglob("*") if p.is_file()) / 1e6


CASES: list[tuple[str, Callable[[Bench], str]]] = [
    ("question of 100,000 chars", long_question),
    ("question at the limit (2,000 rare CJK)", question_at_limit),
    ("demand of 1,000,000 chars (/match)", long_demand),
    ("demand at the limit (/match)", demand_at_limit),
    ("history turn of 4,001 chars", history_turn_over_limit),
    ("history_json of 2,000,000 chars", history_json_2m_chars),
    ("history at the limits (20 × 4,000 rare)", history_at_limits),
    ('filters {"$or": [5,000 clauses]}', filter_or),
    ("filters zone: 10,000 values", filter_huge_list),
    ("filter value of 100,000 chars", filter_long_value),
    ('filters zone: {"$ne": ""}', filter_operator_value),
    ("k = 10**9 (/retrieve)", huge_k),
    ("top = 10**9 (/match)", huge_top),
    ("malformed history_json", malformed_json),
    ("filters_json in Python syntax", python_style_json),
    ("history_json nested 100,000 deep", deep_json),
    (f"{UPLOADS} uploads of {UPLOAD_MB} MB, not signed in", uploads_anonymous),
    ("admin sign-in", sign_in),
    (f"{UPLOADS} uploads of {UPLOAD_MB} MB, signed in", uploads_signed_in),
    ("upload, index, delete; fetch the copies", upload_index_delete),
    ("👍 clicks on one answer", feedback_clicks),
    ("wrong admin passwords", wrong_passwords),
    ("indexed file swapped for a symlink", symlinked_source),
]
