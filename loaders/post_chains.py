"""Title phrases and the chains they form (the second step of the posts stage).

A *title phrase* is a title and the bodies, units and descriptors right
after it ("Bí thư Đảng ủy xã Hiệp Hòa", "Trưởng Ban Chỉ đạo ... của tỉnh");
phrases joined only by ",", "-" or a join cue ("kiêm", "đồng thời là") form
a *chain*, which posts.py gives to one person as a whole.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .bodies import department_name
from .lexicon import lexicon
from .post_items import Item
from .units import UnitMention

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
    step: int = 0             # a dated step of a career ("năm 2018, ông được giao chức ..."): its date's position + 1
    appositive: bool = False  # given to the name before it ("A, Phó Bí thư Tỉnh ủy, ...")
    career: bool = False      # in a career list: held before, unless the article says it is held now

    @property
    def start(self) -> int:
        return self.phrases[0].start if not self.phrases[0].former_cue else self.phrases[0].former_cue

    @property
    def end(self) -> int:
        return self.phrases[-1].end


Phrase.former_cue = 0  # start of a "nguyên" cue before the phrase, if any


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
                    breaks = lexicon().cue_labels("descriptorBreak")
                    blocked = any(w in breaks for w in words)
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
