import pytest

from loaders.pipeline import get_pipeline


def mergers(text):
    return {(m.unit_area, m.source_area) for m in get_pipeline()(text)._.mergers}


@pytest.mark.parametrize("text,expected", [
    ("Sau sáp nhập, hợp nhất 4 địa phương gồm: Thị trấn Hạ Hòa và 3 xã: Minh Hạc, Ấm Hạ, Gia Điền, hiện Đảng bộ xã Hạ Hòa có 1.462 đảng viên.",
     {("xã Hạ Hòa", "thị trấn Hạ Hòa"), ("xã Hạ Hòa", "xã Minh Hạc"), ("xã Hạ Hòa", "xã Ấm Hạ"), ("xã Hạ Hòa", "xã Gia Điền")}),
    ("Xã Ia Lâu mới ra đời trên cơ sở nhập xã Ia Piơr vào xã Ia Lâu (cũ).",
     {("xã Ia Lâu", "xã Ia Piơr"), ("xã Ia Lâu", "xã Ia Lâu")}),
    ("Phường Ninh Chử (tên cũ Phan Rang 3) do phường Văn Hải của thành phố và thị trấn Khánh Hải, huyện Ninh Hải hợp thành.",
     {("phường Ninh Chử", "phường Văn Hải"), ("phường Ninh Chử", "thị trấn Khánh Hải")}),
    ("Từ ngày 1/11/2024, ba xã Quỳnh Trang, Quỳnh Bảo và Quỳnh Xá về chung một nhà với tên gọi xã Trang Bảo Xá.",
     {("xã Trang Bảo Xá", "xã Quỳnh Trang"), ("xã Trang Bảo Xá", "xã Quỳnh Bảo"), ("xã Trang Bảo Xá", "xã Quỳnh Xá")}),
    ("Ba xã Đông Phong, Đông Huy được nhập lại để thành lập xã Đông Quan; xã Hồng Bạch từ hai xã Bạch Đằng, Hồng Châu.",
     {("xã Đông Quan", "xã Đông Phong"), ("xã Đông Quan", "xã Đông Huy"), ("xã Hồng Bạch", "xã Bạch Đằng"), ("xã Hồng Bạch", "xã Hồng Châu")}),
    ("Ia Chia giữ nguyên địa giới, không thuộc diện sáp nhập.", set()),
])
def test_merger_phrasings(text, expected):
    assert mergers(text) == expected


def test_effective_date():
    doc = get_pipeline()("Từ ngày 1/11/2024, xã Thái Phúc và xã Dương Hồng Thuỷ sáp nhập thành xã Bắc Thái Ninh, tỉnh Hưng Yên.")
    assert {m.effective_date for m in doc._.mergers} == {"2024-11-01"}
    assert {m.source_area for m in doc._.mergers} == {"xã Thái Phúc", "xã Dương Hồng Thuỷ"}
