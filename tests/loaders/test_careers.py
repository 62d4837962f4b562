"""Careers told as narrative (loaders/careers.py): which posts were held
before, on single sentences written in the genre's ways."""
from partygraph.loaders.pipeline import get_pipeline


def posts(text):
    doc = get_pipeline()(text)
    return {(f.person, f.role, f.organization, f.area, f.former) for f in doc._.posts}


def test_a_career_list_after_a_pronoun_is_all_former():
    got = posts("Đồng chí Lê Văn Tâm sinh năm 1978. Ông từng giữ các chức vụ: Phó Chủ tịch UBND huyện Đông Hưng; "
                "Bí thư Huyện ủy Đông Hưng; Phó Chủ tịch UBND tỉnh Thái Bình.")
    assert got == {("Lê Văn Tâm", "Phó Chủ tịch", "UBND huyện Đông Hưng", "huyện Đông Hưng", True),
                   ("Lê Văn Tâm", "Bí thư", "Huyện ủy Đông Hưng", "huyện Đông Hưng", True),
                   ("Lê Văn Tâm", "Phó Chủ tịch", "UBND tỉnh Thái Bình", "tỉnh Thái Bình", True)}


def test_a_career_ends_at_the_present():
    got = posts("Bà Trần Thị Mai đã kinh qua các chức vụ Phó Chủ tịch UBND xã An Lạc, Chủ tịch UBND xã An Lạc; "
                "hiện là Bí thư Đảng ủy xã An Lạc.")
    assert ("Trần Thị Mai", "Chủ tịch", "UBND xã An Lạc", "xã An Lạc", True) in got
    assert ("Trần Thị Mai", "Bí thư", "Đảng ủy xã An Lạc", "xã An Lạc", False) in got


def test_another_named_person_ends_a_career():
    got = posts("Ông Hà Quang Vinh từng là Trưởng Ban Dân vận Huyện ủy Yên Lập, còn ông Đỗ Minh Khoa "
                "là Chánh Văn phòng Huyện ủy Yên Lập.")
    assert ("Hà Quang Vinh", "Trưởng ban", "Ban Dân vận Huyện ủy Yên Lập", "huyện Yên Lập", True) in got
    assert ("Đỗ Minh Khoa", "Chánh Văn phòng", "Văn phòng Huyện ủy Yên Lập", "huyện Yên Lập", False) in got


def test_stepping_down_makes_the_post_former_in_the_whole_article():
    got = posts("Huyện ủy Tân Kỳ họp. Đồng chí Phan Văn Lực, Bí thư Huyện ủy Tân Kỳ, thôi giữ chức Bí thư Huyện ủy "
                "để nghỉ hưu theo chế độ.")
    assert got == {("Phan Văn Lực", "Bí thư", "Huyện ủy Tân Kỳ", "huyện Tân Kỳ", True)}


def test_a_transfer_leaves_the_job_and_keeps_the_seat():
    got = posts("Tỉnh ủy Hà Tĩnh điều động đồng chí Võ Trọng Nghĩa, Tỉnh ủy viên, Giám đốc Sở Tài chính, "
                "đến nhận công tác và giữ chức Bí thư Huyện ủy Can Lộc.")
    assert ("Võ Trọng Nghĩa", "Tỉnh ủy viên", "Tỉnh ủy Hà Tĩnh", "tỉnh Hà Tĩnh", False) in got
    assert ("Võ Trọng Nghĩa", "Giám đốc", "Sở Tài chính tỉnh Hà Tĩnh", "tỉnh Hà Tĩnh", True) in got
    assert ("Võ Trọng Nghĩa", "Bí thư", "Huyện ủy Can Lộc", "huyện Can Lộc", False) in got


def test_an_appointment_without_a_transfer_keeps_the_job():
    got = posts("Tỉnh ủy Hà Tĩnh họp. Ông Võ Trọng Nghĩa, Giám đốc Sở Tài chính, được chỉ định giữ chức "
                "Bí thư Huyện ủy Can Lộc.")
    assert ("Võ Trọng Nghĩa", "Giám đốc", "Sở Tài chính tỉnh Hà Tĩnh", "tỉnh Hà Tĩnh", False) in got


def test_dated_steps_all_but_the_last_were_left():
    got = posts("Ông Lò Văn Sinh quê tỉnh Điện Biên. Năm 2016, ông được bầu làm Chủ tịch UBND huyện Mường Chà; "
                "tháng 10/2020 được bổ nhiệm Giám đốc Sở Nội vụ tỉnh Điện Biên.")
    assert ("Lò Văn Sinh", "Chủ tịch", "UBND huyện Mường Chà", "huyện Mường Chà", True) in got
    assert ("Lò Văn Sinh", "Giám đốc", "Sở Nội vụ tỉnh Điện Biên", "tỉnh Điện Biên", False) in got


def test_a_degree_written_in_lower_case_is_no_honorific():
    doc = get_pipeline()("Ông Nguyễn Hữu Đạt có trình độ tiến sĩ Kinh tế. Ông từng làm Bí thư Huyện ủy Nam Đàn.")
    assert {(f.person, f.former) for f in doc._.posts} == {("Nguyễn Hữu Đạt", True)}


def test_a_career_told_over_paragraphs_leaves_every_step_but_the_last():
    got = posts("Ông Lý Văn Đạt sinh năm 1970. Tháng 3-2008, ông giữ chức Phó Chánh Văn phòng Tỉnh ủy Sóc Trăng. "
                "Từ tháng 6-2012 là Chánh Văn phòng Tỉnh ủy Sóc Trăng.\n\n"
                "Năm 2016, ông Đạt được bầu làm Phó Chủ tịch UBND tỉnh Sóc Trăng.")
    assert ("Lý Văn Đạt", "Phó Chánh Văn phòng", "Văn phòng Tỉnh ủy Sóc Trăng", "tỉnh Sóc Trăng", True) in got
    assert ("Lý Văn Đạt", "Chánh Văn phòng", "Văn phòng Tỉnh ủy Sóc Trăng", "tỉnh Sóc Trăng", True) in got
    assert ("Lý Văn Đạt", "Phó Chủ tịch", "UBND tỉnh Sóc Trăng", "tỉnh Sóc Trăng", False) in got


def test_a_post_with_an_end_date_was_left():
    got = posts("Ông Trịnh Minh Quân quê tỉnh Bạc Liêu. Từ tháng 10-2015 đến tháng 10-2020, ông là "
                "Phó Chủ tịch Thường trực UBND tỉnh Bạc Liêu.")
    assert got == {("Trịnh Minh Quân", "Phó Chủ tịch Thường trực", "UBND tỉnh Bạc Liêu", "tỉnh Bạc Liêu", True)}


def test_a_promotion_in_the_same_body_leaves_the_lower_post():
    got = posts("Tỉnh Hậu Giang họp. HĐND tỉnh đã bầu ông Phan Quốc Vinh, Phó Bí thư Tỉnh ủy, Phó Chủ tịch "
                "Thường trực UBND tỉnh, làm Chủ tịch UBND tỉnh Hậu Giang.")
    assert ("Phan Quốc Vinh", "Phó Chủ tịch Thường trực", "UBND tỉnh Hậu Giang", "tỉnh Hậu Giang", True) in got
    assert ("Phan Quốc Vinh", "Chủ tịch", "UBND tỉnh Hậu Giang", "tỉnh Hậu Giang", False) in got
    assert ("Phan Quốc Vinh", "Phó Bí thư", "Tỉnh ủy Hậu Giang", "tỉnh Hậu Giang", False) in got


def test_a_replaced_holder_and_a_dismissal():
    got = posts("Tỉnh ủy Hậu Giang họp. Ông Hồ Văn Tâm được chỉ định giữ chức Bí thư Huyện ủy Phụng Hiệp "
                "thay cho ông Nguyễn Văn Lộc.")
    assert ("Nguyễn Văn Lộc", "Bí thư", "Huyện ủy Phụng Hiệp", "huyện Phụng Hiệp", True) in got
    assert ("Hồ Văn Tâm", "Bí thư", "Huyện ủy Phụng Hiệp", "huyện Phụng Hiệp", False) in got
    got = posts("HĐND tỉnh Vĩnh Long miễn nhiệm Phó Chủ tịch UBND tỉnh đối với ông Lê Quang Thành.")
    assert got == {("Lê Quang Thành", "Phó Chủ tịch", "UBND tỉnh Vĩnh Long", "tỉnh Vĩnh Long", True)}


def test_a_nomination_is_no_post():
    assert posts("Tỉnh ủy Hậu Giang giới thiệu bầu giữ chức Chủ tịch HĐND thị xã Long Mỹ đối với ông "
                 "Trần Văn Hùng.") == set()


def test_a_past_post_in_brackets_then_the_same_post_of_the_new_unit():
    got = posts("Thành ủy Thủ Đức chỉ định bà Lê Thị Mai (nguyên Bí thư Đảng ủy phường Bình Khánh trước đây) "
                "làm Bí thư Đảng ủy phường Bình Khánh mới.")
    assert got == {("Lê Thị Mai", "Bí thư", "Đảng ủy phường Bình Khánh", "phường Bình Khánh", True),
                   ("Lê Thị Mai", "Bí thư", "Đảng ủy phường Bình Khánh", "phường Bình Khánh", False)}


def test_a_bare_party_title_before_a_commune_post_is_of_its_party_committee():
    got = posts("HĐND phường phê chuẩn kết quả bầu Chủ tịch UBND phường Tân Hòa đối với ông Võ Văn Sang, "
                "nguyên Phó bí thư, chủ tịch UBND phường Tân Lập cũ.")
    assert ("Võ Văn Sang", "Phó Bí thư", "Đảng ủy phường Tân Lập", "phường Tân Lập", True) in got
    assert ("Võ Văn Sang", "Chủ tịch", "UBND phường Tân Hòa", "phường Tân Hòa", False) in got


def test_a_seat_on_the_committee_named_later_in_the_clause():
    got = posts("Tỉnh ủy Thái Nguyên họp. Ban Thường vụ Tỉnh ủy luân chuyển, chỉ định đồng chí Lê Thị Thu, "
                "Phó Trưởng Ban Tuyên giáo Tỉnh ủy, tham gia Ban Chấp hành, Ban Thường vụ Huyện ủy và giữ chức "
                "Phó Bí thư Thường trực Huyện ủy Phú Lương.")
    assert ("Lê Thị Thu", "Ủy viên Ban Thường vụ", "Huyện ủy Phú Lương", "huyện Phú Lương", False) in got
    assert ("Lê Thị Thu", "Huyện ủy viên", "Huyện ủy Phú Lương", "huyện Phú Lương", False) in got
    assert ("Lê Thị Thu", "Phó Bí thư Thường trực", "Huyện ủy Phú Lương", "huyện Phú Lương", False) in got


def test_lower_case_titles_of_a_career_and_a_re_election():
    got = posts("Ông Điểu Kré đã đảm nhiệm nhiều vị trí công tác như trưởng Ban Tuyên giáo Tỉnh ủy Bình Phước, "
                "phó bí thư Tỉnh ủy Bình Phước.")
    assert got == {("Điểu Kré", "Trưởng ban", "Ban Tuyên giáo Tỉnh ủy Bình Phước", "tỉnh Bình Phước", True),
                   ("Điểu Kré", "Phó Bí thư", "Tỉnh ủy Bình Phước", "tỉnh Bình Phước", True)}
    got = posts("Tỉnh ủy Sơn La họp. Bà Lò Thị Mai, Chủ nhiệm Uỷ ban Kiểm tra Tỉnh ủy khóa XV, tiếp tục được "
                "bầu làm Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy khóa XVI.")
    assert all(not former for *_, former in got) and len(got) == 1


def test_the_same_title_in_another_body_ends_the_first():
    got = posts("Bộ Chính trị chỉ định ông Vàng A Sình, Bí thư Tỉnh ủy Hà Giang, giữ chức Bí thư Tỉnh ủy "
                "Tuyên Quang.")
    assert got == {("Vàng A Sình", "Bí thư", "Tỉnh ủy Hà Giang", "tỉnh Hà Giang", True),
                   ("Vàng A Sình", "Bí thư", "Tỉnh ủy Tuyên Quang", "tỉnh Tuyên Quang", False)}


def test_who_retires_is_the_one_named_with_the_retirement():
    got = posts("Ông Trần Văn Tâm, Bí thư Tỉnh ủy An Giang trao quyết định nghỉ hưu cho ông Lê Văn Hòa.")
    assert got == {("Trần Văn Tâm", "Bí thư", "Tỉnh ủy An Giang", "tỉnh An Giang", False)}


def test_a_decision_clause_goes_on_with_the_same_person_but_a_new_topic_does_not():
    got = posts("Tỉnh ủy Hậu Giang quyết định ông Lê Văn Tư, Phó Chủ tịch HĐND tỉnh, thôi giữ chức Phó Chủ tịch "
                "HĐND tỉnh; luân chuyển, chỉ định giữ chức Bí thư Thị ủy Long Mỹ.")
    assert ("Lê Văn Tư", "Bí thư", "Thị ủy Long Mỹ", "thị xã Long Mỹ", False) in got
    assert ("Lê Văn Tư", "Phó Chủ tịch", "HĐND tỉnh Hậu Giang", "tỉnh Hậu Giang", True) in got
    got = posts("Đồng chí Hồ Văn Nam, Bí thư Đảng ủy xã An Phú cho biết; các chi bộ thực hiện Quy định "
                "số 08-QĐi/TW ngày 25/10/2018 về trách nhiệm nêu gương, trước hết là Ủy viên Bộ Chính trị.")
    assert {p[1] for p in got} == {"Bí thư"}


def test_a_title_given_doi_voi_a_person_is_theirs_not_the_signers():
    got = posts("Thủ tướng Lê Văn Khải phê chuẩn kết quả bầu chức vụ Phó Chủ tịch UBND tỉnh Cao Bằng nhiệm kỳ "
                "2021 - 2026 đối với ông Đàm Văn Hữu - Bí thư Đảng ủy phường Hợp Giang.")
    assert ("Đàm Văn Hữu", "Phó Chủ tịch", "UBND tỉnh Cao Bằng", "tỉnh Cao Bằng", False) in got
    assert not any(p[0] == "Lê Văn Khải" and p[1] == "Phó Chủ tịch" for p in got)


def test_a_record_field_and_a_list_of_former_posts():
    got = posts("Tin buồn: đồng chí Trần Văn Kỳ từ trần.\n\nChức vụ: Nguyên Bí thư Tỉnh ủy Hà Tĩnh, nguyên Phó "
                "Bí thư Thường trực Tỉnh ủy Nghệ Tĩnh.")
    assert got == {("Trần Văn Kỳ", "Bí thư", "Tỉnh ủy Hà Tĩnh", "tỉnh Hà Tĩnh", True),
                   ("Trần Văn Kỳ", "Phó Bí thư Thường trực", "Tỉnh ủy Nghệ Tĩnh", "tỉnh Nghệ Tĩnh", True)}


def test_posts_dated_by_one_expression_are_one_step():
    got = posts("Cuối tháng 12/2017, Bộ Chính trị phân công bà Hà Thị Nga - Ủy viên Trung ương Đảng, Phó Trưởng "
                "ban Dân vận Trung ương giữ chức Bí thư Tỉnh ủy Tuyên Quang.")
    assert ("Hà Thị Nga", "Ủy viên Ban Chấp hành", "Ban Chấp hành Trung ương Đảng", None, False) in got
    assert ("Hà Thị Nga", "Bí thư", "Tỉnh ủy Tuyên Quang", "tỉnh Tuyên Quang", False) in got


def test_the_signer_of_decisions_takes_no_seat_and_a_nomination_is_no_post():
    got = posts("Tỉnh ủy Thanh Hóa họp. Ông Lê Văn Thi, Bí thư Tỉnh ủy, đã ký 5 quyết định chỉ định tham gia "
                "Ban Chấp hành, Ban Thường vụ Huyện ủy Nông Cống.")
    assert {p[1] for p in got} == {"Bí thư"}
    assert posts("Tỉnh ủy giới thiệu ứng cử để HĐND huyện Nông Cống bầu giữ chức Chủ tịch UBND huyện đối với "
                 "ông Lê Văn Tám.") == set()
