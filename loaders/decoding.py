"""Bytes scraped from the web -> text, repaired only where the repair is sure.

What arrives as an "article" is sometimes not one: a binary file, an HTML
page, RDF or JSON data, text in Windows-1258, or UTF-8 that was once read as
Windows-1252 and saved again ("Táº¡i" for "Tại", mojibake). `decode_bytes`
returns the text and a note on what was repaired, or raises `DecodeError`
with the reason. It never guesses: a repair is made only when it is exact
(the whole text round-trips) and the result reads as Vietnamese.

HTML pages are refused rather than text-extracted: a page's menus, captions
and footers would become "facts", and evidence offsets must refer to the
article text itself. Save the article's text, then load that.
RDF and JSON (JSON-LD) are refused too, so nothing here ever parses them,
expands an external entity or fetches a remote context.
"""
from __future__ import annotations

import codecs
import json
import re
import unicodedata

# Unicode category Cc (C0 and C1 controls) but tab, newline, CR and form
# feed: a regex counts them a hundred times faster than a loop over characters.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

# Vietnamese letters beyond ASCII, in NFC; a text whose non-ASCII letters are
# all of these reads as Vietnamese.
_VI_LOWER = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
             "ùúủũụưừứửữựỳýỷỹỵ")
VIETNAMESE_LETTERS = frozenset(_VI_LOWER + _VI_LOWER.upper())

# How bytes 0x80-0xBF look once UTF-8 is misread as Windows-1252 (or as
# Latin-1, where 0x80-0x9F become C1 controls): the continuation bytes.
_CONT = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)}
                       | {chr(b) for b in range(0x80, 0xC0)}))
_CONT_CLASS = "[" + re.escape(_CONT) + "]"
# A misread Vietnamese letter: a UTF-8 lead byte shown as Ã Ä Å Æ (two-byte
# letters: à ă đ ơ ư ...) or á (0xE1, the three-byte Ạ..ỹ block) followed by
# continuation bytes. Genuine Vietnamese text never has these pairs.
_MOJIBAKE = re.compile(f"[\u00c3\u00c4\u00c5\u00c6]{_CONT_CLASS}|\u00e1[\u00ba\u00bb]{_CONT_CLASS}")

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(\s[^<>]*)?/?>")
_HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_MAGIC = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document"), (b"RIFF", "a media file"),
)
# Minimum share of words carrying a Vietnamese letter for a Windows-1258
# reading to count as sure (real articles: 40-60 %).
_MIN_VI_WORDS = 0.15


class DecodeError(ValueError):
    """Bytes that are not a readable text article; the message is the reason."""


def decode_bytes(raw: bytes) -> tuple[str, str | None]:
    """The text of `raw` and a note on any repair made (None when none was)."""
    if not raw.strip():
        raise DecodeError("empty file")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise DecodeError(f"binary file ({what}), not a text article")
    note = None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A byte-order mark makes UTF-16 certain.
        try:
            text, note = raw.decode("utf-16"), "decoded from UTF-16 (byte-order mark)"
        except UnicodeDecodeError:
            raise DecodeError("starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    elif b"\x00" in raw[:65536]:
        raise DecodeError("binary file (NUL bytes), not a text article")
    else:
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            text, note = _from_windows_1258(raw, e)
        else:
            text, note = _unmojibake(text)
    _refuse_non_article(text)
    return text, note


def _from_windows_1258(raw: bytes, err: UnicodeDecodeError) -> tuple[str, str]:
    """Invalid UTF-8: accept it as Windows-1258 only when that reading is
    clean Vietnamese; otherwise refuse, naming the first bad byte."""
    where = f"byte {err.start}: {raw[err.start:err.start + 4]!r}"
    if _looks_like_utf8(raw):
        # Mostly UTF-8 with damage: which letters were lost cannot be known.
        raise DecodeError(f"broken UTF-8 (invalid sequence at {where}); cannot be repaired surely")
    try:
        text = unicodedata.normalize("NFC", raw.decode("cp1258"))
    except UnicodeDecodeError:
        raise DecodeError(f"not valid UTF-8 ({where}) nor Windows-1258") from None
    if not _reads_as_vietnamese(text):
        raise DecodeError(f"not valid UTF-8 ({where}) and not recognisably Vietnamese "
                          "in Windows-1258; convert it to UTF-8 first")
    return text, "decoded from Windows-1258"


def _looks_like_utf8(raw: bytes) -> bool:
    """At least as many well-formed UTF-8 multi-byte letters as stray bytes."""
    good = len(re.findall(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", raw))
    high = sum(1 for b in raw if b >= 0x80)
    return good > 0 and good * 2 >= high - good * 2


def _reads_as_vietnamese(text: str) -> bool:
    """Every non-ASCII letter is a Vietnamese one (no combining mark left
    over after NFC, no stray symbols) and enough words carry one."""
    words = re.findall(r"\w+", text)
    if not words:
        return False
    for ch in text:
        if ord(ch) > 0x7F and ch not in VIETNAMESE_LETTERS and not _harmless(ch):
            return False
    # Letters beyond Latin-1 (ạ ơ ư đ ă ...): French or German read as
    # Windows-1258 has none of them.
    vi_words = sum(1 for w in words if any(c in VIETNAMESE_LETTERS and ord(c) > 0xFF for c in w))
    return vi_words / len(words) >= _MIN_VI_WORDS


def _harmless(ch: str) -> bool:
    """Punctuation, spaces and signs a Vietnamese article may carry (quotes,
    dashes, ellipsis, no-break space, km², °C, %); not the odd symbols
    (© ® ª µ ¸) that other Vietnamese encodings turn into."""
    return ch == "\u00b0" or unicodedata.category(ch) in ("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
                                                           "Zs", "Sc", "Sm", "No")


def _to_cp1252_bytes(text: str) -> bytes | None:
    """Undo a Windows-1252 (or Latin-1) misreading, or None when some
    character could not have come from one."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 0x100:
                out.append(ord(ch))   # Latin-1 misreading: C1 controls
            else:
                return None
    return bytes(out)


def _unmojibake(text: str) -> tuple[str, str | None]:
    """Repair UTF-8 that was read as Windows-1252 and saved again, when the
    whole text round-trips to valid UTF-8 (twice-misread text included);
    refuse text that is plainly mojibake but does not round-trip."""
    rounds = 0
    while _MOJIBAKE.search(text) and rounds < 3:
        raw = _to_cp1252_bytes(text)
        try:
            fixed = raw.decode("utf-8") if raw is not None else None
        except UnicodeDecodeError:
            fixed = None
        if fixed is None:
            n = len(_MOJIBAKE.findall(text))
            if rounds == 0 and n < 3:
                break  # one or two odd pairs: rare but possible in real text
            first = _MOJIBAKE.search(text)
            raise DecodeError(f"mojibake (UTF-8 misread as Windows-1252, e.g. {first.group()!r} at "
                              f"character {first.start()}) mixed with other text; cannot be repaired surely")
        text, rounds = fixed, rounds + 1
    if rounds:
        return text, "repaired mojibake (UTF-8 misread as Windows-1252)" + (" twice" if rounds > 1 else "")
    return text, None


def _refuse_non_article(text: str) -> None:
    """Markup, data and binary junk that decoded fine but is no article."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    low = head.lower()
    if _HTML_START.match(head) or len(_TAG.findall(text[:200_000])) >= 20:
        raise DecodeError("an HTML page, not a plain-text article (save the article's text and load that)")
    if low.startswith("<?xml") or low.startswith("<rdf:rdf") or low.startswith("<!doctype"):
        raise DecodeError("XML/RDF markup, not a plain-text article (RDF input is not accepted)")
    if re.match(r"(@prefix|@base|prefix\s+\w*:\s*<)", low):
        raise DecodeError("RDF (Turtle) data, not a plain-text article (RDF input is not accepted)")
    if head[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            raise DecodeError("JSON (or JSON-LD) data, not a plain-text article (RDF input is not accepted)")
    sample = text[:65536]
    controls = len(_CONTROLS.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise DecodeError(f"binary file ({controls} control characters in the first "
                          f"{len(sample):,}), not a text article")
