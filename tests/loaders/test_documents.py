from loaders.pipeline import get_pipeline


def run(text):
    doc = get_pipeline()(text)
    return {(d.id, d.type, d.issuer) for d in doc._.documents}, {(a.id, b.id) for a, b, _ in doc._.citations}


def test_symbols_types_issuers_and_citation():
    docs, cites = run("Kế hoạch số 480-KH/ĐUCA ngày 26/4/2025 về thực hiện Chỉ thị số 45-CT/TW ngày 14/4/2025 "
                      "của Bộ Chính trị về đại hội đảng bộ các cấp được triển khai.")
    assert ("480-KH/ĐUCA", "Kế hoạch", None) in docs
    assert ("45-CT/TW", "Chỉ thị", "Bộ Chính trị") in docs
    assert cites == {("480-KH/ĐUCA", "45-CT/TW")}


def test_case_and_spacing_and_state_symbols():
    docs, _ = run("như Chỉ thị số 50-Ct/TW của Ban Bí thư; Nghị quyết số 35/2023/UBTVQH15; Quyết định số 866/QĐ-UBND; "
                  "Quy định số 69-QĐ/TW.")
    ids = {d[0]: d[1] for d in docs}
    assert ids == {"50-CT/TW": "Chỉ thị", "35/2023/UBTVQH15": "Nghị quyết", "866/QĐ-UBND": "Quyết định",
                   "69-QĐ/TW": "Quy định"}


def test_named_documents_and_generic_mentions():
    docs, _ = run("Nổi bật thực hiện Nghị quyết Trung ương 4 (khóa XII) và Đề án 25, Điều lệ Đảng; "
                  "quán triệt các nghị quyết của Trung ương.")
    assert {d[0] for d in docs} == {"Nghị quyết Trung ương 4 khóa XII", "Đề án 25", "Điều lệ Đảng"}


def test_purpose_clause_citations():
    _, cites = run("Để thực hiện Nghị quyết số 60-NQ/TW ngày 12/4/2025 và Kết luận số 137-KL/TW ngày 28/3/2025 "
                   "của Bộ Chính trị, ngày 16/4/2025, Ban Thường vụ Tỉnh ủy ban hành Kết luận số 1587-KL/TU.")
    assert cites == {("1587-KL/TU", "60-NQ/TW"), ("1587-KL/TU", "137-KL/TW")}


def test_list_without_cue_is_not_a_citation():
    _, cites = run("Đợt sắp xếp dựa trên Nghị quyết số 37-NQ/TW ngày 24/12/2018 và Kết luận số 48-KL/TW của Bộ Chính trị.")
    assert cites == set()
