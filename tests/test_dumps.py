"""A text file holding many articles in one shape is split into them (``store.dump``); one
article, whatever it holds, is never split."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from store import loading
from store.dump import split_dump
from store.formats import parse_bytes
from store.library import Library

ARTICLES = [
    (
        "Công an Long An bắt nhóm buôn lậu thuốc lá",
        "02/05/2024",
        "Lực lượng chức năng tỉnh Long An bắt giữ ba người vận chuyển thuốc lá lậu qua biên giới.",
        "Số hàng bị thu giữ gồm năm nghìn bao thuốc lá ngoại không rõ nguồn gốc.",
        "Minh Châu",
    ),
    (
        "Hà Nội mở đợt cao điểm phòng chống ma túy",
        "03/05/2024",
        "Thành phố Hà Nội mở đợt cao điểm tấn công trấn áp tội phạm ma túy trong tháng Năm.",
        "Các quận huyện được giao chỉ tiêu cụ thể và phải báo cáo hằng tuần.",
        "Thu Hằng",
    ),
    (
        "Triệt phá đường dây đánh bạc qua mạng",
        "04/05/2024",
        "Công an tỉnh Quảng Ninh triệt phá đường dây đánh bạc trực tuyến hơn trăm tỷ đồng.",
        "Các đối tượng đã bị khởi tố để điều tra về tội tổ chức đánh bạc.",
        "Văn Hùng",
    ),
]
TITLES = [a[0] for a in ARTICLES]
DATES = ["2024-05-02", "2024-05-03", "2024-05-04"]
AUTHORS = [a[4] for a in ARTICLES]


def block(article: tuple[str, ...], date_first: bool = False) -> str:
    title, date, *rest = article
    head = [date, title] if date_first else [title, date]
    return "\n\n".join([*head, *rest])


def read(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(a.title, a.date, a.author) for a in parse_bytes(text.encode("utf-8"), "dump.txt")]


EXPECTED = list(zip(TITLES, DATES, AUTHORS, strict=True))


@pytest.mark.parametrize("separator", ["\n\n", "\n\n---\n\n", "\n\n=====\n\n", "\n\n* * *\n\n"])
def test_a_dump_of_three_articles_by_each_separator(separator: str) -> None:
    assert read(separator.join(map(block, ARTICLES))) == EXPECTED


def test_a_dump_whose_articles_open_with_their_date_then_their_title() -> None:
    assert read("\n\n".join(block(a, date_first=True) for a in ARTICLES)) == EXPECTED


def test_a_dump_without_dates_is_split_at_separators_when_each_piece_ends_with_a_byline() -> None:
    text = "\n***\n".join("\n".join([a[0], a[2], a[3], a[4]]) for a in ARTICLES)
    assert read(text) == [(t, None, a) for t, a in zip(TITLES, AUTHORS, strict=True)]


def test_the_address_above_each_title_stays_with_its_article() -> None:
    text = "\n\n".join(
        f"https://baomoi.com/bai-{n}.epi\n{block(a)}" for n, a in enumerate(ARTICLES)
    )
    pieces = split_dump(text)
    assert len(pieces) == 3
    assert [p.split("\n")[0] for p in pieces] == [
        f"https://baomoi.com/bai-{n}.epi" for n in range(3)
    ]


@pytest.mark.parametrize(
    ("title", "date", "author", "body"),
    [("Tiêu đề", "Ngày đăng", "Tác giả", "Nội dung"), ("Title", "Date", "Author", "Content")],
)
def test_a_labelled_dump_is_read_field_by_field(
    title: str, date: str, author: str, body: str
) -> None:
    text = "\n\n".join(
        f"{title}: {a[0]}\n{date}: {a[1]} 08:30\n{author}: {a[4]}\nChuyên mục: Pháp luật\n"
        f"{body}:\n{a[2]}\n{a[3]}"
        for a in ARTICLES
    )
    articles = parse_bytes(text.encode("utf-8"), "dump.txt")
    assert [(a.title, a.date, a.author) for a in articles] == EXPECTED
    assert [a.section for a in articles] == ["Pháp luật"] * 3
    assert (articles[0].lede, articles[0].paragraphs) == (ARTICLES[0][2], [ARTICLES[0][3]])


def test_one_labelled_article_is_read_by_its_labels() -> None:
    text = f"Tiêu đề: {TITLES[0]}\nNguồn: Báo Long An\n\n{ARTICLES[0][2]}\n\n{ARTICLES[0][3]}\n"
    (article,) = parse_bytes(text.encode("utf-8"), "bai.txt")
    assert (article.title, article.outlet, article.lede) == (
        TITLES[0],
        "Báo Long An",
        ARTICLES[0][2],
    )


# -- what is never split -------------------------------------------------------------------


def test_one_article_with_one_date_and_many_paragraphs_is_one() -> None:
    title, date, lede, body, author = ARTICLES[0]
    text = "\n\n".join([title, date, lede, *[body] * 12, author])
    assert read(text) == [(title, DATES[0], author)]


def test_an_article_in_parts_between_stars_is_one() -> None:
    parts = [
        "Nỗi lo của người dân vùng biên",
        ARTICLES[1][2],
        "***",
        "Những chuyến hàng trong đêm",
        ARTICLES[2][2],
        "***",
        "Lời giải nào cho bài toán",
        ARTICLES[1][3],
    ]
    text = "\n\n".join([TITLES[0], "02/05/2024", ARTICLES[0][2], *parts, "Minh Châu"])
    assert read(text) == [(TITLES[0], DATES[0], "Minh Châu")]


def test_a_date_line_inside_the_body_does_not_split() -> None:
    text = "\n\n".join(
        [TITLES[0], "02/05/2024", ARTICLES[0][2], "Diễn biến chính", "03/05/2024", ARTICLES[0][3]]
    )
    assert len(read(text)) == 1


# -- large dumps ---------------------------------------------------------------------------


def large_dump(count: int, first: int = 0) -> str:
    return "\n\n---\n\n".join(
        block((f"{a[0]} số {n}", *a[1:3], f"{a[3]} Lần thứ {n}.", a[4]))
        for n in range(first, first + count)
        for a in ARTICLES[n % 3 : n % 3 + 1]
    )


def test_a_large_dump_is_split_in_linear_time() -> None:
    text = large_dump(20_000)  # about 5 MB
    start = time.perf_counter()
    articles = parse_bytes(text.encode("utf-8"), "dump.txt")
    assert len(articles) == 20_000
    assert time.perf_counter() - start < 15  # measured under 2 s; quadratic would be hours


def test_a_dump_read_as_it_is_stored_gives_what_it_gives_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        large_dump(30) + "\n\n date 2024-05 " + large_dump(6, first=30)
    )  # a glued mark among them
    whole = parse_bytes(text.encode("utf-8"), "dump.txt")
    assert len(whole) == 36
    monkeypatch.setattr(loading, "STREAM_FROM", 1024)
    path = tmp_path / "dump.txt"
    path.write_text(text, "utf-8")
    library = Library.open(tmp_path / "lib.db", state=tmp_path / "state.db")
    library.import_paths([path], entities=False)
    stored = sorted((r.title, r.date) for r in library.articles(limit=100))
    assert stored == sorted((a.title, a.date) for a in whole)
