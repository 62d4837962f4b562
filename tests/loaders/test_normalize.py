import unicodedata

from partygraph.loaders.normalize import clean_label, clean_text, fold, key, slug


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
