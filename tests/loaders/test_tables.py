"""Reading a sheet's layout: headers, section rows, tables without a header, malformed rows."""

from __future__ import annotations

from assistant.loaders.tables import Grid, Merge, dedupe, read_table

UNIVERSITIES = [
    ["全国高校名单", None, None, None],
    ["序号", "学校名称", "主管部门", "所在地"],
    ["华东地区（2所）", None, None, None],
    [1, "南京大学", "教育部", "南京市"],
    [2, "苏州大学", "江苏省", "苏州市"],
    ["华北地区（1所）", None, None, None],
    [3, "北京大学", "教育部", "北京市"],
    ["注：按地区排列", None, None, None],
]


def _grid(rows, merges=()):
    return Grid("名单", rows, list(range(1, len(rows) + 1)), list(merges))


def test_section_rows_become_the_group_of_the_rows_below():
    merges = [Merge(0, 0, 0, 3), Merge(2, 2, 0, 3), Merge(5, 5, 0, 3)]
    table = read_table(_grid(UNIVERSITIES, merges))
    assert table.title == "全国高校名单"
    assert table.headers == ["序号", "学校名称", "主管部门", "所在地"]
    assert [n for n, _ in table.rows] == [4, 5, 7, 8]
    assert table.groups == {4: "华东地区（2所）", 5: "华东地区（2所）", 7: "华北地区（1所）"}
    # a closing note has no rows under it: it stays a row, so its text is not lost
    assert table.rows[-1][1][0] == "注：按地区排列"


def test_one_cell_rows_of_a_sparse_list_stay_rows():
    rows = [["名称", "备注"], ["成果A", None], ["成果B", None], ["成果C", "已转化"]]
    table = read_table(_grid(rows))
    assert table.groups == {} and len(table.rows) == 3


def test_a_table_without_header_gets_generic_column_names():
    rows = [["南京大学", "32.05", "118.78"], ["苏州大学", "31.30", "120.64"]]
    table = read_table(_grid(rows))
    assert table.headers == ["列1", "列2", "列3"]
    assert [n for n, _ in table.rows] == [1, 2]


def test_shifted_rows_of_a_ragged_file_are_left_out_and_listed():
    good = [[f"学院{i}", f"3{i % 10}.5", f"11{i % 10}.2", ""] for i in range(30)]
    campus = [[f"大学{i}", "东校区", f"3{i % 10}.1", f"12{i % 10}.3", ""] for i in range(30)]
    shifted = ["某大学", "30.1", "（本部）", "120.3", ""]
    rows = [*good, *campus, shifted]
    table = read_table(_grid(rows), check_shape=True)
    assert table.malformed == [61]
    assert len(table.rows) == 60


def test_values_beyond_the_header_make_a_row_malformed():
    rows = [["名称", "高校"], ["成果A", "南京大学"], ["成果B", "苏州大学", "多余"]]
    table = read_table(_grid(rows), check_shape=True)
    assert table.malformed == [3] and [n for n, _ in table.rows] == [2]


def test_text_in_a_number_column_of_a_regular_file_is_data():
    rows = [["名称", "价格"], *[[f"设备{i}", str(i)] for i in range(30)], ["设备X", "面议"]]
    table = read_table(_grid(rows), check_shape=True)
    assert table.malformed == [] and len(table.rows) == 31


def test_repeated_header_names_are_made_unique():
    names = ["名称", "", "名称", "名称_2", "名称"]
    assert dedupe(names) == ["名称", "列2", "名称_2", "名称_2_2", "名称_3"]
    many = dedupe(["列"] * 4000)
    assert len(set(many)) == 4000 and many[-1] == "列_4000"


def test_a_header_with_a_year_among_its_names_is_still_a_header():
    rows = [["名称", "高校", "2024"], ["成果A", "南京大学", 12], ["成果B", "苏州大学", 8]]
    table = read_table(_grid(rows))
    assert table.headers == ["名称", "高校", "2024"] and len(table.rows) == 2
