"""One ordered list of answer routes: each answers the question or passes to the next.

Computed routes come first (catalog counts and lists, pairing lists, "who can help" rankings):
they answer from rows, exactly, and only plain questions (no filters, not a follow-up — those
need the conversation, which the composers see through retrieval). The composer — extractive
by default, an LLM when configured — is the last route and always answers (or refuses). Both
answer modes therefore share the same routes and the same retrieved evidence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.answer.route import AnswerRequest, AnswerRoute, Composer
from assistant.answer.routes.catalog import CatalogRoute
from assistant.answer.routes.who_can_help import WhoCanHelpRoute
from assistant.documents import Answer


class AnswerRouter:
    """Tries the computed routes in order, then the composer."""

    def __init__(self, routes: Sequence[AnswerRoute], composer: Composer) -> None:
        self.routes = list(routes)
        self.composer = composer

    def answer(self, request: AnswerRequest) -> Answer:
        computed = self._computed(request)
        if computed is not None:
            return computed
        answer = self.composer.compose(request.question, request.result, request.kb)
        answer.route = answer.route or self.composer.name
        return answer

    def stream(self, request: AnswerRequest) -> Iterator[Answer]:
        """Growing partial answers (LLM tokens) ending with the final one; a computed answer
        arrives whole."""
        computed = self._computed(request)
        if computed is not None:
            yield computed
            return
        for partial in self.composer.stream(request.question, request.result, request.kb):
            partial.route = partial.route or self.composer.name
            yield partial

    def _computed(self, request: AnswerRequest) -> Answer | None:
        for route in self.routes:
            answer = route.answer(request)
            if answer is not None:
                answer.route = route.name
                return answer
        return None


def default_routes() -> list[AnswerRoute]:
    """The computed routes, most specific first."""
    return [CatalogRoute(), WhoCanHelpRoute()]
