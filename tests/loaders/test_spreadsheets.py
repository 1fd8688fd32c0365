"""Workbooks other than a plain xlsx: legacy .xls, .ods, and zipped sheets built to explode."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from assistant.errors import LoadError
from assistant.loaders import load_file

UNIVERSITIES = [
    ["全国普通高等学校名单", None, None, None],
    ["序号", "学校名称", "主管部门", "建校年份"],
    ["华东地区（2所）", None, None, None],
    [1, "南京大学", "教育部", 1902],
    [2, "苏州大学", "江苏省", 1900],
    ["华北地区（1所）", None, None, None],
    [3, "北京大学", "教育部", 1898],
]


def test_xls_reads_like_xlsx_with_title_header_and_section_rows(make_xls, settings):
    merges = {"名单": [(0, 0, 0, 3), (2, 2, 0, 3), (5, 5, 0, 3)]}
    path = make_xls({"名单": UNIVERSITIES}, merges, name="高校名单.xls")
    docs = load_file(path, "catalogs/高校名单.xls", settings)
    assert [d.locator for d in docs] == ["名单 第4行", "名单 第5行", "名单 第7行"]
    assert docs[0].text == (
        "分组：华东地区（2所）；序号：1；学校名称：南京大学；主管部门：教育部；建校年份：1902"
    )
    assert docs[0].title == "全国普通高等学校名单"
    assert docs[2].metadata["group"] == "华北地区（1所）"
    assert all(d.is_record and d.doc_type == "catalog" for d in docs)


def test_xls_dates_and_several_sheets(make_xls, settings):
    path = make_xls({"成果": [["名称", "日期"], ["成果A", 45000.0]], "需求": [["名称"], ["需求A"]]})
    docs = load_file(path, "catalog.xls", settings)
    assert [d.locator for d in docs] == ["成果 第2行", "需求 第2行"]
    assert docs[0].title == "catalog · 成果"


def test_ods_reads_like_xlsx_and_section_rows_group_without_merges(make_ods, settings):
    path = make_ods({"名单": UNIVERSITIES}, name="高校名单.ods")
    docs = load_file(path, "高校名单.ods", settings)
    assert [d.locator for d in docs] == ["名单 第4行", "名单 第5行", "名单 第7行"]
    assert [d.metadata["group"] for d in docs] == ["华东地区（2所）"] * 2 + ["华北地区（1所）"]


@pytest.mark.parametrize("name", ["broken.xls", "broken.ods"])
def test_corrupt_workbooks_are_malformed(tmp_path, settings, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook" * 20)
    with pytest.raises(LoadError, match=r"^malformed spreadsheet: "):
        load_file(path, name, settings)


def _sheet_xml(rows: int, numbered: bool = True) -> bytes:
    """A sheet of `rows` one-cell rows; unnumbered rows repeat byte for byte, as a bomb's do."""
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>成果</t></is></c></row>'
    if not numbered:
        row = '<row><c t="inlineStr"><is><t>成果</t></is></c></row>'
    body = "".join(row.format(n=n) for n in range(1, rows + 1))
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def _with_sheet(path, xml: bytes):
    """Replace the first sheet of an xlsx with `xml`, compressed as hard as deflate can."""
    with zipfile.ZipFile(path) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


@pytest.fixture
def never_opened(monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr(openpyxl, "load_workbook", never)


def test_a_member_that_inflates_too_far_is_a_zip_bomb(make_xlsx, settings, never_opened):
    bomb = _sheet_xml(40_000, numbered=False)
    path = _with_sheet(make_xlsx({"清单": [["名称"], ["成果"]]}), bomb)
    with pytest.raises(LoadError, match=r"sheet1\.xml expands \d+× .*limit 100×.*zip bomb"):
        load_file(path, "bomb.xlsx", settings)


def test_rows_are_counted_while_streaming_and_counting_stops_at_the_limit(
    make_xlsx, settings, never_opened
):
    path = _with_sheet(make_xlsx({"清单": [["名称"], ["成果"]]}), _sheet_xml(500))
    with pytest.raises(LoadError, match=r"^too many rows \(more than the limit of 100\)$"):
        load_file(path, "long.xlsx", settings.with_overrides(max_catalog_rows=100))


def test_a_row_spread_over_many_repeated_columns_is_refused(tmp_path, settings):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table, row = Table(name="宽"), TableRow()
    wide = TableCell(valuetype="string", numbercolumnsrepeated=50_000)
    wide.addElement(P(text="值"))
    row.addElement(wide)
    table.addElement(row)
    document.spreadsheet.addElement(table)
    path = tmp_path / "wide.ods"
    document.save(str(path))
    with pytest.raises(LoadError, match=r"^too many columns \(50000 > limit 1000"):
        load_file(path, "wide.ods", settings)


def test_date_cells_read_as_iso_dates(make_xlsx, settings):
    path = make_xlsx({"清单": [["名称", "日期"], ["成果A", dt.date(2025, 7, 4)]]})
    [doc] = load_file(path, "catalog.xlsx", settings)
    assert doc.text == "名称：成果A；日期：2025-07-04"
