from ontology.vocabulary import vocabulary


def labels(scheme):
    return {c.label for c in vocabulary().scheme(scheme)}


def test_every_concept_has_vietnamese_and_english_labels():
    for c in vocabulary().concepts.values():
        assert c.label and c.label_en, c.iri


def test_required_abbreviations_are_alt_labels():
    abbr = vocabulary().abbreviations()
    for a, full in {"TUV": "Tỉnh ủy viên", "HUV": "Huyện ủy viên", "UVBTV": "Ủy viên Ban Thường vụ",
                    "BCH": "Ban Chấp hành", "BTV": "Ban Thường vụ", "MTTQ": "Ủy ban MTTQ Việt Nam",
                    "TX": "thị xã", "TP": "thành phố", "Đ/c": "đồng chí"}.items():
        assert abbr[a] == full
    bodies = {c.label: c for c in vocabulary().scheme("bodies")}
    assert "Ủy ban nhân dân" in bodies["UBND"].alt_labels
    assert "Hội đồng nhân dân" in bodies["HĐND"].alt_labels


def test_schemes_hold_the_genre_vocabulary():
    assert {"Bí thư", "Phó Bí thư Thường trực", "Tỉnh ủy viên", "Chánh Văn phòng"} <= labels("posts")
    assert {"xã", "phường", "thị trấn", "huyện", "tỉnh", "thôn", "ấp"} <= labels("units")
    assert {"Nghị quyết", "Chỉ thị", "Kết luận", "Quy định", "Quyết định", "Hướng dẫn",
            "Kế hoạch", "Đề án", "Điều lệ", "Thông báo", "Công văn",
            "Chương trình hành động"} <= labels("documents")
    assert {"Đảng ủy", "Huyện ủy", "Chi bộ", "UBND", "HĐND"} <= labels("bodies")
