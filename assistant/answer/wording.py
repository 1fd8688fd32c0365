"""The connective text of extractive answers, in the question's language.

Quotes stay in the sources' Chinese; labels and framing follow the user (English questions get
English framing, Chinese questions Chinese).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from assistant.documents import Chunk

ROW_FIELDS = ("name", "university", "enterprise", "org", "team", "person", "field", "zone",
              "status", "evidence")


@dataclass(frozen=True)
class Wording:
    lang: str
    intro: str
    rows_intro: str
    not_covered: str
    closest: str
    material_says: str
    sample_note: str
    labels: dict[str, str]
    sample_badge: str

    def source_line(self, chunk: Chunk) -> str:
        where = chunk.locator if chunk.locator and chunk.locator != "全文" else ""
        if self.lang == "en":
            place = f", {where}" if where else ""
            return f"《{chunk.title}》{place}: "
        place = f"（{where}）" if where else ""
        return f"《{chunk.title}》{place}："

    def row_line(self, chunk: Chunk) -> str:
        """A catalog row as "label: value; …" using the roles the loader mapped."""
        meta = chunk.metadata
        parts = []
        for role in ROW_FIELDS:
            value = meta.get(role)
            if value:
                parts.append(f"{self.labels[role]}{value}")
        if not parts:  # unknown schema: fall back to the row's own rendering
            columns = json.loads(meta["columns"]) if meta.get("columns") else {}
            parts = [f"{k}：{v}" for k, v in list(columns.items())[:6]] or [chunk.text]
        sep = "; " if self.lang == "en" else "；"
        badge = f" {self.sample_badge}" if meta.get("sample") else ""
        return sep.join(parts) + badge

    def summary_intro(self, title: str) -> str:
        if self.lang == "en":
            return f"Main points of 《{title}》, section by section:"
        return f"《{title}》的主要内容（按章节）："


ZH = Wording(
    lang="zh",
    intro="根据检索到的资料：",
    rows_intro="可对接的资源（按相关度排序）：",
    not_covered="现有资料中没有找到能回答这个问题的内容。",
    closest="最接近的资料：",
    material_says="资料中的相关说明：",
    sample_note="注：标有「示例数据」的条目为演示用样例，不是真实清单内容。",
    labels={
        "name": "名称：", "university": "高校：", "enterprise": "企业：", "org": "单位：",
        "team": "团队：", "person": "负责人/联系人：", "field": "领域：", "zone": "高新区：",
        "status": "状态：", "evidence": "证据等级：",
    },
    sample_badge="【示例数据】",
)

EN = Wording(
    lang="en",
    intro="According to the indexed sources (quoted in Chinese):",
    rows_intro="Matching resources, most relevant first:",
    not_covered="The indexed material does not cover this question.",
    closest="Closest documents: ",
    material_says="What the material says:",
    sample_note="Note: rows marked [sample] are demonstration data, not real catalog entries.",
    labels={
        "name": "Name: ", "university": "University: ", "enterprise": "Enterprise: ",
        "org": "Organisation: ", "team": "Team: ", "person": "Contact: ", "field": "Field: ",
        "zone": "High-tech zone: ", "status": "Status: ", "evidence": "Evidence: ",
    },
    sample_badge="[sample]",
)


def wording_for(language: str) -> Wording:
    return EN if language == "en" else ZH
