"""Lists of people under one heading: the heading's post goes to each member.

Personnel news announces a committee as a list:

- a post heading: "Hai đồng chí được bầu làm Phó Bí thư Tỉnh ủy gồm: A -
  Chủ tịch HĐND tỉnh; B - Chủ tịch UBND tỉnh", "Các đồng chí Ủy viên Ban
  Thường vụ Huyện ủy còn lại gồm: ...";
- a committee heading: "Ban Thường vụ Tỉnh ủy khóa VII còn có 12 đồng chí:
  A - ...; B - ...", "Trong Ban Thường vụ Tỉnh ủy còn có các đồng chí: ...":
  each member holds the committee's seat ("Ủy viên Ban Thường vụ", the
  title whose pg:memberOf is that body).

Each member keeps its own chain too ("A - Chủ tịch HĐND tỉnh"), which the
extractor gives it as usual. A list runs from its intro (a "listIntro" cue
or a colon) to the end of the sentence; its entries are split at ";" (or
at "," and "và" when no entry has a title of its own).
"""
from __future__ import annotations

from typing import Callable

from .lexicon import lexicon

# how far a heading may stand from its intro ("Phó Bí thư Tỉnh ủy khóa XVI gồm:")
_GAP = 8


def _intro_after(items: list, start: int) -> int | None:
    """Index of the list intro (a cue, or a colon) within _GAP items after
    `start`, with no title, body or name between."""
    for k in range(start, min(len(items), start + _GAP)):
        it = items[k]
        if it.kind == "CUE" and it.role == "listIntro" or it.kind == "PUNCT" and it.text == ":":
            return k
        if it.kind in ("POST", "BODY", "NAME") or it.kind == "PUNCT" and it.text in ";.":
            return None
    return None


def members(items: list, intro: int, name_ok: Callable[[list, int], str | None]) -> list[str]:
    """The people listed after item `intro`: the first name of each entry."""
    k = intro + 1
    # "gồm 12 đồng chí:" -- the count and the colon belong to the intro
    while k < len(items) and items[k].kind in ("WORD", "HON", "CUE") and not (
            items[k].kind == "PUNCT"):
        if items[k].kind == "HON" and k + 1 < len(items) and items[k + 1].kind == "NAME":
            break
        k += 1
    if k < len(items) and items[k].kind == "PUNCT" and items[k].text == ":":
        k += 1
    entries: list[list[int]] = [[]]
    for j in range(k, len(items)):
        it = items[j]
        if it.kind == "PUNCT" and it.text == ";":
            entries.append([])
            continue
        entries[-1].append(j)
    entries = [e for e in entries if e]
    if len(entries) == 1 and not any(items[j].kind == "POST" for j in entries[0]):
        # "gồm các đồng chí: A, B và C"
        split: list[list[int]] = [[]]
        for j in entries[0]:
            it = items[j]
            if it.kind == "PUNCT" and it.text == "," or it.kind == "WORD" and it.text == "và":
                split.append([])
            else:
                split[-1].append(j)
        entries = [e for e in split if e]
    out: list[str] = []
    for entry in entries:
        # the member opens its entry, after an honorific or rank at most;
        # "... và ông D" closes the last entry with one more
        opens = [entry[0]] + [j + 1 for j in entry if items[j].kind == "WORD" and items[j].text == "và"]
        for start in opens:
            j = start
            while j < len(items) and j <= entry[-1] and items[j].kind == "HON":
                j += 1
            if j <= entry[-1] and items[j].kind == "NAME":
                nm = name_ok(items, j)
                if nm and nm not in out:
                    out.append(nm)
    return out if len(out) >= 2 else []


def post_heading_members(items: list, last: int, name_ok: Callable[[list, int], str | None]) -> list[str]:
    """Members of a list whose heading is the chain ending at item `last`."""
    intro = _intro_after(items, last + 1)
    return [] if intro is None else members(items, intro, name_ok)


def committee_headings(items: list, owner: dict[int, int]) -> list[tuple[int, int, object]]:
    """(first item, last item, seat title) of each committee named as a
    list heading ("Ban Thường vụ Tỉnh ủy ... còn có 12 đồng chí:"): a body
    that some title is a seat of, with the committee bodies and unit after
    it, outside any chain, followed by a list intro."""
    lx = lexicon()
    seats = {c.props["memberOf"]: c for c in lx.vocab.scheme("posts")
             if c.props.get("memberOf") and c.props.get("membership")}
    out = []
    for i, it in enumerate(items):
        if it.kind != "BODY" or i in owner or it.concept.iri not in seats:
            continue
        j = i
        while j + 1 < len(items) and items[j + 1].kind in ("BODY", "UNIT") and j + 1 not in owner:
            j += 1
        if j == i:
            continue          # a committee of which body? not said here
        if _intro_after(items, j + 1) is not None:
            out.append((i, j, seats[it.concept.iri]))
    return out
