"""Errors in OpenAI's shape: {"error": {"message", "type", "param", "code"}} with its status codes.

Clients built on the openai SDK turn these into typed exceptions (BadRequestError,
AuthenticationError, NotFoundError, …) and show `message`, so the message is written for the
person at the client, never a traceback.
"""

from __future__ import annotations

import logging
import traceback

import orjson
from starlette.responses import Response

log = logging.getLogger("assistant.api")

INTERNAL_MESSAGE = "The server had an error while processing your request. Sorry about that!"


class OpenAIError(Exception):
    """A request the API refuses; `response()` is what the client receives."""

    def __init__(self, status: int, message: str, type_: str = "invalid_request_error",
                 param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.param, self.code = (
            status, message, type_, param, code)

    def body(self) -> dict:
        return {"error": {"message": self.message, "type": self.type, "param": self.param,
                          "code": self.code}}

    def response(self) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else None
        return Response(orjson.dumps(self.body()), status_code=self.status,
                        media_type="application/json", headers=headers)


def bad_request(message: str, param: str | None = None, code: str | None = None) -> OpenAIError:
    return OpenAIError(400, message, param=param, code=code)


def unauthorized() -> OpenAIError:
    return OpenAIError(401, "Incorrect API key provided. Send it as 'Authorization: Bearer "
                       "<key>' (the server's ASSISTANT_API_KEY).", code="invalid_api_key")


def too_large(limit_bytes: int) -> OpenAIError:
    return OpenAIError(413, f"The request body is larger than this server accepts "
                       f"({limit_bytes // 1024} KB).", code="request_too_large")


def model_not_found(model: str, known: list[str]) -> OpenAIError:
    return OpenAIError(404, f"The model '{model[:80]}' does not exist: each model is a knowledge "
                       f"base of this server ({', '.join(known) or 'none yet'}).",
                       param="model", code="model_not_found")


def internal_error(err: BaseException, what: str) -> OpenAIError:
    """A generic 500 for the client and one log line for the operator (no traceback spam)."""
    frames = traceback.extract_tb(err.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    log.error("%s failed: %s: %s%s", what, type(err).__name__, str(err)[:300], where)
    return OpenAIError(500, INTERNAL_MESSAGE, type_="server_error")
