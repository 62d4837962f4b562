from partygraph.loaders.pipeline import get_pipeline


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


def test_congress_resolution_of_any_unit_type_and_compound_name():
    docs, _ = run("Đảng ủy ban hành Chương trình hành động số 02-CTr/ĐU thực hiện Nghị quyết Đại hội đại biểu "
                  "Đảng bộ đặc khu Cồn Ngọc lần thứ I và Nghị quyết Đại hội đại biểu Đảng bộ phường Hòa An - Bến Đá "
                  "lần thứ I.")
    ids = {d[0]: d[2] for d in docs}
    assert ids["Nghị quyết Đại hội đại biểu Đảng bộ đặc khu Cồn Ngọc lần thứ I"] == "Đại hội đại biểu Đảng bộ đặc khu Cồn Ngọc"
    assert "Nghị quyết Đại hội đại biểu Đảng bộ phường Hòa An - Bến Đá lần thứ I" in ids


def test_named_scheme_and_its_drafter():
    docs, _ = run("UBND tỉnh hoàn thiện Đề án sắp xếp đơn vị hành chính cấp xã tỉnh Bình Sơn do UBND tỉnh Bình Sơn "
                  "chủ trì xây dựng, trình Chính phủ.")
    assert ("Đề án sắp xếp đơn vị hành chính cấp xã tỉnh Bình Sơn", "Đề án", "UBND tỉnh Bình Sơn") in docs


def test_two_citing_documents_in_one_sentence_cite_only_their_own():
    _, cites = run("Tỉnh ủy ban hành Kế hoạch số 52-KH/TU ngày 03/4/2018 về thực hiện Nghị quyết số 18-NQ/TW "
                   "ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII và Chương trình hành động số "
                   "61-CTr/TU ngày 11/6/2019 thực hiện Nghị quyết số 37-NQ/TW ngày 24/12/2018 của Bộ Chính trị.")
    assert cites == {("52-KH/TU", "18-NQ/TW"), ("61-CTR/TU", "37-NQ/TW")}


def test_respectively_pairs_in_order():
    _, cites = run("Huyện triển khai Kế hoạch số 41-KH/TU và Kế hoạch số 42-KH/TU của Tỉnh ủy, lần lượt về thực "
                   "hiện Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW của Ban Chấp hành Trung ương.")
    assert cites == {("41-KH/TU", "18-NQ/TW"), ("42-KH/TU", "19-NQ/TW")}


def test_short_reference_to_a_document_named_before():
    _, cites = run("Đại hội chi bộ được tổ chức theo Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị. "
                   "Sau đó, Bộ Chính trị ban hành Kết luận số 118-KL/TW điều chỉnh, bổ sung một số nội dung của Chỉ thị 35.")
    assert cites == {("118-KL/TW", "35-CT/TW")}


def test_demonstrative_reference_this_directive():
    _, cites = run("Huyện chỉ đạo thực hiện Chỉ thị số 10-CT/TW ngày 30/3/2007 của Ban Bí thư và Hướng dẫn số "
                   "09-HD/BTCTW của Ban Tổ chức Trung ương hướng dẫn thực hiện Chỉ thị này.")
    assert cites == {("09-HD/BTCTW", "10-CT/TW")}


def test_purpose_clause_with_this_conclusion():
    _, cites = run("Hội nghị ban hành Kết luận số 21-KL/TW ngày 25/10/2021 về xây dựng, chỉnh đốn Đảng. "
                   "Để cụ thể hóa kết luận này, ngày 01/12/2021, Bộ Chính trị ban hành Kế hoạch số 03-KH/TW.")
    assert cites == {("03-KH/TW", "21-KL/TW")}


def test_document_type_as_subject_of_the_next_sentence():
    _, cites = run("Thường trực Ban Bí thư ký ban hành Kết luận số 190-KL/TW ngày 22/8/2025 về công tác đại hội. "
                   "Kết luận yêu cầu các cấp ủy tiếp tục quán triệt và thực hiện nghiêm Chỉ thị số 45-CT/TW của Bộ Chính trị.")
    assert cites == {("190-KL/TW", "45-CT/TW")}
    _, cites = run("Việc sắp xếp theo Kế hoạch số 342-KH/TU của Ban Thường vụ Thành ủy. "
                   "Kế hoạch của Thành ủy đồng thời cụ thể hóa Kế hoạch số 03-KH/TW của Bộ Chính trị.")
    assert cites == {("342-KH/TU", "03-KH/TW")}


def test_verb_reading_of_a_type_word_is_no_reference():
    # "Kết luận hội nghị" (concluding the meeting) does not refer to the Kết luận named before
    _, cites = run("Bộ Chính trị ban hành Kết luận số 190-KL/TW về công tác đại hội. "
                   "Kết luận hội nghị quán triệt Nghị quyết số 57-NQ/TW, đồng chí Bí thư yêu cầu các chi bộ hành động.")
    assert cites == set()


def test_cue_with_its_own_topic_does_not_link_a_coordinated_document():
    _, cites = run("Đây là kết quả triển khai Kết luận số 48-KL/TW ngày 30/01/2023 của Bộ Chính trị về tiếp tục "
                   "thực hiện sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023-2030 và Nghị quyết số "
                   "35/2023/UBTVQH15 của Ủy ban Thường vụ Quốc hội.")
    assert cites == set()


def test_the_national_congress_and_a_congress_named_by_its_ordinal():
    from partygraph.loaders.documents import find_documents

    got = [(d.id, d.type, d.issuer) for d in find_documents(
        "Huyện ủy quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng và Nghị quyết "
        "Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội.")]
    assert got == [("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "Nghị quyết",
                     "Đại hội đại biểu toàn quốc"),
                    ("Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội", "Nghị quyết",
                     "Đại hội Đảng bộ thành phố Hà Nội")]


def test_a_document_named_by_its_type_and_number_only():
    from partygraph.loaders.documents import find_documents

    got = [(d.id, d.type, d.issuer) for d in find_documents(
        "Thực hiện Nghị quyết số 863 của Ủy ban Thường vụ Quốc hội và Quyết định số 2307/QĐ-UBND.")]
    assert got == [("Nghị quyết số 863", "Nghị quyết", "Ủy ban Thường vụ Quốc hội"),
                   ("2307/QĐ-UBND", "Quyết định", None)]
