"""Text normalisation for Vietnamese: NFC, cleaning, and matching keys.

Text is *stored* as written (NFC, cleaned); it is *matched and linked* on
`key()`, which unifies case, spacing and old/new tone-mark placement
("Hoà" = "Hòa", "uỷ" = "ủy"), and searched on `fold()`, which also drops
diacritics ("cao thi toan thang").
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
import re
import unicodedata

# The five tone marks as combining characters; everything else in a
# syllable (circumflex, breve, horn, đ) is part of the letter.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}

# Characters that must never reach a label or an export: C0/C1 controls
# (but tab/newline), zero-width characters, bidi embeddings and overrides,
# the BOM, and lone surrogates.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufffe"
    "\ud800-\udfff]"
)
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def nfc(text: str) -> str:
    """Unicode NFC: some sources arrive decomposed (NFD)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC text with invisible/control characters removed, exotic spaces
    made plain and line endings unified. Offsets are taken on this text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", nfc(text))
    return _ODD_SPACES.sub(" ", text)


@lru_cache(maxsize=1 << 16)  # labels recur across facts: mapping calls this per quad
def clean_label(text: str) -> str:
    """A single-line label: cleaned, spaces collapsed, trimmed."""
    return re.sub(r"\s+", " ", clean_text(text)).strip()


def _syllable_key(word: str) -> str:
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


# Apostrophe-like characters seen in ethnic-minority names (K’Lăng, H'Tư).
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc\u0060\u00b4]")


@lru_cache(maxsize=1 << 16)  # the same names and titles recur across facts and articles
def key(text: str | None) -> str:
    """Matching key: NFC, lower case, spaces collapsed, tone placement unified.

    Each syllable becomes its letters followed by a tone digit, so the key
    does not depend on which vowel carried the mark.
    """
    if text is None:
        return ""
    text = _APOSTROPHES.sub("'", clean_label(text).lower())
    return " ".join(_syllable_key(w) for w in text.split())


@lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Search key without any diacritics: 'Cao Thị Toàn Thắng' -> 'cao thi toan thang'."""
    if text is None:
        return ""
    text = clean_label(text).lower().replace("đ", "d")
    text = _APOSTROPHES.sub("'", text)
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


@lru_cache(maxsize=1 << 16)
def slug(text: str, identity: str | None = None) -> str:
    """A readable, collision-free IRI segment: folded ASCII words plus a short
    hash of the identity (by default the text's key; folding alone would
    merge 'Hà' and 'Hạ')."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "x"
    digest = hashlib.sha1((key(text) if identity is None else identity).encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}"


# --- Tone placement -------------------------------------------------------
# An open syllable ending in glide + nucleus is where the two conventions
# differ: the older one marks the nucleus ("hoà", "uỷ"), the one most of the
# press uses today the first vowel ("hòa", "ủy"). place_tone() writes either;
# canon() (matching) and preferred_spelling() (display) decide where it
# applies.


def _toned(bases: str) -> dict[str, tuple[str, str]]:
    """Every toned form of each base letter -> (base, tone mark or '')."""
    out = {}
    for b in bases:
        out[b] = (b, "")
        for t in _TONES:
            out[unicodedata.normalize("NFC", b + t)] = (b, t)
    return out


_GLIDE = _toned("oOuU")
_NUCLEUS = _toned("aAeEyY")


def place_tone(glide: str, nucleus: str, tone: str, on_glide: bool) -> str:
    """A bare glide and nucleus with `tone` (a combining mark, or '') on the
    glide ("òa", "ủy") or on the nucleus ("oà", "uỷ"); always two characters."""
    if on_glide:
        return unicodedata.normalize("NFC", glide + tone) + nucleus
    return glide + unicodedata.normalize("NFC", nucleus + tone)


# canon() unifies every glide + nucleus letter pair that ends a word, "qu"
# included ("qúy" -> "quý", where the nucleus is the right place anyway) and
# "ua" ("mùa" -> "muà"): over-unifying costs nothing when text and labels
# both pass through it, and a rewrite of one letter pair keeps the length.
_TONE_CLUSTER = re.compile(
    "([" + "".join(_GLIDE) + "])([" + "".join(_NUCLEUS) + "])(?![^\\W\\d_])")


def _on_nucleus(m: re.Match) -> str:
    g, gt = _GLIDE[m.group(1)]
    n, nt = _NUCLEUS[m.group(2)]
    tone = gt or nt
    if not tone:
        return m.group(0)
    return place_tone(g, n, tone, on_glide=False)


_CANON_LAST: list = [None, None]   # the last long text and its canon form


def canon(text: str) -> str:
    """Tone placement unified on the nucleus ("Hòa" -> "Hoà"); same length,
    so that every offset found on it is an offset in `text`."""
    if len(text) < 1000:
        return _TONE_CLUSTER.sub(_on_nucleus, text)
    # every stage asks for the whole article's form: computed once, and the
    # same string object lets the lexicon's category indexes recognise it
    last, shadow = _CANON_LAST
    if last is text or last == text:
        return shadow
    shadow = _TONE_CLUSTER.sub(_on_nucleus, text)
    _CANON_LAST[:] = [text, shadow]
    return shadow


# preferred_spelling() rewrites only true open glide syllables: "hoà"/"hòa",
# "hoè"/"hòe", "uỷ"/"ủy" ("Tỉnh ủy", "Hòa Bình"); "qu" is an initial, so
# "quý" keeps its mark on the y.
_OPEN_GLIDES = re.compile(r"(?<![qQ])([oO])([aAeE])$|(?<![qQ])([uU])([yY])$")


def _preferred_syllable(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    m = _OPEN_GLIDES.search(bare)
    if m is None:
        return word
    at = m.start()
    return bare[:at] + place_tone(bare[at], bare[at + 1], tones[0], on_glide=True)


@lru_cache(maxsize=1 << 16)
def preferred_spelling(text: str) -> str:
    """The label cleaned, with every tone mark where the preferred
    convention puts it: 'Tỉnh uỷ Hoà Bình' -> 'Tỉnh ủy Hòa Bình'. Labels
    with the same key() and the same capitals get the same spelling."""
    return re.sub(r"[^\W\d_]+", lambda m: _preferred_syllable(m.group(0)), clean_label(text))
