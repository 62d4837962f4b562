"""A sentence as a row of items: the first step of the posts stage.

Titles, bodies, units, honorifics and cue words are found by the lexicon
(longest first, no overlaps but a title sharing its last word with the body
or unit it heads: `_accept`); the gaps between them are read as names (runs
of capitalised words), punctuation and plain words. posts.py and the rule
modules around it (post_chains, post_lists, seats, careers) read this row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from partygraph.ontology.vocabulary import Concept

from .gazetteer import is_place_name
from .lexicon import CAP_WORD, is_cap_word, lexicon
from .units import UnitMention, units_between

_CAP_RUN = re.compile(rf"{CAP_WORD}(?:[ \t]+{CAP_WORD})*")
_PUNCT = re.compile(r"[,;:()\-–—\"“”]")
_WORD = re.compile(r"[^\W_][\w'’]*|\d[\d.,/%\-]*")
# the cue roles a sentence's items are read with
_ITEM_CUES = ("former", "formerClause", "copula", "join", "central", "career", "leave", "transfer", "present",
              "sequence", "timeWord", "listIntro", "bodyModifier", "retire", "nominate",
              "seatJoin", "seatLeave", "replaces", "appliesTo", "until", "appoint")


@dataclass(slots=True)
class Item:
    """One piece of a sentence: a title, body, unit, honorific, cue word, or
    (in the gaps between them) a name, punctuation mark or plain word."""
    kind: str            # POST BODY UNIT HON CUE NAME PUNCT WORD
    start: int
    end: int
    concept: Concept | None = None
    unit: UnitMention | None = None
    role: str = ""       # cue role
    text: str = ""


def _accept(cands: list[Item]) -> list[Item]:
    """Longest candidates first, no overlaps, except a title whose last word
    starts its body ("Trưởng ban" + "Ban Tuyên giáo") or unit ("Trưởng thôn" + "thôn 7")."""
    cands.sort(key=lambda it: (-(it.end - it.start), it.start))
    accepted: list[Item] = []
    for c in cands:
        ok = True
        for a in accepted:
            if c.start < a.end and a.start < c.end:
                if _tail_overlap(a, c) or _tail_overlap(c, a):
                    continue
                ok = False
                break
        if ok:
            accepted.append(c)
    accepted.sort(key=lambda it: (it.start, it.end))
    return accepted


def _tail_overlap(post: Item, other: Item) -> bool:
    if post.kind != "POST" or not post.concept:
        return False
    if other.kind == "BODY" and "headsBody" in post.concept.props:
        return post.start < other.start < post.end <= other.end or \
            (post.start < other.start and other.end >= post.end)
    if other.kind == "UNIT" and "headOfUnit" in post.concept.props:
        return post.start < other.start < post.end
    return False


def sentence_items(text: str, shadow: str, s: int, e: int, units: list[UnitMention],
                   starts: list[int] | None = None) -> list[Item]:
    """The items of the sentence text[s:e], in order (`shadow` is canon(text);
    `starts` the units' starts, to pick the sentence's units fast)."""
    lx = lexicon()
    if starts is not None:
        units = units_between(units, starts, s, e)
    cands: list[Item] = []
    hits = lx.posts.finditer(shadow, s, e)
    i = 0
    while i < len(hits):
        h = hits[i]
        i += 1
        if _title_cased(text, h.start, h.end, shadow, h.concept.props.get("headsBody")):
            cands.append(Item("POST", h.start, h.end, h.concept))
            continue
        # a match that straddles two words hides the title after it: read on from its second word
        gap = text.find(" ", h.start, h.end)
        if gap != -1:
            hits = hits[:i] + [x for x in lx.posts.finditer(shadow, gap + 1, e)]

    for h in lx.bodies.finditer(shadow, s, e):
        cands.append(Item("BODY", h.start, h.end, h.concept))
    for h in lx.honorifics.finditer(shadow, s, e):
        if text[h.start].isupper() and h.start > s and _prev_is_cap(text, h.start):
            continue
        if h.concept.label[:1].isupper() and not text[h.start].isupper():
            continue      # a rank or degree is capitalised before a name ("trình độ tiến sĩ Kinh tế" is none)
        if text[h.start].isupper() and _starts_place(text, h.start, e):
            continue      # "Bà Rịa", "Ông Ích Khiêm": a place, not "Mrs Rịa"
        cands.append(Item("HON", h.start, h.end, h.concept))
    for role in _ITEM_CUES:
        for h in lx.cue(role).finditer(shadow, s, e):
            if text[h.start].isupper() and _prev_is_cap(text, h.start):
                continue
            cands.append(Item("CUE", h.start, h.end, h.concept, role=role))
    for u in units:
        if s <= u.start and u.end <= e and not u.from_body:
            cands.append(Item("UNIT", u.start, u.end, unit=u))
    items = _accept(cands)
    # committee names ("Tỉnh ủy Gia Lai") join the committee as a unit item
    for u in units:
        if s <= u.start and u.end <= e and u.from_body and not any(
                it.start < u.end and u.start < it.end for it in items):
            items.append(Item("UNIT", u.start, u.end, unit=u))
    items.sort(key=lambda it: (it.start, it.end))
    # names and punctuation in the gaps
    out: list[Item] = []
    pos = s
    for it in items + [Item("END", e, e)]:
        _gap_items(text, pos, it.start, out)
        if it.kind != "END":
            out.append(it)
        pos = max(pos, it.end)
    return out


def _title_cased(text: str, a: int, b: int, shadow: str, heads: str | None = None) -> bool:
    """Is text[a:b] written as a title? Titles are capitalised, or written
    all in lower case ("kiêm chủ tịch HĐND"); a lower-case start with a
    capital inside ("chức vụ Trưởng ban") straddles two words, and a
    lower-case title right after the first half of a compound ("cán bộ
    trưởng thành") is that compound."""
    if text[a].isupper():
        return True
    inner = [w for w in text[a:b].split()[1:] if w[:1].isupper()]
    if inner and not (heads and inner[0] == heads.split()[0]):
        return False      # ("trưởng Ban Tuyên giáo": the title heads the Ban written after it)
    prev_start = text.rfind(" ", 0, max(0, a - 1)) + 1
    return not lexicon().cue("compound").match_at(shadow, prev_start, b)


def _starts_place(text: str, pos: int, end: int) -> bool:
    """Does a capitalised run starting at `pos` (honorific-like word first)
    name a place the register knows ("Bà Rịa", "Bà Rịa - Vũng Tàu")?"""
    m = _CAP_RUN.match(text, pos, end)
    if not m or " " not in m.group(0):
        return False
    words = m.group(0).split()
    return any(is_place_name(" ".join(words[:n])) for n in range(len(words), 1, -1))


def _prev_is_cap(text: str, pos: int) -> bool:
    """Is the word right before `pos` (one space away) a capitalised name word?"""
    j = pos - 1
    if j < 0 or text[j] != " ":
        return False
    k = j
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] in "'’"):
        k -= 1
    w = text[k:j]
    return bool(w) and is_cap_word(w)


# the next name, punctuation mark or word (in that order of preference)
_GAP_ITEM = re.compile(rf"({_CAP_RUN.pattern})|({_PUNCT.pattern})|{_WORD.pattern}")


def _gap_items(text: str, a: int, b: int, out: list[Item]) -> None:
    """Names, punctuation and words in text[a:b]: at each place a run of
    capitalised words, else a punctuation mark, else a word; other
    characters are skipped."""
    pos = a
    append = out.append
    while pos < b:
        for m in _GAP_ITEM.finditer(text, pos, b):
            g = m.lastindex
            # Item(kind, start, end, concept, unit, role, text), positionally:
            # this runs for every word of the sentences read
            if g is None:
                append(Item("WORD", m.start(), m.end(), None, None, "", m.group(0)))
            elif g == 2:
                append(Item("PUNCT", m.start(), m.end(), None, None, "", m.group(0)))
            else:
                t = m.group(0)
                if not is_cap_word(t.split()[0]):
                    # "HĐND": capitals but not a name syllable, read as a
                    # word; go on from its end
                    w = _WORD.match(text, m.start(), b)
                    append(Item("WORD", w.start(), w.end(), None, None, "", w.group(0)))
                    pos = w.end()
                    break
                append(Item("NAME", m.start(), m.end(), None, None, "", t))
        else:
            return
