"""The posts stage on single sentences (real phrasings from seeds/dev)."""
import unicodedata

import pytest

from partygraph.loaders.pipeline import get_pipeline


def posts(text):
    doc = get_pipeline()(text)
    return {(f.person, f.role, f.organization, f.area, f.former) for f in doc._.posts}


def test_title_after_name():
    assert posts("Đồng chí Nguyễn Thái Sơn, Bí thư Đảng uỷ xã Hiệp Hoà, cho biết: Đảng bộ xã có 221 đảng viên.") == {
        ("Nguyễn Thái Sơn", "Bí thư", "Đảng uỷ xã Hiệp Hoà", "xã Hiệp Hoà", False)}


@pytest.mark.parametrize("form", ["NFD", "old_tone"])
def test_nfd_and_old_tone_variants(form):
    text = "Đồng chí Nguyễn Thái Sơn, Bí thư Đảng ủy xã Hiệp Hòa, cho biết."
    if form == "NFD":
        text = unicodedata.normalize("NFD", text)
    else:
        text = text.replace("ủy", "uỷ").replace("Hòa", "Hoà")
    (p,) = posts(text)
    assert p[0] == "Nguyễn Thái Sơn" and p[1] == "Bí thư"
    assert p[3] in ("xã Hiệp Hòa", "xã Hiệp Hoà")


def test_chain_with_hyphens_and_list():
    got = posts("Lộc Hà.\n\nChiều ngày 29/2/2024, Huyện ủy Lộc Hà tổ chức hội nghị. Các đồng chí Nguyễn Thế Hoàn - TUV - "
                "Bí thư Huyện ủy - Chủ tịch HĐND huyện, Trần Hữu Thuần - Phó Bí thư Thường trực Huyện ủy chủ trì.")
    assert ("Nguyễn Thế Hoàn", "Tỉnh ủy viên", "Tỉnh ủy", None, False) in got
    assert ("Nguyễn Thế Hoàn", "Bí thư", "Huyện ủy Lộc Hà", "huyện Lộc Hà", False) in got
    assert ("Nguyễn Thế Hoàn", "Chủ tịch", "HĐND huyện Lộc Hà", "huyện Lộc Hà", False) in got
    assert ("Trần Hữu Thuần", "Phó Bí thư Thường trực", "Huyện ủy Lộc Hà", "huyện Lộc Hà", False) in got


def test_title_before_name_splits_unit_and_person():
    got = posts("Bí thư Đảng ủy phường Phước Thắng Nguyễn Trường Giang phát biểu khai mạc.")
    assert got == {("Nguyễn Trường Giang", "Bí thư", "Đảng ủy phường Phước Thắng", "phường Phước Thắng", False)}


def test_unnamed_unit_from_context():
    got = posts("Tại xã Phú Thiện, toàn xã có 69 tổ chức đảng.\n\nBí thư Đảng ủy xã Vũ Hồng Duy cho biết: tốt.")
    assert got == {("Vũ Hồng Duy", "Bí thư", "Đảng ủy xã Phú Thiện", "xã Phú Thiện", False)}


def test_province_named_elsewhere_or_not_at_all():
    got = posts("Đảng bộ tỉnh Gia Lai họp. Đồng chí Trần Cang - UVBTV Tỉnh ủy, Giám đốc Sở Tài chính dự.")
    assert ("Trần Cang", "Ủy viên Ban Thường vụ", "Tỉnh ủy Gia Lai", "tỉnh Gia Lai", False) in got
    assert ("Trần Cang", "Giám đốc", "Sở Tài chính tỉnh Gia Lai", "tỉnh Gia Lai", False) in got
    got = posts("Dự hội nghị có Trưởng ban Tuyên giáo Tỉnh ủy Hà Văn Hùng.")
    assert got == {("Hà Văn Hùng", "Trưởng ban", "Ban Tuyên giáo Tỉnh ủy", None, False)}


def test_former_posts():
    got = posts("Đảng viên lớn tuổi nhất bon là ông K’Lăng, nguyên Bí thư Đảng ủy, Chủ tịch HĐND xã Đắk P’lao.")
    assert got == {("K’Lăng", "Bí thư", "Đảng ủy xã Đắk P’lao", "xã Đắk P’lao", True),
                   ("K’Lăng", "Chủ tịch", "HĐND xã Đắk P’lao", "xã Đắk P’lao", True)}
    got = posts("Đảng bộ huyện Vĩnh Linh họp. Đồng chí Phan Ngọc Tư, khi ấy là Bí thư Huyện ủy, chủ trì hội nghị.")
    assert got == {("Phan Ngọc Tư", "Bí thư", "Huyện ủy Vĩnh Linh", "huyện Vĩnh Linh", True)}


def test_elected_list_gets_the_post():
    got = posts("Đại hội Đảng bộ tỉnh Sơn La. Các đồng chí Lò Minh Hùng, Nguyễn Đình Việt - Chủ tịch UBND tỉnh và "
                "Chá A Của - Phó Chủ tịch HĐND tỉnh được bầu làm Phó Bí thư Tỉnh ủy.")
    for name in ("Lò Minh Hùng", "Nguyễn Đình Việt", "Chá A Của"):
        assert (name, "Phó Bí thư", "Tỉnh ủy Sơn La", "tỉnh Sơn La", False) in got
    assert ("Nguyễn Đình Việt", "Chủ tịch", "UBND tỉnh Sơn La", "tỉnh Sơn La", False) in got


def test_village_head_and_cell_share_the_village():
    got = posts("Ông Ngô Đức Phương-Chi ủy viên chi bộ kiêm Trưởng thôn 7, xã Biển Hồ-chia sẻ: tốt.")
    assert got == {("Ngô Đức Phương", "Chi ủy viên", "Chi bộ thôn 7", "thôn 7", False),
                   ("Ngô Đức Phương", "Trưởng thôn", "thôn 7", "thôn 7", False)}


def test_no_post_for_residents_and_photographers():
    doc = get_pipeline()("Bà Đinh Thị Thảo, thôn 4, xã Hiệp Hòa, cho biết: tốt. Ảnh: Phương Dung")
    assert doc._.posts == []
    assert "Phương Dung" in doc._.non_officials and "Đinh Thị Thảo" in doc._.non_officials


def test_places_are_never_people():
    got = posts("Quê xã Long Phước, thành phố Bà Rịa; ông Lê Minh Trí từng giữ các chức vụ: Bí thư Tỉnh đoàn "
                "Bà Rịa-Vũng Tàu, Phó Chủ tịch UBND tỉnh Bà Rịa - Vũng Tàu.")
    assert {p[0] for p in got} == {"Lê Minh Trí"}
    assert ("Lê Minh Trí", "Phó Chủ tịch", "UBND tỉnh Bà Rịa - Vũng Tàu", "tỉnh Bà Rịa - Vũng Tàu", True) in got
    got = posts("Đến Hà Tĩnh, Bí thư Tỉnh ủy Hà Tĩnh Nguyễn Duy Lâm làm việc với huyện Hương Khê.")
    assert got == {("Nguyễn Duy Lâm", "Bí thư", "Tỉnh ủy Hà Tĩnh", "tỉnh Hà Tĩnh", False)}
