"""The reader app, driven key by key with Textual's Pilot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pilot import main_screen, play, until
from test_search_tiers import invest_library
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from store.library import Library, open_library
from tui.app import BantinApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteDialog
from tui.widgets.footer import Footer
from tui.widgets.reader import Reader


def reader_text(app: BantinApp) -> str:
    reader = main_screen(app).reader
    return "\n".join(line.indent + line.text.plain for line in reader._lines)


def flat(app: BantinApp) -> str:
    """The reader's text with line breaks as spaces: what it says, whatever the width."""
    return " ".join(reader_text(app).split())


def topbar(app: BantinApp) -> str:
    return str(main_screen(app).query_one("#topbar").render())


async def open_row(pilot: Pilot[None], app: BantinApp, index: int) -> None:
    screen = main_screen(app)
    screen.article_list.focus()
    screen.article_list.move_to(index)
    await pilot.press("enter")
    row = screen.article_list.current()
    assert row is not None
    await until(pilot, lambda: screen.reader.article_id == row.row.id and screen.reader.has_focus)


def test_start_shows_the_seeds_newest_first(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        listing = main_screen(app).article_list
        assert listing.total == 5
        dates = [listing.item(i).row.date for i in range(5)]  # type: ignore[union-attr]
        assert dates == ["2025-10-21", "2023-06-21", "2021-06-02", "2020-09", None]
        assert "5 articles" in topbar(app)
        # the first article is shown in the reader at once, not marked read by a preview
        await until(pilot, lambda: main_screen(app).reader.opened is not None)
        assert "Việt Nam sẽ tăng cường hợp tác" in reader_text(app)
        assert listing.item(0).row.read is False  # type: ignore[union-attr]

    play(tmp_path / "lib.db", scenario)


def test_keys_move_open_and_mark_read(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        listing = screen.article_list
        await pilot.press("j", "j")
        assert listing.cursor == 2
        await pilot.press("k")
        assert listing.cursor == 1
        await pilot.press("G")
        assert listing.cursor == 4
        await pilot.press("g")
        assert listing.cursor == 0
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: screen.reader.has_focus)
        text = reader_text(app)
        assert text.startswith("HỘI NGHỊ TRỰC TUYẾN AIPACODD 4")
        assert "Wednesday, 2 June 2021 · Hồ Hương" in flat(app)
        assert "│ Hội nghị trực tuyến về ma" in text  # a caption, set apart
        assert listing.item(2).row.read is True  # type: ignore[union-attr]
        # n / p: the next and previous article from the reader
        await pilot.press("n")
        await until(pilot, lambda: "SOMTC 20" in reader_text(app).split("\n")[0])
        assert listing.cursor == 3
        await pilot.press("p")
        await until(pilot, lambda: reader_text(app).startswith("HỘI NGHỊ"))
        # u toggles the read mark
        await pilot.press("u")
        await until(pilot, lambda: listing.item(2).row.read is False)  # type: ignore[union-attr]
        # q: back to the list, then quit
        await pilot.press("q")
        assert listing.has_focus
        await pilot.press("q")
        await pilot.pause()
        assert app._exit

    play(tmp_path / "lib.db", scenario)


def test_reading_position_is_kept_across_restarts_and_resizes(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    saved: dict[str, int] = {}

    async def first(pilot: Pilot[None], app: BantinApp) -> None:
        await open_row(pilot, app, 1)  # the long article 002
        reader = main_screen(app).reader
        await pilot.press("space", "space", "j", "j")
        await pilot.pause(0.6)  # the position is saved once scrolling stops
        saved["offset"] = reader.top_offset()
        assert saved["offset"] > 0
        await pilot.resize_terminal(90, 20)
        await pilot.pause(0.1)
        assert abs(reader.top_offset() - saved["offset"]) < 120  # the same place, re-wrapped
        await pilot.resize_terminal(120, 32)
        await pilot.pause(0.6)
        saved["offset"] = reader.top_offset()

    async def second(pilot: Pilot[None], app: BantinApp) -> None:
        await open_row(pilot, app, 1)
        assert main_screen(app).reader.top_offset() == saved["offset"]

    play(db, first)
    play(db, second)


def test_search_as_you_type_open_highlight_and_come_back(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        listing = screen.article_list
        await pilot.press("j")  # the list as it was: cursor on the second row
        await pilot.press("slash")
        await until(pilot, lambda: screen.search_bar.has_focus)
        await pilot.press(*"ma tuy")
        await until(pilot, lambda: listing.source.is_search and listing.total == 3)
        await until(pilot, lambda: "3 results" in str(screen.query_one("#search-status").render()))
        first = listing.item(0)
        assert first is not None and "«" not in first.snippet and first.snippet_spans
        await pilot.press("enter")
        await until(pilot, lambda: screen.reader.has_focus and screen.reader.match_count > 0)
        reader = screen.reader
        assert reader._current_match == 0
        await pilot.press("n")
        assert reader._current_match == 1
        await pilot.press("N")
        assert reader._current_match == 0
        await pilot.press("escape")  # clears the highlights
        assert reader.match_count == 0
        await pilot.press("s")  # the library's search from the reader ("/" finds in it)
        assert screen.search_bar.has_focus
        await pilot.press("escape")  # leaves the search: the list as it was
        await until(pilot, lambda: not listing.source.is_search and listing.total == 5)
        assert listing.cursor == 1

    play(tmp_path / "lib.db", scenario)


def test_a_huge_search_says_it_ranked_the_newest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.matches
    import tui.screens.main_search

    for module in (store.matches, tui.screens.main_search):
        monkeypatch.setattr(module, "RANK_CUT", 2)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        listing = screen.article_list
        await pilot.press("slash")
        await until(pilot, lambda: screen.search_bar.has_focus)
        await pilot.press(*"viet nam")
        await until(pilot, lambda: listing.source.is_search and listing.total == 5)
        status = screen.query_one("#search-status")
        await until(pilot, lambda: "5 results · the newest 2 ranked" in str(status.render()))
        dates = [item.row.date for item in (listing.item(i) for i in range(5)) if item]
        assert dates[2:] == ["2021-06-02", "2020-09", None]  # every match is in the list

    play(tmp_path / "lib.db", scenario)


def test_search_box_counts_together_offers_spellings_and_ctrl_s_picks_one(
    tmp_path: Path,
) -> None:
    db = tmp_path / "lib.db"
    with Library.open(db) as lib:
        invest_library(lib)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        listing = screen.article_list
        await pilot.press("slash")
        await until(pilot, lambda: screen.search_bar.has_focus)
        status = screen.query_one("#search-status")
        spellings = screen.query_one("#search-spellings")
        await pilot.press(*"dau tu")
        await until(pilot, lambda: "together" in str(status.render()))
        assert str(status.render()) == "3 together · 5 with every word"
        assert listing.total == 5
        await until(pilot, lambda: spellings.display)
        assert str(spellings.render()) == "^s đầu tư 2 · dấu tư 1"
        assert "^s Spelling" in app.screen.query_one(Footer).render().plain
        await pilot.press("ctrl+s")  # the most frequent spelling, quoted: the search narrows
        assert screen.search_bar.value == '"đầu tư"'
        await until(pilot, lambda: listing.source.query == '"đầu tư"' and listing.total == 2)
        await until(pilot, lambda: str(status.render()) == "2 results")
        assert str(spellings.render()) == "^s [đầu tư 2] · dấu tư 1"
        assert screen.search_bar.has_focus
        await pilot.press("ctrl+s")  # the next one
        await until(pilot, lambda: listing.source.query == '"dấu tư"' and listing.total == 1)
        await pilot.press("ctrl+s")  # round again: the words as typed
        await until(pilot, lambda: listing.source.query == "dau tu" and listing.total == 5)
        await until(pilot, lambda: str(spellings.render()) == "^s đầu tư 2 · dấu tư 1")
        await pilot.press(*" von")  # typing goes on: one spelling only, nothing offered
        await until(pilot, lambda: listing.source.query == "dau tu von" and listing.total == 2)
        await until(pilot, lambda: not spellings.display)
        await pilot.press("escape")
        await until(pilot, lambda: not listing.source.is_search)

    play(db, scenario)


def test_a_huge_search_of_undated_articles_claims_no_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.matches
    import tui.screens.main_search

    for module in (store.matches, tui.screens.main_search):
        monkeypatch.setattr(module, "RANK_CUT", 2)
    db = tmp_path / "lib.db"
    with Library.open(db) as lib:
        invest_library(lib)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await pilot.press("slash")
        await until(pilot, lambda: screen.search_bar.has_focus)
        status = screen.query_one("#search-status")
        await pilot.press(*"dau tu")
        await until(pilot, lambda: "ranked" in str(status.render()))
        text = str(status.render())
        assert text == "3 together · 5 with every word · the 2 imported last ranked"

    play(db, scenario)


def test_search_that_finds_nothing_or_is_malformed_says_so(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await pilot.press("slash")
        await until(pilot, lambda: screen.search_bar.has_focus)
        status = screen.query_one("#search-status")
        await pilot.press(*"khongcotu")
        await until(pilot, lambda: "No article matches" in str(status.render()))
        screen.search_bar.value = '"'
        await until(pilot, lambda: "Type a word" in str(status.render()))
        screen.search_bar.value = "AND ("
        await pilot.pause(0.4)
        screen.search_bar.value = "tội-phạm"
        await until(pilot, lambda: screen.article_list.total == 5)

    play(tmp_path / "lib.db", scenario)


def test_bookmark_with_note_then_bookmarks_list(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await pilot.press("j", "j", "j")
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press(*"SOMTC 20", "enter")
        await until(pilot, lambda: screen.article_list.item(3).row.bookmarked)  # type: ignore[union-attr]
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen) and app.screen.marks)
        marks = app.screen.marks  # type: ignore[attr-defined]
        assert [m["note"] for m in marks] == ["SOMTC 20"]
        await pilot.press("enter")
        await until(pilot, lambda: "SOMTC 20" in reader_text(app).split("\n")[0])
        assert "★ SOMTC" in reader_text(app)
        # b on the open article removes the bookmark
        await pilot.press("b")
        await until(pilot, lambda: "★" not in reader_text(app))

    play(db, scenario)
    with Library.open(db) as lib:
        assert lib.bookmarks() == []


def test_bookmark_survives_restart_and_reimport(tmp_path: Path, seeds: Path) -> None:
    db = tmp_path / "lib.db"

    async def mark(pilot: Pilot[None], app: BantinApp) -> None:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press("escape")  # no note: still bookmarked
        await until(pilot, lambda: main_screen(app).article_list.item(0).row.bookmarked)  # type: ignore[union-attr]

    play(db, mark)
    with Library.open(db) as lib:
        lib.import_paths([seeds])

    async def check(pilot: Pilot[None], app: BantinApp) -> None:
        assert main_screen(app).article_list.item(0).row.bookmarked  # type: ignore[union-attr]
        await pilot.press("v", "v")  # all -> unread -> bookmarked
        await until(pilot, lambda: main_screen(app).article_list.source.which == "bookmarked")
        assert main_screen(app).article_list.total == 1

    play(db, check)


def test_help_lists_the_live_bindings_in_the_ui_language(tmp_path: Path) -> None:
    for language, words in (
        ("en", ["Bookmark", "Search", "Next match/article"]),
        ("vi", ["Đánh dấu", "Tìm", "Chỗ khớp/bài sau"]),
    ):

        async def scenario(pilot: Pilot[None], app: BantinApp, words: list[str] = words) -> None:
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            shown = " ".join(label for _g, rows in app.screen.groups for _k, label in rows)  # type: ignore[attr-defined]
            for word in words:
                assert word in shown
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, MainScreen))

        play(tmp_path / f"{language}.db", scenario, language=language)


def test_vietnamese_interface(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        assert "5 bài · Tất cả" in topbar(app)
        await until(pilot, lambda: main_screen(app).reader.opened is not None)
        # the header under the title, on two lines where the reader is narrow
        assert "Thứ Ba, 21 tháng 10, 2025 · Huyền Lê 4 phút đọc" in flat(app)

    play(tmp_path / "lib.db", scenario, language="vi")


def test_palette_finds_titles_and_commands_without_marks(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "hoi nghi somtc"
        options = app.screen.query_one(OptionList)
        await until(pilot, lambda: any("SOMTC 20" in str(o.prompt) for o in options.options))
        index = next(i for i, o in enumerate(options.options) if "SOMTC 20" in str(o.prompt))
        options.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: "SOMTC 20" in reader_text(app).split("\n")[0])
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "danh dau"  # "Dấu trang" typed without marks
        options = app.screen.query_one(OptionList)
        await until(pilot, lambda: options.option_count > 0)

    play(tmp_path / "lib.db", scenario, language="vi")


def test_palette_offers_bantins_commands_not_textuals_untranslated_ones(tmp_path: Path) -> None:
    """Textual's Keys panel (untranslated key descriptions), its second Quit and its screenshot
    are not offered; its theme picker is, in the UI's language."""

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        options = app.screen.query_one(OptionList)
        await until(pilot, lambda: options.option_count > 0)
        prompts = [str(o.prompt) for o in options.options]
        titles = [p.splitlines()[0] for p in prompts]
        assert "Giao diện" in titles and "Thoát" in titles
        assert titles.count("Thoát") == 1
        assert not {"Keys", "Screenshot", "Quit", "Theme"} & set(titles)

    play(tmp_path / "lib.db", scenario, language="vi")


def test_article_text_is_never_markup(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "[bold red]Tiêu đề[/] [@click=app.quit]bấm[/]\n\n02/06/2021\n\n"
        "Đoạn mở đầu có [/i] và \x1b[31mmàu\x1b[0m cùng [link=http://x]liên kết[/link] ở đây.\n\n"
        "Đoạn thứ hai của bài viết, dài đủ để là một đoạn văn thật sự.\n",
        encoding="utf-8",
    )
    with Library.open(db) as lib:
        lib.import_paths([evil])

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        listing = main_screen(app).article_list
        assert listing.total == 1
        await pilot.press("enter")
        await until(pilot, lambda: main_screen(app).reader.has_focus)
        text = flat(app)
        assert text.startswith("[bold red]Tiêu đề[/] [@click=app.quit]bấm[/]")
        assert "[/i]" in text and "[link=http://x]liên kết[/link]" in text
        assert "\x1b" not in text
        row = listing.render_line(0).text
        assert "[bold red]Tiêu đề[/]" in row
        await pilot.click(Reader)
        await pilot.pause()
        assert not app._exit

    play(db, scenario)


def test_small_terminals_and_resizes(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        assert screen.has_class("-narrow")
        assert screen.query_one("#reader-pane").display is False
        await pilot.press("j", "enter")
        await until(pilot, lambda: screen.reader.has_focus)
        assert screen.query_one("#left").display is False  # the reader has the whole screen
        await pilot.resize_terminal(40, 12)
        await pilot.pause(0.1)
        await pilot.press("space", "j")
        await pilot.resize_terminal(160, 50)
        await pilot.pause(0.1)
        assert not screen.has_class("-narrow")
        assert screen.article_list.cursor == 1
        assert screen.reader.article_id == screen.article_list.current().row.id  # type: ignore[union-attr]
        await pilot.resize_terminal(80, 24)
        await pilot.press("q")
        assert screen.article_list.has_focus
        assert screen.query_one("#left").display is True

    play(tmp_path / "lib.db", scenario, size=(80, 24))


def test_two_sessions_share_a_library(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    open_library(db).close()

    async def both() -> None:
        one, two = BantinApp(db_path=db), BantinApp(db_path=db)
        async with one.run_test(size=(120, 32)) as p1, two.run_test(size=(120, 32)) as p2:
            await until(p1, lambda: main_screen(one).article_list.total == 5)
            await until(p2, lambda: main_screen(two).article_list.total == 5)
            await p1.press("b")
            await until(p1, lambda: isinstance(one.screen, NoteDialog))
            await p1.press("escape")
            await until(p1, lambda: main_screen(one).article_list.item(0).row.bookmarked)  # type: ignore[union-attr]
            await p2.press("ctrl+r")
            await until(p2, lambda: main_screen(two).article_list.item(0).row.bookmarked)  # type: ignore[union-attr]

    asyncio.run(both())


def test_a_library_error_is_a_message_not_a_crash(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        service = app.service

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("database disk image is malformed")

        service.article = broken  # type: ignore[method-assign]
        await pilot.press("j", "enter")
        await until(pilot, lambda: any("malformed" in str(n.message) for n in app._notifications))
        assert not app._exit

    play(tmp_path / "lib.db", scenario)


def test_list_pages_only_what_is_shown(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    from store.parse import Article

    with Library.open(db) as lib:
        articles = [
            Article(
                f"Bài số {n}",
                False,
                f"2020-01-{1 + n % 28:02d}",
                None,
                f"Đoạn mở đầu số {n} về hợp tác.",
                [f"Nội dung {n} riêng."],
            )
            for n in range(1500)
        ]
        lib.import_articles(articles, "many")

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        listing = main_screen(app).article_list
        assert listing.total == 1500
        assert len(listing._pages) <= 2
        await pilot.pause()
        # a long list has its vertical bar, and no horizontal one taking a row under it (the
        # titles are cut to the width, never scrolled sideways)
        assert listing.show_vertical_scrollbar
        assert not listing.show_horizontal_scrollbar
        await pilot.press("G")
        await until(pilot, lambda: listing.item(1499) is not None)
        assert listing.cursor == 1499
        assert sum(len(p) for p in listing._pages.values()) <= 100 * 12

    play(db, scenario)


def test_start_up_objects_are_kept_out_of_full_collections_while_the_app_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the first screen is up, what it took is frozen out of the garbage collector's
    full collections (a pause that would land on a keystroke); it is given back on exit."""
    import gc

    import tui.startup

    freezes: list[int] = []
    real_freeze = gc.freeze

    def freeze() -> None:
        freezes.append(1)
        real_freeze()

    monkeypatch.setattr(tui.startup.gc, "freeze", freeze)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await until(pilot, lambda: bool(freezes) and screen.reader.article_id is not None)
        assert gc.get_freeze_count() > 0
        await pilot.press("j", "j", "k")
        await pilot.pause()
        assert len(freezes) == 1  # once, not at every article

    play(tmp_path / "lib.db", scenario)
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("paused", [True, False])
def test_collections_paused_for_the_start_come_back_with_the_first_frame(
    tmp_path: Path, paused: bool
) -> None:
    """``bantin`` starts with the garbage collector off; the app turns it back on (after one
    collection of the start's garbage) once the first frame is out, and not before. An app not
    told so leaves the collector as it found it."""
    import gc
    import weakref

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    async def main() -> None:
        app = BantinApp(db_path=tmp_path / "lib.db", language="en", collections_paused=paused)
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app._startup_frozen)
            if paused:
                assert gc.isenabled()
                assert start_garbage() is None  # collected, not frozen with the rest
            else:
                assert not gc.isenabled()  # as the test left it

    gc.disable()
    try:
        garbage = Cycle()
        start_garbage = weakref.ref(garbage)
        del garbage
        asyncio.run(main())
    finally:
        gc.enable()


def test_language_switch_at_once(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        await until(pilot, lambda: main_screen(app).reader.opened is not None)
        assert "5 articles · All" in topbar(app)
        assert "Tuesday, 21 October 2025" in flat(app)
        await pilot.press("L")
        await until(pilot, lambda: "5 bài · Tất cả" in topbar(app))
        assert "Thứ Ba, 21 tháng 10, 2025" in flat(app)
        assert "21/10/2025" in main_screen(app).article_list.render_line(0).text
        footer = main_screen(app).query_one(Footer)
        await until(pilot, lambda: "Đánh dấu" in footer.render().plain)
        assert "Đánh dấu" in [description for _k, _s, description, _e in footer.keys]
        await pilot.press("L")
        await until(pilot, lambda: "5 articles" in topbar(app))

    play(tmp_path / "lib.db", scenario)


def test_panes_sidebar_and_paging_keys(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await until(pilot, lambda: screen.reader.opened is not None)
        assert screen.article_list.has_focus
        await pilot.press("tab")
        assert screen.reader.has_focus
        await pilot.press("space")
        await pilot.pause(0.05)
        assert screen.reader.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause(0.05)
        assert screen.reader.scroll_y == 0
        await pilot.press("G")
        await pilot.pause(0.05)
        assert screen.reader.scroll_y == screen.reader.max_scroll_y > 0
        await pilot.press("shift+tab")
        assert screen.article_list.has_focus
        assert screen.sidebar.display
        await pilot.press("e")
        await pilot.pause()
        assert not screen.sidebar.display
        await pilot.press("e")
        await pilot.pause()
        assert screen.sidebar.display
        await pilot.press("space")
        assert screen.article_list.cursor == 4  # a page down: the last of five rows

    play(tmp_path / "lib.db", scenario)


def test_entity_panel_follow_an_entity_and_jump_through_its_mentions(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await open_row(pilot, app, 1)  # 002: Tô Lâm, Trần Quốc Tỏ, Bộ Công an ...
        # the panel's entities are those of the open article (the first one's may show until)
        await until(
            pilot,
            lambda: (
                screen.sidebar.article_id == screen.reader.article_id
                and bool(screen.sidebar.entities)
            ),
        )
        types = [e.type for e in screen.sidebar.entities]
        assert types == sorted(types, key=["PERSON", "ORG", "LOC", "EVENT", "LAW"].index)
        names = [e.name for e in screen.sidebar.entities]
        assert "Tô Lâm" in names and "Bộ Công an" in names
        await pilot.press("tab")  # reader -> entity panel
        assert screen.sidebar.has_focus
        target = next(e.id for e in screen.sidebar.entities if e.name == "Trần Quốc Tỏ")
        index = next(
            i for i, option in enumerate(screen.sidebar._options) if option.id == f"entity-{target}"
        )
        screen.sidebar.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: screen.article_list.source.is_entity and screen.reader.has_focus)
        assert "Trần Quốc Tỏ" in topbar(app)
        await until(pilot, lambda: screen.reader.match_count == 3)
        lit = [screen.reader._matches[i] for i in range(3)]
        text = flat(app)
        assert all(end > start for start, end in lit) and "Trần Quốc Tỏ" in text
        await pilot.press("n")
        assert screen.reader._current_match == 1
        await pilot.press("N")
        assert screen.reader._current_match == 0
        # appears with: from the panel
        await pilot.press("tab")
        await pilot.press("a")
        await until(pilot, lambda: screen.sidebar.related_to == "Trần Quốc Tỏ")
        assert "Bộ Công an" in [e.name for e in screen.sidebar.entities]
        await pilot.press("escape")
        assert screen.sidebar.related_to == ""
        await pilot.press("escape")
        await pilot.press("q", "q")  # to the list, then back from the entity to the list as it was
        await until(pilot, lambda: not screen.article_list.source.is_entity)
        assert screen.article_list.total == 5

    play(tmp_path / "lib.db", scenario)


def test_name_finder(tmp_path: Path) -> None:
    from tui.screens.finder import NameFinder

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, NameFinder) and app.screen.index)
        await pilot.press(*"lam to")
        await until(pilot, lambda: bool(app.screen.hits))  # type: ignore[attr-defined]
        assert app.screen.hits[0].entry.name == "Tô Lâm"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: screen.article_list.source.entity_name == "Tô Lâm")
        assert screen.article_list.total == 1
        # a title opens the article
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, NameFinder) and app.screen.index)
        await pilot.press(*"chia se kinh nghiem")
        await until(pilot, lambda: bool(app.screen.hits))  # type: ignore[attr-defined]
        assert app.screen.hits[0].entry.kind == "title"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: "chia sẻ kinh nghiệm" in flat(app).split("·")[0])

    play(tmp_path / "lib.db", scenario, language="vi")


def test_name_finder_says_when_no_name_is_close(tmp_path: Path) -> None:
    from textual.widgets import Static

    from tui.screens.finder import NameFinder

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, NameFinder) and app.screen.index)
        await pilot.press(*"qwerty")
        status = app.screen.query_one("#finder-status", Static)
        await until(pilot, lambda: "close" in str(status.render()))
        assert str(status.render()) == "No name close to «qwerty»."
        assert app.screen.hits == []  # type: ignore[attr-defined]
        assert app.screen.query_one("#finder-results").option_count == 0  # type: ignore[attr-defined]

    play(tmp_path / "lib.db", scenario)


def test_every_ui_string_has_vietnamese() -> None:
    from tui.locale.build import message_ids
    from tui.locale.translations_vi import VI

    missing = [m for m in message_ids() if (m[0] if isinstance(m, tuple) else m) not in VI]
    assert missing == []


def test_the_footer_shows_every_key_at_80_columns_and_a_click_presses_one(tmp_path: Path) -> None:

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        footer = main_screen(app).query_one(Footer)
        line = footer.render().plain
        assert len(line) <= 80
        for key, shown, description, _enabled in footer.keys:
            assert f"{shown} " in line, key
            if key != "ctrl+p":
                assert description in line
        assert "? Help" in line and line.rstrip().endswith("^p")
        await pilot.click(Footer, offset=(line.index("? Help") + 1, 0))
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await pilot.press("enter")  # the reader has more keys than room: help's stays
        await until(pilot, lambda: main_screen(app).reader.has_focus)
        await until(pilot, lambda: "Next match" in footer.render().plain)
        assert "? Help" in footer.render().plain
        assert "/ Find in article" in footer.render().plain  # "/" in the reader
        assert "s Search" in footer.render().plain  # and the library's search from it
        await pilot.press("slash")  # the keys follow the focus: the find's prompt
        await until(pilot, lambda: "Stop finding" in footer.render().plain)
        await pilot.press("escape", "s")
        await until(pilot, lambda: "Leave search" in footer.render().plain)

    play(tmp_path / "lib.db", scenario, size=(80, 24))


def test_the_first_view_read_before_the_app_loads_is_the_one_shown(tmp_path: Path) -> None:
    from tui.data import LibraryService

    service = LibraryService(tmp_path / "lib.db", tmp_path / "state.db")
    service.read_first_view()  # as the launcher does, before Textual is loaded

    async def main() -> None:
        app = BantinApp(service=service)
        async with app.run_test(size=(120, 32)) as pilot:
            screen = main_screen(app)
            await until(pilot, lambda: screen.reader.article_id is not None)
            first = screen.article_list.item(0)
            assert screen.article_list.total == 5 and first is not None
            assert screen.reader.article_id == first.row.id
            assert service.take_first_view() is None  # taken once
            assert not service.bookmark(first.row.id)

    asyncio.run(main())


def test_a_first_view_that_fails_says_so_in_the_app(tmp_path: Path) -> None:
    from tui.data import LibraryService

    db = tmp_path / "lib.db"
    db.write_bytes(b"not a database" * 100)
    service = LibraryService(db, tmp_path / "state.db")
    service.read_first_view()

    async def main() -> None:
        app = BantinApp(service=service)
        async with app.run_test(size=(120, 32)) as pilot:
            await until(pilot, lambda: bool(app._notifications))
            messages = [n.message for n in app._notifications]
            assert any("could not be read" in m for m in messages), messages

    asyncio.run(main())
