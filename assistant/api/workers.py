"""Where blocking answer work runs: a few threads shared by every open endpoint.

Retrieval and extractive answers are CPU-bound Python (the GIL), so more threads do not make
more answers: measured through the API with 20 clients, 1, 2 and 8 threads all gave ~120–130
answers/s, and more threads only lengthened the slowest answers. Requests beyond the pool wait
their turn in the event loop, which costs nothing. An LLM answer is different: it mostly waits
on the endpoint (the GIL released), so with an LLM composer more answers may wait at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")

EXTRACTIVE_THREADS = 4  # CPU-bound: a few, so the event loop still gets the GIL to parse requests
LLM_THREADS = 16  # I/O-bound: answers waiting on an LLM endpoint at once (llamacpp serialises)


class Workers:
    """A capacity limiter for blocking calls; one per served app."""

    def __init__(self, threads: int = EXTRACTIVE_THREADS) -> None:
        self.limiter = anyio.CapacityLimiter(threads)

    @classmethod
    def for_settings(cls, settings) -> Workers:
        return cls(EXTRACTIVE_THREADS if settings.llm == "extractive" else LLM_THREADS)

    async def run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """`fn(*args, **kwargs)` in a worker thread, waiting for a free one first."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs),
                                              limiter=self.limiter)
