from __future__ import annotations

import codecs
import json

import pytest

from assistant.errors import LoadError
from assistant.loaders import load_file
from assistant.text.split import split_documents

ACHIEVEMENTS = [
    ["2025年高校可转化科技成果清单", None, None, None, None, None],
    ["序号", "成果名称", "所属高校", "联系人", None, "来源"],
    [None, None, None, "姓名", "电话", None],
    [1, "高效钙钛矿光伏组件", "南京大学", "张三", "025-0000", "示例数据"],
    [2.0, "工业机器人视觉检测", "苏州大学", None, None, "苏州大学官网"],
    [None, None, None, None, None, None],
    [3, "柔性传感器", "江南大学", "李四", None, "江南大学官网"],
    [4, "智能制造执行系统", None, "王五", None, "江南大学官网"],
]
# Title banner, a 联系人 group over 姓名/电话, the other headers merged down two rows, and the
# university merged down two data rows.
MERGES = ["A1:F1", "D2:E2", "A2:A3", "B2:B3", "C2:C3", "F2:F3", "C7:C8"]
DEMANDS = [
    ["需求名称", "需求企业", "所在高新区", "拟投入金额"],
    ["高精度视觉检测", "苏州某智能装备公司", "苏州高新区", 50.0],
    ["固态电池电解质", "常州某新能源公司", "常州高新区", 12.5],
]


@pytest.fixture
def workbook(make_xlsx):
    return make_xlsx(
        {"成果清单": ACHIEVEMENTS, "需求清单": DEMANDS}, {"成果清单": MERGES}, name="shuanggao.xlsx"
    )


def test_every_sheet_one_record_per_row_with_excel_row_numbers(workbook, settings):
    docs = load_file(workbook, "catalogs/shuanggao.xlsx", settings)
    assert [d.locator for d in docs] == [
        "成果清单 第4行",
        "成果清单 第5行",
        "成果清单 第7行",
        "成果清单 第8行",
        "需求清单 第2行",
        "需求清单 第3行",
    ]
    assert all(d.is_record and d.doc_type == "catalog" for d in docs)


def test_two_row_header_and_title_row(workbook, settings):
    first = load_file(workbook, "shuanggao.xlsx", settings)[0]
    assert first.text == (
        "序号：1；成果名称：高效钙钛矿光伏组件；所属高校：南京大学；"
        "联系人-姓名：张三；联系人-电话：025-0000；来源：示例数据"
    )
    assert first.title == "2025年高校可转化科技成果清单"
    assert list(json.loads(first.metadata["columns"])) == [
        "序号", "成果名称", "所属高校", "联系人-姓名", "联系人-电话", "来源",
    ]  # fmt: skip


def test_row_metadata_roles_sample_and_kind(workbook, settings):
    docs = load_file(workbook, "shuanggao.xlsx", settings)
    first, second = docs[0], docs[1]
    assert first.metadata["name"] == "高效钙钛矿光伏组件"
    assert first.metadata["university"] == "南京大学"
    assert first.metadata["person"] == "张三"
    assert first.metadata["source"] == "示例数据"
    assert first.metadata["sample"] is True
    assert second.metadata["sample"] is False
    assert first.metadata["catalog_kind"] == "achievement"
    assert (first.metadata["sheet"], first.metadata["row"]) == ("成果清单", 4)
    demand = docs[4]
    assert demand.metadata["catalog_kind"] == "demand"
    assert demand.metadata["zone"] == "苏州高新区"
    assert demand.title == "shuanggao · 需求清单"


def test_a_sheet_name_says_the_kind_before_the_file_name(make_xlsx, settings):
    """A "设备平台共享清单" workbook holds instruments and platforms: a question about
    instruments must not count the platforms."""
    sheets = {"仪器设备": [["设备名称", "所在高新区"], ["冻干机", "无锡高新区"]],
              "平台载体": [["平台名称", "所在高新区"], ["中试基地", "无锡高新区"]],
              "Sheet3": [["名称", "所在高新区"], ["离心机", "无锡高新区"]]}
    path = make_xlsx(sheets, {}, name="设备平台共享清单.xlsx")
    kinds = {d.metadata["name"]: d.metadata["catalog_kind"]
             for d in load_file(path, path.name, settings)}
    assert kinds == {"冻干机": "equipment", "中试基地": "platform", "离心机": "equipment"}
    # a sheet that merely names a platform says nothing of the kind: the file decides
    path = make_xlsx({"技术转移平台": [["成果名称", "所属高校"], ["储能预警", "南京工程学院"]]},
                     {}, name="高校成果清单.xlsx")
    assert load_file(path, path.name, settings)[0].metadata["catalog_kind"] == "achievement"


def test_numbers_lose_trailing_zero_and_empty_values_are_skipped(workbook, settings):
    docs = load_file(workbook, "shuanggao.xlsx", settings)
    assert docs[1].text == (
        "序号：2；成果名称：工业机器人视觉检测；所属高校：苏州大学；来源：苏州大学官网"
    )
    assert docs[4].text.endswith("拟投入金额：50")
    assert docs[5].text.endswith("拟投入金额：12.5")


def test_merged_data_cells_fill_every_row_they_cover(workbook, settings):
    docs = load_file(workbook, "shuanggao.xlsx", settings)
    assert docs[3].metadata["university"] == "江南大学"


def test_records_become_chunks_unchanged(workbook, settings):
    docs = load_file(workbook, "shuanggao.xlsx", settings)
    chunks = split_documents(docs, settings)
    assert [(c.text, c.locator) for c in chunks] == [(d.text, d.locator) for d in docs]
    assert all(c.headings == () for c in chunks)


def test_csv_with_bom_multiline_field_and_line_numbers(tmp_path, settings):
    text = '名称,高校,简介\n成果A,南京大学,"第一行\n第二行"\n\n成果B,苏州大学,简介B\n'
    path = tmp_path / "achievements.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    docs = load_file(path, "achievements.csv", settings)
    assert [d.locator for d in docs] == ["第2行", "第5行"]
    assert docs[0].text == "名称：成果A；高校：南京大学；简介：第一行 第二行"
    assert docs[0].title == "achievements"
    assert docs[0].metadata["sheet"] == ""


def test_gbk_csv_with_semicolons_and_a_title_line(tmp_path, settings):
    text = "2025年企业技术需求\n需求名称;需求企业;所在高新区\n视觉检测;某装备公司;苏州高新区\n"
    path = tmp_path / "demands.csv"
    path.write_bytes(text.encode("gbk"))
    [doc] = load_file(path, "demands.csv", settings)
    assert doc.text == "需求名称：视觉检测；需求企业：某装备公司；所在高新区：苏州高新区"
    assert doc.locator == "第3行"
    assert doc.title == "2025年企业技术需求"


@pytest.mark.parametrize(
    "data",
    [
        [{"名称": "成果A", "高校": "南京大学"}, {"名称": "成果B", "领域": "生物医药"}],
        {"records": [{"名称": "成果A", "高校": "南京大学"}, {"名称": "成果B", "领域": "生物医药"}]},
    ],
    ids=["list", "records"],
)
def test_json_lists_of_objects(tmp_path, settings, data):
    path = tmp_path / "items.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    docs = load_file(path, "items.json", settings)
    assert [d.locator for d in docs] == ["第1条", "第2条"]
    assert docs[1].text == "名称：成果B；领域：生物医药"
    assert docs[1].metadata["field"] == "生物医药"


def test_json_sheets(tmp_path, settings):
    path = tmp_path / "book.json"
    data = {"成果": [{"名称": "成果A"}], "需求": [{"需求名称": "视觉检测"}]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    docs = load_file(path, "book.json", settings)
    assert [d.locator for d in docs] == ["成果 第1条", "需求 第1条"]
    assert docs[1].title == "book · 需求"


def test_json_of_another_shape_is_malformed(tmp_path, settings):
    path = tmp_path / "odd.json"
    path.write_text('{"名称": "成果A"}', encoding="utf-8")
    with pytest.raises(LoadError, match=r"^malformed spreadsheet: JSON must be"):
        load_file(path, "odd.json", settings)


def test_invalid_json_is_malformed(tmp_path, settings):
    path = tmp_path / "bad.json"
    path.write_text('[{"名称": "成果A"', encoding="utf-8")
    with pytest.raises(LoadError, match=r"^malformed spreadsheet: invalid JSON"):
        load_file(path, "bad.json", settings)


def test_xlsx_that_is_not_a_zip_is_malformed(tmp_path, settings):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"name,university\nA,B\n")
    with pytest.raises(LoadError, match=r"^malformed spreadsheet: "):
        load_file(path, "fake.xlsx", settings)


def test_zip_bomb_xlsx_is_refused_before_opening(make_zip_bomb_xlsx, settings, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    path = make_zip_bomb_xlsx(900 * 1024 * 1024)
    with pytest.raises(LoadError, match=r"^xlsx expands to 900 MB uncompressed \(limit 200 MB\)$"):
        load_file(path, "bomb.xlsx", settings)


def test_too_many_rows(make_xlsx, tmp_path, settings):
    small = settings.with_overrides(max_catalog_rows=2)
    path = make_xlsx({"清单": [*DEMANDS, ["多余需求", "某公司", "无锡高新区", 1]]})
    # counted while streaming the sheet, stopping at the limit
    with pytest.raises(LoadError, match=r"^too many rows \(more than the limit of 2\)$"):
        load_file(path, "catalog.xlsx", small)
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text("名称\n" + "成果\n" * 5, encoding="utf-8")
    with pytest.raises(LoadError, match=r"^too many rows \(6 > limit 2\)$"):
        load_file(csv_path, "rows.csv", small)


def test_sheet_with_only_a_header_has_no_rows(make_xlsx, settings):
    path = make_xlsx({"空": [["名称", "高校"]]})
    with pytest.raises(LoadError, match=r"^no data rows found$"):
        load_file(path, "catalog.xlsx", settings)


def test_column_override_beside_the_file(make_xlsx, settings):
    path = make_xlsx({"清单": [["成果", "单位"], ["成果A", "南京大学"]]}, name="list.xlsx")
    path.with_name("list.xlsx.schema.json").write_text('{"成果": "name"}', encoding="utf-8")
    [doc] = load_file(path, "list.xlsx", settings)
    assert doc.metadata["name"] == "成果A"


def test_header_repeated_for_printing_is_not_a_record(tmp_path, settings):
    path = tmp_path / "list.csv"
    path.write_text("名称,高校\n成果A,南京大学\n名称,高校\n成果B,苏州大学\n", encoding="utf-8")
    assert [d.locator for d in load_file(path, "list.csv", settings)] == ["第2行", "第4行"]


def _campus_csv(tmp_path, shifted_lines: int = 2):
    """GBK, no header, rows of two widths, some shifted by an unquoted comma in a value."""
    lines = []
    for i in range(40):
        lines.append(f"学院{i},3{i % 10}.41,11{i % 10}.02,")
        lines.append(f"大学{i},东校区,2{i % 10}.30,10{i % 10}.77,")
    lines[16] = "南开大学,八里台校区,39.109318,）,117.176948,"
    if shifted_lines > 1:
        lines[55] = "新疆医科大学,43.843865,(本部）,87.586063,"
    path = tmp_path / "高校地址.csv"
    path.write_bytes("\n".join(lines).encode("gbk") + b"\n")
    return path


def test_headerless_ragged_csv_is_read_with_generic_columns_and_bad_lines_noted(
    tmp_path, settings
):
    from assistant.loaders.notes import collect_notes

    with collect_notes() as notes:
        docs = load_file(_campus_csv(tmp_path), "高校地址.csv", settings)
    assert notes == ["2 malformed rows skipped (lines 17, 56)"]
    assert len(docs) == 78
    assert docs[0].text == "列1：学院0；列2：30.41；列3：110.02"
    assert docs[0].locator == "第1行"
    assert not any("八里台" in d.text for d in docs)


def test_section_rows_of_a_sheet_become_a_group_column(make_xlsx, settings):
    rows = [
        ["序号", "学校名称", "所在地"],
        ["华东地区（2所）"],
        [1, "南京大学", "南京市"],
        [2, "苏州大学", "苏州市"],
        ["华北地区（1所）"],
        [3, "北京大学", "北京市"],
    ]
    path = make_xlsx({"名单": rows}, {"名单": ["A2:C2", "A5:C5"]}, name="高校名单.xlsx")
    docs = load_file(path, "高校名单.xlsx", settings)
    assert [d.locator for d in docs] == ["名单 第3行", "名单 第4行", "名单 第6行"]
    assert docs[0].text == "分组：华东地区（2所）；序号：1；学校名称：南京大学；所在地：南京市"
    assert [d.metadata["group"] for d in docs] == ["华东地区（2所）"] * 2 + ["华北地区（1所）"]


def test_too_many_columns_is_refused_with_the_setting_to_change(tmp_path, settings):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(50)) + "\n" + ",".join("1" * 50) + "\n")
    with pytest.raises(LoadError, match=r"too many columns \(50 > limit 20; .*MAX_COLUMNS"):
        load_file(path, "wide.csv", settings.with_overrides(max_columns=20))
    assert len(load_file(path, "wide.csv", settings)) == 1


def test_thousands_of_equal_header_cells_get_unique_names(tmp_path, settings):
    path = tmp_path / "dup.csv"
    path.write_text(",".join(["名称"] * 3000) + "\n" + ",".join(["x"] * 3000) + "\n")
    [doc] = load_file(path, "dup.csv", settings.with_overrides(max_columns=5000))
    columns = json.loads(doc.metadata["columns"])
    assert len(columns) == 3000 and "名称_3000" in columns
