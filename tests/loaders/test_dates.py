import pytest

from loaders.dates import find_date, valid_date
from loaders.sentences import split_sentences


def date(text):
    d = find_date(text, split_sentences(text))
    return d.iso if d else None


@pytest.mark.parametrize("text,expected", [
    (" date 2025-08-07 Hạ Hòa tập trung xây dựng Đảng vững mạnh\n\nBài viết.", "2025-08-07"),
    ("Xây dựng đảng bộ trong sạch vững mạnh ở xã Hiệp Hòa\n\nChủ Nhật, 05/08/2018, 07:13 [GMT+7]\n\nNội dung.", "2018-08-05"),
    ("Lộc Hà - Tổng kết 5 năm công tác xây dựng Đảng\n\nChiều ngày 29/2/2024, Huyện ủy Lộc Hà tổ chức tổng kết.", "2024-02-29"),
    ("Ninh Thuận thống nhất tên gọi các xã sau sắp xếp\n\nSáng 25/4/2025, trao đổi với báo chí, đồng chí cho biết.", "2025-04-25"),
    ("Thái Bình qua những lần sắp xếp đơn vị hành chính\n\nTrước khi hợp nhất từ ngày 1/7/2025, Thái Bình đã sắp xếp.", None),
    ("Một bài không ngày tháng\n\nNăm 2023, huyện giao 765 việc đột phá cho cán bộ lãnh đạo.", None),
    ("Nâng cao chất lượng sinh hoạt chi bộ\n\nThứ Tư, 30/02/2021, 08:15 [GMT+7]\n\nNội dung.", None),
])
def test_article_dates(text, expected):
    assert date(text) == expected


def test_invalid_dates_are_rejected():
    assert valid_date(2021, 2, 30) is None and valid_date(2025, 13, 1) is None
    assert valid_date(2024, 2, 29) == "2024-02-29"
