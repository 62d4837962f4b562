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
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from partygraph.ontology.vocabulary import Concept, vocabulary

from .normalize import key

# key() of strings the stages meet again and again (labels, names, areas)
cached_key = lru_cache(maxsize=1 << 16)(key)

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


_CANON_LAST: list = [None, None]   # the last long text and its canon form


def canon(text: str) -> str:
    """Tone placement unified on the nucleus ("Hòa" -> "Hoà"); same length."""
    if len(text) < 1000:
        return _TONE_CLUSTER.sub(_move_tone, text)
    # every stage asks for the whole article's form: computed once, and the
    # same string object lets the category indexes below recognise it
    last, shadow = _CANON_LAST
    if last is text or last == text:
        return shadow
    shadow = _TONE_CLUSTER.sub(_move_tone, text)
    _CANON_LAST[:] = [text, shadow]
    return shadow


# Upper-case letters (Latin with Vietnamese diacritics), for name patterns
# that must not run under IGNORECASE.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper())
APOSTROPHES = "'’‘ʼ`´"
# One capitalised syllable: "Nguyễn", "K’Lăng", "M’ắk", "Ia", "Y".
CAP_WORD = rf"(?:[{UPPER}][^\W\d_]*(?:[{APOSTROPHES}][^\W\d_]+)*)"
CAP_WORD_RE = re.compile(CAP_WORD)


@lru_cache(maxsize=1 << 16)
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


_WS = " "   # a run of spaces or tabs between two words of a label


def _label_units(label: str, fold: bool) -> list[str]:
    """A label as matching units: its (canon) characters, lower-cased when
    matched case-insensitively, with _WS between words."""
    units: list[str] = []
    for i, part in enumerate(label.split()):
        if i:
            units.append(_WS)
        for ch in canon(part):
            low = ch.lower()
            units.append(low if fold and len(low) == 1 else ch)
    return units


# Every character of the Basic Multilingual Plane: what a first label
# character may match under IGNORECASE is found by searching it.
_BMP: str | None = None


_VARIANTS: dict[str, list[str]] = {}


def _case_variants(chars: list[str]) -> dict[str, list[str]]:
    """Each (lower-case) character -> every character IGNORECASE matches to it
    (no character outside the BMP does: tests/loaders/test_lexicon.py)."""
    global _BMP
    missing = [c for c in chars if c not in _VARIANTS]
    if missing:
        if _BMP is None:
            _BMP = "".join(map(chr, range(0x10000)))
        found = set(re.findall("[" + "".join(map(re.escape, missing)) + "]", _BMP, re.IGNORECASE))
        for c in missing:
            _VARIANTS[c] = sorted(t for t in found if re.fullmatch(re.escape(c), t, re.IGNORECASE))
    return {c: _VARIANTS[c] for c in chars}


def _trie_pattern(labels: list[str], fold: bool, before: str) -> str:
    """The labels as one trie-shaped pattern, `before` (a look-behind class
    the character before a label must not be in) checked after the first
    character.

    It matches exactly what the plain alternation "longest label first"
    matches: at a position at most one branch can go on (siblings are
    distinct characters; lower-cased under IGNORECASE so that "Ban" and
    "ban" share a branch), optional tails are greedy, so the first match
    the engine accepts (with the look-ahead after it) is the longest label
    there -- as in the alternation, where a longer label always gives a
    longer match. The engine tries one branch per character instead of
    every label, and the top level is a choice of plain first characters
    (each case variant spelled out, the rest under (?i:...)), which lets it
    skip to the next possible first character without entering the pattern.
    """
    root: dict = {}
    for label in labels:
        node = root
        for u in _label_units(label, fold):
            node = node.setdefault(u, {})
        node[""] = {}
    flags = re.IGNORECASE if fold else 0

    def emit(node: dict) -> str:
        keys = sorted(k for k in node if k)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                # siblings must never match the same character
                if a != _WS and b != _WS and re.fullmatch(re.escape(a), b, flags):
                    raise ValueError(f"ambiguous label characters {a!r} {b!r}")
        alts = [(r"[ \t]+" if k == _WS else re.escape(k)) + emit(node[k]) for k in keys]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    emit(root)     # checks the siblings
    firsts = sorted(root)
    variants = _case_variants(firsts) if fold else {c: [c] for c in firsts}
    # the look-behind sits after the first character: it spans two
    lookbehind = rf"(?<!{before}[\s\S])"
    alts = []
    for c in firsts:
        rest = emit(root[c])
        rest = f"(?i:{rest})" if fold and rest else rest
        alts.extend(re.escape(v) + lookbehind + rest for v in variants[c])
    return "(?:" + "|".join(alts) + ")"


def compile_labels(labels: list[str], case_sensitive: bool = False) -> re.Pattern | None:
    """One pattern over `labels` on word boundaries, matching the longest
    label at each place (a trie: see _trie_pattern)."""
    labels = sorted(set(labels), key=lambda s: (-len(s), s))
    if not labels:
        return None
    if case_sensitive:
        # abbreviations: not inside a document symbol (50-CT/TW) or a longer word
        return re.compile(_trie_pattern(labels, False, r"[\w/\-.]") + r"(?![\w/\-])")
    return re.compile(_trie_pattern(labels, True, r"\w") + r"(?!\w)")


@dataclass
class Hit:
    start: int
    end: int
    concept: Concept


# Texts at least this long are searched once per category and pattern;
# later searches of a range of the same text read that index.
_INDEX_MIN_CHARS = 1000
# After a range, a character that the patterns' look-aheads read: a search
# bounded there could see a word end where the whole text has none.
_WORD_AFTER = re.compile(r"[\w/\-]")


class _Index:
    """Every match of a category's patterns in one whole text.

    A search of text[s:e] (what `finditer(shadow, s, e)` used to run) gives
    the same hits as the whole-text matches inside [s, e) unless a whole-text
    match crosses s or e (it hid or stole a match there), or the character
    at e is one the look-aheads read (a bounded search sees the end of the
    string there): `hits` answers None then and the caller searches."""

    __slots__ = ("shadow", "runs", "starts", "hits")

    def __init__(self, shadow: str, runs: list[tuple[list[int], list[int]]], hits: list[Hit]):
        self.shadow = shadow
        self.runs = runs
        self.hits = hits
        self.starts = [h.start for h in hits]

    def range(self, s: int, e: int) -> list[Hit] | None:
        n = len(self.shadow)
        if s < 0 or e <= s:
            return None
        if e < n and _WORD_AFTER.match(self.shadow, e):
            return None
        for starts, ends in self.runs:
            i = bisect_left(starts, s)
            if i and ends[i - 1] > s:
                return None
            j = bisect_left(starts, e)
            if j and ends[j - 1] > e:
                return None
        return self.hits[bisect_left(self.starts, s):bisect_left(self.starts, e)]


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
        self.labels = words + abbrs
        self.words = compile_labels(words)
        self.abbrs = compile_labels(abbrs, case_sensitive=True)
        self._patterns = [rx for rx in (self.words, self.abbrs) if rx is not None]
        self._surfaces: dict[str, Concept | None] = {}
        self._index: _Index | None = None
        self._seen: str | None = None     # the text searched by ranges, not (yet) indexed
        self._seen_chars = 0
        self._seen_count = 0

    def concept_for(self, surface: str) -> Concept | None:
        try:
            return self._surfaces[surface]
        except KeyError:
            pass
        c = self.by_key.get("=" + surface) or self.by_key.get(key(surface))
        if len(self._surfaces) < 100_000:
            self._surfaces[surface] = c
        return c

    def _search(self, shadow: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """The hits of a search bounded to shadow[start:end]."""
        end = len(shadow) if end is None else end
        hits: dict[tuple[int, int], Hit] = {}
        for rx in self._patterns:
            for m in rx.finditer(shadow, start, end):
                c = self.concept_for(m.group(0))
                if c is not None:
                    hits.setdefault(m.span(), Hit(m.start(), m.end(), c))
        return sorted(hits.values(), key=lambda h: (h.start, -h.end))

    def _index_of(self, shadow: str) -> _Index:
        idx = self._index
        if idx is not None and (idx.shadow is shadow or idx.shadow == shadow):
            return idx
        runs = []
        hits: dict[tuple[int, int], Hit] = {}
        for rx in self._patterns:
            starts, ends = [], []
            for m in rx.finditer(shadow):
                a, b = m.span()
                starts.append(a)
                ends.append(b)
                c = self.concept_for(m.group(0))
                if c is not None:
                    hits.setdefault((a, b), Hit(a, b, c))
            runs.append((starts, ends))
        idx = self._index = _Index(shadow, runs, sorted(hits.values(), key=lambda h: (h.start, -h.end)))
        return idx

    def finditer(self, shadow: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """The labels in shadow[start:end], in order (longest first at one start)."""
        end = len(shadow) if end is None else end
        n = len(shadow)
        if n >= _INDEX_MIN_CHARS:
            idx = self._index
            if idx is None or not (idx.shadow is shadow or idx.shadow == shadow):
                # index a text at its third search, or once the searched
                # ranges add up to half of it (a category asked about a
                # sentence or two is searched there)
                if self._seen is not shadow:
                    self._seen, self._seen_chars, self._seen_count = shadow, 0, 0
                self._seen_chars += max(0, min(end, n) - start)
                self._seen_count += 1
                if self._seen_chars < n // 2 and self._seen_count < 3:
                    return self._search(shadow, start, end)
                self._seen = None
                idx = self._index_of(shadow)
            hits = idx.range(start, end)
            if hits is not None:
                return hits
        return self._search(shadow, start, end)

    def match_at(self, shadow: str, pos: int, end: int | None = None) -> Hit | None:
        """The longest label starting exactly at `pos`."""
        end = len(shadow) if end is None else end
        best = None
        for rx in self._patterns:
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
        self.cue_concepts: dict[str, Concept] = {c.props.get("cueRole"): c for c in v.scheme("cues")}
        names = v.scheme("names")
        self.surnames = {key(l) for c in names if not c.props.get("middleName") for l in c.alt_labels}
        # middle names as written ("Thị", "Văn"): a family name after one is a given name
        self.middle_names = frozenset(l for c in names if c.props.get("middleName") for l in c.alt_labels)
        self._surname_words: dict[str, bool] = {}     # word as written -> key in surnames
        self.unit_level = {c.iri: int(c.props.get("level", 0)) for c in v.scheme("units")}
        # unit type label (as the vocabulary writes it) -> level
        self.label_level = {c.label: int(c.props.get("level", 0)) for c in v.scheme("units")}
        # the type word of a province ("tỉnh"); the other level-1 types are one only by name
        self.province_type = next(c.label for c in v.scheme("units") if c.props.get("province"))
        # first words of the unit types kept in lower case at the start of an organisation name
        self.lower_case_starts = tuple(c.label.split()[0] for c in v.scheme("units")
                                       if c.props.get("lowerCaseName"))
        # honorifics that, written alone, refer to the person last named
        self.pronouns = frozenset(c.label for c in v.scheme("honorifics") if c.props.get("pronoun"))
        # the party organisations (Đảng bộ, Chi bộ) by label
        self.party_orgs = {c.label: c for c in v.scheme("bodies") if c.props.get("partyOrganization")}
        self.doc_by_notation: dict[str, list[Concept]] = {}
        for c in v.scheme("documents"):
            if c.notation:
                self.doc_by_notation.setdefault(c.notation.upper(), []).append(c)
        self.issuer_by_notation = {c.notation.upper(): c for c in v.scheme("issuers") if c.notation}

    def cue(self, role: str) -> Category:
        return self.cues[role]

    def cue_labels(self, role: str) -> frozenset[str]:
        """The words of a cue role exactly as the vocabulary writes them
        (for comparing with a word read from the text as it is)."""
        return frozenset(self.cue_concepts[role].labels)

    def party_org_for_level(self, level: int) -> Concept:
        """The party organisation of a unit of that level: the one of the
        deepest default level not below it (a village's Chi bộ), else the
        highest (a commune's or province's Đảng bộ)."""
        orgs = sorted(self.party_orgs.values(), key=lambda c: int(c.props["defaultLevel"]))
        fitting = [c for c in orgs if int(c.props["defaultLevel"]) <= level]
        return fitting[-1] if fitting else orgs[0]

    def has_cue(self, role: str, text: str) -> bool:
        """Does `text` contain one of the cue words of `role` (as whole words)?"""
        cat = self.cues.get(role)
        return bool(cat and cat.finditer(canon(text)))

    def is_surname(self, word: str) -> bool:
        known = self._surname_words.get(word)
        if known is None:
            known = key(word) in self.surnames
            if len(self._surname_words) < 100_000:
                self._surname_words[word] = known
        if known:
            return True
        # K’Lăng, H’Tư: an apostrophe after a one-letter prefix marks an ethnic name
        return len(word) > 2 and word[1] in APOSTROPHES and word[0].isupper()

    def level(self, unit_concept: Concept) -> int:
        return self.unit_level.get(unit_concept.iri, 0)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
