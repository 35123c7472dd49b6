"""The library's schema, versioned with sqlite-utils migrations (one function a release).

The migrations' names are listed in ``store.kinds.MIGRATIONS``, which ``store.library`` checks
with plain SQL; it loads this module (and sqlite-utils) only to create or migrate a library.
This module does not load if its migrations are not those.
"""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils
from sqlite_utils import Migrations

from .kinds import MIGRATIONS

# -- migrations ------------------------------------------------------------------------------

migrations = Migrations("bantin")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE articles (
            doc INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            title_inferred INTEGER NOT NULL DEFAULT 0,
            date TEXT,
            author TEXT,
            lede TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            captions TEXT NOT NULL DEFAULT '[]',
            caption_at TEXT NOT NULL DEFAULT '[]',
            source TEXT NOT NULL DEFAULT '',
            words INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE fts_exact USING fts5(
            title, body, content='', tokenize='unicode61 remove_diacritics 0'
        );
        CREATE VIRTUAL TABLE fts_fold USING fts5(
            title, body, content='', tokenize='unicode61 remove_diacritics 0'
        );
        CREATE TABLE files (
            path TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE file_articles (
            path TEXT NOT NULL,
            ord INTEGER NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (path, ord)
        );
        CREATE INDEX file_articles_article ON file_articles(article_id);
        CREATE TABLE bookmarks (
            article_id TEXT PRIMARY KEY,
            created TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE reads (
            article_id TEXT PRIMARY KEY,
            read_at TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE redirects (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )


@migrations()
def m002_entities(db: sqlite_utils.Database) -> None:
    from . import entity_index

    entity_index.create_schema(db)


@migrations()
def m003_listing_indexes(db: sqlite_utils.Database) -> None:
    # the list pages by offset: an index that holds what a row shows is walked instead of
    # the articles themselves; and the entity indexer finds what is left to do at once
    db.executescript(
        """
        CREATE INDEX articles_list ON articles(doc, id, title, date, author, source);
        CREATE INDEX articles_entities_pending ON articles(entities_version);
        """
    )


@migrations()
def m004_one_fts_index(db: sqlite_utils.Database) -> None:
    """The exact and folded columns in one FTS5 table: a query mixing marked and unmarked
    words is one MATCH, not a join of two indexes."""
    from .db import Database
    from .search_index import index_row, indexed_text

    db.executescript(
        """
        CREATE VIRTUAL TABLE fts USING fts5(
            title, body, ftitle, fbody, content='', tokenize='unicode61 remove_diacritics 0'
        );
        DROP TABLE fts_exact;
        DROP TABLE fts_fold;
        """
    )
    plain = Database(db.conn)
    rows = db.conn.execute("SELECT doc, title, lede, body, captions FROM articles")
    for doc, title, lede, body, captions in rows.fetchall():
        index_row(plain, doc, title, indexed_text(lede, body, json.loads(captions)))


@migrations()
def m005_alias_counts(db: sqlite_utils.Database) -> None:
    from . import entity_index

    entity_index.upgrade_aliases(db)


# FTS5 gathers what a transaction adds in a hash and writes it out as a new segment of the
# index whenever the hash passes this size (its default is 1 MB). An import batch of about
# 2,000 articles then becomes one segment, not dozens. Only a process that writes holds it.
INDEX_HASH_BYTES = 16 * 1024 * 1024
# FTS5 merges segments of one size once there are this many (its default is 4): each row of
# the index is written again at every merge, and a search looks in every segment. With both
# settings an import's index takes a third less time to write, and searches measured no
# slower (tests/bench/README.md).
INDEX_AUTOMERGE = 8


@migrations()
def m006_index_segments(db: sqlite_utils.Database) -> None:
    """Fewer, larger segments in the search index: an import writes and merges less."""
    db.execute("INSERT INTO fts (fts, rank) VALUES ('hashsize', ?)", [INDEX_HASH_BYTES])
    db.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', ?)", [INDEX_AUTOMERGE])


@migrations()
def m007_provenance(db: sqlite_utils.Database) -> None:
    """Where each article came from: its address, outlet, section, the source's tags (a JSON
    list) and the credit line apart from the author (existing articles have none); and, for
    each address fetched, what its server said of the copy taken (``ETag``, ``Last-Modified``)
    so that the next fetch asks only for what changed."""
    db.executescript(
        """
        CREATE TABLE fetches (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            fetched_at TEXT NOT NULL
        );
        ALTER TABLE articles ADD COLUMN url TEXT;
        ALTER TABLE articles ADD COLUMN outlet TEXT;
        ALTER TABLE articles ADD COLUMN section TEXT;
        ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE articles ADD COLUMN credit TEXT;
        """
    )


if tuple(m.name for m in migrations._migrations) != MIGRATIONS:  # one list: kinds.MIGRATIONS
    raise ImportError("store.schema's migrations are not store.kinds.MIGRATIONS")


def apply(conn: sqlite3.Connection) -> None:
    """Bring the library on ``conn`` to the current schema."""
    migrations.apply(sqlite_utils.Database(conn))
