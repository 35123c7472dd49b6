"""Pages and feeds imported by their address, and the feeds followed (``bantin update``).

Every test talks to a small HTTP server of its own on the loopback address; none touches the
real network.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from store.library import Library
from tui.command_line import cli

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Bắt giữ nhóm buôn ma túy xuyên biên giới</title></head>
<body><article>
<h1>Bắt giữ nhóm buôn ma túy xuyên biên giới</h1>
<p>Công an tỉnh Lạng Sơn vừa bắt giữ một nhóm đối tượng vận chuyển ma túy qua biên giới.</p>
<p>Theo cơ quan điều tra, nhóm này đã hoạt động từ đầu năm và dùng xe tải chở hàng.</p>
<p>Vụ việc đang được mở rộng điều tra để làm rõ các đối tượng liên quan.</p>
</article></body></html>
"""

EXPORT = [
    {
        "title": "Hội nghị an ninh khu vực khai mạc tại Hà Nội",
        "date": "2024-03-02",
        "author": "Minh Anh",
        "body": "Hội nghị quy tụ đại diện của mười quốc gia trong khu vực.\n\n"
        "Các bên thảo luận về hợp tác phòng chống tội phạm mạng.",
    },
    {
        "title": "Tăng cường kiểm soát tại cửa khẩu quốc tế",
        "date": "2024-03-03",
        "author": "Hoàng Long",
        "body": "Lực lượng biên phòng tăng cường kiểm soát người và phương tiện.\n\n"
        "Nhiều vụ vận chuyển hàng cấm đã bị phát hiện trong tháng.",
    },
]


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0"><channel><title>Báo Mẫu</title>',
        "<link>https://bao-mau.example/</link><description>Tin mới</description>",
    ]
    for title, link, description in items:
        parts.append(
            f"<item><title>{title}</title><link>{link}</link>"
            f"<description>{description}</description>"
            "<pubDate>Mon, 04 Mar 2024 08:00:00 +0700</pubDate></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


ITEMS = [
    (
        "Triệt phá đường dây đánh bạc qua mạng",
        "https://bao-mau.example/tin/danh-bac-1.html",
        "Công an thành phố triệt phá đường dây đánh bạc trực tuyến quy mô lớn.",
    ),
    (
        "Khởi tố vụ án lừa đảo chiếm đoạt tài sản",
        "https://bao-mau.example/tin/lua-dao-2.html",
        "Cơ quan điều tra khởi tố vụ án lừa đảo qua điện thoại tại tỉnh Nghệ An.",
    ),
]
NEW_ITEM = (
    "Phát hiện kho hàng lậu ở khu công nghiệp",
    "https://bao-mau.example/tin/hang-lau-3.html",
    "Đội quản lý thị trường phát hiện kho chứa hàng nhập lậu không rõ nguồn gốc.",
)


@dataclass
class Route:
    """What the server answers at a path: a status, headers and a body (bytes), or a
    function of the request's headers giving them; ``delay`` seconds before answering."""

    body: bytes | Callable[[dict[str, str]], tuple[int, dict[str, str], bytes]] = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: bool = True  # False: no Content-Length, the body ends when the connection does


class Server:
    """An HTTP server on 127.0.0.1 (port 0) in a thread; ``routes`` by path, and the
    requests it got (path and headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.requests.append((self.path, headers))
                route = owner.routes.get(self.path)
                if route is None:
                    status, extra, body = 404, {"Content-Type": "text/plain"}, b"not found"
                elif callable(route.body):
                    status, extra, body = route.body(headers)
                else:
                    extra = {"Content-Type": route.content_type, **route.headers}
                    status, body = route.status, route.body
                if route is not None and route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(status)
                    for name, value in extra.items():
                        self.send_header(name, value)
                    if status != 304 and (route is None or route.length):
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (a timeout test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the real network: a name other than the loopback address fails here
    as it would fail without a network, and the test that got there says so."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("127.0.0.1", "localhost"):
            pytest.fail(f"a test tried to reach {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def run(*args: str, db: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.output


def exported(db: Path) -> list[dict[str, Any]]:
    code, out = run("export", db=db)
    assert code == 0, out
    return [json.loads(line) for line in out.splitlines()]


def page_with(paragraph: str) -> bytes:
    return PAGE.replace("Vụ việc đang", f"{paragraph} Vụ việc đang").encode("utf-8")


# -- a page by its address -----------------------------------------------------------------


def test_a_page_is_imported_by_its_address_with_the_address_as_its_url(
    server: Server, tmp_path: Path
) -> None:
    server.routes["/tin/bat-giu.html"] = Route(PAGE.encode("utf-8"))
    address = server.url("/tin/bat-giu.html")
    code, out = run("import", address, db=tmp_path / "lib.db")
    assert code == 0, out
    assert f"imported  {address}: 1 imported" in out
    [article] = exported(tmp_path / "lib.db")
    assert article["title"] == "Bắt giữ nhóm buôn ma túy xuyên biên giới"
    assert article["url"] == address
    assert "vận chuyển ma túy qua biên giới" in article["lede"] + article["body"]
    # who asked: bantin by name and version, accepting compressed answers
    headers = server.requests[-1][1]
    assert headers["user-agent"].startswith("bantin/")
    assert "gzip" in headers["accept-encoding"]


def test_a_page_without_a_suffix_is_read_by_its_content_type(
    server: Server, tmp_path: Path
) -> None:
    server.routes["/tin/bat-giu-123"] = Route(PAGE.encode("utf-8"))
    code, out = run("import", server.url("/tin/bat-giu-123"), db=tmp_path / "lib.db")
    assert code == 0, out
    [article] = exported(tmp_path / "lib.db")
    assert article["title"] == "Bắt giữ nhóm buôn ma túy xuyên biên giới"
    assert "<p>" not in article["body"] and "<html" not in article["lede"]


def test_an_address_with_vietnamese_letters_is_fetched_and_kept_as_written(
    server: Server, tmp_path: Path
) -> None:
    from urllib.parse import quote

    server.routes[quote("/tin/bắt-giữ nhóm")] = Route(PAGE.encode("utf-8"))
    address = server.url("/tin/bắt-giữ nhóm")
    code, out = run("import", address, db=tmp_path / "lib.db")
    assert code == 0, out
    assert exported(tmp_path / "lib.db")[0]["url"] == address


def test_an_empty_answer_is_said_so(server: Server, tmp_path: Path) -> None:
    server.routes["/rong"] = Route(b"  \n")
    code, out = run("import", server.url("/rong"), db=tmp_path / "lib.db")
    assert code == 1
    assert f"rejected  {server.url('/rong')}: the server sent an empty page" in out


def test_a_page_that_names_its_canonical_address_keeps_it(server: Server, tmp_path: Path) -> None:
    canonical = "https://bao-mau.example/phap-luat/bat-giu-nhom-buon-ma-tuy.html"
    page = PAGE.replace("</title>", f'</title>\n<link rel="canonical" href="{canonical}">')
    server.routes["/amp/bat-giu"] = Route(page.encode("utf-8"))
    code, out = run("import", server.url("/amp/bat-giu"), db=tmp_path / "lib.db")
    assert code == 0, out
    [article] = exported(tmp_path / "lib.db")
    assert article["url"] == canonical


def test_the_same_address_again_is_unchanged_and_a_changed_page_is_updated_with_its_bookmark(
    server: Server, tmp_path: Path
) -> None:
    db = tmp_path / "lib.db"
    server.routes["/tin/a"] = Route(PAGE.encode("utf-8"))
    address = server.url("/tin/a")
    assert run("import", address, db=db)[0] == 0
    code, out = run("import", address, db=db)
    assert code == 0 and f"unchanged {address}: 1 unchanged" in out
    with Library.open(db, state=tmp_path / "state.db") as library:
        [old] = library.articles()
        library.set_bookmark(old.id, "đọc lại")
    server.routes["/tin/a"] = Route(page_with("Hai đối tượng đã bị tạm giữ."))
    code, out = run("import", address, db=db)
    assert code == 0 and f"imported  {address}: 1 updated" in out
    with Library.open(db, state=tmp_path / "state.db") as library:
        [new] = library.articles()
        assert new.id != old.id
        assert library.is_bookmarked(new.id)
        assert "Hai đối tượng đã bị tạm giữ" in (library.get(new.id) or old).body


def test_a_scraper_export_by_its_address(server: Server, tmp_path: Path) -> None:
    server.routes["/export"] = Route(
        json.dumps(EXPORT, ensure_ascii=False).encode("utf-8"), "application/json"
    )
    code, out = run("import", server.url("/export"), db=tmp_path / "lib.db")
    assert code == 0, out
    assert "2 imported" in out
    titles = {a["title"] for a in exported(tmp_path / "lib.db")}
    assert titles == {EXPORT[0]["title"], EXPORT[1]["title"]}


def test_a_redirect_is_followed_and_the_url_is_where_the_page_was_found(
    server: Server, tmp_path: Path
) -> None:
    db = tmp_path / "lib.db"
    server.routes["/tin/moi.html"] = Route(PAGE.encode("utf-8"))
    server.routes["/old"] = Route(status=301, headers={"Location": "/tin/moi.html"})
    code, out = run("import", server.url("/old"), db=db)
    assert code == 0, out
    [article] = exported(db)
    assert article["url"] == server.url("/tin/moi.html")
    # stored under the address asked for: asked again, the same page is unchanged
    assert "1 unchanged" in run("import", server.url("/old"), db=db)[1]


def test_a_redirect_loop_is_said_in_one_line(server: Server, tmp_path: Path) -> None:
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    code, out = run("import", server.url("/a"), db=tmp_path / "lib.db")
    assert code == 1
    assert f"rejected  {server.url('/a')}: too many redirects" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_page_is_decoded(server: Server, tmp_path: Path, encoding: str) -> None:
    raw = PAGE.encode("utf-8")
    body = gzip.compress(raw) if encoding == "gzip" else zlib.compress(raw)
    server.routes["/z"] = Route(body, headers={"Content-Encoding": encoding})
    code, out = run("import", server.url("/z"), db=tmp_path / "lib.db")
    assert code == 0, out
    [article] = exported(tmp_path / "lib.db")
    assert article["title"] == "Bắt giữ nhóm buôn ma túy xuyên biên giới"


def test_the_encoding_the_server_or_the_page_names_is_used(server: Server, tmp_path: Path) -> None:
    text = "<html><head><title>Новости дня</title></head><body><h1>Новости дня</h1>"
    text += "<p>Сегодня в городе прошла большая конференция по безопасности.</p></body></html>"
    server.routes["/by-header"] = Route(text.encode("cp1251"), "text/html; charset=windows-1251")
    declared = text.replace("<head>", '<head><meta charset="windows-1251">')
    server.routes["/by-meta"] = Route(declared.encode("cp1251"), "text/html")
    db = tmp_path / "lib.db"
    code, out = run("import", server.url("/by-header"), server.url("/by-meta"), db=db)
    assert code == 0, out
    articles = exported(db)
    assert len(articles) == 1 and "2 duplicates" not in out  # the same text, read right twice
    assert articles[0]["title"] == "Новости дня"


# -- what goes wrong ---------------------------------------------------------------------


def test_a_404_is_rejected_and_the_rest_imported(server: Server, tmp_path: Path) -> None:
    page = tmp_path / "bai.txt"
    page.write_text("Tiêu đề bài\n\nNội dung của bài báo được lưu trong tệp.\n", encoding="utf-8")
    missing = server.url("/khong-co")
    code, out = run("import", missing, str(page), db=tmp_path / "lib.db")
    assert code == 0
    assert f"rejected  {missing}: the server answered 404 Not Found" in out
    assert "1 imported" in out and "1 rejected (2 files)" in out


def test_a_server_error_alone_exits_1(server: Server, tmp_path: Path) -> None:
    server.routes["/loi"] = Route(b"oops", "text/plain", status=503)
    code, out = run("import", server.url("/loi"), db=tmp_path / "lib.db")
    assert code == 1
    assert "the server answered 503 Service Unavailable" in out


def test_a_server_that_does_not_answer_in_time(server: Server, tmp_path: Path) -> None:
    server.routes["/cham"] = Route(PAGE.encode("utf-8"), delay=3)
    started = time.monotonic()
    code, out = run("import", "--timeout", "0.3", server.url("/cham"), db=tmp_path / "lib.db")
    assert time.monotonic() - started < 2.5
    assert code == 1
    assert f"rejected  {server.url('/cham')}: the server did not answer within 0.3 s" in out


def test_a_body_over_the_limit_is_rejected(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.fetch.MAX_READ", 1024)
    big = page_with("Thêm một đoạn. " * 200)
    server.routes["/lon"] = Route(big)
    server.routes["/dai"] = Route(big, length=False)  # no size said: counted as it comes
    # small on the wire, large once decompressed
    server.routes["/nen"] = Route(gzip.compress(big), headers={"Content-Encoding": "gzip"})
    paths = ("/lon", "/dai", "/nen")
    code, out = run("import", *map(server.url, paths), db=tmp_path / "lib.db")
    assert code == 1
    for path in paths:
        assert f"rejected  {server.url(path)}: too large (over 1024 bytes, the limit)" in out


def test_unreachable_addresses_are_said_in_one_line(tmp_path: Path) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    refused = f"http://127.0.0.1:{port}/tin"
    unknown = "https://bao-mau.invalid/tin/a.html"
    started = time.monotonic()
    code, out = run("import", refused, unknown, db=tmp_path / "lib.db")
    assert time.monotonic() - started < 5
    assert code == 1
    assert f"rejected  {refused}: could not reach the server (connection refused)" in out
    assert f"rejected  {unknown}: could not reach the server (Name or service not known)" in out
    assert "Traceback" not in out


def test_what_is_not_a_page_or_feed_is_rejected(server: Server, tmp_path: Path) -> None:
    server.routes["/anh.png"] = Route(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
    server.routes["/ftp"] = Route(status=302, headers={"Location": "ftp://bao-mau.example/"})
    ftp = "ftp://bao-mau.example/a.txt"
    code, out = run(
        "import", server.url("/anh.png"), ftp, server.url("/ftp"), db=tmp_path / "lib.db"
    )
    assert code == 1
    assert f"rejected  {server.url('/ftp')}: redirected to a ftp address" in out
    assert f"rejected  {server.url('/anh.png')}: not a page or feed (image/png)" in out
    assert "rejected  ftp://bao-mau.example/a.txt: only http and https addresses" in out


# -- feeds -------------------------------------------------------------------------------


def test_a_feed_by_its_address_gives_an_article_an_item(server: Server, tmp_path: Path) -> None:
    server.routes["/rss/tin-moi.rss"] = Route(rss(ITEMS), "application/rss+xml; charset=utf-8")
    code, out = run("import", server.url("/rss/tin-moi.rss"), db=tmp_path / "lib.db")
    assert code == 0, out
    articles = exported(tmp_path / "lib.db")
    assert {a["url"] for a in articles} == {link for _, link, _ in ITEMS}
    assert {a["title"] for a in articles} == {title for title, _, _ in ITEMS}


def empty_library(tmp_path: Path) -> Path:
    """A library named by --db: update, unlike import, does not create one."""
    from store.library import open_library

    path = tmp_path / "lib.db"
    open_library(path, seed=False, state=tmp_path / "state.db").close()
    return path


def write_config(feeds: list[str]) -> Path:
    """The user's config file (the tests' own config folder) following ``feeds``."""
    from store.paths import config_dir

    path = config_dir() / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    urls = ", ".join(json.dumps(url) for url in feeds)
    path.write_text(f"[feeds]\nurls = [{urls}]\n", encoding="utf-8")
    return path


def etag_route(state: dict[str, Any]) -> Route:
    """A feed that answers 304 to its current ETag."""

    def answer(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if headers.get("if-none-match") == state["etag"]:
            return 304, {"ETag": state["etag"]}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": state["etag"]}, state["body"]

    return Route(answer)


def test_update_asks_only_for_what_changed_and_imports_new_items(
    server: Server, tmp_path: Path
) -> None:
    db = empty_library(tmp_path)
    feed = {"etag": '"v1"', "body": rss(ITEMS)}
    server.routes["/rss/a.rss"] = etag_route(feed)
    write_config([server.url("/rss/a.rss")])
    code, out = run("update", db=db)
    assert code == 0, out
    assert f"imported  {server.url('/rss/a.rss')}: 2 imported" in out
    code, out = run("update", db=db)
    assert code == 0, out
    assert server.requests[-1][1]["if-none-match"] == '"v1"'
    assert f"unchanged {server.url('/rss/a.rss')}: not modified since the last fetch" in out
    feed.update(etag='"v2"', body=rss([NEW_ITEM, *ITEMS]))
    code, out = run("update", db=db)
    assert code == 0, out
    assert f"imported  {server.url('/rss/a.rss')}: 1 imported, 2 unchanged" in out
    assert len(exported(db)) == 3


def test_update_sends_back_the_last_modified_date(server: Server, tmp_path: Path) -> None:
    db = empty_library(tmp_path)
    stamp = "Mon, 04 Mar 2024 01:00:00 GMT"
    body = json.dumps(EXPORT, ensure_ascii=False).encode("utf-8")

    def answer(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if headers.get("if-modified-since") == stamp:
            return 304, {}, b""
        return 200, {"Content-Type": "application/json", "Last-Modified": stamp}, body

    server.routes["/export.json"] = Route(answer)
    write_config([server.url("/export.json")])
    assert "2 imported" in run("update", db=db)[1]
    code, out = run("update", db=db)
    assert code == 0, out
    assert server.requests[-1][1].get("if-modified-since") == stamp
    assert "not modified since the last fetch" in out
    assert out.splitlines()[-1].startswith("1 feed: 0 articles imported")
    assert "nothing new in 1, 0 failed" in out


def test_an_item_gone_from_the_feed_stays(server: Server, tmp_path: Path) -> None:
    db = empty_library(tmp_path)
    feed = {"etag": '"v1"', "body": rss(ITEMS)}
    server.routes["/rss/a.rss"] = etag_route(feed)
    write_config([server.url("/rss/a.rss")])
    assert run("update", db=db)[0] == 0
    feed.update(etag='"v2"', body=rss([NEW_ITEM, ITEMS[0]]))
    code, out = run("update", db=db)
    assert code == 0 and "1 imported, 1 unchanged" in out
    assert {a["title"] for a in exported(db)} == {t for t, _, _ in [*ITEMS, NEW_ITEM]}


def test_an_items_page_imported_replaces_its_summary_and_is_kept_by_later_updates(
    server: Server, tmp_path: Path
) -> None:
    db = empty_library(tmp_path)
    link = server.url("/tin/bat-giu.html")
    item = ("Bắt giữ nhóm buôn ma túy xuyên biên giới", link, "Tóm tắt: một nhóm bị bắt.")
    feed = {"etag": '"v1"', "body": rss([item])}
    server.routes["/rss/a.rss"] = etag_route(feed)
    server.routes["/tin/bat-giu.html"] = Route(PAGE.encode("utf-8"))
    write_config([server.url("/rss/a.rss")])
    assert "1 imported" in run("update", db=db)[1]
    with Library.open(db, state=tmp_path / "state.db") as library:
        [summary] = library.articles()
        library.set_bookmark(summary.id)
    code, out = run("import", link, db=db)  # the full text of the item
    assert code == 0 and f"imported  {link}: 1 updated" in out
    feed.update(etag='"v2"', body=rss([item, NEW_ITEM]))
    code, out = run("update", db=db)
    assert code == 0 and "1 imported, 1 unchanged" in out
    articles = exported(db)
    assert len(articles) == 2
    [page] = [a for a in articles if a["url"] == link]
    assert "Theo cơ quan điều tra" in page["lede"] + page["body"]  # the page, not the summary
    with Library.open(db, state=tmp_path / "state.db") as library:
        assert library.is_bookmarked(page["id"])


def test_update_says_each_feed_and_exits_1_when_every_feed_failed(
    server: Server, tmp_path: Path
) -> None:
    db = empty_library(tmp_path)
    server.routes["/rss/a.rss"] = etag_route({"etag": '"v1"', "body": rss(ITEMS)})
    write_config([server.url("/rss/a.rss"), server.url("/rss/gone.rss")])
    code, out = run("update", db=db)
    assert code == 0
    assert f"failed    {server.url('/rss/gone.rss')}: the server answered 404" in out
    assert out.splitlines()[-1].startswith("2 feeds:") and "1 failed" in out.splitlines()[-1]
    write_config([server.url("/rss/gone.rss")])
    assert run("update", db=db)[0] == 1


def test_update_list_shows_the_feeds_and_when_each_was_fetched(
    server: Server, tmp_path: Path
) -> None:
    db = empty_library(tmp_path)
    server.routes["/export.json"] = Route(json.dumps(EXPORT).encode(), "application/json")
    path = write_config([server.url("/export.json")])
    assert run("update", db=db)[0] == 0
    # the other form, a feed with a name
    path.write_text(
        f'[[feeds]]\nurl = "{server.url("/export.json")}"\nname = "Xuất bản"\n\n'
        f'[[feeds]]\nurl = "{server.url("/rss/b.rss")}"\n',
        encoding="utf-8",
    )
    code, out = run("update", "--list", db=db)
    assert code == 0
    first, second = out.splitlines()
    assert first.startswith(f"Xuất bản ({server.url('/export.json')})  fetched 20")
    assert second == f"{server.url('/rss/b.rss')}  never fetched"


def test_update_without_feeds_or_with_a_broken_config_says_so(tmp_path: Path) -> None:
    code, out = run("update", db=tmp_path / "lib.db")
    assert code == 1 and "no feeds to follow: list them in" in out
    bad = tmp_path / "bad.toml"
    bad.write_text("[feeds\nurls = 1\n", encoding="utf-8")
    code, out = run("update", "--config", str(bad), db=tmp_path / "lib.db")
    assert code == 1 and "not valid TOML" in out and "Traceback" not in out
    bad.write_text('[feeds]\nurls = ["bao-mau.example/rss"]\n', encoding="utf-8")
    code, out = run("update", "--config", str(bad), db=tmp_path / "lib.db")
    assert code == 1 and "feed 1 is not an address" in out


def test_a_feed_served_as_text_is_still_a_feed(server: Server) -> None:
    from store.fetch import fetch

    server.routes["/rss"] = Route(rss(ITEMS), "text/plain; charset=utf-8")
    server.routes["/page"] = Route(PAGE.encode("utf-8"), "text/plain")
    assert fetch(server.url("/rss")).is_feed
    plain = fetch(server.url("/page"))
    assert not plain.is_feed and plain.name == "page.txt"


def test_an_address_given_relative_to_the_feed_is_made_whole(
    server: Server, tmp_path: Path
) -> None:
    item = ("Bắt giữ nhóm buôn ma túy xuyên biên giới", "/tin/bat-giu.html", "Tóm tắt ngắn.")
    server.routes["/rss/a.rss"] = Route(rss([item]), "application/rss+xml")
    code, out = run("import", server.url("/rss/a.rss"), db=tmp_path / "lib.db")
    assert code == 0, out
    [article] = exported(tmp_path / "lib.db")
    assert article["url"] == server.url("/tin/bat-giu.html")


def test_update_follow_fetches_each_new_items_page_once(server: Server, tmp_path: Path) -> None:
    db = empty_library(tmp_path)
    full, missing = server.url("/tin/bat-giu.html"), server.url("/tin/da-xoa.html")
    items = [
        ("Bắt giữ nhóm buôn ma túy xuyên biên giới", full, "Tóm tắt: một nhóm bị bắt."),
        ("Bài đã bị gỡ khỏi trang", missing, "Tóm tắt của một bài không còn trên trang."),
    ]
    feed = {"etag": '"v1"', "body": rss(items)}
    server.routes["/rss/a.rss"] = etag_route(feed)
    server.routes["/tin/bat-giu.html"] = Route(PAGE.encode("utf-8"))
    path = write_config([])
    path.write_text(
        f'[[feeds]]\nurl = "{server.url("/rss/a.rss")}"\nfollow = true\n', encoding="utf-8"
    )
    code, out = run("update", db=db)
    assert code == 0, out
    assert "2 imported, 1 pages fetched for their full text" in out
    assert f"{missing}: page not fetched: the server answered 404 Not Found" in out
    by_url = {a["url"]: a for a in exported(db)}
    assert "Theo cơ quan điều tra" in by_url[full]["lede"] + by_url[full]["body"]
    assert by_url[missing]["lede"].startswith("Tóm tắt của một bài")
    asked = len(server.requests)
    new_item = ("Phát hiện kho hàng lậu", server.url("/tin/moi.html"), "Tóm tắt: kho hàng lậu.")
    server.routes["/tin/moi.html"] = Route(page_with("Kho hàng nằm ở khu công nghiệp."))
    feed.update(etag='"v2"', body=rss([new_item, *items]))
    code, out = run("update", db=db)
    assert code == 0 and "1 imported, 2 unchanged, 1 pages fetched" in out
    paths = [p for p, _ in server.requests[asked:]]
    assert paths == ["/rss/a.rss", "/tin/moi.html"]  # the items seen before: not again


def test_the_config_file_says_what_is_wrong_with_a_feed(tmp_path: Path) -> None:
    from store.fetch import ConfigError, feeds_config

    path = tmp_path / "config.toml"
    path.write_text('[[feeds]]\nurl = "https://a.example/rss"\nfollow = "yes"\n', "utf-8")
    with pytest.raises(ConfigError, match="feed 1: follow must be true or false"):
        feeds_config(path)
    path.write_text('[[feeds]]\nurl = "https://a.example/rss"\nnme = "A"\n', "utf-8")
    with pytest.raises(ConfigError, match="not nme"):
        feeds_config(path)
    path.write_text('[feeds]\nurls = ["https://a.example/rss", "https://a.example/rss"]\n')
    assert [feed.url for feed in feeds_config(path)] == ["https://a.example/rss"]


def test_importing_files_loads_nothing_of_the_network(seeds: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from store.library import open_library\n"
        f"lib = open_library({str(tmp_path / 'lib.db')!r}, seed=False,"
        f" state={str(tmp_path / 'state.db')!r})\n"
        f"assert lib.import_paths([{str(seeds)!r}]).imported == 5\n"
        "print(','.join(m for m in ('store.fetch', 'urllib.request', 'http.client', 'ssl')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
