"""Typing over a search that is still running: its query is stopped, the newer text searched
at once, and the stopped search is not said as a failure."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from pilot import main_screen, until

from store.library import Library
from tui.app import BantinApp
from tui.data import LibraryService, ListSource

# A query that counts to 300 million: tens of seconds, unless it is interrupted.
SLOW = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000000) "
    "SELECT count(*) FROM n"
)


def test_interrupt_stops_the_call_of_that_thread_and_no_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = LibraryService(tmp_path / "lib.db", state=tmp_path / "state.db")
    service.open()
    started = threading.Event()

    def slow_count(library: Library, text: str) -> int:
        started.set()
        return int(library.db.execute(SLOW).fetchone()[0])

    monkeypatch.setattr(Library, "count_matches", slow_count)
    outcome: dict[str, Any] = {}

    def count() -> None:
        try:
            outcome["count"] = service.count(ListSource(query="word"))
        except Exception as exc:
            outcome["error"] = exc

    counting = threading.Thread(target=count, daemon=True)
    counting.start()
    assert started.wait(10)
    deadline = time.monotonic() + 0.3
    while time.monotonic() < deadline:  # a thread that is making no call stops nothing
        service.interrupt(threading.get_ident())
        counting.join(0.02)
    assert counting.is_alive()
    deadline = time.monotonic() + 5
    while counting.is_alive() and time.monotonic() < deadline:
        service.interrupt(counting.ident or 0)
        counting.join(0.02)
    assert not counting.is_alive()
    assert "interrupted" in str(outcome.get("error"))
    service.close()


def test_a_key_typed_during_a_search_stops_it_and_searches_the_new_text(tmp_path: Path) -> None:
    async def main() -> None:
        app = BantinApp(db_path=tmp_path / "lib.db", language="en")
        async with app.run_test(size=(120, 32)) as pilot:
            screen = main_screen(app)
            await until(pilot, lambda: screen.reader.opened is not None)
            search = Library.search
            slow_started = threading.Event()

            def slow_search(library: Library, text: str, *args: Any, **kwargs: Any) -> Any:
                if text.strip() == "slow":
                    slow_started.set()
                    library.db.execute(SLOW).fetchone()
                return search(library, text, *args, **kwargs)

            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(Library, "search", slow_search)
                await pilot.press("slash", *"slow")
                await until(pilot, slow_started.is_set, timeout=10)
                await pilot.pause(0.1)  # the counting has begun
                began = time.monotonic()
                await pilot.press("e", "r")
                status = screen.query_one("#search-status")
                await until(pilot, lambda: "«slower»" in str(status.render()), timeout=10)
                assert time.monotonic() - began < 5  # not after the slow search's end
                assert str(status.render()) == "No article matches «slower»."
                assert not app._notifications  # the stopped search is no failure to tell

    asyncio.run(main())
