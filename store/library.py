"""The library: a SQLite database kept with sqlite-utils.

Tables: ``articles`` (one row an article, ``doc`` its date-ordered integer key, ``id`` its stable
content hash), a contentless FTS5 index ``fts`` over title and text twice: ``title``/``body``
lowercase with marks, tone placement unified; ``ftitle``/``fbody`` without marks), ``files`` and
``file_articles``
(what each imported file produced) and ``redirects`` (where a re-imported article went). The
user's own bookmarks and read marks are not here but in their state database (``store.state``),
attached to the same connection: a library can be shared read-only by many readers.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import json
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

if TYPE_CHECKING:  # loaded when used: reading a library does not need the parser
    from .parse import Article

from . import entity_index, paths
from . import state as _state
from .db import Database
from .search import (
    MARKED_LETTERS,
    RANK_CUT,
    Expand,
    Highlighter,
    Query,
    Snippet,
    build_match,
    fts_term,
    make_snippet,
    parse_query,
)
from .text import WORD, canon_and_fold, canon_text, clean, fold, spaced

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl"}
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
_DOC_SPAN = 10_000_000  # article keys: date number * _DOC_SPAN + sequence within the date


class LibraryError(Exception):
    """The library cannot be opened or used; the message is one line for a person."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_id(article: Article) -> str:
    """Stable id: a short hash of the canonical text (case, tone placement, spacing unified)."""
    canonical = spaced(canon_text(article.text))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class Prepared(NamedTuple):
    """An article as it is stored: its row's fields, its id, and the text of its search index
    (``index_values``). All the text work of an import is here, done where the file was
    parsed (in a large import, a worker process). The long texts are UTF-8, as SQLite keeps
    them (``CAST(? AS TEXT)``): a worker's are handed over and stored without being decoded."""

    id: str
    title: str
    title_inferred: bool
    date: str | None
    author: str | None
    lede: bytes
    body: bytes
    captions: str  # JSON
    caption_at: str  # JSON
    source: str
    words: int
    fts: tuple[bytes, bytes, bytes, bytes]


def prepare(article: Article) -> Prepared:
    """The article's id (``article_id``), word count, body and search-index columns, its text
    lowercased and folded once for all of them."""
    body = "\n\n".join(article.paragraphs)
    text = article.text
    canon, folded = canon_and_fold(text)
    canonical = spaced(canon)
    indexed = _indexed_text(article.lede, body, article.captions)
    if indexed == text:
        index_canon, index_fold = canon, folded
    elif text and indexed.startswith(text) and indexed[len(text)].isspace():
        # the captions after the text: both forms are worked out a character at a time (a
        # word at a time for tone placement), so the text's forms are the start of the whole's
        rest_canon, rest_fold = canon_and_fold(indexed[len(text) :])
        index_canon, index_fold = canon + rest_canon, folded + rest_fold
    else:
        index_canon, index_fold = canon_and_fold(indexed)
    title_canon, title_fold = canon_and_fold(article.title)
    return Prepared(
        id=hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16],
        title=article.title,
        title_inferred=article.title_inferred,
        date=article.date,
        author=article.author,
        lede=article.lede.encode("utf-8"),
        body=body.encode("utf-8"),
        captions=json.dumps(article.captions, ensure_ascii=False),
        caption_at=json.dumps(article.caption_at),
        source=article.source,
        words=canonical.count(" ") + 1 if canonical else 0,  # count_words(text): the same runs
        fts=(
            title_canon.encode("utf-8"),
            index_canon.encode("utf-8"),
            title_fold.encode("utf-8"),
            index_fold.encode("utf-8"),
        ),
    )


def date_number(date: str | None) -> int:
    if not date:
        return 0
    parts = (date.split("-") + ["0", "0"])[:3]
    try:
        year, month, day = (int(p) for p in parts)
    except ValueError:
        return 0
    return year * 10000 + month * 100 + day


# -- schema ------------------------------------------------------------------------------
# The migrations live in store.schema (sqlite-utils); opening an up-to-date library only
# checks their names, with plain SQL, so that reading never waits for sqlite-utils to load.
SCHEMA = (
    "m001_initial",
    "m002_entities",
    "m003_listing_indexes",
    "m004_one_fts_index",
    "m005_alias_counts",
    "m006_index_segments",
)
# what a library must have applied to be read: the migrations after these change only how it
# is written, so a reader who may not write it (a shared library) need not wait for its owner
SCHEMA_TO_READ = SCHEMA[: SCHEMA.index("m006_index_segments")]

# -- results -------------------------------------------------------------------------------


@dataclass
class StoredArticle:
    doc: int
    id: str
    title: str
    title_inferred: bool
    date: str | None
    author: str | None
    lede: str
    body: str
    captions: list[str]
    caption_at: list[int]
    source: str
    words: int
    imported_at: str

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []

    def export(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_inferred": self.title_inferred,
            "date": self.date,
            "author": self.author,
            "lede": self.lede,
            "body": self.body,
            "captions": self.captions,
            "source": self.source,
            "words": self.words,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredArticle:
        return cls(
            doc=row["doc"],
            id=row["id"],
            title=row["title"],
            title_inferred=bool(row["title_inferred"]),
            date=row["date"],
            author=row["author"],
            lede=row["lede"],
            body=row["body"],
            captions=json.loads(row["captions"]),
            caption_at=json.loads(row["caption_at"]),
            source=row["source"],
            words=row["words"],
            imported_at=row["imported_at"],
        )


@dataclass
class ArticleRow:
    """What the article list shows: no text."""

    doc: int
    id: str
    title: str
    date: str | None
    author: str | None
    source: str
    bookmarked: bool
    read: bool


@dataclass
class FileReport:
    path: str
    status: str  # "imported", "unchanged", "rejected", "skipped"
    reason: str = ""
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    unchanged: int = 0
    # what in an imported file could not be read (e.g. a bad record of a JSON lines file)
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def imported(self) -> int:
        return self._sum("imported")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def duplicates(self) -> int:
        return self._sum("duplicates")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def rejected(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "rejected"]

    @property
    def ok(self) -> bool:
        """Anything imported, or nothing went wrong."""
        return bool(self.imported or self.updated) or not self.rejected


@dataclass
class Hit:
    """A search result: the article and its score. The snippet, and the spans of every match
    in the title, lede, body and captions, are found when first asked for: a list shows a
    screenful of snippets, not every result's."""

    article: StoredArticle
    score: float
    highlighter: Highlighter

    @cached_property
    def snippet(self) -> Snippet:
        article, lede_spans = self.article, self.lede_spans
        if lede_spans:
            return make_snippet(article.lede, lede_spans)
        body = article.body
        head = self.highlighter.spans(body[:SNIPPET_WINDOW]) if len(body) > SNIPPET_WINDOW else []
        spans = [s for s in head if s[1] < SNIPPET_WINDOW - 1] or self.body_spans
        return make_snippet(body, spans) if spans else make_snippet(article.lede, [])

    @cached_property
    def lede_spans(self) -> list[tuple[int, int]]:
        return self.highlighter.spans(self.article.lede)

    @cached_property
    def title_spans(self) -> list[tuple[int, int]]:
        return self.highlighter.spans(self.article.title)

    @cached_property
    def body_spans(self) -> list[tuple[int, int]]:
        return self.highlighter.spans(self.article.body)

    @cached_property
    def caption_spans(self) -> list[list[tuple[int, int]]]:
        return [self.highlighter.spans(c) for c in self.article.captions]

    def to_json(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "date": a.date,
            "author": a.author,
            "source": a.source,
            "snippet": self.snippet.marked(),
            "score": round(self.score, 4),
            "spans": {
                "title": self.title_spans,
                "lede": self.lede_spans,
                "body": self.body_spans,
                "captions": self.caption_spans,
            },
        }


@dataclass
class SearchResult:
    query: Query
    hits: list[Hit]
    message: str | None = None  # why nothing was searched (empty query ...)
    ranked_among: int | None = None  # relevance ranked only this many newest matches


# -- the library ----------------------------------------------------------------------------


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
        # search-index rows of the batch being written, inserted at its end in key order:
        # FTS5 writes rows that come in rowid order much faster
        self._pending_index: list[tuple[int, tuple[bytes | str, ...]]] | None = None
        self._words_table = False  # temp.fts_words made (``_index_words``)

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
            if applied >= set(SCHEMA_TO_READ if self.read_only else SCHEMA):
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
        sql = f"""
            SELECT a.doc, a.id, a.title, a.date, a.author, a.source,
                   b.article_id IS NOT NULL AS bookmarked, r.article_id IS NOT NULL AS read
            FROM articles a
            LEFT JOIN state.bookmarks b ON b.article_id = a.id
            LEFT JOIN state.reads r ON r.article_id = a.id
            {where}
            ORDER BY a.doc DESC LIMIT :limit OFFSET :offset
        """
        cursor = self.db.execute(sql, {"before": before, "limit": limit, "offset": offset})
        return [
            ArticleRow(doc, id_, title, date, author, source, bool(bm), bool(rd))
            for doc, id_, title, date, author, source, bm, rd in cursor.fetchall()
        ]

    def rows_for(self, ids: Sequence[str]) -> dict[str, ArticleRow]:
        """List rows (with bookmark and read marks) for the given article ids."""
        if not ids:
            return {}
        sql = f"""
            SELECT a.doc, a.id, a.title, a.date, a.author, a.source,
                   b.article_id IS NOT NULL, r.article_id IS NOT NULL
            FROM articles a
            LEFT JOIN state.bookmarks b ON b.article_id = a.id
            LEFT JOIN state.reads r ON r.article_id = a.id
            WHERE a.id IN ({",".join("?" * len(ids))})
        """
        return {
            row[1]: ArticleRow(
                row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), bool(row[7])
            )
            for row in self.db.execute(sql, list(ids)).fetchall()
        }

    def search_titles(self, text: str, limit: int = 20) -> list[ArticleRow]:
        """Articles whose title holds every word typed, as prefixes, marks ignored."""
        words = [fold(w) for w in WORD.findall(clean(text))][:MAX_TITLE_WORDS]
        if not words:
            return []
        expand = self._index_words()
        expression = " AND ".join(fts_term([w], True, expand, True) for w in words)
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        docs = [r[0] for r in self.db.execute(sql, [f"ftitle : ({expression})", limit])]
        if not docs:
            return []
        ids = [
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM articles WHERE doc IN ({','.join('?' * len(docs))}) "
                "ORDER BY doc DESC",
                docs,
            )
        ]
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
    ) -> ImportReport:
        """Import files and folders (recursively). Each batch is one transaction.

        With ``processes`` over 1 (``store.pool.workers()``: one a processor), many files are
        read and parsed by as many worker processes while this one writes the library
        (``store.pool``; the program's main module must then be safe to import, as
        ``multiprocessing`` says).
        Then (unless ``entities`` is false) the entities of the new articles are extracted,
        also in batches: ``index_entities``."""
        self.check_writable()
        report = ImportReport()
        files, missing = collect_files(targets)
        for skipped in missing:
            report.files.append(skipped)
            if progress:
                progress(skipped)
        batch = _Batch(self, report, progress)
        with contextlib.closing(self._load_files(files, processes)) as loading, batch:
            for path, loaded in loading:
                stored = self._to_store(path, loaded, batch.known_sha)
                if isinstance(stored, FileReport):  # rejected
                    report.files.append(stored)
                    if progress:
                        progress(stored)
                    continue
                key, sha, size, articles, file_report = stored
                if isinstance(articles, _LargeFile):  # read as it is stored, on its own
                    batch.commit()
                    self._write_large(key, sha, size, articles, file_report, report, progress)
                    continue
                batch.add(key, sha, size, articles, file_report)
                if batch.articles >= batch_articles or batch.size >= batch_bytes:
                    batch.commit()
            batch.commit()
        self.refresh()
        if entities:
            self.index_entities(entity_progress)
        self.give_back_free_pages()
        return report

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

    def index_entities(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Extract the entities of every article that has not been indexed yet."""
        self.check_writable()
        return entity_index.index_pending(self.db, progress)

    def import_articles(
        self, articles: Sequence[Article], key: str, entities: bool = True
    ) -> FileReport:
        """Import articles that did not come from a file (e.g. tests), under a made-up key."""
        file_report = FileReport(path=key, status="imported")
        sha = hashlib.sha256(
            "\x00".join(a.text + a.title for a in articles).encode("utf-8", "surrogatepass")
        ).hexdigest()
        with self.db.atomic():
            self._store_file(key, sha, 0, [prepare(a) for a in articles], file_report)
        self.refresh()
        if entities:
            self.index_entities()
        return file_report

    def _known_sha(self, key: str) -> str | None:
        """The digest of what the file ``key`` held when it was last imported."""
        row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def _load_files(
        self, files: Sequence[Path], processes: int
    ) -> Generator[tuple[Path, _Loaded], None, None]:
        """Each file read and parsed (``_load``), in order: by worker processes when there are
        many (``store.pool``), else here."""
        from . import pool

        if processes < 2 or len(files) < pool.POOL_FROM or self.path is None:
            folders: dict[str, str] = {}
            for path in files:
                yield path, _load(path, self._known_sha, folders)
            return
        with pool.Pool(files, self.path, processes) as workers:
            yield from workers

    def _to_store(
        self, path: Path, loaded: _Loaded, known_sha: Callable[[str], str | None]
    ) -> tuple[str, str, int, list[Prepared] | _LargeFile | None, FileReport] | FileReport:
        """What to store of a file read: its key, digest, size, articles (None: unchanged, as
        ``known_sha`` says) and report; or only its report when it was rejected."""
        if not loaded.key:
            return loaded.report  # not read
        if known_sha(loaded.key) == loaded.sha:
            # unchanged: nothing to parse (what a parse found, if it was done, is forgotten)
            unchanged = FileReport(path=loaded.report.path, status="imported")
            return loaded.key, loaded.sha, loaded.size, None, unchanged
        if loaded.large is not None:
            return loaded.key, loaded.sha, loaded.size, loaded.large, loaded.report
        if not loaded.parsed:  # taken for unchanged where it was read: parsed here
            return self._to_store(path, _load(path, lambda _key: None), known_sha)
        if loaded.articles is None:
            return loaded.report  # not parsed
        return loaded.key, loaded.sha, loaded.size, loaded.articles, loaded.report

    def _write_batch(
        self,
        batch: Sequence[tuple[str, str, int, Iterable[Prepared] | None, FileReport]],
        report: ImportReport,
        progress: Callable[[FileReport], None] | None,
    ) -> None:
        """Store files in one transaction, then give their reports."""
        with _Batch(self, report, progress) as writing:
            for key, sha, size, articles, file_report in batch:
                writing.add(key, sha, size, articles, file_report)
            writing.commit()

    def _store_or_count(
        self, key: str, sha: str, size: int, articles: Iterable[Prepared] | None, report: FileReport
    ) -> None:
        """Store what a file gave (inside a transaction), or count what an unchanged one did."""
        if articles is None:
            count = self.db.execute(
                "SELECT count(*) FROM file_articles WHERE path = ?", [key]
            ).fetchone()[0]
            report.status = "unchanged"
            report.unchanged = count
        else:
            self._store_file(key, sha, size, articles, report)

    def _write_large(
        self,
        key: str,
        sha: str,
        size: int,
        articles: _LargeFile,
        file_report: FileReport,
        report: ImportReport,
        progress: Callable[[FileReport], None] | None,
    ) -> None:
        """Store a large JSON lines file as it is read, in a transaction of its own: a file
        that turns out to hold no good record, or that changes as it is read, leaves the
        library as it was."""
        from .parse import Rejected

        try:
            prepared = map(prepare, articles)
            self._write_batch([(key, sha, size, prepared, file_report)], report, progress)
        except Rejected as exc:
            rejected = FileReport(path=file_report.path, status="rejected", reason=str(exc))
            report.files.append(rejected)
            if progress:
                progress(rejected)

    def _store_file(
        self, key: str, sha: str, size: int, articles: Iterable[Prepared], file_report: FileReport
    ) -> None:
        """Replace what the file ``key`` produced before by ``articles`` (a list, or read as
        they are stored). Inside a transaction."""
        old = [
            row[0]
            for row in self.db.execute(
                "SELECT article_id FROM file_articles WHERE path = ? ORDER BY ord", [key]
            ).fetchall()
        ]
        old_set = set(old)
        stamp = now()
        new_ids: list[str] = []
        seen: set[str] = set()
        # (the article that stood at this place in the file, the new one there): the old
        # one's bookmark and read mark follow, unless it is still in the file
        moved: list[tuple[str, str]] = []
        for ord_, article in enumerate(articles):
            new_id = article.id
            if new_id in seen:
                file_report.duplicates += 1
                continue
            seen.add(new_id)
            existing = self.db.execute(
                "SELECT doc, title, title_inferred, date, author, source FROM articles "
                "WHERE id = ?",
                [new_id],
            ).fetchone()
            new_ids.append(new_id)
            if existing is not None:
                if new_id in old_set:
                    if _metadata_changed(existing, article):
                        self._delete_article(new_id)
                        self._insert_article(article, stamp)
                        file_report.updated += 1
                    else:
                        file_report.unchanged += 1
                else:
                    file_report.duplicates += 1
                continue
            self._insert_article(article, stamp)
            previous = old[ord_] if ord_ < len(old) else None
            if previous:
                moved.append((previous, new_id))
            else:
                file_report.imported += 1
        for previous, new_id in moved:
            if previous not in seen:
                self._carry_state(previous, new_id, stamp)
                file_report.updated += 1
            else:
                file_report.imported += 1
        self.db.execute("DELETE FROM file_articles WHERE path = ?", [key])
        self.db.conn.executemany(
            "INSERT INTO file_articles (path, ord, article_id) VALUES (?, ?, ?)",
            [(key, i, aid) for i, aid in enumerate(new_ids)],
        )
        for gone in old_set - seen:
            still_used = self.db.execute(
                "SELECT 1 FROM file_articles WHERE article_id = ? LIMIT 1", [gone]
            ).fetchone()
            if not still_used:
                self._delete_article(gone)
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, sha256, size, imported_at) VALUES (?, ?, ?, ?)",
            [key, sha, size, stamp],
        )

    def _insert_article(self, article: Prepared, stamp: str) -> None:
        base = date_number(article.date) * _DOC_SPAN
        top = self.db.execute(
            "SELECT max(doc) FROM articles WHERE doc >= ? AND doc < ?", [base, base + _DOC_SPAN]
        ).fetchone()[0]
        doc = (top + 1) if top is not None else base + 1
        row = (
            doc,
            article.id,
            article.title,
            int(article.title_inferred),
            article.date,
            article.author,
            self._utf8(article.lede),
            self._utf8(article.body),
            article.captions,
            article.caption_at,
            article.source,
            article.words,
            stamp,
        )
        self.db.execute(
            "INSERT INTO articles (doc, id, title, title_inferred, date, author, lede, body, "
            "captions, caption_at, source, words, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, ?)",
            row,
        )
        fts = article.fts if self._utf8_library else tuple(map(self._utf8, article.fts))
        if self._pending_index is None:
            _insert_index(self.db, [(doc, fts)])
            return
        self._pending_index.append((doc, fts))
        if len(self._pending_index) >= PENDING_INDEX_ROWS:  # a large file: bounded memory
            self._flush_index()

    @cached_property
    def _utf8_library(self) -> bool:
        """Whether SQLite keeps the library's text as UTF-8 (as bantin makes it)."""
        return str(self.db.execute("PRAGMA encoding").fetchone()[0]).upper() == "UTF-8"

    def _utf8(self, text: bytes) -> bytes | str:
        """UTF-8 text for ``CAST(? AS TEXT)``: as it is, unless the library keeps another."""
        return text if self._utf8_library else text.decode("utf-8")

    def _flush_index(self) -> None:
        pending = self._pending_index
        if pending:
            pending.sort(key=itemgetter(0))
            _insert_index(self.db, pending)
            pending.clear()

    def _delete_article(self, aid: str) -> None:
        row = self.db.execute(
            "SELECT doc, title, lede, body, captions FROM articles WHERE id = ?", [aid]
        ).fetchone()
        if row is None:
            return
        doc, title, lede, body, captions = row
        self._flush_index()  # a row is never taken out before it is in
        text = _indexed_text(lede, body, json.loads(captions))
        index_row(self.db, doc, title, text, delete=True)
        entity_index.remove_article(self.db, aid)
        self.db.execute("DELETE FROM articles WHERE doc = ?", [doc])

    def _carry_state(self, old_id: str, new_id: str, stamp: str) -> None:
        """An article changed in its file: a redirect tells every reader's state (bookmark,
        note, read mark) where it went; see ``store.state.follow_redirects``."""
        self.db.execute("UPDATE redirects SET new_id = ? WHERE new_id = ?", [new_id, old_id])
        self.db.execute(
            "INSERT OR REPLACE INTO redirects (old_id, new_id, at) VALUES (?, ?, ?)",
            [old_id, new_id, stamp],
        )

    # search ------------------------------------------------------------------------------

    def search(
        self,
        text: str | Query,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        rank_all: bool = False,
    ) -> SearchResult:
        """Ranked (``relevance``: bm25, title above body) or newest-first (``date``) results.

        A relevance search with more than ``RANK_CUT`` matches ranks its newest ``RANK_CUT``
        (``ranked_among`` says so), unless ``rank_all``."""
        query = text if isinstance(text, Query) else parse_query(text)
        if query.empty:
            return SearchResult(query, [], message="nothing to search for")
        match = build_match(query)
        cut = None if sort == "date" or rank_all else RANK_CUT
        # prefixes looked up as words, for all but bm25 (``store.search.Expand``)
        ranks_all = sort != "date" and cut is None
        lookup = match
        if query.has_prefix and not ranks_all:
            lookup = build_match(query, self._index_words())
        docs, bound = self._match(match, lookup, limit, sort, offset, cut)
        ranked_among = cut if bound is not None else None
        if not docs:
            return SearchResult(query, [], ranked_among=ranked_among)
        rows = {
            row["doc"]: StoredArticle.from_row(row)
            for row in self.db.query(
                f"SELECT * FROM articles WHERE doc IN ({','.join('?' * len(docs))})",
                [doc for doc, _ in docs],
            )
        }
        highlighter = Highlighter(query)
        hits = []
        for doc, score in docs:
            article = rows.get(doc)
            if article is not None:
                hits.append(_hit(article, -score, highlighter))
        return SearchResult(query, hits, ranked_among=ranked_among)

    def _index_words(self) -> Expand:
        """``expand`` for ``build_match``: the search index's words that begin with a prefix.

        Each word is a step through the index (fts5vocab, a seek to the first word at or after
        a string). For the folded columns, words with marks are stepped over whole: the folded
        columns hold none. A prefix of more than ``PREFIX_WORDS`` words, or one met after the
        search's ``PREFIX_STEPS`` steps are spent, is left to FTS5."""
        if not self._words_table:
            self.db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words "
                "USING fts5vocab(main, fts, instance)"
            )
            self._words_table = True
        step = "SELECT term FROM temp.fts_words WHERE term >= ? LIMIT 1"
        steps = PREFIX_STEPS

        def expand(stem: str, folded: bool) -> list[str] | None:
            nonlocal steps
            found: list[str] = []
            start = stem
            while steps > 0:
                steps -= 1
                row = self.db.execute(step, [start]).fetchone()
                if row is None or not row[0].startswith(stem):
                    return found or None
                word: str = row[0]
                mark = _MARKED.search(word, len(stem)) if folded else None
                if mark is not None:  # past every word that begins as this one does
                    start = word[: mark.end()] + "\U0010ffff"
                    continue
                found.append(word)
                if len(found) > PREFIX_WORDS:
                    return None
                start = word + "\x01"  # the next word: no word holds a control character
            return None

        return expand

    def count_matches(self, text: str | Query) -> int:
        query = text if isinstance(text, Query) else parse_query(text)
        if query.empty:
            return 0
        expand = self._index_words() if query.has_prefix else None
        table, expression, params = _match_sql(build_match(query, expand))
        sql = f"SELECT count(*) FROM {table} WHERE {expression}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def _match(
        self,
        match: Any,
        lookup: Any,
        limit: int,
        sort: str,
        offset: int,
        cut: int | None = None,
    ) -> tuple[list[tuple[int, float]], int | None]:
        """(doc, score) of a page of matches, and where the ranking stopped: with ``cut``, a
        relevance search of more than ``cut`` matches ranks the newest ``cut``, then goes on
        with the older ones newest first; the lowest doc ranked is returned (else None).
        ``lookup``: the same matches as ``match``, for everything but bm25's scores."""
        table, expression, params = _match_sql(match)
        where = f"SELECT rowid, {{score}} FROM {table} WHERE {expression}"
        score = f"bm25({table}, {TITLE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT})"
        _, found_expression, found_params = _match_sql(lookup)
        found_where = f"SELECT rowid, {{score}} FROM {table} WHERE {found_expression}"
        newest = found_where.format(score="0.0") + " {bound}ORDER BY rowid DESC LIMIT ? OFFSET ?"
        best = " ORDER BY 2, 1 DESC LIMIT ? OFFSET ?"  # ties: the newest first
        try:
            if sort == "date":
                rows = self.db.execute(newest.format(bound=""), [*found_params, limit, offset])
                return [(r[0], r[1]) for r in rows], None
            bound = None
            if cut is not None:  # the (cut + 1)-th newest match, found without scoring
                row = self.db.execute(
                    found_where.format(score="0") + " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                    [*found_params, cut],
                ).fetchone()
                bound = None if row is None else int(row[0]) + 1
            if bound is None:
                ranked = where.format(score=score) + best
                return [
                    (r[0], r[1]) for r in self.db.execute(ranked, [*params, limit, offset])
                ], None
            assert cut is not None
            found: list[tuple[int, float]] = []
            if offset < cut:
                ranked = where.format(score=score) + " AND rowid >= ?" + best
                rows = self.db.execute(ranked, [*params, bound, min(limit, cut - offset), offset])
                found = [(r[0], r[1]) for r in rows]
            if len(found) < limit:  # past the ranked ones: the older matches, newest first
                older = newest.format(bound="AND rowid < ? ")
                rest = [*found_params, bound, limit - len(found), max(0, offset - cut)]
                found += [(r[0], r[1]) for r in self.db.execute(older, rest)]
            return found, bound
        except sqlite3.OperationalError as exc:  # never expected: every term is quoted
            raise LibraryError(f"search failed: {exc}") from None

    # entities ----------------------------------------------------------------------------

    def entities(
        self,
        etype: str | None = None,
        article_id: str | None = None,
        sort: str = "alpha",
        limit: int | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[entity_index.EntityInfo]:
        return entity_index.list_entities(self.db, etype, article_id, sort, limit, ids)

    def article_entities(self, article_id: str) -> list[entity_index.EntityInfo]:
        return entity_index.article_entities(self.db, article_id)

    def entity(self, entity_id: int) -> entity_index.EntityInfo | None:
        rows = entity_index.list_entities(self.db, ids=[entity_id])
        return rows[0] if rows else None

    def entity_article_count(self, entity_id: int) -> int:
        row = self.db.execute("SELECT articles FROM entities WHERE id = ?", [entity_id]).fetchone()
        return int(row[0]) if row else 0

    def entity_articles(self, entity_id: int) -> list[dict[str, Any]]:
        return entity_index.entity_articles(self.db, entity_id)

    def appears_with(self, entity_id: int, limit: int = 15) -> list[entity_index.EntityInfo]:
        return entity_index.appears_with(self.db, entity_id, limit)

    def entity_page(self, entity_id: int, offset: int = 0, limit: int = 50) -> list[ArticleRow]:
        """A page of the articles naming an entity, newest first."""
        sql = """
            SELECT a.doc, a.id, a.title, a.date, a.author, a.source,
                   b.article_id IS NOT NULL, r.article_id IS NOT NULL
            FROM mentions m JOIN articles a ON a.id = m.article_id
            LEFT JOIN state.bookmarks b ON b.article_id = a.id
            LEFT JOIN state.reads r ON r.article_id = a.id
            WHERE m.entity_id = ? ORDER BY a.doc DESC LIMIT ? OFFSET ?
        """
        return [
            ArticleRow(doc, id_, title, date, author, source, bool(bm), bool(rd))
            for doc, id_, title, date, author, source, bm, rd in self.db.execute(
                sql, [entity_id, limit, offset]
            ).fetchall()
        ]

    def entity_spans(self, article_id: str, entity_id: int) -> dict[str, list[tuple[int, int]]]:
        """Where an article names an entity: field -> [(start, end)]."""
        row = self.db.execute(
            "SELECT offsets FROM mentions WHERE article_id = ? AND entity_id = ?",
            [article_id, entity_id],
        ).fetchone()
        if row is None:
            return {}
        return {f: [(s, e) for s, e in spans] for f, spans in json.loads(row[0]).items()}

    def titles(self) -> Iterator[tuple[str, str]]:
        """(id, title) of every article, for the name finder."""
        yield from self.db.execute("SELECT id, title FROM articles")

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
        """Bookmarks, newest first, with their article's title, date, author and source (an
        article replaced by a re-import is found through the library's redirects)."""
        sql = """
            SELECT coalesce(a.id, b.article_id) AS id, b.created, b.note,
                   a.title, a.date, a.author, a.source
            FROM state.bookmarks b
            LEFT JOIN redirects d ON d.old_id = b.article_id
            LEFT JOIN articles a ON a.id = coalesce(d.new_id, b.article_id)
            ORDER BY b.created DESC, b.rowid DESC
        """
        return list(self.db.query(sql))

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


MAX_READ = 64 * 1024 * 1024
# a JSON lines or text file from this size on is read a line (a glued article) at a time as it
# is stored: the memory an import takes does not grow with the size of the file
STREAM_FROM = 4 * 1024 * 1024
STREAMED_SUFFIXES = {".jsonl", ".ndjson", ".txt"}
PENDING_INDEX_ROWS = 2000  # search-index rows held before they are written, in key order
MAX_TITLE_WORDS = 12
# A prefix is looked up as the search index's words that begin with it when it has at most
# this many (``store.search.Expand``); each takes a step of about 0.3 ms at 100,000 articles.
PREFIX_WORDS = 128
PREFIX_STEPS = 256  # the most steps a search takes finding the words of its prefixes
_MARKED = re.compile(f"[{MARKED_LETTERS}]")


def _metadata_changed(existing: tuple[Any, ...], article: Prepared) -> bool:
    _doc, title, inferred, date, author, source = existing
    return (title, bool(inferred), date, author, source) != (
        article.title,
        article.title_inferred,
        article.date,
        article.author,
        article.source,
    )


def _indexed_text(lede: str, body: str, captions: list[str]) -> str:
    return "\n\n".join(part for part in (lede, body, *captions) if part)


def _match_sql(match: Any) -> tuple[str, str, list[str]]:
    return "fts", "fts MATCH ?", [match.expression]


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


def _insert_index(db: Database, rows: Iterable[tuple[int, tuple[bytes | str, ...]]]) -> None:
    db.executemany(
        "INSERT INTO fts (rowid, title, body, ftitle, fbody) VALUES (?, CAST(? AS TEXT), "
        "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))",
        ((doc, *values) for doc, values in rows),
    )


SNIPPET_WINDOW = 2000  # a snippet is looked for in the first characters of the body first


def _hit(article: StoredArticle, score: float, highlighter: Highlighter) -> Hit:
    return Hit(article, score, highlighter)


def path_text(path: Path | str) -> str:
    """A file name as text that can be stored and printed: bytes of a name that are not UTF-8
    (kept by Python as lone surrogates) written as ``\\xNN``, so two such names stay apart."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def collect_files(targets: Iterable[str | Path]) -> tuple[list[Path], list[FileReport]]:
    """Files to import: named files as they are, folders walked for article files.

    Links to folders are followed, each folder once: a link back to a folder it is in (a
    loop) or to one read already is not. Returns the files, and a rejected report for each
    target that does not exist, each folder that cannot be read and each link not followed.
    """
    found: list[Path] = []
    reports: list[FileReport] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            _walk(path, found, reports)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            reports.append(
                FileReport(path=path_text(path), status="rejected", reason="no such file")
            )
    return found, reports


def _walk(top: Path, found: list[Path], reports: list[FileReport]) -> None:
    """Article files under ``top`` in name order, a folder's files before its subfolders."""

    def rejected(path: Path, reason: str) -> None:
        reports.append(FileReport(path=path_text(path), status="rejected", reason=reason))

    def identity(path: Path) -> tuple[int, int]:
        info = path.stat()
        return info.st_dev, info.st_ino

    try:
        seen = {identity(top)}
    except OSError as exc:
        rejected(top, os_reason(exc, top))
        return
    # (folder, the identities of the folders it is in, itself included)
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(top, frozenset(seen))]
    while stack:
        folder, above = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(
                    (e for e in scan if not e.name.startswith(".")), key=lambda e: e.name
                )
        except OSError as exc:
            rejected(folder, f"folder not readable: {os_reason(exc, folder)}")
            continue
        folders: list[tuple[Path, frozenset[tuple[int, int]]]] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link loop, or a link the walk may not follow: read as a file
                is_dir = False
            if not is_dir:
                if path.suffix.lower() in ARTICLE_SUFFIXES:
                    found.append(path)
                continue
            try:
                key = identity(path)
            except OSError as exc:
                rejected(path, f"folder not readable: {os_reason(exc, path)}")
                continue
            if key in above:
                rejected(path, "a link back to a folder it is in (a loop): not followed")
            elif key in seen:
                rejected(path, "a link to a folder read already: not followed")
            else:
                seen.add(key)
                folders.append((path, above | {key}))
        stack.extend(reversed(folders))


class NotRead(Exception):
    """A file that is not read: not a regular file, or over the size limit (the message
    says which)."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (``MAX_READ``).

    Its kind and size are looked at before anything is read: a named pipe, a device or a
    socket is never read, so never waited on, nor a file over the limit (``NotRead`` says
    why). The file is opened without blocking, in case it is swapped for a pipe between the
    look and the open. ``OSError`` when it cannot be read.
    """
    limit = MAX_READ if limit is None else limit
    with open_file(path, limit) as handle:
        data = handle.read(limit + 1)  # a file may grow while it is read
    if len(data) > limit:
        raise NotRead(f"too large (over {_megabytes(limit)} MB, the limit)")
    return data


def open_file(path: Path, limit: int | None = None) -> BinaryIO:
    """A regular file of at most ``limit`` bytes (``MAX_READ``), open for reading; as
    ``read_file`` says, nothing else is opened (``NotRead``)."""
    limit = MAX_READ if limit is None else limit
    _check_file(path.stat(), limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        _check_file(os.fstat(fd), limit)
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb")


class _LargeFile:
    """The articles of a large file of plain UTF-8 read as they are stored: JSON lines a line
    at a time (``JsonLines``), text an article at a time (``TextPieces``). The file is read
    again then: if it is not what ``sha`` was taken of, ``Rejected`` ends its transaction.
    The lines that could not be read go to the file's report as they are met."""

    def __init__(self, path: Path, sha: str, size: int, file_report: FileReport) -> None:
        self.path, self.sha, self.size, self.file_report = path, sha, size, file_report

    def __iter__(self) -> Iterator[Article]:
        from .parse import GLUED_LINE, JsonLines, Rejected, TextPieces

        digest = hashlib.sha256()

        def text(raw: bytes) -> str:
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise Rejected("changed while it was read: import it again") from None

        def lines(handle: BinaryIO) -> Iterator[str]:
            for raw in handle:
                digest.update(raw)
                yield text(raw).removesuffix("\n")

        def pieces(handle: BinaryIO) -> Iterator[str]:
            held: list[bytes] = []
            for raw in handle:
                digest.update(raw)
                if held and GLUED_LINE.match(raw):
                    yield text(b"".join(held)).removeprefix("\ufeff")
                    held = []
                held.append(raw)
            if held:
                yield text(b"".join(held)).removeprefix("\ufeff")

        try:
            with open_file(self.path) as handle:
                articles: JsonLines | TextPieces
                if self.path.suffix.lower() == ".txt":
                    articles = TextPieces(pieces(handle), self.path.name)
                else:
                    articles = JsonLines(lines(handle), self.path.name)
                self.file_report.problems = articles.problems
                yield from articles
        except OSError as exc:
            raise Rejected(f"not readable: {os_reason(exc, self.path)}") from None
        except NotRead as exc:
            raise Rejected(str(exc)) from None
        if digest.hexdigest() != self.sha:
            raise Rejected("changed while it was read: import it again")


class _Batch:
    """Files stored as they come, in one transaction (opened by the first), their reports given
    once it commits. ``known_sha`` is what the library knew of a file when the batch began, as
    if the batch were stored at its end. Leaving it with an exception rolls it back."""

    def __init__(
        self,
        library: Library,
        report: ImportReport,
        progress: Callable[[FileReport], None] | None,
    ) -> None:
        self.library, self.report, self.progress = library, report, progress
        self.files: list[FileReport] = []
        self.size = self.articles = 0
        self.before: dict[str, str | None] = {}  # the digests of the files stored so far, before
        self.transaction: contextlib.ExitStack | None = None

    def known_sha(self, key: str) -> str | None:
        return self.before[key] if key in self.before else self.library._known_sha(key)

    def add(
        self, key: str, sha: str, size: int, articles: Iterable[Prepared] | None, report: FileReport
    ) -> None:
        library = self.library
        if self.transaction is None:
            transaction = contextlib.ExitStack()
            transaction.enter_context(library.db.atomic())
            self.transaction = transaction
            library._pending_index = []
        if key not in self.before:
            self.before[key] = library._known_sha(key)
        library._store_or_count(key, sha, size, articles, report)
        self.files.append(report)
        self.size += size
        self.articles += len(articles) if isinstance(articles, list) else 0

    def commit(self) -> None:
        transaction = self.transaction
        if transaction is None:
            return
        try:
            self.library._flush_index()
        except BaseException:
            self._abort(*sys.exc_info())
            raise
        self.transaction = None
        self.library._pending_index = None
        transaction.close()  # COMMIT
        files, self.files = self.files, []
        self.size = self.articles = 0
        self.before.clear()
        for file_report in files:
            self.report.files.append(file_report)
            if self.progress:
                self.progress(file_report)

    def _abort(self, *exc: Any) -> None:
        transaction, self.transaction = self.transaction, None
        self.library._pending_index = None
        if transaction is not None:
            transaction.__exit__(*exc)  # ROLLBACK

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is not None:
            self._abort(*exc)
        else:
            self.commit()


@dataclass
class _Loaded:
    """A file read, and parsed unless its digest was known: what ``Library._to_store`` takes.
    ``key`` is empty when the file could not be read (``report`` says why)."""

    report: FileReport
    key: str = ""
    sha: str = ""
    size: int = 0
    articles: list[Prepared] | None = None  # None: rejected, or not parsed
    large: _LargeFile | None = None  # a large file, read again as it is stored
    parsed: bool = False


def _load(
    path: Path, known_sha: Callable[[str], str | None], folders: dict[str, str] | None = None
) -> _Loaded:
    """Read a file and, unless ``known_sha`` of its key gives its digest (unchanged) or it is
    read as it is stored (a large file), parse it and prepare its articles. ``folders``: the
    real paths of the folders seen so far in this import (``_real_path``)."""
    file_report = FileReport(path=path_text(path), status="imported")
    try:
        large = _large_file(path, file_report)
        data = read_file(path) if large is None else b""
    except OSError as exc:
        file_report.status = "rejected"
        file_report.reason = f"not readable: {os_reason(exc, path)}"
        return _Loaded(file_report)
    except NotRead as exc:
        file_report.status, file_report.reason = "rejected", str(exc)
        return _Loaded(file_report)
    key = path_text(_real_path(path, folders))
    sha = large.sha if large is not None else hashlib.sha256(data).hexdigest()
    size = large.size if large is not None else len(data)
    loaded = _Loaded(file_report, key, sha, size, large=large)
    if large is not None or known_sha(key) == sha:
        return loaded
    from .parse import Rejected, parse_bytes

    loaded.parsed = True
    try:
        articles = parse_bytes(data, path.name)
        file_report.problems = list(getattr(articles, "problems", []))
    except Rejected as exc:
        file_report.status, file_report.reason = "rejected", str(exc)
        return loaded
    except Exception as exc:  # a parser bug must not abort an import
        file_report.status = "rejected"
        file_report.reason = f"could not be read ({type(exc).__name__}: {exc})"
        return loaded
    loaded.articles = [prepare(article) for article in articles]
    return loaded


def _real_path(path: Path, folders: dict[str, str] | None) -> str:
    """``path.resolve()``, as text. With ``folders``, a file that is not a link is found in its
    folder's real path, looked up once for all the folder's files (and kept in ``folders``)."""
    if folders is None or os.name == "nt" or os.path.islink(path):
        return str(path.resolve())
    folder = str(path.parent)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, path.name)


def _large_file(path: Path, file_report: FileReport) -> _LargeFile | None:
    """A JSON lines or text file of ``STREAM_FROM`` bytes or more, of plain UTF-8 text, to be
    read as it is stored; None for any other file (read whole). Its digest is taken here, a
    megabyte at a time; ``OSError`` or ``NotRead`` when it cannot be read."""
    if path.suffix.lower() not in STREAMED_SUFFIXES:
        return None
    from .parse import _control_share

    info = path.stat()
    if not stat.S_ISREG(info.st_mode) or info.st_size < STREAM_FROM:
        return None
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    with open_file(path) as handle:
        while chunk := handle.read(1024 * 1024):
            if size == 0 and (
                chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                or b"\0" in chunk
                or _control_share(chunk[:65536]) > 0.05
            ):
                return None  # UTF-16, or binary: read whole, as every other file
            size += len(chunk)
            if size > MAX_READ:
                raise NotRead(f"too large (over {_megabytes(MAX_READ)} MB, the limit)")
            digest.update(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return None  # another encoding: read whole, decoded as a whole
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return _LargeFile(path, digest.hexdigest(), size, file_report)


def _check_file(info: os.stat_result, limit: int) -> None:
    """``NotRead`` unless a regular file of at most ``limit`` bytes."""
    if not stat.S_ISREG(info.st_mode):
        raise NotRead(_not_regular(info.st_mode))
    if info.st_size > limit:
        size, most = _megabytes(info.st_size), _megabytes(limit)
        raise NotRead(f"too large ({size} MB; the limit is {most} MB)")


def _not_regular(mode: int) -> str:
    """What a file that is not a regular file is, for a person."""
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISDIR, "a folder"),
    )
    name = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file: {name}, not read"


def os_reason(exc: OSError, path: Path) -> str:
    """Why a file could not be read, in one line for a person."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (links pointing at each other)"
    if exc.errno == errno.ENOENT:
        broken = path.is_symlink()
        return "a broken link: what it points to does not exist" if broken else "no such file"
    return (exc.strerror or str(exc)).lower()


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
