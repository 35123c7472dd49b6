"""Where an article came from, as a user sees it: the reader's header (outlet, date, author,
the address shortened to the width), ``y`` copying a citation, and the command line's
bookmarks and search carrying the address, outlet, section, tags and credit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pilot import main_screen, play, until
from rich.cells import cell_len
from textual.pilot import Pilot

from store.library import Library, open_library
from store.parse import Article
from tui import i18n
from tui.app import BantinApp
from tui.command_line import cli
from tui.provenance import Part, citation, display_address, fit_line, fit_lines, short_address
from tui.screens.help import HelpScreen
from tui.screenshots import provenance_library
from tui.widgets.footer import Footer

URL = (
    "https://www.vnexpress.net/phap-luat/ho-so-pha-an/"
    "bat-giu-nhom-doi-tuong-van-chuyen-ma-tuy-qua-bien-gioi-4712345.html"
)
CITED = "Bắt giữ nhóm đối tượng vận chuyển ma túy qua biên giới"
BARE = "Hội nghị bàn về hợp tác phòng, chống tội phạm mạng"


# -- the address, the header line, the citation, without an app -----------------------------


def test_the_address_drops_its_scheme_and_www_and_shortens_to_the_width() -> None:
    assert display_address(URL).startswith("vnexpress.net/phap-luat/")
    assert display_address("http://WWW.example.vn/a/b/#top") == "example.vn/a/b"
    assert (
        display_address("https://baomoi.com/%C4%91%E1%BA%A7u-t%C6%B0.epi")
        == "baomoi.com/đầu-tư.epi"
    )
    assert short_address(URL, 40) == "vnexpress.net/…/bat-giu-…-4712345.html"
    assert short_address(URL, 100).startswith("vnexpress.net/phap-luat/…/bat-giu-")
    assert short_address(URL, 200) == display_address(URL)
    for width in range(1, 130):
        shown = short_address(URL, width)
        assert cell_len(shown) <= width, width
    for width in range(30, 100):  # the site and the article's number stay while they can
        shown = short_address(URL, width)
        assert shown.startswith("vnexpress.net/") and shown.endswith(".html"), width


def test_an_address_shows_no_terminal_control_even_when_escaped() -> None:
    for url in ("https://x.vn/\x1b[31mred", "https://x.vn/%1B%5B31mred", "https://x.vn/a\nb"):
        shown = short_address(url, 60)
        assert "\x1b" not in shown and "\n" not in shown
    assert "␛[31mred" in short_address("https://x.vn/%1B%5B31mred", 60)


def test_a_header_line_leaves_out_the_least_useful_parts_first_then_cuts() -> None:
    parts = [
        Part("VnExpress", 8),
        Part("Pháp luật", 3, " › "),
        Part("Wednesday, 21 June 2023", 9, " · ", "21 Jun 2023", 5),
        Part("Kim Thanh", 6),
        Part("Theo VOV", 4),
        Part("1 min read", 2),
    ]
    full = "VnExpress › Pháp luật · Wednesday, 21 June 2023 · Kim Thanh · Theo VOV · 1 min read"
    assert fit_line(parts, 100) == full
    assert (
        fit_line(parts, 70)
        == "VnExpress › Pháp luật · Wednesday, 21 June 2023 · Kim Thanh · Theo VOV"
    )
    assert fit_line(parts, 58) == "VnExpress · Wednesday, 21 June 2023 · Kim Thanh · Theo VOV"
    # then the date written short, before the author goes
    assert fit_line(parts, 40) == "VnExpress · 21 Jun 2023 · Kim Thanh"
    assert fit_line(parts, 30) == "VnExpress · 21 Jun 2023"
    assert fit_line(parts, 20) == "21 Jun 2023"
    assert fit_line(parts[2:3], 20) == "21 Jun 2023"  # the date alone: short, not cut
    assert fit_line(parts[2:3], 8) == "21 Jun…"
    long_author = [Part("Wednesday, 21 June 2023", 9), Part("Nguyễn " * 40, 6)]
    assert fit_line(long_author, 60).startswith("Wednesday, 21 June 2023 · Nguyễn Nguyễn")
    assert fit_line(long_author, 60).endswith("…") and cell_len(fit_line(long_author, 60)) <= 60


def test_without_an_address_the_header_takes_a_second_line_rather_than_leave_things_out() -> None:
    parts = [
        Part("Thứ Tư, 21 tháng 6, 2023", 9, " · ", "21/06/2023", 5),
        Part("Nguyễn Văn Anh", 6),
        Part("3 phút đọc", 2),
        Part("★ đọc lại đoạn cuối", 7),
    ]
    assert fit_lines(parts, 80) == [
        "Thứ Tư, 21 tháng 6, 2023 · Nguyễn Văn Anh · 3 phút đọc · ★ đọc lại đoạn cuối"
    ]
    assert fit_lines(parts, 45) == [
        "Thứ Tư, 21 tháng 6, 2023 · Nguyễn Văn Anh",
        "3 phút đọc · ★ đọc lại đoạn cuối",
    ]
    assert fit_lines(parts, 36) == [
        "Thứ Tư, 21 tháng 6, 2023",
        "Nguyễn Văn Anh · ★ đọc lại đoạn cuối",
    ]
    assert fit_lines(parts, 26) == ["Thứ Tư, 21 tháng 6, 2023", "★ đọc lại đoạn cuối"]
    assert fit_lines(parts, 45, lines=1) == ["21/06/2023 · Nguyễn Văn Anh · ★ đọc lại đoạn…"]
    for width in range(8, 90):
        for lines in (1, 2):
            fitted = fit_lines(parts, width, lines)
            assert 1 <= len(fitted) <= lines and all(cell_len(x) <= width for x in fitted)


def _stored(**fields: object) -> object:
    """A stored article (``StoredArticle``) with ``fields``, the rest plain."""
    from store.kinds import StoredArticle

    base: dict[str, object] = dict(
        doc=1,
        id="x",
        title=CITED,
        title_inferred=False,
        date="2023-06-21",
        author=None,
        lede="",
        body="",
        captions=[],
        caption_at=[],
        source="bat-giu.html",
        words=10,
        imported_at="2026-12-07T00:00:00+00:00",
    )
    base.update(fields)
    return StoredArticle(**base)  # type: ignore[arg-type]


@pytest.fixture
def english() -> object:
    previous = i18n.current()
    i18n.install("en")
    yield
    i18n.install(previous)


def test_a_citation_says_author_title_outlet_date_and_address(english: object) -> None:
    full = _stored(author="Kim Thanh", outlet="VnExpress", url=URL, credit="Theo VOV")
    assert citation(full) == (  # type: ignore[arg-type]
        f"Kim Thanh. {CITED}. VnExpress (Theo VOV), 21 June 2023. {URL}"
    )
    bare = _stored(title="Ai sẽ thắng?", date="2020-09")
    assert citation(bare) == "Ai sẽ thắng? September 2020. File: bat-giu.html"  # type: ignore[arg-type]
    undated = _stored(date=None, outlet="Tuổi Trẻ", url=" https://tuoitre.vn/a b.htm ")
    assert citation(undated) == f"{CITED}. Tuổi Trẻ. https://tuoitre.vn/a%20b.htm"  # type: ignore[arg-type]
    i18n.install("vi")
    assert citation(full) == (  # type: ignore[arg-type]
        f"Kim Thanh. {CITED}. VnExpress (Theo VOV), 21 tháng 6, 2023. {URL}"
    )
    assert citation(bare).endswith("tháng 9 năm 2020. Tệp: bat-giu.html")  # type: ignore[arg-type]


def test_a_citation_carries_no_control_and_no_line_break(english: object) -> None:
    evil = _stored(
        title="Tin\x1b[2J\nmới", outlet="[b]Báo[/b]\x07", url="https://x.vn/\x1b]52;c;eA==\x07"
    )
    text = citation(evil)  # type: ignore[arg-type]
    assert "\x1b" not in text and "\x07" not in text and "\n" not in text
    assert "[b]Báo[/b]" in text  # markup characters are text


# -- the reader's header -------------------------------------------------------------------


def header(app: BantinApp) -> dict[str, list[str]]:
    """The reader's title, meta and address lines as drawn (fitted, cut)."""
    reader = main_screen(app).reader
    lines: dict[str, list[str]] = {}
    for line in reader._lines:
        if line.block.kind in ("title", "meta", "address"):
            lines.setdefault(line.block.kind, []).append(line.plain)
    return lines


async def open_titled(pilot: Pilot[None], app: BantinApp, title: str) -> None:
    screen = main_screen(app)
    listing = screen.article_list
    listing.focus()
    for index in range(listing.total):
        item = listing.item(index)
        if item is not None and item.row.title == title:
            listing.move_to(index)
    await pilot.press("enter")
    await until(
        pilot,
        lambda: (
            screen.reader.has_focus
            and screen.reader.opened is not None
            and screen.reader.opened.article.title == title
        ),
    )


@pytest.mark.parametrize(
    ("size", "language"), [((80, 24), "vi"), ((120, 34), "en"), ((200, 40), "en")]
)
def test_the_header_shows_where_the_article_came_from_at_any_width(
    tmp_path: Path, size: tuple[int, int], language: str
) -> None:
    db = provenance_library(tmp_path)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        reader = main_screen(app).reader
        await open_titled(pilot, app, CITED)
        lines = header(app)
        width = reader.text_width
        assert len(lines["meta"]) == 1 and len(lines["address"]) == 1  # never wrapped
        meta, address = lines["meta"][0], lines["address"][0]
        assert cell_len(meta) <= width and cell_len(address) <= width
        assert meta.startswith("VnExpress") and "Kim Thanh" in meta
        dates = ("21 tháng 6, 2023", "21/06/2023") if language == "vi" else ("21 June", "21 Jun")
        assert any(date in meta for date in dates)
        assert address.startswith("vnexpress.net/") and address.endswith("4712345.html")
        if width >= 90:  # room for everything: the section, the credit, the address whole
            assert "VnExpress › Pháp luật" in meta and "Theo VOV" in meta
            assert address == short_address(URL, width)
        # drawn as laid out: the line on the screen is the fitted one
        below_title = len(lines["title"])
        assert reader.render_line(below_title).text == f"  {meta}".ljust(reader.size.width)
        assert address in reader.render_line(below_title + 1).text

        await open_titled(pilot, app, BARE)
        lines = header(app)
        assert "address" not in lines  # nothing about where it came from: no line for it
        assert lines["meta"] == [
            ("Thứ Ba, 20 tháng 6, 2023" if language == "vi" else "Tuesday, 20 June 2023")
            + (" · 1 phút đọc" if language == "vi" else " · 1 min read")
        ]

    play(db, scenario, size=size, language=language)


def test_the_header_is_never_markup_nor_controls(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    with open_library(db, seed=False) as library:
        evil = Article(
            title="Tin mới",
            title_inferred=False,
            date="2023-06-21",
            author="[bold red]Ai[/] \x1b[31mđó",
            lede="Một câu mở đầu.",
            paragraphs=["Một đoạn văn."],
            url="https://x.vn/[@click=app.quit]\x1b[2J",
            outlet="[@click=app.quit]Báo[/]",
            section="Pháp\x07luật",
            credit="\x9bTheo VOV",
        )
        library.import_articles([evil], "evil", entities=False)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        await open_titled(pilot, app, "Tin mới")
        lines = header(app)
        shown = lines["meta"][0] + lines["address"][0]
        assert "[@click=app.quit]Báo[/]" in shown and "[bold red]Ai[/]" in shown
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
        await pilot.click("Reader")
        await pilot.pause()
        assert not app._exit

    play(db, scenario, size=(200, 40))


# -- y: a citation to the clipboard --------------------------------------------------------


def test_y_copies_the_citation_of_the_open_article_and_says_so(tmp_path: Path) -> None:
    db = provenance_library(tmp_path)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        copied: list[str] = []
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await open_titled(pilot, app, CITED)
        await pilot.press("y")
        await until(pilot, lambda: bool(copied))
        expected = f"Kim Thanh. {CITED}. VnExpress (Theo VOV), 21 June 2023. {URL}"
        assert copied == [expected]
        note = next(n for n in app._notifications if n.title == "Citation copied")
        assert note.message.startswith(f"Kim Thanh. {CITED}.")
        assert len(note.message) <= 90 and note.message.endswith("…")
        assert "y Cite" in main_screen(app).query_one(Footer).render().plain

        await open_titled(pilot, app, BARE)
        await pilot.press("y")
        await until(pilot, lambda: len(copied) == 2)
        assert copied[1] == f"{BARE}. 20 June 2023. File: hoi-nghi.txt"

    play(db, scenario, size=(120, 34))


def test_y_in_the_list_cites_the_highlighted_row_in_the_ui_language(tmp_path: Path) -> None:
    db = provenance_library(tmp_path)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        listing = screen.article_list
        assert screen.narrow and screen.reader.opened is None  # one pane: the list alone
        listing.focus()
        listing.move_to(0)
        await pilot.press("y")
        await until(pilot, lambda: bool(app.clipboard))
        assert app.clipboard.endswith(f"VnExpress (Theo VOV), 21 tháng 6, 2023. {URL}")
        assert any(n.title == "Đã chép trích dẫn" for n in app._notifications)
        assert screen.reader.opened is None  # citing opened nothing
        listing.move_to(1)
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard.startswith(BARE))
        assert app.clipboard.endswith("Tệp: hoi-nghi.txt")

    play(db, scenario, size=(80, 24), language="vi")
    with Library.open(db) as library:  # nor marked anything read
        assert all(library.read_state(row.id) is None for row in library.articles())


def test_help_and_palette_offer_the_citation(tmp_path: Path) -> None:
    db = provenance_library(tmp_path)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        groups = dict(app.screen.groups)  # type: ignore[attr-defined]
        assert ("y", "Cite") in groups["List"] and ("y", "Cite") in groups["Reader"]
        await pilot.press("escape")
        from tui.palette import COMMANDS

        assert any(action == "copy_citation" for _t, _h, action in COMMANDS)
        copied: list[str] = []
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        main_screen(app).action_copy_citation()  # what the palette's command runs
        await until(pilot, lambda: bool(copied))
        assert copied[0].startswith(f"Kim Thanh. {CITED}.")

    play(db, scenario, size=(120, 34))


# -- the command line ----------------------------------------------------------------------

PROVENANCE = ["url", "outlet", "section", "tags", "credit"]


def run(*args: str, db: Path) -> tuple[int, str]:
    """The exit code and standard output."""
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def test_bookmarks_and_search_carry_where_articles_came_from(tmp_path: Path) -> None:
    db = provenance_library(tmp_path)
    with Library.open(db) as library:
        for row in library.articles():
            library.set_bookmark(row.id, "")
    code, out = run("bookmarks", "--json", db=db)
    rows = {row["title"]: row for row in json.loads(out)}
    assert code == 0
    old = ["id", "title", "date", "author", "source", "note", "created"]
    assert all(list(row) == old + PROVENANCE for row in rows.values())  # added after, in order
    assert rows[CITED]["url"] == URL and rows[CITED]["outlet"] == "VnExpress"
    assert rows[CITED]["section"] == "Pháp luật" and rows[CITED]["credit"] == "Theo VOV"
    assert rows[CITED]["tags"] == ["ma túy", "biên giới"]
    assert rows[BARE]["url"] is None and rows[BARE]["tags"] == []

    code, out = run("bookmarks", "--markdown", db=db)
    assert f"- **[{CITED}](<{URL}>)** (VnExpress, 2023-06-21, Kim Thanh, bat-giu.html)" in out
    assert f"- **{BARE}** (2023-06-20, hoi-nghi.txt)" in out
    code, out = run("bookmarks", db=db)
    assert f"★ {CITED}  (VnExpress, 2023-06-21, Kim Thanh, bat-giu.html)\n    {URL}\n" in out

    code, out = run("search", "--json", "ma", "tuy", db=db)
    hit = json.loads(out)[0]
    assert (
        list(hit)[-5:] == PROVENANCE
        and hit["url"] == URL
        and hit["tags"] == ["ma túy", "biên giới"]
    )

    code, out = run("export", db=db)
    exported = {json.loads(line)["title"]: json.loads(line) for line in out.splitlines()}
    assert exported[CITED]["outlet"] == "VnExpress" and exported[BARE]["outlet"] is None


def test_a_markdown_link_cannot_be_broken_by_its_address(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    with open_library(db, seed=False) as library:
        odd = Article(
            title="Tin [mới]",
            title_inferred=False,
            date=None,
            author=None,
            lede="Một câu mở đầu.",
            paragraphs=["Một đoạn văn."],
            url="https://x.vn/a b>c<d)",
        )
        library.import_articles([odd], "odd", entities=False)
        library.set_bookmark(library.articles()[0].id, "")
    out = run("bookmarks", "--markdown", db=db)[1]
    assert out.startswith(r"- **[Tin \[mới\]](<https://x.vn/a%20b%3Ec%3Cd)>)**")
