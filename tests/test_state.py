"""The user's own state (bookmarks, notes, read marks) apart from a possibly shared library."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import by_source
from pilot import main_screen, until

from store import state as state_mod
from store.library import Library, LibraryError
from store.state import StateError
from tui.app import BantinApp
from tui.command_line import cli
from tui.data import LibraryService
from tui.screens.note import NoteDialog

SCHEMAS = Path(__file__).parent / "data" / "schemas"


def make_library(folder: Path, seeds: Path) -> Path:
    db = folder / "shared.db"
    with Library.open(db, state=folder / "owner-state.db") as lib:
        lib.import_paths([seeds], entities=False)
    return db


def read_only_for_us(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """Tests run as any user (root writes everything): say these files are not ours."""
    real = state_mod.writable
    blocked = {p.resolve() for p in paths}
    monkeypatch.setattr(state_mod, "writable", lambda p: p.resolve() not in blocked and real(p))


def test_a_library_of_the_previous_schema_keeps_every_bookmark_note_and_read_mark(
    tmp_path: Path,
) -> None:
    # made by bantin 0.1.0, which kept bookmarks and read marks inside the library
    db = tmp_path / "library.db"
    shutil.copy(SCHEMAS / "library-0.1.0.db", db)
    state = tmp_path / "state.db"
    with Library.open(db, state=state) as lib:
        assert lib.count() == 5
        marks = {m["id"]: m for m in lib.bookmarks()}
        assert marks["9d32dd1520acce73"]["note"] == "ghi chú: xem lại"
        assert marks["0019cda332706146"]["note"] == ""
        assert marks["9d32dd1520acce73"]["title"]  # the article is still found
        old = lib.get("9d32dd1520acce73")
        assert old is not None and old.body  # where it came from was never stored: none
        assert (old.url, old.outlet, old.section, old.credit, old.tags) == (None,) * 4 + ([],)
        assert old.export()["tags"] == []
        assert lib.read_state("84a0676d6a354d92")["position"] == 17  # type: ignore[index]
        assert lib.read_state("9d32dd1520acce73") is not None
        assert lib.list_count("unread") == 3
        assert lib.search("ma túy").hits
        lib.remove_bookmark("0019cda332706146")
    # once copied, a removed bookmark stays removed
    with Library.open(db, state=state) as lib:
        assert [m["id"] for m in lib.bookmarks()] == ["9d32dd1520acce73"]


def test_state_has_its_own_file_beside_no_library(tmp_path: Path, seeds: Path) -> None:
    db = make_library(tmp_path, seeds)
    state = tmp_path / "mine" / "state.db"
    with Library.open(db, state=state) as lib:
        aid = lib.articles(limit=1)[0].id
        lib.set_bookmark(aid, "xem")
        lib.mark_read(aid, position=3)
    with sqlite3.connect(state) as conn:
        assert conn.execute("SELECT article_id, note FROM bookmarks").fetchall() == [(aid, "xem")]
    with sqlite3.connect(db) as conn:  # nothing of the user's went into the library
        assert conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM reads").fetchone()[0] == 0


def test_read_only_library_reads_searches_and_bookmarks_but_does_not_import(
    tmp_path: Path, seeds: Path
) -> None:
    db = make_library(tmp_path, seeds)
    before = db.read_bytes()
    with Library.open(db, state=tmp_path / "reader.db", read_only=True) as lib:
        assert lib.read_only
        assert lib.count() == 5
        assert lib.search("ma tuy").hits
        # a prefix is looked up in the index's words (a table of the connection's own)
        assert lib.search("hoi ngh*", sort="date").hits
        assert lib.count_matches("hoi ngh*") == len(lib.search("hoi ngh*", limit=50).hits) > 1
        assert lib.search_titles("hoi ngh")
        assert lib.article_entities(lib.articles(limit=1)[0].id) == []  # not indexed: fine
        aid = lib.articles(limit=1)[0].id
        lib.set_bookmark(aid, "của tôi")
        lib.mark_read(aid)
        assert lib.list_count("bookmarked") == 1
        with pytest.raises(LibraryError, match="read-only"):
            lib.import_paths([seeds])
    assert db.read_bytes() == before


def test_bookmarks_follow_a_rebuilt_library(tmp_path: Path, seeds: Path) -> None:
    state = tmp_path / "state.db"
    first = tmp_path / "first.db"
    with Library.open(first, state=state) as lib:
        lib.import_paths([seeds], entities=False)
        aid = by_source(lib, "002")
        lib.set_bookmark(aid, "quan trọng")
        lib.mark_read(aid, position=40)
    first.unlink()
    rebuilt = tmp_path / "rebuilt.db"
    with Library.open(rebuilt, state=state) as lib:
        lib.import_paths([seeds], entities=False)
        assert by_source(lib, "002") == aid
        [mark] = lib.bookmarks()
        assert mark["note"] == "quan trọng" and mark["title"]
        assert lib.list_count("bookmarked") == 1
        assert lib.read_state(aid)["position"] == 40  # type: ignore[index]


def test_another_readers_bookmark_follows_a_changed_article_after_refresh(
    tmp_path: Path, seeds: Path
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(seeds, folder)
    db = tmp_path / "lib.db"
    with Library.open(db, state=tmp_path / "admin.db") as admin:
        admin.import_paths([folder], entities=False)
    reader = Library.open(db, state=tmp_path / "reader.db")
    old_id = by_source(reader, "004")
    reader.set_bookmark(old_id, "ghi chú")
    reader.mark_read(old_id, position=9)

    path = folder / "004_fd67b6bd4c4b6eb4.txt"
    path.write_text(path.read_text("utf-8").replace("Gần 100 quốc gia", "Hơn 100 quốc gia"))
    with Library.open(db, state=tmp_path / "admin.db") as admin:
        assert admin.import_paths([folder], entities=False).updated == 1
    new_id = by_source(reader, "004")
    assert new_id != old_id
    # the list of bookmarks finds the article at once; the marks move on refresh
    assert [(m["id"], m["note"]) for m in reader.bookmarks()] == [(new_id, "ghi chú")]
    reader.refresh()
    assert reader.is_bookmarked(new_id) and not reader.is_bookmarked(old_id)
    assert reader.read_state(new_id)["position"] == 9  # type: ignore[index]
    assert reader.list_count("bookmarked") == 1
    reader.close()


def test_read_only_state_reads_and_says_why_it_cannot_save(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_library(tmp_path, seeds)
    state = tmp_path / "state.db"
    with Library.open(db, state=state) as lib:
        aid = lib.articles(limit=1)[0].id
        lib.set_bookmark(aid, "cũ")
    read_only_for_us(monkeypatch, state)
    with Library.open(db, state=state) as lib:
        assert not lib.state_writable
        assert [m["note"] for m in lib.bookmarks()] == ["cũ"]
        with pytest.raises(StateError, match="cannot be saved"):
            lib.set_bookmark(aid, "mới")
    assert state_mod.writable(db)


def test_full_disk_while_bookmarking_is_a_message(tmp_path: Path, seeds: Path) -> None:
    with Library.open(make_library(tmp_path, seeds), state=tmp_path / "s.db") as lib:
        pages = lib.db.execute("PRAGMA state.page_count").fetchone()[0]
        lib.db.execute(f"PRAGMA state.max_page_count = {pages}")
        with pytest.raises(StateError, match="not saved"):
            lib.set_bookmark(lib.articles(limit=1)[0].id, "x" * 20_000)


def test_the_app_keeps_running_when_a_bookmark_cannot_be_saved(tmp_path: Path, seeds: Path) -> None:
    db = make_library(tmp_path, seeds)

    async def main() -> None:
        service = LibraryService(db, tmp_path / "s.db")
        app = BantinApp(service=service, language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = main_screen(app)
            await until(pilot, lambda: screen.article_list.total > 0)

            # the state's folder became read-only (or the disk filled up) while reading
            service._call(lambda lib: lib.db.execute("PRAGMA query_only = 1"))
            await pilot.press("b")
            await until(pilot, lambda: isinstance(app.screen, NoteDialog))
            await pilot.press("x", "enter")
            said = lambda: [str(n.message) for n in app._notifications]  # noqa: E731
            await until(
                pilot,
                lambda: any(m.startswith("Not saved: your change was not saved") for m in said()),
            )
            assert app.is_running
            await pilot.press("j", "enter")  # reading goes on
            row = screen.article_list.current()
            assert row is not None
            await until(pilot, lambda: screen.reader.article_id == row.row.id)

    asyncio.run(main())


def test_import_into_a_read_only_library_says_so_in_one_line(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_library(tmp_path, seeds)
    read_only_for_us(monkeypatch, db)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "import", str(seeds)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], result.output
    # reading commands work, and the user's bookmark goes to their own state
    result = runner.invoke(cli, ["--db", str(db), "search", "ma tuy", "--json"])
    assert result.exit_code == 0 and '"id"' in result.output


def test_locate_shows_the_library_and_the_state(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_library(tmp_path, seeds)
    state = tmp_path / "elsewhere" / "state.db"
    monkeypatch.setenv("BANTIN_STATE", str(state))
    result = CliRunner().invoke(cli, ["--db", str(db), "locate"])
    assert f"library: {db}\n" in result.output
    assert f"state:   {state}  (your bookmarks" in result.output
    override = tmp_path / "other.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "--state", str(override), "locate"])
    assert f"state:   {override}" in result.output
    read_only_for_us(monkeypatch, db)
    result = CliRunner().invoke(cli, ["--db", str(db), "locate"])
    assert "read-only for you" in result.output.splitlines()[0]


def test_bookmarks_command_reads_the_state_given(tmp_path: Path, seeds: Path) -> None:
    db = make_library(tmp_path, seeds)
    mine = tmp_path / "mine.db"
    with Library.open(db, state=mine) as lib:
        lib.set_bookmark(lib.articles(limit=1)[0].id, "của tôi")
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", str(db), "--state", str(mine), "bookmarks"]).output
    assert "của tôi" in out
    other = runner.invoke(cli, ["--db", str(db), "--state", str(tmp_path / "x.db"), "bookmarks"])
    assert "của tôi" not in other.output


def test_a_state_of_every_released_version_opens_with_its_marks(
    tmp_path: Path, seeds: Path
) -> None:
    # state-1: bookmarks and read marks as this version writes them (kept for later versions)
    state = tmp_path / "state.db"
    shutil.copy(SCHEMAS / "state-1.db", state)
    db = tmp_path / "library.db"
    shutil.copy(SCHEMAS / "library-0.1.0.db", db)
    with Library.open(db, state=state) as lib:
        notes = {m["id"]: m["note"] for m in lib.bookmarks()}
        # the state's own marks, and the ones the 0.1.0 library held, together
        assert notes == {
            "c1a18c590df7b50f": "ghi chú trạng thái 1",
            "84a0676d6a354d92": "",
            "9d32dd1520acce73": "ghi chú: xem lại",
            "0019cda332706146": "",
        }
        assert lib.read_state("c1a18c590df7b50f")["position"] == 23  # type: ignore[index]
        assert lib.read_state("84a0676d6a354d92")["position"] == 17  # type: ignore[index]
        assert lib.list_count("unread") == 1
