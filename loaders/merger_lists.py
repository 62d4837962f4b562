"""Lists of merged units: which mentions are places (not predecessors), which
gaps keep a list going, pairs ("các cặp xã A - B, C - D") and lists that go on
past a parenthesis ("bốn phường: A (thuộc TP X cũ) cùng B, C và D").
"""
from __future__ import annotations

import re

from .lexicon import is_cap_word, lexicon
from .lexicon import cached_key as key
from .text_shapes import HYPHEN_GAP, SPACES, words_from
from .units import UnitMention

_PUNCT = re.compile(r"[\s,:;\-–.]+|\d+(?:[.,]\d+)*")
_PAREN = re.compile(r"\([^()\n]{0,120}\)")
_LIST_SEP = re.compile(r"[ \t]*(?:,|[ \t](?:và|cùng|cùng với|với))[ \t]+")
_FILLER_ROLES = ("mergeFiller", "plural", "mergeSource", "mergeVerb", "mergeBody")
_LIST_ROLES = ("mergeFiller", "plural")


def is_filler(text: str, shadow: str, a: int, b: int, skip: list[UnitMention] = (),
              roles: tuple[str, ...] = _FILLER_ROLES) -> bool:
    """Does text[a:b] hold only list glue: punctuation, numbers, parentheses,
    filler and merge words, and the mentions in `skip` (places)?"""
    lx = lexicon()
    spans = {u.start: u.end for u in skip if a <= u.start < b}
    todo, seen = [a], set()
    # several cues may start at one place ("toàn bộ" / "toàn bộ diện tích"): try each end
    while todo:
        pos = todo.pop()
        if pos >= b:
            return True
        if pos in seen:
            continue
        seen.add(pos)
        m = _PUNCT.match(text, pos, b)
        if m and m.end() > pos:
            todo.append(m.end())
            continue
        if text[pos] == "(":
            p = _PAREN.match(text, pos, b)
            if p:
                todo.append(p.end())
            continue
        if pos in spans:
            todo.append(spans[pos])
            continue
        todo.extend(h.end for role in roles if (h := lx.cue(role).match_at(shadow, pos, b)))
    return False


def places(text: str, shadow: str, units: list[UnitMention]) -> set[int]:
    """Indexes of the mentions that say where another unit lies: after
    "thuộc", "tại" ..., or a higher unit right after a lower one ("thôn A của
    xã B", "thị trấn A, huyện B")."""
    lx = lexicon()
    out: set[int] = set()
    for i, u in enumerate(units):
        before = text[max(0, u.start - 20):u.start]
        if _ends_with_cue(shadow, u.start, "locatedIn", before):
            out.add(i)
            continue
        if i == 0:
            continue
        prev = units[i - 1]
        if prev.level and u.level and u.level < prev.level and prev.named:
            gap = re.sub(r"\([^()]*\)|\bcũ\b", " ", text[prev.end:u.start]).strip(" \t,(")
            if not gap or key(gap) in lx.cue_words["unitOf"]:
                out.add(i)
    return out


def _ends_with_cue(shadow: str, pos: int, role: str, before: str) -> bool:
    """Does a `role` cue end right before `pos` (spaces and "(" between)?"""
    stripped = before.rstrip(" \t(")
    end = pos - (len(before) - len(stripped))
    for h in lexicon().cue(role).finditer(shadow, max(0, end - 15), end):
        if h.end == end:
            return True
    return False


def chain(text: str, shadow: str, named: list[UnitMention], first: int, end: int,
          skip: list[UnitMention]) -> list[UnitMention]:
    """The list of units starting at named[first]: each next unit follows
    the previous after list glue only."""
    out = [named[first]]
    for u in named[first + 1:]:
        if u.start >= end:
            break
        if joins(text, shadow, out[-1].end, u.start, skip):
            out.append(u)
        else:
            break
    return out


def joins(text: str, shadow: str, a: int, b: int, skip: list[UnitMention]) -> bool:
    """Does text[a:b] join two members of one list?"""
    if is_filler(text, shadow, a, b, skip, _LIST_ROLES):
        return True
    # "Đảng bộ xã A và Đảng bộ xã B"; but ", Đảng bộ xã X hiện có ..." starts a new clause
    return "," not in text[a:b] and is_filler(text, shadow, a, b, skip, _LIST_ROLES + ("mergeBody",))


def pair_groups(text: str, shadow: str, a: int, b: int) -> list[list[UnitMention]] | None:
    """"các cặp xã A - B, C - D": the groups of units merged together."""
    lx = lexicon()
    for h in lx.cue("mergePair").finditer(shadow, a, b):
        sp = SPACES.match(text, h.end, b)
        t = lx.units.match_at(shadow, sp.end(), b) if sp else None
        if t is None:
            continue
        pos, groups = t.end, []
        while True:
            sp = SPACES.match(text, pos, b) if not groups else _LIST_SEP.match(text, pos, b)
            if not sp:
                break
            first = _name(text, shadow, sp.end(), b)
            hy = HYPHEN_GAP.match(text, first[1], b) if first else None
            second = _name(text, shadow, hy.end(), b) if hy else None
            if not second:
                break
            groups.append([UnitMention(s, e, t.concept, text[t.start:t.end], text[s:e], s, e, surface=text[s:e])
                           for s, e in (first, second)])
            pos = second[1]
        if len(groups) >= 2:
            return groups
    return None


def _name(text: str, shadow: str, pos: int, end: int) -> tuple[int, int] | None:
    """A run of capitalised words at `pos` that is no unit type, title or body."""
    lx = lexicon()
    last = None
    for w in words_from(text, pos, end):
        p = w.start()
        if not is_cap_word(w.group(0)) or lx.units.match_at(shadow, p, end) \
                or lx.posts.match_at(shadow, p, end) or lx.bodies.match_at(shadow, p, end):
            break
        last = w.end()
    return (pos, last) if last else None


def continue_lists(text: str, shadow: str, units: list[UnitMention]) -> list[UnitMention]:
    """Names that go on sharing a list's type word after a parenthesis:
    "bốn phường: A (thuộc TP X cũ) cùng B, C và D"."""
    lx = lexicon()
    extra: list[UnitMention] = []
    starts = {u.start for u in units}
    for i, u in enumerate(units):
        if not u.named or u.place is not None or u.from_body:
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if nxt is not None and nxt.list_head >= 0 and nxt.list_head == (u.list_head if u.list_head >= 0 else i):
            continue        # not the list's last member
        head = units[u.list_head] if u.list_head >= 0 else u
        if not _plural(text, shadow, head):
            continue
        pos = u.end
        while True:
            sp = SPACES.match(text, pos)
            p = _PAREN.match(text, sp.end() if sp else pos)
            if not p:
                break
            names = []
            pos = p.end()
            while (sep := _LIST_SEP.match(text, pos)) and sep.end() not in starts \
                    and (nm := _name(text, shadow, sep.end(), len(text))) \
                    and len(text[nm[0]:nm[1]].split()) <= 4 and not lx.places.match_at(shadow, nm[0]):
                names.append(nm)
                pos = nm[1]
            if not names:
                break
            extra.extend(UnitMention(a, b, head.type, head.type_surface, text[a:b], a, b, surface=text[a:b])
                         for a, b in names)
    return extra


def _plural(text: str, shadow: str, head: UnitMention) -> bool:
    """Is the type word of `head` plural ("các xã", "bốn phường", "phường:")?"""
    if text[head.start + len(head.type_surface):head.start + len(head.type_surface) + 1] == ":":
        return True
    before = text[max(0, head.start - 12):head.start].rstrip()
    if re.search(r"\d$", before):
        return True
    return _ends_with_cue(shadow, head.start, "plural", text[max(0, head.start - 12):head.start])
