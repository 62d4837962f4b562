import pytest

from partygraph.loaders.dates import find_date, valid_date
from partygraph.loaders.sentences import split_sentences


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
    # the paper's tag before the dated lead
    ("Các đảng bộ xã mới bước vào nhiệm kỳ đầu tiên\n\n(BPT)- Sáng 21/8/2025, Đảng bộ xã Ia Lốp tổ chức đại hội.", "2025-08-21"),
    ("Các đảng bộ xã mới bước vào nhiệm kỳ đầu tiên\n\nQTO - Ngày 6/8/2025, Đảng bộ xã Hòa Lạc tổ chức đại hội.", "2025-08-06"),
    # a lead without its year: on or after the documents it names
    ("Bộ máy mới vận hành thông suốt sau hợp nhất\n\nSáng 14/7, Ban Thường vụ Tỉnh ủy tổ chức hội nghị.\n\n"
     "Theo Nghị quyết số 1655/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội, tỉnh có 64 xã.", "2025-07-14"),
    ("Huyện ủy Lộc Sơn tổng kết công tác năm\n\nChiều 8/1, Huyện ủy Lộc Sơn tổng kết công tác xây dựng Đảng năm qua.\n\n"
     "Huyện thực hiện Kế hoạch số 12-KH/TU ngày 20/12/2024 của Tỉnh ủy.", "2025-01-08"),
])
def test_article_dates(text, expected):
    assert date(text) == expected


def test_invalid_dates_are_rejected():
    assert valid_date(2021, 2, 30) is None and valid_date(2025, 13, 1) is None
    assert valid_date(2024, 2, 29) == "2024-02-29"
