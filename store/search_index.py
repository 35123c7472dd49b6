"""The search index's rows: what FTS5 is given for an article.

The index (``fts``, migration ``m004_one_fts_index``) is contentless: it keeps no copy of the
text, so taking an article out means giving it the text again (``index_row(delete=True)``).
Its columns are the title and the text (lede, body, captions: ``indexed_text``) twice, written
canonically (``canon_text``: lowercase, tone placement unified) then folded (no marks).
"""

from __future__ import annotations

from collections.abc import Iterable

from .db import Database
from .text import canon_and_fold


def indexed_text(lede: str, body: str, captions: list[str]) -> str:
    """The text the index holds for an article: lede, body and captions, in that order."""
    return "\n\n".join(part for part in (lede, body, *captions) if part)


def index_row(
    db: Database, doc: int, title: str, text: str, delete: bool = False, table: str = "fts"
) -> None:
    """Add an article to the search index (or take it out: a contentless index is told the
    text it had). ``table``: another index of the same shape (``store.check`` builds one)."""
    values = [doc, *index_values(title, text)]
    column = table.rpartition(".")[2]  # the command column is named after the table
    if delete:
        db.execute(
            f"INSERT INTO {table} ({column}, rowid, title, body, ftitle, fbody) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            values,
        )
    else:
        db.execute(
            f"INSERT INTO {table} (rowid, title, body, ftitle, fbody) VALUES (?, ?, ?, ?, ?)",
            values,
        )


def index_values(title: str, text: str) -> tuple[str, str, str, str]:
    """The search index's columns for an article: title and text canonical (``canon_text``),
    then folded (``fold``)."""
    title_canon, title_fold = canon_and_fold(title)
    text_canon, text_fold = canon_and_fold(text)
    return title_canon, text_canon, title_fold, text_fold


def insert_index(db: Database, rows: Iterable[tuple[int, tuple[bytes | str, ...]]]) -> None:
    """Add prepared rows, (doc, the four columns as ``index_values`` gives them, as UTF-8
    bytes or text): the fast way, as the importer writes a batch."""
    db.executemany(
        "INSERT INTO fts (rowid, title, body, ftitle, fbody) VALUES (?, CAST(? AS TEXT), "
        "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))",
        ((doc, *values) for doc, values in rows),
    )
