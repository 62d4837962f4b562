"""Who holds which post: titles -> role / organization / area / former.

A sentence is read as a row of items (titles, bodies, units, honorifics,
cue words, names, punctuation: post_items.py). Titles and the bodies/units
right after them form a *title phrase*; phrases joined by ",", "-", "kiêm",
"đồng thời là" form a *chain* (post_chains.py); this module gives each chain
to the name before it ("Nguyễn Thái Sơn, Bí thư ..."), after it ("Bí thư ...
Vũ Hồng Duy"), or across a copula ("do đồng chí X làm Bí thư", "các đồng
chí A, B ... được bầu làm ..."), with the people named so far kept by
post_people.py. Each phrase's organisation and area, unnamed units resolved
from the article's area context, come from post_orgs.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .careers import (SUBJECT_CUES, career_subjects, dated, ended, is_membership, nominated, promote,
                      retired_chains, sequenced, settle_former, transferred_chains)
from .lexicon import canon, lexicon
from .people import looks_like_name
from .post_chains import Chain, Phrase, build_chains
from .post_items import Item, sentence_items
from .post_lists import committee_headings, members, post_heading_members
from .post_orgs import Organisations, confidence, role
from .post_people import PeopleReader
from .seats import find_seats
from .units import AreaContext, UnitMention

# re-exported: other modules and tests have imported these from here
__all__ = ["Chain", "Item", "Phrase", "PostExtractor", "PostFact", "build_chains", "extract_posts",
           "sentence_items"]


@lru_cache(maxsize=1)
def _credit_line() -> re.Pattern:
    """A sentence opened by a credit cue and a colon ("Bài và ảnh: ..."):
    spaces or a line break may stand before the last word of a credit."""
    forms = []
    for label in sorted(lexicon().cue_labels("credit")):
        *head, last = label.split()
        forms.append(re.escape(" ".join(head)) + r"\s*" + re.escape(last) if head else re.escape(last))
    return re.compile(rf"(?:{'|'.join(forms)})\s*:")


@dataclass
class PostFact:
    """One post held by one person, as one sentence states it."""
    person: str
    role: str
    organization: str
    area: str | None
    former: bool
    sentence: tuple[int, int]
    confidence: float
    step: int = 0             # a dated step of a career told in order: where its date stands (+1)
    position: int = 0         # where its title stands in the text
    appositive: bool = False  # the post a person is introduced with
    career: bool = False      # read from a career list ("từng giữ các chức vụ: ...")
    membership: bool = False  # a seat on a committee, not a job


def _record_field(items: list[Item], a: int) -> bool:
    """Does the sentence open with a field of a record ("Chức vụ: Nguyên Bí
    thư ...") whose value is the chain at item `a`?"""
    return bool(items) and items[0].kind == "CUE" and items[0].role in SUBJECT_CUES and all(
        it.kind == "PUNCT" and it.text == ":" or it.kind == "CUE" and it.role == "former" for it in items[1:a])


def _applies_to(items: list[Item], b: int) -> int | None:
    """The item of the name an "đối với" a few words after the chain ending
    at item b introduces, or None."""
    for k in range(b + 1, min(len(items), b + 12)):
        it = items[k]
        if it.kind == "CUE" and it.role == "appliesTo":
            k += 1
            while k < len(items) and items[k].kind == "HON":
                k += 1
            return k if k < len(items) and items[k].kind == "NAME" else None
        if it.kind in ("POST", "NAME", "BODY") or it.kind == "PUNCT" and it.text in ";:()":
            return None
    return None


class PostExtractor(PeopleReader):
    """Runs over a whole article text (sentences and units known)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], units: list[UnitMention],
                 paragraphs: list[tuple[int, int]] | None = None):
        super().__init__(text)
        self.shadow = canon(text)
        self.sentences = sentences
        self.units = units
        self.ctx = AreaContext(units)
        self.starts = self.ctx.starts
        self.orgs = Organisations(text, self.ctx)
        self.facts: list[PostFact] = []
        self.paragraphs = paragraphs or []

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
        """Pass 1 on text[s:e]: its items, chains and who claims each chain
        (None when the sentence holds no post)."""
        text = self.text
        first = text[s:e].lstrip()
        if _credit_line().match(first):
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
            ch.step = sequenced(items, a) or dated(text, items, a, 0)
            # (0) a career told after "từng giữ các chức vụ:": every post to
            # the end of the sentence was held before by the cue's subject
            persons: list[tuple[str, bool]] = career_subjects(self, items, a, owner)
            ch.career = bool(persons)
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
            via = None
            if not persons and k == b + 1:
                # "phê chuẩn kết quả bầu chức vụ Phó Chủ tịch UBND tỉnh nhiệm kỳ 2021 - 2026
                # đối với ông A": the title is A's (not the signer's), its term between
                via = _applies_to(items, b)
                k = via or k
            if k < len(items) and items[k].kind == "NAME" and (via or not self._gap_has_punct(items, b, k)):
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
                while j >= 0 and (items[j].kind == "PUNCT" and items[j].text in ",-–—:(" or
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
                persons = self._copula_subjects(items, a, owner, ci, cross=ch.step)
            # a dated step told without a subject ("Từ tháng 5-2011 là Chánh Văn
            # phòng Tỉnh ủy"), or a record's field ("Chức vụ: Nguyên Bí thư ..."):
            # the person last named goes on
            if not persons and self.recent and (ch.step and self._verb_before(items, a) or _record_field(items, a)):
                persons = [(self.recent[-1], False)]
            if ended(text, items, a):
                persons = [(p, True) for p, _ in persons]   # "từ ... đến tháng 10-2020, ông là X"
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
            if not subjects or lexicon().doc_types.finditer(self.shadow, max(s, items[seat.cue].start - 30),
                                                              items[seat.cue].start):
                continue      # "ông A đã ký 5 quyết định chỉ định tham gia ...": the seats are not A's
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
        self.orgs.start_sentence(items)
        first = len(self.facts)
        for ci, ch in enumerate(chains):
            if not claimed.get(ci):
                continue
            self.orgs.resolve_chain(ch)
            for person, former_clause in claimed[ci]:
                for ph in ch.phrases:
                    if ph.org is None:
                        continue
                    self.facts.append(PostFact(person, role(ph), ph.org, ph.area,
                                               ph.former or ph.left or former_clause, (s, e),
                                               confidence(ph), step=ch.step,
                                               position=ph.start, appositive=ch.appositive, career=ch.career,
                                               membership=is_membership(ph.post.concept)))
                    self.people.setdefault(person, {"honorific": False, "posts": 0})["posts"] += 1
        promote(self.facts[first:])


def extract_posts(text: str, sentences: list[tuple[int, int]], units: list[UnitMention],
                  paragraphs: list[tuple[int, int]] | None = None) -> tuple[list[PostFact], dict[str, dict]]:
    ex = PostExtractor(text, sentences, units, paragraphs)
    facts = ex.run()
    return facts, ex.people
