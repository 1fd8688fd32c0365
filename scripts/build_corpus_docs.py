"""Build the PDF and DOCX documents of the shipped corpus from their Markdown sources.

Real policy documents arrive as PDF and DOCX, so the shipped corpus carries one of each; they are
generated from Markdown kept in scripts/corpus_src/ (outside the indexed tree, so nothing is
indexed twice). Output is byte-for-byte deterministic: running the script again on unchanged
sources rewrites identical files, and re-ingesting them is a no-op.

Usage:  .venv/bin/python scripts/build_corpus_docs.py [--src DIR] [--out DIR]

Needs reportlab, python-docx, pypdf, PyYAML and the Debian font package fonts-wqy-zenhei
(reportlab embeds TrueType outlines only; Noto CJK has PostScript outlines and cannot be used).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

REPO = Path(__file__).resolve().parent.parent
FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT_NAME = "WenQuanYiZenHei"
FIXED_TIME = dt.datetime(2026, 11, 1, 0, 0, 0)  # document timestamps, fixed for determinism

# (Markdown source in --src, output file in --out, format)
TARGETS: tuple[tuple[str, str, str], ...] = (
    ("实施意见_苏政办发2025-28号.md", "policies/实施意见_苏政办发2025-28号.pdf", "pdf"),
    ("政策指南清单_2025-09-10.md", "policies/政策指南清单_2025-09-10.docx", "docx"),
)


# ---------------------------------------------------------------- Markdown model


@dataclass
class Block:
    """One visual block: a heading (level 0 = title … 3), paragraph, bullet, quote or table."""

    kind: str  # "heading" | "para" | "bullet" | "quote" | "table"
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class MarkdownDoc:
    meta: dict[str, object]
    blocks: list[Block]


def read_markdown(path: Path) -> MarkdownDoc:
    """Split YAML front matter from the body and parse the small Markdown subset we write.

    Hand-written on purpose: the sources use only headings, paragraphs, "- " bullets, "> " notes
    and pipe tables, and a full Markdown library would add a dependency for nothing.
    """
    raw = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", raw, re.S)
    if not match:
        raise ValueError(f"{path}: missing YAML front matter")
    meta = yaml.safe_load(match.group(1)) or {}
    return MarkdownDoc(meta=meta, blocks=_parse_body(raw[match.end():].splitlines()))


def _parse_body(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    table: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                table.append(cells)
            continue
        if table:
            blocks.append(Block("table", rows=table))
            table = []
        if not stripped:
            continue
        heading = re.match(r"^(#{1,4})\s+(.*)$", stripped)
        if heading:
            blocks.append(Block("heading", heading.group(2), level=len(heading.group(1)) - 1))
        elif stripped.startswith("- "):
            blocks.append(Block("bullet", stripped[2:]))
        elif stripped.startswith(">"):
            blocks.append(Block("quote", stripped.lstrip("> ")))
        else:
            blocks.append(Block("para", stripped))
    if table:
        blocks.append(Block("table", rows=table))
    return blocks


def _meta_str(meta: dict[str, object], key: str) -> str:
    value = meta.get(key, "")
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value or "")


# ---------------------------------------------------------------- PDF


def build_pdf(doc: MarkdownDoc, out: Path) -> None:
    """Render with reportlab: embedded CJK font, CJK line breaking, page numbers, metadata."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))

    def style(name: str, size: float, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=FONT_NAME, fontSize=size, leading=size * 1.6,
                              wordWrap="CJK", **kw)

    styles = {
        ("heading", 0): style("title", 17, alignment=1, spaceAfter=10),
        ("heading", 1): style("h1", 14, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        ("heading", 2): style("h2", 12.5, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        ("heading", 3): style("h3", 11.5, spaceBefore=4, spaceAfter=2, keepWithNext=1),
        "para": style("body", 11, firstLineIndent=22, spaceAfter=4),
        "bullet": style("bullet", 11, leftIndent=22, spaceAfter=2),
        "quote": style("quote", 10, leftIndent=12, rightIndent=12, textColor=colors.HexColor(
            "#444444"), borderColor=colors.HexColor("#999999"), borderWidth=0.5,
            borderPadding=6, spaceBefore=4, spaceAfter=10),
        "cell": style("cell", 9.5),
    }
    flow: list[object] = []
    for block in doc.blocks:
        if block.kind == "table":
            data = [[Paragraph(escape(c), styles["cell"]) for c in row] for row in block.rows]
            table = Table(data, repeatRows=1, hAlign="LEFT")
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            flow += [table, Spacer(1, 6)]
            continue
        key = ("heading", block.level) if block.kind == "heading" else block.kind
        text = f"• {block.text}" if block.kind == "bullet" else block.text
        flow.append(Paragraph(escape(text), styles[key]))

    def footer(canvas: object, template: object) -> None:
        canvas.saveState()
        canvas.setFont(FONT_NAME, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {canvas.getPageNumber()} —")
        canvas.restoreState()

    meta = doc.meta
    template = BaseDocTemplate(
        str(out), pagesize=A4, title=_meta_str(meta, "title"), author=_meta_str(meta, "issuer"),
        subject=_meta_str(meta, "doc_number"), keywords=_meta_str(meta, "sources"),
        creator="scripts/build_corpus_docs.py", invariant=True,
    )
    margin = 25 * mm
    frame = Frame(margin, margin, A4[0] - 2 * margin, A4[1] - 2 * margin, id="body")
    # Drawn when the page ends, so text extraction yields the number after the page's text.
    template.addPageTemplates([PageTemplate("page", [frame], onPageEnd=footer)])
    template.build(flow)


# ---------------------------------------------------------------- DOCX


def build_docx(doc: MarkdownDoc, out: Path) -> None:
    """Render with python-docx: Title + Heading 1/2/3 styles, real tables, core properties."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Quote"):
        rpr = document.styles[name].element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")  # Word picks a CJK face
    for block in doc.blocks:
        if block.kind == "heading":
            document.add_paragraph(block.text, style="Title" if block.level == 0
                                   else f"Heading {block.level}")
        elif block.kind == "table":
            _docx_table(document, block.rows)
        else:
            style = {"para": None, "bullet": "List Bullet", "quote": "Quote"}[block.kind]
            document.add_paragraph(block.text, style=style)
    props = document.core_properties
    props.title = _meta_str(doc.meta, "title")
    props.author = props.last_modified_by = _meta_str(doc.meta, "issuer")
    props.subject = _meta_str(doc.meta, "doc_number")
    props.keywords = "双高协同"
    props.comments = "来源：" + _meta_str(doc.meta, "sources")
    props.category = _meta_str(doc.meta, "doc_type")
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    out.write_bytes(_freeze_zip(buffer.getvalue()))


def _docx_table(document: object, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for cell in table.rows[0].cells:  # header row in bold, as in printed lists
        for run in cell.paragraphs[0].runs:
            run.bold = True


def _freeze_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps: python-docx stamps the current time."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            frozen = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            frozen.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(frozen, src.read(info.filename))
    return buffer.getvalue()


# ---------------------------------------------------------------- checks


def check_pdf(doc: MarkdownDoc, out: Path) -> str:
    """Extract text with pypdf and confirm every heading and table cell came through intact."""
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    pages = [page.extract_text() or "" for page in reader.pages]
    squashed = re.sub(r"\s+", "", "".join(pages))
    missing = [b.text for b in doc.blocks
               if b.kind == "heading" and re.sub(r"\s+", "", b.text) not in squashed]
    if missing:
        raise SystemExit(f"{out}: headings not extractable: {missing}")
    for number, text in enumerate(pages, start=1):
        if f"— {number} —" not in text or not re.search(r"[\u4e00-\u9fff]{4}", text):
            raise SystemExit(f"{out}: page {number} lacks Chinese text or its page number")
    if reader.metadata.title != _meta_str(doc.meta, "title"):
        raise SystemExit(f"{out}: PDF title metadata not set")
    return f"{len(pages)} pages, {len(squashed)} characters extracted"


def check_docx(doc: MarkdownDoc, out: Path) -> str:
    """Reopen the DOCX and confirm headings carry heading styles and tables survived."""
    import docx

    document = docx.Document(str(out))
    styled = {p.text: p.style.name for p in document.paragraphs}
    for block in doc.blocks:
        want = "Title" if block.level == 0 else f"Heading {block.level}"
        if block.kind == "heading" and styled.get(block.text) != want:
            raise SystemExit(f"{out}: heading {block.text!r} lacks style {want}")
    if not document.tables:
        raise SystemExit(f"{out}: no table written")
    return f"{len(document.paragraphs)} paragraphs, {len(document.tables)} tables"


# ---------------------------------------------------------------- main


def build(src_dir: Path, out_dir: Path) -> list[str]:
    """Build every target; return one summary line per file."""
    if not FONT_PATH.exists():
        raise SystemExit(f"{FONT_PATH} missing: apt-get install -y fonts-wqy-zenhei")
    lines = []
    for source, target, kind in TARGETS:
        doc = read_markdown(src_dir / source)
        out = out_dir / target
        out.parent.mkdir(parents=True, exist_ok=True)
        if kind == "pdf":
            build_pdf(doc, out)
            summary = check_pdf(doc, out)
        else:
            build_docx(doc, out)
            summary = check_docx(doc, out)
        lines.append(f"{out}: {summary}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=REPO / "scripts" / "corpus_src")
    parser.add_argument("--out", type=Path, default=REPO / "corpus")
    args = parser.parse_args(argv)
    for line in build(args.src, args.out):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
