from partygraph.loaders.gazetteer import is_place_name, knows, lookup, place_type, successor


def test_hyphenated_names_are_known_whatever_the_spacing():
    assert knows("Bà Rịa - Vũng Tàu", "tỉnh") and knows("Bà Rịa-Vũng Tàu", "tỉnh")
    assert knows("Lang Biang - Đà Lạt", "phường")
    assert not knows("Hải Hoà - Hải Tân")


def test_tone_placement_does_not_matter():
    assert lookup("Hoà Bình") is lookup("Hòa Bình") is not None


def test_type_of_a_bare_province_name():
    assert place_type("Gia Lai") == "tỉnh"
    assert place_type("Cần Thơ") == "thành phố"
    assert place_type("Si Ma Cai") is None      # a district, not a province


def test_place_names_are_not_people():
    assert is_place_name("Hà Tĩnh") and is_place_name("Trần Đề") and is_place_name("Bà Rịa")
    assert not is_place_name("Trần Hưng Đạo")   # a ward named after a person: still a person's name
    assert not is_place_name("Nguyễn Văn Tâm")


def test_successor_only_after_the_reorganisation():
    assert successor("Hòa Bình", "2025-07-31") == ("tỉnh", "Phú Thọ")
    assert successor("Sóc Trăng", "2025-08-01") == ("thành phố", "Cần Thơ")
    assert successor("Hòa Bình", "2025-06-30") is None
    assert successor("Phú Thọ", "2025-08-01") is None     # kept its name
    assert successor("Hòa Bình", None) is None
