"""The shared text shapes (loaders/text_shapes.py)."""
import re

from partygraph.loaders.text_shapes import is_abbreviation, is_cap_word, words_from


def test_words_from_walks_a_phrase_up_to_a_gap_or_the_end():
    text = "Đảng bộ Sở Nội\tvụ, tỉnh Sơn La"
    assert [w.group(0) for w in words_from(text, 8, len(text))] == ["Sở", "Nội"]
    any_word = re.compile(r"[^\s,]+")
    assert [w.group(0) for w in words_from(text, 8, len(text), any_word)] == ["Sở", "Nội", "vụ"]
    # bounded: no word is read past `end`; a word of another shape ends the phrase
    assert [w.span() for w in words_from(text, 8, 13)] == [(8, 10), (11, 13)]
    assert [w.group(0) for w in words_from(text, 0, len(text))] == ["Đảng"]
    assert list(words_from(text, 15, len(text))) == []


def test_cap_words_and_abbreviations():
    assert is_cap_word("Nguyễn") and is_cap_word("K’Lăng") and not is_cap_word("HĐND")
    assert is_abbreviation("UBND") and is_abbreviation("đ/c") and not is_abbreviation("Tỉnh ủy")
