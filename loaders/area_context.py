"""The article's area context: which unit an unnamed "xã", "Huyện ủy" or
"tỉnh" means at a given place, across reorganisations.

The nearest named mention of that type before it (else after it) is the
unit meant, unless the text or the register says that unit is gone:

- marked old by the text ("xã A (cũ)", "tỉnh X trước đây", "trước đây thuộc
  huyện B") or a merge predecessor, anywhere in the article: every mention
  of it is skipped;
- given a successor ("tỉnh X trước đây, nay thuộc tỉnh Y"; or, in an article
  dated on or after 1 July 2025, an old province the register says was
  merged into another): the successor is meant.

Only the implicit context is redirected: a unit the text names explicitly
keeps its name (posts read those mentions directly).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Callable

from .gazetteer import is_province, province_of_district, successor
from .lexicon import CAP_WORD, lexicon
from .unit_mention import UnitMention

_SCAN = 400
_NEAR = 120      # characters: a background unit this close before is still the one meant
# between a unit (and its old mark) and a "nay thuộc" cue
_GAP = re.compile(r"[ \t]*[,(–-]?[ \t]*")
_CHAIN = re.compile(r"[ \t]*,[ \t]*")


def units_between(units: list[UnitMention], starts: list[int], a: int, b: int) -> list[UnitMention]:
    """The mentions starting in [a, b) (units sorted by start, `starts` their starts)."""
    return units[bisect_left(starts, a):bisect_left(starts, b)]


def mark_reorganisation(units: list[UnitMention], text: str, shadow: str, date: str | None) -> None:
    """Mark the mentions the text places before a reorganisation and give
    each superseded one its successor (see the module's docstring)."""
    lx = lexicon()
    starts = [u.start for u in units]
    formerly, now_part = lx.cue("formerlyIn"), lx.cue("nowPart")
    for i, u in enumerate(units):
        if not u.named:
            continue
        g = _GAP.match(text, u.end)
        # "xã A - trước đây thuộc huyện B, tỉnh C": B and C as they were
        h = formerly.match_at(shadow, g.end()) if g else None
        if h is not None:
            _mark_chain(units, starts, text, h.end)
        # "tỉnh X trước đây, nay thuộc tỉnh Y"
        h = now_part.match_at(shadow, g.end()) if g else None
        if h is not None:
            nxt = units_between(units, starts, h.end, h.end + 3)
            if nxt and nxt[0].named and not text[h.end:nxt[0].start].strip():
                u.successor = nxt[0]
    if not date:
        return
    by_identity = {u.identity(): u for u in units if u.named}
    for u in units:
        if u.named and u.successor is None and u.level == 1 and u.place is None:
            nxt = successor(u.name, date)
            if nxt is not None:
                u.successor = by_identity.get(_identity(*nxt)) or _synthetic(u, *nxt)


_FOREIGN_GAP = re.compile(r"[ \t]*(?:\(|,[ \t]*(?:nước bạn|nước|của)?)[ \t]*")
_LIST_GAP = re.compile(r"^[ \t]*(?:,|và|,[ \t]*và)?[ \t]*$")
_NAME_TAIL = re.compile(rf"^(?:[ \t]*(?:,|và|,[ \t]*và)[ \t]*{CAP_WORD}(?:[ \t]+{CAP_WORD})*)*[ \t,]*$")


def mark_before_merger(units: list[UnitMention], text: str, shadow: str) -> None:
    """The units listed right before "trước khi sáp nhập" ("các xã, thị trấn
    A, B, C trước khi sáp nhập") are the ones that were merged: past."""
    for h in lexicon().cue("beforeMerger").finditer(shadow):
        k = max((i for i, u in enumerate(units) if u.end <= h.start), default=None)
        # the list may go on in bare names ("thị trấn A, B, C trước khi sáp nhập")
        if k is None or not _NAME_TAIL.match(text[units[k].end:h.start]):
            continue
        while k >= 0:
            units[k].past = True
            if k == 0 or not _LIST_GAP.match(text[units[k - 1].end:units[k].start]):
                break
            k -= 1


def mark_foreign(units: list[UnitMention], text: str, shadow: str) -> None:
    """A unit of another country ("tỉnh Hủa Phăn (Lào)", "tỉnh Xiêng Khoảng,
    nước bạn Lào") is background: never the article's own province."""
    foreign = lexicon().cue("foreignCountry")
    for u in units:
        g = _FOREIGN_GAP.match(text, u.end)
        if g and foreign.match_at(shadow, g.end()):
            u.background = True


def mark_background(units: list[UnitMention], text: str, shadow: str) -> None:
    """Mark the units of a home town ("quê xã A, huyện B, tỉnh C") as
    background: they set the context only when nothing else does."""
    starts = [u.start for u in units]
    for h in lexicon().cue("hometown").finditer(shadow):
        g = _GAP.match(text, h.end)
        _mark_chain(units, starts, text, g.end() if g else h.end, flag="background")


def _mark_chain(units, starts, text, pos, flag: str = "past") -> None:
    """The units listed from `pos` on ("huyện B, tỉnh C") are past ones
    (or carry another `flag`)."""
    while True:
        nxt = units_between(units, starts, pos, pos + 3)
        if not nxt or text[pos:nxt[0].start].strip():
            return
        setattr(nxt[0], flag, True)
        sep = _CHAIN.match(text, nxt[0].end)
        if not sep:
            return
        pos = sep.end()


def _identity(type_label: str, name: str) -> str:
    from .lexicon import cached_key
    return cached_key(f"{type_label} {name}")


def _synthetic(old: UnitMention, type_label: str, name: str) -> UnitMention:
    """The 2025 unit an old one now belongs to, where the text does not name it."""
    concept = lexicon().units.concept_for(type_label)
    return UnitMention(old.start, old.end, concept, "", name, old.name_start, old.name_end,
                       surface=f"{type_label} {name}")


def province_like(u: UnitMention) -> bool:
    """A province, or a city governed centrally ("thành phố Cần Thơ")."""
    if u.type.props.get("province"):
        return True
    if u.place is not None:
        return is_province(u.place.props.get("unitName", ""))
    # another level-1 type ("thành phố") is a province by its name only
    return lexicon().level(u.type) == 1 and bool(u.name) and is_province(u.name)


class AreaContext:
    """Resolves an unnamed unit ("xã", "Huyện ủy", "tỉnh") to the unit the
    article is talking about there: the nearest named mention of that type
    before it (else after it), skipping old units and merge predecessors
    and following successors."""

    def __init__(self, units: list[UnitMention]):
        self.units = units
        self.starts = [u.start for u in units]
        self._gone: set[str] | None = None

    def _gone_ids(self) -> set[str]:
        # read on first use: the merger stage flags predecessors after the units stage
        if self._gone is None:
            old = {u.identity() for u in self.units
                   if u.named and (u.old or u.past or u.merged_source)}
            kept = {u.identity() for u in self.units if u.named and (u.new or u.merged_new)}
            self._gone = old - kept
        return self._gone

    def _ok(self, u: UnitMention, strict: bool, pos: int = -1) -> bool:
        if not u.named or u.old or (u.merged_source and not u.merged_new):
            return False
        # a unit the article places in the past (or someone's home town, or
        # a post held before, unless it was named just before: "Chủ tịch
        # UBND huyện A và Phó Bí thư Huyện ủy") is meant only when no current one is
        background = u.background and not 0 <= pos - u.end < _NEAR
        return not strict or not u.past and not background and u.identity() not in self._gone_ids()

    def _current(self, u: UnitMention, fits: Callable[[UnitMention], bool], strict: bool,
                 pos: int = -1) -> UnitMention | None:
        """The unit `u` stands for now: itself, or its successor when that
        is a unit of the kind asked for; None when it is gone."""
        seen = 0
        while u.successor is not None and seen < 3 and fits(u.successor):
            u, seen = u.successor, seen + 1
        if seen:
            return u
        return u if self._ok(u, strict, pos) else None

    def _scan(self, pos: int, fits: Callable[[UnitMention], bool], lookahead: bool) -> UnitMention | None:
        i = bisect_right(self.starts, pos)
        # bounded scan: articles are short, and a huge input must stay linear
        before = [u for u in reversed(self.units[max(0, i - _SCAN):i])
                  if u.named and fits(u) and (u.end <= pos + 1 or u.start < pos)]
        after = [u for u in self.units[i:i + _SCAN] if u.named and fits(u)] if lookahead else []
        # the current unit first; else (a district after 2025, a biography) the one of then
        for strict in (True, False):
            for u in before + after:
                cur = self._current(u, fits, strict, pos)
                if cur is not None:
                    return cur
        return None

    def resolve(self, pos: int, type_label: str | None = None, level: int | None = None,
                lookahead: bool = True) -> UnitMention | None:
        def fits(u: UnitMention) -> bool:
            if type_label is not None:
                return u.type.label == type_label
            return level is not None and u.level == level

        found = self._scan(pos, fits, lookahead)
        if found is None and (type_label == lexicon().province_type or level == 1):
            found = self._province_of_district(pos)
        return found

    def province(self, pos: int) -> UnitMention | None:
        """The province (or centrally governed city) the text is about at
        `pos`; where the article names none, the province of the district it
        names, if the register places that district in one province only."""
        return self._scan(pos, province_like, True) or self._province_of_district(pos)

    def _province_of_district(self, pos: int) -> UnitMention | None:
        district = self._scan(pos, lambda u: u.level == 2 and u.place is None, True)
        if district is None:
            return None
        parent = province_of_district(district.name)
        return _synthetic(district, *parent) if parent else None
