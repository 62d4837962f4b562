import unicodedata

import pytest

from partygraph.loaders.normalize import canon, clean_label, clean_text, fold, key, place_tone, preferred_spelling, slug


def test_old_and_new_tone_placement_share_a_key():
    assert key("xã Hiệp Hoà") == key("xã Hiệp Hòa")
    assert key("Đảng uỷ") == key("Đảng ủy")
    assert key("Thuỷ") == key("Thủy")


def test_key_keeps_tones_apart():
    # folding would merge these; the key must not
    assert key("Hà") != key("Hạ")
    assert slug("xã Hà Hòa") != slug("xã Hạ Hòa")


def test_nfd_input_is_nfc_and_same_key():
    nfd = unicodedata.normalize("NFD", "Cao Thị Toàn Thắng")
    assert clean_text(nfd) == "Cao Thị Toàn Thắng"
    assert key(nfd) == key("cao thị  toàn thắng")


def test_fold_for_search():
    assert fold("Cao Thị Toàn Thắng") == "cao thi toan thang"
    assert fold("Đặng Vĩnh Sơn") == "dang vinh son"


def test_invisible_and_bidi_characters_never_reach_labels():
    assert clean_label("Nguyễn\u202e Văn\u200b A\x0b") == "Nguyễn Văn A"
    assert clean_text("a\u00a0b") == "a b"


def test_place_tone_in_either_convention():
    assert place_tone("o", "a", "\u0300", on_glide=True) == "òa"
    assert place_tone("U", "y", "\u0309", on_glide=False) == "Uỷ"
    assert place_tone("o", "e", "", on_glide=True) == "oe"


@pytest.mark.parametrize("written, matched, shown", [
    ("Hoà Bình", "Hoà Bình", "Hòa Bình"), ("Hòa Bình", "Hoà Bình", "Hòa Bình"),
    ("Tỉnh ủy", "Tỉnh uỷ", "Tỉnh ủy"), ("khoẻ", "khoẻ", "khỏe"),
    # "qu" is an initial: the mark stays on the nucleus in both conventions
    ("quý", "quý", "quý"), ("Quỳnh", "Quỳnh", "Quỳnh"),
    # a closed syllable has one placement
    ("Toàn", "Toàn", "Toàn")])
def test_canon_and_preferred_spelling_place_one_mark(written, matched, shown):
    assert canon(written) == matched and len(canon(written)) == len(written)
    assert preferred_spelling(written) == shown
    # the two conventions are one rule: the displayed form matches as the written one
    assert canon(shown) == matched
