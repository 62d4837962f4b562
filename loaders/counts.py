"""Party-member counts: "1.462 đảng viên đang sinh hoạt tại 56 chi bộ",
"61 tổ chức cơ sở đảng và 1.189 đảng viên", "thay mặt cho 255 đảng viên của
17 tổ chức cơ sở đảng", attributed to the party organisation they describe.

A number counts only when the text reports a size (cue words "có", "với",
"gồm", "đại diện cho" ... before it, or "trực thuộc" after it); admissions
("kết nạp 26 đảng viên mới"), inspections and subsets ("trong đó 234 đảng
viên") are not sizes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import canon, lexicon
from .units import AreaContext, UnitMention, units_between

_NUM = r"(\d{1,3}(?:\.\d{3})+|\d+)"
_COUNT = re.compile(
    rf"(?<![\d.,/])(?:\d+[ \t]*/[ \t]*)?{_NUM}(?![\d%,]|\.\d)[ \t]+"
    r"(đảng viên|chi bộ|tổ chức cơ sở đảng|tổ chức cơ sở Đảng|TCCS đảng|tổ chức đảng|tổ chức Đảng)(?!\w)")
_DIGIT = re.compile(r"\d")
# what every _COUNT match contains (its counted noun): a sentence without it is not scanned
_COUNTED = re.compile(r"đảng viên|chi bộ|tổ chức|TCCS đảng")
_FIELD = {"đảng viên": "party_members", "chi bộ": "party_cells"}
_MODIFIER = re.compile(r"(?:trên|khoảng|gần|hơn|tổng cộng|tổng số|hiện|toàn bộ)[ \t]*$", re.IGNORECASE)
_AFTER_NOT = re.compile(r"[ \t]+(?:mới|dự bị|vi phạm|được|là)\b")
_AFTER_YES = re.compile(r"[ \t]+(?:trực thuộc|đang sinh hoạt|sinh hoạt)\b")
_OWNER_AFTER = re.compile(r"[ \t]+(?:của|thuộc)?[ \t]*(?=(?:Đảng bộ|Chi bộ|đảng bộ|chi bộ)\b)")


@dataclass
class Count:
    organization: str
    area: str | None
    values: dict = field(default_factory=dict)
    sentence: tuple[int, int] = (0, 0)


def _field(word: str) -> str:
    return _FIELD.get(word, "base_organizations")


def _is_size(text: str, shadow: str, start: int, end: int, s: int) -> bool:
    lx = lexicon()
    before = text[max(s, start - 40):start]
    clause = re.split(r"[;:]", before)[-1]
    if lx.has_cue("countNot", clause[-30:]):
        return False
    if _AFTER_NOT.match(text, end):
        return False
    if _AFTER_YES.match(text, end):
        return True
    b = _MODIFIER.sub("", clause.rstrip()).rstrip()
    words = b.split()
    tail = " ".join(words[-3:]) if words else ""
    if not tail:
        return False
    cue = lx.cue("count")
    # the cue must be among the last words before the number
    return any(h.end >= len(canon(tail)) - 1 for h in cue.finditer(canon(tail))) or b.endswith(",")


def find_counts(text: str, sentences: list[tuple[int, int]], units: list[UnitMention]) -> list[Count]:
    shadow = canon(text)
    ctx = AreaContext(units)
    out: list[Count] = []
    for s, e in sentences:
        hits = []
        # a count starts with a digit: scan from the sentence's first one
        d = _DIGIT.search(text, s, e)
        if d is None or not _COUNTED.search(text, d.start(), e):
            continue
        for m in _COUNT.finditer(text, d.start(), e):
            if not _is_size(text, shadow, m.start(), m.end(), s):
                continue
            value = int(m.group(1).replace(".", ""))
            hits.append((m, value, _field(m.group(2))))
        if not hits:
            continue
        by_owner: dict[tuple, Count] = {}
        for m, value, fld in hits:
            org, unit = _owner(text, shadow, m, s, e, units, ctx)
            if unit is None and org is None:
                continue
            area = unit.area if unit else None
            k = (org, area)
            c = by_owner.get(k)
            if c is None or fld in c.values:
                c = Count(org, area, {}, (s, e))
                by_owner[k] = c
                out.append(c)
            c.values[fld] = value
    return out


def _owner(text, shadow, m, s, e, units, ctx) -> tuple[str | None, UnitMention | None]:
    lx = lexicon()
    # "19 trong số 20 đảng viên của Chi bộ bon B’Tong", "76/82 đảng viên Đảng bộ Sở Nội vụ"
    after = _OWNER_AFTER.match(text, m.end(), e)
    if after:
        h = lx.bodies.match_at(shadow, after.end(), e)
        if h and h.concept.label in ("Đảng bộ", "Chi bộ"):
            return _body_owner(text, h, e, units, ctx)
    # otherwise the nearest organisation or unit before it in the sentence
    best = None
    for h in lx.bodies.finditer(shadow, s, m.start()):
        if h.concept.label in ("Đảng bộ", "Chi bộ"):
            best = ("body", h)
    for u in units_between(units, ctx.starts, s, m.start()):
        if not u.is_person and not u.from_body \
                and text.count("(", s, u.start) <= text.count(")", s, u.start):   # "(xã Ia Mơ)" only locates
            if best is None or (best[0] == "body" and u.start > best[1].end) or \
                    (best[0] == "unit" and u.start > best[1].start):
                best = ("unit", u)
    if best and best[0] == "body":
        return _body_owner(text, best[1], e, units, ctx)
    if best:
        u = best[1]
        if not u.named:
            u = ctx.resolve(u.start, type_label=u.type.label)
        if u is None:
            return None, None
        return f"Đảng bộ {u.written}", u
    # nothing in the sentence: the organisation the previous sentences were about
    prev = [h for h in lx.bodies.finditer(shadow, max(0, s - 600), s) if h.concept.label in ("Đảng bộ", "Chi bộ")]
    if prev:
        return _body_owner(text, prev[-1], len(text), units, ctx)
    return None, None


def _body_owner(text, h, e, units, ctx) -> tuple[str | None, UnitMention | None]:
    body = h.concept.label
    nxt = next((u for u in units_between(units, ctx.starts, h.end, h.end + 200) if not u.is_person), None)
    if nxt and not text[h.end:nxt.start].strip():
        u = nxt if nxt.named else ctx.resolve(nxt.start, type_label=nxt.type.label)
        if u is not None:
            return f"{body} {u.written}", u
        return None, None
    # "Đảng bộ Sở Nội vụ", "Đảng bộ Quỹ ... tỉnh": a provincial body
    rest = re.match(r"[ \t]+([A-ZĐ][^,.;:()]{0,80})", text[h.end:e])
    if rest and not text[h.end:h.end + 2].strip() == "" or rest and rest.group(1)[:1].isupper():
        words = re.split(r"\s+(?:với|có|tổ chức|đại hội|dự|đại diện|thay mặt)\b", rest.group(1))[0]
        prov = ctx.province(h.start)
        return f"{body} {words.strip()}", prov
    # "toàn Đảng bộ", "chi bộ": the unit the text is about here
    level = 4 if body == "Chi bộ" else 3
    u = ctx.resolve(h.start, level=level, lookahead=False)
    return (f"{body} {u.written}", u) if u else (None, None)
