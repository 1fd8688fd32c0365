""""Which university can help with X": supply ranked by the matchmaker."""

from __future__ import annotations

from assistant.answer.route import AnswerRequest
from assistant.documents import Answer
from assistant.matching.matcher import Matcher, MatchResult
from assistant.matching.score import Match
from assistant.retrieval.intent import Intent

CLOSE_SHARE = 0.75  # of the best match's score another must reach to be named beside it


class WhoCanHelpRoute:
    """Teams, achievements and equipment ranked by relevance, field and pairing with the
    asker's zone; passes when nothing fits (the composer may still quote a document)."""

    name = "who_can_help"

    def answer(self, request: AnswerRequest) -> Answer | None:
        if not request.plain or request.analysis.intent is not Intent.WHO_CAN_HELP:
            return None
        matched = Matcher(request.kb, request.retriever).supply_for(
            request.question, analysis=request.analysis)
        if not matched.matches:
            return None
        return MatchResult(matched.query, close_to_best(matched.matches),
                           matched.reverse).to_answer()


def close_to_best(matches: list[Match]) -> list[Match]:
    """The best match and those nearly as good: a chat answer names who can help, and a row
    scoring far below the best (sharing a word or two of the question) does not support it.
    The matchmaker's own listing (`assistant match`, the API) keeps its full ranking."""
    best = max(m.score for m in matches)
    return [m for m in matches if m.score >= best * CLOSE_SHARE]
