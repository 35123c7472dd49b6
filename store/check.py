"""Does a library hold together? SQLite's own checks, then the search index against the articles.

The index is contentless (it keeps no copy of the text), so it is checked by building it again
from the articles into a scratch database and comparing the two: the same documents, the same
token counts per column, the same terms in the same documents as often.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .db import Database
from .search_index import index_row, indexed_text

if TYPE_CHECKING:
    from .library import Library


@dataclass
class CheckReport:
    articles: int = 0
    indexed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(library: Library, progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Check ``library``: SQLite integrity of the library and of the user's state, FTS5's own
    index check, and the index rebuilt from the articles compared with the one kept."""
    report = CheckReport()
    try:
        _check(library, report, progress)
    except sqlite3.DatabaseError as exc:  # too damaged to read on
        report.problems.append(f"the library cannot be read through: {exc}")
    except MemoryError:  # SQLite's "out of memory": what a damaged FTS5 structure gives
        report.problems.append("the library cannot be read through: it is damaged")
    return report


def _check(
    library: Library, report: CheckReport, progress: Callable[[int, int], None] | None
) -> None:
    db = library.db
    for schema in ("main", "state"):
        rows = [r[0] for r in db.execute(f"PRAGMA {schema}.integrity_check").fetchall()]
        if rows != ["ok"]:
            what = "library" if schema == "main" else "state"
            report.problems += [f"{what}: {row}" for row in rows[:20]]
    try:
        if library.read_only:
            _check_index_copy(db.conn)
        else:
            db.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 0)")
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"search index: {exc}")
    except MemoryError:  # SQLite gives "out of memory" for some damage to an FTS5 index
        report.problems.append("search index: damaged (SQLite ran out of memory reading it)")
    report.articles = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    report.indexed = int(db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0])
    missing = db.execute(
        "SELECT count(*) FROM articles WHERE doc NOT IN (SELECT id FROM fts_docsize)"
    ).fetchone()[0]
    extra = db.execute(
        "SELECT count(*) FROM fts_docsize WHERE id NOT IN (SELECT doc FROM articles)"
    ).fetchone()[0]
    if missing:
        report.problems.append(f"search index: {missing} articles are not in it")
    if extra:
        report.problems.append(f"search index: {extra} entries have no article")
    if report.ok:
        report.problems += _compare_rebuilt(library, report.articles, progress)


def _check_index_copy(conn: sqlite3.Connection) -> None:
    """FTS5's own check of the index, on a copy of it. The check is a command written as an
    insert, which a connection that may only read refuses (a library the user may not write):
    the index's tables, not the articles, are copied into a scratch database and checked
    there."""
    sql = str(conn.execute("SELECT sql FROM main.sqlite_master WHERE name = 'fts'").fetchone()[0])
    conn.execute("ATTACH DATABASE '' AS copy")  # a temporary file, gone when detached
    try:
        with conn:
            conn.execute("CREATE VIRTUAL TABLE copy.fts " + sql[sql.upper().index(" USING ") :])
            for shadow in ("data", "idx", "docsize", "config"):
                conn.execute(f"DELETE FROM copy.fts_{shadow}")
                conn.execute(f"INSERT INTO copy.fts_{shadow} SELECT * FROM main.fts_{shadow}")
            conn.execute("INSERT INTO copy.fts (fts, rank) VALUES ('integrity-check', 0)")
    finally:
        conn.execute("DETACH DATABASE copy")


def _compare_rebuilt(
    library: Library, total: int, progress: Callable[[int, int], None] | None
) -> list[str]:
    conn = library.db.conn
    conn.execute("ATTACH DATABASE '' AS scratch")  # a temporary file, gone when detached
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE scratch.fts USING fts5(title, body, ftitle, fbody, "
            "content='', tokenize='unicode61 remove_diacritics 0')"
        )
        scratch = Database(conn)
        done = 0
        cursor = conn.execute("SELECT doc, title, lede, body, captions FROM main.articles")
        with conn:
            for doc, title, lede, body, captions in cursor:
                text = indexed_text(lede, body, json.loads(captions))
                index_row(scratch, doc, title, text, table="scratch.fts")
                done += 1
                if progress and done % 1000 == 0:
                    progress(done, total)
        if progress:
            progress(done, total)
        problems = []
        sizes = conn.execute(
            "SELECT count(*) FROM (SELECT id, sz FROM main.fts_docsize "
            "EXCEPT SELECT id, sz FROM scratch.fts_docsize)"
        ).fetchone()[0]
        if sizes:
            problems.append(f"search index: {sizes} articles are indexed with other text")
        conn.execute("CREATE VIRTUAL TABLE temp.kept USING fts5vocab(main, fts, 'row')")
        conn.execute("CREATE VIRTUAL TABLE temp.built USING fts5vocab(scratch, fts, 'row')")
        try:
            terms = conn.execute(
                "SELECT count(*) FROM (SELECT term, doc, cnt FROM temp.kept "
                "EXCEPT SELECT term, doc, cnt FROM temp.built) "
            ).fetchone()[0]
            terms += conn.execute(
                "SELECT count(*) FROM (SELECT term, doc, cnt FROM temp.built "
                "EXCEPT SELECT term, doc, cnt FROM temp.kept)"
            ).fetchone()[0]
        finally:
            conn.execute("DROP TABLE temp.kept")
            conn.execute("DROP TABLE temp.built")
        if terms:
            problems.append(f"search index: {terms} terms disagree with the articles")
        return problems
    finally:
        conn.execute("DETACH DATABASE scratch")
