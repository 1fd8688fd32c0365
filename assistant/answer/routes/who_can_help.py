""""Which university can help with X": supply ranked by the matchmaker."""

from __future__ import annotations

from assistant.answer.route import AnswerRequest
from assistant.documents import Answer
from assistant.matching.matcher import Matcher
from assistant.retrieval.intent import Intent


class WhoCanHelpRoute:
    """Teams, achievements and equipment ranked by relevance, field and pairing with the
    asker's zone; passes when nothing fits (the composer may still quote a document)."""

    name = "who_can_help"

    def answer(self, request: AnswerRequest) -> Answer | None:
        if not request.plain or request.analysis.intent is not Intent.WHO_CAN_HELP:
            return None
        matched = Matcher(request.kb, request.retriever).supply_for(
            request.question, analysis=request.analysis)
        return matched.to_answer() if matched.matches else None
