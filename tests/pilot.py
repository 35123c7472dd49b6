"""Helpers for driving the app with Textual's Pilot, shared by the app's test files."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tui.app import BantinApp
from tui.screens.main import MainScreen


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
