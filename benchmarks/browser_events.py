"""Call the page's own events (sign-in, chat, 👍, upload) over HTTP, as the browser does.

Those events are private (not callable through gradio_client), but a browser triggers them
through Gradio's queue: POST `queue/join` with the event's `fn_index` and a session hash, then
read the result from the `queue/data` event stream. An abuser can do the same with curl, so
benchmarks/abuse.py replays them this way, without a browser.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import httpx

API = "gradio_api"


class BrowserSession:
    """One browser tab's session on a running app: finds events by their trigger, calls them."""

    def __init__(self, url: str, timeout: float = 120) -> None:
        self.url = url.rstrip("/") + "/"
        self.session = uuid.uuid4().hex
        self.http = httpx.Client(timeout=timeout)
        self.config = self.http.get(self.url + "config").json()
        self._components = {c["id"]: c for c in self.config["components"]}

    def close(self) -> None:
        self.http.close()

    def event(self, trigger: str, match: Callable[[dict], bool]) -> tuple[int, int]:
        """(fn_index, trigger id) of the first `trigger` event on a matching component."""
        for dep in self.config["dependencies"]:
            for target, kind in dep["targets"]:
                component = self._components.get(target)
                if kind == trigger and component is not None and match(component):
                    return dep["id"], target
        raise LookupError(f"no {trigger} event on a matching component")

    def button(self, label: str) -> tuple[int, int]:
        return self.event("click", lambda c: c.get("props", {}).get("value") == label)

    def by_elem_id(self, trigger: str, elem_id: str) -> tuple[int, int]:
        return self.event(trigger, lambda c: c.get("props", {}).get("elem_id") == elem_id)

    def call(self, event: tuple[int, int], data: list, event_data: object = None) -> dict:
        """Run the event; returns Gradio's final message ({"success", "output": {...}})."""
        fn_index, trigger_id = event
        body = {"data": data, "event_data": event_data, "fn_index": fn_index,
                "trigger_id": trigger_id, "session_hash": self.session}
        joined = self.http.post(f"{self.url}{API}/queue/join", json=body)
        joined.raise_for_status()
        event_id = joined.json()["event_id"]
        with self.http.stream("GET", f"{self.url}{API}/queue/data",
                              params={"session_hash": self.session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("event_id") == event_id and message.get("msg") == (
                        "process_completed"):
                    return message
        raise RuntimeError("the event stream ended before the event completed")


def outputs(message: dict) -> list:
    """The event's output values (empty when it failed)."""
    return (message.get("output") or {}).get("data") or []


def error(message: dict) -> str | None:
    """The error shown to the user when the event failed, else None."""
    if message.get("success"):
        return None
    return str((message.get("output") or {}).get("error") or "failed")


__all__ = ["BrowserSession", "error", "outputs"]
