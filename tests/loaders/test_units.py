from partygraph.loaders.units import AreaContext, find_units


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


# -- hyphenated names: one unit when the register knows the whole name


def test_hyphenated_province_with_and_without_spaces():
    got = [a for a, _ in areas("Đoàn công tác làm việc với tỉnh Bà Rịa-Vũng Tàu và UBND tỉnh Bà Rịa – Vũng Tàu.")]
    assert got == ["tỉnh Bà Rịa-Vũng Tàu", "tỉnh Bà Rịa – Vũng Tàu"]


def test_hyphenated_ward_and_committee():
    text = "Đảng ủy phường Lang Biang - Đà Lạt họp; Tỉnh ủy Bà Rịa - Vũng Tàu Trần Văn Tâm dự."
    units = find_units(text)
    assert [u.area for u in units] == ["phường Lang Biang - Đà Lạt", "tỉnh Bà Rịa - Vũng Tàu"]
    assert all(u.known for u in units)


def test_hyphen_as_title_separator_is_not_joined():
    got = [a for a, _ in areas("Ông Lê Văn Hòa - Bí thư Đảng ủy xã Tân Lập - nơi có 12 thôn; các cặp xã Hải Hoà - Hải Tân")]
    assert "xã Tân Lập" in got and "xã Hải Hoà" in got
    assert not any(a and "-" in a for a in got)


def test_registered_committee_name_is_not_cut_at_a_surname():
    # "Ma" and "Trần" are family names, but the register knows these districts
    units = find_units("Phó Bí thư Huyện ủy Si Ma Cai phát biểu. Huyện ủy Trần Đề họp.")
    assert [(u.area, u.is_person) for u in units] == [("huyện Si Ma Cai", False), ("huyện Trần Đề", False)]


def test_registered_committee_name_then_person():
    units = find_units("Bí thư Huyện ủy Si Ma Cai Giàng Seo Lử phát biểu.")
    assert [u.area for u in units] == ["huyện Si Ma Cai"]


# -- old/new marks and the 2025 reorganisation


def test_old_marks_from_the_vocabulary():
    got = areas("xã Pải Lủng, huyện Mèo Vạc (cũ); tỉnh Hòa Bình trước đây, nay thuộc tỉnh Phú Thọ")
    assert got == [("xã Pải Lủng", False), ("huyện Mèo Vạc", True), ("tỉnh Hòa Bình", True), ("tỉnh Phú Thọ", False)]


def test_old_mark_trước_đây_only_before_a_pause():
    # "xã A trước đây là ..." speaks of the xã as it is; no old mark
    assert areas("Xã Tân Hà trước đây là xã nghèo nhất huyện")[0] == ("xã Tân Hà", False)


def test_now_part_of_gives_a_successor():
    text = "Hai xã thuộc tỉnh Hòa Bình trước đây, nay thuộc tỉnh Phú Thọ. Đồng chí Lê Văn Tâm, Phó Chủ tịch UBND tỉnh dự."
    u = AreaContext(find_units(text)).province(text.index("UBND"))
    assert u.area == "tỉnh Phú Thọ"


def test_formerly_in_marks_the_chain_as_past():
    text = "Xã Tân Hà - trước đây thuộc huyện Lâm Hà, tỉnh Lâm Đồng - nay là xã vùng cao."
    units = find_units(text)
    assert [(u.area, u.past) for u in units] == [
        ("xã Tân Hà", False), ("huyện Lâm Hà", True), ("tỉnh Lâm Đồng", True), (None, False)]


def _province_for_committee(text: str, date: str | None) -> str | None:
    u = AreaContext(find_units(text, date=date)).resolve(text.index("Tỉnh ủy"), type_label="tỉnh")
    return u.area if u else None


def test_merged_province_after_the_reorganisation_means_the_new_one():
    text = "Đại hội Đảng bộ xã Tân Lạc, tỉnh Hòa Bình khai mạc. Đồng chí Lê Văn Tâm, Ủy viên Ban Thường vụ Tỉnh ủy dự."
    assert _province_for_committee(text, "2025-08-02") == "tỉnh Phú Thọ"
    # before 1 July 2025 (or undated) the old province is current
    assert _province_for_committee(text, "2025-06-30") == "tỉnh Hòa Bình"
    assert _province_for_committee(text, None) == "tỉnh Hòa Bình"


def test_named_units_keep_their_names_after_the_reorganisation():
    units = find_units("nguyên Bí thư Tỉnh ủy Hòa Bình", date="2025-08-02")
    assert [u.area for u in units] == ["tỉnh Hòa Bình"]


def test_new_province_named_in_the_text_is_the_successor():
    text = "Tỉnh Bạc Liêu và tỉnh Cà Mau hợp nhất. Tại tỉnh Bạc Liêu, Tỉnh ủy chỉ đạo sắp xếp."
    assert _province_for_committee(text, "2025-07-12") == "tỉnh Cà Mau"


def test_province_context_includes_centrally_governed_cities():
    text = "Thành phố Cần Thơ tổ chức hội nghị. Ông Lê Văn Tâm, Giám đốc Sở Nội vụ, báo cáo."
    u = AreaContext(find_units(text)).province(text.index("Sở"))
    assert u.area == "thành phố Cần Thơ"
    text = "Thành phố Đà Lạt tổ chức hội nghị. Ông Lê Văn Tâm, Giám đốc Sở Nội vụ, báo cáo."
    assert AreaContext(find_units(text)).province(text.index("Sở")) is None


def test_district_mentioned_only_as_old_is_still_the_context_of_then():
    # after 2025 no district is current: a former post names the old one
    text = "Ông từng là Bí thư Huyện đoàn; quê xã Tả Van, huyện Sa Pa (cũ), nay là Phó Chủ tịch UBND huyện Sa Pa."
    u = AreaContext(find_units(text, date="2025-09-01")).resolve(0, type_label="huyện")
    assert u.area == "huyện Sa Pa"


def test_spelled_out_bodies_name_their_unit_like_abbreviations():
    got = [a for a, _ in areas("Chủ tịch Hội đồng nhân dân tỉnh Gia Lai và Phó Chủ tịch Ủy ban nhân dân huyện Chư Sê")]
    assert got == ["tỉnh Gia Lai", "huyện Chư Sê"]


def test_a_place_named_with_a_unit_type_word_is_one_name():
    from partygraph.loaders.units import find_units

    got = [(u.type.label, u.name) for u in find_units("Tỉnh ủy Sóc Trăng và tỉnh Sóc Trăng họp tại sóc Tà Ân.")]
    assert ("tỉnh", "Sóc Trăng") in got and ("sóc", "Trăng") not in got
    assert ("sóc", "Tà Ân") in got


def test_an_abbreviated_type_word_with_a_dot():
    from partygraph.loaders.units import find_units

    got = [(u.type.label, u.name) for u in find_units("Thành ủy TP.Ngã Bảy và thị trấn TT. Phước Hải")]
    assert ("thành phố", "Ngã Bảy") in got and ("thị trấn", "Phước Hải") in got


def test_a_province_named_bare_and_a_foreign_one():
    from partygraph.loaders.pipeline import get_pipeline

    doc = get_pipeline()("Điện Biên: Củng cố tổ chức đảng\n\nĐiện Biên có đường biên giới tiếp giáp tỉnh Phông "
                         "Sả Lỳ (Lào). Ông Lò Thái Bình cho biết Đảng bộ tỉnh hiện có 42.100 đảng viên.")
    got = [(u.type.label, u.name, u.background) for u in doc._.units]
    assert ("tỉnh", "Điện Biên", False) in got and ("tỉnh", "Phông Sả Lỳ", True) in got
    assert not any(name == "Thái Bình" for _, name, _ in got)        # a person's given names
    assert [(c.area, dict(c.values)) for c in doc._.member_counts] == [("tỉnh Điện Biên", {"party_members": 42100})]


def test_a_list_of_communes_after_gom_and_people_after_gom():
    from partygraph.loaders.pipeline import get_pipeline

    doc = get_pipeline()("Đảng bộ xã Bình Giã được thành lập trên cơ sở sáp nhập Đảng bộ của 3 xã gồm: "
                         "Quảng Thành, Bình Trung và Bình Giã.")
    assert [(m.unit_area, m.source_area) for m in doc._.mergers] == [
        ("xã Bình Giã", "xã Quảng Thành"), ("xã Bình Giã", "xã Bình Trung"), ("xã Bình Giã", "xã Bình Giã")]
    doc = get_pipeline()("Đảng bộ xã Mèo Vạc họp. Hai Phó Bí thư Đảng ủy xã gồm: Lý Thị Hoa, Vàng Seo Páo.")
    assert not any(u.name == "Lý Thị Hoa" for u in doc._.units)
