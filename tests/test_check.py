"""``bantin check``: a library that holds together passes; a broken index or file is named."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from store.check import check
from store.library import Library
from tui.commands import cli


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
