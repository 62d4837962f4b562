"""Lists of people under one heading (loaders/post_lists.py)."""
from partygraph.loaders.pipeline import get_pipeline


def posts(text):
    doc = get_pipeline()(text)
    return {(f.person, f.role, f.organization, f.area, f.former) for f in doc._.posts}


def test_a_post_heading_goes_to_each_member_with_their_own_chains():
    got = posts("Đại hội Đảng bộ tỉnh Yên Bái. Hai đồng chí được bầu làm Phó Bí thư Tỉnh ủy khóa XX gồm: "
                "Hoàng Văn Nam - Chủ tịch HĐND tỉnh; Giàng A Tông - Chủ tịch UBND tỉnh.")
    assert got == {("Hoàng Văn Nam", "Phó Bí thư", "Tỉnh ủy Yên Bái", "tỉnh Yên Bái", False),
                   ("Hoàng Văn Nam", "Chủ tịch", "HĐND tỉnh Yên Bái", "tỉnh Yên Bái", False),
                   ("Giàng A Tông", "Phó Bí thư", "Tỉnh ủy Yên Bái", "tỉnh Yên Bái", False),
                   ("Giàng A Tông", "Chủ tịch", "UBND tỉnh Yên Bái", "tỉnh Yên Bái", False)}


def test_members_after_honorifics_and_a_last_one_after_va():
    got = posts("Tỉnh ủy Phú Yên họp. Ba đồng chí được chỉ định giữ chức Phó Bí thư Tỉnh ủy gồm: bà Lê Thị Hoa, "
                "Phó Bí thư Thường trực Tỉnh ủy; ông Trần Văn Hưng, Chủ tịch UBND tỉnh và ông Đào Mỹ.")
    for name in ("Lê Thị Hoa", "Trần Văn Hưng", "Đào Mỹ"):
        assert (name, "Phó Bí thư", "Tỉnh ủy Phú Yên", "tỉnh Phú Yên", False) in got
    assert ("Lê Thị Hoa", "Phó Bí thư Thường trực", "Tỉnh ủy Phú Yên", "tỉnh Phú Yên", False) in got


def test_a_committee_heading_gives_each_member_the_seat():
    got = posts("Đại hội Đảng bộ huyện Bảo Lạc. Ban Thường vụ Huyện ủy khóa mới còn có các đồng chí: "
                "Nông Văn Thái - Trưởng Ban Tổ chức Huyện ủy; Thượng tá Lục Văn Bình - Trưởng Công an huyện.")
    assert ("Nông Văn Thái", "Ủy viên Ban Thường vụ", "Huyện ủy Bảo Lạc", "huyện Bảo Lạc", False) in got
    assert ("Lục Văn Bình", "Ủy viên Ban Thường vụ", "Huyện ủy Bảo Lạc", "huyện Bảo Lạc", False) in got
    assert ("Nông Văn Thái", "Trưởng ban", "Ban Tổ chức Huyện ủy Bảo Lạc", "huyện Bảo Lạc", False) in got


def test_a_committee_size_without_names_is_no_list():
    assert posts("Ban Chấp hành đã bầu Ban Thường vụ Huyện ủy Bảo Lạc gồm 11 đồng chí.") == set()


def test_a_title_heading_names_of_a_department_the_sentence_is_about():
    got = posts("Tỉnh Quảng Ngãi thông tin. Tại Sở Tài chính, hai Phó Giám đốc gồm: ông Lê Văn Hòa (58 tuổi), "
                "bà Trần Thị Nga (53 tuổi) được cho nghỉ hưu trước tuổi.")
    assert ("Lê Văn Hòa", "Phó Giám đốc", "Sở Tài chính tỉnh Quảng Ngãi", "tỉnh Quảng Ngãi", False) in got
    assert ("Trần Thị Nga", "Phó Giám đốc", "Sở Tài chính tỉnh Quảng Ngãi", "tỉnh Quảng Ngãi", False) in got


def test_names_joined_by_va_after_a_title():
    got = posts("Ở Sở Nội vụ tỉnh Bình Định, hai Phó Giám đốc là bà Đinh Thị Lan (51 tuổi) và ông Trần Văn Sỹ "
                "(59 tuổi).")
    assert {p[0] for p in got} == {"Đinh Thị Lan", "Trần Văn Sỹ"}
