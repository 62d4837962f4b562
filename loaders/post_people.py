"""The people of an article as the posts stage reads them: which capitalised
runs are names, who was named last (for a pronoun), and who a verb or cue
is said of ("các đồng chí A, B được bầu làm ...", "bà là ...").

`PeopleReader` is the part of the extractor (posts.PostExtractor) that
keeps the people named so far; careers.py, post_lists.py and seats.py call
back into it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .careers import SUBJECT_CUES
from .gazetteer import is_place_name
from .lexicon import canon, lexicon
from .people import looks_like_name, split_unit_and_person
from .post_chains import Chain
from .post_items import Item



@lru_cache(maxsize=1)
def _kinship_after() -> re.Pattern:
    """A kinship word right after a pronoun-like honorific ("bà con", "anh
    em"): a compound, not the person last named."""
    words = "|".join(map(re.escape, sorted(lexicon().cue_labels("kinship"))))
    return re.compile(rf"^[ \t]+(?:{words})\b", re.IGNORECASE)


# a clause after ";" that opens with one of these goes on with the same
# person ("A thôi giữ chức X; luân chuyển, chỉ định giữ chức Y")
_GOES_ON = ("transfer", "copula", "leave", "seatJoin", "seatLeave", "timeWord", "sequence", "present",
            "career", "appoint")


def _goes_on(items: list[Item], k: int) -> bool:
    return k + 1 < len(items) and items[k + 1].kind == "CUE" and items[k + 1].role in _GOES_ON


class PeopleReader:
    """The names of one article's sentences, and the people named so far."""

    def __init__(self, text: str):
        self.text = text
        self.people: dict[str, dict] = {}      # name -> {"honorific": bool, "posts": int}
        self.recent: list[str] = []            # people in order of mention (for pronouns)

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

    def _names_after(self, items: list[Item], k: int) -> list[str]:
        """More names listed after item k ("A, B, C", "bà A (51 tuổi) và ông
        B"), each not followed by a title of its own."""
        out = []
        m = k + 1
        while m < len(items):
            if items[m].kind == "PUNCT" and items[m].text == "(":      # an aside: "(58 tuổi)"
                close = next((j for j in range(m + 1, min(len(items), m + 8))
                              if items[j].kind == "PUNCT" and items[j].text == ")"), None)
                if close is None:
                    break
                m = close + 1
                continue
            if not (items[m].kind == "PUNCT" and items[m].text == "," or
                    items[m].kind == "CUE" and items[m].role == "listJoin" or
                    items[m].kind == "WORD" and lexicon().cue("listJoin").match_at(canon(items[m].text), 0)):
                break
            n = m + 1
            while n < len(items) and items[n].kind == "HON":
                n += 1
            if n >= len(items) or items[n].kind != "NAME":
                break
            if n + 1 < len(items) and (items[n + 1].kind == "POST" or items[n + 1].kind == "PUNCT"
                                       and items[n + 1].text in "-–," and n + 2 < len(items)
                                       and items[n + 2].kind == "POST"):
                break          # the next name has its own title
            nm = self._name_ok(items, n)
            if not nm:
                break
            out.append(nm)
            self._register(nm, False)
            m = n + 1
        return out

    def _gap_has_punct(self, items: list[Item], a: int, b: int) -> bool:
        return any(items[k].kind == "PUNCT" for k in range(a + 1, b))

    def _verb_before(self, items: list[Item], a: int) -> bool:
        """Is the chain at item `a` the object of a copula or leave cue
        ("là", "giữ chức", "thôi giữ chức"), a few words at most before it?"""
        k = a - 1
        while k >= 0 and items[k].kind == "WORD" and a - k <= 4:
            k -= 1
        return k >= 0 and items[k].kind == "CUE" and items[k].role in SUBJECT_CUES

    def _copula_subjects(self, items: list[Item], a: int, owner: dict[int, int], ci: int,
                         cross: bool = False) -> list[tuple[str, bool]]:
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
        # a clause without a subject goes on with the previous clause's only
        # in a career ("...; tháng 10/2020 được bổ nhiệm X", "...; hiện là Y")
        cross = cross or items[j].role == "present"
        return [(n, f or left) for n, f in self.subjects_before(items, j, cross)]

    def subjects_before(self, items: list[Item], j: int, cross: bool = False) -> list[tuple[str, bool]]:
        """Who the verb or cue at item j is said of: the names before it in
        its clause (a list after "các đồng chí"), else a pronoun's referent
        (the person last named); each with whether a "then" cue makes it past."""
        former_clause = False
        subjects: list[str] = []
        plural = False
        crossed = False
        k = j - 1
        steps = 0
        aside = 0      # inside brackets: "bà A (nguyên Bí thư ... trước đây) làm X" -- X is not past
        while k >= 0 and steps < 40:
            it = items[k]
            steps += 1
            if it.kind == "PUNCT" and it.text in "()":
                aside = max(0, aside + (1 if it.text == ")" else -1))
            if it.kind == "PUNCT" and it.text == ";":
                if subjects or crossed or not (cross or _goes_on(items, k)):
                    break
                # "...; tháng 10/2020 được bổ nhiệm X": a clause without a
                # subject goes on with the previous clause's
                crossed = True
            if it.kind == "CUE" and it.role == "formerClause" and not aside:
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
                if not _kinship_after().match(nxt) and self.recent:
                    if k + 1 < len(items) and items[k + 1].kind == "NAME":
                        pass
                    else:
                        word = self.text[it.start:it.end].lower()
                        if word in lexicon().pronouns:
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
