from __future__ import annotations

import pytest

from assistant.text.lang import cjk_share, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("苏州高新区和哪些高校结对？", "zh"),
        ("AI领域有哪些成果？", "zh"),
        ("请介绍 Nanjing University 的合作项目", "zh"),
        ("Which universities are paired with Suzhou high-tech zone?", "en"),
        ("苏州高新区 pairs with which universities?", "en"),
        ('What exactly is the "五个一" (five ones) system?', "en"),
        ("2025", "zh"),
        ("", "zh"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_cjk_share_counts_letters_only():
    assert cjk_share("中文 ab，。123") == pytest.approx(0.5)
    assert cjk_share("123") == 0.0
