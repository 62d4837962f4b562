"""Keys, qualified names and preferred labels (loaders/identity.py)."""
from __future__ import annotations

import pytest

from partygraph.loaders.identity import (area_open, expand_abbreviations, org_iri, preferred_label, qualified,
                                         strip_honorifics)
from partygraph.loaders.normalize import key, preferred_spelling


@pytest.mark.parametrize("name", [
    "Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "Đảng ủy xã", "UBND tỉnh", "Sở Tài chính",
    "Đảng ủy Khối các cơ quan tỉnh", "Nghị quyết Đại hội Đảng bộ huyện", "Ủy ban MTTQ Việt Nam"])
def test_names_that_leave_their_area_open(name):
    assert area_open(name)


@pytest.mark.parametrize("name", [
    "Ban Dân vận Tỉnh ủy Kon Tum", "Đảng ủy xã Hạ Hòa", "Huyện ủy Lộc Hà", "Chi bộ thôn 7", "Bộ Chính trị",
    "Ban Chấp hành Trung ương Đảng", "Sở Tài chính tỉnh Gia Lai", "Nghị quyết Trung ương 4 khóa XII",
    "Nghị quyết Đại hội đại biểu Đảng bộ xã Hòa Phú lần thứ XX", "Điều lệ Đảng", "Đề án 25"])
def test_names_that_name_their_area_or_are_national(name):
    assert not area_open(name)


@pytest.mark.parametrize("name, unit, expected", [
    ("Tỉnh ủy", "tỉnh Hà Tĩnh", "Tỉnh ủy Hà Tĩnh"),
    ("Ban Tuyên giáo Tỉnh ủy", "tỉnh Gia Lai", "Ban Tuyên giáo Tỉnh ủy Gia Lai"),
    ("Đảng ủy xã", "xã Thanh Ba", "Đảng ủy xã Thanh Ba"),
    ("Sở Tài chính", "tỉnh Gia Lai", "Sở Tài chính tỉnh Gia Lai"),
    ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII", "tỉnh Hà Tĩnh", "Nghị quyết Đại hội Đảng bộ tỉnh Hà Tĩnh lần thứ XVII"),
])
def test_a_qualified_name_is_written_as_a_text_would(name, unit, expected):
    assert qualified(name, unit) == expected
    assert org_iri(qualified(name, unit)) == org_iri(expected)


def test_preferred_spelling_moves_tone_marks_and_keeps_the_key():
    for written, preferred in [("Tỉnh uỷ Hoà Bình", "Tỉnh ủy Hòa Bình"), ("quý Thuỷ", "quý Thủy"),
                               ("khoẻ", "khỏe"), ("Hoàng", "Hoàng"), ("Quỳnh", "Quỳnh")]:
        assert preferred_spelling(written) == preferred
        assert key(written) == key(preferred)


@pytest.mark.parametrize("kind, written, shown", [
    ("org", "Tỉnh uỷ Gia Lai", "Tỉnh ủy Gia Lai"),
    ("org", "tỉnh ủy Gia Lai", "Tỉnh ủy Gia Lai"),
    ("org", "HĐND tỉnh Gia Lai", "Hội đồng nhân dân tỉnh Gia Lai"),
    ("unit", "Xã Hiệp Hoà", "xã Hiệp Hòa"),
    ("person", "h'hen niê", "H'Hen Niê"),
])
def test_one_preferred_label_whatever_the_written_form(kind, written, shown):
    assert preferred_label(kind, written) == shown


def test_abbreviations_are_bodies_units_and_posts_not_name_prefixes():
    assert expand_abbreviations("Chi bộ thôn Sảng Pả A") == "Chi bộ thôn Sảng Pả A"
    assert expand_abbreviations("Ủy ban MTTQ xã Y Tý") == "Ủy ban MTTQ Việt Nam xã Y Tý"
    assert strip_honorifics("Đồng chí Nguyễn Văn Bình") == "Nguyễn Văn Bình"


def test_a_province_qualifies_only_names_of_its_level():
    """The article's province tells which Tỉnh ủy or Sở, not which of its
    districts' congresses "Đại hội Đảng bộ huyện" was."""
    assert qualified("Ban Thường vụ Tỉnh ủy", "tỉnh Hà Tĩnh", fitting=True) == "Ban Thường vụ Tỉnh ủy Hà Tĩnh"
    assert qualified("Sở Tài chính", "tỉnh Gia Lai", fitting=True) == "Sở Tài chính tỉnh Gia Lai"
    assert qualified("Nghị quyết Đại hội Đảng bộ huyện", "tỉnh Tuyên Quang", fitting=True) is None
    assert qualified("Hội Nông dân", "tỉnh Hà Tĩnh", fitting=True) is None
    assert qualified("Hội Nông dân", "xã Thanh Ba") == "Hội Nông dân xã Thanh Ba"
