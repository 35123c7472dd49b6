"""The reader's, the list's and the sidebar's scroll bars are drawn from ready lines: they must
come out exactly as Textual's own scroll bar draws them, cell for cell and style for style
(mouse actions included), in colour and without it."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Offset, Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from store.library import Library
from tui.app import BantinApp
from tui.screens.main import MainScreen
from tui.widgets.scrollbar import QuickScrollBar


class Bars(App[None]):
    CSS = """
    Horizontal { scrollbar-color: #a0c0ff; scrollbar-background: #202830;
                 scrollbar-color-hover: #ffffff; scrollbar-color-active: #ffcc00; }
    ScrollBar { width: 1; height: 17; }
    ScrollBar.wide { width: 2; }
    ScrollBar.across { width: 23; height: 1; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            for vertical, classes in ((True, ""), (True, "wide"), (False, "across")):
                for kind in (QuickScrollBar, ScrollBar):
                    bar = kind(vertical=vertical, thickness=2 if classes == "wide" else 1)
                    bar.add_class(classes or "plain")
                    yield bar


def _cells(strips: list[Strip]) -> list[list[tuple[str, object, object]]]:
    return [
        [(s.text, s.style, s.style.meta if s.style else None) for s in strip] for strip in strips
    ]


def _states() -> list[tuple[int, int, float, bool, bool]]:
    rng = random.Random(7)
    states = [
        (100, 17, 0.0, False, False),  # thumb at the top
        (100, 17, 83.0, False, False),  # at the end
        (17, 17, 0.0, False, False),  # everything fits: no thumb
        (10, 17, 0.0, False, False),
        (100_000, 17, 41_234.5, False, False),  # a thumb of an eighth of a cell
        (40, 17, 11.625, True, False),  # hovered
        (40, 17, 11.625, False, True),  # grabbed
    ]
    for _ in range(40):
        virtual = rng.choice([20, 33, 64, 150, 999, 12_345])
        window = rng.randint(1, 30)
        position = rng.uniform(0, max(0, virtual - window))
        states.append((virtual, window, position, rng.random() < 0.2, rng.random() < 0.1))
    return states


@pytest.mark.parametrize("no_color", [False, True])
def test_quick_bars_draw_exactly_what_textuals_bars_draw(
    no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)

    async def main() -> None:
        app = Bars()
        async with app.run_test(size=(80, 24)) as pilot:
            bars = list(app.query(ScrollBar))
            pairs = list(zip(bars[::2], bars[1::2], strict=True))
            assert all(type(quick) is QuickScrollBar for quick, _ in pairs)
            for virtual, window, position, hover, grab in _states():
                for quick, textual in pairs:
                    for bar in (quick, textual):
                        bar.window_virtual_size = virtual
                        bar.window_size = window
                        bar.position = bar.validate_position(position)
                        bar.mouse_over = hover
                        bar.grabbed = Offset(1, 1) if grab else None  # (0, 0) would read as none
                await pilot.pause()
                for quick, textual in pairs:
                    region = Region(0, 0, *quick.size)
                    assert quick.size == textual.size
                    drawn = _cells(quick.render_lines(region))
                    expected = _cells(textual.render_lines(region))
                    assert drawn == expected, (quick.vertical, virtual, window, position)
                    width, height = quick.size
                    part = Region(0, min(3, height - 1), width, max(1, height - 5))
                    assert _cells(quick.render_lines(part)) == _cells(textual.render_lines(part))

    asyncio.run(main())


def test_the_readers_and_the_lists_bars_are_the_quick_ones(tmp_path: Path, seeds: Path) -> None:
    db = tmp_path / "lib.db"
    with Library.open(db) as lib:
        lib.import_paths([seeds])

    async def main() -> None:
        app = BantinApp(db_path=db, language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            for _ in range(200):
                if screen.reader.article_id is not None:
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            assert screen.reader.show_vertical_scrollbar  # a seed is longer than the screen
            assert type(screen.reader.vertical_scrollbar) is QuickScrollBar
            assert type(screen.article_list.vertical_scrollbar) is QuickScrollBar
            # the bar moves with the text
            before = _cells(screen.reader.vertical_scrollbar.render_lines(Region(0, 0, 1, 20)))
            await pilot.press("tab", "space", "space")
            await pilot.pause()
            after = _cells(screen.reader.vertical_scrollbar.render_lines(Region(0, 0, 1, 20)))
            assert screen.reader.scroll_y > 0
            assert before != after

    asyncio.run(main())
