"""Small measuring helpers the benchmarks share: percentiles, memory, disk use, free ports."""

from __future__ import annotations

import math
import os
import socket
from collections.abc import Sequence
from pathlib import Path


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1); the max for share=1, 0.0 for no values.

    Nearest rank rather than interpolation: p95 of 40 samples is then a latency that really
    occurred, not a blend of two.
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def rss_mb(pid: int | str = "self", peak: bool = False) -> float:
    """Resident memory of a process in MB from /proc (VmHWM, the peak, with peak=True)."""
    key = "VmHWM:" if peak else "VmRSS:"
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """RSS of a process plus its children (a server may fork helpers)."""
    total = rss_mb(pid)
    for child in _children(pid):
        try:
            total += tree_rss_mb(child)
        except FileNotFoundError:
            continue
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc/PID/stat.

    Per answer, this is what a server path costs regardless of what else the machine runs,
    unlike wall-clock latency on a shared 2-core box.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        path = task / "children"
        if path.exists():
            found.extend(int(p) for p in path.read_text().split())
    return found


def disk_mb(path: Path) -> float:
    """Bytes on disk under `path` (allocated blocks, as `du` counts them), in MB."""
    if path.is_file():
        return path.stat().st_blocks * 512 / 1e6
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_blocks * 512
            except FileNotFoundError:
                continue
    return total / 1e6


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f}"
