"""Builders for the files users bring: Chinese PDFs, Word files, spreadsheets, saved pages."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@pytest.fixture
def settings() -> Settings:
    return Settings()


def _pdf_bytes(pages: list[list[str]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if not CJK_FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed")
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(CJK_FONT), subfontIndex=0))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("")
    for lines in pages:
        pdf.setFont("WQY", 11)
        y = 800
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """make_pdf(pages, name=, labels=[(first_index, style, start)], title=, password=)."""
    from pypdf import PdfReader, PdfWriter

    def build(
        pages: list[list[str]],
        name: str = "doc.pdf",
        labels: list[tuple[int, str, int]] | None = None,
        title: str | None = None,
        password: str | None = None,
        owner_only: bool = False,
    ) -> Path:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes(pages))))
        for i, (first, style, start) in enumerate(labels or []):
            last = labels[i + 1][0] - 1 if i + 1 < len(labels) else len(pages) - 1
            writer.set_page_label(first, last, style=style, start=start)
        if title:
            writer.add_metadata({"/Title": title})
        if password:
            user = "" if owner_only else password
            writer.encrypt(user_password=user, owner_password=password, algorithm="AES-256")
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            writer.write(handle)
        return path

    return build


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    """make_docx([("heading", level, text) | ("p", text) | ("table", rows)], name=, title=)."""
    import docx

    def build(blocks: list[tuple], name: str = "doc.docx", title: str | None = None) -> Path:
        document = docx.Document()
        if title:
            document.core_properties.title = title
        for block in blocks:
            if block[0] == "heading":
                document.add_heading(block[2], level=block[1])
            elif block[0] == "p":
                document.add_paragraph(block[1])
            else:
                rows = block[1]
                table = document.add_table(rows=len(rows), cols=len(rows[0]))
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        table.cell(r, c).text = value
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(path))
        return path

    return build


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """make_xlsx({sheet: rows}, merges={sheet: ["A1:D1", …]}, name=)."""
    import openpyxl

    def build(
        sheets: dict[str, list[list[object]]],
        merges: dict[str, list[str]] | None = None,
        name: str = "catalog.xlsx",
    ) -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for sheet_name, rows in sheets.items():
            sheet = book.create_sheet(sheet_name)
            for row in rows:
                sheet.append(row)
            for cell_range in (merges or {}).get(sheet_name, []):
                sheet.merge_cells(cell_range)
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return path

    return build


def inflate_declared_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size a zip declares for one member, as a zip bomb would."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_offset = 30 if signature == b"PK\x03\x04" else 46
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset : start + name_offset + len(name)] == name:
                data[start + size_offset : start + size_offset + 4] = struct.pack("<I", size)
            start += 4
    path.write_bytes(bytes(data))


@pytest.fixture
def make_zip_bomb_xlsx(make_xlsx: Callable[..., Path]) -> Callable[[int], Path]:
    """A real xlsx plus a small member that declares `size` bytes uncompressed."""

    def build(size: int) -> Path:
        path = make_xlsx({"清单": [["名称", "高校"], ["成果A", "南京大学"]]}, name="bomb.xlsx")
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("xl/media/filler.bin", b"\0" * 1024)
        inflate_declared_size(path, "xl/media/filler.bin", size)
        return path

    return build


@pytest.fixture
def make_xls(tmp_path: Path) -> Callable[..., Path]:
    """make_xls({sheet: rows}, merges={sheet: [(r1, r2, c1, c2), …]}, name=): Excel 97–2003."""
    import xlwt

    def build(
        sheets: dict[str, list[list[object]]],
        merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
        name: str = "catalog.xls",
    ) -> Path:
        book = xlwt.Workbook(encoding="utf-8")
        for sheet_name, rows in sheets.items():
            sheet = book.add_sheet(sheet_name)
            spans = (merges or {}).get(sheet_name, [])
            starts = {(r1, c1): (r1, r2, c1, c2) for r1, r2, c1, c2 in spans}
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if (r, c) in starts:
                        sheet.write_merge(*starts[(r, c)], value)
                    elif value is not None:
                        sheet.write(r, c, value)
        path = tmp_path / name
        book.save(str(path))
        return path

    return build


@pytest.fixture
def make_ods(tmp_path: Path) -> Callable[..., Path]:
    """make_ods({sheet: rows}, name=): an OpenDocument spreadsheet (LibreOffice, WPS)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value: object) -> TableCell:
        if value is None:
            return TableCell()
        if isinstance(value, (int, float)):
            made = TableCell(valuetype="float", value=value)
        else:
            made = TableCell(valuetype="string")
        made.addElement(P(text=str(value)))
        return made

    def build(sheets: dict[str, list[list[object]]], name: str = "catalog.ods") -> Path:
        document = OpenDocumentSpreadsheet()
        for sheet_name, rows in sheets.items():
            table = Table(name=sheet_name)
            for row in rows:
                table_row = TableRow()
                for value in row:
                    table_row.addElement(cell(value))
                table.addElement(table_row)
            document.spreadsheet.addElement(table)
        path = tmp_path / name
        document.save(str(path))
        return path

    return build
