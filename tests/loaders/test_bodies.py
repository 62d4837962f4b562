"""Names of bodies: departments named after their sector, central bodies,
the army, the police, the Youth Union and mass organisations (invented
sentences in the genre)."""
import pytest

from partygraph.loaders.bodies import name_extent
from partygraph.loaders.pipeline import get_pipeline


def posts(text):
    doc = get_pipeline()(text)
    return {(f.person, f.role, f.organization, f.area, f.former) for f in doc._.posts}


def extent(text):
    """The department name after the first word of `text`."""
    end = name_extent(text, text.index(" "))
    return text[text.index(" ") + 1:end] if end else None


# ------------------------------------------------------------ the extent rule
@pytest.mark.parametrize("text, name", [
    ("Sở Giao thông Vận tải tỉnh Nam Định", "Giao thông Vận tải"),      # capitalised pieces, no joiner
    ("Sở Giao thông vận tải cho biết", "Giao thông vận tải"),           # the register: lower-case half
    ("Sở Nông nghiệp và Môi trường tỉnh", "Nông nghiệp và Môi trường"),
    ("Sở Khoa học và Công nghệ đã", "Khoa học và Công nghệ"),           # "và" + a capitalised piece
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh", "Văn hóa, Thể thao và Du lịch"),
    ("Phòng Kinh tế, Hạ tầng và Đô thị huyện", "Kinh tế, Hạ tầng và Đô thị"),
    ("Sở Lao động - Thương binh và Xã hội tỉnh", "Lao động - Thương binh và Xã hội"),
    ("Sở Tài chính, Bí thư Đảng ủy", "Tài chính"),                      # a title ends it
    ("Sở Tài chính, Sở Xây dựng", "Tài chính"),                         # a comma without "và"
    ("Sở Tài chính Nguyễn Văn Hùng phát biểu", "Tài chính"),            # a person's name ends it
    ("Sở Y tế phát biểu", "Y tế"),                                      # a lower-case verb ends it
    ("Sở Y tế và Lê Văn Bình", "Y tế"),                                 # "và" + a name is no piece
    ("Vụ Địa phương III, Ban Tổ chức Trung ương", "Địa phương III"),    # a Roman numeral
    ("Cục Thuế tỉnh Bắc Giang", "Thuế"),
    ("Cục Hải quan đã", "Hải quan"),
    ("Sở KH&ĐT tỉnh", "KH&ĐT"),                                        # an abbreviated sector
    ("Sở Nông nghiệp và PTNT tỉnh", "Nông nghiệp và PTNT"),
])
def test_name_extent(text, name):
    assert extent(text) == name


def test_no_name_after_the_body():
    assert extent("Sở Nguyễn Văn Hùng phát biểu") is None
    assert extent("Sở đã tổ chức hội nghị") is None


# ---------------------------------------------------- provincial departments
def test_department_with_long_name_and_unit():
    assert posts("Đồng chí Nguyễn Văn Hải, Giám đốc Sở Giao thông Vận tải tỉnh Quảng Bình, phát biểu khai mạc.") == {
        ("Nguyễn Văn Hải", "Giám đốc", "Sở Giao thông Vận tải tỉnh Quảng Bình", "tỉnh Quảng Bình", False)}


def test_department_joined_by_va():
    assert posts("Bà Lê Thị Mai, Phó Giám đốc Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh, cho biết kết quả.") == {
        ("Lê Thị Mai", "Phó Giám đốc", "Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh", "tỉnh Hà Tĩnh", False)}
    assert posts("Ông Hồ Văn Lực, Giám đốc Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi, trình bày báo cáo.") == {
        ("Hồ Văn Lực", "Giám đốc", "Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi", "tỉnh Quảng Ngãi", False)}


def test_department_from_the_register():
    assert posts("Ông Trần Đình Long, Phó Giám đốc Sở Nông nghiệp và Phát triển nông thôn tỉnh Nghệ An, dự.") == {
        ("Trần Đình Long", "Phó Giám đốc", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Nghệ An", "tỉnh Nghệ An",
         False)}
    assert posts("Ông Kim Văn Sơn, Giám đốc Sở Dân tộc và Tôn giáo thành phố Cần Thơ, tặng quà.") == {
        ("Kim Văn Sơn", "Giám đốc", "Sở Dân tộc và Tôn giáo thành phố Cần Thơ", "thành phố Cần Thơ", False)}


def test_department_list_closed_by_va():
    assert posts("Đồng chí Trần Văn Bình, Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai, dự.") == {
        ("Trần Văn Bình", "Giám đốc", "Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai", "tỉnh Gia Lai", False)}


def test_department_name_stops_at_the_person():
    assert posts("Giám đốc Sở Tài chính Nguyễn Văn Hùng cho biết.") == {
        ("Nguyễn Văn Hùng", "Giám đốc", "Sở Tài chính", None, False)}


def test_district_office_with_hyphen():
    assert posts("Bà Lương Thị Thu, Trưởng Phòng Văn hóa - Thông tin huyện Krông Pa, phát biểu.") == {
        ("Lương Thị Thu", "Trưởng phòng", "Phòng Văn hóa - Thông tin huyện Krông Pa", "huyện Krông Pa", False)}
    assert posts("Ông Lò Văn Dũng, Trưởng phòng Nội vụ huyện Mường La, dự.") == {
        ("Lò Văn Dũng", "Trưởng phòng", "Phòng Nội vụ huyện Mường La", "huyện Mường La", False)}
    assert posts("Ông Sùng Mí Pó, Trưởng Phòng Nông nghiệp và Phát triển nông thôn huyện Đồng Văn, dự.") == {
        ("Sùng Mí Pó", "Trưởng phòng", "Phòng Nông nghiệp và Phát triển nông thôn huyện Đồng Văn",
         "huyện Đồng Văn", False)}


def test_provincial_ethnic_committee():
    assert posts("Ông Thạch Sa Ren, Phó Trưởng Ban Dân tộc tỉnh Trà Vinh, phát biểu.") == {
        ("Thạch Sa Ren", "Phó Trưởng ban", "Ban Dân tộc tỉnh Trà Vinh", "tỉnh Trà Vinh", False)}


def test_tax_agency():
    assert posts("Đồng chí Lê Xuân Toàn, Cục trưởng Cục Thuế tỉnh Bắc Giang, báo cáo.") == {
        ("Lê Xuân Toàn", "Cục trưởng", "Cục Thuế tỉnh Bắc Giang", "tỉnh Bắc Giang", False)}


def test_place_names_are_not_departments():
    # "Phòng" alone is no body: "Hải Phòng" stays a unit name
    assert posts("Đồng chí Lê Tiến Hùng, Bí thư Thành ủy Hải Phòng, phát biểu.") == {
        ("Lê Tiến Hùng", "Bí thư", "Thành ủy Hải Phòng", "thành phố Hải Phòng", False)}


# ------------------------------------------------------ central bodies
def test_ministry_and_its_department():
    assert posts("Ông Lê Văn Tâm, Bộ trưởng Bộ Kế hoạch và Đầu tư, phát biểu.") == {
        ("Lê Văn Tâm", "Bộ trưởng", "Bộ Kế hoạch và Đầu tư", None, False)}
    assert posts("Bà Đinh Thị Hằng, Vụ trưởng Vụ Địa phương II, Ban Tổ chức Trung ương, đọc quyết định.") == {
        ("Đinh Thị Hằng", "Vụ trưởng", "Vụ Địa phương II", None, False)}


def test_central_committee_posts():
    got = posts("Dự hội nghị có đồng chí Nguyễn Đình Khoa, Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng, "
                "Phó Trưởng Ban Kinh tế Trung ương.")
    assert got == {("Nguyễn Đình Khoa", "Ủy viên dự khuyết Ban Chấp hành", "Ban Chấp hành Trung ương Đảng", None, False),
                   ("Nguyễn Đình Khoa", "Phó Trưởng ban", "Ban Kinh tế Trung ương", None, False)}
    got = posts("Đồng chí Lê Minh Hòa, Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, dự và phát biểu.")
    assert got == {("Lê Minh Hòa", "Ủy viên Bộ Chính trị", "Bộ Chính trị", None, False),
                   ("Lê Minh Hòa", "Bí thư Trung ương Đảng", "Ban Bí thư", None, False)}
    assert posts("Đồng chí Hoàng Văn Thụ, Ủy viên Quân ủy Trung ương, dự.") == {
        ("Hoàng Văn Thụ", "Ủy viên Quân ủy Trung ương", "Quân ủy Trung ương", None, False)}


def test_standing_deputy_head_of_central_commission():
    assert posts("Đồng chí Lương Quốc Bình, Phó Trưởng ban Thường trực Ban Tổ chức Trung ương, dự.") == {
        ("Lương Quốc Bình", "Phó Trưởng ban Thường trực", "Ban Tổ chức Trung ương", None, False)}


def test_fatherland_front_central_committee():
    assert posts("Cùng dự có bà Liêng Hót Ha Nhi, Ủy viên Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam.") == {
        ("Liêng Hót Ha Nhi", "Ủy viên Đoàn Chủ tịch", "Ủy ban Trung ương MTTQ Việt Nam", None, False)}
    assert posts("Ông Hầu A Dình, Tổng Thư ký Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, phát biểu.") == {
        ("Hầu A Dình", "Tổng Thư ký", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None, False)}


def test_state_councils_and_steering_committees():
    assert posts("Ông Y Thanh Niê, Chủ tịch Hội đồng Dân tộc, phát biểu.") == {
        ("Y Thanh Niê", "Chủ tịch", "Hội đồng Dân tộc", None, False)}
    assert posts("Ông Hầu A Dình, Chủ nhiệm Ủy ban Dân tộc, phát biểu.") == {
        ("Hầu A Dình", "Chủ nhiệm", "Ủy ban Dân tộc", None, False)}
    assert posts("Ông Giàng A Chu, Phó Trưởng ban Thường trực Ban Chỉ đạo Tây Bắc, dự.") == {
        ("Giàng A Chu", "Phó Trưởng ban Thường trực", "Ban Chỉ đạo Tây Bắc", None, False)}


# ------------------------------------------- army, police, mass organisations
def test_police():
    assert posts("Dự đại hội có Đại tá Lê Vinh Phúc, Giám đốc Công an tỉnh Lâm Đồng.") == {
        ("Lê Vinh Phúc", "Giám đốc", "Công an tỉnh Lâm Đồng", "tỉnh Lâm Đồng", False)}
    assert posts("Thượng tá Đặng Văn Khôi, Trưởng Công an huyện Bắc Hà, báo cáo.") == {
        ("Đặng Văn Khôi", "Trưởng Công an", "Công an huyện Bắc Hà", "huyện Bắc Hà", False)}


def test_army():
    assert posts("Trung tá Lý Seo Dìn, Chỉ huy trưởng Ban Chỉ huy Quân sự huyện Bắc Hà, phát biểu.") == {
        ("Lý Seo Dìn", "Chỉ huy trưởng", "Ban Chỉ huy Quân sự huyện Bắc Hà", "huyện Bắc Hà", False)}
    assert posts("Đại tá Nguyễn Hữu Tài, Chính ủy Bộ Chỉ huy Quân sự tỉnh Đắk Nông, dự.") == {
        ("Nguyễn Hữu Tài", "Chính ủy", "Bộ Chỉ huy Quân sự tỉnh Đắk Nông", "tỉnh Đắk Nông", False)}


def test_youth_union():
    assert posts("Đồng chí Mai Thị Tâm, Bí thư Tỉnh đoàn Thanh Hoá, phát biểu.") == {
        ("Mai Thị Tâm", "Bí thư", "Tỉnh đoàn Thanh Hoá", "tỉnh Thanh Hoá", False)}
    assert posts("Anh Pơloong Quý, Bí thư Huyện đoàn Tây Giang, nêu kinh nghiệm.") == {
        ("Pơloong Quý", "Bí thư", "Huyện đoàn Tây Giang", "huyện Tây Giang", False)}
    assert posts("Anh Giàng Seo Vần, Bí thư Đoàn xã Sán Chải, phát biểu.") == {
        ("Giàng Seo Vần", "Bí thư", "Đoàn xã Sán Chải", "xã Sán Chải", False)}


def test_mass_organisations():
    assert posts("Bà Hồ Thị Kim Liên, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh Quảng Nam, dự.") == {
        ("Hồ Thị Kim Liên", "Chủ tịch", "Hội Liên hiệp Phụ nữ tỉnh Quảng Nam", "tỉnh Quảng Nam", False)}
    assert posts("Ông Hốih Dền, Chủ tịch Hội Nông dân huyện Tây Giang, giới thiệu mô hình.") == {
        ("Hốih Dền", "Chủ tịch", "Hội Nông dân huyện Tây Giang", "huyện Tây Giang", False)}
    assert posts("Ông Kha Văn Tâm, Bí thư Đảng đoàn Liên đoàn Lao động tỉnh Nghệ An, phát biểu.") == {
        ("Kha Văn Tâm", "Bí thư", "Đảng đoàn Liên đoàn Lao động tỉnh Nghệ An", "tỉnh Nghệ An", False)}
    assert posts("Ông Phạm Văn Đức, Chủ tịch Hội Cựu chiến binh tỉnh Bình Phước, dự.") == {
        ("Phạm Văn Đức", "Chủ tịch", "Hội Cựu chiến binh tỉnh Bình Phước", "tỉnh Bình Phước", False)}


def test_peoples_council_committee():
    assert posts("Bà Trần Thị Vân, Tỉnh ủy viên, Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh Lai Châu, phát biểu.") == {
        ("Trần Thị Vân", "Tỉnh ủy viên", "Tỉnh ủy Lai Châu", "tỉnh Lai Châu", False),
        ("Trần Thị Vân", "Trưởng ban", "Ban Kinh tế - Ngân sách HĐND tỉnh Lai Châu", "tỉnh Lai Châu", False)}


def test_department_written_with_abbreviation_or_tight_hyphen():
    assert posts("Ông Lê Văn Hùng, Giám đốc Sở LĐ-TB&XH tỉnh Hà Tĩnh, báo cáo.") == {
        ("Lê Văn Hùng", "Giám đốc", "Sở LĐ-TB&XH tỉnh Hà Tĩnh", "tỉnh Hà Tĩnh", False)}
    assert posts("Ông Lê Văn Hùng, Giám đốc Sở Lao động-Thương binh và Xã hội tỉnh Hà Tĩnh, báo cáo.") == {
        ("Lê Văn Hùng", "Giám đốc", "Sở Lao động-Thương binh và Xã hội tỉnh Hà Tĩnh", "tỉnh Hà Tĩnh", False)}


# ------------------------------------------- the unit of a department from context
def test_department_unit_from_context():
    from partygraph.loaders.bodies import department_unit
    from partygraph.loaders.lexicon import lexicon
    from partygraph.loaders.units import AreaContext, find_units
    text = "Đảng bộ huyện Sơn Hà, tỉnh Quảng Ngãi họp. Trưởng Phòng Nội vụ và Giám đốc Sở Tài chính dự."
    ctx = AreaContext(find_units(text))
    bodies = {c.label: c for c in lexicon().vocab.scheme("bodies")}
    pos = text.index("Trưởng")
    assert department_unit(bodies["Sở"], "Sở Tài chính", ctx, pos).area == "tỉnh Quảng Ngãi"
    assert department_unit(bodies["Phòng chuyên môn"], "Phòng Nội vụ", ctx, pos).area == "huyện Sơn Hà"
    assert department_unit(bodies["Sở"], "Sở", ctx, pos) is None            # a bare "Sở" points back
    assert department_unit(bodies["Công an"], "Công an", ctx, pos) is None  # no pg:departmentOf
