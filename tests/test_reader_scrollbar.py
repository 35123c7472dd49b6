"""The reader wraps its lines to the room it has: beside the scroll bar when the article
needs one, the whole width when it does not (the bar coming or going sends no resize)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from store.library import Library
from tui.app import BantinApp
from tui.screens.main import MainScreen
from tui.widgets.reader import MAX_TEXT_WIDTH, Reader


async def _until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    for _ in range(1500):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out waiting for the app")


def _wrapped_to_fit(reader: Reader) -> bool:
    room = reader.scrollable_content_region.width - 4  # two cells each side
    return reader._wrapped_width == min(room, MAX_TEXT_WIDTH)


def test_reader_rewraps_when_its_scroll_bar_comes_and_goes(tmp_path: Path, seeds: Path) -> None:
    db = tmp_path / "lib.db"
    short = tmp_path / "short.txt"
    short.write_text("Tin ngắn\n\n01/01/2030\n\nMột đoạn văn ngắn, vừa một màn hình.\n", "utf-8")
    with Library.open(db) as lib:
        lib.import_paths([seeds, short])  # the short one is the newest: the first row

    async def main() -> None:
        app = BantinApp(db_path=db, language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            reader, listing = screen.reader, screen.article_list
            await _until(pilot, lambda: listing.total == 6)
            for row in (1, 0, 1, 0):  # long (a scroll bar), short (none), and back
                listing.move_to(row)
                item = listing.current()
                assert item is not None
                await _until(pilot, lambda: reader.article_id == item.row.id)  # noqa: B023
                assert reader.show_vertical_scrollbar == (row == 1)
                assert not reader.show_horizontal_scrollbar
                assert _wrapped_to_fit(reader), (row, reader._wrapped_width)

    asyncio.run(main())
