from __future__ import annotations

from assistant.text.normalize import clean_line, clean_text, fold, repair_mojibake

SIMPLIFIED = "省政府办公厅关于推进高新区和高等院校协同创新发展的实施意见，苏州与台湾的企业参与。"
TRADITIONAL = "省政府辦公廳關於推進高新區和高等院校協同創新發展的實施意見，蘇州與臺灣的企業參與。"


def test_fold_maps_traditional_to_simplified():
    assert fold(TRADITIONAL) == fold(SIMPLIFIED)
    assert fold(TRADITIONAL) != TRADITIONAL


def test_fold_maps_full_width_to_half_width_and_casefolds():
    assert fold("ＡＩ产业，２０２５年（试点）") == "ai产业,2025年(试点)"
    assert fold("Nanjing University") == "nanjing university"


def test_clean_text_tidies_for_display_without_changing_words():
    raw = "\ufeff　　第一段  有  空格\u200b\r\n\r\n\r\n\r\n第二\x07段\t \r末行\u00a0 "
    assert clean_text(raw) == "第一段 有 空格\n\n第二段\n末行"


def test_clean_text_keeps_full_width_punctuation():
    text = "（一）双新领航：建立“两张清单”。"
    assert clean_text(text) == text


def test_mojibake_from_latin1_is_repaired():
    garbled = "江苏省高新区".encode().decode("latin-1")
    assert repair_mojibake(garbled) == "江苏省高新区"
    assert clean_text("æ±Ÿè‹\x8f高新区") == "江苏高新区"


def test_mojibake_from_gbk_is_repaired():
    garbled = "江苏省高新区协同创新发展".encode().decode("gbk")
    assert garbled != "江苏省高新区协同创新发展"
    assert repair_mojibake(garbled) == "江苏省高新区协同创新发展"


def test_text_that_is_not_mojibake_is_left_alone():
    for text in (SIMPLIFIED, TRADITIONAL, "café naïve – “quoted” £5", "中文", "Ã"):
        assert repair_mojibake(text) == text


def test_bidirectional_controls_are_removed_from_display_text():
    # "Trojan source"-style text: an override would show the figure reversed on screen.
    hostile = "资助金额\u202e0051\u202c万元，\u2066见附件\u2069"
    assert clean_text(hostile) == "资助金额0051万元，见附件"
    assert clean_line(hostile) == "资助金额0051万元，见附件"
