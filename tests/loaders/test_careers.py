"""Careers told as narrative (loaders/careers.py): which posts were held
before, on single sentences written in the genre's ways."""
from loaders.pipeline import get_pipeline


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
