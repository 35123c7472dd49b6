"""The user's own state: bookmarks (with notes) and read marks, in a database of their own.

A library can be shared (an archive an admin keeps, read-only for its readers); what a reader
saves lives in their state database (``paths.state_path``), keyed by the stable article ids, so
it follows an article across re-imports and to a rebuilt library. The state is attached to the
library's connection as the schema ``state``: lists join it like any table, and a write to it
never waits on an import writing the library.

Versioned by ``PRAGMA user_version``; each version's steps are below and only ever added to.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

SCHEMA = "state"

# one entry a version: what takes a state from the version before to this one
_STEPS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS state.bookmarks (
        article_id TEXT PRIMARY KEY,
        created TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE IF NOT EXISTS state.reads (
        article_id TEXT PRIMARY KEY,
        read_at TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS state.meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
)
VERSION = len(_STEPS)


class StateError(Exception):
    """The state database cannot be read or written; the message says why, in one line."""


def uri(path: Path, mode: str) -> str:
    """A SQLite URI for ``path`` (any character allowed in the path)."""
    escaped = str(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{escaped}?mode={mode}"


def attach(conn: sqlite3.Connection, path: Path | None) -> bool:
    """Attach the state at ``path`` (``None``: in memory) as ``state``; create or upgrade it.

    Returns whether it can be written. A state that cannot be written (a read-only folder, a
    file of another user) is attached read-only, or empty in memory when it does not exist yet:
    reading works, and a write raises ``StateError``."""
    if path is None:
        conn.execute("ATTACH DATABASE ':memory:' AS state")
        _upgrade(conn)
        return True
    if writable(path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn.execute("ATTACH DATABASE ? AS state", [uri(path, "rwc")])
            if conn.execute("PRAGMA state.journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA state.journal_mode = wal")
            _upgrade(conn)
            return True
        except (OSError, sqlite3.OperationalError):
            _detach(conn)
    if path.exists():
        # a WAL file in a folder we may not write opens only as an immutable snapshot
        for mode in ("ro", "ro&immutable=1"):
            try:
                conn.execute("ATTACH DATABASE ? AS state", [uri(path, mode)])
                if _version(conn) == VERSION:
                    return False
            except sqlite3.DatabaseError:
                pass
            _detach(conn)
    conn.execute("ATTACH DATABASE ':memory:' AS state")
    _upgrade(conn)
    return False


def writable(path: Path) -> bool:
    """Whether ``path`` (a database file, with its ``-wal`` beside it) can be written."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return os.access(parent, os.W_OK)


def _detach(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        conn.execute("DETACH DATABASE state")


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA state.user_version").fetchone()[0])


def _upgrade(conn: sqlite3.Connection) -> None:
    version = _version(conn)
    if version > VERSION:
        raise StateError(f"the state was written by a newer bantin (version {version})")
    for number in range(version, VERSION):
        conn.executescript(
            f"BEGIN; {_STEPS[number]}; PRAGMA state.user_version = {number + 1}; COMMIT;"
        )


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM state.meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO state.meta (key, value) VALUES (?, ?)", [key, value])


def adopt_legacy(conn: sqlite3.Connection, library_key: str) -> int:
    """Copy the bookmarks and read marks an earlier bantin kept inside the library into the
    state, once per library. Returns how many rows were copied."""
    tables = {
        r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
    }
    if not {"bookmarks", "reads"} <= tables:
        return 0
    marker = f"adopted:{library_key}"
    if get_meta(conn, marker) is not None:
        return 0
    before = conn.total_changes
    with conn:
        conn.execute(
            "INSERT OR IGNORE INTO state.bookmarks (article_id, created, note) "
            "SELECT article_id, created, note FROM main.bookmarks"
        )
        conn.execute(
            "INSERT OR IGNORE INTO state.reads (article_id, read_at, position) "
            "SELECT article_id, read_at, position FROM main.reads"
        )
        copied = conn.total_changes - before
        set_meta(conn, marker, "1")
    return copied


def follow_redirects(conn: sqlite3.Connection, library_key: str) -> int:
    """Re-key state rows whose article was replaced by a re-import (the library's
    ``redirects``), when the library has redirected anything since the last look."""
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM main.redirects").fetchone()[0]
    marker = f"redirects:{library_key}"
    if str(top) == get_meta(conn, marker):
        return 0
    before = conn.total_changes
    with conn:
        for table in ("bookmarks", "reads"):
            conn.execute(
                f"UPDATE OR IGNORE state.{table} SET article_id = "
                "(SELECT new_id FROM main.redirects WHERE old_id = article_id) "
                "WHERE article_id IN (SELECT old_id FROM main.redirects)"
            )
        # a read mark left on an old id whose new id has its own: the newer one stands
        conn.execute(
            "DELETE FROM state.reads WHERE article_id IN (SELECT old_id FROM main.redirects)"
        )
        moved = conn.total_changes - before
        set_meta(conn, marker, str(top))
    return moved
