import pytest

from partygraph.loaders.pipeline import get_pipeline


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


# One invented sentence per phrasing class the merger rules handle.
@pytest.mark.parametrize("text,expected", [
    # official phrasing: "Sắp xếp toàn bộ diện tích ... thành <type> mới có tên gọi là ..."
    ("Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các xã Tân Mỹ, Hòa Lộc và Phú Điền thành xã mới có tên gọi là xã Mỹ Lộc.",
     {("xã Mỹ Lộc", "xã Tân Mỹ"), ("xã Mỹ Lộc", "xã Hòa Lộc"), ("xã Mỹ Lộc", "xã Phú Điền")}),
    # partial mergers are predecessors too
    ("Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường Đông Tiến, Tây Sơn và một phần diện tích tự nhiên của phường Nam Hà thành phường mới có tên gọi là phường Trung Hòa.",
     {("phường Trung Hòa", "phường Đông Tiến"), ("phường Trung Hòa", "phường Tây Sơn"), ("phường Trung Hòa", "phường Nam Hà")}),
    # provinces: the one that keeps its name is its own predecessor; the seat is no predecessor
    ("Nhập tỉnh Bắc Sơn và tỉnh Nam Lâm thành tỉnh mới có tên gọi là tỉnh Nam Lâm, trung tâm hành chính đặt tại tỉnh Bắc Sơn hiện nay.",
     {("tỉnh Nam Lâm", "tỉnh Bắc Sơn"), ("tỉnh Nam Lâm", "tỉnh Nam Lâm")}),
    ("Hợp nhất tỉnh Đông Giang, tỉnh Tây Thủy và tỉnh Hà Mỹ; lấy tên là tỉnh Hà Mỹ.",
     {("tỉnh Hà Mỹ", "tỉnh Đông Giang"), ("tỉnh Hà Mỹ", "tỉnh Tây Thủy"), ("tỉnh Hà Mỹ", "tỉnh Hà Mỹ")}),
    ("Tỉnh Vạn An và tỉnh Hòa Ninh được sắp xếp thành tỉnh mới có tên gọi là tỉnh Hòa Ninh.",
     {("tỉnh Hòa Ninh", "tỉnh Vạn An"), ("tỉnh Hòa Ninh", "tỉnh Hòa Ninh")}),
    # apposition: "tỉnh X - tỉnh mới được thành lập trên cơ sở hợp nhất ..."
    ("Xã nay thuộc tỉnh Đông Hà - tỉnh mới được thành lập trên cơ sở hợp nhất ba tỉnh Đông Hà, Lam Sơn và Bình Hải.",
     {("tỉnh Đông Hà", "tỉnh Đông Hà"), ("tỉnh Đông Hà", "tỉnh Lam Sơn"), ("tỉnh Đông Hà", "tỉnh Bình Hải")}),
    ("Từ ngày 1/7/2025, tỉnh Phước Lâm (mới) chính thức vận hành trên cơ sở hợp nhất hai tỉnh Phước Lâm và Hải Thạnh, với 90 đơn vị hành chính cấp xã.",
     {("tỉnh Phước Lâm", "tỉnh Phước Lâm"), ("tỉnh Phước Lâm", "tỉnh Hải Thạnh")}),
    # "thành lập X trên cơ sở ..." with places that are not predecessors
    ("Tại huyện Hòa Vang, thành lập thị trấn Tân Hòa trên cơ sở nhập toàn bộ diện tích tự nhiên và quy mô dân số của thị trấn Hòa Vang và xã Hòa Tây.",
     {("thị trấn Tân Hòa", "thị trấn Hòa Vang"), ("thị trấn Tân Hòa", "xã Hòa Tây")}),
    ("Thị trấn Đồng Lạc được thành lập trên cơ sở nhập toàn bộ thị trấn Cẩm Sơn (2,1 km2, 6.100 người), xã Lạc Khê và toàn bộ thôn Bản Đôn của xã Yên Khê.",
     {("thị trấn Đồng Lạc", "thị trấn Cẩm Sơn"), ("thị trấn Đồng Lạc", "xã Lạc Khê")}),
    ("Phường Tân Lập được thành lập từ việc nhập ba đơn vị hành chính cấp xã cũ: Phường 4 của thành phố Hòa Bình, xã Đạ Sar và thị trấn Lạc Thủy thuộc huyện Lạc Thủy.",
     {("phường Tân Lập", "phường 4"), ("phường Tân Lập", "xã Đạ Sar"), ("phường Tân Lập", "thị trấn Lạc Thủy")}),
    # several new units in one paragraph, each with its own predecessors
    ("Xã Vĩnh Hòa gồm thị trấn Ngan Hà, xã Lộc Phú và xã Ninh Phú; xã Long Thạnh từ xã Long Thạnh và xã Long Thạnh A; xã Phước Tân được hợp nhất từ xã Phước Tân và xã Phước Hòa.",
     {("xã Vĩnh Hòa", "thị trấn Ngan Hà"), ("xã Vĩnh Hòa", "xã Lộc Phú"), ("xã Vĩnh Hòa", "xã Ninh Phú"),
      ("xã Long Thạnh", "xã Long Thạnh"), ("xã Long Thạnh", "xã Long Thạnh A"),
      ("xã Phước Tân", "xã Phước Tân"), ("xã Phước Tân", "xã Phước Hòa")}),
    ("Huyện Tam Nông có thêm xã Tam Hòa, hình thành từ hai xã Tam Bình và Tam Phú; huyện Mỹ Đức có xã Mỹ Lợi, gồm địa bàn hai xã Mỹ Thạnh và Mỹ Thuận.",
     {("xã Tam Hòa", "xã Tam Bình"), ("xã Tam Hòa", "xã Tam Phú"), ("xã Mỹ Lợi", "xã Mỹ Thạnh"), ("xã Mỹ Lợi", "xã Mỹ Thuận")}),
    ("Cũng trên địa bàn quận Đống Xuân cũ, phường Cửa Bắc mới được sắp xếp từ toàn bộ các phường Hàng Than, Nguyễn Trãi cùng một phần phường Cửa Bắc.",
     {("phường Cửa Bắc", "phường Hàng Than"), ("phường Cửa Bắc", "phường Nguyễn Trãi"), ("phường Cửa Bắc", "phường Cửa Bắc")}),
    # pairs merged respectively
    ("Các cặp xã Tân An - Tân Bình, Phú Lộc - Phú Hưng lần lượt hợp nhất thành xã An Bình và xã Lộc Hưng.",
     {("xã An Bình", "xã Tân An"), ("xã An Bình", "xã Tân Bình"), ("xã Lộc Hưng", "xã Phú Lộc"), ("xã Lộc Hưng", "xã Phú Hưng")}),
    ("Nghị quyết thành lập phường Tân Phong và phường Hòa Lạc trên cơ sở nguyên trạng xã Tân Phong, xã Hòa Lạc.",
     {("phường Tân Phong", "xã Tân Phong"), ("phường Hòa Lạc", "xã Hòa Lạc")}),
    # "nhập ... vào": two mergers in one clause, measures between the predecessors
    ("Xã Bình Lộc được nhập vào xã Bình Hòa, còn xã Tân Lộc nhập vào xã Tân Hội.",
     {("xã Bình Hòa", "xã Bình Lộc"), ("xã Tân Hội", "xã Tân Lộc")}),
    ("Thành phố nhập toàn bộ 0,5 km2 diện tích tự nhiên và 4.100 người của phường Mỹ Phú cùng toàn bộ 1,2 km2 và 9.000 người của phường Tấn Lộc vào phường Kinh Bắc.",
     {("phường Kinh Bắc", "phường Mỹ Phú"), ("phường Kinh Bắc", "phường Tấn Lộc")}),
    # a list that goes on after a parenthesis
    ("Phường Tân Định được thành lập trên cơ sở sáp nhập toàn bộ diện tích tự nhiên của bốn phường: Phú Hòa (thuộc TP Tân Sơn cũ) cùng Hòa Lợi, Phú Mỹ và Phú An (thuộc TP Thủ Đức cũ).",
     {("phường Tân Định", "phường Phú Hòa"), ("phường Tân Định", "phường Hòa Lợi"), ("phường Tân Định", "phường Phú Mỹ"), ("phường Tân Định", "phường Phú An")}),
    # a rename cue, then the predecessors
    ("Phường Bảo Lộc 2 nay gọi là phường Bảo Hòa, gộp hai phường Phước Lộc, Bảo Hòa với xã Thành Lộc.",
     {("phường Bảo Hòa", "phường Bảo Lộc 2"), ("phường Bảo Hòa", "phường Phước Lộc"), ("phường Bảo Hòa", "phường Bảo Hòa"), ("phường Bảo Hòa", "xã Thành Lộc")}),
    # the list is introduced by its source cue, far from the new name
    ("Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường Hàng Than, Phan Bội và phần còn lại của phường Tràng An sau khi sắp xếp theo quy định tại khoản 1 Điều này thành phường mới có tên gọi là phường Cửa Bắc.",
     {("phường Cửa Bắc", "phường Hàng Than"), ("phường Cửa Bắc", "phường Phan Bội"), ("phường Cửa Bắc", "phường Tràng An")}),
    # party committees stand for their units; ", Đảng bộ xã X hiện có" ends the list
    ("Đảng bộ xã Quế Lâm được thành lập trên cơ sở hợp nhất Đảng bộ xã Phú Lộc và Đảng bộ xã Quế Hòa.",
     {("xã Quế Lâm", "xã Phú Lộc"), ("xã Quế Lâm", "xã Quế Hòa")}),
    ("Sau sáp nhập 3 địa phương gồm thị trấn Ba Sơn và hai xã Phú Lâm, Phú Hòa, Đảng bộ xã An Lâm hiện có 1.200 đảng viên.",
     {("xã An Lâm", "thị trấn Ba Sơn"), ("xã An Lâm", "xã Phú Lâm"), ("xã An Lâm", "xã Phú Hòa")}),
    ("Xã Tân Lợi và xã Ninh Hòa sáp nhập với nhau, hợp lại thành xã Tân Ninh.",
     {("xã Tân Ninh", "xã Tân Lợi"), ("xã Tân Ninh", "xã Ninh Hòa")}),
])
def test_merger_classes(text, expected):
    assert mergers(text) == expected


# Sentences that name no merger (or only the one they state).
@pytest.mark.parametrize("text,expected", [
    # a resolution's title: the reform of a province's communes, not the province merging with itself
    ("Huyện ủy Hòa Sơn (tỉnh Quảng Lâm) triển khai Nghị quyết số 862/NQ-UBTVQH14 về sắp xếp các đơn vị hành chính cấp xã thuộc tỉnh Quảng Lâm.",
     set()),
    ("Ủy ban Thường vụ Quốc hội ban hành Nghị quyết về việc thành lập TP Đông Sơn và sắp xếp đơn vị hành chính cấp xã của tỉnh Hà Lâm.",
     set()),
    # a time adverbial
    ("Trước khi hợp nhất, Đảng bộ xã Thịnh Lộc có 402 đảng viên, Đảng bộ xã Bình Minh có 318 đảng viên.", set()),
    # a split
    ("Thị trấn Con Sơn được thành lập năm 1990, tách ra từ xã Bồng Sơn.", set()),
    # the new province, then another unit that only ends its work
    ("Cùng với việc tỉnh Hà Giang và tỉnh Kiên Thủy hợp nhất thành tỉnh Hà Giang (mới), TP Phú Hải kết thúc hoạt động.",
     {("tỉnh Hà Giang", "tỉnh Hà Giang"), ("tỉnh Hà Giang", "tỉnh Kiên Thủy")}),
])
def test_not_mergers(text, expected):
    assert mergers(text) == expected
