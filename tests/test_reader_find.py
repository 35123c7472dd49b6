"""The reader's keys for matches, driven with Textual's Pilot: Esc out of a search's results,
n/N saying where they are and when they wrap, a find in the open article (``/``, as in less
and vim) with the search's rules for marks, and a list of undated articles.
"""

from __future__ import annotations

from pathlib import Path

from pilot import main_screen, play, until
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from store.library import Library
from store.text import fold
from tui.app import BantinApp
from tui.screens.help import HelpScreen
from tui.widgets.reader_pane import FindBar, StatusLine

# Articles of our own, in the style of the press, without a date line (as many scraped
# archives are): marks typed two ways (túy/tuý, hoà/Hòa), and words that differ only by marks
UNDATED = {
    "a.txt": (
        "Công an tỉnh triệt phá đường dây ma túy xuyên biên giới\n\n"
        "Lực lượng chức năng vừa bắt giữ ba đối tượng vận chuyển ma tuý qua cửa khẩu.\n\n"
        "Theo Công an tỉnh, nhóm đối tượng mang theo hai bánh heroin và nhiều ma túy tổng "
        "hợp. Một người khai đã mua hàng với giá rẻ, má của y không hề biết.\n\n"
        "Cơ quan điều tra cho biết việc hợp tác hoà giải với nước bạn giúp phá án nhanh. "
        "Hòa bình ở biên giới là mục tiêu chung, mà tùy từng vụ sẽ có cách xử lý riêng.\n"
    ),
    "b.txt": (
        "Tòa án xét xử vụ lừa đảo qua mạng\n\n"
        "Nhiều người bị hại đã chuyển tiền cho nhóm lừa đảo giả danh cơ quan chức năng.\n\n"
        "Hội đồng xét xử tuyên phạt các bị cáo tổng cộng bốn mươi năm tù.\n"
    ),
    "c.txt": (
        "Hợp tác phòng chống tội phạm mạng giữa các nước\n\n"
        "Các cơ quan thực thi pháp luật thống nhất chia sẻ thông tin về tội phạm mạng.\n\n"
        "Đại diện các nước cam kết phối hợp điều tra những vụ tấn công có tổ chức.\n"
    ),
}


def undated_library(folder: Path) -> Path:
    articles = folder / "undated"
    articles.mkdir()
    for name, text in UNDATED.items():
        (articles / name).write_text(text, encoding="utf-8")
    db = folder / "undated.db"
    with Library.open(db) as lib:
        assert lib.import_paths([articles], entities=False).imported == 3
    return db


def status(app: BantinApp) -> str:
    """The line under the reader, as shown ("" when it is not)."""
    screen = main_screen(app)
    lines = screen.query("#reader-bar")
    if not lines or not lines.first().display:
        return ""
    return str(screen.query_one("#reader-status", StatusLine).render())


def lit(app: BantinApp) -> list[str]:
    """The words lit in the reader, as the article writes them."""
    reader = main_screen(app).reader
    return [block.plain[span.start : span.end] for block in reader._blocks for span in block.spans]


async def open_search(pilot: Pilot[None], app: BantinApp, query: str) -> None:
    """Search from the list, then open the best result with its first match in view."""
    screen = main_screen(app)
    await pilot.press("slash", *query)
    await until(pilot, lambda: screen.article_list.source.query == query)
    await until(pilot, lambda: screen.article_list.total > 0)
    await pilot.press("enter")
    await until(pilot, lambda: screen.reader.has_focus and screen.reader.match_count > 0)


async def open_first(pilot: Pilot[None], app: BantinApp) -> None:
    screen = main_screen(app)
    await pilot.press("enter")
    await until(pilot, lambda: screen.reader.has_focus and screen.reader.opened is not None)


async def find(pilot: Pilot[None], app: BantinApp, words: str) -> None:
    """/ in the reader, the words typed, Enter."""
    screen = main_screen(app)
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(screen.focused, FindBar))
    await pilot.press(*words, "enter")
    await until(pilot, lambda: screen.reader.has_focus)


# Esc ----------------------------------------------------------------------------------------


def test_esc_steps_back_out_of_a_search_to_the_list_as_it_was(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        listing, reader = screen.article_list, screen.reader
        await pilot.press("j", "j")  # the list as it was: the third row
        await open_search(pilot, app, "ma tuy")
        await pilot.press("escape")  # first the highlights
        assert reader.match_count == 0 and reader.has_focus and status(app) == ""
        await pilot.press("escape")  # then back to the results
        assert listing.has_focus and listing.source.is_search
        await pilot.press("escape")  # then out of the search
        await until(pilot, lambda: not listing.source.is_search and listing.total == 5)
        assert listing.cursor == 2 and not screen.has_class("-searching")
        await pilot.press("escape")  # nothing further back: Esc never quits
        await pilot.pause()
        assert not app._exit and listing.total == 5
        # from the results straight away (down from the search box), one Esc is enough
        await pilot.press("slash", *"hoi nghi", "down")
        await until(pilot, lambda: listing.source.is_search and listing.has_focus)
        await pilot.press("escape")
        await until(pilot, lambda: not listing.source.is_search and listing.cursor == 2)

    play(tmp_path / "lib.db", scenario)


def test_esc_leaves_a_search_on_a_narrow_screen_one_pane_at_a_time(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        listing = screen.article_list
        await open_search(pilot, app, "ma tuy")
        assert screen.has_class("-reading")  # the reader has the screen
        assert status(app).startswith(f"1/{screen.reader.match_count}")
        await pilot.press("escape", "escape")  # the highlights, then the reader
        assert not screen.has_class("-reading") and listing.has_focus
        await pilot.press("escape")
        await until(pilot, lambda: not listing.source.is_search and listing.total == 5)

    play(tmp_path / "lib.db", scenario, size=(80, 24))


def test_esc_leaves_an_entitys_articles_and_a_filter_but_q_alone_quits(tmp_path: Path) -> None:
    from tui.screens.finder import NameFinder

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        listing = main_screen(app).article_list
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, NameFinder) and app.screen.index)
        await pilot.press(*"to lam")
        await until(pilot, lambda: bool(app.screen.hits))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: listing.source.is_entity and listing.has_focus)
        await pilot.press("escape")
        await until(pilot, lambda: not listing.source.is_entity and listing.total == 5)
        await pilot.press("v")  # unread
        await until(pilot, lambda: listing.source.which == "unread")
        await pilot.press("escape")
        await until(pilot, lambda: listing.source.which == "all")
        await pilot.press("escape")
        await pilot.pause()
        assert not app._exit
        await pilot.press("q")
        await pilot.pause()
        assert app._exit

    play(tmp_path / "lib.db", scenario)


# n / N ----------------------------------------------------------------------------------------


def test_n_and_N_say_where_they_are_and_when_they_wrap(tmp_path: Path) -> None:
    en, vi = "wrapped to the top", "tìm tiếp từ đầu bài"
    for language, top, bottom, other in (
        ("en", en, "wrapped to the bottom", vi),
        ("vi", vi, "tìm tiếp từ cuối bài", en),
    ):

        async def scenario(
            pilot: Pilot[None],
            app: BantinApp,
            top: str = top,
            bottom: str = bottom,
            other: str = other,
        ) -> None:
            reader = main_screen(app).reader
            await open_search(pilot, app, "ma tuy")
            total = reader.match_count
            assert total > 2
            assert status(app) == f"1/{total}"
            await pilot.press("n")
            assert status(app) == f"2/{total}"
            await pilot.press("N", "N")  # back past the first: to the last, said so
            assert reader.current_match == total - 1
            assert status(app) == f"{total}/{total} · {bottom}"
            await pilot.press("n")  # past the last: to the first
            assert reader.current_match == 0
            assert status(app) == f"1/{total} · {top}"
            await pilot.press("L")  # the other language says it at once
            await until(pilot, lambda: status(app) == f"1/{total} · {other}")
            await pilot.press("n")  # a step that does not wrap says nothing more
            assert status(app) == f"2/{total}"

        play(tmp_path / f"{language}.db", scenario, language=language)


def test_before_any_step_n_goes_to_the_first_match_below_the_top_and_N_above(
    tmp_path: Path,
) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        reader, listing = screen.reader, screen.article_list
        await pilot.press("slash", *"hoi nghi", "down")
        await until(pilot, lambda: listing.source.is_search and listing.has_focus)
        second = listing.item(1)
        assert second is not None
        await pilot.press("j")  # the next result beside the list: lit, no match chosen yet
        await until(pilot, lambda: reader.article_id == second.row.id and reader.match_count)
        total = reader.match_count
        assert reader.current_match == -1 and status(app) == f"{total} matches"
        await pilot.press("tab")
        assert reader.has_focus
        await pilot.press("N")  # none above the top of the view: round to the last
        assert reader.current_match == total - 1
        assert status(app) == f"{total}/{total} · wrapped to the bottom"
        await pilot.press("g", "n")  # from the top again: the first, no wrap
        assert status(app) == f"1/{total}"

    play(tmp_path / "lib.db", scenario)


# find in the article --------------------------------------------------------------------------


def test_find_in_the_article_reads_marks_as_the_search_does(tmp_path: Path) -> None:
    db = undated_library(tmp_path)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        reader = screen.reader
        listing = screen.article_list
        listing.move_to(next(i for i in range(3) if "ma túy" in listing.item(i).row.title))  # type: ignore[union-attr]
        await open_first(pilot, app)
        # unmarked: every marked form, tone placed either way, any case, words in order
        await find(pilot, app, "ma tuy")
        assert lit(app) == ["ma túy", "ma tuý", "ma túy", "mà tùy"]
        assert status(app) == "1/4 · «ma tuy»"
        await pilot.press("n", "n")
        assert status(app) == "3/4 · «ma tuy»"
        # marks typed are marks meant: "má" is not "ma", "mà" or "mã"
        await find(pilot, app, "má")
        assert lit(app) == ["má"]
        # tone placement unified, case ignored
        await find(pilot, app, "HÒA")
        assert lit(app) == ["hoà", "Hòa"]
        await find(pilot, app, "cong an")
        assert lit(app) == ["Công an", "Công an"]
        # a trailing * makes a prefix
        await find(pilot, app, "bie*")
        assert lit(app) == ["biên", "biết", "biết", "biên"]
        # Esc clears the find, then goes back to the list
        await pilot.press("escape")
        assert lit(app) == [] and status(app) == "" and reader.has_focus
        await pilot.press("escape")
        assert listing.has_focus

    play(db, scenario)


def test_find_lights_as_you_type_and_esc_puts_back_what_was_lit(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        reader = screen.reader
        await open_search(pilot, app, "ma tuy")
        searched = lit(app)
        await pilot.press("n")
        top = reader.scroll_y
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(screen.focused, FindBar))
        assert not screen.has_class("-searching") or screen.search_bar.value == "ma tuy"
        await pilot.press(*"viet nam")
        await until(pilot, lambda: reader.match_count > 0 and lit(app) != searched)
        assert {word.lower() for word in lit(app)} == {"việt nam"}
        assert status(app) == f"{reader.match_count} matches"  # the count, as typed
        await pilot.press(*"xyz")
        await until(pilot, lambda: status(app) == "Not found")
        await pilot.press("escape")  # the prompt closes: the search's highlights come back
        assert reader.has_focus and lit(app) == searched
        assert reader.scroll_y == top
        # the search list was never touched by what the prompt heard
        assert screen.article_list.source.query == "ma tuy"

    play(tmp_path / "lib.db", scenario)


def test_find_says_when_the_words_are_not_there_and_enter_repeats_the_last(
    tmp_path: Path,
) -> None:
    for language, missing in (
        ("en", "«tuy ma» is not in this article."),
        ("vi", "Bài này không có «tuy ma»."),
    ):

        async def scenario(pilot: Pilot[None], app: BantinApp, missing: str = missing) -> None:
            screen = main_screen(app)
            await open_first(pilot, app)
            await find(pilot, app, "tuy ma")  # the words in order, not anywhere
            assert status(app) == missing and lit(app) == []
            await find(pilot, app, "hop tac")
            count = screen.reader.match_count
            assert count > 1 and status(app).startswith(f"1/{count}")
            await pilot.press("escape")
            assert lit(app) == []
            await find(pilot, app, "")  # / then Enter: the last find again, as in less
            assert screen.reader.match_count == count

        play(tmp_path / f"{language}.db", scenario, language=language)


def test_slash_finds_in_the_reader_s_searches_the_library_from_anywhere(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await open_first(pilot, app)
        await pilot.press("slash")
        assert isinstance(screen.focused, FindBar) and not screen.has_class("-searching")
        await pilot.press("escape")
        assert screen.reader.has_focus
        await pilot.press("s")  # the library's search, from the reader
        assert screen.search_bar.has_focus and screen.has_class("-searching")
        await pilot.press("escape")
        screen.article_list.focus()
        await pilot.press("s")  # and from the list, as / there
        assert screen.search_bar.has_focus

    play(tmp_path / "lib.db", scenario)


def test_help_and_palette_name_the_find_and_both_searches(tmp_path: Path) -> None:
    for language, find_words, search_words in (
        ("en", "Find in article", "Search"),
        ("vi", "Tìm trong bài", "Tìm"),
    ):

        async def scenario(
            pilot: Pilot[None],
            app: BantinApp,
            find_words: str = find_words,
            search: str = search_words,
        ) -> None:
            screen = main_screen(app)
            await open_first(pilot, app)
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            rows = {label: keys for _g, group in app.screen.groups for keys, label in group}  # type: ignore[attr-defined]
            assert rows[find_words] == "/"
            assert rows[search] == "/ s"
            await pilot.press("escape")
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette))
            app.screen.query_one(Input).value = fold(find_words)  # typed without marks
            options = app.screen.query_one(OptionList)
            await until(pilot, lambda: any(find_words in str(o.prompt) for o in options.options))
            index = next(i for i, o in enumerate(options.options) if find_words in str(o.prompt))
            options.highlighted = index
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(screen.focused, FindBar))

        play(tmp_path / f"{language}.db", scenario, language=language)


def test_a_find_belongs_to_its_article(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await open_search(pilot, app, "ma tuy")
        await find(pilot, app, "viet nam")
        assert status(app).endswith("«viet nam»")
        await pilot.press("right_square_bracket")  # the next result: lit with the search again
        await until(pilot, lambda: screen.article_list.cursor == 1)
        await until(pilot, lambda: screen.reader.match_count > 0)
        assert "«" not in status(app)
        assert lit(app) and "việt nam" not in {word.lower() for word in lit(app)}

    play(tmp_path / "lib.db", scenario)


# dates ----------------------------------------------------------------------------------------


def test_a_library_without_dates_gives_dates_no_column(tmp_path: Path) -> None:
    db = undated_library(tmp_path)

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        listing = main_screen(app).article_list
        rows = [listing.render_line(y).text for y in range(3)]
        titles = [listing.item(i).row.title for i in range(3)]  # type: ignore[union-attr]
        for row, title in zip(rows, titles, strict=True):
            assert row.startswith(" • " + title[:20])  # no blank date before the title
        # a search's results in such a library neither
        await pilot.press("slash", *"ma tuy")
        await until(pilot, lambda: listing.source.is_search and listing.total == 1)
        await pilot.pause()
        assert listing.render_line(0).text.startswith(" • Công an")

    play(db, scenario)


def test_a_library_with_some_dates_keeps_the_column(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        listing = main_screen(app).article_list
        assert listing.dated
        undated = listing.render_line(4).text  # the seed without a date: a blank date
        assert undated[3:15].strip() == "" and undated[15] != " "
        await pilot.press("slash", *"ma tuy")
        await until(pilot, lambda: listing.source.is_search and listing.total == 3)
        await pilot.pause()
        assert "2 Jun 2021" in listing.render_line(0).text

    play(tmp_path / "lib.db", scenario)
