"""Place names read in text without their unit type word, through the
official register (loaders/gazetteer.py):

- a capitalised type word that begins a province or district name is part
  of the name ("Sóc Trăng" is a province, not the sóc Trăng);
- a province written bare ("Thanh Hóa có 230.741 đảng viên", a headline
  "Gia Lai: ...") is a mention of that province, unless it is part of a
  person's name or follows an honorific.
"""
from __future__ import annotations

import re

from .gazetteer import is_district, place_type
from .lexicon import CAP_WORD, Hit, canon, lexicon
from .unit_mention import UnitMention

_NAME_RUN = re.compile(rf"{CAP_WORD}(?:[ \t]+{CAP_WORD}){{1,3}}")


def starts_place_name(text: str, h: Hit, end: int) -> bool:
    """Does a capitalised unit type word begin a province or district name
    the register knows ("Sóc Trăng" is a province, not the sóc Trăng)?"""
    if not text[h.start].isupper():
        return False
    m = _NAME_RUN.match(text, h.start, end)
    if not m:
        return False
    words = m.group(0).split()
    return any(place_type(" ".join(words[:n])) or is_district(" ".join(words[:n]))
               for n in range(len(words), 1, -1))


_ANY_RUN = re.compile(rf"{CAP_WORD}(?:[ \t]+{CAP_WORD})*")


def bare_provinces(text: str, found: list[UnitMention], start: int, end: int) -> list[UnitMention]:
    """Provinces named without their type word ("Thanh Hóa có 230.741 đảng
    viên", a headline "Gia Lai: ..."): a run of capitalised words that is
    exactly a province name of the register, not part of a longer name
    (a person "Nguyễn Thái Bình") nor after an honorific ("ông Thái Bình"),
    and not inside a mention already found."""
    lx = lexicon()
    taken = [(u.start, u.end) for u in found]
    out = []
    for m in _ANY_RUN.finditer(text, start, end):
        name = m.group(0)
        if " " not in name or len(name.split()) > 4:
            continue
        typ = place_type(name)
        if typ is None or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        before = text[max(start, m.start() - 12):m.start()].split()
        if before and (lx.honorifics.finditer(canon(before[-1])) or before[-1][:1].isupper()
                       and before[-1][-1:].isalpha()):
            continue
        concept = lx.units.concept_for(typ)
        out.append(UnitMention(m.start(), m.end(), concept, "", name, m.start(), m.end(), surface=name,
                               known=True))
    return out


