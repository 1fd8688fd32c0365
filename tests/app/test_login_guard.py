"""Wrong admin passwords: a few are free, then each costs twice the wait of the one before."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from assistant.app.login_guard import (
    FORGET_AFTER_S,
    MAX_CLIENTS,
    MAX_WAIT_S,
    LoginThrottle,
    client_address,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_three_free_failures_then_doubling_waits(clock: Clock) -> None:
    throttle = LoginThrottle(clock)
    waits = [throttle.failed("10.0.0.1") for _ in range(7)]
    assert waits == [0, 0, 0, 2, 4, 8, 16]
    assert throttle.wait_seconds("10.0.0.1") == 16
    assert throttle.wait_seconds("10.0.0.2") == 0  # per client
    clock.now += 10
    assert throttle.wait_seconds("10.0.0.1") == 6


def test_wait_is_capped(clock: Clock) -> None:
    throttle = LoginThrottle(clock)
    waits = [throttle.failed("a") for _ in range(40)]
    assert max(waits) == MAX_WAIT_S == waits[-1]


def test_success_and_an_idle_hour_clear_the_count(clock: Clock) -> None:
    throttle = LoginThrottle(clock)
    for _ in range(5):
        throttle.failed("a")
    throttle.succeeded("a")
    assert throttle.wait_seconds("a") == 0 and throttle.failed("a") == 0
    for _ in range(5):
        throttle.failed("b")
    clock.now += FORGET_AFTER_S + 1
    assert throttle.wait_seconds("b") == 0 and throttle.failed("b") == 0


def test_table_stays_bounded(clock: Clock) -> None:
    throttle = LoginThrottle(clock)
    for n in range(MAX_CLIENTS + 5):
        throttle.failed(f"client-{n}")
    assert len(throttle._clients) == MAX_CLIENTS


def test_each_failure_is_logged_with_the_client_only(clock: Clock,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="assistant.app.admin")
    throttle = LoginThrottle(clock)
    for _ in range(4):
        throttle.failed("192.0.2.7")
    throttle.refused("192.0.2.7", throttle.wait_seconds("192.0.2.7"))
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 5 and all("192.0.2.7" in line for line in lines)
    assert "4 in a row; next attempt in 2 s" in lines[3] and "locked" in lines[4]


def test_client_address_from_a_request() -> None:
    request = SimpleNamespace(client=SimpleNamespace(host="203.0.113.5"))
    assert client_address(request) == "203.0.113.5"
    assert client_address(None) == "unknown"
