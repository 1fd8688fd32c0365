"""Catalog questions computed over the rows: every count is checked against pandas over the same
fixture files (with the same column-role mapping the schema override gives)."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from assistant.catalog.compute import compute
from assistant.catalog.render import MAX_LISTED
from tests.catalog.fixture import FIXTURE_DIR, build_kb, parse
from tests.catalog.fixture import catalog_route_answer as answer_catalog_question

SAMPLE = "示例数据"


def frame(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURE_DIR / name, dtype=str).fillna("")


def achievements() -> pd.DataFrame:
    """Both achievement lists in one frame, the second renamed by its schema override."""
    extra = frame("高校成果_补充.csv").rename(
        columns={"项目": "成果名称", "承担方": "高校", "方向": "领域", "说明": "成果简介"})
    return pd.concat([frame("achievements.csv"), extra], ignore_index=True).fillna("")


def topic_text(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    return df[[c for c in columns if c in df]].agg(" ".join, axis=1)


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return build_kb(tmp_path_factory.mktemp("catalog"))


@pytest.fixture(scope="module")
def names(kb):
    return kb.names()


def result_for(question: str, kb, names):
    query = parse(question, kb)
    assert query is not None, question
    kinds = {k for k in query.kinds if k != "team"}
    kinds |= {"catalog"} if "team" in query.kinds else set()
    return compute(query, kb.population(tuple(kinds)).rows, names, kb.pairings())


# --- counts equal pandas -------------------------------------------------------------------------
def test_equipment_in_a_zone(kb, names):
    question = "无锡高新区共享清单里有多少台设备？"
    eq = frame("equipment.csv")
    expected = eq[eq["所在高新区"] == "无锡高新区"]
    result = result_for(question, kb, names)
    assert [r.name for r in result.rows] == expected["设备名称"].tolist()
    samples = int((expected["来源"] == SAMPLE).sum())
    answer = answer_catalog_question(question, kb)
    assert f"符合条件的设备共 {len(expected)} 条，其中示例数据 {samples} 条" in answer.answer
    assert "按已索引的清单行计算" in answer.answer
    assert [c.snippet.split("；")[0] for c in answer.citations] == [
        f"设备名称：{n}" for n in expected["设备名称"]]
    assert all(c.sample for c in answer.citations)


def test_equipment_grouped_by_zone(kb, names):
    result = result_for("各高新区分别有多少台设备？", kb, names)
    assert dict(result.groups) == frame("equipment.csv")["所在高新区"].value_counts().to_dict()


def test_equipment_grouped_by_city(kb, names):
    result = result_for("按城市统计设备数量", kb, names)
    assert dict(result.groups) == frame("equipment.csv")["城市"].value_counts().to_dict()
    answer = answer_catalog_question("按城市统计设备数量", kb)
    assert "按城市分组：\n- 无锡：6 条" in answer.answer


def test_equipment_in_a_city(kb, names):
    eq = frame("equipment.csv")
    result = result_for("无锡的设备有哪些", kb, names)
    assert len(result.rows) == int((eq["城市"] == "无锡").sum())


def test_achievements_of_a_university_across_two_schemas(kb, names):
    df = achievements()
    result = result_for("南京工程学院有多少项成果？", kb, names)
    assert len(result.rows) == int((df["高校"] == "南京工程学院").sum())


@pytest.mark.parametrize("question", [
    "list the energy-storage achievements of universities paired with 建邺",
    "与建邺高新区结对的高校有哪些储能成果？",
])
def test_topic_achievements_of_universities_paired_with_a_zone(kb, names, question):
    pairs = frame("pairings.csv")
    pairs["结对高校"] = pairs["结对高校"].str.split("、")
    paired = set(pairs.explode("结对高校").query("高新区 == '南京建邺高新区'")["结对高校"])
    df = achievements()
    text = topic_text(df, ["成果名称", "团队", "领域", "成果简介", "关键词"])
    expected = df[df["高校"].isin(paired) & text.str.contains("储能")]
    result = result_for(question, kb, names)
    assert sorted(r.name for r in result.rows) == sorted(expected["成果名称"])
    assert len(expected) == 2


def test_field_topic(kb, names):
    df = achievements()
    text = topic_text(df, ["成果名称", "团队", "领域", "成果简介", "关键词"])
    result = result_for("有哪些生物医药领域的成果？", kb, names)
    assert len(result.rows) == int(text.str.contains("生物医药").sum())


def test_achievements_grouped_by_field(kb, names):
    df = achievements()
    fields = df["领域"].str.split("/").explode()
    result = result_for("按领域统计成果数量", kb, names)
    assert dict(result.groups) == fields.value_counts().to_dict()


def test_demands_in_a_zone(kb, names):
    dm = frame("demands.csv")
    result = result_for("镇江高新区有几个企业需求？", kb, names)
    assert len(result.rows) == int((dm["所在高新区"] == "镇江高新区").sum())


def test_teams_by_university_use_the_override_mapped_columns(kb, names):
    result = result_for("How many teams are there by university?", kb, names)
    assert dict(result.groups) == frame("teams.csv")["依托高校"].value_counts().to_dict()


def test_a_domain_word_no_row_has_gives_zero(kb, names):
    result = result_for("有多少项量子成果？", kb, names)
    assert result.rows == []
    assert "共 0 条" in answer_catalog_question("有多少项量子成果？", kb).answer


# --- answer text ---------------------------------------------------------------------------------
def test_long_lists_say_how_many_more(kb):
    total = len(achievements())
    answer = answer_catalog_question("列出所有成果", kb)
    assert f"共 {total} 条" in answer.answer
    assert f"……另有 {total - MAX_LISTED} 条未列出。" in answer.answer
    assert len(answer.citations) == MAX_LISTED


def test_english_question_english_framing(kb):
    answer = answer_catalog_question(
        "How many instruments are in the Wuxi High-tech Zone sharing list?", kb)
    assert answer.answer.startswith("Counted over the indexed catalog rows")
    assert "4 equipment row(s) match, 4 of them sample data" in answer.answer
    assert "zone = 无锡高新区" in answer.answer


def test_pairing_questions_are_handed_to_the_pairing_lists(kb):
    answer = answer_catalog_question("南京建邺高新区和哪些高校结对？", kb)
    assert "南京工程学院（证据：confirmed）" in answer.answer


# --- what is not a catalog computation -----------------------------------------------------------
@pytest.mark.parametrize("question", [
    "首批“双高协同”试点一共有多少个高新区、多少所高校,结成了多少个对子?覆盖几个设区市?",
    "专利技术成果转化率翻番的目标是哪年?",
    "苏州高新区和结对高校搞了多少个创新联合体?配了多大的成果转化基金?",
    "Besides the shared instruments, what else is in Wuxi HTZ's three lists — how many "
    "enterprise technology demands and how many university patents available for transfer?",
    "那里有多少台设备？",
    "How many items do those two lists contain respectively?",
    "省教育厅出台了多少条支持试点高校的举措?",
    "实施意见的文号是什么？",
])
def test_not_catalog_questions(kb, question):
    assert answer_catalog_question(question, kb) is None


def test_phrasing_words_do_not_filter(kb):
    query = parse("我们公司在无锡高新区,想借用高校的大型仪器做检测。"
                  "无锡高新区双高协同的共享设备清单里大概有多少台(套)?", kb)
    assert query.kinds == ["equipment"] and query.zones == ["无锡高新区"]
    assert query.topics == []


def test_kind_not_indexed_is_left_to_retrieval(tmp_path):
    kb = build_kb(tmp_path, files=("pairings.csv",))
    assert answer_catalog_question("无锡高新区有多少台设备？", kb) is None


# --- any schema, reported figures ----------------------------------------------------------------
def test_any_schema_with_an_override(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    table = pd.DataFrame({
        "仪器": ["电镜", "质谱仪", "测序仪", "光谱仪"],
        "归属": ["江南大学", "江南大学", "东南大学", "南京大学"],
        "园区位置": ["无锡高新区", "江阴高新区", "无锡高新区", "盐城环保高新区"],
        "出处": [SAMPLE, "报道", SAMPLE, SAMPLE],
    })
    table.to_csv(data / "仪器清单.csv", index=False)
    override = {"仪器": "name", "归属": "org", "园区位置": "zone", "出处": "source"}
    (data / "仪器清单.csv.schema.json").write_text(json.dumps(override, ensure_ascii=False))
    kb = build_kb(tmp_path, files=("仪器清单.csv",), directory=data)
    answer = answer_catalog_question("无锡高新区有多少台仪器？", kb)
    expected = table[table["园区位置"] == "无锡高新区"]
    samples = int((expected["出处"] == SAMPLE).sum())
    assert f"共 {len(expected)} 条，其中示例数据 {samples} 条" in answer.answer


def test_figures_reported_in_documents_are_quoted(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    shutil.copy(FIXTURE_DIR / "equipment.csv", data / "equipment.csv")
    (data / "news.md").write_text(
        "# 无锡高新区双高协同推进情况\n\n无锡高新区建立三张清单。"
        "清单规模：企业技术需求100项，可供转化的高校专利5151项，开放共享的大型仪器设备500台（套）。\n",
        encoding="utf-8")
    kb = build_kb(tmp_path, files=("equipment.csv", "news.md"), directory=data)
    answer = answer_catalog_question("无锡高新区共享清单里有多少台设备？", kb)
    assert "资料中报道的相关数字" in answer.answer and "500台（套）" in answer.answer
    # the reported figure leads; the indexed rows may be a sample of the real list
    assert answer.answer.index("500台（套）") < answer.answer.index("按已索引的清单行计算")
    news = [c for c in answer.citations if c.source == "news.md"]
    assert len(news) == 1 and "500台（套）" in news[0].snippet
    # Without a place the figure could be about anywhere: not quoted.
    assert "500台" not in answer_catalog_question("按城市统计设备数量", kb).answer


def test_platforms_are_counted_apart_from_instruments(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    pd.DataFrame({"设备名称": ["冻干机", "离心机"], "所在高新区": ["无锡高新区"] * 2}).to_csv(
        data / "仪器设备.csv", index=False)
    pd.DataFrame({"平台名称": ["中试基地"], "所在高新区": ["无锡高新区"]}).to_csv(
        data / "平台载体.csv", index=False)
    kb = build_kb(tmp_path, files=("仪器设备.csv", "平台载体.csv"), directory=data)
    assert "共 2 条" in answer_catalog_question("无锡高新区有多少台设备？", kb).answer
    platforms = answer_catalog_question("无锡高新区有多少个平台载体？", kb).answer
    assert "共 1 条" in platforms and "中试基地" in platforms
    # "平台" alone is a policy word: not a question about catalog rows
    assert answer_catalog_question("到2027年共建平台多少个？", kb) is None
    assert answer_catalog_question("到2027年建设孵化载体多少个？", kb) is None
