"""The text as scraped: bylines and credits at the end of a one-line body, photo credits inside
it, site junk, and the title and lede of the scraped shapes (short texts of our own)."""

from __future__ import annotations

import pytest

from store.formats import parse_bytes
from store.parse import Article

TITLE = "Công an tỉnh triệt phá đường dây đánh bạc qua mạng"
LEDE = "Lực lượng chức năng vừa bắt giữ 12 đối tượng tổ chức đánh bạc qua mạng với số tiền lớn."
BODY = (
    "Theo cơ quan điều tra, nhóm đối tượng đã lập nhiều tài khoản để nhận tiền của con bạc. "
    "Qua khám xét, công an thu giữ nhiều máy tính và điện thoại. "
    "Vụ việc đang được cơ quan công an tiếp tục điều tra làm rõ."
)


def one(text: str) -> Article:
    return parse_bytes(text.encode("utf-8"), "bai.txt")[0]


def scraped(ending: str) -> Article:
    return one(f"{TITLE}\n{LEDE}\n{BODY} {ending}")


def words(article: Article) -> list[str]:
    """Every word the article keeps, in any field."""
    fields = [article.title, article.lede, *article.paragraphs, *article.captions]
    fields += [article.author or "", article.credit or ""]
    return " ".join(fields).replace("(", " ").replace(")", " ").replace("/", " ").split()


@pytest.mark.parametrize(
    ("ending", "author", "credit"),
    [
        ("Dương Nhung", "Dương Nhung", None),
        ("H.T", "H.T", None),
        ("T.L", "T.L", None),
        ("Kim Thanh (T/h)", "Kim Thanh", "T/h"),
        ("Hồng Hà (Tổng hợp)", "Hồng Hà", "Tổng hợp"),
        ("(Tổng hợp)", None, "Tổng hợp"),
        ("Thảo Nguyên (theo Sputnik)", "Thảo Nguyên", "Theo Sputnik"),
        ("Theo VOV", None, "Theo VOV"),
        ("Theo Trí thức trẻ", None, "Theo Trí thức trẻ"),
        ("Huyền Lê/TTXVN", "Huyền Lê", "TTXVN"),
        ("Thu Hoài/VOV-Trung tâm Tin", "Thu Hoài", "VOV-Trung tâm Tin"),
        ("PV", "PV", None),
        ("Nhóm PV", "Nhóm PV", None),
        ("Thành Chung (TTXVN)", "Thành Chung", "TTXVN"),
        ("TTXVN/Tin Tức", None, "TTXVN/Tin Tức"),
        ("VnExpress", None, "VnExpress"),
        ("Minh Anh - Quốc Huy", "Minh Anh - Quốc Huy", None),
        ("Tin, ảnh: Lan Anh", "Lan Anh", None),
        ("Phú Bình (Theo CNN)", "Phú Bình", "Theo CNN"),
        ("Lê Tùng/VOV.VN Lê Tùng/VOV.VN", "Lê Tùng", "VOV.VN"),
        ("Thanh Niên", None, "Thanh Niên"),
        ("Thanh Thanh", "Thanh Thanh", None),  # a name of one word twice, no repeated byline
        ("M. Sơn", "M. Sơn", None),
        ("TS. Nguyễn Quốc Anh", "TS. Nguyễn Quốc Anh", None),
        ("Tổng hợp Cự Giải", "Cự Giải", "Tổng hợp"),
        ("Đan Phương/Báo Tin Tức", "Đan Phương", "Báo Tin Tức"),
        ("Phạm Hà/VOV - Trung tâm Tin", "Phạm Hà", "VOV - Trung tâm Tin"),
        ("Ngọc Thi | Theo Phụ nữ sức khỏe", "Ngọc Thi", "Theo Phụ nữ sức khỏe"),
        ("Báo Giao thông", None, "Báo Giao thông"),
        ("Theo dantri", None, "Theo dantri"),
        ("Thu An (Theo FNA)", "Thu An", "Theo FNA"),
        ("Hải Yến (theo Reuters, AP)", "Hải Yến", "Theo Reuters, AP"),
        ("Anh Tuấn (lược dịch)", "Anh Tuấn", "Lược dịch"),
        ("Bài và ảnh: Hoàng Nam", "Hoàng Nam", None),
        ("Lan Anh Email: toasoan@baomoi.vn", "Lan Anh", None),
        ("Vũ Phượng (còn tiếp)", "Vũ Phượng", None),
        ("N.Trà - L.Thoa ghi", "N.Trà - L.Thoa", "Ghi"),  # "noted by"
        ("Minh Anh (ghi)", "Minh Anh", "Ghi"),
    ],
)
def test_a_byline_on_the_last_line_goes_to_author_and_credit(
    ending: str, author: str | None, credit: str | None
) -> None:
    article = scraped(ending)
    assert (article.author, article.credit) == (author, credit)
    assert article.paragraphs[-1].endswith("tiếp tục điều tra làm rõ.")


def test_the_end_mark_and_a_byline_after_it() -> None:
    article = one(f"{TITLE}\n{LEDE}\n{BODY[:-1]}./. Trần Huyền/VOV-Đông Bắc")
    assert article.author == "Trần Huyền"
    assert article.credit == "VOV-Đông Bắc"
    assert article.paragraphs[-1].endswith("điều tra làm rõ.")


@pytest.mark.parametrize(
    "ending",
    [
        "Hiện vụ việc đang được điều tra tại Quảng Ninh",  # a sentence with no period
        "Ông Nguyễn Văn An cho biết",
        "“Chúng tôi sẽ làm rõ”, ông An nói.",
    ],
)
def test_a_last_sentence_is_no_byline(ending: str) -> None:
    article = scraped(ending)
    assert article.author is None and article.credit is None
    assert article.paragraphs[-1].endswith(ending)


@pytest.mark.parametrize(
    ("junk", "shape"),
    [
        ("Thích và chia sẻ bài viết này qua:", "share bar"),
        ("Xem thêm:", "see more"),
        ("Báo Đời Sống cập nhật tin tức trong ngày liên tục, mới nhất", "newsroom promise"),
    ],
)
def test_site_junk_at_the_end_goes(junk: str, shape: str) -> None:
    article = scraped(f"Kim Thanh {junk}")
    assert junk.split()[0] not in " ".join(article.paragraphs), shape
    assert article.paragraphs[-1].endswith("làm rõ.")


def test_an_inline_photo_credit_leaves_the_body_with_its_caption() -> None:
    text = (
        f"{TITLE}\n{LEDE}\n"
        "Tang vật thu giữ tại hiện trường. Ảnh: Công an cung cấp Theo cơ quan điều tra, "
        + "nhóm đối tượng đã lập nhiều tài khoản để nhận tiền của con bạc. " * 8
        + "Hiện trường vụ việc (Ảnh: Hồ Phương) Vụ việc đang được điều tra. "
        + "Bị can tại cơ quan điều tra. (Ảnh VNE) Lời khai ban đầu đã rõ. Mai Lan"
    )
    article = one(text)
    body = " ".join(article.paragraphs)
    assert "Ảnh" not in body
    assert any("Hồ Phương" in c for c in article.captions)
    assert "Bị can tại cơ quan điều tra. (Ảnh VNE)" in article.captions
    assert article.author == "Mai Lan"
    before = text.replace("(", " ").replace(")", " ").split()
    assert sorted(before) == sorted(words(article))  # not a word lost


def test_a_photo_label_inside_the_body_goes() -> None:
    long = "Nhóm đối tượng đã lập nhiều tài khoản để nhận tiền của con bạc. " * 8
    article = one(f"{TITLE}\n{LEDE}\n{long}Ảnh minh họa {BODY}")
    assert "Ảnh minh họa" not in " ".join(article.paragraphs)
    assert article.paragraphs[-1].endswith("làm rõ.")


@pytest.mark.parametrize("source", ["Ảnh cắt từ clip.", "Ảnh chụp màn hình", "(Ảnh cắt từ clip)"])
def test_where_a_picture_was_taken_from_makes_a_caption(source: str) -> None:
    long = "Nhóm đối tượng đã lập nhiều tài khoản để nhận tiền của con bạc. " * 8
    caption = "Nhóm thanh niên khống chế nạn nhân."
    article = one(f"{TITLE}\n{LEDE}\n{long}{caption} {source} {BODY}")
    assert f"{caption} {source}" in article.captions
    assert caption not in " ".join(article.paragraphs)
    assert article.paragraphs[-1].endswith("làm rõ.")


def test_a_credit_after_a_sentence_without_its_period() -> None:
    article = one(f"{TITLE}\n{LEDE}\n{BODY[:-1]} Theo Quang Huy (Tổng hợp)")
    assert article.author is None
    assert article.credit == "Theo Quang Huy; Tổng hợp"
    assert article.paragraphs[-1].endswith("điều tra làm rõ")


def test_a_see_more_link_after_the_end_mark_goes() -> None:
    article = one(f"{TITLE}\n{LEDE}\n{BODY[:-1]}./. Xem thêm:")
    assert article.paragraphs[-1].endswith("điều tra làm rõ.")
    assert (article.author, article.credit) == (None, None)


def test_a_tricky_ending_keeps_every_word() -> None:
    ending = "Luật sư Trần Văn Bình Theo Tuổi Trẻ"
    article = scraped(ending)
    assert article.author == "Luật sư Trần Văn Bình"
    assert article.credit == "Theo Tuổi Trẻ"
    assert sorted(f"{TITLE} {LEDE} {BODY} {ending}".split()) == sorted(words(article))


@pytest.mark.parametrize(
    "title", ["Bắt giữ nhóm đối tượng đánh bạc.", "Lời khai của kẻ cầm đầu..."]
)
def test_a_title_ending_with_a_period_is_kept(title: str) -> None:
    article = one(f"{title}\n{LEDE}\n{BODY}")
    assert article.title == title and not article.title_inferred
    assert article.lede == LEDE


def test_a_two_line_file_is_a_title_and_a_lede() -> None:
    article = one(f"{TITLE}\n{LEDE}")
    assert (article.title, article.lede, article.paragraphs) == (TITLE, LEDE, [])


def test_a_two_line_file_with_a_long_line_is_a_title_a_lede_and_a_body() -> None:
    rest = " ".join([BODY] * 6)
    article = one(f"{TITLE}\n{LEDE} {rest}")
    assert article.title == TITLE
    assert article.lede == LEDE
    assert article.paragraphs == [rest]


def test_a_long_last_line_is_read_in_linear_time() -> None:
    import time

    line = "Một câu rất dài " * 20000 + "(" * 3000 + ". Kim Thanh"
    start = time.perf_counter()
    article = one(f"{TITLE}\n{LEDE}\n{line}")
    assert time.perf_counter() - start < 2
    assert article.author == "Kim Thanh"


def test_a_first_line_that_is_the_pages_address_is_the_url_not_the_title() -> None:
    address = "https://baomau.vn/phap-luat/bat-giu-nhom-lua-dao-4712345.html"
    text = (
        f"{address}\nBắt giữ nhóm lừa đảo qua mạng xã hội\n"
        "Công an tỉnh vừa bắt giữ năm người lừa đảo qua mạng.\n"
        "Theo cơ quan điều tra, nhóm này giả danh nhân viên ngân hàng. Minh Anh\n"
    )
    (article,) = parse_bytes(text.encode(), "a.txt")
    assert article.url == address
    assert article.title == "Bắt giữ nhóm lừa đảo qua mạng xã hội"
    assert article.lede == "Công an tỉnh vừa bắt giữ năm người lừa đảo qua mạng."
    assert article.author == "Minh Anh"


def test_a_last_line_that_is_an_address_is_the_url() -> None:
    address = "https://baomau.vn/thoi-su/a-123.html"
    text = (
        "Hà Nội mở đợt cao điểm phòng chống ma túy\n"
        "Thành phố ra quân trấn áp tội phạm ma túy trong tháng năm.\n"
        f"Lực lượng công an sẽ kiểm tra các tụ điểm. Theo VOV\n{address}\n"
    )
    (article,) = parse_bytes(text.encode(), "b.txt")
    assert article.url == address and article.credit == "Theo VOV"
