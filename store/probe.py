"""A quick look at a library file before a screen opens on it (plain sqlite3, no sqlite-utils)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def no_library(path: Path) -> str:
    """What to say when a library the user named (``store.paths.named_library``) is not there."""
    import shlex  # only on this error: not on the reader's way to its first frame

    return f"no library at {path} (bantin import FILES --db {shlex.quote(str(path))} creates one)"


def probe(path: Path, *, named: bool = False) -> str | None:
    """None if ``path`` can be opened as a library (or created, unless ``named``: the user
    named it, and only an import creates a named library); else why not, in one line."""
    if path.is_dir():
        return f"{path} is a folder, not a library file"
    if not path.exists():
        if named:
            return no_library(path)
        parent = path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            return f"cannot create the library {path}: {parent} is not a folder"
        return None
    tables: set[str] = set()
    # as the library opens it (``library._open_read_only``): a library in WAL mode, in a folder
    # the user may not write and with no ``-shm`` file beside it, opens only as immutable
    for mode in ("ro", "ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=5)
            try:
                tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            finally:
                conn.close()
            break
        except sqlite3.OperationalError as exc:
            if mode != "ro":
                return f"cannot use the library {path}: {exc}"
        except sqlite3.Error as exc:
            return f"cannot use the library {path}: {exc}"
    if tables and "articles" not in tables:
        return f"{path} is a SQLite file but not a bantin library"
    return None
