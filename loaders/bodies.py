"""The extent of a department's name after its body word.

A body that takes a name ("Sở", "Bộ", "Cục", "Phòng Văn hóa" ...: pg:takesName
in the vocabulary) is followed by the name of its sector: "Sở Giao thông Vận
tải", "Sở Nông nghiệp và Môi trường", "Phòng Văn hóa - Thông tin", "Sở Văn
hóa, Thể thao và Du lịch", "Vụ Địa phương II", "Sở KH&ĐT". The name is read
as pieces -- a name from the register of sector names (cue role
"departmentName"), else a capitalised word with at most one lower-case word
after it, or an abbreviation -- joined by "và", "&", "-", a comma (only in
"A, B và C") or nothing (the next piece capitalised: "Giao thông Vận tải").
It stops at a unit type word ("tỉnh", "huyện"), a title or body, a cue word,
a person's name, punctuation that ends the phrase, or a lower-case word that
does not continue a piece.
"""
from __future__ import annotations

import re
from typing import Sequence

from .lexicon import canon, is_cap_word, lexicon
from .text_shapes import CAP_WORD_RE, COMMA_GAP, HYPHEN_GAP, SPACES

_LOWER = re.compile(r"[ \t]+([^\W\d_]+)(?![\w'’])")
_ROMAN = re.compile(r"[ \t]+[IVX]{1,4}(?![\w'’])")
# an abbreviated sector: "GTVT", "KH&ĐT", "NN-PTNT", "LĐ-TB&XH"
_ABBR = re.compile(r"[A-ZĐ]{2,}(?:[&\-–][A-ZĐ]+)*(?![\w&])")
_AND = re.compile(r"[ \t]+(?:và|&)[ \t]+|[ \t]*&[ \t]*")
# cue words that end a name (a lower-case word of one of them is no part of it)
_STOP_CUES = ("copula", "join", "formerClause", "count", "countNot", "issue", "cites",
              "timeOfDay", "old", "new", "mergeVerb", "central")


def _label_at(shadow: str, pos: int) -> bool:
    """Does a title, body, unit type, honorific or cue start at `pos`?"""
    lx = lexicon()
    for cat in (lx.posts, lx.bodies, lx.units, lx.honorifics):
        if cat.match_at(shadow, pos):
            return True
    return any(role in lx.cues and lx.cue(role).match_at(shadow, pos) for role in _STOP_CUES)


def _register(shadow: str, pos: int) -> int | None:
    """End of a sector name from the register starting at `pos`."""
    lx = lexicon()
    if "departmentName" not in lx.cues:
        return None
    h = lx.cue("departmentName").match_at(shadow, pos)
    return h.end if h else None


def _piece(text: str, shadow: str, pos: int, *, direct: bool, first: bool) -> int | None:
    """End of one piece of a name starting at `pos`, or None.

    direct: the piece follows the previous one with no joiner, so it must be
    a capitalised word with a lower-case word after it ("Vận tải") that is
    not a family name; first: the piece right after the body word, which
    may be a single capitalised word ("Cục Thuế tỉnh")."""
    end = _register(shadow, pos)
    if end is not None:
        return _roman(text, end)
    a = _ABBR.match(text, pos)
    if a and not direct and not _label_at(shadow, pos):
        return a.end()
    m = CAP_WORD_RE.match(text, pos)
    if not m or not is_cap_word(m.group(0)) or _label_at(shadow, pos):
        return None
    end = m.end()
    low = _LOWER.match(text, end)
    if low and low.group(1).islower() and not _label_at(shadow, low.start(1)) \
            and low.group(1) not in ("và",):
        if direct and lexicon().is_surname(m.group(0)):
            return None
        return _roman(text, low.end())
    if direct or not first or lexicon().is_surname(m.group(0)):
        return None
    # a lone capitalised word ends the name only before a unit, punctuation or the end
    rest = text[end:end + 40]
    if rest.strip() == "" or re.match(r"[ \t]*[,.;:()\-–]", rest) or \
            (SPACES.match(rest) and lexicon().units.match_at(shadow, end + SPACES.match(rest).end())):
        return _roman(text, end)
    return None


def _roman(text: str, end: int) -> int:
    """ "Vụ Địa phương II": a Roman numeral closes the name."""
    r = _ROMAN.match(text, end)
    return r.end() if r else end


def name_extent(text: str, pos: int, shadow: str | None = None) -> int | None:
    """End of the department name starting after one space at `pos` (the
    end of the body word), or None when no name follows."""
    shadow = canon(text) if shadow is None else shadow
    sp = SPACES.match(text, pos)
    if not sp or sp.end() - pos > 2:
        return None
    end = _piece(text, shadow, sp.end(), direct=False, first=True)
    if end is None:
        return None
    pending: int | None = None      # end before a run of comma-joined pieces
    while True:
        nxt = None
        for joiner, direct in ((_AND, False), (HYPHEN_GAP, False), (COMMA_GAP, False), (SPACES, True)):
            j = joiner.match(text, end)
            if not j or j.end() == end:
                continue
            e = _piece(text, shadow, j.end(), direct=direct, first=False)
            if e is None:
                if joiner is SPACES:
                    break
                continue
            nxt = (joiner, e)
            break
        if nxt is None:
            break
        joiner, e = nxt
        if joiner is COMMA_GAP:
            # "Văn hóa, Thể thao và Du lịch": a comma joins only a list closed by "và"
            if pending is None:
                pending = end
        elif joiner is _AND:
            pending = None
        end = e
    return pending if pending is not None else end


def department_name(text: str, items: Sequence, k: int, shadow: str | None = None) -> tuple[int, int] | None:
    """Where the name of the body items[k - 1] ends ("Sở" in "Sở Giao thông
    Vận tải tỉnh X"): (end of the name, index of the first item after it),
    or None when no name follows.

    A body label that already holds the name's first word ("Phòng Văn hóa")
    is read from that word ("Văn hóa - Thông tin"). Items inside the name (a
    word read as a body, "vụ" of "Nội vụ"; a unit type inside "nông thôn")
    belong to it; an item crossing its end ends it before that item."""
    body = items[k - 1]
    first = SPACES.search(text, body.start, body.end)
    if first and CAP_WORD_RE.match(text, first.end()) and text[first.end()].isupper():
        end = _name_from(text, first.end(), shadow)
    else:
        end = name_extent(text, body.end, shadow)
    if end is None or end <= body.end:
        return None
    j = k
    while j < len(items) and items[j].start < end:
        if items[j].end > end:
            end = items[j].start
            break
        j += 1
    end = len(text[:end].rstrip(" \t,-–"))
    if end <= body.end or j == k:
        return None
    return end, j


def _name_from(text: str, start: int, shadow: str | None) -> int | None:
    """The extent of a name starting at `start` (no space before it)."""
    return name_extent(text, start - 1, shadow) if text[start - 1] in " \t" else None


def department_unit(body, written: str, ctx, pos: int):
    """The unit a department written without one belongs to, from the
    article's context: "Sở Tài chính" in an article about tỉnh Gia Lai ->
    tỉnh Gia Lai; "Phòng Nội vụ" -> the huyện. The level is the body
    concept's pg:departmentOf. None when it has none, when the department is
    written without its name (a bare "Sở" points back to one named before)
    or when the context names no such unit. `body` is the Concept,
    `written` the department as written, `ctx` the article's AreaContext."""
    lx = lexicon()
    of = body.props.get("departmentOf")
    if not of or len(written.split()) < 2:
        return None
    level = lx.level(lx.vocab.get(of))
    return ctx.province(pos) if level == 1 else ctx.resolve(pos, level=level)
