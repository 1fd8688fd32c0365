"""Pairing index and pairing questions, over the catalog fixture's pairings.csv."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from assistant.catalog.pairings import PairingIndex, evidence_weight
from assistant.catalog.render import pairing_answer
from assistant.catalog.rows import Names
from assistant.documents import Chunk
from tests.catalog.fixture import FIXTURE_DIR, build_kb
from tests.catalog.fixture import catalog_route_answer as answer_pairing_question


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return build_kb(tmp_path_factory.mktemp("pairings"))


@pytest.fixture(scope="module")
def index(kb):
    return kb.pairings()


def pairing_row(zone: str, university: str, evidence: str = "confirmed",
                source: str = "报道", row: int = 1) -> Chunk:
    columns = {"高新区": zone, "结对高校": university, "证据等级": evidence, "来源": source}
    return Chunk(id=f"p{row}-{zone}-{university}-{source}", source="pairs.csv", title="pairs",
                 doc_type="catalog", text="；".join(f"{k}：{v}" for k, v in columns.items()),
                 locator=f"第{row}行",
                 metadata={"columns": json.dumps(columns, ensure_ascii=False), "zone": zone,
                           "university": university, "evidence": evidence, "source": source,
                           "sample": source == "示例数据", "catalog_kind": "pairing"})


def test_counts_per_zone_equal_pandas_over_the_file(index):
    frame = pd.read_csv(FIXTURE_DIR / "pairings.csv")
    frame["结对高校"] = frame["结对高校"].str.split("、")
    expected = frame.explode("结对高校").groupby("高新区")["结对高校"].nunique().to_dict()
    found = {zone: len(index.universities_of(zone)) for zone in index.zones()}
    assert found == expected


def test_zone_to_universities_and_back(index):
    assert [p.university for p in index.universities_of("南京建邺高新区")] == ["南京工程学院"]
    assert {p.zone for p in index.zones_of("南京工程学院")} == {"南京建邺高新区", "宿迁高新区"}
    # One cell naming two universities gives two pairings.
    universities = {p.university for p in index.universities_of("扬州高新区")}
    assert universities == {"扬州大学", "南京农业大学"}


def test_short_and_english_zone_names_resolve(index):
    assert index.resolve_zone("建邺") == "南京建邺高新区"
    assert index.resolve_zone("Zhenjiang High-tech Zone") == "镇江高新区"
    assert index.find("建邺", "南京工程学院").evidence == "confirmed"
    assert index.find("镇江高新区", "南京工程学院") is None


def test_stronger_evidence_is_listed_first(index):
    levels = [p.evidence for p in index.universities_of("无锡高新区")]
    assert levels == ["confirmed", "unconfirmed"]


@pytest.mark.parametrize(
    ("level", "weight"),
    [("confirmed", 1.0), ("reported", 0.75), ("unconfirmed", 0.5), ("未确认", 0.5), ("", 0.5)],
)
def test_evidence_weight(level, weight):
    assert evidence_weight(level) == weight


def test_duplicate_pairings_keep_the_strongest_and_sourced_row():
    rows = [
        pairing_row("无锡高新区", "江南大学", "unconfirmed", row=1),
        pairing_row("无锡高新区", "江南大学", "confirmed", source="示例数据", row=2),
        pairing_row("无锡高新区", "江南大学", "confirmed", row=3),
    ]
    (pairing,) = PairingIndex.from_rows(rows).pairings
    assert pairing.evidence == "confirmed"
    assert pairing.row.locator == "第3行"


def test_placeholder_cells_are_not_universities():
    index = PairingIndex.from_rows([pairing_row("苏州高新区", "3所高校，名单未公布")])
    assert len(index) == 0


def test_without_an_entity_index_names_still_resolve_by_their_stem():
    index = PairingIndex.from_rows(
        [pairing_row("南通高新区", "南通大学"), pairing_row("南通市北高新区", "南通理工学院")],
        Names(None),
    )
    assert index.resolve_zone("南通") == "南通高新区"
    assert index.resolve_zone("市北") == "南通市北高新区"


def test_answer_lists_universities_with_evidence_and_cites_rows(kb):
    answer = answer_pairing_question("南京建邺高新区和哪些高校结对？", kb)
    assert answer is not None
    assert "南京工程学院（证据：confirmed）[1]" in answer.answer
    assert "共 1 所" in answer.answer
    (cite,) = answer.citations
    assert cite.source == "pairings.csv" and "南京工程学院" in cite.snippet
    assert not cite.sample


def test_answer_for_a_university_lists_its_zones(kb):
    answer = answer_pairing_question("南京工程学院与哪些高新区结对？", kb)
    assert "南京建邺高新区" in answer.answer and "宿迁高新区" in answer.answer
    assert len(answer.citations) == 2


def test_english_answer_marks_sample_rows(kb):
    answer = answer_pairing_question("Which universities is Zhenjiang High-tech Zone paired with?",
                                     kb)
    assert answer.answer.startswith("镇江高新区 is paired with 3 universities")
    assert "(evidence: confirmed) [sample]" in answer.answer
    assert all(c.sample for c in answer.citations)
    assert "demonstration data" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "扬州高新区的双高协同结对高校是哪几所?聚焦什么领域?",  # asks more than the pairing
        "它和哪个高新区结对？",  # a follow-up: needs the conversation
        "南京建邺高新区有哪些政策？",  # not about pairings
        "常州高新区和哪些高校结对？",  # no pairing row for this zone: let retrieval answer
    ],
)
def test_questions_left_to_retrieval(kb, question):
    assert answer_pairing_question(question, kb) is None


def test_whole_list_when_no_name_is_given(index):
    answer = pairing_answer("有哪些结对关系？", index, "zh")
    assert answer.answer.startswith("已索引的结对清单中的结对关系")
    assert "南京工程学院" in answer.answer and "江苏理工学院" in answer.answer


def test_names_come_from_the_kb_entity_index(kb):
    names = kb.names()
    assert names.canonical("建邺", "zone") == "南京建邺高新区"
    assert names.canonical("南京医科大学（生物医药公共实验平台）", "university") == "南京医科大学"
