"""Small, huge and changing terminals, and keys that arrive faster than the screen redraws
(a fast typist, a slow link, a big terminal on a busy machine)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from pilot import main_screen, until
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot

from tui.app import BantinApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.finder import NameFinder
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteDialog

Scenario = Callable[[Pilot[None], BantinApp], Awaitable[None]]
SIZES = [(40, 12), (300, 80), (1, 1), (80, 24), (5, 3), (100, 30), (99, 30), (12, 4), (40, 12)]
CHARS = {"slash": "/", "space": " ", "enter": "\r"}


def play(db: Path, scenario: Scenario, size: tuple[int, int]) -> None:
    async def main() -> None:
        app = BantinApp(db_path=db, language="en")
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: main_screen(app).article_list.total > 0)
            await scenario(pilot, app)
            assert app.is_running

    asyncio.run(main())


def burst(app: BantinApp, *keys: str) -> None:
    """Keys as a terminal delivers them, without waiting for the app to handle one."""
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, CHARS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)


async def slash(screen: MainScreen, key: str = "slash") -> None:
    """``/`` (or ``s``, the library's search from the reader), handled: the search box is
    there (no redraw awaited)."""
    burst(screen.app, key)  # type: ignore[arg-type]
    while not screen.has_class("-searching"):
        await asyncio.sleep(0)


def test_keys_typed_right_after_slash_are_the_query(tmp_path: Path) -> None:
    for size in ((100, 30), (40, 12)):

        async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
            screen = main_screen(app)
            await pilot.press("j", "enter")
            await until(pilot, lambda: screen.reader.has_focus)
            top = screen.reader.scroll_y
            await slash(screen, "s")  # from the reader ("/" there finds in the article)
            assert screen.focused is screen.search_bar  # before the screen is redrawn
            burst(app, "m", "a", "space", "t", "u", "y")
            await until(pilot, lambda: screen.search_bar.value == "ma tuy")
            await until(pilot, lambda: screen.article_list.total == 3)
            assert screen.reader.scroll_y == top  # the space did not page the reader
            await pilot.press("escape")
            await until(pilot, lambda: screen.article_list.item(1) is not None)
            assert screen.article_list.item(1).row.read  # type: ignore[union-attr]  # no "u"

        play(tmp_path / f"lib-{size[0]}.db", scenario, size)


def test_keys_typed_right_after_slash_in_the_reader_are_the_find(tmp_path: Path) -> None:
    for size in ((100, 30), (40, 12)):

        async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
            screen = main_screen(app)
            await pilot.press("j", "enter")
            await until(pilot, lambda: screen.reader.has_focus)
            top = screen.reader.scroll_y
            burst(app, "slash")
            while not screen.reader.finding:
                await asyncio.sleep(0)
            assert screen.focused is not screen.reader  # the prompt's, before any redraw
            burst(app, "m", "a", "space", "t", "u", "y", "enter")
            await until(pilot, lambda: screen.reader.has_focus and screen.reader.match_count > 1)
            assert screen.reader.status.endswith("«ma tuy»")  # every key, and Enter kept it
            assert not screen.has_class("-searching") and screen.search_bar.value == ""
            await pilot.press("g", "space")  # the reader's keys are the reader's again
            assert screen.reader.scroll_y > top == 0

        play(tmp_path / f"lib-{size[0]}.db", scenario, size)


def test_an_article_opening_late_does_not_take_the_search_away(tmp_path: Path) -> None:
    for size in ((100, 30), (40, 12)):

        async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
            screen = main_screen(app)
            burst(app, "j", "enter")
            await slash(screen)
            burst(app, "h", "o", "i")
            await until(pilot, lambda: screen.search_bar.value == "hoi")
            await until(pilot, lambda: screen.article_list.source.is_search)
            await pilot.pause(0.3)  # the article opened by Enter has long arrived
            assert screen.search_bar.has_focus
            assert screen.has_class("-searching") and not screen.has_class("-reading")

        play(tmp_path / f"lib-{size[0]}.db", scenario, size)


def test_every_screen_survives_small_huge_and_changing_sizes(tmp_path: Path) -> None:
    async def resize_through(pilot: Pilot[None], app: BantinApp) -> None:
        kind = type(app.screen)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause(0.05)
            assert app.is_running and type(app.screen) is kind
            lines = app.screen._compositor.render_strips()
            assert len(lines) == height

    async def scenario(pilot: Pilot[None], app: BantinApp) -> None:
        screen = main_screen(app)
        await resize_through(pilot, app)
        await pilot.press("j", "enter")
        await until(pilot, lambda: screen.reader.has_focus)
        position = screen.reader.top_offset()
        await resize_through(pilot, app)
        assert screen.reader.top_offset() == position  # back at 40x12, where it was
        await pilot.press("s", *"ma tuy")
        await until(pilot, lambda: screen.article_list.total == 3)
        await resize_through(pilot, app)
        await pilot.press("enter")
        await until(pilot, lambda: screen.reader.has_focus)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        await resize_through(pilot, app)
        await pilot.press("escape")
        await pilot.press("e")  # the entity panel, over the reader at this size
        await resize_through(pilot, app)
        await pilot.press("escape", "escape", "escape")
        for key, kind in (("f", NameFinder), ("B", BookmarksScreen), ("question_mark", HelpScreen),
                          ("ctrl+p", CommandPalette)):  # fmt: skip
            await until(pilot, lambda: isinstance(app.screen, MainScreen))
            await pilot.press(key)
            await until(pilot, lambda kind=kind: isinstance(app.screen, kind))  # type: ignore[misc]
            await resize_through(pilot, app)
            await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("B")
        await until(
            pilot, lambda: isinstance(app.screen, BookmarksScreen) and bool(app.screen.marks)
        )
        assert len(app.screen.marks) == 1  # type: ignore[attr-defined]

    play(tmp_path / "lib.db", scenario, (40, 12))
