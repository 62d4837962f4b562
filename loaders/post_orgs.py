"""Which organisation and area each title phrase names (the last step of the posts stage).

A phrase's parts (bodies, units, descriptors) are written out as the
organisation ("Đảng ủy xã Hiệp Hòa"); what the text leaves out is filled in:
a unit written without its name, or a committee without its unit, is the one
the article's area context gives there (or another phrase of the chain
names); a title that names its own body or organisation ("Tỉnh ủy viên",
"Tổng Bí thư") or heads a unit ("Trưởng thôn") supplies it; a bare title
heads the first committee of its sentence.
"""
from __future__ import annotations

import re

from partygraph.ontology.vocabulary import Concept

from .bodies import department_name, department_unit
from .lexicon import lexicon
from .post_chains import Chain, Phrase
from .post_items import Item
from .seats import borrowed_parts
from .units import AreaContext, UnitMention


def role(ph: Phrase) -> str:
    """The role a phrase reports: its title, or the canonical one (pg:asRole)."""
    c = ph.post.concept
    if "asRole" in c.props:
        return lexicon().vocab.get(c.props["asRole"]).label
    return c.label


def confidence(ph: Phrase) -> float:
    """Lower when the area or the body had to be left out."""
    conf = 0.9
    if ph.area is None:
        conf -= 0.1
    if not ph.parts:
        conf -= 0.1
    return round(conf, 2)


def first_body_run(text: str, items: list[Item]) -> Item | None:
    """The first run of adjacent bodies in the sentence ("Ủy ban Kiểm tra
    Tỉnh ủy"): what a bare title later in it ("giữ chức Chủ nhiệm") heads."""
    runs = []
    for i, it in enumerate(items):
        if it.kind != "BODY":
            continue
        j = i
        while j + 1 < len(items) and items[j + 1].kind == "BODY" and not text[items[j].end:items[j + 1].start].strip():
            j += 1
        last = items[j]
        if last.concept.props.get("unitType"):
            runs.append(Item("BODY", it.start, last.end, last.concept, text=text[it.start:last.end]))
    # a party committee first: a bare "Phó Bí thư" is of the Huyện ủy, not the Huyện đoàn
    return next((r for r in runs if r.concept.props.get("partyBody")), runs[0] if runs else None)


def departments(text: str, items: list[Item]) -> list[Item]:
    """The departments a sentence names with their whole name ("Sở Tài
    chính", "Sở Giáo dục và Đào tạo"), as single body items."""
    out = []
    for k, it in enumerate(items):
        if it.kind == "BODY" and it.concept.props.get("takesName"):
            name = department_name(text, items, k + 1)
            if name is not None:
                out.append(Item("BODY", it.start, name[0], it.concept, text=text[it.start:name[0]]))
    return out


class Organisations:
    """Resolves the phrases of one article's chains against its area context."""

    def __init__(self, text: str, ctx: AreaContext):
        self.text = text
        self.ctx = ctx
        # the first committee of the sentence being read: what a bare title heads
        self.committee: Item | None = None
        self.departments: list[Item] = []

    def start_sentence(self, items: list[Item]) -> None:
        self.committee = first_body_run(self.text, items)
        self.departments = departments(self.text, items)

    def resolve_chain(self, ch: Chain) -> None:
        # former propagates along the chain from a "nguyên"
        former = False
        for ph in ch.phrases:
            former = former or ph.former
            ph.former = former
        for i, ph in enumerate(ch.phrases[:-1]):
            if not ph.parts and ch.phrases[i + 1].parts:
                ph.parts = borrowed_parts(ph.post.concept, ch.phrases[i + 1].parts)
        own: list[UnitMention | None] = [self._own_unit(ph) for ph in ch.phrases]
        for i, ph in enumerate(ch.phrases):
            self._organisation(ph, own, i, ch)

    def _own_unit(self, ph: Phrase) -> UnitMention | None:
        """The unit a phrase names itself (resolved when written without a
        name); a head of a village with no village name gets the one in context."""
        lx = lexicon()
        for p in reversed(ph.parts):
            if isinstance(p, Item) and p.kind == "UNIT":
                u = p.unit
                if u.is_person or not u.named:
                    if "headOfUnit" in ph.post.concept.props:
                        return self.ctx.resolve(ph.start, level=lx.level(lx.vocab.get(ph.post.concept.props["headOfUnit"])))
                    return self.ctx.resolve(u.start, type_label=u.type.label)
                return u
        return None

    def _borrow(self, own: list, i: int, type_label: str | None = None, level: int | None = None):
        order = list(range(i + 1, len(own))) + list(range(i - 1, -1, -1))
        for j in order:
            u = own[j]
            if u is None:
                continue
            if not u.named:
                u = self._resolve_unnamed(u)
                if u is None:
                    continue
            if type_label and u.type.label != type_label:
                continue
            if level and u.level != level:
                continue
            return u
        return None

    def _resolve_unnamed(self, u: UnitMention) -> UnitMention | None:
        if u.named:
            return u
        return self.ctx.resolve(u.start, type_label=u.type.label)

    def _organisation(self, ph: Phrase, own: list, i: int, ch: Chain) -> None:
        lx = lexicon()
        c = ph.post.concept
        props = c.props
        if "impliesOrganization" in props:
            ph.org, ph.area = props["impliesOrganization"], None
            return
        parts = list(ph.parts)
        if "headOfUnit" in props:
            u = own[i]
            if u is not None and not u.named:
                u = None      # "Trưởng thôn Ksor Thăng": the village is the one in context
            if u is None:
                u = self.ctx.resolve(ph.start, level=lx.level(lx.vocab.get(props["headOfUnit"])))
            if u is None:
                return
            ph.unit = u
            ph.org, ph.area = u.written, u.area
            return
        bodies = [p for p in parts if isinstance(p, Item) and p.kind == "BODY"]
        if not bodies and "impliesBody" in props:
            implied = lx.vocab.get(props["impliesBody"])
            bodies = [Item("BODY", ph.end, ph.end, implied, text=implied.label)]
            parts = bodies + parts
        elif bodies and "impliesBody" in props and bodies[0].concept.iri != props["impliesBody"]:
            implied = lx.vocab.get(props["impliesBody"])
            parts = [Item("BODY", ph.end, ph.end, implied, text=implied.label)] + parts
            bodies = [parts[0]] + bodies
        member_prefix = None
        if "memberOf" in props:
            if not bodies:
                # "Ủy viên Ban Thường vụ, Chánh Văn phòng Tỉnh ủy": the committee of the chain
                for other in ch.phrases:
                    if other is ph:
                        continue
                    for p in other.parts:
                        if isinstance(p, Item) and p.kind == "BODY" and p.concept.props.get("unitType"):
                            bodies = [p]
                            parts = [p]
                            break
                    if bodies:
                        break
                if not bodies:
                    return
            elif bodies[0].concept.props.get("namesCommittees"):
                # "Ủy viên Ban Thường vụ Đảng bộ X": the Ban Thường vụ of Đảng bộ X
                member_prefix = lx.vocab.get(props["memberOf"]).label
        dept = next((d for d in reversed(self.departments) if d.end <= ph.start), None)
        if not parts and dept is not None and not props.get("partyTitle"):
            # "tại Sở Tài chính, bốn Phó Giám đốc gồm: ...", "trở lại Bộ Tư pháp
            # với cương vị Thứ trưởng": the department the sentence names before it
            parts = [dept]
            bodies = parts
        elif not parts and self.committee is not None:
            # "Các Phó Bí thư Tỉnh ủy gồm: A - Phó Bí thư Thường trực; ..."
            parts = [self.committee]
            bodies = parts
        if not parts:
            return
        central = any(isinstance(p, Item) and p.kind == "CUE" and p.role == "central" for p in parts)
        pieces: list[str] = []
        unit: UnitMention | None = None
        committee: Concept | None = None
        sector = False
        for p in parts:
            if isinstance(p, tuple):
                pieces.append(self.text[p[1]:p[2]].strip())
                continue
            if p.kind == "BODY":
                pieces.append(p.text or self.text[p.start:p.end])
                if p.concept.props.get("unitType"):
                    committee = p.concept
                else:
                    committee = None
                if p.concept.props.get("takesName"):
                    sector = True
                if p.concept.props.get("central"):
                    central = True
            elif p.kind == "NAME":
                pieces.append(p.text)
            elif p.kind == "CUE":
                pieces.append(self.text[p.start:p.end])
            elif p.kind == "UNIT":
                u0 = p.unit
                unit = u0
                if u0.is_person or not u0.named:
                    # "UBND xã Huỳnh Tiến Dũng": the xã is the one in context
                    unit = (None if u0.is_person else self._borrow(own, i, type_label=u0.type.label)) \
                        or self.ctx.resolve(u0.start, type_label=u0.type.label)
                    if unit is None:
                        if not u0.from_body:
                            tw = u0.type_surface or u0.type.label
                            pieces.append(tw if tw.isupper() else tw.lower())
                        break
                # "Huyện ủy huyện Mường Lát" is the Huyện ủy Mường Lát: a committee names its own level's unit bare
                if committee is not None and (u0.from_body or not u0.named or unit.place is not None
                                              or u0.is_person or committee.props.get("unitType") == unit.type.iri):
                    pieces.append(unit.committee_name)
                else:
                    pieces.append(unit.written)
        last_body = bodies[-1].concept if bodies else None
        if unit is None and not central and last_body is not None:
            ut = last_body.props.get("unitType")
            if ut and committee is not None:
                tl = lx.vocab.get(ut).label
                u = self._borrow(own, i, type_label=tl) or self.ctx.resolve(ph.start, type_label=tl)
                if u is not None:
                    unit = u
                    pieces.append(u.committee_name)
            elif sector:
                # "Sở Tài chính" in an article about tỉnh Gia Lai: the department of that unit
                dept = next(p for p in parts if isinstance(p, Item) and p.kind == "BODY"
                            and p.concept.props.get("takesName"))
                unit = department_unit(dept.concept, dept.text or self.text[dept.start:dept.end], self.ctx, ph.start)
                prov = unit or self.ctx.province(ph.start)
                if unit is not None and unit.written:
                    pieces.append(unit.written)
                ph.org = tidy(" ".join(pieces))
                ph.unit = unit
                ph.area = prov.area if prov else None
                return
            elif not last_body.props.get("central"):
                u = self._borrow(own, i)
                level = last_body.props.get("defaultLevel")
                if u is None and level:
                    # a bare "Đảng ủy": the commune's; a bare "Chi bộ": the village's
                    u = self.ctx.resolve(ph.start, level=level)
                if u is not None:
                    unit = u
                    pieces.append(u.written)
        org = " ".join(x for x in pieces if x)
        if member_prefix:
            org = f"{member_prefix} {org}"
        ph.org = tidy(org)
        ph.unit = unit
        ph.area = None if central else (unit.area if unit else None)


def tidy(s: str) -> str:
    """Spaces collapsed, and the first letter capitalised unless the name
    starts with a unit written in lower case ("thôn 7", "xã A")."""
    s = re.sub(r"\s+", " ", s).strip(" ,")
    return s[:1].upper() + s[1:] if s[:1].islower() and not s.startswith(lexicon().lower_case_starts) else s
