"""Administrative unit mentions ("xã Hạ Hòa", "thôn 7", "TX Quảng Yên",
"TP.HCM", "3 xã: Minh Hạc, Ấm Hạ, Gia Điền", "tỉnh Bà Rịa - Vũng Tàu").

A unit name is a run of capitalised words after a type word (or after a
committee: "Tỉnh ủy Gia Lai"); it runs across a hyphen only when the
official register (loaders/gazetteer.py) knows the hyphenated name, since a
hyphen is also the genre's title separator ("Nguyễn Văn A - Bí thư ...").
The area context (which xã an unnamed "Đảng ủy xã" means) lives in
loaders/area_context.py and is re-exported here.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from partygraph.ontology.vocabulary import Concept

from .area_context import (AreaContext, mark_background, mark_before_merger, mark_foreign, mark_reorganisation,
                           units_between)
from .gazetteer import registered
from .place_names import bare_provinces, starts_place_name
from .lexicon import Hit, canon, lexicon
from .lexicon import cached_key as key
from .unit_names import NUMBER_NAME, cap_sequence, name_after
from .text_shapes import COMMA_GAP, MAYBE_SPACES, SPACES
from .unit_mention import UnitMention

__all__ = ["AreaContext", "UnitMention", "find_units", "units_between"]

def _cue_before(role: str, shadow: str, pos: int, lo: int) -> bool:
    """Does a cue word of `role` ("các", "ba", "cấp") end right before `pos`?
    Compared by key on the last words: a pattern search per unit would cost
    more than the rest of the stage."""
    a = max(lo, pos - 24)
    words = shadow[a:pos].split()
    if a > lo and words and not shadow[a - 1].isspace():
        words = words[1:]        # cut inside a word
    cues = _cue_keys(role)
    return any(key(" ".join(words[-n:])) in cues for n in (1, 2) if len(words) >= n)


@lru_cache(maxsize=None)
def _cue_keys(role: str) -> frozenset[str]:
    return frozenset(lexicon().cue_words.get(role, ()))


def unit_mark(text: str, shadow: str, pos: int, end: int) -> tuple[int, bool, bool] | None:
    """An old/new mark right after a unit name: "(cũ)", "cũ", "(mới)", "mới",
    "trước đây" before a pause. (end of the mark, old, new)."""
    lx = lexicon()
    p = MAYBE_SPACES.match(text, pos, end).end()
    paren = text[p:p + 1] == "("
    q = p + 1 if paren else p
    for role in ("old", "new"):
        h = lx.cue(role).match_at(shadow, q, end)
        if h is None:
            continue
        e = h.end
        if paren:
            if text[e:e + 1] != ")":
                continue
            e += 1
        elif " " in text[h.start:h.end].strip() and not re.match(r"[ \t]*(?:[,;.)–-]|nay\b|$)", text[e:end]):
            continue      # "xã A trước đây là ..." opens a clause about A as it is
        return e, role == "old", role == "new"
    return None


def find_units(text: str, shadow: str | None = None, start: int = 0, end: int | None = None,
               date: str | None = None) -> list[UnitMention]:
    """Every unit mention in text[start:end], in order. With the article's
    ISO `date`, old provinces merged in the 2025 reorganisation get their
    successor for the area context (see loaders/area_context.py)."""
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
        if starts_place_name(text, h, end):
            continue      # "Sóc Trăng", "Bản Yên Nhân": a place named with a unit type word
        if covered(h) or h.start < out_end or any(p.start <= h.start < p.end for p in places):
            continue
        if _cue_before("unitLevel", shadow, h.start, start):
            continue
        _add_unit(out, text, shadow, h, end)
        out_end = max(out_end, out[-1].end)
    # committees named directly: "Tỉnh ủy Gia Lai", "Huyện ủy Lộc Hà"
    for h in bodies:
        ut = h.concept.props.get("unitType")
        if not ut:
            continue
        utype = lx.vocab.get(ut)
        nm = name_after(text, shadow, h.end, end, utype.label, False)
        if nm and not text[nm[0]].isdigit():
            u = UnitMention(nm[0], nm[1], utype, "", text[nm[0]:nm[1]], nm[0], nm[1],
                            surface=text[nm[0]:nm[1]], from_body=True)
            _split_committee_name(u, text)
            u.known = bool(u.name) and registered(u.name, utype.label)
            out.append(u)
    out.extend(bare_provinces(text, out, start, end))
    out.sort(key=lambda u: (u.start, u.end))
    mark_foreign(out, text, shadow)
    mark_reorganisation(out, text, shadow, date)
    mark_background(out, text, shadow)
    mark_before_merger(out, text, shadow)
    return out


def known_prefix(words: list[str], type_label: str) -> int:
    """How many of `words` make the longest name the register knows for this
    type ("Si Ma Cai Giàng Seo Vần" -> 3); 0 for none."""
    for n in range(min(len(words), 6), 0, -1):
        if registered(" ".join(words[:n]), type_label):
            return n
    return 0


def _split_committee_name(u: UnitMention, text: str) -> None:
    """"Tỉnh ủy Hưng Yên Nguyễn Hữu Nghĩa": the committee's name ends where a
    person's name begins; "Tỉnh ủy Hà Văn Hùng" names no unit at all; a
    registered name is never cut ("Huyện ủy Si Ma Cai", "Huyện ủy Trần Đề")."""
    from .people import split_unit_and_person
    ws = u.name.split()
    i = split_unit_and_person(ws)
    if i is None:
        return
    k = known_prefix(ws, u.type.label)
    if i < k:
        # the person would start inside a registered name
        if k == len(ws) or split_unit_and_person(ws[k:]) != 0:
            return
        i = k
    if i == 0:
        if len(ws) >= 3:
            u.is_person = True
        return
    cut = u.name_start + len(" ".join(ws[:i]))
    u.name, u.name_end, u.end = text[u.name_start:cut], cut, cut
    u.surface = u.name


def _place_type(place: Concept) -> Concept:
    return lexicon().vocab.get(place.props["unitType"])


def _list_sep(text: str, shadow: str, pos: int, end: int) -> int | None:
    """After a list member: ", " or " và " / " cùng " (end of the separator)."""
    c = COMMA_GAP.match(text, pos, end)
    if c:
        return c.end()
    sp = SPACES.match(text, pos, end)
    if not sp:
        return None
    h = lexicon().cue("listJoin").match_at(shadow, sp.end(), end)
    if h is None:
        return None
    sp2 = SPACES.match(text, h.end, end)
    return sp2.end() if sp2 else None


def _add_unit(out: list[UnitMention], text: str, shadow: str, h: Hit, end: int) -> None:
    lx = lexicon()
    type_surface = text[h.start:h.end]
    tl = h.concept.label
    pos = h.end
    # "xã biên giới Ia Chia": a descriptor between the type word and the name
    sp = SPACES.match(text, pos, end)
    if sp:
        d = lx.cue("unitDescriptor").match_at(shadow, sp.end(), end)
        if d and name_after(text, shadow, d.end, end, tl):
            pos = d.end
    # provinces and cities are never numbered ("tỉnh 70 đồng chí" is a count)
    numbered = lx.level(h.concept) >= 2
    nm = name_after(text, shadow, pos, end, tl, numbered)
    if nm is None and text[pos:pos + 1] == ":":
        nm = name_after(text, shadow, pos + 1, end, tl, numbered)
    intro = None
    if nm is None and sp and (intro := lx.cue("listIntro").match_at(shadow, sp.end(), end)) is not None:
        # "3 xã gồm: A, B và C": the list opens after its intro word
        after = intro.end + (1 if text[intro.end:intro.end + 1] == ":" else 0)
        nm = name_after(text, shadow, after, end, tl, False)
        if nm and not registered(text[nm[0]:nm[1]], tl):
            nm = None        # "Hai Phó Bí thư Đảng ủy xã gồm: Lý Thị Dua, ...": people, not communes
        intro = intro if nm else None
    if nm is None and text[pos:pos + 1] == "." and type_surface.isupper():
        # "TP.Ngã Bảy", "TT. Phước Hải": an abbreviated type word and its dot
        nm = name_after(text, shadow, pos + 1, end, tl, numbered) or \
            cap_sequence(text, shadow, pos + 1, end, tl)
    name = text[nm[0]:nm[1]] if nm else None
    u = UnitMention(h.start, nm[1] if nm else h.end, h.concept, type_surface, name,
                    nm[0] if nm else -1, nm[1] if nm else -1)
    u.surface = text[u.start:u.end]
    if nm:
        u.known = registered(name, tl)
        mark = unit_mark(text, shadow, nm[1], end)
        if mark:
            _, u.old, u.new = mark
    head = len(out)
    out.append(u)
    if not nm:
        return
    plural = text[h.end:h.end + 1] == ":" or intro is not None \
        or re.search(r"\d[ \t]*$", text[max(0, h.start - 12):h.start]) or _cue_before("plural", shadow, h.start, 0)
    if not plural:
        return
    # "ba xã Ia Rmok, Ia Dreh (cũ) và Krông Năng": more names sharing the type word
    last = nm[1]
    while True:
        mark = unit_mark(text, shadow, last, end)
        if mark:
            last = mark[0]
        p = _list_sep(text, shadow, last, end)
        if p is None:
            break
        if lx.units.match_at(shadow, p, end) or lx.places.match_at(shadow, p, end):
            break
        seq = cap_sequence(text, shadow, p, end, tl)
        if not seq:
            num = NUMBER_NAME.match(text, p, end)
            if not num:
                break
            seq = (num.start(), num.end())
        m = UnitMention(seq[0], seq[1], h.concept, type_surface, text[seq[0]:seq[1]], seq[0], seq[1],
                        surface=text[seq[0]:seq[1]], list_head=head)
        m.known = registered(m.name, tl)
        om = unit_mark(text, shadow, seq[1], end)
        if om:
            m.old = om[1]
        out.append(m)
        last = seq[1]
