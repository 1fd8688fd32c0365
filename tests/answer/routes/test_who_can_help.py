"""The chat's who-can-help answer names the best match and those nearly as good."""

from assistant.answer.routes.who_can_help import CLOSE_SHARE, close_to_best


class _Scored:
    def __init__(self, score: float) -> None:
        self.score = score


def test_only_matches_close_to_the_best_are_named():
    matches = [_Scored(0.9), _Scored(0.9 * CLOSE_SHARE + 0.01), _Scored(0.57), _Scored(0.55)]
    assert [m.score for m in close_to_best(matches)] == [0.9, 0.9 * CLOSE_SHARE + 0.01]
    assert len(close_to_best([_Scored(0.4)])) == 1
