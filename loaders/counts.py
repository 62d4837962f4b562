"""Party-member counts: "1.462 đảng viên đang sinh hoạt tại 56 chi bộ",
"61 tổ chức cơ sở đảng và 1.189 đảng viên", "thay mặt cho 255 đảng viên của
17 tổ chức cơ sở đảng", "tổng số đảng viên ... là 96.482 đồng chí",
attributed to the party organisation they describe (count_owners.py).

A number counts only when the text reports a size (a cue word "có", "với",
"gồm", "đại diện cho" ... before it, or "trực thuộc" after it); admissions
("kết nạp 26 đảng viên mới"), inspections and subsets ("trong đó 234 đảng
viên") are not sizes. Every word read here is a cue of the vocabulary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .count_owners import OrgMention, Owners
from .lexicon import Category, canon, lexicon
from .text_shapes import MAYBE_SPACES
from .units import AreaContext, UnitMention, units_between

_NUM = r"(\d{1,3}(?:\.\d{3})+|\d+)"
# "1.462 ", "76/82 " (the whole is the size): a number followed by a word
_NUMBER = re.compile(rf"(?<![\d.,/])(?:\d+[ \t]*/[ \t]*)?{_NUM}(?![\d%,/]|\.\d)[ \t]+")
_DIGIT = re.compile(r"\d")


@dataclass
class Count:
    organization: str
    area: str | None
    values: dict = field(default_factory=dict)
    sentence: tuple[int, int] = (0, 0)


@dataclass
class _Hit:
    start: int
    end: int
    value: int
    field: str
    inner: tuple[int, int] | None = None     # "tổng số đảng viên toàn Đảng bộ tỉnh là ...": owner inside


@lru_cache(maxsize=1)
def _counted() -> Category:
    """The counted nouns ("đảng viên", "chi bộ", "tổ chức cơ sở đảng"), each
    concept's notation the field it fills."""
    return Category([c for c in lexicon().vocab.scheme("cues")
                     if str(c.props.get("cueRole", "")).startswith("counted")])


def _ends_with_cue(role: str, text: str) -> bool:
    """Does a cue of `role` end `text` (within its last three words)?"""
    words = text.split()
    tail = canon(" ".join(words[-3:]))
    return any(h.end >= len(tail) - 1 for h in lexicon().cue(role).finditer(tail))


def _strip_modifier(text: str) -> str:
    t = text.rstrip()
    for h in lexicon().cue("countModifier").finditer(canon(t)):
        if h.end == len(t):
            return t[:h.start].rstrip()
    return t


def _is_size(text: str, shadow: str, start: int, end: int, s: int) -> bool:
    lx = lexicon()
    before = text[max(s, start - 40):start]
    clause = re.split(r"[;:]", before)[-1]
    if lx.has_cue("countNot", clause[-30:]):
        return False
    if lx.has_cue("countBreakdown", text[s:start].split(";")[-1]):
        return False      # "..., trong đó có 575 đảng viên nữ, 162 ...": parts, not sizes
    sp = MAYBE_SPACES.match(text, end)
    if lx.cue("countAfterNot").match_at(shadow, sp.end()):
        return False
    if lx.cue("countAfterYes").match_at(shadow, sp.end()):
        return True
    b = _strip_modifier(clause)
    return bool(b.split()) and (_ends_with_cue("count", b) or b.endswith(","))


def _sizes(text: str, shadow: str, s: int, e: int, owners: Owners) -> list[_Hit]:
    out = []
    d = _DIGIT.search(text, s, e)
    if d is None:
        return out
    for m in _NUMBER.finditer(text, d.start(), e):
        noun = _counted().match_at(shadow, m.end(), e)
        if noun is None or not _is_size(text, shadow, m.start(), noun.end, s):
            continue
        out.append(_Hit(m.start(), noun.end, int(m.group(1).replace(".", "")), noun.concept.notation))
    out.extend(_totals(text, shadow, s, e, {h.start for h in out}, owners))
    return sorted(out, key=lambda h: h.start)


_TOTAL = re.compile(r"(?<!\w)số[ \t]+", re.IGNORECASE)
_TOTAL_NUM = re.compile(rf"[ \t]+{_NUM}(?![\d%,/]|\.\d)")


def _totals(text: str, shadow: str, s: int, e: int, taken: set[int], owners: Owners) -> list[_Hit]:
    """"Tổng số đảng viên toàn Đảng bộ tỉnh hiện là 96.482 đồng chí": the
    counted noun before its number."""
    lx = lexicon()
    out = []
    for t in _TOTAL.finditer(text, s, e):
        noun = _counted().match_at(shadow, t.end(), e)
        if noun is None:
            continue
        # the verb ends the subject: no number or clause break before it
        stop = re.search(r"[\d;:.,]", text[noun.end:e])
        limit = noun.end + stop.start() if stop else e
        verbs = lx.cue("countTotalVerb").finditer(shadow, noun.end, limit)
        if not verbs or not _plain_subject(shadow, noun.end, verbs[0].start, owners, s, e):
            continue
        p = MAYBE_SPACES.match(text, verbs[0].end).end()
        mod = lx.cue("countModifier").match_at(shadow, p, e)
        n = _TOTAL_NUM.match(text, mod.end if mod else verbs[0].end, e)
        if n is None or n.start(1) in taken:
            continue
        after = MAYBE_SPACES.match(text, n.end()).end()
        again = _counted().match_at(shadow, after, e)
        if again and again.concept.notation != noun.concept.notation:
            continue        # "số đảng viên ... là 30 chi bộ": not this total
        unit = lx.cue("countUnit").match_at(shadow, after, e)
        out.append(_Hit(t.start(), unit.end if unit else n.end(), int(n.group(1).replace(".", "")),
                        noun.concept.notation, (noun.end, verbs[0].start)))
    return out


def _plain_subject(shadow: str, a: int, b: int, owners: Owners, s: int, e: int) -> bool:
    """Between "tổng số đảng viên" and its verb only whose total it is
    ("toàn Đảng bộ tỉnh", "hiện"), not a subset ("là người dân tộc thiểu số")."""
    lx = lexicon()
    spans = [(m.start, m.end) for m in owners.mentions(s, e) if a <= m.start < b] \
        + [(u.start, u.end) for u in units_between(owners.units, owners.ctx.starts, a, b) if not u.is_person]
    p = a
    while True:
        p = MAYBE_SPACES.match(shadow, p).end()
        if p >= b:
            return True
        span = next((sp for sp in spans if sp[0] == p), None)
        hit = lx.cue("countOwnerAfter").match_at(shadow, p, b) or lx.cue("countModifier").match_at(shadow, p, b)
        if span:
            p = span[1]
        elif hit:
            p = hit.end
        else:
            return False


# counts in one run ("1.063 đảng viên, sinh hoạt tại 53 tổ chức đảng") are of one organisation
_RUN_GAP = 80


def _runs(text: str, hits: list[_Hit], owners: Owners, s: int, e: int) -> list[list[_Hit]]:
    runs: list[list[_Hit]] = []
    for h in hits:
        if runs:
            prev = runs[-1][-1]
            gap = text[prev.end:h.start]
            named = [m for m in owners.mentions(s, e) if prev.end <= m.start < h.start and not m.counted]
            if not named and ";" not in gap and len(gap) <= _RUN_GAP and h.inner is None and prev.inner is None:
                runs[-1].append(h)
                continue
        runs.append([h])
    return runs


def find_counts(text: str, sentences: list[tuple[int, int]], units: list[UnitMention]) -> list[Count]:
    shadow = canon(text)
    ctx = AreaContext(units)
    owners = Owners(text, shadow, units, ctx, sentences)
    out: list[Count] = []
    seen: set[tuple[str, str, int]] = set()
    for s, e in sentences:
        if not _DIGIT.search(text, s, e):
            continue
        hits = _sizes(text, shadow, s, e, owners)
        if not hits:
            continue
        by_owner: dict[tuple, Count] = {}
        for run in _runs(text, hits, owners, s, e):
            org, unit = _owner(text, shadow, run, s, e, units, ctx, owners)
            if org is None:
                continue
            area = unit.area if unit else None
            c = by_owner.get((org, area))
            for h in run:
                k = (canon(org).lower(), h.field, h.value)
                if k in seen:       # the same size said again (headline, summary)
                    continue
                seen.add(k)
                if c is None or h.field in c.values:
                    c = Count(org, area, {}, (s, e))
                    by_owner[(org, area)] = c
                    out.append(c)
                c.values[h.field] = h.value
    return out


def _owner(text: str, shadow: str, run: list[_Hit], s: int, e: int, units: list[UnitMention],
           ctx: AreaContext, owners: Owners) -> tuple[str | None, UnitMention | None]:
    lx = lexicon()
    mentions = owners.mentions(s, e)
    first, last = run[0], run[-1]
    # "tổng số đảng viên toàn Đảng bộ tỉnh là ...": named inside the phrase
    if first.inner:
        inner = [m for m in mentions if first.inner[0] <= m.start < first.inner[1]]
        if inner:
            return _of(inner[0], owners)
        # "tổng số đảng viên trong toàn tỉnh là ..."
        u = next((u for u in units_between(units, ctx.starts, *first.inner) if not u.is_person), None)
        if u is not None:
            return _unit_org(owners, u, s)
    # "76/82 đảng viên Đảng bộ Sở Nội vụ", "32.816 đảng viên ... trong toàn Đảng bộ tỉnh"
    sp = MAYBE_SPACES.match(text, last.end)
    p = sp.end()
    cue = lx.cue("countOwnerAfter").match_at(shadow, p, e)
    if cue:
        p = MAYBE_SPACES.match(text, cue.end).end()
    after = next((m for m in mentions if m.start == p and not m.counted), None)
    if after is not None:
        return _of(after, owners)
    if cue:
        u = next((u for u in units_between(units, ctx.starts, p, p + 1) if not u.is_person), None)
        if u is not None:           # "45.582 đảng viên trong toàn tỉnh"
            return _unit_org(owners, u, s)
    # the organisation the clause is about, before the count
    semicolon = text.rfind(";", s, first.start)
    seg = semicolon + 1 if semicolon >= 0 else s
    for lo, hi in ((seg, first.start), (s, seg)):
        cands = [m for m in mentions if lo <= m.start < hi and not m.counted and not m.complement]
        if cands:
            return _of(cands[-1], owners)
        if lo == seg:
            u = _unit_before(text, units, ctx, lo, hi, s)
            if u is not None:
                return _unit_org(owners, u, s)
    # nothing in the sentence: the organisation the previous sentences were about
    m = owners.last_before(s, 600)
    return _of(m, owners) if m else (None, None)


def _unit_org(owners: Owners, u: UnitMention, s: int) -> tuple[str | None, UnitMention | None]:
    """A unit counted without its party body: a village's is its Chi bộ, others' their Đảng bộ."""
    r = owners.resolve(u, s)
    if r is None:
        return None, None
    body = lexicon().party_org_for_level(lexicon().level(r.type)).label
    return f"{body} {owners.written(r)}", r


def _of(m: OrgMention, owners: Owners) -> tuple[str | None, UnitMention | None]:
    if m.bare:
        m = owners.bare_owner(m)
        if m is None:
            return None, None
    return m.organization, m.unit


def _unit_before(text: str, units: list[UnitMention], ctx: AreaContext, lo: int, hi: int,
                 s: int) -> UnitMention | None:
    best = None
    for u in units_between(units, ctx.starts, lo, hi):
        # "(xã Ia Mơ)" only locates
        if not u.is_person and not u.from_body and text.count("(", s, u.start) <= text.count(")", s, u.start):
            best = u
    return best
