"""Careers told as narrative: which posts a person held before.

Personnel news tells a career in a few fixed ways, each read here from the
cue words of the vocabulary (pg:cueRole):

- a career cue ("từng giữ các chức vụ:", "đã kinh qua", "từng làm") opens a
  list of posts, to the end of the sentence or a "present" cue ("hiện là"):
  all of them were held before by the cue's subject;
- a leave cue ("thôi giữ chức X") makes X former, for the whole article;
- a transfer ("điều động đồng chí A, Trưởng phòng X, đến nhận công tác ...")
  leaves the jobs A is introduced with; seats on a committee are kept;
- dated steps ("Năm 2018, ông được giao chức X; tháng 4/2021 được bổ nhiệm
  Y") and "X rồi Y": every step but the last was left.

The extractor (loaders/posts.py) calls these while it gives chains their
persons; they read its items (kind, role, start, end) and nothing else.
"""
from __future__ import annotations

import re
from typing import Protocol

from .lexicon import cached_key as key

# cues after which the subject is searched before the verb ("ông ... giữ chức")
SUBJECT_CUES = ("copula", "present", "leave")
# a year after a time word: "năm 2018", "tháng 4/2021", "tháng 11-2018", "ngày 27-8-2014"
_DOC_BEFORE = re.compile(r"\d+[\-/][\w\-/.]*[A-ZĐ]{2,}[\w\-/.]*[ \t,]*$")
_DATE_AFTER = re.compile(r"[ \t]+(?:\d{1,2}[/.\-]){0,2}\d{4}\b")


class _Extractor(Protocol):
    text: str

    def subjects_before(self, items: list, j: int) -> list[tuple[str, bool]]: ...

    def _name_ok(self, items: list, idx: int) -> str | None: ...


def career_subjects(ex: _Extractor, items: list, a: int, owner: dict[int, int]) -> list[tuple[str, bool]]:
    """The subject of the career cue that governs the chain starting at item
    `a` (as former), or [] when no career cue does: one governs when it
    stands earlier in the sentence with no present cue and no other
    person's name between."""
    for k in range(a - 1, -1, -1):
        it = items[k]
        if it.kind == "CUE" and it.role == "present" and not (k + 1 < len(items) and items[k + 1].kind == "UNIT"):
            return []       # ("huyện Hiên (nay là huyện Đông Giang)" is about the unit, not the person)
        if it.kind == "NAME" and k not in owner and ex._name_ok(items, k):
            return []
        if it.kind == "CUE" and it.role == "career":
            found = ex.subjects_before(items, k)
            return [(found[0][0], True)] if found else []
    return []


def is_membership(concept) -> bool:
    """A seat on a committee (Tỉnh ủy viên, Ủy viên Ban Thường vụ), not a job."""
    return bool(concept.props.get("membership"))


def _same_clause(items: list, a: int, b: int) -> bool:
    return not any(items[k].kind == "PUNCT" and items[k].text == ";" for k in range(min(a, b), max(a, b)))


def transferred_chains(items: list, chain_first: dict[int, int], claimed: dict[int, list],
                       by_name_before: set[int]) -> set[int]:
    """Chains that introduce a transferred person ("điều động đồng chí A,
    Trưởng phòng X, đến ... giữ chức Y"): those given to a name written
    after a transfer cue of their clause when another chain follows them
    there."""
    transfer = [i for i, it in enumerate(items) if it.kind == "CUE" and it.role == "transfer"]
    if not transfer:
        return set()
    out = set()
    firsts = sorted(chain_first.values())
    for ci in by_name_before:
        a = chain_first[ci]
        if any(t < a and _same_clause(items, t, a) for t in transfer) and claimed.get(ci) \
                and any(f > a and _same_clause(items, a, f) for f in firsts):
            out.add(ci)
    return out


def retired_chains(items: list, chain_first: dict[int, int], claimed: dict[int, list],
                   by_name_before: set[int]) -> set[int]:
    """Chains that introduce a person who retires in the same clause
    ("đồng chí A, Chủ tịch Hội Nông dân tỉnh, ... nghỉ hưu theo chế độ")."""
    retire = [i for i, it in enumerate(items) if it.kind == "CUE" and it.role == "retire"]

    def theirs(a: int, r: int) -> bool:
        # nobody else is named in between or right after ("ông A, Bí thư Tỉnh
        # ủy, trao quyết định nghỉ hưu cho ông B": B retires, not A)
        return r > a and _same_clause(items, a, r) and not any(
            items[k].kind in ("NAME", "HON") for k in range(a, min(len(items), r + 4)) if k != r)
    return {ci for ci in by_name_before if claimed.get(ci) and any(theirs(chain_first[ci], r) for r in retire)}


def nominated(items: list, a: int) -> bool:
    """Is the chain at item `a` a nomination or a post still to be filled:
    right after the cue ("giới thiệu bầu giữ chức X"), or after the cue's
    person and their introduction ("tiến hành quy trình bầu đồng chí A,
    Phó Bí thư, giữ chức X"): no post yet."""
    for k in range(a - 1, max(-1, a - 12), -1):
        it = items[k]
        if it.kind == "CUE" and it.role == "nominate":
            return True      # also "giới thiệu ứng cử để HĐND huyện X bầu giữ chức Y"
        if it.kind in ("NAME", "POST") or it.kind == "PUNCT" and it.text in ";,":
            break
    if not (a > 0 and items[a - 1].kind == "CUE" and items[a - 1].role in SUBJECT_CUES):
        return False
    names = 0
    for k in range(a - 2, max(-1, a - 30), -1):
        it = items[k]
        if it.kind == "PUNCT" and it.text == ";":
            return False
        if it.kind == "NAME":
            names += 1
            if names > 1:
                return False
        if it.kind == "CUE" and it.role == "nominate":
            j = k + 1
            while j < len(items) and items[j].kind == "HON":
                j += 1
            return names == 1 and items[j].kind == "NAME"
    return False


def _dates_before(text: str, items: list, a: int, lo: int) -> list[int]:
    """Items of the time words with a year in the chain's clause before it."""
    found = []
    for k in range(a - 1, lo - 1, -1):
        it = items[k]
        if it.kind == "PUNCT" and it.text == ";":
            break
        if it.kind == "CUE" and it.role == "timeWord" and _DATE_AFTER.match(text, it.end) \
                and not _DOC_BEFORE.search(text, max(0, it.start - 30), it.start):
            found.append(k)      # (not a document's date: "Quy định số 65-QĐ/TW ngày 28/4/2022")
    return found


def dated(text: str, items: list, a: int, lo: int) -> int:
    """The step a chain starting at item `a` belongs to when its clause dates
    it ("năm 2018", "từ tháng 8/2021"): the position of the nearest such time
    word after item `lo` plus one (chains dated by one expression are one
    step), else 0."""
    found = _dates_before(text, items, a, lo)
    return items[found[0]].start + 1 if found else 0


def sequenced(items: list, a: int) -> int:
    """Is the chain at item `a` a next step ("Nửa năm sau, ... ông được phân
    công làm X", "sau đó được bầu làm Y"): a sequence cue earlier in its
    clause, with no other title between?"""
    for k in range(a - 1, -1, -1):
        it = items[k]
        if it.kind == "PUNCT" and it.text == ";" or it.kind == "POST":
            return 0
        if it.kind == "CUE" and it.role == "sequence":
            return it.start + 1
    return 0


def ended(text: str, items: list, a: int) -> bool:
    """Does the chain's clause give the post an end ("từ tháng 10-2015 đến
    tháng 10-2020, ông là X"): a dated span, so the post was left."""
    return any(k > 0 and items[k - 1].kind == "CUE" and items[k - 1].role == "until"
               for k in _dates_before(text, items, a, 0))


def _words(org: str) -> list[str]:
    return key(org).split()


def settle_former(facts: list, paragraphs: list[tuple[int, int]]) -> list:
    """The article's word on each post, once:

    - of the dated steps of one person's career in one paragraph, all but
      the last were left;
    - a post said both to be held and to have been left (an introduction,
      then "thôi giữ chức") was left -- unless the sentence says it was held
      before and is given again ("nguyên Bí thư ... làm Bí thư ... mới"), or
      only a career list says it was held before (it ends in the present);
    - a post restated with a shorter organisation ("thôi giữ chức Giám đốc
      Sở" after "Giám đốc Sở Giao thông Vận tải") is the same post.
    """
    # a career may be told over several paragraphs: one person's steps, article-wide
    steps: dict[str, list] = {}
    for f in facts:
        if f.step:
            steps.setdefault(f.person, []).append(f)
    for group in steps.values():
        last = max(group, key=lambda f: f.position).step
        for f in group:
            if f.step != last and not f.membership:    # a seat on a committee outlasts a job
                f.former = True
    by_post: dict[tuple[str, str], list] = {}
    for f in facts:
        by_post.setdefault((f.person, f.role.lower()), []).append(f)
    drop: set[int] = set()
    for group in by_post.values():
        for f in group:
            for g in group:
                if f is g or id(g) in drop or id(f) in drop:
                    continue
                fw, gw = _words(f.organization), _words(g.organization)
                same = fw == gw and (f.area == g.area or f.area is None or g.area is None)
                shorter = len(fw) < len(gw) and gw[:len(fw)] == fw and (f.area is None or f.area == g.area)
                if not (same or shorter):
                    continue
                if f.former != g.former:
                    past, now = (f, g) if f.former else (g, f)
                    if past.sentence == now.sentence and past.position < now.position:
                        continue  # "bà A (nguyên Bí thư Đảng ủy phường X) làm Bí thư Đảng ủy phường X mới"
                    if past.career and not now.career:
                        # a career list ends in the post the article says is held now
                        # ("tái đắc cử Bí thư Tỉnh ủy ... từng giữ: ..., Phó Bí thư rồi Bí thư Tỉnh ủy")
                        drop.add(id(past))
                        continue
                g.former = g.former or f.former
                drop.add(id(f))
    return [f for f in facts if id(f) not in drop]


def promote(facts: list) -> None:
    """One sentence's facts: a person introduced with a job who is given a
    job that ends it there (see `_moved`) left the first."""
    for f in facts:
        if not f.appositive or f.membership or f.former:
            continue
        if any(g.person == f.person and not g.appositive and not g.former and not g.membership
               and g.position > f.position and _moved(f, g) for g in facts):
            f.former = True


def _moved(was, now) -> bool:
    """A new post that ends the one the person was introduced with: another
    title in the same body (a promotion), or the same title in another body
    ("A, Bí thư Tỉnh ủy Hà Giang, giữ chức Bí thư Tỉnh ủy Tuyên Quang")."""
    if key(was.organization) == key(now.organization):   # "Uỷ ban" and "Ủy ban" are one body
        return not now.role.startswith(was.role) and not was.role.startswith(now.role)
    return was.role == now.role
