from partygraph.ontology.vocabulary import vocabulary


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


def _by_label(scheme):
    return {c.label: c for c in vocabulary().scheme(scheme)}


def _cue(role):
    return next(c for c in vocabulary().scheme("cues") if c.props.get("cueRole") == role)


def test_extraction_choices_are_properties_of_the_concepts():
    """The word choices the extractor makes are read from these properties
    (loaders/post_orgs.py, post_people.py, count_owners.py, counts.py,
    mapping.py, people.py, gazetteer.py, area_context.py)."""
    bodies, units, hons = _by_label("bodies"), _by_label("units"), _by_label("honorifics")
    # party organisations (not committees) and the level of unit a bare one belongs to
    assert {l for l, c in bodies.items() if c.props.get("partyOrganization")} == {"Đảng bộ", "Chi bộ"}
    assert {l: c.props["defaultLevel"] for l, c in bodies.items() if "defaultLevel" in c.props} == {
        "Đảng ủy": 3, "Đảng bộ": 3, "Chi bộ": 4}
    assert {l for l, c in bodies.items() if c.props.get("namesCommittees")} == {"Đảng bộ"}
    # honorifics that stand alone for the person last named
    assert {l for l, c in hons.items() if c.props.get("pronoun")} == {"ông", "bà", "anh", "chị", "đồng chí"}
    # unit types: the province, and those kept in lower case in an organisation name
    assert {l for l, c in units.items() if c.props.get("province")} == {"tỉnh"}
    assert {l for l, c in units.items() if c.props.get("level") == 1} == {"tỉnh", "thành phố"}
    assert {l for l, c in units.items() if c.props.get("lowerCaseName")} == {
        "thôn", "làng", "ấp", "bản", "buôn", "bon", "xóm", "phum", "sóc", "khu phố", "tổ dân phố", "xã", "phường"}
    # middle names are in the names scheme, apart from the family names
    middle = [c for c in vocabulary().scheme("names") if c.props.get("middleName")]
    assert [set(c.alt_labels) for c in middle] == [{"Thị", "Văn"}]


def test_cue_roles_read_by_the_posts_stage():
    assert set(_cue("descriptorBreak").labels) == {"là", "và", "làm", "với", "cho", "tại", "ở"}
    assert set(_cue("kinship").labels) == {"con", "chị", "em", "bà", "ông", "cha", "anh", "cháu"}
    assert set(_cue("credit").labels) == {"Ảnh", "Bài", "Bài, ảnh", "Bài và ảnh", "Tin", "Video"}


def test_middle_names_are_not_family_names():
    from partygraph.loaders.lexicon import lexicon
    from partygraph.loaders.normalize import key

    lx = lexicon()
    assert lx.middle_names == {"Thị", "Văn"}
    assert key("Thị") not in lx.surnames and key("Văn") not in lx.surnames
    assert lx.is_surname("Nguyễn") and lx.is_surname("Ksor")
