from partygraph.loaders.people import credits, looks_like_name, split_unit_and_person


def test_name_shapes():
    for n in ("Cao Thị Toàn Thắng", "Ksor Thăng", "Nay Kiên", "Rah Lan Chung", "Y Thoan Kpa", "K’Lăng", "Chá A Của"):
        assert looks_like_name(n), n
    assert not looks_like_name("Hạ Hòa")
    assert not looks_like_name("HĐND")


def test_split_unit_and_person():
    assert split_unit_and_person("Phước Thắng Nguyễn Trường Giang".split()) == 2
    assert split_unit_and_person("Ninh Thuận Lê Huyền".split()) == 2
    assert split_unit_and_person("Vũ Hồng Duy".split()) == 0
    assert split_unit_and_person("Trần Vũ Khiêm".split()) == 0
    assert split_unit_and_person("Hạ Hòa".split()) is None


def test_credits_and_bylines():
    text = "Ông K’Lăng. Ảnh: Cao Biên\n\nPhát biểu. Ảnh: Thế Duyệt/TTXVN\n\nBài, ảnh: Bàn Thanh\n\nNguyễn Chiến\n"
    assert [n.text for n in credits(text)] == ["Cao Biên", "Thế Duyệt", "Bàn Thanh", "Nguyễn Chiến"]
