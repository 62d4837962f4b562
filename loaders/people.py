"""Person names: where they start and end, honorifics, and people who are
named without holding a post (photographers, authors, residents quoted).

Kinh names have 2-4 capitalised syllables ("Cao Thị Toàn Thắng");
ethnic-minority names may be shorter or carry a prefix ("Ksor Thăng",
"Y Thoan Kpa", "K’Lăng", "H’Tư"). A family name or prefix from the
vocabulary (scheme `names`) marks where a name starts after a title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import APOSTROPHES, CAP_WORD, canon, is_cap_word, lexicon

_CAP_RUN = re.compile(rf"{CAP_WORD}(?:[ \t]+{CAP_WORD})*")
# "Ảnh: Phương Dung", "Bài, ảnh: Bàn Thanh", "Ảnh: Thế Duyệt/TTXVN"
_CREDIT = re.compile(
    rf"(?:^|(?<=[.\n]))[ \t]*(?:Bài(?:,| và)[ \t]*ảnh|Bài|Ảnh|Tin(?:,| và)[ \t]*ảnh|Tin|Video|Đồ họa|Ảnh minh họa)"
    rf"[ \t]*:[ \t]*({CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,4}})", re.MULTILINE)
# a line holding nothing but a name (the author's byline at the end)
_NAME_LINE = re.compile(rf"^[ \t]*({CAP_WORD}(?:[ \t]+{CAP_WORD}){{1,3}})[ \t]*$", re.MULTILINE)

MAX_NAME_WORDS = 5


@dataclass
class Name:
    start: int
    end: int
    text: str
    honorific: str | None = None   # the honorific written before it, if any


def words(text: str) -> list[str]:
    return text.split()


def looks_like_name(text: str, after_honorific: bool = False) -> bool:
    """Could `text` (a run of capitalised words) be a person's full name?"""
    ws = words(text)
    if not ws or len(ws) > MAX_NAME_WORDS:
        return False
    if not all(is_cap_word(w) for w in ws):
        return False
    lx = lexicon()
    if lx.is_surname(ws[0]):
        return len(ws) >= 2 or any(a in ws[0] for a in APOSTROPHES) or after_honorific
    return after_honorific and (len(ws) >= 2 or any(a in ws[0] for a in APOSTROPHES) or len(ws) == 1)


def split_unit_and_person(name_words: list[str]) -> int | None:
    """Where a person's name starts inside a run of capitalised words that
    follows a title ("Phước Thắng Nguyễn Trường Giang" -> 2; "Vũ Hồng Duy"
    -> 0); None when no person name fits."""
    lx = lexicon()
    cands = []
    for i, w in enumerate(name_words):
        rest = len(name_words) - i
        ethnic_single = rest == 1 and any(a in w for a in APOSTROPHES)
        if lx.is_surname(w) and (2 <= rest <= 4 or ethnic_single):
            if i > 0 and name_words[i - 1] in lx.middle_names:
                continue          # a middle name, not the end of a unit name
            # a unit name left in front has two syllables or more ("Bắc Ninh |
            # Mai Sơn", not "Bắc | Ninh Mai Sơn"); then three-syllable names win
            shape = 1 if i == 0 else (2 if i >= 2 else 0)
            cands.append(((shape, rest == 3, -abs(rest - 3)), i))
    return max(cands)[1] if cands else None


def credits(text: str) -> list[Name]:
    """People credited for photos or text, and a lone name line (byline)."""
    out = []
    for m in _CREDIT.finditer(text):
        out.append(Name(m.start(1), m.end(1), m.group(1)))
    lines = [m for m in _NAME_LINE.finditer(text)]
    for m in lines:
        if looks_like_name(m.group(1), after_honorific=True) and not _is_heading(m.group(1)):
            out.append(Name(m.start(1), m.end(1), m.group(1)))
    return out


def _is_heading(text: str) -> bool:
    lx = lexicon()
    shadow = canon(text)
    return bool(lx.posts.finditer(shadow) or lx.bodies.finditer(shadow) or lx.units.finditer(shadow)
                or lx.doc_types.finditer(shadow))
