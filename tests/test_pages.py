"""Saved news pages (tests/data/pages, written in the shapes of the big Vietnamese outlets):
the article only, its fields from the page's metadata, nothing of the site around it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from store.formats import parse_bytes
from store.library import Library
from store.parse import Article

PAGES = Path(__file__).resolve().parent / "data" / "pages"

# what each page's site puts around the article: none of it may reach the article
AROUND = {
    "vnexpress.html": [
        "Góc nhìn",
        "Báo tiếng Việt nhiều người xem nhất",
        "Chia sẻ Facebook",
        "Sao chép liên kết",
        "Tin liên quan",
        "Giá vé máy bay dịp hè",
        "Mong thành phố mở tuyến đi Sóc Sơn",
        "Minh Quân",
        "Phạm Hiếu",
        "FPT Tower",
        "bản quyền",
        "Thứ Ba, 12/3/2024",
    ],
    "tuoitre.html": [
        "Trang chủ",
        "Đọc tiếp",
        "Giá sầu riêng giảm mạnh",
        "Xuất khẩu rau quả",
        "Chúc mừng bà con",
        "Thanh Tùng",
        "Lê Thế Chữ",
        "Zalo",
        "Giấy phép",
    ],
    "thanhnien.html": [
        "Chính trị",
        "Tuyển sinh",
        "Tin liên quan",
        "Học sinh lớp 9",
        "Ý tưởng rất hay",
        "Hoàng Nam",
        "Nguyễn Ngọc Toàn",
        "Bình luận",
        "Lưu",
        "GMT+7",
    ],
    "dantri.html": [
        "Giáo dục",
        "Tin tức",
        "Sao chép link",
        "Từ khóa",
        "Bác sĩ cứu sống bé trai",
        "Thật đáng mừng",
        "Phương Thảo",
        "Phạm Tuấn Anh",
        "Cơ quan chủ quản",
    ],
    "vov.html": [
        "Đời sống",
        "In bài",
        "Tin cùng chuyên mục",
        "Sạt lở đất chia cắt",
        "Đỗ Tiến Sỹ",
        "Đài Tiếng nói Việt Nam",
        "leo núi\n",
    ],
    "baomoi.html": [
        "Nóng",
        "Chủ đề",
        "Lưu tin",
        "Tin cùng chủ đề",
        "Mở rộng quốc lộ 4D",
        "Nguyễn Văn Khoa",
        "tổng hợp tự động",
    ],
}
FOOTER_EDITORS = {
    "vnexpress.html": "Phạm Hiếu",
    "tuoitre.html": "Lê Thế Chữ",
    "thanhnien.html": "Nguyễn Ngọc Toàn",
    "dantri.html": "Phạm Tuấn Anh",
    "vov.html": "Đỗ Tiến Sỹ",
    "baomoi.html": "Nguyễn Văn Khoa",
}


def page(name: str) -> Article:
    (article,) = parse_bytes((PAGES / name).read_bytes(), name)
    return article


def everything(article: Article) -> str:
    """Every text field of the article, one a line."""
    return "\n".join(
        [
            article.title,
            article.lede,
            *article.paragraphs,
            *article.captions,
            article.author or "",
            article.credit or "",
        ]
    )


def test_vnexpress_page() -> None:
    article = page("vnexpress.html")
    assert article.title == "Hà Nội mở thêm tuyến xe buýt điện nối sân bay"
    assert not article.title_inferred
    assert article.lede == (
        "Tuyến xe buýt điện mới chạy từ trung tâm tới sân bay Nội Bài, mỗi chuyến cách nhau"
        " 15 phút."
    )
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("Sở Giao thông vận tải Hà Nội cho biết")
    assert article.paragraphs[-1].endswith("mở thêm hai tuyến tương tự trong năm nay.")
    assert article.captions == [
        "Xe buýt điện đón khách tại bến Long Biên sáng 11/3. Ảnh: Ngọc Thành"
    ]
    assert article.caption_at == [2]  # where the figure stood: after the second paragraph
    assert article.author == "Võ Hải"  # the last p.Normal's strong, out of the text
    assert article.date == "2024-03-12"
    assert article.url == (
        "https://vnexpress.net/ha-noi-mo-them-tuyen-xe-buyt-dien-noi-san-bay-4800001.html"
    )
    assert article.outlet == "VnExpress"
    assert article.section == "Thời sự"
    assert article.tags == ["xe buýt điện", "Nội Bài", "giao thông Hà Nội"]


def test_tuoi_tre_page_fields_from_json_ld() -> None:
    article = page("tuoitre.html")
    assert article.title == "Nông dân Đồng Tháp trúng mùa xoài cát"
    assert article.lede == (
        "Giá xoài cát tăng gần gấp đôi so với năm ngoái, nhiều nhà vườn có lãi lớn."
    )
    assert [p[:30] for p in article.paragraphs] == [
        "Những ngày này, các vườn xoài ",
        "Ông Năm Lợi, chủ vườn rộng hai",
        "Theo ngành nông nghiệp tỉnh, d",
    ]
    assert article.captions == ["Ông Năm Lợi thu hoạch xoài trong vườn nhà - Ảnh: ĐÔNG HÀ"]
    assert article.caption_at == [1]
    assert article.author == "Đông Hà"
    assert article.date == "2024-05-10"
    assert article.url == "https://tuoitre.vn/nong-dan-dong-thap-trung-mua-xoai-cat-2024051009.htm"
    assert article.outlet == "Báo Tuổi Trẻ"  # JSON-LD's publisher, not og:site_name's capitals
    assert article.section == "Kinh doanh"
    assert article.tags == ["xoài cát", "Đồng Tháp", "nông sản"]


def test_thanh_nien_page_with_a_json_ld_graph_and_a_table() -> None:
    article = page("thanhnien.html")
    assert article.title == "Sinh viên chế tạo máy lọc nước từ năng lượng mặt trời"
    assert article.lede == (
        "Nhóm sinh viên ở Cần Thơ làm ra máy lọc nước nhỏ gọn, giá chưa tới ba triệu đồng."
    )
    assert article.paragraphs[2:4] == ["Thông số | Giá trị", "Công suất | 50 lít mỗi giờ"]
    assert len(article.paragraphs) == 5
    assert article.captions == ["Nhóm sinh viên thử máy tại một hộ dân ở Phong Điền"]
    assert (article.author, article.date) == ("Mai Anh", "2024-06-15")
    assert article.url == "https://thanhnien.vn/sinh-vien-che-tao-may-loc-nuoc-185240615.htm"
    assert (article.outlet, article.section) == ("Thanh Niên", "Giáo dục")
    assert article.tags == ["sinh viên", "sáng tạo", "nước sạch"]


def test_dan_tri_page() -> None:
    article = page("dantri.html")
    assert article.title == "Bệnh viện tuyến tỉnh ghép thận thành công lần đầu"
    assert article.lede.startswith("(Dân trí) - Ca ghép thận đầu tiên tại bệnh viện tỉnh")
    assert len(article.paragraphs) == 3
    assert article.captions == [
        "Các bác sĩ thăm khám cho người bệnh sau ca mổ (Ảnh: Bệnh viện cung cấp)."
    ]
    assert (article.author, article.date) == ("Hoàng Lê", "2024-08-20")
    assert article.url and article.url.startswith("https://dantri.com.vn/suc-khoe/")
    assert (article.outlet, article.section) == ("Báo điện tử Dân Trí", "Sức khỏe")
    assert article.tags == ["ghép thận"]


def test_vov_page_byline_in_the_body_and_section_from_meta() -> None:
    article = page("vov.html")
    assert article.title == "Lào Cai cứu hộ du khách mắc kẹt trên đỉnh núi"
    assert article.lede.startswith("VOV.VN - Lực lượng cứu hộ đã đưa an toàn ba du khách")
    assert len(article.paragraphs) == 3
    assert article.author and article.author.startswith("Phạm Tuyên")
    assert "Phạm Tuyên" not in "\n".join(article.paragraphs)
    assert article.date == "2024-09-02"
    assert article.url == "https://vov.vn/xa-hoi/lao-cai-cuu-ho-du-khach-post1100200.vov"
    assert (article.outlet, article.section, article.tags) == ("VOV.VN", "Xã hội", [])


def test_baomoi_page_caption_without_a_paragraph() -> None:
    article = page("baomoi.html")
    assert article.title == "Khánh thành cầu vượt sông nối hai huyện miền núi"
    assert article.lede.startswith("Cây cầu dài 320 mét")
    assert len(article.paragraphs) == 3
    assert article.captions == ["Cầu mới nhìn từ trên cao"]
    assert article.caption_at == [2]
    assert (article.author, article.date) == ("Quang Vinh", "2024-11-05")
    assert article.url == "https://baomoi.com/khanh-thanh-cau-vuot-song-c48800000.epi"
    assert (article.outlet, article.section) == ("Báo Mới", "Xã hội")


@pytest.mark.parametrize("name", sorted(AROUND))
def test_nothing_of_the_site_around_the_article_reaches_it(name: str) -> None:
    article = page(name)
    text = everything(article)
    for leftover in AROUND[name]:
        assert leftover not in text, leftover
    assert FOOTER_EDITORS[name] not in (article.author or "")
    assert "<" not in text and "&" not in text


def test_the_footers_editor_is_no_entity_of_the_stored_article(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "lib.db")
    report = library.import_paths([PAGES])
    assert report.imported >= len(FOOTER_EDITORS)
    names = {e.name for e in library.entities()}
    for editor in FOOTER_EDITORS.values():
        assert editor not in names
    assert "Nguyễn Văn Phúc" in names  # a person the Thanh Niên article names


def test_a_page_is_read_the_same_twice_and_quietly() -> None:
    code = (
        "import sys\n"
        "from store.formats import parse_bytes\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "first = [a.__dict__ for a in parse_bytes(data, 'a.html')]\n"
        "second = [a.__dict__ for a in parse_bytes(data, 'a.html')]\n"
        "assert first == second\n"
    )
    for name in ("vnexpress.html", "thanhnien.html"):
        result = subprocess.run(
            [sys.executable, "-c", code, str(PAGES / name)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == "" and result.stderr == ""


def test_a_page_the_extractor_finds_nothing_in_is_read_by_its_text(capfd) -> None:
    markup = (
        "<html><head><meta property='og:site_name' content='Báo Ví Dụ'>"
        "<link rel='canonical' href='https://vidu.vn/a.html'></head>"
        "<body><h1>Tiêu đề ngắn</h1><span>Một dòng ngắn.</span></body></html>"
    )
    (article,) = parse_bytes(markup.encode(), "a.html")
    assert article.title == "Tiêu đề ngắn"
    assert "Một dòng ngắn." in article.text
    assert (article.outlet, article.url) == ("Báo Ví Dụ", "https://vidu.vn/a.html")
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_page_with_no_text_is_rejected_with_a_reason() -> None:
    from store.parse import Rejected

    with pytest.raises(Rejected, match="no article text"):
        parse_bytes(b"<html><head><title>x</title></head><body><img src=a></body></html>", "a.html")


def test_a_page_is_found_by_its_look_when_its_name_says_nothing() -> None:
    data = (PAGES / "vnexpress.html").read_bytes()
    (article,) = parse_bytes(data, "https-vnexpress.net-ha-noi-4800001")
    assert article.title == "Hà Nội mở thêm tuyến xe buýt điện nối sân bay"
    assert "Phạm Hiếu" not in everything(article)


def test_a_shortened_description_is_not_the_lede_again() -> None:
    markup = (
        "<html><head><meta property='og:description' content='Giá vàng trong nước sáng nay"
        " tăng thêm 500.000 đồng mỗi lượng...'></head><body><article><h1>Giá vàng tăng</h1>"
        "<p>Giá vàng trong nước sáng nay tăng thêm 500.000 đồng mỗi lượng, lên mức cao nhất"
        " từ đầu năm tới nay.</p><p>Các cửa hàng ở Hà Nội đông khách mua từ sớm, nhiều người"
        " phải chờ hơn một giờ mới tới lượt.</p><p>Giới kinh doanh dự báo giá còn biến động"
        " mạnh trong tuần tới khi thị trường thế giới chưa ổn định.</p></article></body></html>"
    )
    (article,) = parse_bytes(markup.encode(), "a.html")
    assert article.lede.startswith("Giá vàng trong nước sáng nay tăng thêm 500.000 đồng")
    assert article.lede.endswith("từ đầu năm tới nay.")
    assert len(article.paragraphs) == 2


def test_a_control_character_written_as_a_reference_is_left_out() -> None:
    # found by tests/stress/fuzz_parse.py: lxml gives "&#2;" as a character it then refuses
    # in a text it is given ("All strings must be XML compatible"): the page was not read
    markup = (
        "<html><body><h1>Tiêu đề bài báo</h1>Đoạn &#2;một của bài.<p>Đoạn hai&#11; của bài.</p>"
        "</body></html>"
    )
    (article,) = parse_bytes(markup.encode(), "a.html")
    assert article.title == "Tiêu đề bài báo"
    assert [article.lede, *article.paragraphs] == ["Đoạn một của bài.", "Đoạn hai của bài."]


def test_a_wrapper_named_like_a_sapo_is_not_the_lede() -> None:
    sentence = "Người dân trong xã đã góp tiền và ngày công để làm con đường mới dài ba cây số."
    markup = (
        "<html><body><div class='article-lead-wrap'><h1>Làng có đường mới</h1>"
        "<p class='sapo'>Con đường mới giúp học sinh tới trường dễ dàng hơn.</p>"
        + "".join(f"<p>{sentence} Đoạn {n}.</p>" for n in range(12))
        + "</div></body></html>"
    )
    (article,) = parse_bytes(markup.encode(), "a.html")
    assert article.lede == "Con đường mới giúp học sinh tới trường dễ dàng hơn."
    assert len(article.paragraphs) == 12
