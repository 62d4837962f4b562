"""The extractor's view of the vocabulary: compiled, tone-insensitive patterns.

Everything the rules match by name (post titles, body kinds, unit types,
document types, issuers, honorifics, cue words, name prefixes) comes from
ontology/vocabulary.ttl through `vocabulary()`; this module only compiles it.

Matching runs on `canon(text)`, a copy of the text of the *same length* in
which old and new tone placement are unified ("Hoà"/"Hòa", "uỷ"/"ủy"), so
every offset found on it is an offset in the original text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ontology.vocabulary import Concept, vocabulary

from .normalize import key

_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"


def _variants(bases: str) -> dict[str, tuple[str, str]]:
    """Every toned form of each base letter -> (base, tone mark or '')."""
    out = {}
    for b in bases:
        out[b] = (b, "")
        for t in _TONE_MARKS:
            out[unicodedata.normalize("NFC", b + t)] = (b, t)
    return out


_GLIDE = _variants("oOuU")
_NUCLEUS = _variants("aAeEyY")
# A glide + nucleus at the end of a syllable is where old ("hoà", "thuỷ")
# and new ("hòa", "thủy") tone placement differ.
_TONE_CLUSTER = re.compile(
    "([" + "".join(_GLIDE) + "])([" + "".join(_NUCLEUS) + "])(?![^\\W\\d_])")


def _move_tone(m: re.Match) -> str:
    g, gt = _GLIDE[m.group(1)]
    n, nt = _NUCLEUS[m.group(2)]
    tone = gt or nt
    if not tone:
        return m.group(0)
    return g + unicodedata.normalize("NFC", n + tone)


def canon(text: str) -> str:
    """Tone placement unified on the nucleus ("Hòa" -> "Hoà"); same length."""
    return _TONE_CLUSTER.sub(_move_tone, text)


# Upper-case letters (Latin with Vietnamese diacritics), for name patterns
# that must not run under IGNORECASE.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper())
APOSTROPHES = "'’‘ʼ`´"
# One capitalised syllable: "Nguyễn", "K’Lăng", "M’ắk", "Ia", "Y".
CAP_WORD = rf"(?:[{UPPER}][^\W\d_]*(?:[{APOSTROPHES}][^\W\d_]+)*)"
CAP_WORD_RE = re.compile(CAP_WORD)


def is_cap_word(word: str) -> bool:
    """A name syllable: capital then lower-case letters ('HĐND' is not one)."""
    if not word or not word[0].isupper():
        return False
    rest = [c for c in word[1:] if c.isalpha()]
    return not rest or any(c.islower() for c in rest)


def is_abbreviation(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and " " not in label and (
        sum(c.isupper() for c in letters) >= 2 or "/" in label)


def _label_pattern(label: str) -> str:
    parts = [re.escape(canon(p)) for p in label.split()]
    return r"[ \t]+".join(parts)


def compile_labels(labels: list[str], case_sensitive: bool = False) -> re.Pattern | None:
    """One alternation over `labels`, longest first, on word boundaries."""
    labels = sorted(set(labels), key=lambda s: (-len(s), s))
    if not labels:
        return None
    body = "|".join(_label_pattern(l) for l in labels)
    if case_sensitive:
        # abbreviations: not inside a document symbol (50-CT/TW) or a longer word
        return re.compile(rf"(?<![\w/\-.])(?:{body})(?![\w/\-])")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@dataclass
class Hit:
    start: int
    end: int
    concept: Concept


class Category:
    """The labels of some concepts, matched tone- and (mostly) case-insensitively."""

    def __init__(self, concepts: list[Concept], include_abbreviations: bool = True):
        self.by_key: dict[str, Concept] = {}
        words, abbrs = [], []
        for c in concepts:
            for lab in c.labels:
                if is_abbreviation(lab):
                    if include_abbreviations:
                        abbrs.append(lab)
                        self.by_key.setdefault("=" + lab, c)
                else:
                    words.append(lab)
                    self.by_key.setdefault(key(lab), c)
        self.words = compile_labels(words)
        self.abbrs = compile_labels(abbrs, case_sensitive=True)

    def concept_for(self, surface: str) -> Concept | None:
        return self.by_key.get("=" + surface) or self.by_key.get(key(surface))

    def finditer(self, shadow: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(shadow) if end is None else end
        hits: dict[tuple[int, int], Hit] = {}
        for rx in (self.words, self.abbrs):
            if rx is None:
                continue
            for m in rx.finditer(shadow, start, end):
                c = self.concept_for(m.group(0))
                if c is not None:
                    hits.setdefault((m.start(), m.end()), Hit(m.start(), m.end(), c))
        return sorted(hits.values(), key=lambda h: (h.start, -h.end))

    def match_at(self, shadow: str, pos: int, end: int | None = None) -> Hit | None:
        """The longest label starting exactly at `pos`."""
        end = len(shadow) if end is None else end
        best = None
        for rx in (self.words, self.abbrs):
            if rx is None:
                continue
            m = rx.match(shadow, pos, end)
            if m and (best is None or m.end() > best.end):
                c = self.concept_for(m.group(0))
                if c is not None:
                    best = Hit(m.start(), m.end(), c)
        return best


class Lexicon:
    def __init__(self):
        v = vocabulary()
        self.vocab = v
        self.posts = Category(v.scheme("posts"))
        unit_labels = {key(l) for c in v.scheme("units") for l in c.labels}
        # a body labelled like a unit type ("thôn") is found as a unit
        self.bodies = Category([c for c in v.scheme("bodies")
                                if key(c.label) not in unit_labels])
        self.units = Category(v.scheme("units"))
        self.places = Category(v.scheme("places"))
        self.honorifics = Category(v.scheme("honorifics"))
        self.doc_types = Category(v.scheme("documents"))
        self.issuers = Category(v.scheme("issuers"))
        self.cues: dict[str, Category] = {}
        self.cue_words: dict[str, tuple[str, ...]] = {}
        for c in v.scheme("cues"):
            role = c.props.get("cueRole")
            self.cues[role] = Category([c])
            self.cue_words[role] = tuple(sorted({key(l) for l in c.labels}, key=len, reverse=True))
        self.surnames = {key(l) for c in v.scheme("names") for l in c.alt_labels}
        self.unit_level = {c.iri: int(c.props.get("level", 0)) for c in v.scheme("units")}
        self.doc_by_notation: dict[str, list[Concept]] = {}
        for c in v.scheme("documents"):
            if c.notation:
                self.doc_by_notation.setdefault(c.notation.upper(), []).append(c)
        self.issuer_by_notation = {c.notation.upper(): c for c in v.scheme("issuers") if c.notation}

    def cue(self, role: str) -> Category:
        return self.cues[role]

    def has_cue(self, role: str, text: str) -> bool:
        """Does `text` contain one of the cue words of `role` (as whole words)?"""
        cat = self.cues.get(role)
        return bool(cat and cat.finditer(canon(text)))

    def is_surname(self, word: str) -> bool:
        if key(word) in self.surnames:
            return True
        # K’Lăng, H’Tư: an apostrophe after a one-letter prefix marks an ethnic name
        return len(word) > 2 and word[1] in APOSTROPHES and word[0].isupper()

    def level(self, unit_concept: Concept) -> int:
        return self.unit_level.get(unit_concept.iri, 0)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
