"""What every loader decides the same way: document type, front matter, fallback titles."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import get_args

import yaml

from assistant.documents import DocType, Scalar
from assistant.phrasing import table
from assistant.text.normalize import clean_text
from assistant.text.pinyin import strip_pinyin

CATALOG_SUFFIXES = frozenset({".csv", ".xlsx", ".xls", ".ods", ".json"})
_FOLDER_TYPES: tuple[tuple[frozenset[str], DocType], ...] = (
    (frozenset({"policies", "policy", "政策"}), "policy"),
    (frozenset({"news", "新闻"}), "news"),
    (frozenset({"catalogs", "catalog"}), "catalog"),
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TITLE_MAX = 80
# Producer prefixes and file suffixes that make a stored title useless
# ("Microsoft Word - 文档1.docx").
_TITLE_JUNK = re.compile(
    r"^(Microsoft (Word|PowerPoint|Excel) - )|\.(docx?|pptx?|xlsx?|wps)$", re.I
)


def infer_doc_type(path: Path, source: str, declared: object = None) -> DocType:
    """Front matter `doc_type` wins; then a folder named policies/news/catalogs; then the suffix."""
    if isinstance(declared, str) and declared.strip().lower() in get_args(DocType):
        return declared.strip().lower()  # type: ignore[return-value]
    parts = {p.lower() for p in Path(source).parent.parts} | {path.parent.name.lower()}
    for names, doc_type in _FOLDER_TYPES:
        if parts & names:
            return doc_type
    return "catalog" if path.suffix.lower() in CATALOG_SUFFIXES else "document"


def _scalar(value: object) -> Scalar | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(_scalar(v)) for v in value if v is not None)
    return json.dumps(value, ensure_ascii=False, default=str)


def split_front_matter(text: str) -> tuple[dict[str, Scalar], str]:
    """(metadata, body) for text that opens with a YAML block between --- lines.

    Text whose leading block is not a YAML mapping is returned whole: a Markdown file may
    legitimately start with a horizontal rule.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    meta = {str(k): v for k, v in ((k, _scalar(v)) for k, v in data.items()) if v is not None}
    return meta, text[match.end() :]


@cache
def _generic_titles() -> frozenset[str]:
    return frozenset(t.casefold() for t in table("documents.toml", "titles.generic"))


def stored_title(title: object) -> str | None:
    """A title stored in a file's properties, unless it is a template's or an editor's
    placeholder ("Word Document", "文档1", "Microsoft Word - 报告.docx" → "报告")."""
    if not isinstance(title, str):
        return None
    cleaned = _TITLE_JUNK.sub("", title.strip()).strip()
    folded = re.sub(r"\d+$", "", cleaned).strip().casefold()
    return None if not cleaned or folded in _generic_titles() else cleaned


def first_line(text: str) -> str:
    """The first non-empty line, cut to a title's length."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:_TITLE_MAX]
    return ""


def pick_title(*candidates: object) -> str:
    """The first candidate that is a non-empty string (callers end with the file stem)."""
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return " ".join(candidate.split())[:_TITLE_MAX]
    return ""


def prose_text(raw: str) -> str:
    """Display text of a document body: cleaned (see clean_text), pronunciation notes removed."""
    return clean_text(strip_pinyin(raw))
