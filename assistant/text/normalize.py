"""Text normalisation: a clean display form and a folded form for indexing and matching."""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

import opencc

# Control characters (except \n and \t), zero-width characters, soft hyphen and BOM.
# Control and zero-width characters, and the bidirectional embedding/override/isolate controls
# (U+202A–202E, U+2066–2069): a document could use those to make cited text display in an
# order other than the one that was indexed and quoted.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile(r"\r\n|\r|[\u0085\u2028\u2029\x0b\x0c]")
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")
_INNER_SPACES = re.compile(r"(?<=\S) {2,}")
_LEADING_IDEOGRAPHIC = re.compile(r"^\u3000+", re.MULTILINE)
_TRAILING_SPACES = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")

# Mojibake: UTF-8 bytes that some tool decoded as Windows-1252/Latin-1 ("æ±Ÿè‹\x8f" for
# "江苏") or as GBK ("姹熻嫃" for "江苏"). Covered: whole runs of such characters whose
# round trip (encode with the wrong codec, decode as strict UTF-8) succeeds. Not covered:
# text where bytes were dropped or replaced by "?"/"�" on the way ("锟斤拷" is lost for
# good), and double-encoded text. Hand-written because ftfy only knows the Latin-family
# codecs and would be a dependency for a dozen lines; the strict UTF-8 decode is the check.
_LATIN_RUN = re.compile(
    r"[\x80-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac"
    r"\u2122]{2,}"
)
# Non-ASCII runs long enough that real Chinese text practically never survives the strict
# UTF-8 decode of its GBK bytes (shorter runs would risk "repairing" genuine words).
_GBK_RUN = re.compile(r"[^\x00-\x7f\ufffd]{6,}")
_GBK_MIN_CJK_SHARE = 0.5


def _decode_utf8_prefix(raw: bytes, match: re.Match[str]) -> str | None:
    """Strict UTF-8 decode that tolerates one cut-off character at the end (its bytes were lost).

    The lost character is shown as U+FFFD unless the text already has one right after the run.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        fixed = decoder.decode(raw, final=False)
    except UnicodeDecodeError:
        return None
    cut_off = bool(decoder.getstate()[0])
    if cut_off and not match.string.startswith("\ufffd", match.end()):
        fixed += "\ufffd"
    return fixed


def _latin_bytes(run: str) -> bytes | None:
    """Bytes of a run under Windows-1252, falling back to Latin-1 for its five undefined bytes."""
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out += ch.encode("latin-1")
    return bytes(out)


def _repair_latin_run(match: re.Match[str]) -> str:
    run = match.group(0)
    raw = _latin_bytes(run)
    if raw is None:
        return run
    fixed = _decode_utf8_prefix(raw, match)
    return fixed or run


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _repair_gbk_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        fixed = _decode_utf8_prefix(run.encode("gbk"), match)
    except UnicodeEncodeError:
        return run
    if not fixed:
        return run
    cjk = sum(_is_cjk(ch) for ch in fixed)
    return fixed if cjk / len(fixed) >= _GBK_MIN_CJK_SHARE else run


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text mis-decoded as Windows-1252/Latin-1 or GBK, where the round trip holds."""
    if not text.isascii():
        text = _LATIN_RUN.sub(_repair_latin_run, text)
        text = _GBK_RUN.sub(_repair_gbk_run, text)
    return text


def clean_text(text: str) -> str:
    """Display form: repaired, NFC, no invisible characters, tidy spaces, at most one blank line."""
    text = repair_mojibake(text)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _LEADING_IDEOGRAPHIC.sub("", text)  # Chinese paragraph indent, meaningless on screen
    text = _INNER_SPACES.sub(" ", text)
    text = _TRAILING_SPACES.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def clean_line(text: str) -> str:
    """Display form of a one-line value (a table cell, a title): like clean_text, with every
    whitespace run, line breaks included, turned into one space. Cheaper, for millions of cells."""
    text = unicodedata.normalize("NFC", repair_mojibake(text))
    return " ".join(_INVISIBLE.sub("", text).split())


@cache
def _t2s() -> opencc.OpenCC:
    """One converter per process: building it loads the dictionaries (a few ms)."""
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Index/match form: NFKC (full-width → half-width), traditional → simplified, casefolded."""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).casefold()
