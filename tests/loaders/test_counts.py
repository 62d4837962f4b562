from partygraph.loaders.pipeline import get_pipeline


def counts(text):
    return [(c.area, dict(c.values)) for c in get_pipeline()(text)._.member_counts]


def test_members_and_cells():
    assert counts("Đảng bộ xã Hạ Hòa có 1.462 đảng viên đang sinh hoạt tại 56 chi bộ trực thuộc.") == [
        ("xã Hạ Hòa", {"party_members": 1462, "party_cells": 56})]


def test_base_organisations_and_representation():
    assert counts("Ngày 14/8, Đảng bộ xã biên giới Ia Chia đại hội với 120 đại biểu, thay mặt cho 255 đảng viên "
                  "của 17 tổ chức cơ sở đảng.") == [("xã Ia Chia", {"party_members": 255, "base_organizations": 17})]


def test_parenthesised_location_and_owner_after():
    assert counts("Chi bộ làng Krông (xã Ia Mơ) với 16 đảng viên dù còn khó khăn.") == [
        ("làng Krông", {"party_members": 16})]
    assert counts("Ở tỉnh Đắk Nông, 19 trong số 20 đảng viên của Chi bộ bon B’Tong là đồng bào.") == [
        ("bon B’Tong", {"party_members": 20})]


def test_admissions_inspections_subsets_are_not_sizes():
    assert counts("Đảng bộ xã Hòa Phú đã kết nạp 26 đảng viên mới; kiểm tra, giám sát 351 tổ chức đảng, 162 đảng viên; "
                  "có 90% đảng viên hoàn thành tốt.") == []


def owned(text):
    return [(c.organization, c.area, dict(c.values)) for c in get_pipeline()(text)._.member_counts]


def test_cell_keeps_its_kind():
    # "Chi bộ X" is a Chi bộ, not a "Đảng bộ X"
    assert owned("Chi bộ thôn Đắk Ri (xã Ia Pếch) có 22 đảng viên.") == [
        ("Chi bộ thôn Đắk Ri", "thôn Đắk Ri", {"party_members": 22})]
    assert owned("Ở xã Ia Pếch, chi bộ thôn Đắk Ri chỉ có 5 đảng viên.") == [
        ("Chi bộ thôn Đắk Ri", "thôn Đắk Ri", {"party_members": 5})]


def test_counted_nouns_are_not_owners():
    # "gồm 14 chi bộ với 412 đảng viên": the chi bộ counted do not own the members
    assert owned("Đảng bộ xã Tân Lâm gồm 14 chi bộ trực thuộc với 412 đảng viên.") == [
        ("Đảng bộ xã Tân Lâm", "xã Tân Lâm", {"party_cells": 14, "party_members": 412})]
    assert owned("Đảng bộ huyện Krông Ba hiện có 31 TCCS đảng và 3.412 đảng viên.") == [
        ("Đảng bộ huyện Krông Ba", "huyện Krông Ba", {"base_organizations": 31, "party_members": 3412})]
    assert owned("Đảng bộ xã Hòa Sơn có 812 đảng viên, sinh hoạt trong 23 tổ chức cơ sở đảng và 35 chi bộ trực thuộc.") \
        == [("Đảng bộ xã Hòa Sơn", "xã Hòa Sơn",
             {"party_members": 812, "base_organizations": 23, "party_cells": 35})]


def test_unit_of_the_province_is_named_whole():
    assert owned("Tỉnh Gia Lai đẩy mạnh cải cách. Đảng bộ Sở Tài chính có 95 đảng viên.") == [
        ("Đảng bộ Sở Tài chính tỉnh Gia Lai", "tỉnh Gia Lai", {"party_members": 95})]
    assert owned("Ở tỉnh Gia Lai, Đảng bộ Quân sự tỉnh hiện có 1.520 đảng viên, sinh hoạt ở 64 chi bộ.") == [
        ("Đảng bộ Quân sự tỉnh Gia Lai", "tỉnh Gia Lai", {"party_members": 1520, "party_cells": 64})]
    assert owned("Tại tỉnh Kon Rẫy, Đảng bộ Quỹ Phát triển và bảo vệ đất tỉnh, với 52 đảng viên ở 6 chi bộ, "
                 "tổ chức đại hội.") == [
        ("Đảng bộ Quỹ Phát triển và bảo vệ đất tỉnh Kon Rẫy", "tỉnh Kon Rẫy", {"party_members": 52, "party_cells": 6})]


def test_the_body_a_count_belongs_to_not_its_superior_or_predecessors():
    assert owned("Đảng bộ xã Hòa Bình là tổ chức cơ sở đảng trực thuộc Đảng bộ huyện Mỹ Lộc, hiện có 640 đảng viên "
                 "sinh hoạt tại 28 chi bộ trực thuộc.") == [
        ("Đảng bộ xã Hòa Bình", "xã Hòa Bình", {"party_members": 640, "party_cells": 28})]
    assert owned("Đảng bộ xã Tân Phú được thành lập trên cơ sở hợp nhất Đảng bộ xã Tân An và đảng bộ hai xã "
                 "Phú Lâm, Phú Điền, có 980 đảng viên.") == [("Đảng bộ xã Tân Phú", "xã Tân Phú", {"party_members": 980})]


def test_counts_in_a_list():
    assert owned("Đảng bộ xã Phú An có 512 đảng viên; Đảng bộ xã Phú Lộc có 430 đảng viên, sinh hoạt ở 18 chi bộ.") == [
        ("Đảng bộ xã Phú An", "xã Phú An", {"party_members": 512}),
        ("Đảng bộ xã Phú Lộc", "xã Phú Lộc", {"party_members": 430, "party_cells": 18})]


def test_owner_after_the_count_and_unnamed_owner():
    assert owned("Huyện Mỹ Lộc nằm ven biển. Dự đại hội có 200 đại biểu, thay mặt cho 4.500 đảng viên "
                 "trong toàn Đảng bộ huyện.") == [("Đảng bộ huyện Mỹ Lộc", "huyện Mỹ Lộc", {"party_members": 4500})]
    assert owned("Sau sắp xếp, xã Ea Tul có diện tích 120 km2. Đảng bộ xã hiện có 845 đảng viên.") == [
        ("Đảng bộ xã Ea Tul", "xã Ea Tul", {"party_members": 845})]
    # the name the sentence gives picks the unit among those of the article
    assert owned("Đặc khu Cồn Mây và đặc khu Hòn Sơn tổ chức đại hội. Ở Cồn Mây, Đảng bộ đặc khu có 1.200 đảng viên.") \
        == [("Đảng bộ đặc khu Cồn Mây", "đặc khu Cồn Mây", {"party_members": 1200})]


def test_stated_total():
    assert owned("Tỉnh Hà Trung có 9 huyện. Tổng số đảng viên toàn Đảng bộ tỉnh hiện là 86.412 đồng chí.") == [
        ("Đảng bộ tỉnh Hà Trung", "tỉnh Hà Trung", {"party_members": 86412})]
    # a subset, not a total
    assert owned("Xã Hòa Sơn có 4 thôn. Số đảng viên là người dân tộc thiểu số là 110 người.") == []


def test_other_numbers_are_not_sizes():
    assert owned("Năm 2024, Đảng bộ xã Ia Lâu kết nạp 25 đảng viên mới, thi hành kỷ luật 3 đảng viên.") == []
    assert owned("Đảng bộ xã Ia Lâu có 100% chi bộ đạt trong sạch, vững mạnh; 95% đảng viên hoàn thành tốt nhiệm vụ.") == []
    assert owned("Dịp này, Đảng ủy xã Ia Lâu trao Huy hiệu 30 năm tuổi Đảng cho 12 đảng viên.") == []


def test_old_organisation_keeps_its_mark():
    assert owned("Trước đó, Đảng bộ tỉnh Hà Trung (cũ) có 54.156 đảng viên.") == [
        ("Đảng bộ tỉnh Hà Trung (cũ)", "tỉnh Hà Trung", {"party_members": 54156})]


def test_a_size_said_again_is_one_count():
    assert owned("Đảng bộ xã Hòa Sơn có 812 đảng viên. Như vậy, Đảng bộ xã Hòa Sơn có 812 đảng viên.") == [
        ("Đảng bộ xã Hòa Sơn", "xã Hòa Sơn", {"party_members": 812})]


def test_total_raised_to_and_base_cells_are_not_cells():
    assert owned("Huyện Đạ Lây phát triển mới 60 đảng viên, nâng tổng số đảng viên trong toàn Đảng bộ huyện lên "
                 "1.210 đồng chí, đang sinh hoạt trong 31 tổ chức cơ sở đảng; trong đó có 20 chi bộ cơ sở.") == [
        ("Đảng bộ huyện Đạ Lây", "huyện Đạ Lây", {"party_members": 1210, "base_organizations": 31})]
    assert owned("Tỉnh Bình Sơn kết nạp 2.100 đảng viên mới, nâng tổng số đảng viên trong toàn tỉnh là 68.047 đảng viên "
                 "(trong đó có 21.373 đảng viên nữ, 3.650 đảng viên dự bị).") == [
        ("Đảng bộ tỉnh Bình Sơn", "tỉnh Bình Sơn", {"party_members": 68047})]
    assert owned("Tỉnh Bình Sơn có 700 tổ chức cơ sở đảng, bao gồm 300 chi bộ cơ sở và 400 đảng bộ cơ sở "
                 "(với 3.100 chi bộ trực thuộc).") == [
        ("Đảng bộ tỉnh Bình Sơn", "tỉnh Bình Sơn", {"base_organizations": 700, "party_cells": 3100})]


def test_membership_moves_are_not_sizes():
    assert owned("Thành phố Bảo Sơn kết nạp 40 đảng viên mới; chuyển Đảng chính thức cho 50 đảng viên và tiếp nhận "
                 "70 đảng viên từ nơi khác chuyển đến.") == []


def test_unit_without_party_body():
    assert owned("Xã Ia Pa có 520 đảng viên, sinh hoạt tại 21 chi bộ.") == [
        ("Đảng bộ xã Ia Pa", "xã Ia Pa", {"party_members": 520, "party_cells": 21})]
    assert owned("Thôn Plei Ring có 25 đảng viên.") == [("Chi bộ thôn Plei Ring", "thôn Plei Ring", {"party_members": 25})]


def test_new_organisation_not_its_founder_or_predecessor():
    assert owned("Ban Chấp hành Đảng bộ tỉnh Hà Trung quyết định thành lập Đảng bộ thị xã Ninh Lạc trên cơ sở toàn bộ "
                 "Đảng bộ huyện Ninh Lạc, gồm 48 tổ chức cơ sở đảng với 8.927 đảng viên.") == [
        ("Đảng bộ thị xã Ninh Lạc", "thị xã Ninh Lạc", {"base_organizations": 48, "party_members": 8927})]


def test_a_breakdown_after_trong_do_is_not_a_size():
    got = counts("Hiện nay, Đảng bộ huyện Lạc Dương có 1.480 đảng viên; trong đó, có 512 đảng viên nữ, "
                 "140 đảng viên người dân tộc thiểu số, 37 đảng viên các tôn giáo.")
    assert got == [("huyện Lạc Dương", {"party_members": 1480})]


def test_units_listed_before_the_merger_do_not_own_the_count():
    got = counts("Đảng bộ xã Hòa Bình tổ chức Đại hội lần thứ I. Dự Đại hội có lãnh đạo các xã, thị trấn "
                 "Phú Lộc, Tân An, Hòa Khánh trước khi sáp nhập cùng 150 đảng viên đại diện cho 1.620 đảng viên "
                 "trong toàn Đảng bộ.")
    assert got == [("xã Hòa Bình", {"party_members": 1620})]
