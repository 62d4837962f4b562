"""CSV and TSV cells made safe to open in a spreadsheet (formula injection).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula, and a
formula can run commands or send the sheet's data away. Following the
OWASP rule (https://owasp.org/www-community/attacks/CSV_Injection), such a
cell gets a single quote in front, which spreadsheets take as "text, not a
formula": `=1+2` becomes `'=1+2`.

A cell that is exactly a number (`-5`, `+3`, `-2.5`, `-1.5E3`) is left as
it is: a spreadsheet reads it as that number, not as a formula, so there is
nothing to run, and a quote would turn the number into text and break sums.
Anything more (`-1+2`, `-INF`, `-5 `, `@x`) is quoted.

The input is what the SPARQL 1.1 result writers produce:

- CSV (`sep=","`): RFC 4180 fields, a field holding `,` `"` CR or LF in
  double quotes with `"` doubled. A quoted cell gets its quote inside the
  quotes (`"'=a,b"`), where a spreadsheet sees it as the first character.
- TSV (`sep="\\t"`): SPARQL TSV, whose cells are RDF terms in Turtle
  syntax (`<iri>`, `"text"@vi`, `"x"^^<type>`, bare numbers) and never hold
  a raw tab or newline. A literal's lexical form gets the quote
  (`"=1+2"` becomes `"'=1+2"`): spreadsheets strip the double quotes and
  would see the `=` first.

Every other byte is kept, so a clean answer comes out unchanged.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

# Characters that start a formula (OWASP): = + - @ tab CR.
_START = b"=+-@\t\r"
_NUMBER = re.compile(rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")

# CSV: a quoted field is matched whole from its opening quote (so commas
# and newlines inside it are never taken for cell starts); an unquoted
# field only when it starts a cell (after a comma, a newline or at the
# start) with a formula character.
# (A raw CR there is the line's end, never a cell's start: CSV quotes a
# cell holding one.)
_CSV = re.compile(rb'"(?:[^"]|"")*"|(?<![^,\n])[=+\-@\t][^,\r\n]*')
# TSV: a cell starting with a formula character, or with a quote and one.
# A literal escapes tab and CR (`\\t`), so only = + - @ can come first.
_TSV = re.compile(rb'(?<![^\t\n])"?[=+\-@][^\t\n]*')
# The lexical form of a TSV literal: up to the first unescaped quote.
_TSV_LITERAL = re.compile(rb'"((?:[^"\\]|\\.)*)"')


def _csv_cell(m: re.Match) -> bytes:
    cell = m.group(0)
    if cell[:1] == b'"':
        inner = cell[1:-1]
        if inner[:1] and inner[:1] in _START and not _NUMBER.match(inner):
            return b"\"'" + cell[1:]
        return cell
    return cell if _NUMBER.match(cell) else b"'" + cell


def _tsv_cell(m: re.Match) -> bytes:
    cell = m.group(0)
    if cell[:1] == b'"':
        lexical = _TSV_LITERAL.match(cell)
        if lexical and _NUMBER.match(lexical.group(1)):
            return cell
        return b"\"'" + cell[1:]
    return cell if _NUMBER.match(cell.rstrip(b"\r")) else b"'" + cell


def _pattern(sep: str) -> tuple[re.Pattern, object]:
    if sep == ",":
        return _CSV, _csv_cell
    if sep == "\t":
        return _TSV, _tsv_cell
    raise ValueError(f"sep must be ',' (CSV) or '\\t' (TSV), not {sep!r}")


def neutralise_csv(data: bytes, sep: str = ",") -> bytes:
    """`data`, a whole CSV (`sep=","`) or SPARQL TSV (`sep="\\t"`) answer in
    UTF-8, with every formula-starting cell prefixed by `'`."""
    pattern, fix = _pattern(sep)
    return pattern.sub(fix, data)


def neutralise_cell(text: str) -> str:
    """One cell's text, for writers that build rows themselves (e.g. with
    the csv module): `'` in front when it would start a formula."""
    if text[:1] and text[:1] in "=+-@\t\r" and not _NUMBER.match(text.encode("utf-8")):
        return "'" + text
    return text


def neutralise_chunks(chunks: Iterable[bytes], sep: str = ",") -> Iterator[bytes]:
    """The same, for an answer streamed in pieces: each piece is cut after
    its last complete line (for CSV, one not inside a quoted field) and the
    rest carried over, so a cell split across pieces is judged whole."""
    pattern, fix = _pattern(sep)
    held = b""
    for chunk in chunks:
        held += chunk
        cut = _safe_cut(held, sep)
        if cut:
            yield pattern.sub(fix, held[:cut])
            held = held[cut:]
    if held:
        yield pattern.sub(fix, held)


def _safe_cut(data: bytes, sep: str) -> int:
    """The length of the longest prefix of `data` that ends a line outside
    any quoted field (0 if none)."""
    end = data.rfind(b"\n") + 1
    if sep == "\t":
        return end   # TSV cells never hold a raw newline
    while end and data.count(b'"', 0, end) % 2:
        end = data.rfind(b"\n", 0, end - 1) + 1
    return end


def neutralise_results(body: bytes, media_type: str) -> bytes:
    """A SPARQL answer as served: CSV and TSV bodies neutralised, every
    other media type (JSON, XML, RDF) returned as it is."""
    kind = media_type.split(";", 1)[0].strip().lower()
    if kind == "text/csv":
        return neutralise_csv(body, ",")
    if kind == "text/tab-separated-values":
        return neutralise_csv(body, "\t")
    return body
