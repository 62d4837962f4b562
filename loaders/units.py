"""Administrative unit mentions ("xã Hạ Hòa", "thôn 7", "TX Quảng Yên",
"TP.HCM", "3 xã: Minh Hạc, Ấm Hạ, Gia Điền") and the article's area context
(which xã an unnamed "Đảng ủy xã" means).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ontology.vocabulary import Concept

from .lexicon import CAP_WORD, Hit, canon, is_cap_word, lexicon
from .lexicon import cached_key as key

_CAP_WORD_AT = re.compile(CAP_WORD)
_NUMBER_NAME = re.compile(r"\d+[A-Za-z]?(?!\w)(?![.,/]\d)")
_SPACE = re.compile(r"[ \t]+")
_HYPHEN_JOIN = re.compile(r"[ \t]*[-–][ \t]*")
_OLD_MARK = re.compile(r"[ \t]*(?:\((?:cũ|mới)\)|cũ\b|mới\b)", re.IGNORECASE)
_LIST_SEP = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+(?:và|cùng)[ \t]+)")
_PLURAL_BEFORE = re.compile(r"(?:\d+|các|những|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)[ \t]*$", re.IGNORECASE)
_LEVEL_BEFORE = re.compile(r"(?:cấp|các cấp)[ \t]*$", re.IGNORECASE)
# city-like units whose names may contain " - " (TP Phan Rang - Tháp Chàm)
_HYPHENATED_TYPES = {"thành phố", "thị xã"}


@dataclass
class UnitMention:
    start: int                 # of the whole mention (type word, or name for list members)
    end: int
    type: Concept              # unit type concept (xã, huyện ...)
    type_surface: str          # the type word as written ("Xã", "TX", "")
    name: str | None           # "Hạ Hòa", "7", None when unnamed
    name_start: int = -1
    name_end: int = -1
    place: Concept | None = None   # abbreviated place (TP.HCM)
    surface: str = ""          # as written, for organisation strings
    old: bool = False          # "(cũ)" or a merge predecessor
    new: bool = False          # "mới"
    from_body: bool = False    # named through a committee ("Tỉnh ủy Gia Lai")
    is_person: bool = False    # the "name" turned out to be a person's
    merged_source: bool = False
    merged_new: bool = False
    list_head: int = -1        # index of the mention whose type word it shares

    @property
    def level(self) -> int:
        return lexicon().level(self.type)

    @property
    def named(self) -> bool:
        return bool(self.name) and not self.is_person

    @property
    def area(self) -> str | None:
        """Canonical area string: type word + name ("xã Hạ Hòa"), or the
        abbreviated place's full name ("thành phố Hồ Chí Minh")."""
        if self.place is not None:
            return self.place.label
        if not self.named:
            return None
        return f"{self.type.label} {self.name}"

    @property
    def written(self) -> str | None:
        """How an organisation string names this unit: "xã Hạ Hòa", "TP.HCM"."""
        if self.place is not None:
            return self.surface
        if not self.named:
            return None
        tw = self.type_surface if self.type_surface and not self.type_surface[0].isupper() \
            or self.type_surface.isupper() else self.type.label
        return f"{tw or self.type.label} {self.name}"

    @property
    def committee_name(self) -> str | None:
        """How a committee names it: "Gia Lai" (Tỉnh ủy Gia Lai), "quận 1", "TP.HCM"."""
        if self.place is not None:
            return self.surface
        if not self.named:
            return None
        if self.name.isdigit():
            return f"{self.type.label} {self.name}"
        return self.name

    def identity(self) -> str:
        return key(self.area or "")


def _cap_sequence(text: str, shadow: str, pos: int, end: int, allow_hyphen: bool) -> tuple[int, int] | None:
    """The run of capitalised words starting at `pos` (a unit or person name),
    stopping before a word that begins a title or body label."""
    lx = lexicon()
    m = _CAP_WORD_AT.match(text, pos, end)
    if not m or not is_cap_word(m.group(0)):
        return None
    if lx.posts.match_at(shadow, pos, end) or lx.bodies.match_at(shadow, pos, end):
        return None
    last = m.end()
    while True:
        sp = _SPACE.match(text, last, end)
        nxt = sp.end() if sp else last
        if allow_hyphen and not sp:
            hy = _HYPHEN_JOIN.match(text, last, end)
            nxt = hy.end() if hy and hy.end() > last else last
        elif allow_hyphen:
            hy = _HYPHEN_JOIN.match(text, last, end)
            if hy and hy.end() > last:
                nxt = hy.end()
        if nxt == last:
            break
        w = _CAP_WORD_AT.match(text, nxt, end)
        if w and is_cap_word(w.group(0)) and not lx.posts.match_at(shadow, nxt, end) \
                and not lx.bodies.match_at(shadow, nxt, end) and not lx.units.match_at(shadow, nxt, end):
            last = w.end()
            continue
        num = _NUMBER_NAME.match(text, nxt, end)
        if num and sp and "-" not in text[last:nxt]:   # "Phan Rang 1"
            last = num.end()
        break
    return pos, last


def _name_after(text: str, shadow: str, pos: int, end: int, hyphen: bool,
                numbered: bool = True) -> tuple[int, int] | None:
    sp = _SPACE.match(text, pos, end)
    if not sp:
        return None
    p = sp.end()
    num = _NUMBER_NAME.match(text, p, end) if numbered else None
    if num:
        return num.start(), num.end()
    return _cap_sequence(text, shadow, p, end, hyphen)


def find_units(text: str, shadow: str | None = None, start: int = 0, end: int | None = None) -> list[UnitMention]:
    """Every unit mention in text[start:end], in order."""
    lx = lexicon()
    shadow = canon(text) if shadow is None else shadow
    end = len(text) if end is None else end
    places = lx.places.finditer(shadow, start, end)
    bodies = lx.bodies.finditer(shadow, start, end)
    posts = lx.posts.finditer(shadow, start, end)
    taken = [(h.start, h.end) for h in places] + [(h.start, h.end) for h in bodies] \
        + [(h.start, h.end) for h in posts if "headOfUnit" not in h.concept.props]

    taken.sort()
    taken_starts = [a for a, _ in taken]

    def covered(h: Hit) -> bool:
        # spans are short: only those starting a little before h can contain it
        i = bisect_right(taken_starts, h.start)
        for a, b in taken[max(0, i - 8):i]:
            if a <= h.start and h.end <= b and (a, b) != (h.start, h.end):
                return True
        return False

    out_end = -1

    out: list[UnitMention] = []
    for h in places:
        out.append(UnitMention(h.start, h.end, _place_type(h.concept), "", h.concept.props.get("unitName"),
                               h.start, h.end, place=h.concept, surface=text[h.start:h.end]))
    for h in lx.units.finditer(shadow, start, end):
        if covered(h) or h.start < out_end or any(p.start <= h.start < p.end for p in places):
            continue
        if _LEVEL_BEFORE.search(text, max(start, h.start - 8), h.start):
            continue
        _add_unit(out, text, shadow, h, end)
        out_end = max(out_end, out[-1].end)
    # committees named directly: "Tỉnh ủy Gia Lai", "Huyện ủy Lộc Hà"
    for h in bodies:
        ut = h.concept.props.get("unitType")
        if not ut:
            continue
        nm = _name_after(text, shadow, h.end, end, False)
        if nm and not text[nm[0]].isdigit():
            u = UnitMention(nm[0], nm[1], lx.vocab.get(ut), "", text[nm[0]:nm[1]], nm[0], nm[1],
                            surface=text[nm[0]:nm[1]], from_body=True)
            _split_committee_name(u, text)
            out.append(u)
    out.sort(key=lambda u: (u.start, u.end))
    return out


def _split_committee_name(u: UnitMention, text: str) -> None:
    """"Tỉnh ủy Hưng Yên Nguyễn Hữu Nghĩa": the committee's name ends where a
    person's name begins; "Tỉnh ủy Hà Văn Hùng" names no unit at all."""
    from .people import split_unit_and_person
    ws = u.name.split()
    i = split_unit_and_person(ws)
    if i is None:
        return
    if i == 0:
        if len(ws) >= 3:
            u.is_person = True
        return
    cut = u.name_start + len(" ".join(ws[:i]))
    u.name, u.name_end, u.end = text[u.name_start:cut], cut, cut
    u.surface = u.name


def _place_type(place: Concept) -> Concept:
    return lexicon().vocab.get(place.props["unitType"])


def _add_unit(out: list[UnitMention], text: str, shadow: str, h: Hit, end: int) -> None:
    lx = lexicon()
    type_surface = text[h.start:h.end]
    pos = h.end
    # "xã biên giới Ia Chia": a descriptor between the type word and the name
    sp = _SPACE.match(text, pos, end)
    if sp:
        d = lx.cue("unitDescriptor").match_at(shadow, sp.end(), end)
        if d and _name_after(text, shadow, d.end, end, False):
            pos = d.end
    hyphen = h.concept.label in _HYPHENATED_TYPES
    # provinces and cities are never numbered ("tỉnh 70 đồng chí" is a count)
    numbered = lx.level(h.concept) >= 2
    nm = _name_after(text, shadow, pos, end, hyphen, numbered)
    if nm is None and text[pos:pos + 1] == ":":
        nm = _name_after(text, shadow, pos + 1, end, hyphen, numbered)
    name = text[nm[0]:nm[1]] if nm else None
    u = UnitMention(h.start, nm[1] if nm else h.end, h.concept, type_surface, name,
                    nm[0] if nm else -1, nm[1] if nm else -1)
    u.surface = text[u.start:u.end]
    if nm:
        mark = _OLD_MARK.match(text, nm[1], end)
        if mark:
            u.old = "cũ" in mark.group(0).lower()
            u.new = "mới" in mark.group(0).lower()
    head = len(out)
    out.append(u)
    if not nm:
        return
    plural = _PLURAL_BEFORE.search(text, max(0, h.start - 12), h.start) or text[h.end:h.end + 1] == ":"
    if not plural:
        return
    # "ba xã Ia Rmok, Ia Dreh (cũ) và Krông Năng": more names sharing the type word
    last = nm[1]
    while True:
        mark = _OLD_MARK.match(text, last, end)
        if mark:
            last = mark.end()
        sep = _LIST_SEP.match(text, last, end)
        if not sep:
            break
        p = sep.end()
        if lx.units.match_at(shadow, p, end) or lx.places.match_at(shadow, p, end):
            break
        seq = _cap_sequence(text, shadow, p, end, hyphen)
        if not seq:
            num = _NUMBER_NAME.match(text, p, end)
            if not num:
                break
            seq = (num.start(), num.end())
        m = UnitMention(seq[0], seq[1], h.concept, type_surface, text[seq[0]:seq[1]], seq[0], seq[1],
                        surface=text[seq[0]:seq[1]], list_head=head)
        om = _OLD_MARK.match(text, seq[1], end)
        if om:
            m.old = "cũ" in om.group(0).lower()
        out.append(m)
        last = seq[1]


_SCAN = 400


def units_between(units: list[UnitMention], starts: list[int], a: int, b: int) -> list[UnitMention]:
    """The mentions starting in [a, b) (units sorted by start, `starts` their starts)."""
    return units[bisect_left(starts, a):bisect_left(starts, b)]


class AreaContext:
    """Resolves an unnamed unit ("xã", "Huyện ủy", "tỉnh") to the unit the
    article is talking about there: the nearest named mention of that type
    before it (else after it), skipping old units and merge predecessors."""

    def __init__(self, units: list[UnitMention]):
        self.units = units
        self.starts = [u.start for u in units]

    def _ok(self, u: UnitMention) -> bool:
        return u.named and not u.old and not (u.merged_source and not u.merged_new)

    def resolve(self, pos: int, type_label: str | None = None, level: int | None = None,
                lookahead: bool = True) -> UnitMention | None:
        def fits(u: UnitMention) -> bool:
            if not self._ok(u):
                return False
            if type_label is not None:
                return u.type.label == type_label
            return level is not None and u.level == level

        i = bisect_right(self.starts, pos)
        # bounded scan: articles are short, and a huge input must stay linear
        for u in reversed(self.units[max(0, i - _SCAN):i]):
            if fits(u) and u.end <= pos + 1 or fits(u) and u.start < pos:
                return u
        if lookahead:
            for u in self.units[i:i + _SCAN]:
                if fits(u):
                    return u
        return None

    def province(self, pos: int) -> UnitMention | None:
        return self.resolve(pos, type_label="tỉnh")
