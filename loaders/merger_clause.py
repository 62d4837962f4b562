"""One clause of a merger sentence -> (new unit, predecessor) pairs.

  * forward: a cue right before a unit names the new unit(s) ("hợp nhất thành
    xã X", "có tên gọi là tỉnh X", "nhập xã A vào xã B"); the predecessors are
    the list just before the cue, or the list after a source cue right after
    the new unit ("thành lập xã X trên cơ sở ... xã A, xã B"). Several new
    units take their predecessors in order ("lần lượt", "nguyên trạng");
  * source: a cue followed by a list of units ("hình thành từ", "gồm",
    "trên cơ sở sáp nhập ... của các xã A, B"); the new unit is the unit
    mentioned right before the cue (an unnamed "Phường" is the one the
    article is about; "tỉnh X - tỉnh mới" is X); with none, the first unit
    after the list ("hợp nhất 4 địa phương gồm: ..., hiện xã X").
Places ("thuộc huyện Y", "thôn A của xã B") are never predecessors.
"""
from __future__ import annotations

import re

from .lexicon import CAP_WORD, Hit, is_cap_word, lexicon
from .lexicon import cached_key as key
from .merger_lists import chain, is_filler, joins, pair_groups, places
from .units import AreaContext, UnitMention

_TARGET_GAP = re.compile(r"[ \t]*(?:là[ \t]+)?")
_APPOSITION = re.compile(r"[ \t]*[-–,][ \t]*")
_PLURAL_NUM = re.compile(r"\d+[ \t]*$")
_PARTNER = re.compile(rf"[ \t]*(?:\((?:mới)\)|mới)?[ \t]*(?:từ[ \t]+ngày[ \t]+[\d/.\-]+)?[ \t]*,[ \t]*"
                      rf"({CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}})")
_FORWARD_GAP_ROLES = ("mergeFiller", "plural", "mergeSource", "mergeVerb", "mergeForward")
_NEAR_SOURCE = 40

Pair = tuple[UnitMention, UnitMention | str]


def clause_mergers(text: str, shadow: str, a: int, b: int, us: list[UnitMention], ctx: AreaContext,
                   hits: dict[str, list[Hit]]) -> list[Pair]:
    """The mergers one clause text[a:b] states; `us` its unit mentions,
    `hits` the (filtered) merge cues by role."""
    place_idx = places(text, shadow, us)
    where = [u for i, u in enumerate(us) if i in place_idx]
    named = [u for i, u in enumerate(us) if u.named and i not in place_idx]
    if not named:
        return []
    out: list[Pair] = []
    used: list[tuple[int, int]] = []
    floor = a
    groups = pair_groups(text, shadow, a, b)
    if groups:
        spans = [(g[0].start, g[-1].end) for g in groups]
        named = [u for u in named if not any(s <= u.start < e for s, e in spans)]
    for h in hits["mergeForward"]:
        if h.start < floor:
            continue
        nxt = next((u for u in named if u.start >= h.end), None)
        if nxt is None or _TARGET_GAP.fullmatch(text, h.end, nxt.start) is None:
            continue
        news = [u for u in chain(text, shadow, named, named.index(nxt), b, where) if u.type is nxt.type]
        preds = _before(text, shadow, named, where, floor, h.start, unnamed=us)
        if not preds:
            # "Sắp xếp ... của các phường A, B ... sau khi sắp xếp theo khoản 1 thành phường mới ..."
            preds = next((lst for s in reversed(hits["mergeSource"]) if floor <= s.start < h.start
                          and (lst := _list_after(text, shadow, named, where, s, h.start))), [])
        end = news[-1].end
        src = next((s for s in hits["mergeSource"] if end <= s.start <= end + _NEAR_SOURCE
                    and not any(end <= u.start < s.start for u in named)), None)
        if src is not None:
            after = _list_after(text, shadow, named, where, src, b)
            preds += after
            end = after[-1].end if after else end
        start = preds[0].start if preds else h.start
        if groups and all(floor <= g[0].start and g[-1].end <= h.start for g in groups):
            sets = groups
        else:
            preds = [u for u in preds if u.level == news[0].level]
            sets = [[u] for u in preds]
        new_list = news
        if len(news) == 1 and news[0].old and len(preds) >= 2 and preds[0] is named[0]:
            # "Xã Ia Lâu mới ra đời trên cơ sở nhập xã Ia Piơr vào xã Ia Lâu (cũ)"
            new_list, sets = [preds[0]], [[u] for u in preds[1:]] + [[news[0]]]
        out.extend(_assign(new_list, sets))
        out.extend(_partner(text, shadow, a, b, preds, news))
        used.append((start, end))
        floor = end
    for s in hits["mergeSource"]:
        if any(x <= s.start < y for x, y in used):
            continue
        lst = _list_after(text, shadow, named, where, s, b)
        if not lst or any(x <= u.start < y for u in lst for x, y in used):
            continue
        lo = max([y for x, y in used if y <= s.start], default=a)
        new = _subject(text, us, where, lst, lo, s.start, ctx)
        if new is False:
            continue
        if new is None:
            # "hợp nhất 4 địa phương gồm: ..., hiện Đảng bộ xã Hạ Hòa"
            if any(u.end <= s.start and lo <= u.start for u in named):
                continue
            new = next((u for u in named if u.start >= lst[-1].end), None)
            if new is None or any(x <= new.start < y for x, y in used):
                continue
        out.extend((new, u) for u in lst if u.level == new.level and u is not new)
        used.append((s.start, lst[-1].end))
    return out


def _before(text: str, shadow: str, named: list[UnitMention], where: list[UnitMention], lo: int, hi: int,
            unnamed: list[UnitMention]) -> list[UnitMention]:
    """The list of units ending right before a forward cue at `hi`."""
    cands = [u for u in named if lo <= u.start and u.end <= hi]
    if not cands:
        return []
    skip = where + [u for u in unnamed if not u.named]
    if not is_filler(text, shadow, cands[-1].end, hi, skip, _FORWARD_GAP_ROLES):
        return []
    out = [cands[-1]]
    for u in reversed(cands[:-1]):
        if not (joins(text, shadow, u.end, out[0].start, skip)
                or is_filler(text, shadow, u.end, out[0].start, skip, _FORWARD_GAP_ROLES)):
            break
        out.insert(0, u)
    return out


def _list_after(text: str, shadow: str, named: list[UnitMention], where: list[UnitMention], s: Hit,
                b: int) -> list[UnitMention]:
    """The list of units a source cue introduces (only glue between)."""
    i = next((i for i, u in enumerate(named) if u.start >= s.end), None)
    if i is None or named[i].start >= b or not is_filler(text, shadow, s.end, named[i].start, where):
        return []
    return chain(text, shadow, named, i, b, where)


def _subject(text: str, us: list[UnitMention], where: list[UnitMention], lst: list[UnitMention],
             lo: int, hi: int, ctx: AreaContext) -> UnitMention | None | bool:
    """The new unit of a source cue at `hi`: the unit mentioned right before it
    (False: a plural "Hai tỉnh ..." that names no new unit)."""
    levels = {u.level for u in lst}
    before = [u for u in us if lo <= u.start and u.end <= hi and u not in where and u.level in levels]
    if not before:
        return None
    u = before[-1]
    if u.named:
        return u
    pre = text[max(0, u.start - 12):u.start]
    if _PLURAL_NUM.search(pre) or _ends_plural(text, u):
        return False
    # "tỉnh Phú Thọ - tỉnh mới được thành lập trên cơ sở ..."
    prev = next((p for p in reversed(us) if p.end <= u.start), None)
    if prev is not None and prev.named and prev.type is u.type and _APPOSITION.fullmatch(text, prev.end, u.start):
        return prev
    got = ctx.resolve(u.start, type_label=u.type.label)
    return got if got is not None else False


def _ends_plural(text: str, u: UnitMention) -> bool:
    words = text[max(0, u.start - 12):u.start].split()
    return bool(words) and key(words[-1]) in lexicon().cue_words["plural"]


def _assign(news: list[UnitMention], sets: list[list[UnitMention]]) -> list[Pair]:
    """One new unit takes all; several take theirs in order, when the counts agree."""
    if len(news) == 1:
        return [(news[0], u) for g in sets for u in g if u is not news[0]]
    if len(news) == len(sets):
        return [(n, u) for n, g in zip(news, sets) for u in g]
    return []


def _partner(text: str, shadow: str, a: int, b: int, preds: list[UnitMention],
             news: list[UnitMention]) -> list[Pair]:
    """"Trước khi cùng tỉnh Hưng Yên hợp nhất thành tỉnh Hưng Yên (mới),
    Thái Bình ...": the clause's subject after the comma is a predecessor too."""
    if len(preds) != 1 or len(news) != 1 or not re.search(r"\bcùng[ \t]*$", text[a:preds[0].start]):
        return []
    pm = _PARTNER.match(text, news[0].end, b)
    if pm and is_cap_word(pm.group(1).split()[0]) and not lexicon().units.match_at(shadow, pm.start(1)):
        return [(news[0], pm.group(1))]
    return []
