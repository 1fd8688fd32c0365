"""Column roles for catalogs: which column holds the name, the university, the zone, ….

Operators export lists with many different headers (名称 / 成果名称 / 项目名称 …). Everything that
reasons about catalogs (filters, matchmaking, counts) works on *roles*, mapped from headers by the
synonym table below, or by a per-file override: a JSON file beside the catalog named
`<catalog file name>.schema.json`, e.g. `achievements.xlsx.schema.json` = {"成果": "name"}.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# role -> header synonyms, most specific first. Matching ignores case, spaces and punctuation.
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "名称", "成果名称", "需求名称", "设备名称", "项目名称", "技术名称", "平台名称",
        "title", "name",
    ),
    "university": ("高校", "高校名称", "所属高校", "依托高校", "结对高校", "university"),
    "enterprise": ("企业", "企业名称", "需求企业", "需求单位", "enterprise", "company"),
    "org": ("单位", "所属单位", "依托单位", "完成单位", "管理单位", "organization", "org"),
    "team": ("团队", "研究团队", "团队名称", "实验室", "team", "lab"),
    "person": ("负责人", "团队负责人", "联系人", "项目负责人", "contact", "person"),
    "phone": ("联系电话", "电话", "联系方式", "phone"),
    "field": ("领域", "技术领域", "产业领域", "所属领域", "学科", "field", "domain"),
    "zone": ("所在高新区", "高新区", "结对高新区", "所属高新区", "zone"),
    "city": ("城市", "所在城市", "设区市", "所在地", "city"),
    "summary": (
        "简介", "成果简介", "需求描述", "描述", "内容", "用途", "技术需求",
        "summary", "description",
    ),
    "keywords": ("关键词", "keywords"),
    "status": ("成熟度", "状态", "阶段", "技术成熟度", "status"),
    "evidence": ("证据等级", "证据", "evidence"),
    "budget": ("预算", "拟投入金额", "金额", "价格", "原值", "budget"),
    "kind": ("类型", "类别", "kind", "type"),
    "date": ("日期", "发布日期", "date"),
    "source": ("来源", "出处", "source"),
    "url": ("链接", "网址", "来源链接", "url", "link"),
}

# The value of the source column that marks an invented demonstration row.
SAMPLE_MARKERS = ("示例数据", "示例", "sample")

# File-name hints for the kind of catalog (checked against the file stem and sheet name).
KIND_HINTS: dict[str, tuple[str, ...]] = {
    "pairing": ("pairing", "结对", "对子"),
    "demand": ("demand", "需求"),
    "achievement": ("achievement", "成果", "专利", "patent"),
    "equipment": ("equipment", "设备", "仪器", "平台共享"),
}


def _squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def map_columns(headers: list[str], override: dict[str, str] | None = None) -> dict[str, str]:
    """Return {role: header} for the headers present; an override maps header -> role first."""
    roles: dict[str, str] = {}
    for header, role in (override or {}).items():
        if header in headers:
            roles[role] = header
    squashed = {_squash(h): h for h in headers}
    for role, synonyms in ROLE_SYNONYMS.items():
        if role in roles:
            continue
        for synonym in synonyms:
            if _squash(synonym) in squashed:
                roles[role] = squashed[_squash(synonym)]
                break
    return roles


def load_override(catalog_path: Path) -> dict[str, str] | None:
    """Read `<file>.schema.json` beside a catalog, if an operator supplied one."""
    sidecar = catalog_path.with_name(catalog_path.name + ".schema.json")
    if not sidecar.is_file():
        return None
    return {str(k): str(v) for k, v in json.loads(sidecar.read_text(encoding="utf-8")).items()}


def catalog_kind(*names: str) -> str:
    """Guess the catalog kind from the file stem and sheet name; 'catalog' when unknown."""
    for name in names:
        lowered = name.lower()
        for kind, hints in KIND_HINTS.items():
            if any(h in lowered for h in hints):
                return kind
    return "catalog"


def is_sample(value: object) -> bool:
    text = str(value or "").strip().lower()
    return any(marker in text for marker in SAMPLE_MARKERS)
