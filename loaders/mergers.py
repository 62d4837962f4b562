"""Unit mergers: one fact per (new unit, predecessor).

A sentence with a merge verb (sáp nhập, hợp nhất, nhập, sắp xếp, hợp thành,
về chung một nhà, ra đời, ... from the vocabulary's cue scheme) is read
clause by clause (";"):
  * a *forward* cue right before a unit names the new unit ("hợp nhất thành
    tỉnh Gia Lai", "với tên gọi xã Trang Bảo Xá", "nhập ... vào phường X");
    the units before it are the predecessors;
  * otherwise the clause's subject is the new unit ("Xã Ia Dreh ... được
    hình thành sau khi sắp xếp ba xã ...", "Phường được hợp nhất từ ...")
    and the units after a *source* cue are the predecessors; when the list
    comes first ("hợp nhất 4 địa phương gồm: ..., hiện Đảng bộ xã Hạ Hòa"),
    the first unit after the list is the new one.
Predecessors must be of the new unit's level ("của TP Vũng Tàu", "huyện
Ninh Hải" are locations, not predecessors).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import valid_date
from .lexicon import CAP_WORD, canon, is_cap_word, lexicon
from .units import AreaContext, UnitMention, units_between

_CLAUSE = re.compile(r"[^;]+")
_EFFECTIVE = re.compile(r"(?:từ|kể từ|có hiệu lực từ)[ \t]+ngày[ \t]+(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", re.IGNORECASE)
_LIST_GAP = re.compile(r"^(?:[ \t,:]|và|cùng|với|các|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|\d+|toàn bộ|một phần|"
                       r"\(cũ\)|cũ|đơn vị|địa phương|là)*$", re.IGNORECASE)
_PARTNER = re.compile(rf"[ \t]*(?:\((?:mới)\)|mới)?[ \t]*(?:từ[ \t]+ngày[ \t]+[\d/.\-]+)?[ \t]*,[ \t]*({CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}})")
_NEGATION = re.compile(r"\bkhông\b[^,;.]{0,25}$", re.IGNORECASE)


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


def _cue_hits(role: str, shadow: str, a: int, b: int):
    return lexicon().cue(role).finditer(shadow, a, b)


def find_mergers(text: str, sentences: list[tuple[int, int]], units: list[UnitMention]) -> list[Merger]:
    shadow = canon(text)
    ctx = AreaContext(units)
    out: list[Merger] = []
    for s, e in sentences:
        verbs = [h for h in _cue_hits("mergeVerb", shadow, s, e)
                 if not _NEGATION.search(text, max(s, h.start - 30), h.start)]
        marked = re.search(r"\b(?:mới|cũ)\b", text[s:e])
        if not verbs and not (marked and re.search(r"\bgồm\b", text[s:e])):
            continue
        eff = _EFFECTIVE.search(text, s, e)
        effective = valid_date(int(eff.group(3)), int(eff.group(2)), int(eff.group(1))) if eff else None
        for cm in _CLAUSE.finditer(text, s, e):
            out.extend(_clause(text, shadow, cm.start(), cm.end(), units, ctx, (s, e), effective))
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


def _clause(text, shadow, a, b, units, ctx, sent, effective) -> list[Merger]:
    lx = lexicon()
    us = [u for u in units_between(units, ctx.starts, a, b) if not u.from_body and not u.is_person]
    named = [u for u in us if u.named]
    if not named:
        return []
    out: list[Merger] = []
    # forward cue immediately followed by a named unit
    fwd = None
    for h in _cue_hits("mergeForward", shadow, a, b):
        nxt = next((u for u in named if u.start >= h.end), None)
        if nxt and not text[h.end:nxt.start].strip():
            fwd = (h, nxt)
            break
    if fwd:
        h, new = fwd
        before = [u for u in named if u.end <= h.start]
        after_src = _after_source_cue(text, shadow, new.end, b, named)
        subject = named[0] if named and named[0] is not new else None
        if new.old and subject is not None and subject.end <= h.start:
            # "Xã Ia Lâu mới ra đời trên cơ sở nhập xã Ia Piơr vào xã Ia Lâu (cũ)"
            sources = [u for u in before if u is not subject] + [new]
            new = subject
        else:
            sources = before + after_src
        sources = [u for u in sources if u.level == new.level and u is not new or
                   (u is not new and u.level == new.level)]
        sources = [u for u in sources if u.level == new.level]
        # "Trước khi cùng tỉnh Hưng Yên hợp nhất thành tỉnh Hưng Yên (mới), Thái Bình ..."
        if before and re.search(r"\bcùng[ \t]*$", text[a:before[0].start]) and len(before) == 1:
            pm = _PARTNER.match(text, new.end, b)
            if pm and is_cap_word(pm.group(1).split()[0]) and not lx.units.match_at(shadow, pm.start(1)):
                out.append(Merger(new, pm.group(1), sent, effective))
        for u in sources:
            out.append(Merger(new, u, sent, effective))
        return out
    # subject + source cue
    src_cue = None
    for h in _cue_hits("mergeSource", shadow, a, b):
        if any(u.start >= h.end for u in named):
            src_cue = h
            break
    if src_cue is None:
        return []
    subject = us[0] if us else None
    if subject is not None and not subject.named and re.search(
            r"(?:\d+|các|những|hai|ba|bốn|năm)[ \t]*$", text[max(a, subject.start - 10):subject.start], re.IGNORECASE):
        return []        # "Hai tỉnh hợp nhất ...": no new unit named here
    if subject is not None and subject.start < src_cue.start:
        new = subject if subject.named else ctx.resolve(subject.start, type_label=subject.type.label)
        if new is None:
            return []
        sources = [u for u in named if u.start >= src_cue.end and u.level == new.level]
    else:
        chain = [u for u in named if u.start >= src_cue.end]
        if not chain:
            return []
        lst = [chain[0]]
        new = None
        for u in chain[1:]:
            gap = text[lst[-1].end:u.start]
            if _LIST_GAP.match(gap.strip()) or u.list_head >= 0:
                lst.append(u)
            else:
                new = u
                break
        if new is None:
            return []
        sources = [u for u in lst if u.level == new.level]
    for u in sources:
        if u is new and not u.old:
            # the new unit named among its predecessors keeps its name ("xã Ia Băng")
            pass
        out.append(Merger(new, u, sent, effective))
    return out


def _after_source_cue(text, shadow, a, b, named) -> list[UnitMention]:
    for h in _cue_hits("mergeSource", shadow, a, b):
        return [u for u in named if u.start >= h.end]
    return []
