"""Helpers for driving the app with Textual's Pilot, shared by the app's test files."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app import BantinApp
from tui.screens.main import MainScreen

Scenario = Callable[[Pilot[None], BantinApp], Awaitable[None]]


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let workers and messages run until ``condition`` holds."""
    waited = 0.0
    while not condition():
        await pilot.pause(0.02)
        waited += 0.02
        assert waited < timeout, "timed out waiting for the app"
    await pilot.pause()


def main_screen(app: BantinApp) -> MainScreen:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, MainScreen)
    return screen


def play(
    db: Path, scenario: Scenario, size: tuple[int, int] = (120, 32), language: str = "en"
) -> None:
    """Run ``scenario`` in the app on the library ``db``, once its list is shown."""

    async def main() -> None:
        app = BantinApp(db_path=db, language=language)
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: main_screen(app).article_list.total > 0)
            await scenario(pilot, app)

    asyncio.run(main())
