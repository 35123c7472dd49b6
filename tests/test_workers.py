"""A library call that fails in a worker, on any screen, is said on screen and the app goes on."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from pilot import main_screen, until
from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import BantinApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.finder import NameFinder
from tui.screens.main import MainScreen

Scenario = Callable[[Pilot[None], BantinApp, pytest.MonkeyPatch], Awaitable[None]]


def fail(*_args: object, **_kwargs: object) -> None:
    raise OSError("disk I/O error [bold]not markup[/]")


def said(app: BantinApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def play(tmp_path: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = BantinApp(db_path=tmp_path / "lib.db", language="en")
        async with app.run_test(size=(120, 32)) as pilot:
            screen = main_screen(app)
            await until(pilot, lambda: screen.reader.opened is not None)
            with pytest.MonkeyPatch.context() as patch:
                await scenario(pilot, app, patch)
            assert app.is_running and app.return_code is None

    asyncio.run(main())


def test_a_failed_read_on_the_main_screen_is_said_and_reading_goes_on(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp, patch: pytest.MonkeyPatch) -> None:
        screen = main_screen(app)
        patch.setattr(app.service, "count", fail)
        await pilot.press("ctrl+r")  # reload the list: the library fails
        wanted = "The library could not be read: disk I/O error [bold]not markup[/]"
        await until(pilot, lambda: wanted in said(app))
        patch.undo()
        await pilot.press("ctrl+r", "j", "enter")  # the same keys work again
        row = screen.article_list.current()
        assert row is not None and screen.article_list.cursor == 1
        await until(pilot, lambda: screen.reader.article_id == row.row.id)

    play(tmp_path, scenario)


def test_a_failed_save_says_not_saved(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp, patch: pytest.MonkeyPatch) -> None:
        screen = main_screen(app)
        patch.setattr(app.service, "toggle_read", fail)
        await pilot.press("u")
        await until(pilot, lambda: any(m.startswith("Not saved: disk I/O") for m in said(app)))
        patch.undo()
        await pilot.press("u")
        await until(pilot, lambda: any(m.startswith("Marked") for m in said(app)))
        assert isinstance(app.screen, MainScreen) and screen.article_list.has_focus

    play(tmp_path, scenario)


def test_a_failed_read_on_the_bookmarks_screen_is_said_and_it_closes(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp, patch: pytest.MonkeyPatch) -> None:
        patch.setattr(app.service, "bookmarks", fail)
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await until(pilot, lambda: any("could not be read: disk I/O" in m for m in said(app)))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))

    play(tmp_path, scenario)


def test_the_name_finder_says_a_failure_on_its_status_line(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[None], app: BantinApp, patch: pytest.MonkeyPatch) -> None:
        patch.setattr(app.service, "name_index", fail)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, NameFinder))
        finder = app.screen
        status = finder.query_one("#finder-status", Static)
        await until(pilot, lambda: "could not be read: disk I/O" in str(status.render()))
        assert not any("could not be read" in m for m in said(app))  # said once, there
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))

    play(tmp_path, scenario)
