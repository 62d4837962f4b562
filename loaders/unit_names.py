"""The name of a unit after its type word: a run of capitalised words
("Hạ Hòa"), a number ("thôn 7", "tổ 12A"), and across a hyphen only a name
the official register knows ("Bà Rịa - Vũng Tàu"), since a hyphen is also
the genre's title separator ("Nguyễn Văn A - Bí thư ...")."""
from __future__ import annotations

import re

from .gazetteer import registered
from .lexicon import is_cap_word, lexicon
from .text_shapes import CAP_WORD_RE, HYPHEN_GAP, SPACES

NUMBER_NAME = re.compile(r"\d+[A-Za-z]?(?!\w)(?![.,/]\d)")
# words after a hyphen tried as the rest of a registered name
_MAX_AFTER_HYPHEN = 4


def _name_word(text: str, shadow: str, pos: int, end: int, first: bool = False) -> re.Match | None:
    """A capitalised name word at `pos` that does not begin a title, a body
    or (after the first word) a unit type word."""
    lx = lexicon()
    w = CAP_WORD_RE.match(text, pos, end)
    if not w or not is_cap_word(w.group(0)):
        return None
    if lx.posts.match_at(shadow, pos, end) or lx.bodies.match_at(shadow, pos, end):
        return None
    if not first and lx.units.match_at(shadow, pos, end):
        return None
    return w


def _across_hyphen(text: str, shadow: str, pos: int, last: int, end: int, type_label: str | None) -> int | None:
    """Where a registered name continues across the hyphen at `last`
    ("Bà Rịa - Vũng Tàu", "Lang Biang-Đà Lạt"): the end of the longest
    registered name text[pos:x], else None (a title separator)."""
    hy = HYPHEN_GAP.match(text, last, end)
    if not hy or hy.end() == last or not type_label:
        return None
    ends = []
    p = hy.end()
    for _ in range(_MAX_AFTER_HYPHEN):
        w = _name_word(text, shadow, p, end)
        if not w:
            break
        ends.append(w.end())
        sp = SPACES.match(text, w.end(), end)
        if not sp:
            break
        p = sp.end()
    for x in reversed(ends):
        if registered(text[pos:x], type_label):
            return x
    return None


def cap_sequence(text: str, shadow: str, pos: int, end: int, type_label: str | None) -> tuple[int, int] | None:
    """The run of capitalised words starting at `pos` (a unit or person name),
    stopping before a word that begins a title or body label, and crossing a
    hyphen only into a name the register knows for `type_label`."""
    m = _name_word(text, shadow, pos, end, first=True)
    if not m:
        return None
    last = m.end()
    while True:
        x = _across_hyphen(text, shadow, pos, last, end, type_label)
        if x is not None:
            last = x
            continue
        sp = SPACES.match(text, last, end)
        if not sp:
            break
        w = _name_word(text, shadow, sp.end(), end)
        if w:
            last = w.end()
            continue
        num = NUMBER_NAME.match(text, sp.end(), end)
        if num:   # "Phan Rang 1"
            last = num.end()
        break
    return pos, last


def name_after(text: str, shadow: str, pos: int, end: int, type_label: str | None,
                numbered: bool = True) -> tuple[int, int] | None:
    sp = SPACES.match(text, pos, end)
    if not sp:
        return None
    p = sp.end()
    num = NUMBER_NAME.match(text, p, end) if numbered else None
    if num:
        return num.start(), num.end()
    return cap_sequence(text, shadow, p, end, type_label)
