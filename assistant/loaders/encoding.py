"""Decode text files whose encoding nobody declared: UTF-8 (with or without BOM) or GB18030/GBK."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from assistant.errors import LoadError

# Encodings a Chinese user's text or CSV file is realistically in. gb18030 is a superset of GBK
# and GB2312, so one candidate covers all three; big5 for files from Taiwan/Hong Kong. UTF-16
# is recognised by its BOM only: without one, any even-length byte string decodes as UTF-16.
CANDIDATES = ("utf_8", "gb18030", "big5")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer's "chaos" score: above this the best guess is noise, not text.
_MAX_CHAOS = 0.3


def detect_encoding(data: bytes) -> str:
    """BOM first, then strict UTF-8, then charset-normalizer limited to sensible encodings."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise LoadError("unknown text encoding")
    return best.encoding


def decode_bytes(data: bytes) -> str:
    """The text of a file's bytes; LoadError("unknown text encoding") when no candidate fits."""
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise LoadError("unknown text encoding") from exc
