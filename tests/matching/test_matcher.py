"""Matchmaking over the catalog fixture: demand → supply, supply → demand, pairing bonus,
reasons, citations and sample labels. Candidates come from BM25 (no vectors needed)."""

from __future__ import annotations

import json

import pytest

from assistant.catalog.pairings import PairingIndex
from assistant.catalog.rows import Names
from assistant.cli import main
from assistant.documents import Chunk
from assistant.matching.matcher import Matcher, MatchResult
from assistant.matching.query import build_query
from assistant.matching.score import PAIRING_BONUS, SAMPLE_PENALTY, rank_rows
from assistant.retrieval.types import ScoredChunk
from assistant.service import Assistant
from tests.catalog.fixture import FIXTURE_DIR, build_kb

# Demand descriptions worded unlike the rows they should find: (demand, title, university).
DEMANDS = [
    ("储能电站里的电池柜怕起火，想在出事前就发现隐患", "储能电站锂电池热失控早期预警技术",
     "南京工程学院"),
    ("起重机液压油路泄漏，想自动判断是哪里出了故障", "工程机械液压系统故障诊断", "徐州工程学院"),
    ("我们做婴儿奶粉，想找能用发酵法生产母乳寡糖的团队", "母乳低聚糖微生物合成与中试工艺",
     "江南大学"),
    ("酱油厂想快速判断产品有没有异味", "发酵食品风味物质快速检测", "江南大学"),
    ("印染厂排出的水颜色太深，达不到排放标准", "印染废水高效脱色处理工艺", "江南大学"),
    ("桥梁运营期间想实时掌握结构有没有开裂变形", "桥梁结构健康监测系统", "东南大学"),
    ("井下甲烷浓度超标要提前报警", "煤矿瓦斯浓度监测与超限预警", "中国矿业大学"),
    ("想开发可以自然降解的包装薄膜", "生物基可降解塑料PBS合成", "南京工业大学"),
    ("雷暴和冰雹来之前两小时能不能预报出来", "短临强对流天气预报模型", "南京信息工程大学"),
    ("规模化养鸡场需要防禽流感的疫苗", "禽流感多价灭活疫苗", "扬州大学"),
    ("养猪饲料成本高，想用秸秆发酵替代一部分豆粕", "微生物发酵饲料", "南京农业大学"),
    ("船体分段里空间狭窄，人工焊接很困难", "船舶分段智能焊接机器人", "江苏科技大学"),
    ("大坝水下部分有没有裂缝，想用潜水设备去查", "水下大坝裂缝检测机器人", "河海大学"),
    ("城市下暴雨容易积水，想提前知道哪些路段会淹", "城市内涝智能预报与排水调度", "河海大学"),
    ("储能电池要做循环寿命测试，找能共享的仪器", "电池充放电测试系统", "南京工程学院"),
    ("寻找做氢燃料电池电堆的研发团队", "氢能与燃料电池团队", "南京工业大学"),
    ("early warning of fire risk in battery energy storage stations",
     "储能电站锂电池热失控早期预警技术", "南京工程学院"),
    ("a vaccine against avian influenza for poultry farms", "禽流感多价灭活疫苗", "扬州大学"),
    ("drone spraying of pesticide on crops", "植保无人机变量喷洒", "江苏大学"),
    ("chip testing at wafer level to cut cost", "晶圆测试探针卡", "无锡学院"),
    ("a robot that welds ship hulls", "船舶分段智能焊接机器人", "江苏科技大学"),
    ("new drug for cancer, targeted therapy", "抗肿瘤小分子靶向药物", "中国药科大学"),
    ("soil remediation for contaminated industrial park land", "工业园区污染土壤生态修复",
     "南京大学"),
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return build_kb(tmp_path_factory.mktemp("match"))


@pytest.fixture(scope="module")
def matcher(kb):
    return Matcher(kb)


@pytest.mark.parametrize(("demand", "title", "university"), DEMANDS)
def test_top1_for_differently_worded_demands(matcher, demand, title, university):
    result = matcher.supply_for(demand, top=3)
    assert result.matches, demand
    best = result.matches[0]
    assert (best.row.name, best.row.university) == (title, university)


def test_between_equal_rows_the_sourced_one_wins(matcher):
    result = matcher.supply_for("远程抄表终端的电池要用好几年", top=3)
    first, second = result.matches[:2]
    assert first.row.name == second.row.name == "低功耗物联网通信模组"
    assert not first.row.sample and second.row.sample
    assert second.score + SAMPLE_PENALTY >= first.score  # the penalty decided it


# --- pairing bonus ---------------------------------------------------------------------------
def _universities(result: MatchResult) -> list[str]:
    return [m.row.university for m in result.matches]


def test_pairing_bonus_decides_between_equal_rows(matcher):
    demand = "产品表面划痕凹坑需要自动识别"
    with_zhenjiang = matcher.supply_for(demand, zone="镇江高新区", top=2)
    with_gulou = matcher.supply_for(demand, zone="鼓楼", top=2)
    assert _universities(with_zhenjiang) == ["江苏大学", "南京邮电大学"]
    assert _universities(with_gulou) == ["南京邮电大学", "江苏大学"]
    best = with_zhenjiang.matches[0]
    assert best.bonus == pytest.approx(PAIRING_BONUS)  # confirmed pairing: full bonus
    assert with_gulou.matches[0].bonus == pytest.approx(PAIRING_BONUS / 2)  # unconfirmed


def test_pairing_bonus_changes_the_order_when_it_should(matcher):
    demand = "需要机器人自动焊接，代替人工焊工"
    plain = matcher.supply_for(demand, top=2)
    zhenjiang = matcher.supply_for(demand, zone="镇江", top=2)
    jianye = matcher.supply_for(demand, zone="建邺", top=2)
    assert plain.matches[0].row.university == "南京工程学院"
    assert zhenjiang.matches[0].row.university == "江苏科技大学"
    assert jianye.matches[0].row.university == "南京工程学院"
    assert "江苏科技大学 与 镇江高新区 结对（证据：confirmed）" in zhenjiang.to_text()


def test_pairing_bonus_never_lifts_an_unrelated_row(matcher):
    result = matcher.supply_for("储能电站电池热失控预警", zone="镇江高新区", top=3)
    assert result.matches[0].row.university == "南京工程学院"
    assert all(m.row.university not in {"江苏科技大学"} for m in result.matches)


def test_the_rows_own_zone_earns_the_bonus(matcher):
    result = matcher.supply_for("航空发动机叶片磨损需要修复", zone="南京鼓楼高新区", top=1)
    best = result.matches[0]
    assert best.row.university == "南京航空航天大学" and best.own_zone == "南京鼓楼高新区"
    assert "该条目登记的高新区即 南京鼓楼高新区" in result.to_text()


@pytest.mark.parametrize(
    ("demand", "zone", "origin"),
    [
        ("建邺高新区的企业需要储能电池热失控预警", "南京建邺高新区", "text"),
        ("我们是镇江的企业，需要船体焊接机器人", "镇江高新区", "city"),  # the city's only zone
        ("我们是无锡的企业，需要晶圆测试探针卡", "", ""),  # 无锡 has two zones: no guess
    ],
)
def test_zone_of_the_enterprise_from_the_text(matcher, demand, zone, origin):
    result = matcher.supply_for(demand, top=1)
    assert (result.query.zone, result.query.zone_origin) == (zone, origin)


# --- the demand row ----------------------------------------------------------------------------
def test_a_demand_row_named_exactly_brings_its_zone_and_field(matcher):
    result = matcher.supply_for("锂电池储能系统安全预测预警", top=3)
    assert result.query.row is not None
    assert (result.query.zone, result.query.zone_origin) == ("南京建邺高新区", "row")
    best = result.matches[0]
    assert best.row.university == "南京工程学院"
    assert best.row.name == "储能电站锂电池热失控早期预警技术"
    assert best.field_score == 1.0  # the demand row declares 新能源/储能
    sources = [c.source for c in best.citations]
    assert sources == ["achievements.csv", "pairings.csv"]
    text = result.to_text()
    assert "南京工程学院 与 南京建邺高新区 结对（证据：confirmed），加分 +0.15" in text
    assert "企业所在高新区：南京建邺高新区（来自需求清单）" in text


def test_without_a_zone_the_answer_still_names_the_pairing(matcher):
    result = matcher.supply_for("储能电站锂电池安全预测预警", top=1)
    best = result.matches[0]
    assert best.bonus == 0 and best.row.university == "南京工程学院"
    assert any("南京工程学院 的结对高新区：南京建邺高新区（证据：confirmed）" in r
               for r in result.to_dict()["matches"][0]["reasons"])


# --- output ------------------------------------------------------------------------------------
def test_json_contract_and_citations(matcher):
    data = matcher.supply_for("规模化养鸡场需要防禽流感的疫苗", zone="扬州", top=3).to_dict()
    json.dumps(data, ensure_ascii=False)  # serialisable
    first = data["matches"][0]
    assert {"rank", "title", "university", "zone", "score", "reasons", "citations"} <= set(first)
    assert first["rank"] == 1 and first["zone"] == "扬州高新区"
    ranks = [m["rank"] for m in data["matches"]]
    assert ranks == sorted(ranks)
    scores = [m["score"] for m in data["matches"]]
    assert scores == sorted(scores, reverse=True)
    cite = first["citations"][0]
    assert {"n", "source", "title", "locator", "snippet", "sample"} <= set(cite)
    assert cite["sample"] is True and "禽流感" in cite["snippet"]


def test_sample_rows_are_labelled(matcher):
    result = matcher.supply_for("规模化养鸡场需要防禽流感的疫苗", top=1)
    text = result.to_text()
    assert "【示例数据】" in text and "示例数据，非真实清单内容" in text
    assert "注：标有「示例数据」的条目为演示用样例" in text


def test_english_demand_gets_english_framing(matcher):
    result = matcher.supply_for("a vaccine against avian influenza for poultry farms", top=1)
    text = result.to_text()
    assert text.startswith("Demand: a vaccine")
    assert "[sample]" in text and "shared terms: 疫苗" in text


def test_chat_answer_has_checked_citations(matcher):
    result = matcher.supply_for("船体分段里空间狭窄，人工焊接很困难", zone="镇江", top=3)
    answer = result.to_answer()
    assert not answer.refused
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(f"[{n}]" in answer.answer for n in numbers)


def test_no_match_is_said_plainly(matcher):
    result = matcher.supply_for("需要帮忙做一下企业宣传视频", top=3)
    assert result.matches == []
    assert "没有找到与该需求相符" in result.to_text()
    assert result.to_answer().refused


# --- supply → demand -----------------------------------------------------------------------------
def test_achievement_row_finds_the_demands_it_fits(matcher):
    result = matcher.demands_for("储能电站锂电池热失控早期预警技术", top=3)
    best = result.matches[0]
    assert best.row.name == "锂电池储能系统安全预测预警"
    assert best.row.get("enterprise") == "江苏林洋储能技术有限公司"
    assert best.pairing is not None and best.pairing.zone == "南京建邺高新区"
    data = result.to_dict()
    assert data["reverse"] is True
    assert data["matches"][0]["enterprise"] == "江苏林洋储能技术有限公司"
    assert "可能适配的企业需求" in result.to_text()


def test_free_text_achievement_finds_demands(matcher):
    result = matcher.demands_for("高密度晶圆探针卡，可降低芯片测试成本", top=2)
    assert result.matches[0].row.name == "芯片晶圆测试降本"


# --- pure scoring and the retriever path -------------------------------------------------------
def _row(name: str, university: str, field: str, source: str = "报道", n: int = 1) -> Chunk:
    columns = {"成果名称": name, "高校": university, "领域": field, "来源": source}
    return Chunk(id=f"r{n}", source="a.csv", title="a", doc_type="catalog",
                 text="；".join(f"{k}：{v}" for k, v in columns.items()), locator=f"第{n}行",
                 metadata={"columns": json.dumps(columns, ensure_ascii=False), "name": name,
                           "university": university, "field": field, "source": source,
                           "sample": source == "示例数据", "catalog_kind": "achievement"})


def test_rank_rows_scores_terms_fields_and_leaves_out_unrelated_rows():
    rows = [_row("储能电池热管理", "甲大学", "储能", n=1), _row("古籍修复", "乙大学", "文博", n=2)]
    query = build_query("储能电池过热怎么办", Names(None))
    hits = [ScoredChunk(chunk=rows[0], score=0.4), ScoredChunk(chunk=rows[1], score=0.2)]
    ranked = rank_rows(query, hits, PairingIndex([]), idf=lambda term: 1.0)
    assert [m.row.name for m in ranked] == ["储能电池热管理"]
    (match,) = ranked
    assert match.relevance == 1.0 and match.shared_fields == ["储能"]
    assert match.field_score == 0.5  # named in the text only, not declared by a demand row
    assert match.score == pytest.approx(0.5 + 0.3 * match.terms + 0.2 * 0.5)


class _Retriever:
    def __init__(self, hits=None, error: Exception | None = None) -> None:
        self.hits, self.error, self.calls = hits or [], error, []

    def retrieve(self, question, history, filters, k):
        self.calls.append((question, filters, k))
        if self.error:
            raise self.error

        class Result:
            hits = self.hits

        return Result()


def test_retriever_hits_are_used_with_catalog_filters(kb):
    rows = [kb.chunks.row_named("晶圆测试探针卡", ("achievement", "equipment", "catalog"))]
    # No glossary term in the demand: only a high dense similarity can justify the row.
    retriever = _Retriever([ScoredChunk(chunk=rows[0], score=0.9, dense=0.8)])
    result = Matcher(kb, retriever).supply_for("wafer probe cards", top=3)
    ((question, filters, _),) = retriever.calls
    assert question == "wafer probe cards"
    assert filters == {"doc_type": "catalog",
                       "catalog_kind": ["achievement", "equipment", "platform", "catalog"]}
    assert [m.row.name for m in result.matches] == ["晶圆测试探针卡"]


def test_a_weak_dense_hit_alone_is_not_a_match(kb):
    rows = [kb.chunks.row_named("晶圆测试探针卡", ("achievement", "equipment", "catalog"))]
    retriever = _Retriever([ScoredChunk(chunk=rows[0], score=0.9, dense=0.2)])
    assert Matcher(kb, retriever).supply_for("wafer probe cards", top=3).matches == []


def test_a_failing_retriever_falls_back_to_bm25(kb):
    matcher = Matcher(kb, _Retriever(error=RuntimeError("no vector index")))
    result = matcher.supply_for("井下甲烷浓度超标要提前报警", top=1)
    assert result.matches[0].row.name == "煤矿瓦斯浓度监测与超限预警"


def test_a_demand_naming_equipment_prefers_equipment(matcher):
    result = matcher.supply_for("储能电池要做循环寿命测试，找能共享的仪器", top=2)
    best = result.matches[0]
    assert best.row.entry_kind == "equipment" and best.kind_bonus > 0
    assert "正是所需的资源类型：设备" in result.to_text()


# --- end to end: real loaders, packaged embedding model, Chroma + BM25, the CLI -------------------
@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """The fixture directory ingested for real (takes seconds: the embedding model loads)."""
    data_dir = tmp_path_factory.mktemp("e2e")
    assistant = Assistant(data_dir=data_dir, kb="fixture")
    report = assistant.ingest([FIXTURE_DIR])
    assert not report.skipped
    return assistant


def test_hybrid_retrieval_top1_over_the_demand_set(indexed):
    misses = []
    for demand, title, university in DEMANDS:
        matches = indexed.match(demand, top=3).matches
        if not matches or (matches[0].row.name, matches[0].row.university) != (title, university):
            misses.append(demand)
    assert misses == []


def test_cli_match_puts_the_right_row_first_and_names_the_pairing(indexed, capsys):
    settings = indexed.settings
    argv = ["--data-dir", str(settings.data_dir), "--kb", settings.kb]
    assert main([*argv, "match", "锂电池储能系统安全预测预警", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["matches"][0]
    assert first["university"] == "南京工程学院" and first["zone"] == "南京建邺高新区"
    assert first["citations"][0]["source"] == "achievements.csv"
    assert any("南京建邺高新区" in reason for reason in first["reasons"])
    assert main([*argv, "match", "需要机器人自动焊接，代替人工焊工", "--zone", "镇江"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "企业所在高新区：镇江高新区（由 --zone 指定）" in lines
    first_line = next(line for line in lines if line.startswith("1. "))
    assert first_line.startswith("1. 船舶分段智能焊接机器人 — 江苏科技大学")
