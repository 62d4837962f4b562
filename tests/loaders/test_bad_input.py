"""Bad article files: each is refused with the file and the reason, or
repaired when the repair is sure (and then reads exactly like the clean
article). Built from the real seeds, damaged the ways scraped text is."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.loaders.article import (MAX_BYTES, MAX_CHARS, MAX_PARAGRAPH_CHARS, ArticleError,
                             article_from_text, read_article)
from partygraph.loaders.identity import article_iri
from partygraph.loaders.mapping import facts_to_quads
from partygraph.ontology import PG, XSD

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_c1a9f754178b24e0.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letter + combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        out += base.encode("cp1258") + "".join(c for c in d if c in _TONES).encode("cp1258")
    return bytes(out)


def misread_as_1252(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (undefined bytes as Latin-1)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def refused(path: Path) -> str:
    with pytest.raises(ArticleError) as e:
        read_article(path)
    assert e.value.path == str(path)
    assert str(path) in str(e.value)
    return e.value.reason


@pytest.fixture(scope="module")
def clean():
    return read_article(SEED)


# ------------------------------------------------------------ repaired
def test_windows_1258_is_decoded_exactly(tmp_path, clean):
    raw = to_windows_1258(SEED_TEXT)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    a = read_article(write(tmp_path, SEED.name, raw))
    assert a.text == clean.text
    assert a.note == "decoded from Windows-1258"
    assert "Cao Thị Toàn Thắng" in a.text


def test_mojibake_is_repaired_exactly(tmp_path, clean):
    moji = misread_as_1252(SEED_TEXT)
    assert "Háº¡ HÃ²a" in moji
    a = read_article(write(tmp_path, SEED.name, moji.encode("utf-8")))
    assert a.text == clean.text
    assert a.note == "repaired mojibake (UTF-8 misread as Windows-1252)"


def test_twice_misread_mojibake_is_repaired(tmp_path, clean):
    moji = misread_as_1252(misread_as_1252(SEED_TEXT))
    a = read_article(write(tmp_path, SEED.name, moji.encode("utf-8")))
    assert a.text == clean.text and a.note.endswith("twice")


def test_utf16_with_bom_is_decoded(tmp_path, clean):
    a = read_article(write(tmp_path, SEED.name, SEED_TEXT.encode("utf-16")))
    assert a.text == clean.text and "UTF-16" in a.note


def test_nfd_text_is_stored_nfc(tmp_path, clean):
    nfd = unicodedata.normalize("NFD", SEED_TEXT)
    assert nfd != SEED_TEXT
    a = read_article(write(tmp_path, SEED.name, nfd.encode("utf-8")))
    assert a.text == clean.text and unicodedata.is_normalized("NFC", a.text)


def test_invisible_characters_never_reach_the_text(tmp_path, clean):
    # zero-width space, RLO/PDF bidi override, BEL, ZWJ, BOM, C1 control
    dirty = SEED_TEXT.replace("Cao Thị", "Cao\u200b Th\u202eị\u202c").replace("Hạ Hòa", "Hạ\u0007 Hòa\u200d\ufeff\u0085")
    a = read_article(write(tmp_path, SEED.name, dirty.encode("utf-8")))
    assert a.text == clean.text
    for ch in "\u200b\u202e\u202c\u0007\u200d\ufeff\u0085":
        assert ch not in a.text


def test_invisible_characters_never_reach_labels(clean):
    facts = {"article": clean.name, "date": "2025-08-07",
             "holds_post": [{"person": "Cao\u200b Thị\u202e Toàn Thắng", "role": "Bí thư",
                             "organization": "Đảng ủy xã Hạ\u0000 Hòa", "area": "xã Hạ Hòa"}]}
    quads = facts_to_quads(clean, facts, "test")
    for q in quads:
        if isinstance(q.object, ox.Literal):
            assert not any(c in q.object.value for c in "\u200b\u202e\u0000"), q
    labels = {q.object.value for q in quads if q.predicate.value.endswith("#label")}
    assert {"Cao Thị Toàn Thắng", "Đảng ủy xã Hạ Hòa"} <= labels


# ------------------------------------------------------------ refused
@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b" \n\t\r\n ", "empty file"),
    ("\u200b\u200d\ufeff\n".encode("utf-8"), "empty file (no text once invisible characters are removed)"),
    (b"\x7fELF\x02\x01\x01" + bytes(range(256)), "binary file (an executable), not a text article"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (a PDF document), not a text article"),
    (b"PK\x03\x04\x14\x00\x06\x00", "binary file (a ZIP archive (or .docx/.xlsx)), not a text article"),
    (b"date 2025\x00\x00\x01\x02", "binary file (NUL bytes), not a text article"),
])
def test_empty_and_binary_files_are_refused(tmp_path, data, reason):
    assert refused(write(tmp_path, "bad.txt", data)) == reason


def test_html_page_is_refused(tmp_path):
    page = ("<!DOCTYPE html>\n<html lang='vi'><head><title>Hạ Hòa</title></head><body><nav>Trang chủ</nav>"
            f"<article><p>{SEED_TEXT}</p></article></body></html>")
    assert refused(write(tmp_path, "page.txt", page.encode("utf-8"))) == (
        "an HTML page, not a plain-text article (save the article's text and load that)")


def test_html_fragment_without_doctype_is_refused(tmp_path):
    body = "".join(f"<div class='c'><p>{line}</p></div>\n" for line in SEED_TEXT.splitlines() if line)
    assert refused(write(tmp_path, "frag.txt", body.encode("utf-8"))).startswith("an HTML page")


@pytest.mark.parametrize("data, start", [
    (b'{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "x"}', "JSON (or JSON-LD) data"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><rdf:RDF>&e;</rdf:RDF>',
     "XML/RDF markup"),
    (b"@prefix pg: <https://w3id.org/partygraph/ontology#> .\n<a> pg:b <c> .", "RDF (Turtle) data"),
])
def test_rdf_and_json_ld_are_refused_unparsed(tmp_path, data, start):
    # Refused on sight: never parsed, so no remote context is fetched and no
    # external entity (file:///etc/passwd) is expanded.
    reason = refused(write(tmp_path, "data.txt", data))
    assert reason.startswith(start) and "RDF input is not accepted" in reason


def test_broken_utf8_is_refused_with_the_byte(tmp_path):
    raw = SEED.read_bytes()
    broken = raw[:120] + b"\xe1\xba" + raw[120:]      # a letter cut in half
    assert refused(write(tmp_path, "broken.txt", broken)) == (
        "broken UTF-8 (invalid sequence at byte 120: b'\\xe1\\xbath'); cannot be repaired surely")


def test_mixed_mojibake_is_refused_not_guessed(tmp_path):
    half = SEED_TEXT[:400] + misread_as_1252(SEED_TEXT[400:900]) + SEED_TEXT[900:]
    reason = refused(write(tmp_path, "mixed.txt", half.encode("utf-8")))
    assert reason.startswith("mojibake (UTF-8 misread as Windows-1252, e.g. ")
    assert reason.endswith("mixed with other text; cannot be repaired surely")


def test_other_single_byte_encoding_is_refused(tmp_path):
    latin1 = "Le comité a approuvé la résolution à l'unanimité.".encode("latin-1")
    assert refused(write(tmp_path, "fr.txt", latin1)) == (
        "not valid UTF-8 (byte 8: b'\\xe9 a ') and not recognisably Vietnamese in "
        "Windows-1258; convert it to UTF-8 first")


def test_50_mb_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:          # sparse: 50 MB on paper, nothing on disk
        f.truncate(50_000_000)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    assert refused(p) == f"too large (50,000,000 bytes; the limit is {MAX_BYTES:,})"
    assert not read


def test_special_files_are_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)                   # reading it would block for ever
    assert refused(fifo) == "not a regular file"
    assert refused(tmp_path / "missing.txt") == "cannot read: No such file or directory"


def test_million_character_paragraph_is_refused(tmp_path):
    para = ("Đảng bộ xã Hạ Hòa " * 60_000)[:1_000_000]
    assert len(para) == 1_000_000 and MAX_PARAGRAPH_CHARS < 1_000_000 <= MAX_CHARS
    p = write(tmp_path, "para.txt", (SEED_TEXT + "\n" + para + "\n").encode("utf-8"))
    assert refused(p) == f"a paragraph of 1,000,000 characters (the limit is {MAX_PARAGRAPH_CHARS:,}): not article text"


def test_text_over_the_character_cap_is_refused(tmp_path):
    text = ("Đảng bộ xã Hạ Hòa có 1.462 đảng viên.\n" * (MAX_CHARS // 30))
    p = write(tmp_path, "long.txt", text.encode("utf-8"))
    assert refused(p) == f"too long ({len(text):,} characters; the limit is {MAX_CHARS:,})"


def test_file_name_with_bidi_override_is_refused(tmp_path):
    p = write(tmp_path, "evil\u202etxt.exe.txt", SEED.read_bytes())
    assert refused(p) == "file name contains control, zero-width or bidi-override characters"


def test_nfd_file_name_becomes_nfc(tmp_path, clean):
    name = unicodedata.normalize("NFD", "Hạ Hòa.txt")
    a = read_article(write(tmp_path, name, SEED.read_bytes()))
    assert a.name == "Hạ Hòa.txt" and a.text == clean.text


# ------------------------------------------------------------ dates
@pytest.mark.parametrize("bad", ["2021-02-30", "2021-13-01", "30/02/2021", "tháng 13 năm 2021", "2021-2-3"])
def test_invalid_dates_are_flagged_never_typed(clean, bad):
    facts = {"article": clean.name, "date": bad,
             "merged_from": [{"unit": "xã Hạ Hòa", "source": "xã Minh Hạc", "effective_date": "2025-06-31"}]}
    quads = facts_to_quads(clean, facts, "test")
    dates = [q for q in quads if isinstance(q.object, ox.Literal) and q.object.datatype.value == XSD + "date"]
    assert dates == []
    issues = {q.object.value for q in quads if q.predicate.value == PG + "dateIssue"}
    assert issues == {bad, "2025-06-31"}
    art = article_iri(clean)
    assert all(q.subject == art for q in quads if q.predicate.value == PG + "dateIssue")


def test_valid_date_is_typed(clean):
    quads = facts_to_quads(clean, {"article": clean.name, "date": "2024-02-29"}, "test")
    dates = {(q.predicate.value, q.object.value) for q in quads
             if isinstance(q.object, ox.Literal) and q.object.datatype.value == XSD + "date"}
    assert dates == {("http://purl.org/dc/terms/date", "2024-02-29")}
    assert not any(q.predicate.value == PG + "dateIssue" for q in quads)


def test_article_from_text_refuses_like_a_file():
    with pytest.raises(ArticleError, match="an HTML page"):
        article_from_text("x.txt", "<html><body><p>Hạ Hòa</p></body></html>")
    assert article_from_text("x.txt", unicodedata.normalize("NFD", "Hạ Hòa")).text == "Hạ Hòa"
