from loaders.units import AreaContext, find_units


def areas(text):
    return [(u.area, u.old) for u in find_units(text)]


def test_list_after_a_plural_type_word():
    got = areas("hợp nhất 4 địa phương gồm: Thị trấn Hạ Hòa và 3 xã: Minh Hạc, Ấm Hạ, Gia Điền, hiện")
    assert [a for a, _ in got] == ["thị trấn Hạ Hòa", "xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền"]


def test_old_marker_descriptor_and_abbreviations():
    got = areas("ba xã Ia Rmok, Ia Dreh (cũ) và Krông Năng; Đảng bộ xã biên giới Ia Chia; TX Quảng Yên; UBND TP.HCM")
    assert ("xã Ia Dreh", True) in got and ("xã Krông Năng", False) in got
    assert ("xã Ia Chia", False) in got and ("thị xã Quảng Yên", False) in got
    assert ("thành phố Hồ Chí Minh", False) in got


def test_hyphenated_city_and_numbered_units():
    got = [a for a, _ in areas("các phường của TP Phan Rang - Tháp Chàm, phường 11 và thôn 7; cấp xã")]
    assert "thành phố Phan Rang - Tháp Chàm" in got and "phường 11" in got and "thôn 7" in got
    assert None in got  # "các phường" unnamed; "cấp xã" is a level, not a unit
    assert len(got) == 4


def test_context_skips_old_units():
    text = "Xã Ia Dreh được hình thành từ xã Krông Năng (cũ). Bí thư Đảng ủy xã là đồng chí Ksor Tin."
    units = find_units(text)
    u = AreaContext(units).resolve(text.index("Bí thư"), type_label="xã")
    assert u.area == "xã Ia Dreh"
