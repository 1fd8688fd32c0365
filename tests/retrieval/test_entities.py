"""Recognising zones, universities, cities and enterprises."""

from __future__ import annotations

import json

import pytest

from assistant.retrieval.entities import GAZETTEER_PATH, EntityIndex


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    return EntityIndex()


def _names(index: EntityIndex, text: str) -> list[str]:
    return [e.name for e in index.find(text)]


def test_gazetteer_lists_the_pilot_zones_and_cities() -> None:
    data = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))
    cities = {c["name"] for c in data["cities"]}
    pilots = [z for z in data["zones"] if z["pilot"]]
    assert len(cities) == 13
    assert len(pilots) == 18
    assert all(z["city"] in cities for z in data["zones"])
    assert len(data["universities"]) >= 40


def test_short_zone_alias_resolves_to_the_zone_and_its_city(index: EntityIndex) -> None:
    [entity] = index.find("建邺那边有没有做储能的团队")
    assert (entity.kind, entity.name, entity.alias, entity.city) == (
        "zone", "南京建邺高新区", "建邺", "南京"
    )


def test_county_level_zone_cities(index: EntityIndex) -> None:
    found = {e.name: e.city for e in index.find("常熟高新区、溧阳高新区和南通市北高新区")}
    assert found == {"常熟高新区": "苏州", "溧阳高新区": "常州", "南通市北高新区": "南通"}


def test_wuxi_zone_is_not_jiangyin(index: EntityIndex) -> None:
    assert _names(index, "无锡高新区的企业") == ["无锡高新区"]
    assert _names(index, "江阴的企业和无锡国家高新区") == ["江阴高新区", "无锡高新区"]


def test_longest_university_name_wins(index: EntityIndex) -> None:
    text = "南京工业大学与南京工程学院、南京大学一起申报"
    assert _names(index, text) == ["南京工业大学", "南京工程学院", "南京大学"]
    assert all(e.kind == "university" for e in index.find(text))


def test_english_names_case_insensitive_on_word_boundaries(index: EntityIndex) -> None:
    found = index.find("Is NANJING INSTITUTE OF TECHNOLOGY near the Jianye hi-tech zone?")
    assert [(e.name, e.alias) for e in found] == [
        ("南京工程学院", "NANJING INSTITUTE OF TECHNOLOGY"),
        ("南京建邺高新区", "Jianye hi-tech zone"),
    ]
    assert _names(index, "NJUST labs") == ["南京理工大学"]  # not NJU
    assert _names(index, "a museum visit") == []  # "seu" inside a word is not SEU


def test_traditional_and_full_width_input_is_folded(index: EntityIndex) -> None:
    [entity] = index.find("南京工程學院的實驗室")
    assert entity.name == "南京工程学院"
    assert _names(index, "ＪＩＴＲＩ的项目经理") == ["江苏省产业技术研究院"]


def test_stop_phrases_block_false_matches(index: EntityIndex) -> None:
    assert _names(index, "参加江苏大学生创新大赛") == []
    assert _names(index, "江苏大学的团队") == ["江苏大学"]


def test_each_entity_once_in_order_of_first_mention(index: EntityIndex) -> None:
    names = _names(index, "Wuxi HTZ、无锡高新区、江南大学和无锡高新区")
    assert names == ["无锡高新区", "江南大学"]


def test_enterprise_aliases(index: EntityIndex) -> None:
    found = index.find("林洋储能想找 Jiangnan University 合作")
    assert [(e.kind, e.name) for e in found] == [
        ("enterprise", "江苏林洋储能技术有限公司"),
        ("university", "江南大学"),
    ]


def test_catalog_values_add_new_names_with_their_city() -> None:
    index = EntityIndex()
    added = index.add_catalog_values("enterprise", ["常州某某新能源有限公司", "", None])
    assert added == 1
    [entity] = index.find("常州某某新能源有限公司的需求")
    assert (entity.kind, entity.city) == ("enterprise", "常州")


def test_catalog_cells_with_several_names_are_split() -> None:
    index = EntityIndex()
    index.add_catalog_values("university", ["江南大学、甲乙理工学院"])
    assert "甲乙理工学院" in index.names("university")
    assert index.lookup("甲乙理工学院").kind == "university"


def test_longer_catalog_spelling_becomes_an_alias() -> None:
    index = EntityIndex()
    index.add_catalog_values("university", ["南京工程学院江宁校区"])
    assert index.lookup("南京工程学院江宁校区").name == "南京工程学院"
    assert index.names("university").count("南京工程学院") == 1


def test_catalog_values_do_not_override_curated_aliases() -> None:
    index = EntityIndex()
    assert index.add_catalog_values("enterprise", ["建邺"]) == 0
    assert index.find("建邺")[0].kind == "zone"


def test_org_column_guesses_the_kind() -> None:
    index = EntityIndex()
    index.add_catalog_values("org", ["丙丁职业技术学院", "戊己精密机械有限公司"])
    kinds = {e.name: e.kind for e in index.find("丙丁职业技术学院和戊己精密机械有限公司")}
    assert kinds == {"丙丁职业技术学院": "university", "戊己精密机械有限公司": "enterprise"}


def test_unknown_role_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown catalog role"):
        EntityIndex().add_catalog_values("person", ["张三"])
