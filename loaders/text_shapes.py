"""Shapes of running text that the rules read without the vocabulary: a
capitalised name syllable, an abbreviation, and the blanks, hyphens and
commas between words that many stages step over (one compiled pattern each,
shared)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

# Upper-case letters (Latin with Vietnamese diacritics), for name patterns
# that must not run under IGNORECASE.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper())
APOSTROPHES = "'’‘ʼ`´"
# One capitalised syllable: "Nguyễn", "K’Lăng", "M’ắk", "Ia", "Y".
CAP_WORD = rf"(?:[{UPPER}][^\W\d_]*(?:[{APOSTROPHES}][^\W\d_]+)*)"
CAP_WORD_RE = re.compile(CAP_WORD)

# Between two words of a phrase: spaces or tabs, never a line break.
SPACES = re.compile(r"[ \t]+")
MAYBE_SPACES = re.compile(r"[ \t]*")
# A hyphen or en dash joining two names ("Bà Rịa - Vũng Tàu"), a comma between list items.
HYPHEN_GAP = re.compile(r"[ \t]*[-–][ \t]*")
COMMA_GAP = re.compile(r"[ \t]*,[ \t]*")


def words_from(text: str, pos: int, end: int, word: re.Pattern = CAP_WORD_RE) -> Iterator[re.Match]:
    """The words of a phrase starting at `pos`: matches of `word`, each after
    the one before and spaces or tabs, up to `end` or the first place where
    none follows. The reader breaks off where its own stop words begin."""
    while w := word.match(text, pos, end):
        yield w
        sp = SPACES.match(text, w.end(), end)
        if not sp:
            return
        pos = sp.end()


@lru_cache(maxsize=1 << 16)
def is_cap_word(word: str) -> bool:
    """A name syllable: capital then lower-case letters ('HĐND' is not one)."""
    if not word or not word[0].isupper():
        return False
    rest = [c for c in word[1:] if c.isalpha()]
    return not rest or any(c.islower() for c in rest)


def is_abbreviation(label: str) -> bool:
    """A label of two or more capitals ("UBND", "HĐND") or with a slash, in one word."""
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and " " not in label and (
        sum(c.isupper() for c in letters) >= 2 or "/" in label)
