"""RSS and Atom feeds: an article an item, the outlet from the feed's title; XML that is not a
feed rejected with its reason; files found by their suffix or by their look."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from store.feeds import sniff_kind
from store.files import collect_files
from store.formats import parse_bytes
from store.library import Library
from store.parse import Rejected

PAGES = Path(__file__).resolve().parent / "data" / "pages"


def test_rss_items_are_articles() -> None:
    articles = parse_bytes((PAGES / "thoisu.rss").read_bytes(), "thoisu.rss")
    assert len(articles) == 2
    first, second = articles
    assert first.title == "Hợp tác xã chè Tân Cương có thêm đơn hàng xuất khẩu"
    assert first.url == "https://nongthon.example.vn/hop-tac-xa-che-tan-cuong-1001.html"
    assert first.date == "2024-03-02"
    assert first.author == "Thu Hà"  # dc:creator
    assert first.outlet == "Báo Nông Thôn Ngày Nay"  # the feed's title, " - RSS" left out
    assert first.tags == ["Kinh tế", "chè Thái Nguyên"]
    # the full content (content:encoded), its HTML reduced to text, its script left out
    assert first.lede == "Đơn hàng mới giúp hơn 200 hộ trồng chè yên tâm sản xuất."
    assert [p[:25] for p in first.paragraphs] == [
        "Hợp tác xã vừa ký hợp đồn",
        "Giám đốc hợp tác xã cho b",
    ]
    assert first.captions == ["Xã viên hái chè vào buổi sáng. Ảnh: Thu Hà"]
    assert "alert" not in first.text and "<" not in first.text
    # an item with a description only; its author given as "address (Name)"
    assert second.author == "Minh Tâm"
    assert second.date == "2024-03-03"  # the day where it was written, not in UTC
    assert second.lede.startswith("Nước dâng cao khiến nhiều xe máy chết máy giữa đường.")
    assert second.tags == ["Xã hội"]
    # the item without text is a problem of the file, not its end
    assert articles.problems == ["item 3 (Bài không có nội dung): no text"]


def test_atom_entries_are_articles() -> None:
    (article,) = parse_bytes((PAGES / "vanhoa.atom").read_bytes(), "vanhoa.atom")
    assert article.title == "Triển lãm tranh sơn mài mở cửa miễn phí"
    assert article.url == "https://vanhoa.example.vn/trien-lam-son-mai.html"
    assert article.date == "2024-04-01"  # 00:30 at +07:00: still the first of April
    assert article.author == "Lê Phương"
    assert article.outlet == "Tạp chí Văn Hóa Mới"
    assert article.section == "Văn hóa"  # a category whose scheme names a section
    assert article.tags == ["sơn mài"]
    # the summary is not in the content: it is the lede, the content the body
    assert article.lede == "Hơn 60 tác phẩm của các họa sĩ trẻ được trưng bày tới hết tháng."
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize("name", ["sitemap.xml", "sitemap.txt", "sitemap"])
def test_xml_that_is_no_feed_is_rejected_with_its_reason(name: str) -> None:
    data = (PAGES / "sitemap.xml").read_bytes()
    with pytest.raises(Rejected, match=r"^XML, but not an RSS or Atom feed \(root <urlset>\)$"):
        parse_bytes(data, name)


@pytest.mark.parametrize("name", ["tin.xml", "tin.txt", "tin"])
def test_a_feed_is_read_whatever_its_name(name: str) -> None:
    articles = parse_bytes((PAGES / "thoisu.rss").read_bytes(), name)
    assert [a.title for a in articles][:1] == [
        "Hợp tác xã chè Tân Cương có thêm đơn hàng xuất khẩu"
    ]


def test_a_feed_file_that_is_not_xml_is_rejected() -> None:
    with pytest.raises(Rejected, match="not an RSS or Atom feed"):
        parse_bytes("Tiêu đề\n\nMột đoạn văn.".encode(), "tin.rss")


def test_a_feed_with_no_item_with_text_is_rejected() -> None:
    data = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        b"<item><title>a</title></item></channel></rss>"
    )
    with pytest.raises(Rejected, match=r"no good item \(item 1 \(a\): no text\)"):
        parse_bytes(data, "a.rss")


def test_a_feed_in_utf16_is_read_by_its_declared_encoding() -> None:
    feed = (
        "<?xml version='1.0' encoding='utf-16'?><rss version='2.0'><channel>"
        "<title>Báo Ví Dụ</title><item><title>Giá lúa tăng</title>"
        "<description>Giá lúa tăng mạnh trong tuần qua ở nhiều tỉnh.</description>"
        "</item></channel></rss>"
    ).encode("utf-16")
    (article,) = parse_bytes(feed, "a.xml")
    assert (article.title, article.outlet) == ("Giá lúa tăng", "Báo Ví Dụ")
    assert article.lede == "Giá lúa tăng mạnh trong tuần qua ở nhiều tỉnh."


def test_reading_a_feed_fetches_nothing() -> None:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the server's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<!ENTITY x 'lo'>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        address = f"http://127.0.0.1:{server.server_port}"
        feed = (
            f"<?xml version='1.0'?><!DOCTYPE rss SYSTEM '{address}/dtd'"
            f" [<!ENTITY ext SYSTEM '{address}/entity'>]>"
            f"<rss version='2.0' xml:base='{address}/'><channel><title>T</title><item>"
            "<title>Tin</title><link>a.html</link>"
            f"<description>&lt;p&gt;Một câu.&lt;img src='{address}/img'&gt;&lt;/p&gt;"
            "</description></item></channel></rss>"
        )
        articles = parse_bytes(feed.encode(), "a.xml")
        assert [a.lede for a in articles] == ["Một câu."]
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


def test_sniffing() -> None:
    assert sniff_kind((PAGES / "thoisu.rss").read_bytes()) == "feed"
    assert sniff_kind((PAGES / "vanhoa.atom").read_bytes()) == "feed"
    assert sniff_kind((PAGES / "sitemap.xml").read_bytes()) == "feed"  # read, then rejected
    assert sniff_kind((PAGES / "vnexpress.html").read_bytes()) == "html"
    assert sniff_kind(b"\xef\xbb\xbf  <!-- x --><html><p>a</p></html>") == "html"
    assert sniff_kind(b"<?xml version='1.0'?><html xmlns='x'><body/></html>") == "html"
    assert sniff_kind("<rss version='2.0'>".encode("utf-16")) == "feed"
    assert sniff_kind("Tiêu đề\n\nMột đoạn <b>văn</b>.".encode()) is None
    assert sniff_kind("<Tên> nói rằng...".encode()) is None


def test_feeds_are_found_in_folders_and_imported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("thoisu.rss", "vanhoa.atom", "sitemap.xml"):
        (folder / name).write_bytes((PAGES / name).read_bytes())
    found, _ = collect_files([folder])
    assert sorted(p.name for p in found) == ["sitemap.xml", "thoisu.rss", "vanhoa.atom"]
    library = Library.open(tmp_path / "lib.db")
    report = library.import_paths([folder])
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["sitemap.xml"].status == "rejected"
    assert by_name["sitemap.xml"].reason == "XML, but not an RSS or Atom feed (root <urlset>)"
    assert by_name["thoisu.rss"].problems == ["item 3 (Bài không có nội dung): no text"]
    assert report.imported == 3
    stored = {a.title: a for a in library.iter_articles()}
    article = stored["Triển lãm tranh sơn mài mở cửa miễn phí"]
    assert (article.outlet, article.section, article.tags) == (
        "Tạp chí Văn Hóa Mới",
        "Văn hóa",
        ["sơn mài"],
    )
    assert article.url == "https://vanhoa.example.vn/trien-lam-son-mai.html"


def test_a_large_feed_named_txt_is_read_as_a_feed_not_streamed_as_text(tmp_path: Path) -> None:
    from store.kinds import STREAM_FROM

    sentence = "Giá rau xanh ở các chợ tăng nhẹ sau đợt mưa kéo dài. "
    text = sentence * (STREAM_FROM // len(sentence.encode()) + 10)
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Báo Ví Dụ"
        f"</title><item><title>Giá rau tăng</title><description>{text}</description></item>"
        "</channel></rss>"
    )
    path = tmp_path / "tin.txt"
    path.write_text(feed, "utf-8")
    library = Library.open(tmp_path / "lib.db")
    report = library.import_paths([path], entities=False)
    assert report.imported == 1
    (article,) = library.iter_articles()
    assert (article.title, article.outlet) == ("Giá rau tăng", "Báo Ví Dụ")
    assert "<" not in article.lede
