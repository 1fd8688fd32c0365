"""The words of the chat page: bilingual intro, labels, persona presets and example questions.

Kept in one place so the page reads the same everywhere and a translator finds every string.
Labels are bilingual ("中文 English") because the page cannot know the user's language before the
first question; answers and the sources panel then follow the language of each question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TITLE = "双高协同助手 · Shuanggao Assistant"

INTRO = (
    "### 双高协同助手 · 高新区 × 高校协同创新\n"
    "查询江苏“双高协同”政策条款、试点结对，以及可对接的高校成果、团队与共享设备；"
    "每句回答都标注出处（文件、条款、页码或清单行）。\n\n"
    "Ask about Jiangsu's *zone × university* programme — policy clauses, pilot pairings, "
    "university achievements, teams and shared equipment — in Chinese or English. "
    "Every statement cites its document, clause, page or catalog row."
)

EMPTY_KB = (
    "**知识库为空**：请先运行 `assistant ingest corpus/`，或由管理员在「文档」页上传文件。  \n"
    "The knowledge base is empty: run `assistant ingest corpus/`, or upload files in the "
    "Documents tab as an admin."
)

ANY = ""  # the value of "no filter" in every dropdown

DOC_TYPES = [
    ("全部类型 Any type", ANY),
    ("政策 Policy", "policy"),
    ("新闻 News", "news"),
    ("清单 Catalog", "catalog"),
    ("其他文档 Other", "document"),
]
CATALOG_KINDS = [
    ("全部清单 Any list", ANY),
    ("高校成果 Achievements", "achievement"),
    ("企业需求 Demands", "demand"),
    ("共享设备 Equipment", "equipment"),
    ("平台载体 Platforms", "platform"),
    ("结对 Pairings", "pairing"),
]


@dataclass(frozen=True)
class Persona:
    """A starting point for one kind of user: what they typically ask, and where to look."""

    label: str
    examples: tuple[str, ...]
    filters: dict[str, str] = field(default_factory=dict)


BATTERY = "Which university can help with battery-storage safety prediction?"
DOC_NUMBER = "江苏推进高新区和高等院校协同创新发展的实施意见，文号是什么？哪天印发的？"
THESIS = "改革指引清单里，毕业生能不能用参与双高协同的实践成果代替毕业论文？"
PILOT_SCALE = "首批“双高协同”试点一共有多少个高新区、多少所高校，结成了多少个对子？"
CHIP_TEST = "我们企业需要芯片测试方面的合作，哪所高校能对接？"
FIVE_ONES = 'What exactly is the "五个一" (five ones) system a pilot university should build?'

# Every example is answered (not refused) from the shipped corpus/ with its persona's filters.
ENGINEER = Persona(
    label="企业工程师 Enterprise engineer",
    examples=(
        BATTERY,
        CHIP_TEST,
        "我们公司在南京建邺区，想找跟建邺高新区结对的高校合作，是哪所学校？",
        "南京有哪些高校可以共享的仪器设备？",
    ),
    filters={"doc_type": "catalog"},
)
TEACHER = Persona(
    label="高校老师 University staff",
    examples=(
        THESIS,
        FIVE_ONES,
        "我是学校双创学院的老师，政策指南清单对试点高校的学生团队参加比赛有什么倾斜？",
        "《“双高协同”政策指南清单》和《改革指引清单》是哪几个部门联合印发的？落款日期是哪天？",
    ),
    filters={"doc_type": "policy"},
)
OFFICIAL = Persona(
    label="政府工作人员 Government official",
    examples=(
        DOC_NUMBER,
        PILOT_SCALE,
        "“双高协同”分几个阶段推进？试点阶段每个设区市选几个高新区？",
        'What is the national "百园百校万企" action — which ministries launched it, '
        "and what is its document number?",
    ),
)
ALL = Persona(
    label="全部 Everyone",
    examples=(
        BATTERY,
        DOC_NUMBER,
        THESIS,
        PILOT_SCALE,
        CHIP_TEST,
        "Our factory is in Xuzhou High-tech Zone. Which university is the zone working with?",
        OFFICIAL.examples[2],
        FIVE_ONES,
    ),
)
PERSONAS = (ALL, ENGINEER, TEACHER, OFFICIAL)


def persona(label: str) -> Persona:
    """The persona with this label (the first one when the label is unknown)."""
    return next((p for p in PERSONAS if p.label == label), PERSONAS[0])


# Labels of the sources panel and chat notes, in the language of the question.
PANEL = {
    "zh": {
        "sources": "来源",
        "none": "这条回答没有引用来源。",
        "sample": "示例数据",
        "open": "打开原文",
        "page": "第{page}页",
        "searched_as": "↳ 结合上文检索：",
        "notice": "注：",
        "error": "出错了：",
    },
    "en": {
        "sources": "Sources",
        "none": "This answer cites no sources.",
        "sample": "sample data",
        "open": "Open source",
        "page": "page {page}",
        "searched_as": "↳ Follow-up searched as: ",
        "notice": "Note: ",
        "error": "Something went wrong: ",
    },
}

SOURCES_PLACEHOLDER = (
    '<div class="sources-empty">来源会显示在这里 · Sources of each answer appear here</div>'
)


def panel_words(lang: str) -> dict[str, str]:
    return PANEL["en" if lang == "en" else "zh"]
