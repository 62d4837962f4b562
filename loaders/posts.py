"""Who holds which post: titles -> role / organization / area / former.

A sentence is read as a row of items (titles, bodies, units, honorifics,
cue words, names, punctuation). Titles and the bodies/units right after
them form a *title phrase*; phrases joined by ",", "-", "kiêm", "đồng thời
là" form a *chain*; a chain is given to the name before it ("Nguyễn Thái
Sơn, Bí thư ..."), after it ("Bí thư ... Vũ Hồng Duy"), or across a copula
("do đồng chí X làm Bí thư", "các đồng chí A, B ... được bầu làm ...").
Unnamed units are resolved from the article's area context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ontology.vocabulary import Concept

from .lexicon import CAP_WORD, canon, is_cap_word, lexicon
from .people import looks_like_name, split_unit_and_person
from .post_lists import committee_headings, members, post_heading_members
from .seats import borrowed_parts, find_seats
from .bodies import department_unit
from .gazetteer import is_place_name
from .careers import (SUBJECT_CUES, career_subjects, dated, is_membership, nominated, promote, retired_chains,
                      settle_former, transferred_chains)
from .units import AreaContext, UnitMention, units_between

_CAP_RUN = re.compile(rf"{CAP_WORD}(?:[ \t]+{CAP_WORD})*")
_PUNCT = re.compile(r"[,;:()\-–—\"“”]")
_WORD = re.compile(r"[^\W_][\w'’]*|\d[\d.,/%\-]*")
_LIST_CONNECT = re.compile(r"^[ \t]*(?:,|và|;)[ \t]*$")
_SEP_ONLY = re.compile(r"^[ \t,\-–—:]*$")
_SEP_CHAIN = re.compile(r"^[ \t]*(?:[,\-–—][ \t]*)?$")
_PRONOUN_BLOCK = re.compile(r"^[ \t]+(?:con|chị|em|bà|ông|cha|anh|cháu)\b", re.IGNORECASE)
_SOLE_DESC = re.compile(r"^[ \t]+((?:các[ \t]+)?[a-zà-ỹđ]+(?:[ \t]+(?:[a-zà-ỹđ]+|Đảng)){0,3})[ \t]+$")
_OF = re.compile(r"^[ \t]+của[ \t]+$")


@dataclass(slots=True)
class Item:
    kind: str            # POST BODY UNIT HON CUE NAME PUNCT
    start: int
    end: int
    concept: Concept | None = None
    unit: UnitMention | None = None
    role: str = ""       # cue role
    text: str = ""


@dataclass
class Phrase:
    post: Item
    start: int
    end: int
    parts: list = field(default_factory=list)   # Items: BODY / UNIT / CUE(central) / ("desc", s, e)
    former: bool = False
    left: bool = False        # a job given up in a transfer (not propagated along the chain)
    org: str | None = None
    area: str | None = None
    unit: UnitMention | None = None
    person_unit: UnitMention | None = None      # unit whose "name" was a person


@dataclass
class Chain:
    phrases: list[Phrase]
    former: bool = False
    step: bool = False        # a dated step of a career ("năm 2018, ông được giao chức ...")
    appositive: bool = False  # given to the name before it ("A, Phó Bí thư Tỉnh ủy, ...")

    @property
    def start(self) -> int:
        return self.phrases[0].start if not self.phrases[0].former_cue else self.phrases[0].former_cue

    @property
    def end(self) -> int:
        return self.phrases[-1].end


Phrase.former_cue = 0  # start of a "nguyên" cue before the phrase, if any


@dataclass
class PostFact:
    person: str
    role: str
    organization: str
    area: str | None
    former: bool
    sentence: tuple[int, int]
    confidence: float
    step: int = 0             # a dated step of a career told in order: its chain's number
    position: int = 0         # where its title stands in the text
    appositive: bool = False  # the post a person is introduced with
    membership: bool = False  # a seat on a committee, not a job


def _accept(cands: list[Item]) -> list[Item]:
    """Longest candidates first, no overlaps, except a title whose last word
    starts its body ("Trưởng ban" + "Ban Tuyên giáo") or unit ("Trưởng thôn" + "thôn 7")."""
    cands.sort(key=lambda it: (-(it.end - it.start), it.start))
    accepted: list[Item] = []
    for c in cands:
        ok = True
        for a in accepted:
            if c.start < a.end and a.start < c.end:
                if _tail_overlap(a, c) or _tail_overlap(c, a):
                    continue
                ok = False
                break
        if ok:
            accepted.append(c)
    accepted.sort(key=lambda it: (it.start, it.end))
    return accepted


def _tail_overlap(post: Item, other: Item) -> bool:
    if post.kind != "POST" or not post.concept:
        return False
    if other.kind == "BODY" and "headsBody" in post.concept.props:
        return post.start < other.start < post.end <= other.end or \
            (post.start < other.start and other.end >= post.end)
    if other.kind == "UNIT" and "headOfUnit" in post.concept.props:
        return post.start < other.start < post.end
    return False


def sentence_items(text: str, shadow: str, s: int, e: int, units: list[UnitMention],
                   starts: list[int] | None = None) -> list[Item]:
    lx = lexicon()
    if starts is not None:
        units = units_between(units, starts, s, e)
    cands: list[Item] = []
    hits = lx.posts.finditer(shadow, s, e)
    i = 0
    while i < len(hits):
        h = hits[i]
        i += 1
        if _title_cased(text, h.start, h.end, shadow):
            cands.append(Item("POST", h.start, h.end, h.concept))
            continue
        # a match that straddles two words hides the title after it: read on from its second word
        gap = text.find(" ", h.start, h.end)
        if gap != -1:
            hits = hits[:i] + [x for x in lx.posts.finditer(shadow, gap + 1, e)]
    
    for h in lx.bodies.finditer(shadow, s, e):
        cands.append(Item("BODY", h.start, h.end, h.concept))
    for h in lx.honorifics.finditer(shadow, s, e):
        if _inside_name(text, h.start) or (text[h.start].isupper() and h.start > s and _prev_is_cap(text, h.start)):
            continue
        if h.concept.label[:1].isupper() and not text[h.start].isupper():
            continue      # a rank or degree is capitalised before a name ("trình độ tiến sĩ Kinh tế" is none)
        if text[h.start].isupper() and _starts_place(text, h.start, e):
            continue      # "Bà Rịa", "Ông Ích Khiêm": a place, not "Mrs Rịa"
        cands.append(Item("HON", h.start, h.end, h.concept))
    for role in ("former", "formerClause", "copula", "join", "central", "career", "leave", "transfer", "present",
                 "sequence", "timeWord", "listIntro", "bodyModifier", "retire", "nominate",
                 "seatJoin", "seatLeave", "replaces", "appliesTo"):
        for h in lx.cue(role).finditer(shadow, s, e):
            if text[h.start].isupper() and _prev_is_cap(text, h.start):
                continue
            cands.append(Item("CUE", h.start, h.end, h.concept, role=role))
    for u in units:
        if s <= u.start and u.end <= e and not u.from_body:
            cands.append(Item("UNIT", u.start, u.end, unit=u))
    items = _accept(cands)
    # committee names ("Tỉnh ủy Gia Lai") join the committee as a unit item
    for u in units:
        if s <= u.start and u.end <= e and u.from_body and not any(
                it.start < u.end and u.start < it.end for it in items):
            items.append(Item("UNIT", u.start, u.end, unit=u))
    items.sort(key=lambda it: (it.start, it.end))
    # names and punctuation in the gaps
    out: list[Item] = []
    pos = s
    for it in items + [Item("END", e, e)]:
        _gap_items(text, pos, it.start, out)
        if it.kind != "END":
            out.append(it)
        pos = max(pos, it.end)
    return out


def _title_cased(text: str, a: int, b: int, shadow: str) -> bool:
    """Is text[a:b] written as a title? Titles are capitalised, or written
    all in lower case ("kiêm chủ tịch HĐND"); a lower-case start with a
    capital inside ("chức vụ Trưởng ban") straddles two words, and a
    lower-case title right after the first half of a compound ("cán bộ
    trưởng thành") is that compound."""
    if text[a].isupper():
        return True
    if any(w[:1].isupper() for w in text[a:b].split()[1:]):
        return False
    prev_start = text.rfind(" ", 0, max(0, a - 1)) + 1
    return not lexicon().cue("compound").match_at(shadow, prev_start, b)


def _starts_place(text: str, pos: int, end: int) -> bool:
    """Does a capitalised run starting at `pos` (honorific-like word first)
    name a place the register knows ("Bà Rịa", "Bà Rịa - Vũng Tàu")?"""
    m = _CAP_RUN.match(text, pos, end)
    if not m or " " not in m.group(0):
        return False
    words = m.group(0).split()
    return any(is_place_name(" ".join(words[:n])) for n in range(len(words), 1, -1))


def _prev_is_cap(text: str, pos: int) -> bool:
    """Is the word right before `pos` (one space away) a capitalised name word?"""
    j = pos - 1
    if j < 0 or text[j] != " ":
        return False
    k = j
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] in "'’"):
        k -= 1
    w = text[k:j]
    return bool(w) and is_cap_word(w)


def _inside_name(text: str, pos: int) -> bool:
    return False


# the next name, punctuation mark or word (in that order of preference)
_GAP_ITEM = re.compile(rf"({_CAP_RUN.pattern})|({_PUNCT.pattern})|{_WORD.pattern}")


def _gap_items(text: str, a: int, b: int, out: list[Item]) -> None:
    """Names, punctuation and words in text[a:b]: at each place a run of
    capitalised words, else a punctuation mark, else a word; other
    characters are skipped."""
    pos = a
    append = out.append
    while pos < b:
        for m in _GAP_ITEM.finditer(text, pos, b):
            g = m.lastindex
            # Item(kind, start, end, concept, unit, role, text), positionally:
            # this runs for every word of the sentences read
            if g is None:
                append(Item("WORD", m.start(), m.end(), None, None, "", m.group(0)))
            elif g == 2:
                append(Item("PUNCT", m.start(), m.end(), None, None, "", m.group(0)))
            else:
                t = m.group(0)
                if not is_cap_word(t.split()[0]):
                    # "HĐND": capitals but not a name syllable, read as a
                    # word; go on from its end
                    w = _WORD.match(text, m.start(), b)
                    append(Item("WORD", w.start(), w.end(), None, None, "", w.group(0)))
                    pos = w.end()
                    break
                append(Item("NAME", m.start(), m.end(), None, None, "", t))
        else:
            return


def _gap(text: str, a: Item, b: Item) -> str:
    return text[a.end:b.start]


def build_chains(text: str, items: list[Item]) -> tuple[list[Chain], dict[int, int]]:
    """Title phrases and the chains they form; also item index -> chain index."""
    chains: list[Chain] = []
    owner: dict[int, int] = {}
    i = 0
    n = len(items)
    current: list[Phrase] = []
    current_idx: list[int] = []

    def close():
        if current:
            chains.append(Chain(list(current)))
            for k in current_idx:
                owner[k] = len(chains) - 1
            current.clear()
            current_idx.clear()

    last_end_idx = -1
    while i < n:
        it = items[i]
        if it.kind != "POST":
            i += 1
            continue
        # does it continue the current chain?
        former_cue = None
        j = i - 1
        if j >= 0 and items[j].kind == "CUE" and items[j].role == "former" and not text[items[j].end:it.start].strip():
            former_cue = items[j]
            j -= 1
        joins = current and last_end_idx >= 0 and _joins(text, items, last_end_idx, j) and not (
            items[last_end_idx].kind == "UNIT" and items[last_end_idx].unit.is_person)
        if not joins:
            close()
        elif any(x.kind == "CUE" and x.role == "sequence" for x in items[last_end_idx + 1:i]):
            current[-1].left = True      # "Phó Chủ tịch rồi Chủ tịch UBND huyện": the first was left
        ph = Phrase(it, it.start, it.end)
        if former_cue:
            ph.former = True
            ph.former_cue = former_cue.start
            current_idx.append(items.index(former_cue))
        current_idx.append(i)
        k = i + 1
        # absorb bodies / units / descriptors that follow directly
        while k < n:
            nx = items[k]
            g = text[items[k - 1].end:nx.start]
            adjacent = not g.strip()
            if nx.kind == "BODY" and nx.start < items[k - 1].end:   # shared with the title ("Trưởng ban Tuyên giáo")
                adjacent = True
            if nx.kind == "UNIT" and nx.start < items[k - 1].end:
                adjacent = True
            if nx.kind == "CUE" and nx.role == "bodyModifier" and adjacent and items[k - 1].kind == "BODY" \
                    and k + 1 < n and items[k + 1].kind == "UNIT" and not text[nx.end:items[k + 1].start].strip():
                current_idx.append(k)      # "Đảng ủy lâm thời xã X": the Đảng ủy of xã X
                k += 1
                continue
            if nx.kind in ("BODY", "UNIT") and adjacent:
                ph.parts.append(nx)
                current_idx.append(k)
                ph.end = max(ph.end, nx.end)
                k += 1
                if nx.kind == "UNIT" and nx.unit.named:
                    # a named unit closes the phrase, except a committee's own name
                    pass
                continue
            if nx.kind == "CUE" and nx.role == "central" and adjacent and ph.parts:
                ph.parts.append(nx)
                current_idx.append(k)
                ph.end = nx.end
                k += 1
                continue
            if ph.parts and items[k - 1].kind == "BODY" and items[k - 1].concept.props.get("takesName"):
                # "Sở Giao thông Vận tải", "Phòng Văn hóa - Thông tin": the body
                # and the name after it become one part (loaders/bodies.py)
                from .bodies import department_name
                name = department_name(text, items, k)
                if name is not None:
                    body = items[k - 1]
                    ph.parts[-1] = Item("BODY", body.start, name[0], body.concept, text=text[body.start:name[0]])
                    current_idx.extend(range(k, name[1]))
                    ph.end = name[0]
                    k = name[1]
                    continue
            if ph.parts and items[k - 1].kind == "BODY" and nx.kind in ("WORD", "NAME"):
                # "Đảng ủy các cơ quan Đảng tỉnh", "Ban Chỉ đạo ... của thành phố"
                body = items[k - 1].concept
                limit = 16 if body.props.get("takesDescriptor") else 5
                m = k
                while m < n and m - k < limit and (items[m].kind == "WORD" or
                                                   items[m].kind == "NAME" and items[m].text == "Đảng"):
                    m += 1
                if m < n and m > k and items[m].kind == "UNIT" and not items[m].unit.named:
                    words = [items[x].text for x in range(k, m)]
                    desc_end = items[m - 1].end
                    if words and words[-1] == "của":
                        desc_end = items[m - 2].end if m - 2 >= k else items[k - 1].end
                        words = words[:-1]
                    blocked = any(w in ("là", "và", "làm", "với", "cho", "tại", "ở") for w in words)
                    if words and not blocked and (body.props.get("takesDescriptor") or words[0] == "các"):
                        ph.parts.append(("desc", items[k - 1].end, desc_end))
                        ph.parts.append(items[m])
                        current_idx.extend(range(k, m + 1))
                        ph.end = items[m].end
                        k = m + 1
                        continue
            break
        current.append(ph)
        last_end_idx = k - 1
        i = k
    close()
    return chains, owner


def _joins(text: str, items: list[Item], a: int, b: int) -> bool:
    """Do the items between a and b (exclusive ends) only join two titles?"""
    if b < a:
        return True
    seg_start = items[a].end
    seg_end = items[b].end if b > a else items[a].end
    g = text[seg_start:items[b + 1].start if b + 1 < len(items) else seg_end]
    for it in items[a + 1:b + 1]:
        if it.kind == "PUNCT" and it.text in ",-–—":
            continue
        if it.kind == "CUE" and it.role in ("join", "former", "sequence"):
            continue
        return False
    return "\n" not in g and ";" not in g


def _chain_of(owner: dict[int, int], idx: int) -> int | None:
    return owner.get(idx)


class PostExtractor:
    """Runs over a whole article text (sentences and units known)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], units: list[UnitMention],
                 paragraphs: list[tuple[int, int]] | None = None):
        self.text = text
        self.shadow = canon(text)
        self.sentences = sentences
        self.units = units
        self.ctx = AreaContext(units)
        self.starts = self.ctx.starts
        self.facts: list[PostFact] = []
        self.people: dict[str, dict] = {}      # name -> {"honorific": bool, "posts": int}
        self.recent: list[str] = []            # people in order of mention (for pronouns)
        self.paragraphs = paragraphs or []

    # ------------------------------------------------------------ names
    def _name_ok(self, items: list[Item], idx: int) -> str | None:
        it = items[idx]
        if it.kind != "NAME":
            return None
        after_hon = idx > 0 and items[idx - 1].kind == "HON" and not self.text[items[idx - 1].end:it.start].strip()
        t = it.text
        ws = t.split()
        if len(ws) > 5:
            return None
        if after_hon and len(ws) == 1:
            # "Bà Nga": a given name of someone already named
            for p in reversed(self.recent):
                if p.split()[-1] == t:
                    return p
        if looks_like_name(t, after_honorific=after_hon):
            return t
        return None

    def _appositive_name(self, items: list[Item], idx: int) -> str | None:
        """A name in the place where only a person's name stands: right
        before "- title" / ", title", or opening an entry of a list. There a
        run of two to four capitalised words is a name even when its family
        name is not in the vocabulary (Cơ Tu, Ê Đê ... names: "Bhling Thị
        Hoa", "Lù Văn Thành"), unless the register knows it as a place."""
        nm = self._name_ok(items, idx)
        if nm or items[idx].kind != "NAME":
            return nm
        t = items[idx].text
        if 2 <= len(t.split()) <= 4 and looks_like_name(t, after_honorific=True) and not is_place_name(t):
            return t
        return None

    def _register(self, name: str, honorific: bool) -> None:
        p = self.people.setdefault(name, {"honorific": False, "posts": 0})
        p["honorific"] |= honorific
        if name in self.recent:
            self.recent.remove(name)
        self.recent.append(name)

    # ------------------------------------------------------------ main
    def run(self) -> list[PostFact]:
        # pass 1 reads every sentence (and learns which "unit names" are
        # people) before pass 2 resolves areas from the whole article
        parsed = [self._sentence(s, e) for s, e in self.sentences]
        for p in parsed:
            if p:
                self._emit(*p)
        self.facts = settle_former(self.facts, self.paragraphs)
        return self.facts

    def _sentence(self, s: int, e: int):
        text = self.text
        first = text[s:e].lstrip()
        if re.match(r"(?:Bài(?:,| và)\s*ảnh|Ảnh|Bài|Tin|Video)\s*:", first):
            return None
        lx = lexicon()
        if not lx.posts.finditer(self.shadow, s, e) and not lx.honorifics.finditer(self.shadow, s, e):
            # no title (so no chain) and no honorific (so no named person to
            # register): nothing in it for this stage -- most sentences
            return None
        items = sentence_items(text, self.shadow, s, e, self.units, self.starts)
        chains, owner = build_chains(text, items)
        # register named people (with an honorific before them)
        for i, it in enumerate(items):
            if it.kind == "NAME":
                nm = self._name_ok(items, i)
                if nm and i > 0 and items[i - 1].kind == "HON":
                    self._register(nm, True)
        if not chains:
            return None
        chain_first = {}
        chain_last = {}
        for idx, ci in sorted(owner.items()):
            chain_first.setdefault(ci, idx)
            chain_last[ci] = idx
        claimed: dict[int, list[tuple[str, bool]]] = {}
        by_name_before: set[int] = set()
        for ci, ch in enumerate(chains):
            a, b = chain_first[ci], chain_last[ci]
            ch.step = dated(text, items, a, 0) or any(
                it.kind == "CUE" and it.role == "sequence" for it in items[max(0, a - 3):a])
            # (0) a career told after "từng giữ các chức vụ:": every post to
            # the end of the sentence was held before by the cue's subject
            persons: list[tuple[str, bool]] = career_subjects(self, items, a, owner)
            if nominated(items, a):
                claimed[ci] = []          # "giới thiệu bầu giữ chức X": no post yet
                continue
            # (a) name right after the chain, or "là (đồng chí) NAME"
            k = b + 1 if not persons else len(items)
            # "miễn nhiệm Phó Chủ tịch UBND tỉnh đối với ông A": A leaves it
            left = a > 0 and items[a - 1].kind == "CUE" and items[a - 1].role == "leave"
            while k < len(items) and (items[k].kind == "HON" or (
                    items[k].kind == "CUE" and items[k].role in ("copula", "appliesTo"))):
                k += 1
            if k < len(items) and items[k].kind == "NAME" and not self._gap_has_punct(items, b, k):
                nm = self._name_ok(items, k) or (self.text[items[k].start:items[k].end] if looks_like_name(items[k].text) else None)
                if nm:
                    persons.append((nm, left))
                    self._register(nm, False)
                    persons.extend((x, left) for x in self._names_after(items, k))
            # (b) name before the chain: "NAME, chain" / "NAME - chain" / "NAME, khi ấy là chain"
            if not persons:
                j = a - 1
                former_clause = False
                by_name_before.add(ci)
                while j >= 0 and (items[j].kind == "PUNCT" and items[j].text in ",-–—:" or
                                  items[j].kind == "CUE" and items[j].role in ("formerClause", "former", "join")):
                    if items[j].kind == "CUE" and items[j].role == "formerClause":
                        former_clause = True
                    j -= 1
                if j >= 0 and j < a - 1 and items[j].kind == "NAME":
                    nm = self._appositive_name(items, j) if items[j + 1].kind == "PUNCT" else self._name_ok(items, j)
                    if nm:
                        persons.append((nm, former_clause))
                        self._register(nm, False)
                elif j >= 0 and j < a - 1 and items[j].kind == "UNIT" and items[j].unit.is_person:
                    persons.append((items[j].unit.name, former_clause))
                if not persons:
                    by_name_before.discard(ci)
            # (c) copula before the chain: "do đồng chí X làm", "các đồng chí A, B được bầu làm"
            if not persons:
                persons = self._copula_subjects(items, a, owner, ci)
            # (d) the name swallowed by the last unit: "Bí thư Đảng ủy xã Vũ Hồng Duy"
            if not persons:
                sp = self._split_person(ch)
                if sp:
                    persons.append((sp, False))
                    self._register(sp, False)
                    persons.extend((x, False) for x in self._names_after(items, b))
            # "giữ chức X thay (cho) ông B": B held X before
            k = b + 1
            if k < len(items) and items[k].kind == "CUE" and items[k].role == "replaces":
                k += 1
                while k < len(items) and items[k].kind == "HON":
                    k += 1
                if k < len(items) and items[k].kind == "NAME" and (nm := self._appositive_name(items, k)):
                    persons.append((nm, True))
                    self._register(nm, False)
            # (e) a list under the chain: "hai đồng chí được bầu làm Phó Bí
            # thư Tỉnh ủy gồm: A - X; B - Y": the heading goes to each member
            listed = post_heading_members(items, b, self._appositive_name)
            if listed:
                persons = [(m, False) for m in listed]
                for m in listed:
                    self._register(m, False)
            claimed[ci] = persons
        # "Ban Thường vụ Tỉnh ủy còn có các đồng chí: A - ...; B - ...": each holds the seat
        for first, last, seat in committee_headings(items, owner):
            intro = first + (last - first) + 1
            listed = members(items, next(k for k in range(intro, len(items))
                                         if items[k].kind == "PUNCT" and items[k].text == ":" or
                                         items[k].kind == "CUE" and items[k].role == "listIntro"), self._appositive_name)
            if listed:
                post = Item("POST", items[first].start, items[first].end, seat)
                ph = Phrase(post, items[first].start, items[last].end, parts=list(items[first + 1:last + 1]))
                chains.append(Chain([ph]))
                claimed[len(chains) - 1] = [(m, False) for m in listed]
        # "chuẩn y đồng chí A ... tham gia Ban Thường vụ Tỉnh ủy": A takes the seat
        for seat in find_seats(items, owner):
            subjects = self.subjects_before(items, seat.cue)
            if not subjects:
                continue
            post = Item("POST", items[seat.body].start, items[seat.body].end, seat.title)
            ph = Phrase(post, post.start, post.end, parts=list(seat.committee), former=seat.leave)
            chains.append(Chain([ph]))
            claimed[len(chains) - 1] = [(subjects[0][0], seat.leave or subjects[0][1])]
        for ci, ch in enumerate(chains):
            # the units of posts held before set the context only when nothing else does
            persons = claimed.get(ci)
            if persons and all(f for _, f in persons) or any(ph.former for ph in ch.phrases):
                for ph in ch.phrases:
                    for part in ph.parts:
                        if isinstance(part, Item) and part.kind == "UNIT":
                            part.unit.background = True
        for ci in transferred_chains(items, chain_first, claimed, by_name_before):
            for ph in chains[ci].phrases:
                ph.left = not is_membership(ph.post.concept)
        for ci in retired_chains(items, chain_first, claimed, by_name_before):
            for ph in chains[ci].phrases:
                ph.left = True
        for ci in by_name_before:
            chains[ci].appositive = True
        return s, e, items, chains, claimed

    def _emit(self, s: int, e: int, items: list[Item], chains: list[Chain], claimed: dict) -> None:
        self._sentence_committee = self._first_body_run(items)
        first = len(self.facts)
        for ci, ch in enumerate(chains):
            if not claimed.get(ci):
                continue
            self._resolve_chain(ch)
            for person, former_clause in claimed[ci]:
                for ph in ch.phrases:
                    if ph.org is None:
                        continue
                    self.facts.append(PostFact(person, self._role(ph), ph.org, ph.area,
                                               ph.former or ph.left or former_clause, (s, e),
                                               self._confidence(ph), step=id(ch) if ch.step else 0,
                                               position=ph.start, appositive=ch.appositive,
                                               membership=is_membership(ph.post.concept)))
                    self.people.setdefault(person, {"honorific": False, "posts": 0})["posts"] += 1
        promote(self.facts[first:])

    _sentence_committee: Item | None = None

    def _first_body_run(self, items: list[Item]) -> Item | None:
        """The first run of adjacent bodies in the sentence ("Ủy ban Kiểm tra
        Tỉnh ủy"): what a bare title later in it ("giữ chức Chủ nhiệm") heads."""
        runs = []
        for i, it in enumerate(items):
            if it.kind != "BODY":
                continue
            j = i
            while j + 1 < len(items) and items[j + 1].kind == "BODY" and not self.text[items[j].end:items[j + 1].start].strip():
                j += 1
            last = items[j]
            if last.concept.props.get("unitType"):
                runs.append(Item("BODY", it.start, last.end, last.concept, text=self.text[it.start:last.end]))
        # a party committee first: a bare "Phó Bí thư" is of the Huyện ủy, not the Huyện đoàn
        return next((r for r in runs if r.concept.props.get("partyBody")), runs[0] if runs else None)

    def _names_after(self, items: list[Item], k: int) -> list[str]:
        """More names listed after item k with commas ("A, B, C"), each
        not followed by a title of its own."""
        out = []
        m = k + 1
        while m + 1 < len(items) and items[m].kind == "PUNCT" and items[m].text == "," \
                and items[m + 1].kind == "NAME":
            if m + 2 < len(items) and items[m + 2].kind in ("PUNCT", "POST") and \
                    (items[m + 2].kind == "POST" or items[m + 2].text in "-–,") and \
                    (m + 3 < len(items) and items[m + 3].kind == "POST" or items[m + 2].kind == "POST"):
                break
            nm = self._name_ok(items, m + 1)
            if not nm:
                break
            out.append(nm)
            self._register(nm, False)
            m += 2
        return out

    def _gap_has_punct(self, items: list[Item], a: int, b: int) -> bool:
        return any(items[k].kind == "PUNCT" for k in range(a + 1, b))

    def _copula_subjects(self, items: list[Item], a: int, owner: dict[int, int], ci: int) -> list[tuple[str, bool]]:
        j = a - 1
        if j < 0 or not (items[j].kind == "CUE" and items[j].role in SUBJECT_CUES):
            # allow "giữ cương vị" + words ("hai cương vị") just before the chain
            k = j
            while k >= 0 and items[k].kind == "WORD" and a - k <= 4:
                k -= 1
            if k < 0 or not (items[k].kind == "CUE" and items[k].role in SUBJECT_CUES):
                return []
            j = k
        # "thôi giữ chức X": X is left
        left = items[j].role == "leave"
        return [(n, f or left) for n, f in self.subjects_before(items, j)]

    def subjects_before(self, items: list[Item], j: int) -> list[tuple[str, bool]]:
        """Who the verb or cue at item j is said of: the names before it in
        its clause (a list after "các đồng chí"), else a pronoun's referent
        (the person last named); each with whether a "then" cue makes it past."""
        former_clause = False
        subjects: list[str] = []
        plural = False
        crossed = False
        k = j - 1
        steps = 0
        while k >= 0 and steps < 40:
            it = items[k]
            steps += 1
            if it.kind == "PUNCT" and it.text == ";":
                if subjects or crossed:
                    break
                # "...; tháng 10/2020 được bổ nhiệm X": a clause without a
                # subject goes on with the previous clause's
                crossed = True
            if it.kind == "CUE" and it.role == "formerClause":
                former_clause = True
            if it.kind == "HON" and self.text[it.start:it.end].lower().startswith("các"):
                plural = True
                break
            if it.kind == "NAME":
                nm = self._name_ok(items, k)
                if nm:
                    subjects.append(nm)
                    if not self._list_before(items, k):
                        # a single subject unless a list ("A, B - X và C - Y")
                        if not plural:
                            pass
            if it.kind == "HON" and not subjects:
                # a pronoun: "bà là ...", "ông đảm nhiệm ..."
                nxt = self.text[it.end:it.end + 8]
                if not _PRONOUN_BLOCK.match(nxt) and self.recent:
                    if k + 1 < len(items) and items[k + 1].kind == "NAME":
                        pass
                    else:
                        word = self.text[it.start:it.end].lower()
                        if word in ("ông", "bà", "anh", "chị", "đồng chí"):
                            subjects.append(self.recent[-1])
                            # "trước khi ..., bà là ...": a time cue before the pronoun
                            former_clause = former_clause or any(
                                x.kind == "CUE" and x.role == "formerClause" for x in items[max(0, k - 12):k])
                            break
            k -= 1
        if not subjects:
            return []
        if plural:
            return [(n, former_clause) for n in reversed(subjects)]
        return [(subjects[0], former_clause)]

    def _list_before(self, items: list[Item], k: int) -> bool:
        return k >= 2 and items[k - 1].kind == "PUNCT" and items[k - 1].text == "," and items[k - 2].kind == "NAME"

    def _split_person(self, ch: Chain) -> str | None:
        last = ch.phrases[-1]
        if not last.parts:
            return None
        part = last.parts[-1]
        if not isinstance(part, Item) or part.kind != "UNIT" or part.unit.place is not None:
            return None
        u = part.unit
        if u.is_person:
            last.person_unit = u
            return u.name
        if not u.named:
            return None
        ws = u.name.split()
        if ws and ws[0].isdigit():
            return None
        i = split_unit_and_person(ws)
        if i is None or i == 0 and is_place_name(u.name):
            return None
        person = " ".join(ws[i:])
        if i == 0:
            u.is_person = True
            last.person_unit = u
        else:
            # the unit keeps the first words
            cut = u.name_start + len(" ".join(ws[:i]))
            u.name = self.text[u.name_start:cut]
            u.name_end = cut
            u.end = cut
            u.surface = self.text[u.start:cut]
        return person

    # ------------------------------------------------------------ organisations
    def _role(self, ph: Phrase) -> str:
        c = ph.post.concept
        if "asRole" in c.props:
            return lexicon().vocab.get(c.props["asRole"]).label
        return c.label

    def _confidence(self, ph: Phrase) -> float:
        conf = 0.9
        if ph.area is None:
            conf -= 0.1
        if not ph.parts:
            conf -= 0.1
        return round(conf, 2)

    def _resolve_chain(self, ch: Chain) -> None:
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
            elif bodies[0].concept.label == "Đảng bộ":
                member_prefix = lx.vocab.get(props["memberOf"]).label
        if not parts and self._sentence_committee is not None:
            # "Các Phó Bí thư Tỉnh ủy gồm: A - Phó Bí thư Thường trực; ..."
            parts = [self._sentence_committee]
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
                if committee is not None and (u0.from_body or not u0.named or unit.place is not None
                                              or u0.is_person):
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
                ph.org = _tidy(" ".join(pieces))
                ph.unit = unit
                ph.area = prov.area if prov else None
                return
            elif not last_body.props.get("central"):
                u = self._borrow(own, i)
                if u is None and last_body.label in ("Đảng ủy", "Đảng bộ"):
                    u = self.ctx.resolve(ph.start, level=3)
                if u is None and last_body.label == "Chi bộ":
                    u = self.ctx.resolve(ph.start, level=4)
                if u is not None:
                    unit = u
                    pieces.append(u.written)
        org = " ".join(x for x in pieces if x)
        if member_prefix:
            org = f"{member_prefix} {org}"
        ph.org = _tidy(org)
        ph.unit = unit
        ph.area = None if central else (unit.area if unit else None)


def _tidy(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,")
    return s[:1].upper() + s[1:] if s[:1].islower() and not s.startswith(("thôn", "làng", "ấp", "bản", "buôn", "bon", "xóm", "phum", "sóc", "khu", "tổ", "xã", "phường")) else s


def extract_posts(text: str, sentences: list[tuple[int, int]], units: list[UnitMention],
                  paragraphs: list[tuple[int, int]] | None = None) -> tuple[list[PostFact], dict[str, dict]]:
    ex = PostExtractor(text, sentences, units, paragraphs)
    facts = ex.run()
    return facts, ex.people
