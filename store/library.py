"""The library: a SQLite database of articles, and the user's state beside it.

Tables: ``articles`` (one row an article, ``doc`` its date-ordered integer key, ``id`` its stable
content hash), a contentless FTS5 index ``fts`` over title and text twice (``title``/``body``
lowercase with marks, tone placement unified; ``ftitle``/``fbody`` without marks: see
``store.search_index``), ``files`` and ``file_articles`` (what each imported file produced) and
``redirects`` (where a re-imported article went). The user's own bookmarks and read marks are
not here but in their state database (``store.state``), attached to the same connection: a
library can be shared read-only by many readers.

``Library`` opens a library and lists, reads and marks its articles; importing
(``store.importer``), searching (``store.matches``) and the entities (``store.entity_index``)
are done by their modules, loaded when first used: opening a library for reading loads none
of them. The facade is a little over 500 lines because it is the store's whole public surface
for the interface, each method a few lines handing work to its module.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from . import state as _state
from .db import Database
from .kinds import (
    MIGRATIONS,
    MIGRATIONS_TO_READ,
    RECORD_FIELDS,
    ArticleRow,
    FileReport,
    ImportReport,
    LibraryError,
    MatchCounts,
    Span,
    Spellings,
    StoredArticle,
    now,
)

if TYPE_CHECKING:  # loaded when used: reading a library needs none of these
    from .entity_index import EntityInfo
    from .hits import SearchResult
    from .matches import Matcher
    from .names import NameHit, NameIndex
    from .parse import Article
    from .search import Query

__all__ = ["Library", "LibraryError", "open_library"]


class Library:
    """A bantin library file. Open with ``Library.open(path)``; ``Library.memory()`` for tests."""

    def __init__(
        self, db: Database, path: Path | None, *, read_only: bool = False, snapshot: bool = False
    ) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only  # a shared library the user may not write
        self.snapshot = snapshot  # opened immutable: reopen to see what was imported since
        self.state_path: Path | None = None
        self.state_writable = True
        self._matcher: Matcher | None = None  # made at the first search

    # opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        create: bool = True,
        state: Path | str | None = None,
        read_only: bool | None = None,
    ) -> Library:
        """Open (or create) the library at ``path`` with the user's state at ``state``.

        A library the user may not write is opened read-only (``read_only`` forces either
        way): reading, searching and the user's own bookmarks work; importing does not."""
        target = Path(path) if path is not None else paths.library_path()
        if not target.exists() and not create:
            raise LibraryError(f"no library at {target}")
        if target.exists() and target.is_dir():
            raise LibraryError(f"{target} is a folder, not a library file")
        if read_only is None:
            read_only = target.exists() and not _state.writable(target)
        if read_only and not target.exists():
            raise LibraryError(f"no library at {target}")
        snapshot = False
        try:
            if read_only:
                conn, snapshot = _open_read_only(target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(
                    _state.uri(target, "rwc"), timeout=10, check_same_thread=False, uri=True
                )
        except (OSError, sqlite3.Error) as exc:
            raise LibraryError(f"cannot open the library {target}: {exc}") from None
        library = cls(Database(conn), target, read_only=read_only, snapshot=snapshot)
        library._prepare()
        library._attach_state(paths.state_path(state))
        return library

    @classmethod
    def memory(cls, state: Path | str | None = None) -> Library:
        """A library in memory (tests), with its state in memory too unless ``state`` says."""
        conn = sqlite3.connect(":memory:", check_same_thread=False, uri=True)
        library = cls(Database(conn), None)
        library._prepare()
        library._attach_state(Path(state) if state is not None else None)
        return library

    def _attach_state(self, state_path: Path | None) -> None:
        self.state_path = state_path
        try:
            self.state_writable = _state.attach(self.db.conn, state_path)
            if self.state_writable:
                _state.adopt_legacy(self.db.conn, self._key)
                _state.follow_redirects(self.db.conn, self._key)
        except (sqlite3.Error, _state.StateError) as exc:
            self.db.close()
            raise LibraryError(
                f"cannot use your bookmarks and read marks {state_path}: {exc}"
            ) from None

    @property
    def _key(self) -> str:
        """The library's name in the state's notes of what was done for which library."""
        return str(self.path.resolve()) if self.path is not None else ":memory:"

    def refresh(self) -> None:
        """See what an import changed: bookmarks and read marks of replaced articles follow
        them (``store.state.follow_redirects``)."""
        if self.state_writable:
            # a state that cannot be written now is brought up to date at the next open
            with contextlib.suppress(sqlite3.Error):
                _state.follow_redirects(self.db.conn, self._key)

    def _prepare(self) -> None:
        where = self.path or ":memory:"
        try:
            self.db.execute("PRAGMA busy_timeout = 10000")
            tables = set(self.db.table_names())
            if not self.read_only:
                self.db.execute("PRAGMA foreign_keys = ON")
                if not tables:
                    # a new library: the pages an import's last merges of the search index
                    # free can be given back (``give_back_free_pages``); set before any table
                    self.db.execute("PRAGMA auto_vacuum = INCREMENTAL")
                if self.path is not None and self.db.journal_mode != "wal":
                    self.db.enable_wal()
            applied: set[str] = set()
            if "_sqlite_migrations" in tables:
                applied = {
                    row[0]
                    for row in self.db.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'bantin'"
                    )
                }
            if applied >= set(MIGRATIONS_TO_READ if self.read_only else MIGRATIONS):
                return
            if tables and "_sqlite_migrations" not in tables:
                raise LibraryError(f"{where} is a SQLite file but not a bantin library")
            if self.read_only:
                raise LibraryError(
                    f"the library {where} was made by an older bantin and you may not write "
                    "it: its owner can upgrade it by opening it with this bantin"
                )
            from . import schema

            schema.apply(self.db.conn)
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"cannot use the library {where}: {exc}") from None

    def check_writable(self) -> None:
        if self.read_only:
            raise LibraryError(
                f"the library {self.path} is read-only for you: only its owner can import into it"
            )

    def close(self) -> None:
        self.db.close()

    def interrupt(self) -> None:
        """Stop the query running on the library's connection (from any thread): it fails
        with ``sqlite3.OperationalError``; nothing running, nothing happens."""
        self.db.conn.interrupt()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # reading -----------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def get(self, article_id: str) -> StoredArticle | None:
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        if not rows:
            moved = self.db.execute(
                "SELECT new_id FROM redirects WHERE old_id = ?", [article_id]
            ).fetchone()
            if moved and moved[0] != article_id:
                return self.get(moved[0])
            return None
        return StoredArticle.from_row(rows[0])

    _FILTERS = {
        "all": "",
        "bookmarked": "WHERE b.article_id IS NOT NULL",
        "unread": "WHERE r.article_id IS NULL",
    }

    def list_count(self, which: str = "all") -> int:
        """How many articles the list shows under a filter: all, bookmarked, unread."""
        if which == "all":
            return self.count()
        if which == "bookmarked":
            sql = "SELECT count(*) FROM state.bookmarks b JOIN articles a ON a.id = b.article_id"
        else:
            sql = (
                "SELECT count(*) FROM articles a "
                "WHERE NOT EXISTS (SELECT 1 FROM state.reads r WHERE r.article_id = a.id)"
            )
        return int(self.db.execute(sql).fetchone()[0])

    def articles(
        self,
        limit: int = 50,
        before: int | None = None,
        offset: int = 0,
        which: str = "all",
    ) -> list[ArticleRow]:
        """A page of the list, newest first (undated last): after the key ``before``, or from
        row ``offset``; ``which`` is a filter: all, bookmarked, unread."""
        conditions = [self._FILTERS[which].removeprefix("WHERE ")] if which != "all" else []
        if before is not None:
            conditions.append("a.doc < :before")
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        order = "ORDER BY a.doc DESC LIMIT :limit OFFSET :offset"
        sql = f"{_ROW} FROM articles a {_MARKS} {where} {order}"
        cursor = self.db.execute(sql, {"before": before, "limit": limit, "offset": offset})
        return _article_rows(cursor)

    def rows_for(self, ids: Sequence[str]) -> dict[str, ArticleRow]:
        """List rows (with bookmark and read marks) for the given article ids."""
        if not ids:
            return {}
        sql = f"{_ROW} FROM articles a {_MARKS} WHERE a.id IN ({','.join('?' * len(ids))})"
        return {row.id: row for row in _article_rows(self.db.execute(sql, list(ids)))}

    def search_titles(self, text: str, limit: int = 20) -> list[ArticleRow]:
        """Articles whose title holds every word typed, as prefixes, marks ignored."""
        ids = self.matcher.title_matches(text, limit)
        rows = self.rows_for(ids)
        return [rows[i] for i in ids if i in rows]

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every article, newest first, without holding them all in memory."""
        before: int | None = None
        while True:
            where = "WHERE doc < ?" if before is not None else ""
            rows = list(
                self.db.query(
                    f"SELECT * FROM articles {where} ORDER BY doc DESC LIMIT 500",
                    [before] if before is not None else [],
                )
            )
            if not rows:
                return
            for row in rows:
                yield StoredArticle.from_row(row)
            before = rows[-1]["doc"]

    # import ------------------------------------------------------------------------------

    def import_paths(
        self,
        targets: Iterable[str | Path],
        progress: Callable[[FileReport], None] | None = None,
        batch_articles: int = 2000,
        batch_bytes: int = 32 * 1024 * 1024,
        entities: bool = True,
        entity_progress: Callable[[int, int], None] | None = None,
        processes: int = 1,
        timeout: float | None = None,
        field_map: Mapping[str, str] | None = None,
    ) -> ImportReport:
        """Import files and folders (recursively), and pages and feeds by their address
        (``http://``, ``https://``: fetched with ``timeout`` seconds to answer, after the
        files; see ``store.fetch`` and ``Importer.import_addresses``). Each batch is one
        transaction.

        ``field_map``: for the files of records (JSON, JSON lines, CSV), the key each field
        (``kinds.RECORD_FIELDS``) is read from before its usual names (``store.records``); a
        file imported before with another map is read again. ``ValueError`` for a field that
        is not one.

        With ``processes`` over 1 (``store.pool.workers()``: one a processor), many files are
        read and parsed by as many worker processes while this one writes the library
        (``store.pool``; the program's main module must then be safe to import, as
        ``multiprocessing`` says).
        Then (unless ``entities`` is false) the entities of the new articles are extracted,
        also in batches, by as many processes: ``index_entities``."""
        unknown = sorted(set(field_map or {}) - set(RECORD_FIELDS))
        if unknown:
            raise ValueError(
                f"not a field: {', '.join(unknown)} (one of {', '.join(RECORD_FIELDS)})"
            )
        self.check_writable()
        from .importer import Importer

        importer = Importer(self.db, self.path)
        report = importer.import_paths(
            targets,
            progress,
            batch_articles,
            batch_bytes,
            processes,
            timeout=timeout,
            field_map=field_map,
        )
        self.refresh()
        if entities:
            self.index_entities(entity_progress, processes)
        self.give_back_free_pages()
        return report

    def update_feeds(
        self,
        urls: Sequence[str],
        progress: Callable[[FileReport], None] | None = None,
        timeout: float | None = None,
        entities: bool = True,
        follow: Collection[str] = (),
    ) -> ImportReport:
        """Fetch each feed (or page) asking its server only for what changed since the last
        fetch (the ETag and Last-Modified it gave then): "not modified" is ``unchanged``
        without a download; a feed's new and changed items are imported. One report a feed,
        in the order given. For a feed in ``follow``, the page of each new item is fetched
        and imported in place of the item's summary."""
        self.check_writable()
        from .importer import Importer

        report = ImportReport()
        Importer(self.db, self.path).import_addresses(
            urls, report, progress, timeout, conditional=True, follow=follow
        )
        self.refresh()
        if entities and (report.imported or report.updated):  # nothing new: not even loaded
            self.index_entities()
        return report

    def fetch_times(self) -> dict[str, str]:
        """When each address fetched was last fetched (UTC time stamps), by address."""
        rows = self.db.execute("SELECT url, fetched_at FROM fetches").fetchall()
        return {str(url): str(at) for url, at in rows}

    def import_articles(
        self, articles: Sequence[Article], key: str, entities: bool = True
    ) -> FileReport:
        """Import articles that did not come from a file (e.g. tests), under a made-up key."""
        from .importer import Importer

        file_report = Importer(self.db, self.path).import_articles(articles, key)
        self.refresh()
        if entities:
            self.index_entities()
        return file_report

    def give_back_free_pages(self) -> int:
        """Shrink the file by the pages nothing uses any more, and say how many. The search
        index writes a batch at a time and merges what it wrote: an import's last merges
        leave the pages of what they merged free, which can be a large share of a small
        library. A library made before bantin kept track of its pages (``auto_vacuum``)
        keeps them for the next import."""
        if self.read_only or self.db.execute("PRAGMA auto_vacuum").fetchone()[0] != 2:
            return 0
        free = int(self.db.execute("PRAGMA freelist_count").fetchone()[0])
        if free:
            # a script: executed as one statement, the pragma frees a single page
            self.db.executescript("PRAGMA incremental_vacuum")
        return free

    def index_entities(
        self, progress: Callable[[int, int], None] | None = None, processes: int = 1
    ) -> int:
        """Extract the entities of every article that has not been indexed yet; with
        ``processes`` over 1, many articles are extracted by as many worker processes
        (``entity_index.index_pending``). ``progress(done, total)`` after each batch."""
        self.check_writable()
        from . import entity_index

        return entity_index.index_pending(self.db, progress, processes=processes)

    # search ------------------------------------------------------------------------------

    @property
    def matcher(self) -> Matcher:
        """The library's searches (``store.matches``), made when first asked for."""
        if self._matcher is None:
            from .matches import Matcher

            self._matcher = Matcher(self.db)
        return self._matcher

    def search(
        self,
        text: str | Query,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        rank_all: bool = False,
    ) -> SearchResult:
        """Ranked (``relevance``: a run of words together, near, then apart, each tier by bm25,
        title above body) or newest-first (``date``) results: ``Matcher.search``."""
        return self.matcher.search(text, limit, sort, offset, rank_all)

    def count_matches(self, text: str | Query) -> int:
        """How many articles hold every word of the query (all its results)."""
        return self.matcher.count_matches(text)

    def match_counts(self, text: str | Query) -> MatchCounts:
        """How many hold the query's runs of words together, and how many every word."""
        return self.matcher.counts(text)

    def spellings(self, text: str | Query) -> Spellings | None:
        """The marked spellings the library holds for a run of the query typed without its
        marks, most frequent first, with their counts (``Matcher.spellings``)."""
        return self.matcher.spellings(text)

    def ranked_order(self, text: str | Query) -> str:
        """Which matches a relevance search of more than ``RANK_CUT`` ranks: ``date``,
        ``import`` or ``mixed`` (``Matcher.ranked_order``); ``""`` when it ranks them all."""
        return self.matcher.ranked_order(text)

    # entities ----------------------------------------------------------------------------

    def entities(
        self,
        etype: str | None = None,
        article_id: str | None = None,
        sort: str = "alpha",
        limit: int | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[EntityInfo]:
        from . import entity_index

        return entity_index.list_entities(self.db, etype, article_id, sort, limit, ids)

    def iter_entities(
        self,
        etype: str | None = None,
        article_id: str | None = None,
        sort: str = "alpha",
        limit: int | None = None,
        articles: bool = False,
    ) -> Iterator[EntityInfo]:
        """``entities`` one at a time, without holding them all; with ``articles``, each
        with the articles naming it and where (``EntityInfo.named_in``)."""
        from . import entity_index

        return entity_index.iter_entities(
            self.db, etype, article_id, sort, limit, articles=articles
        )

    def article_entities(self, article_id: str) -> list[EntityInfo]:
        from . import entity_index

        return entity_index.article_entities(self.db, article_id)

    def entity_article_count(self, entity_id: int) -> int:
        row = self.db.execute("SELECT articles FROM entities WHERE id = ?", [entity_id]).fetchone()
        return int(row[0]) if row else 0

    def entity_articles(self, entity_id: int) -> list[dict[str, Any]]:
        from . import entity_index

        return entity_index.entity_articles(self.db, entity_id)

    def appears_with(self, entity_id: int, limit: int = 15) -> list[EntityInfo]:
        from . import entity_index

        return entity_index.appears_with(self.db, entity_id, limit)

    def entity_page(self, entity_id: int, offset: int = 0, limit: int = 50) -> list[ArticleRow]:
        """A page of the articles naming an entity, newest first."""
        sql = (
            f"{_ROW} FROM mentions m JOIN articles a ON a.id = m.article_id {_MARKS} "
            "WHERE m.entity_id = ? ORDER BY a.doc DESC LIMIT ? OFFSET ?"
        )
        return _article_rows(self.db.execute(sql, [entity_id, limit, offset]))

    def entity_spans(self, article_id: str, entity_id: int) -> list[Span]:
        """Where an article names an entity (the mentions keep a caption's field as
        ``caption:N``)."""
        row = self.db.execute(
            "SELECT offsets FROM mentions WHERE article_id = ? AND entity_id = ?",
            [article_id, entity_id],
        ).fetchone()
        if row is None:
            return []
        spans = []
        for name, offsets in json.loads(row[0]).items():
            field, _, index = name.partition(":")
            spans += [Span(field, s, e, int(index or 0)) for s, e in offsets]
        return spans

    def name_index(self, titles: bool = True) -> NameIndex:
        """The name finder's index (``store.names``): every entity's name and aliases, and
        (with ``titles``) every article's title."""
        from .entity_index import name_rows
        from .names import NameIndex, entries_from_library

        pairs = self.db.execute("SELECT id, title FROM articles") if titles else ()
        return NameIndex(entries_from_library(name_rows(self.db), pairs))

    def find_names(self, query: str, limit: int = 10) -> list[NameHit]:
        """The entities whose name or alias matches ``query`` best (``NameIndex.search``),
        scoring only the forms SQLite finds with a word starting like each word typed; when
        none has them all, any of them; then, for one word, a word starting with each of its
        letters (initials: ``tl``), then with its first (``tolam``): a command's answer,
        without building the whole index."""
        from .entity_index import name_rows_matching
        from .names import PREFIX, NameIndex, entries_from_library, folded_words

        words = folded_words(query)
        prefixes = list(dict.fromkeys(word[:PREFIX] for word in words))
        rows = name_rows_matching(self.db, prefixes)
        if not rows and len(prefixes) > 1:
            rows = name_rows_matching(self.db, prefixes, every=False)
        if not rows and len(words) == 1:
            rows = name_rows_matching(self.db, list(dict.fromkeys(words[0][:6]))) or (
                name_rows_matching(self.db, [words[0][0]])
            )
        return NameIndex(entries_from_library(rows)).search(query, limit)

    # user state (kept in the state database, see store.state) -----------------------------

    def _save(self, sql: str, params: Sequence[Any]) -> None:
        if not self.state_writable:
            raise _state.StateError(
                f"your bookmarks and read marks cannot be saved: {self.state_path} is read-only"
            )
        try:
            with self.db.conn:
                self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise _state.StateError(f"your change was not saved ({exc})") from None

    def set_bookmark(self, aid: str, note: str = "") -> None:
        self._save(
            "INSERT INTO state.bookmarks (article_id, created, note) VALUES (?, ?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET note = excluded.note",
            [aid, now(), note],
        )

    def remove_bookmark(self, aid: str) -> None:
        self._save("DELETE FROM state.bookmarks WHERE article_id = ?", [aid])

    def is_bookmarked(self, aid: str) -> bool:
        sql = "SELECT 1 FROM state.bookmarks WHERE article_id = ?"
        return self.db.execute(sql, [aid]).fetchone() is not None

    def bookmark(self, aid: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM state.bookmarks WHERE article_id = ?", [aid]))
        return rows[0] if rows else None

    def bookmarks(self) -> list[dict[str, Any]]:
        """Bookmarks, newest first, with their article's title, date, author, source and
        where it came from (url, outlet, section, tags as a list, credit); an article replaced
        by a re-import is found through the library's redirects."""
        sql = """
            SELECT coalesce(a.id, b.article_id) AS id, b.created, b.note,
                   a.title, a.date, a.author, a.source,
                   a.url, a.outlet, a.section, a.tags, a.credit
            FROM state.bookmarks b
            LEFT JOIN redirects d ON d.old_id = b.article_id
            LEFT JOIN articles a ON a.id = coalesce(d.new_id, b.article_id)
            ORDER BY b.created DESC, b.rowid DESC
        """
        rows = list(self.db.query(sql))
        for row in rows:
            row["tags"] = json.loads(row["tags"]) if row["tags"] else []
        return rows

    def mark_read(self, aid: str, position: int | None = None) -> None:
        self._save(
            "INSERT INTO state.reads (article_id, read_at, position) VALUES (?, ?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET read_at = excluded.read_at, "
            "position = coalesce(?, reads.position)",
            [aid, now(), position or 0, position],
        )

    def mark_unread(self, aid: str) -> None:
        self._save("DELETE FROM state.reads WHERE article_id = ?", [aid])

    def read_state(self, aid: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM state.reads WHERE article_id = ?", [aid]))
        return rows[0] if rows else None


# a list row (``ArticleRow``) of the articles ``a``, with the user's marks (``_MARKS``)
_ROW = (
    "SELECT a.doc, a.id, a.title, a.date, a.author, a.source, "
    "b.article_id IS NOT NULL, r.article_id IS NOT NULL"
)
_MARKS = (
    "LEFT JOIN state.bookmarks b ON b.article_id = a.id "
    "LEFT JOIN state.reads r ON r.article_id = a.id"
)


def _article_rows(cursor: sqlite3.Cursor) -> list[ArticleRow]:
    return [
        ArticleRow(doc, id_, title, date, author, source, bool(bm), bool(rd))
        for doc, id_, title, date, author, source, bm, rd in cursor.fetchall()
    ]


def _open_read_only(target: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that only reads, and whether it is an immutable snapshot: a WAL library
    in a folder the user may not write opens only that way (no ``-shm`` file can be made)."""
    for mode, snapshot in (("ro", False), ("ro&immutable=1", True)):
        conn = sqlite3.connect(
            _state.uri(target, mode), timeout=10, check_same_thread=False, uri=True
        )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn, snapshot
        except sqlite3.OperationalError:
            conn.close()
            if snapshot:
                raise
    raise AssertionError("unreachable")


def open_library(
    path: Path | str | None = None, *, seed: bool = True, state: Path | str | None = None
) -> Library:
    """Open the library; a library that does not exist yet starts with the bundled seeds."""
    target = paths.library_path(path)
    is_new = not target.exists() or target.stat().st_size == 0
    library = Library.open(target, state=state)
    if seed and is_new and library.is_empty():
        library.import_paths([paths.seeds_dir()])
    return library
