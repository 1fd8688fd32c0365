"""Language of a question or passage: Chinese or English, the only two the assistant answers in.

No detection library is needed: the decision is two-way and the two scripts do not overlap, so
the share of CJK characters among all letters settles it in microseconds. General detectors
(langdetect, lingua) score 50+ languages, load large profiles, and are least reliable exactly on
the short mixed strings users type ("AI 领域有哪些成果").
"""

from __future__ import annotations

import re
from typing import Literal

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")

# One Chinese character carries about as much as a short English word (3–5 letters), so text is
# Chinese once CJK characters make up 30% of its letters: "苏州高新区 pairs with which
# universities?" (5 of 31) is English, "请介绍 Nanjing University 的合作项目" (8 of 25) is Chinese.
ZH_SHARE = 0.3


def cjk_share(text: str) -> float:
    """CJK characters / (CJK characters + Latin letters); 0.0 when the text has no letters."""
    cjk = len(_CJK.findall(text))
    letters = cjk + len(_LATIN.findall(text))
    return cjk / letters if letters else 0.0


def has_cjk(text: str) -> bool:
    """Whether the text holds any CJK character (a Chinese phrase inside an English turn counts)."""
    return bool(_CJK.search(text))


def detect_language(text: str) -> Literal["zh", "en"]:
    """'zh' or 'en'. Text without letters (numbers, punctuation) counts as Chinese, the language
    of the material."""
    if not _LATIN.search(text):
        return "zh"
    return "zh" if cjk_share(text) >= ZH_SHARE else "en"
