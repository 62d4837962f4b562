"""Citations between the documents of an article: A cites B when the text
links them ("Kế hoạch số 86-KH/TU ... về thực hiện Nghị quyết số 18-NQ/TW").

Only pairs the sentence links count: a cue between A and B ("thực hiện",
"triển khai", "cụ thể hóa", "hướng dẫn thực hiện", "sửa đổi, bổ sung" ...,
the vocabulary's cites cues), what is coordinated with B ("B1 và B2"), and
a purpose clause before its issuing ("Để thực hiện B, ... ban hành A"). A
document named again counts as a mention of it: a short reference ("Chỉ
thị 35" for 35-CT/TW), a demonstrative ("Chỉ thị này", "kết luận nói
trên") and a bare type word as the subject of a sentence ("Kế hoạch của
Thành ủy đồng thời cụ thể hóa ...", "Kết luận yêu cầu ... thực hiện ...").
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .documents import _OF, DocMention
from .lexicon import Hit, canon, lexicon

_COORD_END = re.compile(r"(?:,|\bvà|\bcùng|\bvới)[ \t]*$")
_NUMBER = re.compile(r"[ \t]+(\d+)(?![\w/\-])")
_LEADING = re.compile(r"[\s\"'“”‘’(\-–]*")
# a long topic between the cue and B ("về tiếp tục thực hiện sắp xếp đơn vị
# hành chính ... và Nghị quyết ..."): B is then not the cue's object
_TOPIC_WORDS = 4
# how far a subject type word may stand from its verb ("Kế hoạch của Thành ủy đồng thời ...")
_SUBJECT_GAP = 40

Citation = tuple[DocMention, DocMention, tuple[int, int]]


def _links(text: str, a: int, b: int) -> bool:
    """Does a cites cue between two documents make the second its object?"""
    gap = text[a:b]
    if ";" in gap:
        return False
    hits = lexicon().cue("cites").finditer(canon(gap))
    if not hits:
        return False
    tail = gap[hits[-1].end:]
    return not (_COORD_END.search(tail) and len(tail.split()) > _TOPIC_WORDS)


def _coordinated(text: str, a: int, b: int) -> bool:
    """Only dates, issuers and "và"/"cùng"/"," between two documents."""
    gap = text[a:b]
    if ";" in gap or lexicon().has_cue("cites", gap):
        return False
    return bool(_COORD_END.search(gap)) and len(gap) < 160


def _last_of_type(docs: list[DocMention], starts: list[int], label: str, pos: int) -> DocMention | None:
    for d in reversed(docs[:bisect_left(starts, pos)]):
        if d.type == label and d.end <= pos:
            return d
    return None


def _by_number(docs: list[DocMention], label: str, number: str, pos: int) -> DocMention | None:
    """The document with a symbol of that type and number, the nearest before `pos` first."""
    same = [d for d in docs if d.symbol and d.type == label and re.match(rf"0*{int(number)}(?!\d)", d.id)]
    before = [d for d in same if d.end <= pos]
    return before[-1] if before else (same[0] if same else None)


def _again(prev: DocMention, h: Hit) -> DocMention:
    return DocMention(prev.id, prev.type, prev.issuer, h.start, h.end, prev.symbol, anaphoric=True)


def _references(text: str, shadow: str, s: int, e: int, ds: list[DocMention],
                docs: list[DocMention], starts: list[int]) -> list[DocMention]:
    """Documents named again in text[s:e] (outside the mentions `ds`)."""
    lx = lexicon()
    out = []
    lead = _LEADING.match(text, s, e).end()
    for h in lx.doc_types.finditer(shadow, s, e):
        if any(d.start <= h.start < d.end for d in ds):
            continue
        label = h.concept.label
        num = _NUMBER.match(text, h.end, e)
        if not num:
            w = re.match(r"[ \t]+", text[h.end:e])
            if w and (n := lx.cue("docNumber").match_at(shadow, h.end + w.end(), e)):
                num = _NUMBER.match(text, n.end, e)
        if num:
            # "Chỉ thị 35", "Nghị quyết số 18": a document named with its symbol elsewhere
            prev = _by_number(docs, label, num.group(1), h.start)
            if prev:
                out.append(DocMention(prev.id, prev.type, prev.issuer, h.start, num.end(), prev.symbol, True))
            continue
        prev = _last_of_type(docs, starts, label, h.start)
        if prev is None:
            continue
        w = re.match(r"[ \t]+", text[h.end:e])
        if w and lx.cue("docAnaphor").match_at(shadow, h.end + w.end(), e):
            out.append(_again(prev, h))                       # "Chỉ thị này"
            continue
        if not text[h.start].isupper():
            continue
        after = text[h.end:min(e, h.end + _SUBJECT_GAP)]
        cue = lx.cue("cites").match_at(canon(after).lstrip(), 0)
        if cue:
            out.append(_again(prev, h))                       # "Đề án cụ thể hóa ..."
        elif h.start == lead:
            # the subject of the sentence: its verb within a short, unbroken span
            # ("Kết luận yêu cầu ...", "Kế hoạch của Thành ủy đồng thời cụ thể hóa ..."),
            # not a verb "Kết luận hội nghị, ..."
            ca = canon(after)
            verbs = sorted(lx.cue("cites").finditer(ca) + lx.cue("docDemand").finditer(ca), key=lambda v: v.start)
            between = after[:verbs[0].start] if verbs else ","
            if "," not in between and (not between.strip() or _OF.match(between)
                                       or lx.cue("docAnaphor").match_at(ca, len(between) - len(between.lstrip()))):
                out.append(_again(prev, h))
    return out


def _group_before(text: str, ds: list[DocMention], i: int) -> list[DocMention]:
    """ds[i] and the documents coordinated before it ("A1 và A2")."""
    g = [ds[i]]
    m = i - 1
    while m >= 0 and _coordinated(text, ds[m].end, ds[m + 1].start):
        g.insert(0, ds[m])
        m -= 1
    return g


def _pairs(text: str, ds: list[DocMention], sent: tuple[int, int]) -> list[Citation]:
    lx = lexicon()
    out = []
    for i, a in enumerate(ds):
        # A then a cue then B (and whatever is coordinated with B)
        j = i + 1
        if j >= len(ds) or not _links(text, a.end, ds[j].start):
            continue
        group = [ds[j]]
        k = j + 1
        while k < len(ds) and _coordinated(text, ds[k - 1].end, ds[k].start):
            # a document with its own cited one is a peer of A, not of B
            if k + 1 < len(ds) and _links(text, ds[k].end, ds[k + 1].start):
                break
            group.append(ds[k])
            k += 1
        if lx.has_cue("respectively", text[a.end:ds[j].start]):
            before = _group_before(text, ds, i)
            if len(before) == len(group):
                out.extend((x, y, sent) for x, y in zip(before, group))
                continue
        out.extend((a, b, sent) for b in group)
    # "Để thực hiện B1 và B2, ... ban hành A"
    s = sent[0]
    if ds:
        head = text[s:ds[0].start]
        head = head[head.rfind(",") + 1:]          # the clause right before B
        if lx.has_cue("cites", head) and ";" not in head:
            group = [ds[0]]
            k = 1
            while k < len(ds) and _coordinated(text, ds[k - 1].end, ds[k].start):
                group.append(ds[k])
                k += 1
            for a in ds[k:]:
                if lx.has_cue("issue", text[group[-1].end:a.start]):
                    out.extend((a, b, sent) for b in group)
                    break
    return out


def find_citations(text: str, sentences: list[tuple[int, int]], docs: list[DocMention]) -> list[Citation]:
    """(citing, cited, sentence) for each linked pair, once per pair of ids."""
    shadow = canon(text)
    starts = [d.start for d in docs]
    out: list[Citation] = []
    for s, e in sentences:
        ds = docs[bisect_left(starts, s):bisect_left(starts, e)]
        ds = sorted(ds + _references(text, shadow, s, e, ds, docs, starts), key=lambda d: d.start)
        out.extend(_pairs(text, ds, (s, e)))
    seen = set()
    uniq = []
    for a, b, sent in out:
        k = (a.id, b.id)
        if a.id != b.id and k not in seen:
            seen.add(k)
            uniq.append((a, b, sent))
    return uniq
