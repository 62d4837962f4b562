"""The article's own date: from its header line (" date 2025-08-07 ..."),
a dateline ("Chủ Nhật, 05/08/2018, 07:13 [GMT+7]"), or the dated event that
opens the lead ("Chiều ngày 29/2/2024, ...", also after the paper's tag:
"(GLO)- Sáng 20/8/2025, ...", "BPO - Ngày 6/8, ..."). A lead date without
its year ("Sáng 12/7, ...") takes the year that puts it on or after the
latest issue date of a document the article names (a document is named
after it is issued). Impossible dates are never returned.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import canon, lexicon

_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY = re.compile(r"(?<![\d/])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?![\d/])")
_DMY_AT = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?![\d/])")
_DM_AT = re.compile(r"(\d{1,2})[/\-](\d{1,2})(?![\d/\-]|\.\d)")
# the paper's tag before the lead: "(GLO)-", "(Báo Quảng Ngãi) -", "CTTĐT - "
_SOURCE_TAG = re.compile(r"(?:\([^()\n]{1,40}\)[ \t]*[-–—:]?|[A-ZĐ][A-ZĐ0-9.]{1,11}[ \t]*[-–—])[ \t]*")
_ISSUED = re.compile(r"[ \t,]*(?:ngày|ban hành ngày)[ \t]+(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?![\d/])", re.IGNORECASE)
_DAY_MONTH_YEAR_WORDS = re.compile(r"ngày[ \t]+(\d{1,2})[ \t]+tháng[ \t]+(\d{1,2})[ \t]+năm[ \t]+(\d{4})", re.IGNORECASE)
# how far into the article a dateline or a dated lead may sit
_HEAD_CHARS = 400


@dataclass
class DateFound:
    iso: str
    start: int     # of the evidence (line or sentence)
    end: int
    how: str       # header | dateline | lead


def valid_date(y: int, m: int, d: int) -> str | None:
    """ISO date, or None for an impossible one (30/02, tháng 13)."""
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date_issue(text: str) -> str | None:
    """An impossible date where the article gives its own date (the header
    line, or a date written in its first lines: "30/02/2021", "ngày 15
    tháng 13 năm 2021"), as written: it is flagged (pg:dateIssue), never
    taken as the date."""
    m = _HEADER.match(text)
    if m and valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) is None:
        return m.group(0).strip()
    head = text[:_HEAD_CHARS]
    for rx in (_DMY, _DAY_MONTH_YEAR_WORDS):
        for d in rx.finditer(head):
            if valid_date(int(d.group(3)), int(d.group(2)), int(d.group(1))) is None:
                return d.group(0)
    return None


def _line_at(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def find_date(text: str, sentences: list[tuple[int, int]] | None = None) -> DateFound | None:
    lx = lexicon()
    m = _HEADER.match(text)
    if m:
        iso = valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        a, b = _line_at(text, m.start(1))
        if iso:
            return DateFound(iso, a, b, "header")
    head = text[:_HEAD_CHARS]
    shadow = canon(head)
    # dateline: a weekday then the date, on its own line near the top
    for h in lx.cue("weekday").finditer(shadow):
        d = _DMY.search(text, h.end, min(len(text), h.end + 20))
        if d:
            iso = valid_date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
            if iso:
                a, b = _line_at(text, h.start)
                return DateFound(iso, a, b, "dateline")
    # lead: the first body paragraph (after the title) opens with the dated event
    lead = _lead_paragraph(text)
    if lead:
        s, e = lead
        for ss, se in sentences or [(s, e)]:
            if ss >= s:
                return _lead_date(text, ss, min(se, e))
    return None


def _lead_paragraph(text: str) -> tuple[int, int] | None:
    seen_title = False
    for m in re.finditer(r"[^\n]+", text[:5000]):
        line = m.group(0).strip()
        if len(line) < 25:
            continue
        if not seen_title:
            seen_title = True
            continue
        if lexicon().cue("weekday").match_at(canon(line), 0):
            continue
        a = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        return a, m.end()
    return None


def _lead_date(text: str, s: int, e: int) -> DateFound | None:
    """"Sáng 25/4/2025, ...", "Chiều ngày 29/2/2024", "Ngày 14/8/2025, ..." at a sentence start."""
    lx = lexicon()
    shadow = canon(text)
    tag = _SOURCE_TAG.match(text, s, e)
    start = tag.end() if tag else s
    pos = start
    for _ in range(2):           # "Chiều ngày"
        h = lx.cue("timeOfDay").match_at(shadow, pos, e)
        if not h:
            break
        pos = h.end
        while pos < e and text[pos] in " \t":
            pos += 1
    if pos == start:
        return None
    d = _DMY_AT.match(text, pos, e)
    if d:
        iso = valid_date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
        return DateFound(iso, s, e, "lead") if iso else None
    d = _DM_AT.match(text, pos, e)
    if d:
        iso = _with_year(text, int(d.group(2)), int(d.group(1)))
        if iso:
            return DateFound(iso, s, e, "lead")
    return None


def _with_year(text: str, month: int, day: int) -> str | None:
    """A day and month on or after the latest issue date of a named document
    ("Kế hoạch số 12-KH/TU ngày 16/6/2025"); without one, the latest year written."""
    from .documents import find_documents
    issued = []
    for doc in find_documents(text):
        m = _ISSUED.match(text, doc.end)
        if m:
            iso = valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if iso:
                issued.append(iso)
    if issued:
        latest = max(issued)
        year = int(latest[:4])
        iso = valid_date(year, month, day)
        if iso and iso < latest:
            iso = valid_date(year + 1, month, day)
        return iso
    years = [int(m.group(3)) for m in _DMY.finditer(text)]
    return valid_date(max(years), month, day) if years else None
