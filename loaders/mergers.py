"""Unit mergers: one fact per (new unit, predecessor).

A sentence with a merge word (sáp nhập, hợp nhất, nhập, sắp xếp, hợp thành,
về chung một nhà, ra đời, "toàn bộ diện tích" ... from the vocabulary's cue
scheme) is read clause by clause (";"), see `merger_clause`. Merge words that
name no merger are dropped first: negated ("không thuộc diện sáp nhập"), in a
time adverbial ("Trước khi hợp nhất, ..."), the reform as a whole ("về sắp
xếp các đơn vị hành chính cấp xã thuộc tỉnh X") and splits ("tách ra từ").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import valid_date
from .lexicon import Hit, canon, lexicon
from .merger_clause import clause_mergers
from .merger_lists import continue_lists
from .units import AreaContext, UnitMention, units_between

_EFFECTIVE = re.compile(r"(?:từ|kể từ|có hiệu lực từ)[ \t]+ngày[ \t]+(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", re.IGNORECASE)
_NEGATION = re.compile(r"\bkhông\b[^,;.]{0,25}$", re.IGNORECASE)
_GENERIC_LIST = re.compile(r"[^.;:]{0,30}:")
_ROLES = ("mergeVerb", "mergeForward", "mergeSource")


@dataclass
class Merger:
    unit: UnitMention
    source: UnitMention | str
    sentence: tuple[int, int]
    effective_date: str | None = None

    @property
    def unit_area(self) -> str:
        return self.unit.area

    @property
    def source_area(self) -> str:
        if isinstance(self.source, str):
            return f"{self.unit.type.label} {self.source}"
        return self.source.area


def find_mergers(text: str, sentences: list[tuple[int, int]], units: list[UnitMention]) -> list[Merger]:
    shadow = canon(text)
    ctx = AreaContext(units)
    every = sorted(units + continue_lists(text, shadow, units), key=lambda u: (u.start, u.end))
    starts = [u.start for u in every]
    out: list[Merger] = []
    for s, e in sentences:
        hits = _hits(text, shadow, s, e)
        marked = re.search(r"\b(?:mới|cũ)\b", text[s:e])
        if not hits["mergeVerb"] and not (marked and re.search(r"\bgồm\b", text[s:e])):
            continue
        eff = _EFFECTIVE.search(text, s, e)
        effective = valid_date(int(eff.group(3)), int(eff.group(2)), int(eff.group(1))) if eff else None
        for a, b in _clauses(text, shadow, s, e):
            us = [u for u in units_between(every, starts, a, b) if not u.from_body and not u.is_person]
            if not us:
                continue
            clause_hits = {r: [h for h in hs if a <= h.start < b] for r, hs in hits.items()}
            for new, src in clause_mergers(text, shadow, a, b, us, ctx, clause_hits):
                out.append(Merger(new, src, (s, e), effective))
    # flag units so area context skips predecessors
    for m in out:
        m.unit.merged_new = True
        if isinstance(m.source, UnitMention):
            m.source.merged_source = True
    seen = set()
    uniq = []
    for m in out:
        k = (m.unit.identity(), canon(m.source_area).lower())
        if k not in seen:
            seen.add(k)
            uniq.append(m)
    return uniq


def _hits(text: str, shadow: str, s: int, e: int) -> dict[str, list[Hit]]:
    """The merge cues of a sentence, without those that name no merger."""
    lx = lexicon()
    dead: list[tuple[int, int]] = []
    for h in lx.cue("mergeGeneric").finditer(shadow, s, e):
        if not _GENERIC_LIST.match(text, h.end, e):      # "sắp xếp các đơn vị hành chính cấp xã: ..." lists
            dead.append((h.start, h.end))
    dead += [(h.start, h.end) for h in lx.cue("mergeSplit").finditer(shadow, s, e)]
    times = lx.cue("mergeTime").finditer(shadow, s, e)
    out: dict[str, list[Hit]] = {}
    for role in _ROLES:
        keep = []
        for h in lx.cue(role).finditer(shadow, s, e):
            if any(x <= h.start < y for x, y in dead) or _NEGATION.search(text, max(s, h.start - 30), h.start):
                continue
            if _in_time_adverbial(text, h, times, e):
                continue
            keep.append(h)
        out[role] = keep
    return out


def _in_time_adverbial(text: str, h: Hit, times: list[Hit], e: int) -> bool:
    """"Trước khi hợp nhất, ...", "Sau sáp nhập, ...": the merge word only dates
    what follows."""
    if not any(t.end <= h.start and not text[t.end:h.start].strip() for t in times):
        return False
    comma = text.find(",", h.end, e)
    return comma >= 0 and not text[h.end:comma].strip()


def _clauses(text: str, shadow: str, s: int, e: int) -> list[tuple[int, int]]:
    """The ";"-separated parts of a sentence; a part that starts with a
    forward cue ("...; lấy tên là tỉnh X") belongs to the one before."""
    fwd = lexicon().cue("mergeForward")
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^;]+", text[s:e]):
        a, b = s + m.start(), s + m.end()
        lead = a + len(text[a:b]) - len(text[a:b].lstrip())
        if out and fwd.match_at(shadow, lead, b):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
