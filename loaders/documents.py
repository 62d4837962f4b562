"""Documents named by an article and the citations between them.

A symbol ("số 50-Ct/TW", "1198/NQ-UBTVQH15", "35/2023/UBTVQH15") is found in
any case and spacing and upper-cased; its type comes from the type word
before it (Quy định and Quyết định share "QĐ") or else from its code; its
issuer from "của <body>" after it or else from the issuer code. Named
documents without a symbol: "Nghị quyết Trung ương 4 (khóa XII)", "Đề án 25",
"Điều lệ Đảng", a congress resolution of a named party organisation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import canon, lexicon

# number, optional year, then code segments; spaces allowed around - and /
# the look-behind sits after the first digit (the same condition on the
# character before it): a pattern that starts with a digit is searched
# digit to digit, not tried at every character
_SYMBOL = re.compile(
    r"(\d(?<![\w/]\d)\d{0,4}(?:[ \t]*/[ \t]*\d{4})?(?:[ \t]*[-/][ \t]*[A-Za-zĐđ][A-Za-zĐđ0-9]{0,14}){1,3})(?![\w])")
_DATE_AFTER = re.compile(r"[ \t]*(?:ngày|ban hành ngày)[ \t]+\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", re.IGNORECASE)
_OF = re.compile(r"[ \t,]*của[ \t]+", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"[ \t]*(?:số|Số)[ \t]*$")
_ROMAN = r"[IVXLC]+"
_NQTW = re.compile(rf"Nghị quyết(?:[ \t]+Hội nghị)?[ \t]+Trung ương[ \t]+(\d+)[ \t]*\(?[ \t]*(khóa|khoá)[ \t]+({_ROMAN})[ \t]*\)?")
_DE_AN_NUM = re.compile(r"Đề án[ \t]+(\d+)(?![\d/\-])")
_DIEU_LE = re.compile(r"Điều lệ Đảng")
_CONGRESS = re.compile(
    rf"Nghị quyết Đại hội(?:[ \t]+(?:đại biểu|Đại biểu))?[ \t]+(?:Đảng bộ|đảng bộ)[ \t]+"
    rf"(?P<unit>(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)(?:[ \t]+[A-ZĐÂÁÀẢÃẠ][^\s,.;]*)*)"
    rf"(?P<rest>(?:[ \t]+lần thứ[ \t]+(?:{_ROMAN}|\d+))?(?:,?[ \t]+nhiệm kỳ[ \t]+\d{{4}}[ \t]*-[ \t]*\d{{4}})?)")
_NAMED_DE_AN = re.compile(r"Đề án[ \t]+((?:sắp xếp|phát triển|nâng cao|xây dựng|thành lập)[^,.;()]{3,120}?)(?=[ \t]+(?:do|của|được|đã|theo|trình)\b|[,.;]|$)")
_TYPE_LOOKBACK = 40


@dataclass
class DocMention:
    id: str
    type: str | None
    issuer: str | None
    start: int
    end: int
    symbol: bool
    anaphoric: bool = False


def normalize_symbol(raw: str) -> str:
    return re.sub(r"\s+", "", raw).upper()


def _type_before(text: str, shadow: str, pos: int) -> str | None:
    """The document type written just before a symbol ("Chỉ thị số 50-CT/TW")."""
    lx = lexicon()
    a = max(0, pos - _TYPE_LOOKBACK)
    hits = [h for h in lx.doc_types.finditer(shadow, a, pos)]
    for h in reversed(hits):
        between = text[h.end:pos]
        if re.fullmatch(r"[ \t]*(?:số|Số)?[ \t]*", between):
            return h.concept.label
    return None


def _type_from_code(sym: str) -> str | None:
    lx = lexicon()
    parts = re.split(r"[-/]", sym)
    style = "party" if re.match(r"\d+-", sym) else "state"
    for p in parts[1:]:
        cands = lx.doc_by_notation.get(p.upper())
        if cands:
            for c in cands:
                if c.props.get("symbolStyle", style) == style:
                    return c.label
            return cands[0].label
    return None


def _issuer_after(text: str, shadow: str, pos: int, end: int) -> str | None:
    lx = lexicon()
    d = _DATE_AFTER.match(text, pos, end)
    if d:
        pos = d.end()
    o = _OF.match(text, pos, end)
    if not o:
        return None
    p = o.end()
    # "của Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII"
    hn = re.match(r"Hội nghị[^,;.]{0,30}?(?=Ban Chấp hành)", text[p:end])
    if hn:
        p += hn.end()
    names = []
    while True:
        h = lx.issuers.match_at(shadow, p, end) or lx.bodies.match_at(shadow, p, end)
        if not h:
            break
        q = h.end
        # a body followed by a committee or a unit: "Ban Thường vụ Tỉnh ủy"
        while True:
            h2 = lx.bodies.match_at(shadow, q + 1, end) if text[q:q + 1] == " " else None
            if not h2:
                break
            q = h2.end
        m = re.match(r"[ \t]+(Trung ương(?: Đảng)?|tỉnh|huyện|xã|thành phố)(?![\w])", text[q:end])
        if m:
            q += m.end()
        names.append(text[p:q])
        sep = re.match(r"[ \t]*,[ \t]*", text[q:end])
        if sep and (lx.issuers.match_at(shadow, q + sep.end(), end) or lx.bodies.match_at(shadow, q + sep.end(), end)):
            p = q + sep.end()
            continue
        break
    return ", ".join(names) if names else None


def _issuer_from_code(sym: str) -> str | None:
    lx = lexicon()
    parts = re.split(r"[-/]", sym)
    for p in reversed(parts[1:]):
        c = lx.issuer_by_notation.get(re.sub(r"\d+$", "", p).upper())
        if c:
            return c.label
    return None


def find_documents(text: str, start: int = 0, end: int | None = None, shadow: str | None = None) -> list[DocMention]:
    end = len(text) if end is None else end
    shadow = canon(text) if shadow is None else shadow
    out: list[DocMention] = []
    for m in _SYMBOL.finditer(text, start, end):
        raw = m.group(1)
        if "/" not in raw or not re.search(r"[A-Za-zĐđ]", raw):
            continue
        sym = normalize_symbol(raw)
        typ = _type_before(text, shadow, m.start())
        if typ is None and not _NUMBER_WORD.search(text, max(0, m.start() - 6), m.start()):
            typ = _type_from_code(sym)
            if typ is None:
                continue
        typ = typ or _type_from_code(sym)
        issuer = _issuer_after(text, shadow, m.end(), end) or None
        tstart = m.start()
        tb = text.rfind(typ, max(0, m.start() - _TYPE_LOOKBACK), m.start()) if typ else -1
        out.append(DocMention(sym, typ, issuer, tb if tb >= 0 else tstart, m.end(), True))
    for m in _NQTW.finditer(text, start, end):
        out.append(DocMention(f"Nghị quyết Trung ương {m.group(1)} khóa {m.group(3)}", "Nghị quyết",
                              "Ban Chấp hành Trung ương", m.start(), m.end(), False))
    for m in _DE_AN_NUM.finditer(text, start, end):
        out.append(DocMention(f"Đề án {m.group(1)}", "Đề án", None, m.start(), m.end(), False))
    for m in _DIEU_LE.finditer(text, start, end):
        out.append(DocMention("Điều lệ Đảng", "Điều lệ", None, m.start(), m.end(), False))
    for m in _CONGRESS.finditer(text, start, end):
        ident = text[m.start():m.end()].rstrip(" ,")
        issuer = ident[len("Nghị quyết "):]
        issuer = re.sub(r"[ \t]+lần thứ.*$|,?[ \t]+nhiệm kỳ.*$", "", issuer)
        out.append(DocMention(ident, "Nghị quyết", issuer, m.start(), m.end(), False))
    for m in _NAMED_DE_AN.finditer(text, start, end):
        ident = "Đề án " + m.group(1).strip()
        issuer = None
        after = re.match(r"[ \t]+do[ \t]+(UBND|Ủy ban nhân dân|Ban Thường vụ|Ban Chấp hành)([^,.;]{0,40}?)[ \t]+(?:trình|xây dựng|ban hành)", text[m.end():m.end() + 80])
        if after:
            issuer = (after.group(1) + after.group(2)).strip()
        out.append(DocMention(ident, "Đề án", issuer, m.start(), m.end(), False))
    out.sort(key=lambda d: d.start)
    # drop a named mention inside a symbol mention's span and duplicates by position
    kept: list[DocMention] = []
    kept_end = -1
    for d in out:
        if d.start < kept_end:
            continue
        kept.append(d)
        kept_end = max(kept_end, d.end)
    return kept


def _gap_has_cue(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    if ";" in gap:
        return False
    return lexicon().has_cue("cites", gap)


def _coordinated(text: str, a: int, b: int) -> bool:
    """Only dates, issuers and "và"/"cùng"/"," between two documents."""
    gap = text[a:b]
    if ";" in gap or lexicon().has_cue("cites", gap):
        return False
    return bool(re.search(r"(?:,|\bvà|\bcùng|\bvới)[ \t]*$", gap)) and len(gap) < 160


def find_citations(text: str, sentences: list[tuple[int, int]], docs: list[DocMention]) -> list[tuple[DocMention, DocMention, tuple[int, int]]]:
    """(citing, cited, sentence) for "A ... về thực hiện B", "A ... theo B",
    "Để thực hiện B ..., X ban hành A", and "Đề án cụ thể hóa B" (the Đề án
    named before)."""
    out = []
    lx = lexicon()
    shadow = canon(text)
    last_named: dict[str, DocMention] = {}
    from bisect import bisect_left
    starts = [d.start for d in docs]
    for s, e in sentences:
        ds = docs[bisect_left(starts, s):bisect_left(starts, e)]
        # anaphoric "Đề án cụ thể hóa ...": the same type word followed by a cue
        # (only a type named before can be referred to again)
        for h in lx.doc_types.finditer(shadow, s, e) if last_named else ():
            if any(d.start <= h.start < d.end for d in ds):
                continue
            after = text[h.end:h.end + 25]
            cue = lx.cue("cites").match_at(canon(after).lstrip(), 0)
            if cue and h.concept.label in last_named and text[h.start].isupper():
                prev = last_named[h.concept.label]
                ds.append(DocMention(prev.id, prev.type, prev.issuer, h.start, h.end, prev.symbol, anaphoric=True))
        ds.sort(key=lambda d: d.start)
        for i, a in enumerate(ds):
            # A then a cue then B (and whatever is coordinated with B)
            j = i + 1
            if j < len(ds) and _gap_has_cue(text, a.end, ds[j].start):
                out.append((a, ds[j], (s, e)))
                k = j + 1
                while k < len(ds) and _coordinated(text, ds[k - 1].end, ds[k].start):
                    out.append((a, ds[k], (s, e)))
                    k += 1
        # "Để thực hiện B1 và B2, ... ban hành A"
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
                        for b in group:
                            out.append((a, b, (s, e)))
                        break
        for d in ds:
            if not d.anaphoric and d.type:
                last_named[d.type] = d
    seen = set()
    uniq = []
    for a, b, sent in out:
        k = (a.id, b.id)
        if a.id != b.id and k not in seen:
            seen.add(k)
            uniq.append((a, b, sent))
    return uniq
