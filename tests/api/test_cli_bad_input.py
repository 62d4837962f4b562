"""`partygraph load` on a batch with bad files: every bad file is named with
its reason, the good articles are loaded, the exit code says files were
skipped, and nothing already in the store is lost."""
from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from partygraph.api import cli
from partygraph.graph.stores import open_store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_c1a9f754178b24e0.txt"
LOCHA = ROOT / "seeds" / "004_f85b1132173d5cc0.txt"
DEV = ROOT / "corpus" / "dev" / "dev_01.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
_TONES = "\u0300\u0301\u0303\u0309\u0323"

# file name -> (content, the reason the CLI must print)
BAD = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (a PNG image), not a text article"),
    "page.txt": ("<!DOCTYPE html><html><head><title>x</title></head><body><p>Hạ Hòa</p></body></html>".encode(),
                 "an HTML page, not a plain-text article (save the article's text and load that)"),
    "context.txt": (b'{"@context": "http://127.0.0.1:9/remote-context.jsonld", "name": "x"}',
                    "JSON (or JSON-LD) data, not a plain-text article (RDF input is not accepted)"),
    "broken.txt": (SEED_TEXT.encode("utf-8")[:50] + b"\xff" + SEED_TEXT.encode("utf-8")[50:],
                   "broken UTF-8 (invalid sequence at byte 50"),
    "para.txt": (("Đảng bộ " * 130_000).encode("utf-8"), "a paragraph of 1,040,000 characters"),
}


def to_windows_1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letter + combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES)).encode("cp1258")
            out += "".join(c for c in d if c in _TONES).encode("cp1258")
    return bytes(out)


def misread_as_1252(text: str) -> str:
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


@pytest.fixture()
def runner(monkeypatch):
    # Rich wraps at 80 columns when not on a terminal; messages are checked whole.
    monkeypatch.setattr(cli.err, "width", 2000)
    return CliRunner()


def make_batch(folder: Path) -> Path:
    folder.mkdir()
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as f:   # 50 MB, sparse: refused before it is read
        f.truncate(50_000_000)
    # Mojibake, Windows-1258 and NFD are repaired: these three load.
    (folder / SEED.name).write_text(misread_as_1252(SEED_TEXT), encoding="utf-8")
    (folder / LOCHA.name).write_text(unicodedata.normalize("NFD", LOCHA.read_text(encoding="utf-8")),
                                     encoding="utf-8")
    (folder / DEV.name).write_bytes(to_windows_1258(DEV.read_text(encoding="utf-8")))
    return folder


def graphs_and_count(path: Path) -> tuple[list[str], int]:
    st = open_store(path, read_only=True)
    try:
        return st.graphs(), st.quad_count()
    finally:
        st.close()


def test_bad_files_are_named_with_their_reason_and_the_rest_loads(tmp_path, runner):
    batch = make_batch(tmp_path / "batch")
    store = tmp_path / "store"
    result = runner.invoke(cli.app, ["load", str(batch), "--store", str(store), "--quiet"])
    assert result.exit_code == cli.EXIT_PARTIAL, result.output
    for name, (_, reason) in BAD.items():
        assert f"skipped {batch / name}: {reason}" in result.stderr
    assert f"skipped {batch / 'huge.txt'}: too large (50,000,000 bytes; the limit is 5,000,000)" in result.stderr
    assert f"repaired {batch / SEED.name}: repaired mojibake (UTF-8 misread as Windows-1252)" in result.stderr
    assert f"repaired {batch / DEV.name}: decoded from Windows-1258" in result.stderr
    assert "loaded 3 article(s)" in result.stderr and f"skipped {len(BAD) + 1}" in result.stderr

    # The repaired articles hold their real facts, spelled right.
    st = open_store(store, read_only=True)
    names = {sol["n"].value for sol in st.query(
        "PREFIX pg: <https://w3id.org/partygraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
        " SELECT DISTINCT ?n WHERE { ?p a pg:Person ; rdfs:label ?n }")}
    st.close()
    assert {"Cao Thị Toàn Thắng", "Nguyễn Thế Hoàn", "Đặng Vĩnh Sơn", "Ngô Khắc Ngọc"} <= names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_a_batch_of_bad_files_loses_nothing_already_stored(tmp_path, runner):
    store = tmp_path / "store"
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(SEED, good / SEED.name)
    assert runner.invoke(cli.app, ["load", str(good), "--store", str(store), "--quiet"]).exit_code == 0
    before = graphs_and_count(store)

    bad = tmp_path / "bad"
    bad.mkdir()
    for name, (data, _) in BAD.items():
        (bad / name).write_bytes(data)
    # Same file name as the stored article, but an HTML page: refused, so
    # the stored article is not replaced by nothing.
    (bad / SEED.name).write_bytes(BAD["page.txt"][0])
    result = runner.invoke(cli.app, ["load", str(bad), "--store", str(store), "--quiet"])
    assert result.exit_code == cli.EXIT_PARTIAL
    assert f"skipped {bad / SEED.name}: an HTML page" in result.stderr
    assert "loaded 0 article(s)" in result.stderr
    assert graphs_and_count(store) == before


def test_missing_file_is_named(tmp_path, runner):
    result = runner.invoke(cli.app, ["load", str(tmp_path / "nope.txt"), str(SEED),
                                     "--store", str(tmp_path / "store"), "--quiet"])
    assert result.exit_code == cli.EXIT_PARTIAL
    assert f"skipped {tmp_path / 'nope.txt'}: cannot read: No such file or directory" in result.stderr
    assert "loaded 1 article(s)" in result.stderr


def test_clean_batch_exits_zero(tmp_path, runner):
    result = runner.invoke(cli.app, ["load", str(SEED), "--store", str(tmp_path / "store"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.stderr


def test_extract_names_bad_files_too(tmp_path, runner):
    batch = make_batch(tmp_path / "batch")
    result = runner.invoke(cli.app, ["extract", str(batch / "page.txt"), str(batch / SEED.name)])
    assert result.exit_code == cli.EXIT_PARTIAL
    assert f"skipped {batch / 'page.txt'}: an HTML page" in result.stderr
    assert '"Cao Thị Toàn Thắng"' in result.stdout


INVISIBLE = "\u200b\u200d\u202e\u202c\u2066\u0007\u0085\ufeff"


def test_invisible_characters_never_reach_the_store_or_exports(tmp_path, runner):
    # Zero-width, bidi-override and control characters inside the names the
    # extractor reads ("Cao Thị Toàn Thắng", "Hạ Hòa"), in NFD.
    dirty = (SEED_TEXT.replace("Cao Thị Toàn Thắng", "Cao\u200b Thị\u202e Toàn\u202c Thắng\u200d")
             .replace("Hạ Hòa", "Hạ\u2066 Hòa\u0007\u0085\ufeff"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SEED.name).write_text(unicodedata.normalize("NFD", dirty), encoding="utf-8")
    store = tmp_path / "store"
    assert runner.invoke(cli.app, ["load", str(folder), "--store", str(store), "--quiet"]).exit_code == 0

    st = open_store(store, read_only=True)
    literals = [q.object.value for q in st.quads() if isinstance(q.object, ox.Literal)]
    st.close()
    assert any(v == "Cao Thị Toàn Thắng" for v in literals)
    for v in literals:
        assert not any(c in v for c in INVISIBLE), repr(v)
        assert unicodedata.is_normalized("NFC", v)
    for fmt in ("gexf", "graphml", "cytoscape"):
        out = tmp_path / f"graph.{fmt}"
        result = runner.invoke(cli.app, ["export", "--store", str(store), "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "Cao Thị Toàn Thắng" in text
        assert not any(c in text for c in INVISIBLE)


@pytest.mark.parametrize("header, flagged", [
    (" date 2021-02-30 ", "date 2021-02-30"),
    ("Ngày 30/02/2021, ", "30/02/2021"),
    ("Ngày 15 tháng 13 năm 2021, ", "Ngày 15 tháng 13 năm 2021"),
])
def test_impossible_dates_are_flagged_not_stored_as_dates(tmp_path, runner, header, flagged):
    folder = tmp_path / "in"
    folder.mkdir()
    # The seed with its header date replaced by an impossible one.
    (folder / SEED.name).write_text(header + SEED_TEXT.split(" ", 3)[3], encoding="utf-8")
    store = tmp_path / "store"
    assert runner.invoke(cli.app, ["load", str(folder), "--store", str(store), "--quiet"]).exit_code == 0
    st = open_store(store, read_only=True)
    quads = list(st.quads())
    st.close()
    dates = [q for q in quads if isinstance(q.object, ox.Literal)
             and q.object.datatype.value == "http://www.w3.org/2001/XMLSchema#date"]
    assert dates == []
    issues = [q.object.value for q in quads if q.predicate.value.endswith("#dateIssue")]
    assert issues == [flagged]
    # The facts are still there.
    assert any(isinstance(q.object, ox.Literal) and q.object.value == "Cao Thị Toàn Thắng" for q in quads)


def test_a_directory_that_is_not_a_store_is_a_clear_error(tmp_path, runner):
    bogus = tmp_path / "bogus"
    bogus.mkdir()
    (bogus / "CURRENT").write_text("not a RocksDB manifest\n")
    for args in (["load", str(SEED)], ["query", "ASK {}"]):
        result = runner.invoke(cli.app, [*args, "--store", str(bogus)])
        assert result.exit_code == cli.EXIT_FAILED
        assert f"error: cannot open the store at {bogus}: Corruption" in result.stderr
        assert "Traceback" not in result.output


def test_same_file_name_twice_in_a_batch_is_skipped(tmp_path, runner):
    other = tmp_path / "other"
    other.mkdir()
    (other / SEED.name).write_bytes(LOCHA.read_bytes())   # another article under the seed's name
    result = runner.invoke(cli.app, ["load", str(SEED), str(other), "--store", str(tmp_path / "store"), "--quiet"])
    assert result.exit_code == cli.EXIT_PARTIAL
    # two different texts under one name: the second is refused, never written over the first
    assert (f"skipped {other / SEED.name}: another article named {SEED.name} is stored already, with a "
            "different text: not replaced") in result.stderr
    assert "loaded 1 article(s)" in result.stderr


def test_an_extractor_crash_on_one_article_skips_only_that_one(tmp_path, runner, monkeypatch):
    import partygraph.graph.ingest as ingest

    real_one = ingest.extract

    def crash_on_locha(article):
        if "Lộc Hà" in article.text:
            raise RuntimeError("stage exploded")
        return real_one(article)

    def many(articles, n_process=1, then=None, cluster=None):
        for a in articles:
            facts = crash_on_locha(a)
            yield facts if then is None else then(a, facts)

    monkeypatch.setattr(ingest, "extract_many", many)
    monkeypatch.setattr(ingest, "extract", crash_on_locha)
    folder = tmp_path / "in"
    folder.mkdir()
    for src in (SEED, LOCHA, DEV):
        shutil.copy(src, folder / src.name)
    result = runner.invoke(cli.app, ["load", str(folder), "--store", str(tmp_path / "store"), "--quiet"])
    assert result.exit_code == cli.EXIT_PARTIAL
    assert f"skipped {folder / LOCHA.name}: extraction failed (RuntimeError: stage exploded)" in result.stderr
    assert "loaded 2 article(s)" in result.stderr
