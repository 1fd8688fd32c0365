from __future__ import annotations

import pytest

from assistant.text.pinyin import strip_pinyin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推动行業(yè)發展", "推动行業發展"),
        ("双方龃龉（jǔ yǔ）不断", "双方龃龉不断"),
        ("一个字(zi4)的读音", "一个字的读音"),
        ("发展人工智能(AI)产业", "发展人工智能(AI)产业"),
        ("截至2025年(2025)底", "截至2025年(2025)底"),
        ("联系人(contact)：张三", "联系人(contact)：张三"),
        ("Brand (yè) name", "Brand (yè) name"),
    ],
)
def test_pinyin_after_han_characters_is_removed(text, expected):
    assert strip_pinyin(text) == expected
