"""A scraper's records (JSON, JSON lines, CSV) read by their usual key names, ``--map`` for the
others, and every key no field took named once a file (``store.records``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_parse import to_cp1258

from store import loading, pool
from store.formats import parse_bytes
from store.library import Library
from store.parse import Rejected, html_fragment_text
from store.records import FIELD_KEYS, key_form, record_date
from tui.command_line import cli

TITLE = "Công an TP HCM bắt nhóm lừa đảo qua mạng"
LEDE = "Công an TP HCM vừa bắt năm người lừa đảo chiếm đoạt tiền của hàng trăm người."
BODY = "Nhóm này giả danh nhân viên ngân hàng để gọi điện cho người dân."
MORE = "Vụ việc đang được cơ quan điều tra làm rõ."


def jsonl(*records: dict[str, Any]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")


def one(record: dict[str, Any], name: str = "kho.jsonl") -> Any:
    (article,) = parse_bytes(jsonl(record), name)
    return article


# -- the key names of each field -------------------------------------------------------------


def test_the_key_tables_fields_are_the_fields_a_map_may_name() -> None:
    from store.kinds import RECORD_FIELDS

    assert tuple(FIELD_KEYS) == RECORD_FIELDS


@pytest.mark.parametrize("key", FIELD_KEYS["title"])
def test_each_title_key(key: str) -> None:
    assert one({key: TITLE, "body": f"{LEDE}\n\n{BODY}"}).title == TITLE


@pytest.mark.parametrize("key", FIELD_KEYS["lede"])
def test_each_lede_key_gives_the_lede_and_keeps_the_bodys_first_paragraph(key: str) -> None:
    article = one({"title": TITLE, key: LEDE, "body": f"{BODY}\n\n{MORE}"})
    assert (article.lede, article.paragraphs) == (LEDE, [BODY, MORE])


@pytest.mark.parametrize("key", FIELD_KEYS["body"])
def test_each_body_key(key: str) -> None:
    article = one({"title": TITLE, key: f"{LEDE}\n\n{BODY}"})
    assert (article.lede, article.paragraphs) == (LEDE, [BODY])


@pytest.mark.parametrize("key", FIELD_KEYS["date"])
def test_each_date_key(key: str) -> None:
    assert one({"title": TITLE, key: "2024-05-01", "body": LEDE}).date == "2024-05-01"


@pytest.mark.parametrize(
    ("field", "attribute", "value", "expected"),
    [
        *[("url", "url", "https://vnexpress.net/bai-1.html", None)],
        *[("author", "author", "Minh Anh", None)],
        *[("section", "section", "Pháp luật", None)],
        *[("outlet", "outlet", "Tuổi Trẻ", None)],
        *[("credit", "credit", "Theo TTXVN", None)],
        *[("tags", "tags", "lừa đảo, ngân hàng", ["lừa đảo", "ngân hàng"])],
    ],
)
def test_each_key_of_the_provenance_fields(
    field: str, attribute: str, value: str, expected: Any
) -> None:
    for key in FIELD_KEYS[field]:
        article = one({"title": TITLE, key: value, "body": LEDE})
        assert getattr(article, attribute) == (expected or value), key


def test_keys_are_compared_without_case_underscores_or_hyphens() -> None:
    assert key_form("datePublished") == key_form("date_published") == key_form("Date-Published")
    article = one({"Headline": TITLE, "articleBody": LEDE, "pubDate": "2024-05-02"})
    assert (article.title, article.lede, article.date) == (TITLE, LEDE, "2024-05-02")


def test_the_first_key_in_the_tables_order_wins_and_the_other_is_reported() -> None:
    articles = parse_bytes(
        jsonl({"description": LEDE, "summary": "Tóm tắt khác.", "body": BODY, "title": TITLE}),
        "kho.jsonl",
    )
    assert articles[0].lede == LEDE
    assert articles.notes == ["ignored: summary"]


def test_authors_as_a_list_of_names_or_of_objects_and_an_outlet_object() -> None:
    article = one(
        {
            "title": TITLE,
            "body": LEDE,
            "authors": [{"name": "Minh Anh", "url": "/tac-gia/minh-anh"}, {"name": "Văn Hùng"}],
            "publisher": {"@type": "Organization", "name": "Báo Thanh Niên"},
        }
    )
    assert (article.author, article.outlet) == ("Minh Anh, Văn Hùng", "Báo Thanh Niên")
    assert one({"body": LEDE, "authors": ["Thu Hằng", "Lan Anh"]}).author == "Thu Hằng, Lan Anh"


def test_categories_give_the_section_and_the_rest_are_tags() -> None:
    article = one(
        {
            "title": TITLE,
            "body": LEDE,
            "categories": ["Pháp luật", "Hồ sơ vụ án"],
            "tags": ["ma túy"],
        }
    )
    assert (article.section, article.tags) == ("Pháp luật", ["ma túy", "Hồ sơ vụ án"])


def test_the_source_key_keeps_its_meaning_the_articles_label() -> None:
    assert one({"title": TITLE, "body": LEDE, "source": "baoquocte.vn"}).source == "baoquocte.vn"
    article = one({"title": TITLE, "body": LEDE, "source": {"name": "VOV"}})
    assert (article.source, article.outlet) == ("kho.jsonl", "VOV")


# -- HTML in a field -----------------------------------------------------------------------


def test_html_in_the_body_is_reduced_to_text_with_its_paragraphs_and_captions() -> None:
    html = (
        f"<div class='detail'><p>{LEDE}</p>\n<p>Nhóm này <b>giả danh</b> nhân viên\n ngân hàng"
        " để gọi điện cho người dân.</p><figure><img src='a.jpg'><figcaption>Các nghi phạm tại "
        f"cơ quan công an.</figcaption></figure><p>{MORE}<br>Minh Anh</p>"
        "<script>var x = 1;</script></div>"
    )
    article = one({"title": f"<h1>{TITLE}</h1>", "content_html": html})
    assert article.title == TITLE
    assert article.lede == LEDE
    assert article.paragraphs == [BODY, MORE]
    assert article.author == "Minh Anh"
    assert article.captions == ["Các nghi phạm tại cơ quan công an."]
    assert article.caption_at == [1]  # after the first paragraph of the body
    assert "var x" not in article.text


def test_entities_in_a_plain_field_are_text() -> None:
    article = one({"title": "Bắt 2 đối tượng &amp; thu giữ ma túy", "body": LEDE})
    assert article.title == "Bắt 2 đối tượng & thu giữ ma túy"


# -- lede and body -------------------------------------------------------------------------


def test_a_lede_that_opens_the_body_is_not_repeated() -> None:
    article = one({"title": TITLE, "sapo": LEDE, "content": f"{LEDE}\n\n{BODY}"})
    assert (article.lede, article.paragraphs) == (LEDE, [BODY])
    article = one({"title": TITLE, "sapo": LEDE, "content": f"{LEDE} {BODY}\n\n{MORE}"})
    assert (article.lede, article.paragraphs) == (LEDE, [BODY, MORE])


def test_a_lede_without_a_body_is_the_article() -> None:
    article = one({"title": TITLE, "description": LEDE})
    assert (article.title, article.lede, article.paragraphs) == (TITLE, LEDE, [])


def test_a_record_without_text_is_a_problem_of_its_line() -> None:
    articles = parse_bytes(
        jsonl({"title": TITLE, "body": LEDE}, {"title": "Chỉ có tiêu đề"}), "k.jsonl"
    )
    assert articles.problems == ['line 2: no text field ("body", "content" …)']
    with pytest.raises(Rejected, match='"content" is not text'):
        parse_bytes(jsonl({"title": TITLE, "content": {"html": "x"}}), "k.jsonl")


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01T08:30:00+07:00", "2024-05-01"),
        ("2024-05-01T23:30:00Z", "2024-05-01"),  # the date where it was written, not converted
        ("2024-05-01 08:30:00", "2024-05-01"),
        ("01/05/2024 08:30", "2024-05-01"),
        ("2024/05/01", "2024-05-01"),
        ("Wed, 01 May 2024 08:30:00 +0700", "2024-05-01"),
        ("01 May 2024 08:30:00 GMT", "2024-05-01"),
        (1714527000, "2024-05-01"),  # 2024-05-01 08:30 in Vietnam
        ("1714527000", "2024-05-01"),
        (1714527000000, "2024-05-01"),  # milliseconds
        (1714496400, "2024-05-01"),  # 2024-04-30 17:00 UTC is midnight in Vietnam
        ("hôm qua", None),
        (True, None),
    ],
)
def test_record_dates(value: Any, expected: str | None) -> None:
    assert record_date(value) == expected


def test_a_date_not_understood_is_said_once_for_the_file() -> None:
    articles = parse_bytes(
        jsonl({"body": LEDE, "date": "hôm qua"}, {"body": BODY, "date": "tuần trước"}), "k.jsonl"
    )
    assert [a.date for a in articles] == [None, None]
    assert articles.notes == ['dates not understood in 2 records ("hôm qua", "tuần trước")']


# -- what no field took --------------------------------------------------------------------


def test_every_unused_key_is_named_once_for_the_file_sorted() -> None:
    records = [
        {"id": n, "title": TITLE, "body": f"{LEDE} {n}", "views": 10, "likes": 3, "Comments": []}
        for n in range(3)
    ]
    records[1]["shares"] = 2
    records[2]["empty"] = None  # nothing in it: nothing lost
    articles = parse_bytes(jsonl(*records), "k.jsonl")
    assert articles.notes == ["ignored: id, likes, shares, views"]


def test_the_note_of_unused_keys_is_capped() -> None:
    record = {"body": LEDE, **{f"k{n:02d}": n for n in range(25)}}
    (note,) = parse_bytes(jsonl(record), "k.jsonl").notes
    assert note == "ignored: " + ", ".join(f"k{n:02d}" for n in range(20)) + " and 5 more"


def test_a_key_of_the_wrong_kind_is_named_and_the_next_key_read() -> None:
    articles = parse_bytes(
        jsonl({"title": {"vi": TITLE}, "headline": TITLE, "body": LEDE}), "k.json"
    )
    assert articles[0].title == TITLE
    assert articles.notes == ["not read (not text): title"]


# -- --map ---------------------------------------------------------------------------------


def test_a_map_reads_any_key_and_a_dotted_one_inside_an_object() -> None:
    record = {
        "tieu_de": TITLE,
        "noi_dung": f"{LEDE}\n\n{BODY}",
        "meta": {"author": {"name": "Thu Hằng"}, "views": 5},
    }
    field_map = {"title": "tieu_de", "body": "noi_dung", "author": "meta.author"}
    articles = parse_bytes(jsonl(record), "k.jsonl", field_map=field_map)
    article = articles[0]
    assert (article.title, article.lede, article.author) == (TITLE, LEDE, "Thu Hằng")
    assert articles.notes == ["ignored: meta.views"]


def write_export(path: Path) -> None:
    path.write_text(
        json.dumps(
            {"tieu_de": TITLE, "noi_dung": f"{LEDE}\n\n{BODY}", "url": "https://a.vn/1"},
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )


def test_bantin_import_map_and_a_bad_field(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    write_export(export)
    db = str(tmp_path / "lib.db")
    runner = CliRunner()
    bad = runner.invoke(cli, ["--db", db, "import", "--map", "noidung=x", str(export)])
    assert bad.exit_code == 2
    assert "'noidung' is not a field: one of title, lede, body, date" in bad.output
    result = runner.invoke(
        cli,
        ["--db", db, "import", "--no-entities", "--map", "body=noi_dung", str(export)],
    )
    assert result.exit_code == 0, result.output
    assert "ignored: tieu_de" in result.output  # printed under the file's line
    library = Library.open(Path(db), state=tmp_path / "state.db")
    (row,) = library.articles()
    stored = library.get(row.id)
    assert stored is not None and stored.url == "https://a.vn/1"
    assert stored.lede == LEDE


def test_a_changed_map_reads_a_file_imported_before_anew(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    write_export(export)
    library = Library.open(tmp_path / "lib.db", state=tmp_path / "state.db")
    library.import_paths([export], entities=False, field_map={"body": "noi_dung"})
    (row,) = library.articles()
    assert row.title != TITLE  # inferred from the lede
    again = library.import_paths([export], entities=False, field_map={"body": "noi_dung"})
    assert again.files[0].status == "unchanged"
    mapped = {"body": "noi_dung", "title": "tieu_de"}
    report = library.import_paths([export], entities=False, field_map=mapped)
    assert report.updated == 1
    (row,) = library.articles()
    assert row.title == TITLE
    with pytest.raises(ValueError, match="not a field: tieu_de"):
        library.import_paths([export], field_map={"tieu_de": "title"})


def test_a_map_reaches_the_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "POOL_FROM", 4)
    folder = tmp_path / "exports"
    folder.mkdir()
    for n in range(6):
        record = {"tieu_de": f"{TITLE} số {n}", "noi_dung": f"{LEDE} Lần {n}.\n\n{BODY}"}
        (folder / f"{n}.jsonl").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    library = Library.open(tmp_path / "lib.db", state=tmp_path / "state.db")
    report = library.import_paths(
        [folder], entities=False, processes=2, field_map={"title": "tieu_de", "body": "noi_dung"}
    )
    assert report.imported == 6 and not report.notes  # no note: the workers did start
    assert sorted(r.title for r in library.articles()) == [f"{TITLE} số {n}" for n in range(6)]


def test_a_large_json_lines_file_reads_with_the_map_and_gives_its_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "STREAM_FROM", 512)
    records = [
        {"tieu_de": f"{TITLE} số {n}", "noi_dung": f"{LEDE} Lần {n}.", "luot_xem": n}
        for n in range(20)
    ]
    small, large = tmp_path / "small" / "k.jsonl", tmp_path / "large" / "k.jsonl"
    for path in (small, large):
        path.parent.mkdir()
        path.write_bytes(jsonl(*records))
    field_map = {"title": "tieu_de", "body": "noi_dung"}
    expected = parse_bytes(small.read_bytes(), "k.jsonl", field_map=field_map)
    assert expected.notes == ["ignored: luot_xem"]
    library = Library.open(tmp_path / "lib.db", state=tmp_path / "state.db")
    report = library.import_paths([large], entities=False, field_map=field_map)
    assert report.files[0].notes == ["ignored: luot_xem"]
    assert sorted(r.title for r in library.articles()) == sorted(a.title for a in expected)


# -- CSV -----------------------------------------------------------------------------------


def test_csv_with_the_usual_keys_a_bom_and_a_quoted_body_with_line_breaks() -> None:
    data = (
        "\ufefftitle,sapo,content,publish_date,url,category,views\n"
        f'"{TITLE}","{LEDE}","{BODY}\n\n{MORE}",01/05/2024 08:30,https://a.vn/2,Pháp luật,12\n'
    )
    articles = parse_bytes(data.encode("utf-8"), "bai.csv")
    (article,) = articles
    assert (article.title, article.lede, article.paragraphs) == (TITLE, LEDE, [BODY, MORE])
    assert (article.date, article.url, article.section) == (
        "2024-05-01",
        "https://a.vn/2",
        "Pháp luật",
    )
    assert articles.notes == ["ignored: views"]


def test_csv_separated_by_semicolons_in_cp1258_and_tab_separated() -> None:
    data = to_cp1258(f"title;body\n{TITLE};{LEDE}\n")
    (article,) = parse_bytes(data, "bai.csv")
    assert (article.title, article.lede) == (TITLE, LEDE)
    (tab,) = parse_bytes(f"headline\ttext\n{TITLE}\t{LEDE}\n".encode(), "bai.tsv")
    assert tab.title == TITLE


def test_csv_a_huge_cell_and_a_row_with_a_bad_cell_count() -> None:
    huge = " ".join([BODY] * 20_000)  # over a megabyte, csv's default limit is 128 KB
    data = f'title,body\n"{TITLE}","{huge}"\n"Một, hai",ba,bốn\nB,{LEDE}\n'
    articles = parse_bytes(data.encode("utf-8"), "bai.csv")
    assert [a.title for a in articles] == [TITLE, "B"]
    assert len(articles[0].lede) > 1_000_000
    assert articles.problems == ["line 3: 3 cells, the header has 2"]


def test_csv_found_in_a_folder_and_its_provenance_stored(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "bai.csv").write_text(
        "title,body,link,site_name,keywords,section\n"
        f'{TITLE},{LEDE},https://a.vn/3,Dân Trí,"ma túy, biên giới",Xã hội\n',
        "utf-8",
    )
    library = Library.open(tmp_path / "lib.db", state=tmp_path / "state.db")
    library.import_paths([folder], entities=False)
    (row,) = library.articles()
    stored = library.get(row.id)
    assert stored is not None
    assert (stored.url, stored.outlet, stored.section, stored.tags) == (
        "https://a.vn/3",
        "Dân Trí",
        "Xã hội",
        ["ma túy", "biên giới"],
    )


def test_a_body_with_only_inline_tags_keeps_its_own_paragraphs() -> None:
    article = one(
        {"title": TITLE, "body": f"{LEDE}\n\nNhóm này <b>giả danh</b> nhân viên ngân hàng."}
    )
    assert article.paragraphs == ["Nhóm này giả danh nhân viên ngân hàng."]


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Một  hai\nba.</p>\n<p>Bốn <b>năm</b> &amp; sáu.</p>",
        "<div><p>A b.</p><br>C d<br/>e.</div>",
        "<p>x</p><ul><li>một</li><li>hai</li></ul>",
        "<h2>Tiêu đề phụ</h2><p>Đoạn <a href='x'>liên kết</a>.</p>",
    ],
)
def test_plain_html_reads_the_same_by_regexes_as_by_the_parser(markup: str) -> None:
    def lines(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.split("\n") if line.strip()]

    quick, _ = html_fragment_text(markup)
    parsed, _ = html_fragment_text(markup + "<!-- a comment: read by the parser -->")
    assert lines(quick) == lines(parsed)


def test_a_body_of_no_words_leaves_the_lede_and_a_source_of_no_text_is_named() -> None:
    articles = parse_bytes(
        jsonl({"title": TITLE, "sapo": LEDE, "body": "...", "source": {"id": 7}}), "k.jsonl"
    )
    assert (articles[0].lede, articles[0].paragraphs) == (LEDE, [])
    assert articles.notes == ["ignored: source"]
    with pytest.raises(Rejected, match='"Content" is not text'):
        parse_bytes(jsonl({"title": TITLE, "Content": 12}), "k.jsonl")


# -- what the text ends with, beside the record's own fields -----------------------------------


def test_a_credit_ending_the_body_is_kept_when_the_record_gives_none() -> None:
    article = one({"title": TITLE, "content": f"{LEDE}\n\n{BODY} (Theo VOV)"})
    assert article.credit == "Theo VOV"
    assert article.paragraphs == [BODY]


def test_a_byline_naming_someone_else_than_the_records_author_stays_in_the_text() -> None:
    article = one({"title": TITLE, "content": f"{LEDE}\n\n{BODY}\n\nMinh Anh", "author": "Thu Hà"})
    assert article.author == "Thu Hà"
    assert "Minh Anh" in article.paragraphs  # never lost
    same = one({"title": TITLE, "content": f"{LEDE}\n\n{BODY}\n\nThu Hà", "author": "Thu Hà"})
    assert same.author == "Thu Hà" and same.paragraphs == [BODY]


def test_an_address_line_in_the_text_is_the_url_unless_the_record_gives_one() -> None:
    page = "https://baomau.vn/phap-luat/bat-nhom-lua-dao-123.html"
    article = one({"title": TITLE, "content": f"{page}\n{LEDE}\n\n{BODY}"})
    assert article.url == page and article.lede == LEDE
    given = one({"title": TITLE, "content": f"{page}\n{LEDE}\n\n{BODY}", "url": "https://a.vn/b"})
    assert given.url == "https://a.vn/b"
