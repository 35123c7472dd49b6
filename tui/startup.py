"""Start-up tuning and the start-up benchmark's hook, in one place.

Each setting here was measured (``tests/bench/bench_startup.py``); each says why it is there:

- ``TEXTUAL_FPS``: Textual's frame rate, set before Textual is first imported (``tui`` imports
  this module first of all).
- ``pause_collections`` / ``collections_back``: no garbage collections while the first frame is
  built; one collection and ``gc.freeze`` once it is out, undone when the app closes.
- ``BANTIN_EXIT_AFTER_PAINT``: for the benchmark, quit once the first article is painted.

This module imports nothing from Textual: it runs before Textual is loaded.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from typing import Any

# Textual paints at most this many frames a second (it reads the variable once, when first
# imported: hence here, imported by ``tui/__init__.py``). At its default of 60, the frame after
# one that took longer than a sixtieth of a second comes one to two periods after it ends, so
# a key pressed as a frame goes out waits 17 to 33 ms more before it shows; at 120 that wait is
# halved. Nothing here animates faster than Textual's own 60 a second, so no more frames are
# drawn, only sooner. A value the user sets is kept.
os.environ.setdefault("TEXTUAL_FPS", "120")

EXIT_AFTER_PAINT = "BANTIN_EXIT_AFTER_PAINT"


def pause_collections() -> None:
    """No garbage collections until the first frame is out (``first_frame_out`` collects
    once and turns them back on): loading Textual and building the screen makes tens of
    thousands of objects that nearly all live on, and collecting as they came took 50-70 ms
    of a start of 600. The app must be made with ``collections_paused=True``."""
    gc.disable()


def first_frame_out(app: Any) -> None:
    """The first frame is out: what it took to get there (modules, styles, widgets: most
    of what the program will ever hold) is set out of the garbage collector's way
    (``gc.freeze``). A full collection otherwise walks all of it, a pause of 40-50 ms that
    falls on a keystroke now and then: one cursor move in twenty at 100,000 articles.

    With collections paused for the start (``pause_collections``), the garbage of the start
    (a few thousand objects) is collected here, once, while the user looks at the first frame,
    and collections are turned back on. Runs once per app."""
    if app._startup_frozen:
        return
    app._startup_frozen = True
    if app._collections_paused:
        app._collections_paused = False
        gc.collect()
        gc.enable()
    gc.freeze()


def app_closed(app: Any) -> None:
    """What ``first_frame_out`` froze is collectable again, once the app is gone (the tests
    run many apps in one process)."""
    if app._startup_frozen:
        app._startup_frozen = False
        gc.unfreeze()


def exit_after_paint_wanted() -> bool:
    """For measuring start-up (``tests/bench/bench_startup.py`` sets the variable): quit once
    the list and the first article in the reader have been painted."""
    return bool(os.environ.get(EXIT_AFTER_PAINT))


def exit_after_paint(app: Any, when_drawn: Callable[[Callable[[], None]], None] | None) -> None:
    """Quit after the next frame; with ``when_drawn`` (the reader's, an article being shown),
    once the reader has drawn it (its frame may not have gone out yet)."""

    def exit_after_refresh() -> None:
        app.call_after_refresh(app.exit)

    if when_drawn is None:
        exit_after_refresh()
    else:
        when_drawn(exit_after_refresh)
