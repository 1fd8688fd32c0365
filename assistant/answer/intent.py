"""What kind of answer a question wants, decided from its wording (no LLM needed)."""

from __future__ import annotations

import re
from enum import StrEnum


class Intent(StrEnum):
    WHO_CAN_HELP = "who_can_help"  # a ranked list of teams / achievements / equipment
    PAIRING = "pairing"  # which universities a zone is paired with, or the reverse
    DOC_SUMMARY = "doc_summary"  # "summarize <document>": its main points section by section
    FIGURES = "figures"  # figures and facts grouped by source
    POLICY = "policy"  # quote the relevant clauses (the default)


_PATTERNS: list[tuple[Intent, re.Pattern[str]]] = [
    (Intent.DOC_SUMMARY, re.compile(
        r"(总结|概括|梳理|归纳|摘要|要点).{0,16}(文件|意见|清单|方案|计划|通知)|"
        r"(summari[sz]e|summary of|main points of|outline)\b", re.I)),
    (Intent.WHO_CAN_HELP, re.compile(
        r"(哪(所|家|个|些)(高校|大学|团队|单位|学校|实验室|专家)?.{0,8}(能|可以|可)"
        r"(帮|做|解决|提供|合作|对接))|"
        r"(谁|哪里).{0,4}(能|可以)|找.{0,10}(合作|团队|专家)|"
        r"(which|what) (university|universities|team|teams|lab|labs|school|institute)s? "
        r"(can|could|might) (help|work|solve|support|do)|who can help|"
        r"can help (us|me) with", re.I)),
    (Intent.PAIRING, re.compile(
        r"结对|配对|对子|paired|pairing|partner (university|universities|zone)", re.I)),
    (Intent.FIGURES, re.compile(
        r"多少|几个|几所|几项|几家|数字|规模|目标|指标|figures?|how (many|much)|targets?|"
        r"numbers?|scale|quantitative", re.I)),
]


def classify(question: str) -> Intent:
    """First matching pattern wins; policy lookup otherwise."""
    for intent, pattern in _PATTERNS:
        if pattern.search(question):
            return intent
    return Intent.POLICY


_ASKS_UNIVERSITY = re.compile(
    r"哪(所|几所|些|两所|三所|四所)?(高校|大学|学校)|哪(几|两|三|四)?所|(which|what) "
    r"(university|universities|school|schools)", re.I)
_ASKS_ZONE = re.compile(r"哪(个|几个|些)?高新区|(which|what) (high-tech )?zones?\b", re.I)


def asked_entity_kind(question: str) -> str | None:
    """The kind of name the question asks for ("university" / "zone"), if it asks for one."""
    if _ASKS_UNIVERSITY.search(question):
        return "university"
    if _ASKS_ZONE.search(question):
        return "zone"
    return None
