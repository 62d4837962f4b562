"""The vocabulary patterns: the trie-shaped patterns match exactly what a
plain "longest label first" alternation matches, and the per-document hit
index gives what a bounded search gives."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from partygraph.loaders.lexicon import canon, is_abbreviation, lexicon

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("corpus/dev/*.txt")) \
    + sorted(ROOT.glob("tests/data/heldout/*.txt"))


def _alternation(labels: list[str], case_sensitive: bool) -> re.Pattern | None:
    """The reference: every label, longest first, in one alternation."""
    labels = sorted(set(labels), key=lambda s: (-len(s), s))
    if not labels:
        return None
    body = "|".join(r"[ \t]+".join(re.escape(canon(p)) for p in lab.split()) for lab in labels)
    if case_sensitive:
        return re.compile(rf"(?<![\w/\-.])(?:{body})(?![\w/\-])")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _categories():
    lx = lexicon()
    cats = {name: getattr(lx, name) for name in
            ("posts", "bodies", "units", "places", "honorifics", "doc_types", "issuers")}
    cats.update({f"cue:{role}": c for role, c in lx.cues.items()})
    return cats


@pytest.fixture(scope="module")
def shadows():
    extra = "Bí thư Đảng ủy xã Hiệp Hoà, BÍ THƯ  Tỉnh ủy\tGia Lai; UBND  tỉnh, HĐND-tỉnh, 50-CT/TW, PBT."
    return [canon(p.read_text(encoding="utf-8")) for p in TEXTS] + [canon(extra)]


@pytest.mark.parametrize("name", sorted(_categories()))
def test_trie_matches_alternation(name, shadows):
    cat = _categories()[name]
    words = sorted({lab for lab in cat.labels if not is_abbreviation(lab)})
    abbrs = sorted({lab for lab in cat.labels if is_abbreviation(lab)})
    for new, labels, cs in ((cat.words, words, False), (cat.abbrs, abbrs, True)):
        old = _alternation(labels, cs) if labels and new is not None else None
        if old is None:
            continue
        for sh in shadows:
            assert [m.span() for m in new.finditer(sh)] == [m.span() for m in old.finditer(sh)]
            for pos in range(0, len(sh)):
                a, b = new.match(sh, pos), old.match(sh, pos)
                assert (a and a.span()) == (b and b.span()), (name, sh[pos:pos + 30])


@pytest.mark.parametrize("name", ["posts", "bodies", "units", "honorifics", "cue:copula", "cue:former"])
def test_document_index_equals_bounded_search(name, shadows):
    cat = _categories()[name]
    for sh in shadows:
        direct = lambda s, e: [(h.start, h.end, h.concept.iri) for h in cat._search(sh, s, e)]  # noqa: E731
        # sentence-like ranges, ranges cut inside words, and the whole text
        cuts = sorted({0, len(sh)} | {m.end() for m in re.finditer(r"[.;,\n]", sh)}
                      | set(range(0, len(sh), 97)))
        for s, e in zip(cuts, cuts[1:]):
            got = [(h.start, h.end, h.concept.iri) for h in cat.finditer(sh, s, e)]
            assert got == direct(s, e), (name, s, e)
        assert [(h.start, h.end) for h in cat.finditer(sh)] == [(h[0], h[1]) for h in direct(0, len(sh))]


def test_first_characters_have_no_case_variant_outside_the_bmp():
    firsts = set()
    for cat in _categories().values():
        for lab in cat.labels:
            if not is_abbreviation(lab):
                firsts.add(canon(lab.split()[0])[0])
    astral = "".join(map(chr, range(0x10000, 0x110000)))
    cls = "[" + "".join(map(re.escape, sorted(firsts))) + "]"
    assert re.findall(cls, astral, re.IGNORECASE) == []
