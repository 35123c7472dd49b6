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


def test_results_show_before_they_are_counted_and_the_count_completes_the_list(
    tmp_path: Path,
) -> None:
    """The first page of a large search is drawn before the library counts its matches; the
    count, read with the details, then gives the list every result and the status its number."""
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(130):
        (folder / f"bai_{number:03d}.txt").write_text(
            f"Vụ thứ {number} về ma túy ở biên giới\n\n"
            f"Công an tỉnh đã bắt giữ {number} đối tượng vận chuyển ma túy qua biên giới "
            f"trong chuyên án số {number}, thu giữ nhiều tang vật.\n",
            "utf-8",
        )
    db = tmp_path / "lib.db"
    with Library.open(db) as library:
        library.import_paths([folder], entities=False)

    async def main() -> None:
        app = BantinApp(db_path=db, language="en")
        async with app.run_test(size=(120, 32)) as pilot:
            screen = main_screen(app)
            await until(pilot, lambda: screen.reader.opened is not None)
            counted = threading.Event()
            count = Library.match_counts

            def slow_counts(library: Library, text: str) -> Any:
                time.sleep(0.5)  # a count that takes its time, as on a large library
                counted.set()
                return count(library, text)

            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(Library, "match_counts", slow_counts)
                await pilot.press("slash", *"ma tuy")
                status = screen.query_one("#search-status")
                await until(pilot, lambda: "More than 99 results" in str(status.render()))
                assert not counted.is_set()  # the page came first
                assert screen.article_list.total == 100
                await until(pilot, lambda: "130 results" in str(status.render()))
            assert screen.article_list.total == 130
            await pilot.press("down", "G")  # to the list, then its last row
            await until(pilot, lambda: screen.article_list.cursor == 129)

    asyncio.run(main())
