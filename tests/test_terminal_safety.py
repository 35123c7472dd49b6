"""Hostile text in the library never drives the terminal: escape sequences, BEL, C1 controls
and Rich/Textual markup in titles, bodies, captions, authors, notes and entity names show as
inert text on every screen and in every command's output.

Import cleans what it reads, so most of these strings are written straight into the library,
as another tool (or a damaged file) could leave them.
"""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pilot import main_screen, until
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from store.library import Library
from store.text import printable
from tui.app import BantinApp
from tui.command_line import cli
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.finder import NameFinder
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteDialog

HOSTILE = (
    "[bold]B[/] [/i] [@click=app.quit]Q[/] [link=http://x]y[/link] [bold red]x[/]"
    " \x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \x1b]8;;http://x\x1b\\L\x1b]8;;\x1b\\"
    " \x07 \x9b31m \x9d0;t\x9c \x7f"
)
MARKUP = (
    "[bold]B[/]",
    "[/i]",
    "[@click=app.quit]Q[/]",
    "[link=http://x]y[/link]",
    "[bold red]x[/]",
)
TITLE = "Việt Nam sẽ tăng cường hợp tác"  # the newest seed, first in the list


def controls(text: str) -> list[str]:
    """The control characters in ``text`` (line breaks aside): what a terminal would obey."""
    return sorted({c for c in text if unicodedata.category(c) == "Cc" and c != "\n"})


@pytest.fixture
def hostile_db(seeds: Path, tmp_path: Path) -> Path:
    """The seeds, with the newest article, one of its people and its bookmark made hostile."""
    db = tmp_path / "lib.db"
    with Library.open(db) as lib:
        lib.import_paths([seeds])
        aid = next(r.id for r in lib.articles() if r.date == "2025-10-21")
        lib.db.execute(
            "UPDATE articles SET title = ?1 || ' ' || title, author = ?1, lede = ?1,"
            " body = ?1 || char(10) || char(10) || body, captions = ?2, caption_at = '[0]',"
            " source = ?1 WHERE id = ?3",
            [HOSTILE, json.dumps([HOSTILE]), aid],
        )
        entity = lib.db.execute("SELECT id FROM entities WHERE name = 'Ghada Waly'").fetchone()[0]
        lib.db.execute("UPDATE entities SET name = ? WHERE id = ?", ["Ghada " + HOSTILE, entity])
        lib.db.execute(
            "UPDATE aliases SET alias = ? WHERE entity_id = ?", ["Ghada " + HOSTILE, entity]
        )
        lib.db.execute(
            "UPDATE mentions SET roles = ? WHERE entity_id = ?", [json.dumps([HOSTILE]), entity]
        )
        lib.db.conn.commit()
        lib.set_bookmark(aid, HOSTILE)
    return db


# -- the screens -------------------------------------------------------------------------------

Scenario = Callable[[Pilot[None], BantinApp], Awaitable[None]]


def play(db: Path, scenario: Scenario, size: tuple[int, int] = (100, 30)) -> None:
    async def main() -> None:
        app = BantinApp(db_path=db, language="en")
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: main_screen(app).article_list.total > 0)
            await scenario(pilot, app)
            assert app.is_running and not app._exit  # nothing shown ran app.quit

    asyncio.run(main())


def screen_text(app: BantinApp) -> str:
    """What the terminal is sent for the screen as it is now, its styles aside."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_inert(app: BantinApp) -> str:
    """No control character, no link and no click action in what is drawn; returns the text."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            style = segment.style
            if style is not None:
                assert not style.link, f"a link was made: {style.link}"
                assert "@click" not in (style.meta or {}), "a click action was made"
    text = screen_text(app)
    assert controls(text) == [], text
    return text


def test_list_reader_and_entity_panel_show_hostile_text_literally(hostile_db: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await until(pilot, lambda: screen.reader.opened is not None)
        text = assert_inert(app)
        row = screen.article_list.render_line(0).text
        assert "[bold]B[/] [/i]" in row and controls(row) == []
        # the reader's lines as drawn, joined where they break (a markup string with a space
        # may break across two lines, depending on the width the reader has)
        drawn = " ".join(
            screen.reader.render_line(y - int(screen.reader.scroll_offset.y)).text.strip()
            for y in range(len(screen.reader._lines))
        )
        for markup in MARKUP:
            assert markup in drawn
        assert "␛[31mRED␛[0m" in text  # an escape sequence shows as what it is
        await pilot.press("enter")
        await until(pilot, lambda: screen.reader.has_focus)
        await until(pilot, lambda: any("Ghada" in e.name for e in screen.sidebar.entities))
        text = assert_inert(app)
        assert "Ghada [bold]B[/]" in text  # the entity panel
        shown = " ".join(" ".join(line.text.plain for line in screen.reader._lines).split())
        assert "★ [bold]B[/] [/i]" in shown  # the bookmark's note in the reader's header
        # every line of the article, wherever it is scrolled to
        for y in range(len(screen.reader._lines)):
            screen.reader.scroll_to(y=y, animate=False, immediate=True)
            line = screen.reader.render_line(0).text
            assert controls(line) == [], line
        await pilot.click("#reader")
        await pilot.click("#list")
        await pilot.click("#sidebar")
        await pilot.pause()
        # following the entity: its name is in the top bar
        entity = next(e for e in screen.sidebar.entities if "Ghada" in e.name)
        screen.follow_entity(entity.id, entity.name)
        await until(pilot, lambda: screen.article_list.source.is_entity)
        text = assert_inert(app)
        assert "Ghada [bold]B[/]" in text.splitlines()[0]
        await pilot.press("escape", "escape")

    play(hostile_db, scenario)


def test_small_screen_shows_hostile_text_literally(hostile_db: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        assert "[bold]B[/]" in assert_inert(app)
        await pilot.press("enter")
        await until(pilot, lambda: screen.reader.has_focus)
        assert "[bold]B[/]" in assert_inert(app)
        await pilot.press("e")  # the entity panel over the reader
        await until(pilot, lambda: bool(screen.sidebar.entities))
        assert_inert(app)

    play(hostile_db, scenario, size=(60, 16))


def test_finder_bookmarks_palette_and_help_show_hostile_text_literally(hostile_db: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, NameFinder) and bool(app.screen.index))
        await pilot.press(*"ghada")
        await until(pilot, lambda: bool(getattr(app.screen, "hits", None)))
        text = assert_inert(app)
        assert "Ghada [bold]B[/]" in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))

        await pilot.press("B")
        await until(
            pilot, lambda: isinstance(app.screen, BookmarksScreen) and bool(app.screen.marks)
        )
        text = assert_inert(app)
        assert text.count("[@click=app.quit]Q[/]") >= 2  # the title and the note
        await pilot.press("e")  # edit the note: the field shows it inert too
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        assert "[link=http://x]y[/link]" in assert_inert(app)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))

        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "tang cuong hop tac"
        options = app.screen.query_one(OptionList)
        await until(pilot, lambda: any(TITLE in str(o.prompt) for o in options.options))
        await pilot.pause(0.1)
        text = assert_inert(app)
        assert TITLE in text and "[bold]B[/]" in text
        # choosing it opens the article
        index = next(i for i, o in enumerate(options.options) if TITLE in str(o.prompt))
        options.highlighted = index
        await pilot.press("enter")
        screen = main_screen(app)
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and screen.reader.has_focus)
        assert_inert(app)

        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert_inert(app)
        await pilot.press("escape")

    play(hostile_db, scenario)


def test_a_note_typed_with_markup_and_escapes_is_kept_inert(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        app.screen.query_one(Input).value = "[@click=app.quit]xem[/] \x1b]0;t\x07 [bold]lại[/]"
        await pilot.press("enter")
        await until(pilot, lambda: bool(screen.reader.opened and screen.reader.opened.note))
        await pilot.press("B")
        await until(
            pilot, lambda: isinstance(app.screen, BookmarksScreen) and bool(app.screen.marks)
        )
        assert app.screen.marks[0]["note"] == "[@click=app.quit]xem[/]  [bold]lại[/]"
        assert "[@click=app.quit]xem[/]  [bold]lại[/]" in assert_inert(app)
        await pilot.press("enter")  # opens the article
        await until(pilot, lambda: isinstance(app.screen, MainScreen))

    play(tmp_path / "lib.db", scenario)


def test_imported_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    record = {
        "title": "Tin [bold]đậm[/] \x1b]8;;http://x\x1b\\liên kết\x1b]8;;\x1b\\ \x9b2J",
        "date": "2024-05-01",
        "author": "[@click=app.quit]Tác giả[/] \x07",
        "body": "Đoạn [/i] một \x1b[31mđỏ\x1b[0m về phòng chống ma túy.\n\nĐoạn [link=http://x]hai[/link].",
    }
    source = tmp_path / "evil.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with Library.open(db) as lib:
        assert lib.import_paths([source]).imported == 1

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await pilot.press("enter")
        await until(pilot, lambda: screen.reader.has_focus)
        text = assert_inert(app)
        for shown in ("Tin [bold]đậm[/]", "[@click=app.quit]Tác giả[/]", "Đoạn [/i] một",
                      "[link=http://x]hai[/link]"):  # fmt: skip
            assert shown in text
        await pilot.press("slash", *"do", "enter")  # found in the article: lit, still inert
        await until(pilot, lambda: screen.reader.has_focus and screen.reader.match_count == 1)
        assert "Đoạn [/i] một" in assert_inert(app)
        await pilot.press("s", *"ma tuy")  # the library's search, from the reader
        await until(pilot, lambda: screen.article_list.source.is_search)
        assert "[/i]" in assert_inert(app)  # the result's snippet

    play(db, scenario)


# -- the commands ----------------------------------------------------------------------------


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--list"],
        ["search", "tang", "cuong"],
        ["search", "--sort", "date", "ma", "tuy"],
        ["entities"],
        ["entities", "--type", "PERSON"],
        ["names", "ghada"],
        ["bookmarks"],
        ["bookmarks", "--markdown"],
    ],
)
def test_commands_print_hostile_text_without_controls(hostile_db: Path, args: list[str]) -> None:
    out = run(hostile_db, *args)
    assert controls(out) == []
    assert "[bold]B[/]" in out or "\\[bold\\]B\\[/\\]" in out  # shown, markup as written


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--json", "tang", "cuong"],
        ["export"],
        ["entities", "--json"],
        ["names", "--json", "ghada"],
        ["bookmarks", "--json"],
    ],
)
def test_json_keeps_hostile_text_exactly_but_escaped(hostile_db: Path, args: list[str]) -> None:
    assert controls(run(hostile_db, *args)) == []  # C1 controls too: JSON would allow them raw
    result = CliRunner().invoke(cli, ["--db", str(hostile_db), *args], catch_exceptions=False)
    out = result.stdout  # the JSON alone: search writes its counts on standard error
    lines = out.splitlines() if args == ["export"] else [out]
    data = [json.loads(line) for line in lines]
    assert any(HOSTILE in value for value in strings(data))  # nothing lost on the way out


def strings(data: object) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


def test_import_reports_hostile_file_names_inert(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\x1b]0;x\x07name.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "lib.db"), "import", str(folder)])
    assert controls(result.output) == []
    assert "bad␛]0;x␇name.txt" in result.output


def test_printable_keeps_offsets_and_shows_controls() -> None:
    assert printable("a\x1b[31mb\x07c\x9bd") == "a␛[31mb␇c\ufffdd"
    assert printable("một\nhai\tba") == "một hai ba"
    assert printable("Tô Lâm [bold]") == "Tô Lâm [bold]"
    assert len(printable(HOSTILE)) == len(HOSTILE)
    assert controls(printable(HOSTILE)) == []
