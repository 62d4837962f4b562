"""Sentence and paragraph boundaries as character spans.

Rules, not a model: a sentence ends at a line break, or at . ! ? … (plus
closing quotes) followed by white space and a capital, a digit or an opening
quote. Every pattern here is linear (no nested quantifiers), so a
one-million-character paragraph is split in one pass.
"""
from __future__ import annotations

import re

from .lexicon import UPPER

# End of a sentence inside a line; the look-ahead keeps "TP. Hồ Chí Minh"
# style abbreviations rare enough to ignore and never backtracks.
_END = re.compile(rf"[.!?…]+[\"”’»)]*(?=[ \t]+[\"“«(\d{UPPER}])")
_LINE = re.compile(r"[^\n]+")
# Words before a full stop that abbreviate and do not end a sentence.
_ABBREV_BEFORE_DOT = re.compile(r"(?:\b(?:TP|Tp|TS|ThS|PGS|GS|BS|KS|Th|St|Nxb|tr|Đ/c)|\b[A-ZĐ])$")

Span = tuple[int, int]


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


# No real sentence is this long; longer runs (a pasted table, a broken
# file) are cut so every later stage works on bounded pieces.
MAX_SENTENCE = 1500


def _bounded(text: str, span: Span) -> list[Span]:
    s, e = span
    out = []
    while e - s > MAX_SENTENCE:
        cut = max(text.rfind(";", s, s + MAX_SENTENCE), text.rfind(",", s, s + MAX_SENTENCE))
        if cut <= s + MAX_SENTENCE // 2:
            cut = text.rfind(" ", s, s + MAX_SENTENCE)
        if cut <= s:
            cut = s + MAX_SENTENCE
        else:
            cut += 1
        piece = _strip(text, s, cut)
        if piece:
            out.append(piece)
        s = cut
    piece = _strip(text, s, e)
    if piece:
        out.append(piece)
    return out


def split_sentences(text: str) -> list[Span]:
    """Sentence spans (start, end) with text[start:end] stripped of spaces."""
    return [b for span in _split(text) for b in _bounded(text, span)]


def _split(text: str) -> list[Span]:
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for m in _END.finditer(text, line.start(), line.end()):
            before = text[max(line.start(), m.start() - 4):m.start()]
            if m.group(0) == "." and _ABBREV_BEFORE_DOT.search(before):
                continue
            span = _strip(text, start, m.end())
            if span:
                spans.append(span)
            start = m.end()
        span = _strip(text, start, line.end())
        if span:
            spans.append(span)
    return spans


def split_paragraphs(text: str) -> list[Span]:
    """Paragraph spans: the non-empty lines (articles put one paragraph per line)."""
    out = []
    for line in _LINE.finditer(text):
        span = _strip(text, line.start(), line.end())
        if span:
            out.append(span)
    return out
