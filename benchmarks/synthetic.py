"""Synthetic achievement catalogs for the scale benchmarks: deterministic, flagged as sample.

Rows look like an operator's achievement export (成果名称, 高校, 团队, 负责人, 领域, 成果简介,
关键词, 成熟度, 结对高新区, 来源) and use the real university and zone names, so entity
recognition and metadata filters see realistic selectivity at 100k rows. Every row's 来源 is
"示例数据": the assistant marks such rows as invented, and the benchmarks never count them as
relevant evidence. The same (rows, seed) always writes the same bytes.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from pathlib import Path

HEADERS = ("成果名称", "高校", "团队", "负责人", "领域", "成果简介", "关键词", "成熟度",
           "结对高新区", "来源")
SAMPLE_SOURCE = "示例数据"
ROWS_PER_FILE = 10_000  # one CSV per 10k rows keeps each file far below the 50 MB input limit
GAZETTEER = Path(__file__).resolve().parents[1] / "assistant" / "data" / "gazetteer.json"

FIELDS = {
    "新能源/储能": (["储能电池", "光伏组件", "氢燃料电池", "风电齿轮箱", "钠离子电池"],
                 ["热失控预警", "寿命预测", "能量管理", "功率调度", "故障诊断"]),
    "智能制造": (["数控机床", "工业机器人", "焊接产线", "注塑模具", "装配线"],
             ["视觉检测", "数字孪生", "预测性维护", "工艺优化", "柔性排产"]),
    "生物医药": (["抗体药物", "中药制剂", "医用敷料", "疫苗佐剂", "缓释微球"],
             ["高通量筛选", "质量控制", "制剂工艺", "药效评价", "纯化工艺"]),
    "新材料": (["碳纤维复合材料", "高温合金", "石墨烯薄膜", "陶瓷基板", "可降解塑料"],
            ["成型工艺", "表面改性", "性能表征", "低成本制备", "回收利用"]),
    "电子信息": (["功率芯片", "射频器件", "MEMS传感器", "光通信模块", "工业网关"],
             ["封装测试", "低功耗设计", "可靠性评估", "边缘计算", "信号处理"]),
    "现代农业": (["设施蔬菜", "水产养殖", "稻麦种植", "畜禽养殖", "茶叶加工"],
             ["智能灌溉", "病害识别", "精准施肥", "品质溯源", "环境监测"]),
    "环保/节能": (["工业废水", "烟气脱硝", "固废焚烧", "污泥处置", "余热锅炉"],
              ["深度处理", "资源化利用", "在线监测", "节能改造", "排放控制"]),
    "工程机械": (["液压泵阀", "挖掘机", "起重机", "盾构机", "矿用卡车"],
             ["漏油诊断", "轻量化设计", "远程运维", "振动抑制", "电驱改造"]),
}
METHODS = ["深度学习", "多源传感融合", "机理建模", "强化学习", "知识图谱", "红外成像", "声发射监测",
           "有限元仿真", "微流控", "激光加工", "电化学分析", "边缘智能"]
BENEFITS = ["检出率提高约{p}%", "能耗降低约{p}%", "成本下降约{p}%", "寿命延长约{p}%",
            "效率提升约{p}%", "误报率降低约{p}%"]
STAGES = ["实验室验证", "小试", "中试", "小批量应用", "产业化"]
TEAM_SUFFIXES = ["团队", "课题组", "研究中心", "实验室"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"


def _names(kind: str) -> list[str]:
    return [entry["name"] for entry in json.loads(GAZETTEER.read_text("utf-8"))[kind]]


def rows(count: int, seed: int = 20260101) -> Iterator[dict[str, str]]:
    """`count` catalog rows as {header: value}, the same for the same seed."""
    rng = random.Random(seed)
    universities, zones = _names("universities"), _names("zones")
    fields = sorted(FIELDS)
    for n in range(count):
        field = rng.choice(fields)
        objects, tasks = FIELDS[field]
        obj, task, method = rng.choice(objects), rng.choice(tasks), rng.choice(METHODS)
        benefit = rng.choice(BENEFITS).format(p=rng.randrange(10, 60))
        yield {
            # The serial number keeps every row's text (and so its chunk id) distinct.
            "成果名称": f"基于{method}的{obj}{task}技术（S{n:06d}）",
            "高校": rng.choice(universities),
            "团队": f"{obj}{rng.choice(TEAM_SUFFIXES)}",
            "负责人": f"{rng.choice(SURNAMES)}老师",
            "领域": field,
            "成果简介": (f"面向{obj}的{task}需求，采用{method}方法建立模型与装置，"
                     f"已在企业现场试用，{benefit}。"),
            "关键词": ";".join((task, method, obj)),
            "成熟度": rng.choice(STAGES),
            "结对高新区": rng.choice(zones) if rng.random() < 0.6 else "",
            "来源": SAMPLE_SOURCE,
        }


def write_catalogs(directory: Path, count: int, seed: int = 20260101) -> list[Path]:
    """Write `count` rows as CSV files of ROWS_PER_FILE rows under `directory`; the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = writer = None
    try:
        for n, row in enumerate(rows(count, seed)):
            if n % ROWS_PER_FILE == 0:
                if handle:
                    handle.close()
                paths.append(directory / f"synthetic_achievements_{n // ROWS_PER_FILE:03d}.csv")
                handle = paths[-1].open("w", encoding="utf-8", newline="")
                writer = csv.DictWriter(handle, fieldnames=HEADERS)
                writer.writeheader()
            writer.writerow(row)  # type: ignore[union-attr]
    finally:
        if handle:
            handle.close()
    return paths
