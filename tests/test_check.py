"""``bantin check``: a library that holds together passes; a broken index or file is named."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.check import check
from store.library import Library
from tui.command_line import cli


def test_an_imported_library_passes(library: Library) -> None:
    report = check(library)
    assert report.ok, report.problems
    assert report.articles == report.indexed == 5


def test_an_article_missing_from_the_index_is_found(library: Library) -> None:
    library.db.execute("DELETE FROM articles WHERE doc = (SELECT max(doc) FROM articles)")
    assert check(library).problems == ["search index: 1 entries have no article"]


def test_an_index_that_disagrees_with_the_text_is_found(library: Library) -> None:
    library.db.execute(
        "UPDATE articles SET body = body || ' hải quan' WHERE doc = (SELECT min(doc) FROM articles)"
    )
    problems = check(library).problems
    assert "search index: 1 articles are indexed with other text" in problems
    assert any("terms disagree" in p for p in problems)


def test_check_command_says_ok_or_names_the_problem(tmp_path: Path, seeds: Path) -> None:
    db = tmp_path / "lib.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "import", "--quiet", str(seeds)]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(db), "check"])
    assert result.exit_code == 0 and result.output.startswith("ok: 5 articles")
    with Library.open(db) as lib:
        lib.db.execute("DELETE FROM articles WHERE doc = (SELECT max(doc) FROM articles)")
        lib.db.conn.commit()
    result = runner.invoke(cli, ["--db", str(db), "check"])
    assert result.exit_code == 1
    assert "problem: search index: 1 entries have no article" in result.output


def test_a_damaged_file_is_reported_not_a_traceback(tmp_path: Path, seeds: Path) -> None:
    db = tmp_path / "lib.db"
    runner = CliRunner()
    runner.invoke(cli, ["--db", str(db), "import", "--quiet", str(seeds)])
    with Library.open(db) as lib:
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(3 * page, len(data) - page, 5 * page):  # scribble over some pages
        data[start + 100 : start + 400] = b"\xff" * 300
    db.write_bytes(bytes(data))
    result = runner.invoke(cli, ["--db", str(db), "check"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "problem:" in result.output or "Error:" in result.output


@pytest.fixture
def closed_library(tmp_path: Path, seeds: Path) -> Path:
    """A library file holding the seeds, closed cleanly: no ``-wal`` beside it."""
    db = tmp_path / "lib.db"
    with Library.open(db) as lib:
        lib.import_paths([seeds])
    assert not db.with_name("lib.db-wal").exists()
    return db


def test_a_library_opened_read_only_passes(closed_library: Path) -> None:
    # a reader who may not write the library: FTS5's own check is a write, done on a copy
    with Library.open(closed_library, read_only=True) as lib:
        report = check(lib)
    assert report.ok, report.problems
    assert report.articles == report.indexed == 5


def test_a_damaged_index_is_found_in_a_library_opened_read_only(closed_library: Path) -> None:
    with closing(sqlite3.connect(closed_library)) as conn, conn:
        leaf = conn.execute("SELECT id FROM fts_data ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
        conn.execute("DELETE FROM fts_data WHERE id = ?", [leaf])
    with Library.open(closed_library, read_only=True) as lib:
        problems = check(lib).problems
    # the same word as for the owner, who checks the index itself
    assert problems == ["search index: database disk image is malformed"]
