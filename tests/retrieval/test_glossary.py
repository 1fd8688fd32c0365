"""English → Chinese glossary expansion."""

from __future__ import annotations

import pytest

from assistant.retrieval.glossary import (
    Glossary,
    expand_english,
    expand_english_groups,
    load_glossary,
    word_forms,
)


def test_shipped_glossary_is_large_enough() -> None:
    assert len(load_glossary()) >= 150


def test_phrase_wins_over_its_words() -> None:
    terms = expand_english("energy storage for the grid")
    assert "储能" in terms
    assert "存储" not in terms  # "storage" alone would add 存储


def test_longest_phrase_wins() -> None:
    terms = expand_english("Where can I read the policy guide list?")
    assert "政策指南清单" in terms
    assert "政策" not in terms and "清单" not in terms


def test_plurals_and_verb_forms_match_base_entries() -> None:
    terms = expand_english("Batteries, patents and universities paired through sharing")
    for expected in ("电池", "专利", "高校", "结对", "共享"):
        assert expected in terms


def test_case_and_hyphen_variants_are_equal() -> None:
    assert expand_english("HIGH TECH ZONE") == expand_english("high-tech zone") == ["高新区"]
    assert expand_english("What does JITRI do?")[0] == "江苏省产业技术研究院"
    assert expand_english("the dual high programme")[0] == "双高协同"


def test_order_follows_the_question_without_repeats() -> None:
    terms = expand_english("chip testing, then more chip testing and early warning")
    assert terms.index("芯片测试") < terms.index("预警")
    assert len(terms) == len(set(terms))


def test_chinese_text_has_no_expansion() -> None:
    assert expand_english("储能电池安全预警") == []


def test_custom_lines_merge_terms_and_skip_comments() -> None:
    glossary = Glossary.from_lines(
        ["# a comment", "", "heat pump\t热泵|热泵机组", "heat pump\t热泵|空气源热泵", "pump\t泵"]
    )
    assert len(glossary) == 2
    assert glossary.expand("two heat pumps") == ["热泵", "热泵机组", "空气源热泵"]
    assert glossary.expand("a pump") == ["泵"]


def test_exact_spelling_beats_a_derived_form() -> None:
    glossary = Glossary.from_lines(["fund\t基金", "funding\t资金"])
    assert glossary.expand("funding") == ["资金"]
    assert glossary.expand("funds") == ["基金"]


@pytest.mark.parametrize(
    ("token", "base"),
    [("batteries", "battery"), ("pairing", "pair"), ("shared", "share"), ("planning", "plan"),
     ("processes", "process"), ("zones", "zone"), ("university's", "university"),
     ("took", "take"), ("paid", "pay"), ("held", "hold")],  # irregular forms from a table
)
def test_word_forms(token: str, base: str) -> None:
    assert base in word_forms(token)


def test_statutes_by_their_english_short_names_and_legal_senses() -> None:
    assert expand_english("Under the SME law, what can we pledge?")[0] == "中小企业促进法"
    assert expand_english("the SME Promotion Law") == ["中小企业促进法"]
    assert "公示" in expand_english("what has to be in the notice?")
    assert "施行" in expand_english("when did it kick in?")
    assert "职权" in expand_english("What powers does the committee have?")


def test_a_noun_only_word_used_as_the_askers_verb_is_no_concept() -> None:
    asked = dict(load_glossary().expand_groups("Whose approval do they need?"))
    assert "need" not in asked and "approval" in asked
    assert "needs" in dict(load_glossary().expand_groups("which university meets our needs"))
    assert "need" not in dict(load_glossary().expand_groups("we need to find a partner"))


def test_a_generic_head_after_a_term_is_no_concept_of_its_own() -> None:
    asked = dict(load_glossary().expand_groups("the enterprise joint innovation center model"))
    assert "model" not in asked and any("innovation" in label for label in asked)


def test_a_verb_only_word_after_a_possessive_is_no_concept() -> None:
    assert "own" not in dict(load_glossary().expand_groups("universities set their own rules"))
    assert "owns" in dict(load_glossary().expand_groups("who owns the patents"))


def test_patent_kinds_and_filing_as_the_asker_s_verb() -> None:
    groups = dict(expand_english_groups("We filed a utility model application; can we claim "
                                        "priority?"))
    assert groups.get("utility model") == ("实用新型",) and "claim priority" in groups
    assert "filed" not in groups  # "we filed" is what the asker did, not a document (文件)
    assert dict(expand_english_groups("What can never be patented?"))["be patented"] == (
        "授予专利权",)
    assert "file" in dict(expand_english_groups("Which file sets the rule?"))


def test_everyday_words_for_statute_terms() -> None:
    groups = dict(expand_english_groups("Who runs the day-to-day work at the expo?"))
    assert groups["day to day work"] == ("日常工作",) and "展会" in groups["expo"]
