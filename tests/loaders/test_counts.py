from loaders.pipeline import get_pipeline


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
