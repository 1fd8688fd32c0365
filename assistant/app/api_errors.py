"""What a caller sees when a request fails: a short message in their language, never internals.

Expected failures (a refused request: `AssistantError`, which includes the facade's
`InputError` and malformed JSON arguments) become the error's own message and one log line
without a traceback: they are the caller's mistake, and a bad client must not fill the log.
Anything else becomes a generic message and exactly one logged traceback, so internal texts
("Expression tree is too large", "too many SQL variables") never reach the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import gradio as gr

from assistant.errors import AssistantError
from assistant.text.lang import detect_language

log = logging.getLogger("assistant.app.api")

GENERIC = {"zh": "服务器处理请求时出错，请稍后再试。",
           "en": "The server could not answer this request; please try again later."}
_SAMPLE = 200  # characters of the question read to choose the message language
_LOGGED = 300  # characters of a refusal message written to the log


def say(zh: str, en: str, sample: object = "") -> str:
    """The Chinese or English text, whichever language `sample` (the question) is in."""
    text = sample[:_SAMPLE] if isinstance(sample, str) else ""
    return en if detect_language(text) == "en" else zh


def refused(endpoint: str, err: Exception) -> gr.Error:
    """The error for an expected refusal: its message as it is, one log line."""
    message = str(err) or type(err).__name__
    log.warning("%s refused: %s", endpoint, message[:_LOGGED].replace("\n", " "))
    return gr.Error(message, print_exception=False)


def failed(endpoint: str, sample: object = "") -> gr.Error:
    """The error for an unexpected failure: a generic message; logs the traceback being handled."""
    log.exception("%s failed", endpoint)
    return gr.Error(say(GENERIC["zh"], GENERIC["en"], sample), print_exception=False)


@contextmanager
def api_errors(endpoint: str, sample: object = "") -> Iterator[None]:
    """Turn whatever the body raises into a caller-facing gr.Error (see the module docstring)."""
    try:
        yield
    except gr.Error:
        raise
    except AssistantError as err:
        raise refused(endpoint, err) from None
    except Exception:
        raise failed(endpoint, sample) from None


__all__ = ["api_errors", "failed", "refused", "say"]
