"""Where blocking answer work runs: a few threads shared by every open endpoint.

Retrieval and extractive answers are CPU-bound Python (the GIL), so more threads do not make
more answers: on 2 cores two to four threads give the most answers per second, and twenty
(one per waiting client) give fewer and slower ones while starving the event loop that parses
requests. Requests beyond the pool wait their turn in the event loop, which costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")

ANSWER_THREADS = 4  # measured: see benchmarks/load_test.py and the README's load figures


class Workers:
    """A capacity limiter for blocking calls; one per served app."""

    def __init__(self, threads: int = ANSWER_THREADS) -> None:
        self.limiter = anyio.CapacityLimiter(threads)

    async def run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """`fn(*args, **kwargs)` in a worker thread, waiting for a free one first."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs),
                                              limiter=self.limiter)
