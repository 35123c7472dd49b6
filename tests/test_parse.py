"""Reading article files (DESIGN.md "Parsing the real files"; VIETNAMESE.md §1).

The expectations for the five seeds were written from reading the seed files, not from the
parser's output. The messy variants are made here from the seeds' own text.
"""

from __future__ import annotations

import codecs
import json
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.formats import parse_bytes
from store.parse import Article, Articles, Rejected

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
INVISIBLE = "\x1b\x07\x9b\x9d\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066"
INVISIBLE += "\u2067\u2068\u2069\u2060\ufeff\x00\x08\x0b\x0c\x7f\x85"


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed_bytes(prefix: str) -> bytes:
    return seed_path(prefix).read_bytes()


def seed_text(prefix: str) -> str:
    return seed_bytes(prefix).decode("utf-8")


def parse(data: bytes | str, name: str = "bai.txt") -> list[Article]:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return parse_bytes(data, name)


def one(data: bytes | str, name: str = "bai.txt") -> Article:
    (article,) = parse(data, name)
    return article


def every_text(article: Article) -> str:
    """Every string a reader shows, joined."""
    return "\n".join(
        [article.title, article.date or "", article.author or "", article.lede]
        + article.paragraphs
        + article.captions
    )


def fields(article: Article) -> tuple[object, ...]:
    return (
        article.title,
        article.title_inferred,
        article.date,
        article.author,
        article.lede,
        article.paragraphs,
        article.captions,
        article.caption_at,
    )


def to_cp1258(text: str) -> bytes:
    """Text as the legacy Windows Vietnamese code page stores it: tone marks decomposed."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            marks = "".join(c for c in parts if c in tones)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + marks).encode("cp1258")
    return bytes(out)


# -- the five seeds ---------------------------------------------------------------------------


def test_seed_000_all_caps_title_date_line_byline_and_end_mark() -> None:
    article = one(seed_bytes("000"))
    assert article.title == (
        "HỘI NGHỊ TRỰC TUYẾN AIPACODD 4: VIỆT NAM TÍCH CỰC, CHỦ ĐỘNG TRONG CÔNG TÁC HỢP TÁC "
        "QUỐC TẾ VỀ PHÒNG, CHỐNG MA TUÝ"
    )
    assert not article.title_inferred
    assert article.date == "2021-06-02"  # 02/06/2021 is day/month
    assert article.author == "Hồ Hương"
    assert article.lede == (
        "Tham dự Hội nghị trực tuyến Hội đồng tư vấn AIPA về ma túy AIPACODD 4 với chủ đề "
        "“Vượt qua những thử thách đương đại và ứng phó hướng tới ASEAN không ma túy” vừa qua, "
        "Đoàn ĐBQH Việt Nam đã có báo cáo quốc gia về công tác hợp tác quốc tế phòng, chống "
        "ma tuý."
    )
    # "./." is gone, the sentence before it kept with its period
    assert article.paragraphs[-1] == (
        "Ngoài ra, Đại diện Đoàn ĐBQH Việt Nam cũng nêu rõ, bên cạnh việc tăng cường hợp tác "
        "đa phương về phòng, chống ma tuý, Việt Nam cũng chủ trương tiếp tục đẩy mạnh hợp tác "
        "song phương đi vào chiều sâu, hiệu quả đặc biệt là các nước có chung đường biên giới, "
        "các cơ quan, đối tác tài trợ tích cực cho công tác đấu tranh phòng, chống ma tuý của "
        "Việt Nam."
    )
    # the photo captions (the first with a no-break space in the file) are set apart
    assert article.captions == [
        "Hội nghị trực tuyến về ma túy AIPACODD 4",
        "Đoàn ĐBQH Việt Nam tham dự Hội nghị",
    ]
    assert article.paragraphs[article.caption_at[0]].startswith(
        "Tham dự Hội nghị trực tuyến AIPACODD 4 có đại biểu 10 Nghị viện"
    )
    assert article.paragraphs[article.caption_at[1]].startswith("Tại các phiên họp, Việt Nam")
    assert len(article.paragraphs) == 11
    # the no-break-space-only line is no paragraph; nothing is left of the end mark
    assert all(p.strip() for p in article.paragraphs)
    assert "./." not in every_text(article)
    assert "Hồ Hương" not in article.text


def test_seed_001_no_title_month_date_glued_to_the_lede() -> None:
    article = one(seed_bytes("001"))
    assert article.title == "Hội nghị SOMTC 20 năm nay do nước Cộng hòa Philippines chủ trì"
    assert article.title_inferred
    assert article.date == "2020-09"  # a month only: kept partial, not made a day
    assert article.author is None
    assert article.lede == (
        "Hội nghị SOMTC 20 năm nay do nước Cộng hòa Philippines chủ trì. Đoàn đại biểu Việt "
        "Nam do Trung tướng Nguyễn Thanh Sơn, Cục trưởng Cục Đối ngoại, Bộ Công an Việt Nam "
        "dẫn đầu tham dự Hội nghị."
    )
    assert article.paragraphs[-1] == (
        "Trong chương trình nghị sự, các đại biểu cũng thảo luận công tác chuẩn bị cho Hội "
        "nghị Bộ trưởng ASEAN về Phòng, chống tội phạm xuyên quốc gia lần thứ 14 (AMMTC 14) "
        "và các Hội nghị liên quan."
    )
    assert article.captions == [
        "Quang cảnh Hội nghị Quan chức cấp cao ASEAN về chống tội phạm xuyên quốc gia."
    ]
    assert article.caption_at == [1]
    assert article.paragraphs[1].startswith("Tại Hội nghị SOMTC 20, các nước thành viên")
    assert len(article.paragraphs) == 12
    assert "date" not in article.text


def test_seed_002_weekday_date_photo_markers_and_dots_after_the_byline() -> None:
    article = one(seed_bytes("002"))
    title = "Nâng cao hiệu quả hợp tác quốc tế trong thực thi pháp luật"
    assert article.title == title
    assert not article.title_inferred
    assert article.date == "2023-06-21"  # Thứ Tư, 21/06/2023, 08:41
    assert article.author == "Khổng Hà"
    assert article.lede == (
        "Thời gian qua, thông qua các chuyến thăm, làm việc, các hội nghị, đối thoại hợp tác "
        "giữa lãnh đạo Bộ Công an và cơ quan thực thi pháp luật các nước, Bộ Công an đã chuyển "
        "tải thông điệp của lãnh đạo Đảng, Nhà nước và Bộ Công an Việt Nam về thúc đẩy quan hệ "
        "hợp tác trên các lĩnh vực an ninh trật tự, thực thi pháp luật…"
    )
    assert article.paragraphs[-1].startswith(
        "Trong khi đó, tại Australia, Thứ trưởng Nguyễn Văn Long và Đoàn đại biểu cấp cao"
    )
    assert article.paragraphs[-1].endswith(
        "triển khai thực hiện các Hiệp định dẫn độ và Hiệp định chuyển giao người bị kết án "
        "phạt tù giữa hai nước."
    )
    # the photo-file lines are dropped, the line after each is a caption
    assert article.captions == [
        "Trung tướng Lê Quốc Hùng, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an cùng Thứ "
        "trưởng Ngoại giao nước Cộng hòa Haiti Azad Pierre Nasser Belford và các đại biểu tại "
        "buổi tiếp xã giao, ngày 23/11/2022.",
        "Đại diện Bộ Công an Việt Nam bàn giao đối tượng bị yêu cầu dẫn độ Dmitriy "
        "Viktorovich Serebryakov (thứ 3 từ trái sang) cho đại diện Bộ Nội vụ Liên bang Nga.",
    ]
    assert article.caption_at == [1, 5]
    assert "DB11" not in every_text(article)
    assert not any(p.strip(" .") == "" for p in article.paragraphs)
    # the title is also the opening of a body sentence: that sentence stays whole
    assert article.paragraphs[5] == (
        "Nâng cao hiệu quả hợp tác quốc tế trong thực thi pháp luật cũng được thể hiện rõ "
        "trong chuyến thăm, làm việc với Bộ Công an Trung Quốc từ ngày 11-15/4 của Trung tướng "
        "Nguyễn Duy Ngọc, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an và trong chuyến thăm, "
        "làm việc tại Australia từ ngày 10-15/4 của Thiếu tướng Nguyễn Văn Long, Thứ trưởng "
        "Bộ Công an."
    )
    assert len(article.paragraphs) == 8


def test_seed_003_no_date_credit_in_caption_and_comment_junk() -> None:
    article = one(seed_bytes("003"))
    assert article.title == "Việt Nam chia sẻ kinh nghiệm của ASEAN về chống khủng bố tại LHQ"
    assert not article.title_inferred
    assert article.date is None  # "ngày 10/7" in the body is not the article's date
    assert article.author is None
    assert article.lede == (
        "Đại sứ Đặng Đình Quý khẳng định cần đẩy mạnh hỗ trợ kỹ thuật và tăng cường năng lực "
        "cho các nước trong công tác phát hiện, điều tra, truy tố tội phạm khủng bố và các tội "
        "phạm nghiêm trọng khác."
    )
    assert article.paragraphs[-1] == (
        "Dự kiến, các kết quả thảo luận trong Tuần lễ sẽ được lồng ghép vào quá trình rà soát, "
        "kiểm điểm thực hiện Chiến lược toàn cầu phòng chống khủng bố của Liên hợp quốc diễn "
        "ra năm 2021."
    )
    assert article.captions == [
        "Đại sứ Đặng Đình Quý , Trưởng Phái đoàn Việt Nam tại Liên hợp quốc. (Nguồn: TTXVN)"
    ]
    assert article.caption_at == [0]
    assert len(article.paragraphs) == 10
    assert "Ý kiến" not in every_text(article)


def test_seed_004_inferred_title_cut_at_a_clause_and_credit_kept_with_caption() -> None:
    article = one(seed_bytes("004"))
    lede = (
        "Việt Nam sẽ tăng cường hợp tác với Cơ quan Phòng, chống ma túy và tội phạm Liên Hợp "
        "Quốc, đặc biệt sau Lễ mở ký công ước về tội phạm mạng."
    )
    assert article.lede == lede
    assert article.title == (
        "Việt Nam sẽ tăng cường hợp tác với Cơ quan Phòng, chống ma túy và tội phạm Liên Hợp Quốc"
    )
    assert article.title_inferred
    assert article.date == "2025-10-21"
    assert article.author == "Huyền Lê"
    assert article.paragraphs[-1] == (
        'Lễ mở ký với chủ đề "Chống tội phạm mạng - Chia sẻ trách nhiệm - Hướng tới tương '
        'lai" sẽ được tổ chức ngày 25-26/10 tại Hà Nội. Công ước gồm 9 chương, 71 điều, là kết '
        "quả của gần 5 năm thương lượng liên tục và kéo dài giữa các quốc gia thành viên, nhằm "
        "xây dựng một khuôn khổ pháp lý đa phương toàn diện để đấu tranh với tội phạm trên "
        "không gian mạng. Gần 100 quốc gia, hơn 100 tổ chức quốc tế, khu vực đã khẳng định "
        "tham dự."
    )
    assert article.captions == [
        "Phó thủ tướng Bùi Thanh Sơn tiếp bà Ghada Waly tại trụ sở chính phủ ngày 21/10. Ảnh: VGP"
    ]
    assert article.caption_at == [3]
    assert article.paragraphs[3].startswith("Phó thủ tướng đánh giá cao và cảm ơn")
    assert len(article.paragraphs) == 9
    assert "Huyền Lê" not in article.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_is_one_article_named_after_its_file(prefix: str) -> None:
    articles = parse(seed_bytes(prefix), seed_path(prefix).name)
    assert len(articles) == 1
    assert articles[0].source == seed_path(prefix).name
    assert unicodedata.is_normalized("NFC", every_text(articles[0]))


# -- titles -------------------------------------------------------------------------------------


def test_inferred_title_is_cut_at_a_word_boundary_when_the_sentence_has_no_clause_break() -> None:
    lede = (
        "Những hoạt động của đoàn trong khuôn khổ chuyến thăm mở ra cơ hội hợp tác về ứng phó "
        "với các tình huống khẩn cấp trên quy mô lớn, đảm bảo trật tự giao thông và quản lý "
        "trại giam."
    )
    article = one(f" date 2023-06 {lede}\n\nĐoạn hai.")
    assert article.title_inferred
    assert article.title.endswith("…")
    cut = article.title[:-1]
    assert 60 <= len(cut) <= 95
    assert lede.startswith(cut) and lede[len(cut)] == " "  # no word cut in half


def test_a_first_line_that_is_a_sentence_is_not_a_title() -> None:
    article = one(
        "Tại Hội nghị, Việt Nam đề nghị các nước tăng cường xây dựng lòng tin.\n\n"
        "Bộ Công an Việt Nam sẽ tiếp tục đồng hành."
    )
    assert article.title_inferred
    assert article.lede.startswith("Tại Hội nghị, Việt Nam đề nghị")
    assert article.title == "Tại Hội nghị, Việt Nam đề nghị các nước tăng cường xây dựng lòng tin"


def test_abbreviation_period_does_not_end_the_inferred_title() -> None:
    article = one("TP. Hồ Chí Minh đón đoàn đại biểu ASEAN. Hội nghị khai mạc sáng nay.")
    assert article.title == "TP. Hồ Chí Minh đón đoàn đại biểu ASEAN"


# -- dates ----------------------------------------------------------------------------------

TITLE = "Nâng cao hiệu quả hợp tác quốc tế trong thực thi pháp luật"
LEDE = (
    "Thời gian qua, thông qua các chuyến thăm, làm việc, các hội nghị, đối thoại hợp tác giữa "
    "lãnh đạo Bộ Công an và cơ quan thực thi pháp luật các nước."
)
BODY = "Tại các cuộc hội đàm, hai bên thống nhất tăng cường trao đổi đoàn các cấp."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("02/06/2021", "2021-06-02"),
        ("2/6/2021", "2021-06-02"),
        ("Thứ Tư, 21/06/2023, 08:41", "2023-06-21"),
        ("Thứ tư, 21/6/2023 - 08:41 (GMT+7)", "2023-06-21"),
        ("Chủ nhật, 25/10/2020", "2020-10-25"),
        ("13/12/2020", "2020-12-13"),
        ("2021-06-02", "2021-06-02"),
    ],
)
def test_date_line_under_the_title_is_read_day_first(line: str, expected: str) -> None:
    article = one(f"{TITLE}\n\n{line}\n\n{LEDE}\n\n{BODY}")
    assert article.date == expected
    assert article.title == TITLE
    assert article.lede == LEDE
    assert line not in article.text


@pytest.mark.parametrize("line", ["12/13/2020", "31/02/2021", "00/06/2021", "02/06/1021"])
def test_impossible_dates_are_no_date_never_a_guess(line: str) -> None:
    article = one(f"{TITLE}\n\n{line}\n\n{LEDE}\n\n{BODY}")
    assert article.date is None


@pytest.mark.parametrize(
    ("mark", "expected"), [("2020-09", "2020-09"), ("2025-10-21", "2025-10-21")]
)
def test_date_mark_before_the_lede(mark: str, expected: str) -> None:
    article = one(f" date {mark} {LEDE}\n\n{BODY}")
    assert article.date == expected
    assert article.lede == LEDE
    assert article.title_inferred


def test_no_date_is_none() -> None:
    assert one(f"{TITLE}\n\n{LEDE}\n\n{BODY}").date is None


def test_a_date_inside_the_body_is_not_the_articles_date() -> None:
    body = (
        "Trong khuôn khổ CND, Việt Nam đã tham gia đầy đủ ba phiên tham vấn vào ngày "
        "25-26/6/2020 và ngày 02/10/2020."
    )
    article = one(f"{TITLE}\n\n{LEDE}\n\n{body}\n\n22/10/2020\n\n{BODY}")
    assert article.date is None
    assert body in article.paragraphs
    assert "22/10/2020" in article.text  # a date line in the body stays body text


def test_date_line_before_the_title() -> None:
    article = one(f"02/06/2021\n\n{TITLE}\n\n{LEDE}\n\n{BODY}")
    assert (article.date, article.title, article.lede) == ("2021-06-02", TITLE, LEDE)


# -- bylines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "credit"),
    [
        ("Hồ Hương", "Hồ Hương", None),
        ("Khổng Hà", "Khổng Hà", None),
        ("Huyền Lê", "Huyền Lê", None),
        ("Huyền Lê/TTXVN", "Huyền Lê", "TTXVN"),  # the agency after the slash: a credit
    ],
)
def test_byline_on_the_last_line_becomes_the_author(
    line: str, name: str, credit: str | None
) -> None:
    article = one(f"{TITLE}\n\n{LEDE}\n\n{BODY}\n\n{line}\n")
    assert (article.author, article.credit) == (name, credit)
    assert article.paragraphs == [BODY]


@pytest.mark.parametrize(
    "last",
    [
        "Bộ Công an Việt Nam sẽ tiếp tục đồng hành.",  # a real closing sentence
        "Hội Nghị Kết Thúc Tốt Đẹp.",  # capitalised, but a sentence
        "Quang cảnh Hội nghị.",  # a short caption-like sentence
        "Đoàn ĐBQH Việt Nam tham dự Hội nghị",
        "Liên Hợp Quốc",
    ],
)
def test_a_last_line_that_is_not_a_name_is_no_byline(last: str) -> None:
    article = one(f"{TITLE}\n\n{LEDE}\n\n{BODY}\n\n{last}")
    assert article.author is None
    assert last in article.paragraphs + article.captions


# -- junk ------------------------------------------------------------------------------------


def test_scrape_junk_is_removed() -> None:
    text = (
        f"{TITLE}\n\n\u00a0\n\n{LEDE}\n\n.\n\n\u00a0 \u200b\n\n{BODY}\n\nÝ kiến (3)\n\n"
        "Bộ Công an Việt Nam sẽ tiếp tục đồng hành./.\n\nKhổng Hà\n.\n.\nÝ kiến ()\n"
    )
    article = one(text)
    assert article.paragraphs == [BODY, "Bộ Công an Việt Nam sẽ tiếp tục đồng hành."]
    assert article.author == "Khổng Hà"
    assert article.captions == []
    assert "Ý kiến" not in every_text(article)


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("đồng hành./.", "đồng hành."),
        ("đồng hành ./.", "đồng hành."),
        ("đồng hành. /.", "đồng hành."),
        ("đồng hành?./.", "đồng hành?"),
        ("đồng hành\n./.", "đồng hành."),
    ],
)
def test_end_mark_leaves_the_sentence_with_its_period(ending: str, expected: str) -> None:
    article = one(f"{TITLE}\n\n{LEDE}\n\nBộ Công an Việt Nam sẽ tiếp tục {ending}\n\nHồ Hương")
    assert article.paragraphs == [f"Bộ Công an Việt Nam sẽ tiếp tục {expected}"]
    assert article.author == "Hồ Hương"


def test_credit_on_its_own_line_stays_with_its_caption() -> None:
    text = (
        f"{TITLE}\n\n{LEDE}\n\n{BODY}\n\n"
        "Phó thủ tướng Bùi Thanh Sơn tiếp bà Ghada Waly tại trụ sở chính phủ ngày 21/10.\n"
        "Ảnh: VGP\n\nPhó thủ tướng bày tỏ mong muốn tiếp tục đẩy mạnh hợp tác.\n\n"
        "DB11-Nâng cao hiệu quả -0\nHội nghị trực tuyến về ma túy AIPACODD 4\n(Nguồn: TTXVN)\n\n"
        "Bà Waly đánh giá cao cam kết mạnh mẽ của Việt Nam."
    )
    article = one(text)
    assert article.captions == [
        "Phó thủ tướng Bùi Thanh Sơn tiếp bà Ghada Waly tại trụ sở chính phủ ngày 21/10. Ảnh: VGP",
        "Hội nghị trực tuyến về ma túy AIPACODD 4 (Nguồn: TTXVN)",
    ]
    assert article.paragraphs == [
        BODY,
        "Phó thủ tướng bày tỏ mong muốn tiếp tục đẩy mạnh hợp tác.",
        "Bà Waly đánh giá cao cam kết mạnh mẽ của Việt Nam.",
    ]
    assert article.caption_at == [1, 2]


def test_a_number_range_line_is_not_a_photo_marker() -> None:
    text = f"{TITLE}\n\n{LEDE}\n\nASEAN-Nhật Bản hợp tác giai đoạn 2021-25\n\n{BODY}"
    article = one(text)
    assert "ASEAN-Nhật Bản hợp tác giai đoạn 2021-25" in every_text(article)
    assert BODY in article.paragraphs  # the line after it is not made a caption


# -- glued articles ---------------------------------------------------------------------------


def test_two_seeds_glued_by_a_scrape_are_two_articles() -> None:
    # seed 004 ends "...tham dự.\n\nHuyền Lê" and seed 001 starts " date 2020-09 Hội nghị":
    # glued, the byline and the next date mark share a line
    glued = seed_bytes("004") + seed_bytes("001")
    assert b"Huy\xe1\xbb\x81n L\xc3\xaa date 2020-09 H" in glued
    first, second = parse(glued, "glued.txt")
    alone_004, alone_001 = one(seed_bytes("004")), one(seed_bytes("001"))
    assert first.author == "Huyền Lê"
    assert second.author is None
    assert fields(first) == fields(alone_004)
    assert fields(second) == fields(alone_001)
    assert second.date == "2020-09"


def test_glued_with_the_date_mark_on_its_own_line() -> None:
    glued = seed_text("000") + "\n" + seed_text("004")
    first, second = parse(glued)
    assert (first.author, first.date) == ("Hồ Hương", "2021-06-02")
    assert (second.author, second.date) == ("Huyền Lê", "2025-10-21")
    assert second.lede.startswith("Việt Nam sẽ tăng cường hợp tác với Cơ quan Phòng")


def test_glued_after_a_finished_sentence_without_a_byline() -> None:
    text = f"{TITLE}\n\n{LEDE}\n\n{BODY} date 2020-09 Hội nghị SOMTC 20 năm nay.\n\nĐoạn hai."
    first, second = parse(text)
    assert first.paragraphs == [BODY]
    assert second.lede == "Hội nghị SOMTC 20 năm nay."
    assert second.date == "2020-09"


# -- bytes: encodings, forms, line ends, invisible characters -----------------------------


ENCODINGS = {
    "utf-8 with BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16 LE with BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16 BE with BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16 LE, no BOM": lambda t: t.encode("utf-16-le"),
    "cp1258": to_cp1258,
    "NFD": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "CRLF and BOM": lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"),
    "CR": lambda t: t.replace("\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_reads_the_same_in_every_encoding_and_form(prefix: str, encoding: str) -> None:
    data = ENCODINGS[encoding](seed_text(prefix))
    assert data != seed_bytes(prefix)
    assert [fields(a) for a in parse(data)] == [fields(a) for a in parse(seed_bytes(prefix))]


def test_cp1258_decomposed_letters_come_out_as_nfc() -> None:
    data = to_cp1258(seed_text("000"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "\u0301".encode("cp1258") in data  # the tone is a separate byte in the file
    article = one(data)
    assert article.title.startswith("HỘI NGHỊ TRỰC TUYẾN AIPACODD 4: VIỆT NAM TÍCH CỰC")
    assert article.author == "Hồ Hương"
    assert unicodedata.is_normalized("NFC", every_text(article))
    assert "\u0301" not in every_text(article)


def test_nfd_file_gives_nfc_text() -> None:
    article = one(unicodedata.normalize("NFD", seed_text("004")).encode("utf-8"))
    assert "Phó thủ tướng Bùi Thanh Sơn" in article.paragraphs[0]
    assert unicodedata.is_normalized("NFC", every_text(article))


def test_non_vietnamese_high_bytes_are_rejected_not_read_as_latin_1() -> None:
    data = "Größe Ärger Übermaß façade naïve Ørsted Åse æble".encode("latin-1") * 20
    with pytest.raises(Rejected, match="encoding"):
        parse(data)


def test_terminal_escapes_bidi_and_zero_width_characters_are_stripped() -> None:
    text = seed_text("004")
    text = text.replace("Bùi Thanh Sơn", "Bùi \x1b[31mThanh\x1b[0m Sơn\x07", 1)
    text = text.replace("Ghada Waly", "Ghada\u200b Wa\u200dly\u202e", 1)
    text = text.replace("Huyền Lê", "\x1b]0;owned\x07Huyền\x9b2J Lê\u2066")
    text = text.replace("tội phạm mạng.", "tội phạm \x1b[2Jmạng.\x00\x08\x7f", 1)
    article = one(text)
    shown = every_text(article)
    assert not any(c in shown for c in INVISIBLE)
    assert "Việt Nam sẽ tăng cường hợp tác" in article.title
    assert article.lede.endswith("về tội phạm mạng.")
    assert article.paragraphs[0].startswith(
        "Phó thủ tướng Bùi Thanh Sơn hôm nay tiếp bà Ghada Waly,"
    )
    assert article.author == "Huyền Lê"
    assert "owned" not in shown


def test_markup_like_text_is_kept_literally() -> None:
    text = (
        "[bold red]Cảnh báo[/] về tội phạm mạng\n\n"
        "Lễ mở ký với chủ đề [link=https://x.vn]Chống tội phạm mạng[/link] tại Hà Nội.\n\n"
        "Bà Waly đánh giá cao [b]cam kết[/b] của Việt Nam [/]."
    )
    article = one(text)
    assert article.title == "[bold red]Cảnh báo[/] về tội phạm mạng"
    assert article.lede == (
        "Lễ mở ký với chủ đề [link=https://x.vn]Chống tội phạm mạng[/link] tại Hà Nội."
    )
    assert article.paragraphs == ["Bà Waly đánh giá cao [b]cam kết[/b] của Việt Nam [/]."]


# -- HTML ----------------------------------------------------------------------------------


def test_html_file_is_reduced_to_its_article() -> None:
    article_004 = one(seed_bytes("004"))
    paragraphs = "".join(f"<p>{p}</p>\n" for p in article_004.paragraphs[:3])
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<title>Việt Nam - Báo Thế giới &amp; Việt Nam</title>"
        "<meta property='article:published_time' content='2025-10-21T09:30:00+07:00'>"
        "<style>p { color: red }</style><script>alert('x')</script></head><body>"
        "<nav><script>var x = '<p>không</p>';</script></nav>"
        "<h1>Việt Nam sẽ tăng cường hợp tác với UNODC</h1>\n"
        f"<p class='sapo'>{article_004.lede}</p>\n{paragraphs}"
        "<figure><img src='a.jpg' alt=''><figcaption>Phó thủ tướng Bùi Thanh Sơn tiếp bà "
        "Ghada Waly tại trụ sở chính phủ ngày 21/10. Ảnh: VGP</figcaption></figure>\n"
        "<p>Bà Waly đánh giá cao cam kết mạnh mẽ&nbsp;của Việt Nam &amp; UNODC.</p>"
        "<p><b>Huyền Lê</b></p></body></html>"
    )
    article = one(page, "bai.html")
    assert article.title == "Việt Nam sẽ tăng cường hợp tác với UNODC"
    assert not article.title_inferred
    assert article.date == "2025-10-21"
    assert article.author == "Huyền Lê"
    assert article.lede == article_004.lede  # the h1 is the title, not also the lede
    assert article.paragraphs[:3] == article_004.paragraphs[:3]
    assert article.paragraphs[-1] == "Bà Waly đánh giá cao cam kết mạnh mẽ của Việt Nam & UNODC."
    assert article.captions == [
        "Phó thủ tướng Bùi Thanh Sơn tiếp bà Ghada Waly tại trụ sở chính phủ ngày 21/10. Ảnh: VGP"
    ]
    shown = every_text(article)
    for leftover in ("<", ">", "alert", "color", "&nbsp;", "&amp;", "không"):
        assert leftover not in shown


def test_html_leftovers_in_a_text_file_are_reduced_to_text() -> None:
    text = seed_text("000")
    text = text.replace(
        "Đoàn ĐBQH Việt Nam đã có báo cáo",
        '<a href="https://quochoi.vn/x?a=1&amp;b=2">Đoàn ĐBQH Việt Nam</a> đã có&nbsp;báo cáo',
        1,
    )
    text = text.replace("Tại Hội nghị, các quốc gia", "<p>Tại Hội nghị,<br/>các quốc gia", 1)
    text = text.replace("tiêu cực của ma túy", "tiêu cực của <strong>ma túy</strong>", 1)
    text = text.replace("của Việt Nam./.", "của Việt Nam./.</p>&#x202E;&lt;3")
    article = one(text)
    plain = one(seed_bytes("000"))
    assert article.title == plain.title
    assert (article.date, article.author) == (plain.date, plain.author)
    assert article.lede == plain.lede
    assert "Tại Hội nghị," in article.paragraphs and "các quốc gia" in article.text
    assert "tiêu cực của ma túy" in article.text
    shown = every_text(article)
    for leftover in ("<a", "href", "&nbsp;", "&amp;", "<p>", "<br", "</", "\u202e"):
        assert leftover not in shown


# -- JSON and Markdown -----------------------------------------------------------------------


def test_json_lines_records_with_string_and_list_bodies() -> None:
    records = [
        {
            "title": "Việt Nam chia sẻ kinh nghiệm của ASEAN về chống khủng bố tại LHQ",
            "date": "10/07/2020",
            "author": "Khổng Hà",
            "body": f"{LEDE}\n\n{BODY}",
            "source": "baoquocte.vn",
        },
        {"title": TITLE, "date": "2023-06", "body": [LEDE, BODY, "Bộ Công an Việt Nam./."]},
        {"body": unicodedata.normalize("NFD", f"{LEDE}\n\n{BODY}\n\nHuyền Lê")},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    first, second, third = parse(data, "kho.jsonl")
    assert (first.title, first.date, first.author) == (
        records[0]["title"],
        "2020-07-10",
        "Khổng Hà",
    )
    assert (first.lede, first.paragraphs, first.source) == (LEDE, [BODY], "baoquocte.vn")
    assert (second.title, second.date, second.author, second.source) == (
        TITLE,
        "2023-06",
        None,
        "kho.jsonl",
    )
    assert second.paragraphs == [BODY, "Bộ Công an Việt Nam."]
    assert third.title_inferred and third.date is None
    assert (third.lede, third.author) == (LEDE, "Huyền Lê")


def test_bad_json_lines_are_reported_and_the_good_records_kept() -> None:
    good = json.dumps({"title": TITLE, "body": LEDE}, ensure_ascii=False)
    bad = [
        "{not json",
        '{"title": "không có thân bài"}',
        "[1, 2]",
        "[" * 100_000,
        '{"body": ' + "9" * 5000 + "}",
    ]
    data = "\n".join([good, *bad, good.replace(TITLE, "B")])
    articles = parse_bytes(data.encode("utf-8"), "kho.jsonl")
    assert [a.title for a in articles] == [TITLE, "B"]
    assert isinstance(articles, Articles)
    problems = articles.problems
    assert len(problems) == 5
    assert problems[0].startswith("line 2: not JSON")
    assert problems[1].startswith("line 3:") and "body" in problems[1]
    assert problems[2].startswith("line 4:") and "object" in problems[2]
    assert problems[3].startswith("line 5:") and "nested" in problems[3]
    assert problems[4].startswith("line 6:")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ('{"title": "A"}\n{"body": 3}\n', "body"),
        ("{not json\n", "not JSON"),
        ('{"title": "A", "content": {"x": 1}}', '"content" is not text'),
        ("[" * 50_000 + "]" * 50_000, "nested"),
        ("[]", "no records"),
    ],
)
def test_json_with_no_good_record_is_rejected_with_the_reason(data: str, reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        parse(data, "kho.json" if data.startswith("[") else "kho.jsonl")


def test_json_file_holding_an_array_of_records() -> None:
    data = json.dumps([{"title": TITLE, "body": LEDE}, {"title": "B", "body": BODY}])
    assert [a.lede for a in parse(data, "kho.json")] == [LEDE, BODY]


def test_markdown_file() -> None:
    text = (
        f"# {TITLE} **mới**\n\n02/06/2021\n\n"
        "Thời gian qua, **Bộ Công an** đã [chuyển tải](https://bocongan.gov.vn) thông điệp.\n\n"
        "![Quang cảnh Hội nghị](anh.jpg)\n\n"
        f"> {BODY}\n\n"
        "- Tăng cường trao đổi đoàn\n- Chia sẻ thông tin\n\n"
        "Khổng Hà\n"
    )
    article = one(text, "bai.md")
    assert article.title == f"{TITLE} mới"
    assert article.date == "2021-06-02"
    assert article.author == "Khổng Hà"
    assert article.lede == "Thời gian qua, Bộ Công an đã chuyển tải thông điệp."
    assert article.captions == ["Quang cảnh Hội nghị"]
    assert article.paragraphs == [BODY, "• Tăng cường trao đổi đoàn", "• Chia sẻ thông tin"]
    for leftover in ("**", "](", "![", "# ", "> "):
        assert leftover not in every_text(article)


# -- bad input ----------------------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100806000000") + bytes(300)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n  \n", "empty"),
        ("\u00a0\n\u200b\u202e\n\x1b[0m\n".encode(), "empty"),
        (codecs.BOM_UTF8 + b"\r\n", "empty"),
        (PNG, "binary"),
        (b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4, "binary"),
        (b"\x7fELF\x02\x01\x01" + bytes(500), "binary"),
        (codecs.BOM_UTF16_LE + b"\x00", "UTF-16"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        parse(data)


def test_too_large_file_is_rejected_before_reading() -> None:
    with pytest.raises(Rejected, match="too large"):
        parse(b"a" * (64 * 1024 * 1024 + 1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=400)
    | st.text(
        alphabet=st.sampled_from(list("aăâđ ./\n\r-:()<>&;#[]{}\"'Ảnh date 2020-09" + INVISIBLE)),
        max_size=300,
    ).map(lambda t: t.encode("utf-8")),
    name=st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl"]),
)
def test_any_bytes_give_articles_or_a_reason_never_a_crash(data: bytes, name: str) -> None:
    try:
        articles = parse_bytes(data, name)
    except Rejected as exc:
        assert str(exc)
        return
    assert articles
    for article in articles:
        assert article.title and (article.lede or article.captions)
        assert not any(c in every_text(article) for c in INVISIBLE)


# -- size and speed ------------------------------------------------------------------------------


def _timed(data: bytes, name: str = "lon.txt") -> tuple[list[Article], float]:
    start = time.perf_counter()
    articles = parse_bytes(data, name)
    return articles, time.perf_counter() - start


def test_five_megabyte_file_parses_fast() -> None:
    seed = one(seed_bytes("000"))
    body = "\n\n".join([seed.lede, *seed.paragraphs])
    repeats = 5 * 1024 * 1024 // len(body.encode("utf-8")) + 1
    text = f"{seed.title}\n\n02/06/2021\n\n" + "\n\n".join([body] * repeats) + "\n\nHồ Hương"
    data = text.encode("utf-8")
    assert len(data) >= 5 * 1024 * 1024
    (article,), seconds = _timed(data)
    assert seconds < 2.0
    assert (article.title, article.date, article.author) == (seed.title, "2021-06-02", "Hồ Hương")
    assert len(article.paragraphs) == repeats * (len(seed.paragraphs) + 1) - 1


def test_one_megabyte_single_line_parses_fast_and_gets_a_short_title() -> None:
    sentence = one(seed_bytes("001")).paragraphs[0] + " "
    line = (sentence * (1024 * 1024 // len(sentence.encode("utf-8")) + 1)).strip()
    (article,), seconds = _timed(line.encode("utf-8"))
    assert seconds < 2.0
    assert article.lede == line
    assert article.title_inferred and len(article.title) <= 100
    assert line.startswith(article.title.rstrip("…"))


@pytest.mark.parametrize(
    "line",
    [
        "Huyền Lê date 2020-09 " * 50_000,  # a byline and a date mark, again and again
        " date 2020-09 " * 70_000,
        "<p" * 450_000 + "Đoạn một.",
        "(Nguồn:" * 120_000 + " TTXVN)",
        "DB11-" + "ma túy " * 150_000 + "-0\nHội nghị",
        "&#" * 450_000,
    ],
)
def test_pathological_megabyte_lines_parse_fast(line: str) -> None:
    data = line.encode("utf-8")
    assert len(data) >= 800_000
    start = time.perf_counter()
    try:
        parse_bytes(data, "lon.txt")
    except Rejected as exc:
        assert str(exc)
    assert time.perf_counter() - start < 2.0
