"""Documents named by an article and the citations between them.

A symbol ("số 50-Ct/TW", "1198/NQ-UBTVQH15", "35/2023/UBTVQH15") is found in
any case and spacing and upper-cased; its type comes from the type word
before it (Quy định and Quyết định share "QĐ") or else from its code; its
issuer from "của <body>" after it or else from the issuer code. Named
documents without a symbol: "Nghị quyết Trung ương 4 (khóa XII)", "Đề án 25",
"Điều lệ Đảng", a congress resolution of a named party organisation (any
unit type of the vocabulary), a Đề án named by its aim ("Đề án sắp xếp ...";
the aim words and the words that end the name are vocabulary cues).
Citations between them: loaders/citations.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import CAP_WORD, canon, lexicon

# number, optional year, then code segments; spaces allowed around - and /
# the look-behind sits after the first digit (the same condition on the
# character before it): a pattern that starts with a digit is searched
# digit to digit, not tried at every character
_SYMBOL = re.compile(
    r"(\d(?<![\w/]\d)\d{0,4}(?:[ \t]*/[ \t]*\d{4})?(?:[ \t]*[-/][ \t]*[A-Za-zĐđ][A-Za-zĐđ0-9]{0,14}){1,3})(?![\w])")
_DATE_AFTER = re.compile(r"[ \t]*(?:ngày|ban hành ngày)[ \t]+\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", re.IGNORECASE)
_OF = re.compile(r"[ \t,]*của[ \t]+", re.IGNORECASE)
_ROMAN = r"[IVXLC]+"
_NQTW = re.compile(rf"Nghị quyết(?:[ \t]+Hội nghị)?[ \t]+Trung ương[ \t]+(\d+)[ \t]*\(?[ \t]*(khóa|khoá)[ \t]+({_ROMAN})[ \t]*\)?")
_DE_AN_NUM = re.compile(r"Đề án[ \t]+(\d+)(?![\d/\-])")
_DIEU_LE = re.compile(r"Điều lệ Đảng")
# the unit of a congress resolution is read through the lexicon (any unit type)
_CONGRESS_HEAD = re.compile(r"Nghị quyết Đại hội(?:[ \t]+(?:đại biểu|Đại biểu))?[ \t]+(?:Đảng bộ|đảng bộ)[ \t]+")
# the unit's name: capitalised words, joined by " - " in a compound name ("Lang Biang - Đà Lạt")
_CONGRESS_NAME = re.compile(rf"(?:(?:[ \t]+|[ \t]*[-–][ \t]*){CAP_WORD})*")
_CONGRESS_REST = re.compile(
    rf"(?:[ \t]+lần thứ[ \t]+(?:{_ROMAN}|\d+))?(?:,?[ \t]+nhiệm kỳ[ \t]+\d{{4}}[ \t]*-[ \t]*\d{{4}})?")
# the national congress ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII
# của Đảng", "Nghị quyết Đại hội XIII của Đảng") and a congress named by its
# ordinal first ("Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội")
_NATIONAL_CONGRESS = re.compile(
    rf"Nghị quyết Đại hội(?:[ \t]+(?:đại biểu|Đại biểu))?(?:[ \t]+toàn quốc(?:[ \t]+lần thứ)?[ \t]+({_ROMAN})"
    rf"(?:[ \t]+của Đảng)?|[ \t]+({_ROMAN})[ \t]+của Đảng)(?!\w)")
_ORDINAL_CONGRESS = re.compile(rf"Nghị quyết Đại hội(?:[ \t]+(?:đại biểu|Đại biểu))?[ \t]+lần thứ[ \t]+({_ROMAN}|\d+)"
                               rf"(?:[ \t]+của)?[ \t]+(?:Đảng bộ|đảng bộ)[ \t]+")
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
        # "... Trung ương Đảng", "... tỉnh": the level word after the body
        if text[q:q + 1] == " ":
            u = lx.units.match_at(shadow, q + 1, end)
            lv = lx.cue("central").match_at(shadow, q + 1, end) or (u if u and lx.level(u.concept) <= 3 else None)
            if lv:
                q = lv.end
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


def _number_word_before(text: str, shadow: str, pos: int) -> bool:
    """"số" right before a symbol ("Kế hoạch số 12-KH/TU")."""
    a = max(0, pos - 6)
    return any(not text[h.end:pos].strip() for h in lexicon().cue("docNumber").finditer(shadow, a, pos))


def _congress(text: str, shadow: str, start: int, end: int) -> list[DocMention]:
    """"Nghị quyết Đại hội (đại biểu) Đảng bộ <unit> <Name> (lần thứ X)(, nhiệm kỳ ...)"."""
    lx = lexicon()
    out = []
    for m in _CONGRESS_HEAD.finditer(text, start, end):
        u = lx.units.match_at(shadow, m.end(), end)
        if not u or lx.level(u.concept) > 3:
            continue
        q = _CONGRESS_NAME.match(text, u.end, end).end()
        q = _CONGRESS_REST.match(text, q, end).end()
        ident = text[m.start():q].rstrip(" ,")
        issuer = ident[len("Nghị quyết "):]
        issuer = re.sub(r"[ \t]+lần thứ.*$|,?[ \t]+nhiệm kỳ.*$", "", issuer)
        out.append(DocMention(ident, "Nghị quyết", issuer, m.start(), m.start() + len(ident), False))
    return out


_BARE_NUMBER = re.compile(r"[ \t]+(?:số|Số)[ \t]+(\d{1,5})(?![\d/\-–\w])")


def _numbered(text: str, shadow: str, start: int, end: int) -> list[DocMention]:
    """A document named by its type and number only ("Nghị quyết số 863",
    "Quyết định số 2307 của UBND tỉnh"): id as written, without a symbol."""
    out = []
    for h in lexicon().doc_types.finditer(shadow, start, end):
        m = _BARE_NUMBER.match(text, h.end, end)
        if m is None or not text[h.start].isupper():
            continue
        label = h.concept.label
        out.append(DocMention(f"{label} số {m.group(1)}", label, _issuer_after(text, shadow, m.end(), end),
                              h.start, m.end(), False))
    return out


def _other_congresses(text: str, shadow: str, start: int, end: int) -> list[DocMention]:
    """The national congress's resolution and one named by its ordinal first."""
    lx = lexicon()
    out = []
    for m in _NATIONAL_CONGRESS.finditer(text, start, end):
        out.append(DocMention(m.group(0), "Nghị quyết", "Đại hội đại biểu toàn quốc", m.start(), m.end(), False))
    for m in _ORDINAL_CONGRESS.finditer(text, start, end):
        u = lx.units.match_at(shadow, m.end(), end)
        if not u or lx.level(u.concept) > 3:
            continue
        q = _CONGRESS_NAME.match(text, u.end, end).end()
        ident = text[m.start():q].rstrip(" ,")
        body = re.search(r"(?:Đảng bộ|đảng bộ)[ \t]+", text[m.start():m.end()])
        issuer = "Đại hội " + text[m.start() + body.start():q].strip()
        out.append(DocMention(ident, "Nghị quyết", issuer, m.start(), q, False))
    return out


_DE_AN = re.compile(r"Đề án[ \t]+")
_CLAUSE_END = re.compile(r"[,.;()\n]")


def _named_schemes(text: str, shadow: str, start: int, end: int) -> list[DocMention]:
    """"Đề án sắp xếp đơn vị hành chính ... (do UBND tỉnh X trình)": a Đề án
    named by its aim, up to a clause boundary or a word that ends the name."""
    lx = lexicon()
    out = []
    for m in _DE_AN.finditer(text, start, end):
        topic = lx.cue("schemeTopic").match_at(shadow, m.end(), end)
        if not topic:
            continue
        stop = _CLAUSE_END.search(text, m.end(), end)
        limit = stop.start() if stop else end
        for h in lx.cue("docNameEnd").finditer(shadow, m.end(), limit):
            if text[h.start - 1] in " \t":
                limit = h.start
                break
        name = text[m.end():limit].strip()
        if len(text[topic.end:limit].strip()) < 3 or len(name) > 130:
            continue
        issuer = None
        d = re.match(r"[ \t]+do[ \t]+", text[limit - 1:limit + 5]) if limit > m.end() else None
        if d:
            p = limit - 1 + d.end()
            b = lx.bodies.match_at(shadow, p, end) or lx.issuers.match_at(shadow, p, end)
            if b:
                for v in lx.cue("drafts").finditer(shadow, b.end, min(end, b.end + 60)):
                    # the body and its unit, without a verb such as "chủ trì"
                    unit = lx.units.match_at(shadow, b.end + 1, end)
                    q = _CONGRESS_NAME.match(text, unit.end, end).end() if unit else b.end
                    issuer = text[p:min(q, v.start)].strip()
                    break
        out.append(DocMention("Đề án " + name, "Đề án", issuer, m.start(), limit, False))
    return out


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
        if typ is None and not _number_word_before(text, shadow, m.start()):
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
    out.extend(_congress(text, shadow, start, end))
    out.extend(_other_congresses(text, shadow, start, end))
    out.extend(_numbered(text, shadow, start, end))
    out.extend(_named_schemes(text, shadow, start, end))
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


# citations live in their own module; re-exported for the pipeline
from .citations import find_citations  # noqa: E402,F401
