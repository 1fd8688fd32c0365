"""Admin sign-in throttle: after a few wrong passwords a client must wait, twice as long each time.

Written here rather than taken from a library: Gradio has no throttle for an in-page sign-in
(its own `auth=` would put the whole chat behind a login), and rate-limit packages (slowapi,
limits) count requests per route, not failed sign-ins per client with a growing lockout. The
state is a bounded in-memory table: a restart clears it, which costs an attacker a restart of a
server they cannot restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("assistant.app.admin")

FREE_ATTEMPTS = 3  # wrong passwords allowed before the first wait (typos happen)
BASE_WAIT_S = 2.0  # the first wait; each further failure doubles it …
MAX_WAIT_S = 900.0  # … up to 15 minutes
FORGET_AFTER_S = 3600.0  # a client's count restarts after an hour without failures
MAX_CLIENTS = 10_000  # the oldest entries go first, so the table stays small


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class LoginThrottle:
    """Failed sign-ins per client address, and how long that client must wait now."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._clients: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()

    def wait_seconds(self, client: str) -> float:
        """Seconds before `client` may try again (0.0: it may try now)."""
        with self._lock:
            entry = self._current(client)
            return max(0.0, entry.locked_until - self._clock()) if entry else 0.0

    def failed(self, client: str) -> float:
        """Count a wrong password (logged, without the password); returns the wait it earns."""
        now = self._clock()
        with self._lock:
            entry = self._current(client) or _Failures()
            entry.count += 1
            entry.last = now
            wait = _wait_after(entry.count)
            entry.locked_until = now + wait
            self._clients[client] = entry
            self._clients.move_to_end(client)
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
        log.warning("admin sign-in failed from %s (%d in a row; next attempt in %.0f s)",
                    client, entry.count, wait)
        return wait

    def refused(self, client: str, wait: float) -> None:
        """Log an attempt made while the client must still wait (its password is not checked)."""
        log.warning("admin sign-in refused from %s: locked for another %.0f s", client, wait)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)

    def _current(self, client: str) -> _Failures | None:
        entry = self._clients.get(client)
        if entry is not None and self._clock() - entry.last > max(FORGET_AFTER_S, MAX_WAIT_S):
            del self._clients[client]
            return None
        return entry


def _wait_after(failures: int) -> float:
    """0 for the free attempts, then 2 s, 4 s, 8 s, … capped at MAX_WAIT_S."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return min(MAX_WAIT_S, BASE_WAIT_S * 2 ** (failures - FREE_ATTEMPTS - 1))


def client_address(request: object) -> str:
    """The caller's address from a gr.Request ("unknown" when Gradio gives none)."""
    client = getattr(request, "client", None)
    host = getattr(client, "host", None)
    return str(host) if host else "unknown"


__all__ = ["LoginThrottle", "client_address"]
