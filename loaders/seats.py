"""Seats on a committee taken or given up without a title word.

"chuẩn y đồng chí A ... tham gia Ban Thường vụ Tỉnh ủy", "được bầu vào Ban
Chấp hành Đảng bộ tỉnh", "thôi tham gia Ban Chấp hành, Ban Thường vụ": the
person takes (or leaves) a seat on each committee listed. The seat's title
is read from the vocabulary:

- a seat body with a membership title (pg:memberOf, e.g. Ban Thường vụ ->
  "Ủy viên Ban Thường vụ") gives that title, organisation the committee;
- the executive committee (Ban Chấp hành) of a party committee gives that
  committee's member title (pg:impliesBody: Tỉnh ủy -> "Tỉnh ủy viên").

The committee is the one written after the list ("Ban Thường vụ Tỉnh ủy",
"Ban Chấp hành Đảng bộ tỉnh"), else the first party committee the sentence
names ("tham gia Ban Chấp hành, Ban Thường vụ và giữ chức Bí thư Tỉnh ủy
Kon Tum").
"""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import lexicon


@dataclass
class Seat:
    cue: int             # item index of the cue ("tham gia")
    body: int            # item index of the seat body ("Ban Thường vụ")
    title: object        # the title concept the seat gives
    committee: list      # the items naming the committee (body, unit), may be empty
    leave: bool          # "thôi tham gia": the seat is given up


def _titles():
    lx = lexicon()
    member_of = {c.props["memberOf"]: c for c in lx.vocab.scheme("posts")
                 if c.props.get("memberOf") and c.props.get("membership")}
    implied = {c.props["impliesBody"]: c for c in lx.vocab.scheme("posts")
               if c.props.get("impliesBody") and c.props.get("membership")}
    return member_of, implied


def _committee_after(items: list, k: int) -> list:
    """The committee body (with its unit) written right after item k:
    "Tỉnh ủy", "Huyện ủy Quỳ Châu", "Đảng bộ tỉnh"."""
    out = []
    j = k + 1
    while j < len(items) and items[j].kind in ("BODY", "UNIT") and (
            items[j].kind == "UNIT" or items[j].concept.props.get("partyBody")):
        out.append(items[j])
        j += 1
    return out


def _named_later(items: list, k: int, committee: list) -> list:
    """Where the seat list names no committee, or names it without its unit
    ("tham gia Ban Chấp hành, Ban Thường vụ Huyện ủy và giữ chức Phó Bí thư
    Huyện ủy Đồng Hỷ"; "thôi giữ chức Phó Bí thư Huyện ủy, Chủ tịch UBND
    huyện Quế Phong"): the committee of that kind named later in the
    clause, with the first unit of its level named after it."""
    if any(c.kind == "UNIT" and c.unit.named for c in committee):
        return []
    kind = next((c.concept.iri for c in committee if c.kind == "BODY"), None)
    for j in range(k, len(items)):
        it = items[j]
        if it.kind == "PUNCT" and it.text == ";":
            break
        if it.kind == "BODY" and it.concept.props.get("unitType") and it.concept.props.get("partyBody") \
                and (kind is None or it.concept.iri == kind):
            for m in range(j + 1, len(items)):
                if items[m].kind == "PUNCT" and items[m].text == ";":
                    break
                if items[m].kind == "UNIT" and items[m].unit.named \
                        and items[m].unit.type.iri == it.concept.props["unitType"]:
                    return [it, items[m]]
            return [it]
    return []


def _sentence_committee(items: list) -> list:
    for i, it in enumerate(items):
        if it.kind == "BODY" and it.concept.props.get("unitType") and it.concept.props.get("partyBody"):
            return [it] + ([items[i + 1]] if i + 1 < len(items) and items[i + 1].kind == "UNIT" else [])
    return []


def find_seats(items: list, owner: dict[int, int]) -> list[Seat]:
    """The seats taken or left in one sentence's items."""
    lx = lexicon()
    member_of, implied = _titles()
    seats: list[Seat] = []
    for i, it in enumerate(items):
        if it.kind != "CUE" or it.role not in ("seatJoin", "seatLeave"):
            continue
        bodies = []
        k = i + 1
        while k < len(items):
            nx = items[k]
            if nx.kind == "BODY" and nx.concept.iri in member_of and k not in owner:
                bodies.append(k)
            elif not (nx.kind == "PUNCT" and nx.text == "," or nx.kind == "WORD" and nx.text == "và"):
                break
            k += 1
        if not bodies:
            continue
        # a list of people follows ("tham gia Ban Thường vụ Huyện ủy là: A - ...") : not a seat of the subject
        committee = _committee_after(items, bodies[-1])
        after = bodies[-1] + len(committee) + 1
        if any(items[j].kind == "PUNCT" and items[j].text == ":" for j in range(after, min(len(items), after + 3))):
            continue
        if not committee and after < len(items) and items[after].kind == "CUE" and items[after].role == "central":
            # "được bầu vào Ban Chấp hành Trung ương": the central title of that seat, or none
            for b in bodies:
                central = next((c for c in lx.vocab.scheme("posts") if c.props.get("impliesOrganization")
                                and c.props.get("asRole") == member_of[items[b].concept.iri].iri), None)
                if central is not None:
                    seats.append(Seat(i, b, central, [], it.role == "seatLeave"))
            continue
        committee = _named_later(items, after, committee) or committee or _sentence_committee(items)
        leader = _leading_committee(committee)
        for b in bodies:
            title = member_of[items[b].concept.iri]
            # a seat on the executive committee of Tỉnh ủy X (of Đảng bộ tỉnh X): a Tỉnh ủy viên
            parts = committee
            if leader is not None and items[b].concept.props.get("membersAreCommittee"):
                title = implied.get(leader.iri, title)
                # the title names its committee itself; a "Đảng bộ tỉnh" written after is not part of it
                if title.props.get("impliesBody") and not any(
                        c.kind == "BODY" and c.concept.iri == title.props["impliesBody"] for c in committee):
                    parts = []
            seats.append(Seat(i, b, title, parts, it.role == "seatLeave"))
    return seats


def _leading_committee(committee: list):
    """The party committee that leads the body named: itself when it has a
    unit level (Tỉnh ủy), else the committee of its unit's level (Đảng bộ
    tỉnh -> Tỉnh ủy), from the bodies' pg:unitType."""
    head = next((c for c in committee if c.kind == "BODY"), None)
    if head is None:
        return None
    if head.concept.props.get("unitType"):
        return head.concept
    unit = next((c.unit for c in committee if c.kind == "UNIT"), None)
    if unit is None:
        return None
    return _committee_of_type(unit.type.iri)


def _committee_of_type(type_iri: str):
    """The party committee the vocabulary gives a unit type (tỉnh -> Tỉnh ủy), or None."""
    return next((b for b in lexicon().vocab.scheme("bodies") if b.props.get("partyBody")
                 and b.props.get("unitType") == type_iri), None)


_OWN_BODY = ("impliesBody", "impliesOrganization", "headOfUnit", "memberOf")


def borrowed_parts(title, following: list) -> list:
    """The body of a bare title written before another title's phrase
    ("Phó Chủ tịch rồi Chủ tịch UBND huyện X", "Phó Chủ tịch - Tổng Thư ký
    Ủy ban Trung ương MTTQ"): the following phrase's; a party title before a
    state body ("Phó Bí thư - Chủ tịch UBND huyện X") is of the party
    committee of that unit's level (its unit borrowed along the chain)."""
    if any(k in title.props for k in _OWN_BODY):
        return []
    bodies = [p for p in following if getattr(p, "kind", None) == "BODY"]
    if title.props.get("partyTitle") and bodies and not any(b.concept.props.get("partyBody") for b in bodies):
        unit = next((p.unit for p in following if getattr(p, "kind", None) == "UNIT"), None)
        lx = lexicon()
        committee = _committee_of_type(unit.type.iri) if unit is not None else None
        if committee is None and unit is not None:
            # a commune's committee has no level of its own: the party body of
            # that default level that is a committee, not an organisation (Đảng ủy)
            committee = next((b for b in lx.vocab.scheme("bodies") if b.props.get("partyBody")
                              and not b.props.get("partyOrganization") and not b.props.get("unitType")
                              and b.props.get("defaultLevel") == lx.level(unit.type)), None)
        if committee is None:
            return []
        first = bodies[0]
        return [type(first)("BODY", first.start, first.start, committee, text=committee.label)]
    return list(following)
