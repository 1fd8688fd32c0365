"""A small corpus in two versions (A, then B with edits and a new file) for the fault tests.

Big enough that an ingest spans several vector batches (the catalog has 600 rows, the ingest
upserts 256 vectors at a time), small enough to index in about a second with hashed vectors.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROWS = 600
EDITED_ROWS = range(0, 600, 12)  # 50 rows whose text changes in version B
CLAUSES = ["推进有组织科研和有组织转化", "建设概念验证中心", "设立成果转化基金",
           "共建联合实验室", "开展人才双向流动", "举办供需对接会"]


def _policy(n: int, version: str) -> str:
    lines = [f"# 示例政策文件{n}"]
    for k, clause in enumerate(CLAUSES, 1):
        year = 2028 if version == "B" and n == 2 and k % 2 else 2027
        lines += [f"{'一二三四五六'[k - 1]}、{clause}",
                  f"到{year}年，第{n}号文件要求各高新区与高校{clause}，形成可复制的经验。"
                  f"相关部门按季度报送进展，第{k}项任务由牵头单位负责落实。"]
    return "\n".join(lines) + "\n"


def _rows(version: str) -> list[dict[str, str]]:
    rows = []
    for i in range(ROWS):
        summary = f"面向第{i}类企业的技术服务，提供检测与工艺优化。"
        if version == "B" and i in EDITED_ROWS:
            summary = f"面向第{i}类企业的技术服务，新增中试放大与产线验证。"
        rows.append({"成果名称": f"示例成果{i:04d}",
                     "高校": ["东南大学", "江南大学", "扬州大学"][i % 3],
                     "领域": ["新材料", "智能制造", "生物医药"][i % 3],
                     "成果简介": summary, "来源": "示例数据"})
    return rows


def write_version(root: Path, version: str) -> Path:
    """Write version A or B of the corpus under `root` (replacing what is there)."""
    (root / "policies").mkdir(parents=True, exist_ok=True)
    (root / "catalogs").mkdir(parents=True, exist_ok=True)
    for n in (1, 2, 3, 4):
        (root / "policies" / f"p{n}.md").write_text(_policy(n, version), encoding="utf-8")
    if version == "B":
        (root / "policies" / "p5.md").write_text(_policy(5, version), encoding="utf-8")
    with (root / "catalogs" / "rows.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["成果名称", "高校", "领域", "成果简介", "来源"])
        writer.writeheader()
        writer.writerows(_rows(version))
    return root


def write_big_catalog(path: Path, rows: int = 3000) -> Path:
    """A new catalog file large enough to need several megabytes of index."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["成果名称", "成果简介", "来源"])
        for i in range(rows):
            summary = f"第{i}项扩展成果的简介，用于检验磁盘写满时的行为。" * 3
            writer.writerow([f"扩展成果{i:05d}", summary, "示例数据"])
    return path
