"""The party organisations a sentence names ("Đảng bộ xã Hạ Hòa", "Chi bộ ấp
Nội Ô", "Đảng bộ Sở Nội vụ", "toàn Đảng bộ tỉnh"), written whole with their
unit, for the member counts (counts.py) to be attached to.

A mention is left out as an owner when it is itself counted ("79 đảng bộ
trực thuộc"), or when it is another body's part or predecessor ("trực thuộc
Đảng bộ huyện ...", "trên cơ sở hợp nhất Đảng bộ xã A và ...", "Ban Chấp
hành Đảng bộ tỉnh").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from .lexicon import lexicon
from .text_shapes import SPACES, words_from
from .units import AreaContext, UnitMention, unit_mark, units_between

_NUMBER_BEFORE = re.compile(r"\d[ \t]*$")
_WORD = re.compile(r"[^\s,.;:()!?\"“”]+")
_LIST_GAP = re.compile(r"[ \t]*(?:,|và|cùng|,[ \t]*và)?[ \t]*$")
_PUNCT = re.compile(r"[,;:.()]")
_NAME_WORDS = 10


@dataclass
class OrgMention:
    start: int
    end: int
    body: str                       # "Đảng bộ" / "Chi bộ"
    organization: str | None        # "Đảng bộ xã Hạ Hòa"; None when it cannot be told
    unit: UnitMention | None        # the unit it belongs to (its area)
    bare: bool = False              # "toàn Đảng bộ", "chi bộ": no unit or name of its own
    counted: bool = False           # "56 chi bộ", "các đảng bộ"
    complement: bool = False        # another body's part or predecessor


class Owners:
    """The organisation mentions of one article, and how unnamed units resolve."""

    def __init__(self, text: str, shadow: str, units: list[UnitMention], ctx: AreaContext,
                 sentences: list[tuple[int, int]]):
        self.text, self.shadow, self.units, self.ctx = text, shadow, units, ctx
        self.sentences = sentences
        self._starts = [a for a, _ in sentences]
        self._mentions: dict[tuple[int, int], list[OrgMention]] = {}

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._starts, pos) - 1
        return self.sentences[i] if i >= 0 else (0, len(self.text))

    # ------------------------------------------------------------ resolving
    def resolve(self, u: UnitMention, s: int) -> UnitMention | None:
        """An unnamed unit ("Đảng bộ xã", "tỉnh"): see `resolve_type`."""
        return u if u.named else self.resolve_type(u.type.label, u.start, s)

    def resolve_type(self, label: str, pos: int, s: int) -> UnitMention | None:
        """The unit of that type meant at `pos`: the one whose name the
        sentence gives ("Ở Phú Quốc, Đảng bộ đặc khu ..."), for a province
        the article's own one, else the one the text is about there."""
        same = [x for x in self.units if x.named and not x.old and x.type.label == label
                and not (x.merged_source and not x.merged_new)]
        before = self.text[s:pos]
        best = None
        for x in same:
            if x.name.isdigit():        # "phường 9" is not meant by "ngày 28/9"
                continue
            m = None
            for m in re.finditer(rf"(?<!\w){re.escape(x.name)}(?!\w)", before):
                pass
            if m and (best is None or m.start() > best[0]):
                best = (m.start(), x)
        if best:
            return best[1]
        near = self.ctx.resolve(pos, type_label=label)
        if same and lexicon().level(same[0].type) == 1:
            # biographies name other provinces ("quê tỉnh Quảng Ngãi"): the article's own is the one it names most
            top = Counter(x.identity() for x in same).most_common(2)
            if (len(top) == 1 or top[0][1] > top[1][1]) and (near is None or near.identity() != top[0][0]):
                return next(x for x in same if x.identity() == top[0][0])
        return near

    def written(self, u: UnitMention) -> str:
        mark = self._old_mark(u, len(self.text)) if u.old else None
        return f"{u.written} {self.text[u.end:mark].strip()}" if mark else u.written

    def _old_mark(self, u: UnitMention, end: int) -> int | None:
        """Where an old mark written after the unit ends ("xã A (cũ)"), as the units stage reads it."""
        mark = unit_mark(self.text, self.shadow, u.end, end)
        return mark[0] if mark and mark[1] else None

    # ------------------------------------------------------------ mentions
    def mentions(self, s: int, e: int) -> list[OrgMention]:
        """The party organisations named in text[s:e] (a sentence)."""
        key = (s, e)
        if key not in self._mentions:
            self._mentions[key] = self._find(s, e)
        return self._mentions[key]

    def _find(self, s: int, e: int) -> list[OrgMention]:
        lx = lexicon()
        out: list[OrgMention] = []
        for h in lx.bodies.finditer(self.shadow, s, e):
            if not h.concept.props.get("partyOrganization") or out and h.start < out[-1].end:
                continue
            m = self._mention(h.start, h.end, h.concept.label, s, e)
            m.counted = self._counted(h.start, s)
            m.complement = self._complement(m, out[-1] if out else None, s)
            out.append(m)
        return out

    def _counted(self, pos: int, s: int) -> bool:
        before = self.text[max(s, pos - 12):pos]
        if _NUMBER_BEFORE.search(before):
            return True
        # "các chi bộ", "hai đảng bộ"
        words = before.split()
        return bool(words) and before.endswith((words[-1] + " ", words[-1] + "\t")) \
            and _is_cue_word("plural", words[-1])

    def counted_at(self, pos: int) -> bool:
        return self._counted(pos, max(0, pos - 12))

    def _complement(self, m: OrgMention, prev: OrgMention | None, s: int) -> bool:
        lx = lexicon()
        start = prev.end if prev else s
        gap = self.text[start:m.start]
        # "Ban Chấp hành Đảng bộ tỉnh": part of the body before it
        if any(h.end <= m.start and not self.text[h.end:m.start].strip()
               for h in lx.bodies.finditer(self.shadow, max(s, m.start - 40), m.start)):
            return True
        hits = lx.cue("countOwnerNot").finditer(self.shadow, start, m.start)
        if hits:
            rest = self.text[hits[-1].end:m.start]
            if not _PUNCT.search(rest) and len(rest.split()) <= 2:
                return True
        # "hợp nhất Đảng bộ xã A và đảng bộ hai xã B, C": the list goes on
        return bool(prev and prev.complement and _LIST_GAP.fullmatch(gap))

    def _mention(self, a: int, b: int, body: str, s: int, e: int) -> OrgMention:
        text = self.text
        sp = SPACES.match(text, b, e)
        pos = sp.end() if sp else b
        u = self._unit_at(pos)
        if u is not None:           # "Đảng bộ xã Hạ Hòa", "Chi bộ ấp"
            r = self.resolve(u, s)
            org = f"{body} {self.written(r)}" if r else None
            end = self._old_mark(u, e) or u.end
            return OrgMention(a, end, body, org, r)
        if sp and pos < e and text[pos].isupper():
            return self._named(a, pos, body, s, e)
        # "toàn Đảng bộ", "chi bộ": the one the text has been about
        return OrgMention(a, b, body, None, None, bare=True)

    def _named(self, a: int, pos: int, body: str, s: int, e: int) -> OrgMention:
        """"Đảng bộ Sở Nội vụ", "Đảng bộ Quân sự tỉnh": a body of a unit,
        named up to its unit (or to where the clause goes on)."""
        lx = lexicon()
        text, end, unit = self.text, pos, None
        for i, w in zip(range(_NAME_WORDS), words_from(text, pos, e, _WORD)):
            p = w.start()
            if w.group(0)[0].isdigit():
                break
            if i and (lx.cue("orgNameEnd").match_at(self.shadow, p, e)
                      or (h := lx.bodies.match_at(self.shadow, p, e)) and h.concept.props.get("partyOrganization")):
                break
            u = self._unit_at(p)
            if u is not None:
                unit, end = u, u.end
                break
            end = w.end()
        name = text[pos:end].strip()
        if unit is not None:
            r = self.resolve(unit, s)
            if r is None:
                return OrgMention(a, end, body, None, None)
            return OrgMention(a, end, body, f"{body} {text[pos:unit.start].strip()} {self.written(r)}", r)
        if lx.cue("central").finditer(self.shadow, pos, end):
            return OrgMention(a, end, body, f"{body} {name}", None)
        # a department or fund of the province: "Đảng bộ Sở Nội vụ tỉnh Sơn La"
        prov = self._province(a, s)
        return OrgMention(a, end, body, f"{body} {name} {self.written(prov)}" if prov else f"{body} {name}", prov)

    def _province(self, pos: int, s: int) -> UnitMention | None:
        return self.resolve_type(lexicon().province_type, pos, s)

    def _unit_at(self, pos: int) -> UnitMention | None:
        for u in units_between(self.units, self.ctx.starts, pos, pos + 1):
            if not u.is_person and not u.from_body:
                return u
        return None

    def last_before(self, pos: int, reach: int) -> OrgMention | None:
        """The last party organisation named in the `reach` characters before
        `pos` (the one the text has been about)."""
        for h in reversed(lexicon().bodies.finditer(self.shadow, max(0, pos - reach), pos)):
            if h.concept.props.get("partyOrganization") and not self.counted_at(h.start):
                s, e = self.sentence_of(h.start)
                m = next((m for m in self.mentions(s, e) if m.start == h.start), None)
                if m is not None and not m.complement:
                    return m
        return None

    def bare_owner(self, m: OrgMention) -> OrgMention | None:
        """"toàn Đảng bộ có ...", "xã A tổ chức đại hội đảng bộ": the
        organisation of that kind named last in the sentence, else that of the
        unit the sentence is about, else the one named shortly before; else
        the unit the text is about."""
        s, _ = self.sentence_of(m.start)
        for prev in reversed(self.mentions(s, m.start)):
            if prev.body == m.body and prev.organization and not prev.counted and not prev.complement:
                return prev
        # the lowest level of unit the organisation may be of (a Chi bộ's is a village)
        top = int(lexicon().party_orgs[m.body].props["defaultLevel"])
        for u in units_between(self.units, self.ctx.starts, s, m.start):
            if u.named and not u.is_person and not u.old and not u.past and not u.background \
                    and not (u.merged_source and not u.merged_new) \
                    and lexicon().level(u.type) <= top \
                    and self.text.count("(", s, u.start) <= self.text.count(")", s, u.start) \
                    and not lexicon().cue("locatedIn").finditer(self.shadow, max(s, u.start - 40), u.start):
                # the unit the sentence is about, not where it happens ("tại Hội trường X, TP Kon Tum")
                return OrgMention(m.start, m.end, m.body, f"{m.body} {self.written(u)}", u)
        for h in reversed(lexicon().bodies.finditer(self.shadow, max(0, s - 1500), s)):
            if h.concept.label == m.body and not self.counted_at(h.start):
                hs, he = self.sentence_of(h.start)
                prev = next((x for x in self.mentions(hs, he) if x.start == h.start), None)
                if prev and prev.organization and not prev.complement:
                    return prev
        u = self.ctx.resolve(m.start, level=top, lookahead=False)
        return OrgMention(m.start, m.end, m.body, f"{m.body} {self.written(u)}", u) if u else None


def _is_cue_word(role: str, word: str) -> bool:
    from .lexicon import cached_key
    return cached_key(word) in lexicon().cue_words.get(role, ())
