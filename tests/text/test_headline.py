from __future__ import annotations

from assistant.text.headline import pick_headline

BODY = "9月10日，学校与苏州高新区举行签约仪式，双方将共建未来产业研究院，推动成果转化。"


def test_banner_share_prompt_and_by_line_are_not_the_headline():
    top = ["Workflow", "点击右上角微信好友", "发布时间：2025-09-12"]
    text = "\n".join([*top, "我校与苏州高新区签署合作协议", BODY])
    assert pick_headline(text) == "我校与苏州高新区签署合作协议"


def test_a_body_sentence_is_not_a_headline():
    assert pick_headline(f"首页\n{BODY}") == ""


def test_english_text_takes_an_english_headline():
    headline = "Universities and zones sign a cooperation agreement"
    text = f"Share\n{headline}\nThe two sides will build labs."
    assert pick_headline(text) == headline
