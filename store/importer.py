"""Importing: files read (``store.loading``, in worker processes for many: ``store.pool``)
and stored in batches, each batch one transaction.

A file imported again replaces what it gave before: an article that stands at the same place
in the file but changed is stored anew, and a redirect sends every reader's bookmark, note and
read mark after it (``store.state.follow_redirects``); an article no file gives any more is
taken out. What a file held is known by its digest: an unchanged file is not parsed again.

The search index is written at a batch's end, its rows in key order (``IndexQueue``): FTS5
writes rows that come in rowid order much faster.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Collection, Generator, Iterable, Mapping, Sequence
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from . import entity_index
from .db import Database
from .files import collect_files, is_address, passed_note
from .kinds import FileReport, ImportReport, now
from .loading import LargeFile, Loaded, Prepared, date_number, load, load_bytes, prepare
from .search_index import index_row, indexed_text, insert_index
from .text import clean

if TYPE_CHECKING:
    from .fetch import Fetched
    from .parse import Article

DOC_SPAN = 10_000_000  # article keys: date number * DOC_SPAN + sequence within the date
PENDING_INDEX_ROWS = 2000  # search-index rows held before they are written, in key order

Progress = Callable[[FileReport], None] | None


class Importer:
    """Imports into the library on ``db`` (kept at ``path``: the worker processes read which
    files it knows from there; None, in memory, imports in this process)."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db, self.path = db, path
        self.writer = Writer(db)

    def import_paths(
        self,
        targets: Iterable[str | Path],
        progress: Progress = None,
        batch_articles: int = 2000,
        batch_bytes: int = 32 * 1024 * 1024,
        processes: int = 1,
        timeout: float | None = None,
        field_map: Mapping[str, str] | None = None,
    ) -> ImportReport:
        """Import files and folders (recursively), a batch at a time, then the addresses
        among ``targets`` (fetched: ``import_addresses``, with ``timeout``);
        ``Library.import_paths`` says more."""
        report = ImportReport()
        targets = list(targets)
        addresses = [target for target in targets if is_address(target)]
        if addresses:
            targets = [target for target in targets if not is_address(target)]
        passed: Counter[str] = Counter()
        files, missing = collect_files(targets, passed)
        if passed:
            report.notes.append(passed_note(passed))
        for skipped in missing:
            _give(skipped, report, progress)
        batch = Batch(self.writer, report, progress)
        loads = self._load_files(files, processes, report, field_map)
        with contextlib.closing(loads) as loading, batch:
            for path, loaded in loading:
                stored = _to_store(path, loaded, batch.known_sha, field_map)
                if isinstance(stored, FileReport):  # rejected
                    _give(stored, report, progress)
                    continue
                key, sha, size, articles, file_report = stored
                if isinstance(articles, LargeFile):  # read as it is stored, on its own
                    batch.commit()
                    self._write_large(key, sha, size, articles, file_report, report, progress)
                    continue
                batch.add(key, sha, size, articles, file_report)
                if batch.articles >= batch_articles or batch.size >= batch_bytes:
                    batch.commit()
            batch.commit()
        if addresses:
            self.import_addresses([str(a) for a in addresses], report, progress, timeout)
        return report

    def import_addresses(
        self,
        addresses: Sequence[str],
        report: ImportReport,
        progress: Progress = None,
        timeout: float | None = None,
        conditional: bool = False,
        follow: Collection[str] = (),
    ) -> None:
        """Fetch each address (``store.fetch``) and import what it gives as a file of its kind
        would be, stored under the address: imported again, it is unchanged when the server
        sends the same bytes, and replaces what it gave when they changed. A feed's items are
        stored each under its own address (``_store_feed``). An address that cannot be
        fetched is rejected with the reason. ``conditional``: the ETag and Last-Modified kept
        from the last fetch are sent back, and a server's "not modified" is ``unchanged``
        without a download. Each address is stored in its own transaction, with what its
        server said (the ``fetches`` table). A feed in ``follow``: the page of each item new
        to the library is fetched too, and its full text replaces the item's summary."""
        from .fetch import FetchError, fetch_all

        kept = {a: self.writer.kept_validators(a) for a in addresses} if conditional else None
        for address, got in fetch_all(addresses, timeout, kept):
            if isinstance(got, FetchError):
                rejected = FileReport(path=address, status="rejected", reason=got.reason)
                _give(rejected, report, progress)
                continue
            if got.not_modified:
                with self.db.atomic():
                    self.writer.record_fetch(got.address, got.etag, got.last_modified)
                unchanged = FileReport(path=address, status="unchanged")
                unchanged.notes.append("not modified since the last fetch")
                _give(unchanged, report, progress)
                continue
            if got.is_feed:
                file_report, new_items = self._store_feed(got)
                if address in follow and new_items:
                    self._follow(new_items, file_report, timeout)
            else:
                file_report = self._store_page(got)
            _give(file_report, report, progress)

    def _follow(self, links: Sequence[str], feed_report: FileReport, timeout: float | None) -> None:
        """Each new item's page fetched and stored under the item's address, in place of its
        summary; a page that cannot be fetched or read leaves the summary, said in the
        feed's report."""
        from .fetch import FetchError, fetch_all

        pages = 0
        for link, got in fetch_all(links, timeout):
            if isinstance(got, FetchError):
                feed_report.problems.append(f"{link}: page not fetched: {got.reason}")
                continue
            if got.not_modified or got.is_feed:
                continue
            page_report = self._store_page(got)
            if page_report.status == "rejected":
                feed_report.problems.append(f"{link}: page not read: {page_report.reason}")
            else:
                pages += 1
        if pages:
            feed_report.notes.append(f"{pages} pages fetched for their full text")

    @staticmethod
    def _amend(got: Fetched) -> Callable[[Article], None]:
        """What a fetched document's articles are given: the address fetched as their source
        label; a page's address as its article's, unless the page gives its own; an address
        given relative to the document made whole."""
        source = " ".join(clean(got.address).split())

        def amend(article: Article) -> None:
            if article.url and not is_address(article.url):  # relative to the document
                article.url = urljoin(got.url, article.url)
            elif got.is_page and not article.url:
                article.url = got.url
            article.source = source

        return amend

    def _store_page(self, got: Fetched) -> FileReport:
        """A page (or a scraper's export) fetched, stored as a file under its address."""
        with Batch(self.writer, ImportReport(), None) as batch:
            amend = self._amend(got)
            loaded = load_bytes(got.data, got.address, got.name, batch.known_sha, amend, got.url)
            if loaded.parsed and loaded.articles is None:
                return loaded.report  # rejected
            batch.add(loaded.key, loaded.sha, loaded.size, loaded.articles, loaded.report)
            self.writer.record_fetch(got.address, got.etag, got.last_modified)
        return loaded.report

    def _store_feed(self, got: Fetched) -> tuple[FileReport, list[str]]:
        """A feed's items, each stored as a file of one article under the item's address (or
        the feed's and the article's id): an item edited replaces what it gave (bookmarks
        follow), an item gone from the feed stays in the library, an item already there is
        unchanged. An item whose address was imported as a page keeps the page. Returns the
        feed's report and the addresses of the items new to the library."""
        loaded = load_bytes(
            got.data, got.address, got.name, lambda _key: None, self._amend(got), got.url
        )
        feed_report = loaded.report
        if loaded.articles is None:
            return feed_report, []  # rejected
        seen: set[str] = set()
        new_items: list[str] = []
        with Batch(self.writer, ImportReport(), None) as batch:
            for item in loaded.articles:
                key = item.url or f"{got.address}#{item.id}"
                if key in seen:
                    feed_report.duplicates += 1
                    continue
                seen.add(key)
                sha = _item_sha(item)
                known = batch.known_sha(key)
                if known == sha or (known is not None and not known.startswith(ITEM_SHA)):
                    feed_report.unchanged += 1
                    continue
                batch.add(key, sha, 0, [item], feed_report)
                if known is None and key == item.url and is_address(key):
                    new_items.append(key)
            with self.db.atomic():
                self.writer.record_fetch(got.address, got.etag, got.last_modified)
        if not (feed_report.imported or feed_report.updated):
            feed_report.status = "unchanged"
        return feed_report, new_items

    def import_articles(self, articles: Sequence[Article], key: str) -> FileReport:
        """Import articles that did not come from a file (e.g. tests), under a made-up key."""
        file_report = FileReport(path=key, status="imported")
        sha = hashlib.sha256(
            "\x00".join(a.text + a.title for a in articles).encode("utf-8", "surrogatepass")
        ).hexdigest()
        with Batch(self.writer, ImportReport(), None) as batch:
            batch.add(key, sha, 0, [prepare(a) for a in articles], file_report)
        return file_report

    def _load_files(
        self,
        files: Sequence[Path],
        processes: int,
        report: ImportReport,
        field_map: Mapping[str, str] | None = None,
    ) -> Generator[tuple[Path, Loaded], None, None]:
        """Each file read and parsed (``loading.load``), in order: by worker processes when
        there are many (``store.pool``), else here; here too, with a note, when the workers
        cannot start. Workers that stop once started stop the import (``pool.Stopped``)."""
        from . import pool

        if processes >= 2 and len(files) >= pool.POOL_FROM and self.path is not None:
            try:
                with pool.Pool(files, self.path, processes, field_map) as workers:
                    yield from workers
                return
            except pool.CannotStart as exc:
                report.notes.append(
                    f"the worker processes could not start ({exc}): the files were read by "
                    "this process alone"
                )
        folders: dict[str, str] = {}
        for path in files:
            yield path, load(path, self.writer.known_sha, folders, field_map)

    def _write_large(
        self,
        key: str,
        sha: str,
        size: int,
        articles: LargeFile,
        file_report: FileReport,
        report: ImportReport,
        progress: Progress,
    ) -> None:
        """Store a large JSON lines file as it is read, in a transaction of its own: a file
        that turns out to hold no good record, or that changes as it is read, leaves the
        library as it was."""
        from .parse import Rejected

        try:
            with Batch(self.writer, report, progress) as batch:
                batch.add(key, sha, size, map(prepare, articles), file_report)
        except Rejected as exc:
            rejected = FileReport(path=file_report.path, status="rejected", reason=str(exc))
            _give(rejected, report, progress)


ITEM_SHA = "item:"  # the digest of a feed's item, told from a page's stored at its address


def _item_sha(item: Prepared) -> str:
    """A feed item's digest: what it stores (its text by its id, and its fields)."""
    fields = [
        item.id, item.title, item.title_inferred, item.date, item.author, item.source,
        item.url, item.outlet, item.section, item.tags, item.credit, item.captions,
        item.caption_at,
    ]  # fmt: skip
    text = json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return ITEM_SHA + hashlib.sha256(text).hexdigest()


def _give(file_report: FileReport, report: ImportReport, progress: Progress) -> None:
    report.files.append(file_report)
    if progress:
        progress(file_report)


def _to_store(
    path: Path,
    loaded: Loaded,
    known_sha: Callable[[str], str | None],
    field_map: Mapping[str, str] | None = None,
) -> tuple[str, str, int, list[Prepared] | LargeFile | None, FileReport] | FileReport:
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
        return _to_store(path, load(path, lambda _key: None, None, field_map), known_sha, field_map)
    if loaded.articles is None:
        return loaded.report  # not parsed
    return loaded.key, loaded.sha, loaded.size, loaded.articles, loaded.report


class IndexQueue:
    """Search-index rows of a batch being written (``rows``, appended by ``Writer``), inserted
    at its end (or every ``PENDING_INDEX_ROWS`` rows: a large file, bounded memory) in key
    order."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.rows: list[tuple[int, tuple[bytes | str, ...]]] = []

    def flush(self) -> None:
        rows = self.rows
        if rows:
            rows.sort(key=itemgetter(0))
            insert_index(self.db, rows)
            rows.clear()


class Batch:
    """Files stored as they come, in one transaction (opened by the first), their reports given
    once it commits. ``known_sha`` is what the library knew of a file when the batch began, as
    if the batch were stored at its end. Leaving it with an exception rolls it back."""

    def __init__(self, writer: Writer, report: ImportReport, progress: Progress) -> None:
        self.writer, self.report, self.progress = writer, report, progress
        self.files: list[FileReport] = []
        self.size = self.articles = 0
        self.before: dict[str, str | None] = {}  # the digests of the files stored so far, before
        self.transaction: contextlib.ExitStack | None = None
        self.index = IndexQueue(writer.db)

    def known_sha(self, key: str) -> str | None:
        return self.before[key] if key in self.before else self.writer.known_sha(key)

    def add(
        self, key: str, sha: str, size: int, articles: Iterable[Prepared] | None, report: FileReport
    ) -> None:
        writer = self.writer
        if self.transaction is None:
            transaction = contextlib.ExitStack()
            transaction.enter_context(writer.db.atomic())
            self.transaction = transaction
        if key not in self.before:
            self.before[key] = writer.known_sha(key)
        if articles is None:
            writer.count_unchanged(key, report)
        else:
            writer.store_file(key, sha, size, articles, report, self.index)
        self.files.append(report)
        self.size += size
        self.articles += len(articles) if isinstance(articles, list) else 0

    def commit(self) -> None:
        transaction = self.transaction
        if transaction is None:
            return
        try:
            self.index.flush()
        except BaseException:
            self._abort(*sys.exc_info())
            raise
        self.transaction = None
        transaction.close()  # COMMIT
        files, self.files = self.files, []
        self.size = self.articles = 0
        self.before.clear()
        for file_report in files:
            _give(file_report, self.report, self.progress)

    def _abort(self, *exc: Any) -> None:
        transaction, self.transaction = self.transaction, None
        self.index.rows.clear()
        if transaction is not None:
            transaction.__exit__(*exc)  # ROLLBACK

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is not None:
            self._abort(*exc)
        else:
            self.commit()


class Writer:
    """The rows of articles, files and redirects written (inside a transaction)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def known_sha(self, key: str) -> str | None:
        """The digest of what the file ``key`` held when it was last imported."""
        row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def kept_validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified the last fetch of ``url`` gave (None: not kept)."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM fetches WHERE url = ?", [url]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def record_fetch(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """What the server said of ``url`` (for the next fetch to ask only for a change), and
        when it was fetched."""
        self.db.execute(
            "INSERT OR REPLACE INTO fetches (url, etag, last_modified, fetched_at) "
            "VALUES (?, ?, ?, ?)",
            [url, etag, last_modified, now()],
        )

    def count_unchanged(self, key: str, report: FileReport) -> None:
        """An unchanged file: its articles counted, nothing written."""
        count = self.db.execute(
            "SELECT count(*) FROM file_articles WHERE path = ?", [key]
        ).fetchone()[0]
        report.status = "unchanged"
        report.unchanged = count

    def store_file(
        self,
        key: str,
        sha: str,
        size: int,
        articles: Iterable[Prepared],
        file_report: FileReport,
        index: IndexQueue,
    ) -> None:
        """Replace what the file ``key`` produced before by ``articles`` (a list, or read as
        they are stored)."""
        old = [
            row[0]
            for row in self.db.execute(
                "SELECT article_id FROM file_articles WHERE path = ? ORDER BY ord", [key]
            ).fetchall()
        ]
        stamp = now()
        new_ids, seen, moved = self._store_articles(articles, old, file_report, index, stamp)
        for previous, new_id in moved:
            if previous not in seen:
                self.carry_state(previous, new_id, stamp)
                file_report.updated += 1
            else:
                file_report.imported += 1
        self.db.execute("DELETE FROM file_articles WHERE path = ?", [key])
        self.db.conn.executemany(
            "INSERT INTO file_articles (path, ord, article_id) VALUES (?, ?, ?)",
            [(key, i, aid) for i, aid in enumerate(new_ids)],
        )
        for gone in set(old) - seen:
            still_used = self.db.execute(
                "SELECT 1 FROM file_articles WHERE article_id = ? LIMIT 1", [gone]
            ).fetchone()
            if not still_used:
                self.delete_article(gone, index)
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, sha256, size, imported_at) VALUES (?, ?, ?, ?)",
            [key, sha, size, stamp],
        )

    def _store_articles(
        self,
        articles: Iterable[Prepared],
        old: list[str],
        file_report: FileReport,
        index: IndexQueue,
        stamp: str,
    ) -> tuple[list[str], set[str], list[tuple[str, str]]]:
        """Store a file's articles that are new or changed; returns the file's article ids in
        order, the same as a set, and (the article that stood at a place in the file, the new
        one there) for each new one that took an old one's place: the old one's bookmark and
        read mark follow, unless it is still in the file."""
        old_set = set(old)
        new_ids: list[str] = []
        seen: set[str] = set()
        moved: list[tuple[str, str]] = []
        for ord_, article in enumerate(articles):
            new_id = article.id
            if new_id in seen:
                file_report.duplicates += 1
                continue
            seen.add(new_id)
            existing = self.db.execute(
                "SELECT doc, title, title_inferred, date, author, source, url, outlet, "
                "section, tags, credit FROM articles WHERE id = ?",
                [new_id],
            ).fetchone()
            new_ids.append(new_id)
            if existing is not None:
                if new_id in old_set:
                    if _metadata_changed(existing, article):
                        self.delete_article(new_id, index)
                        self.insert_article(article, stamp, index)
                        file_report.updated += 1
                    else:
                        file_report.unchanged += 1
                else:
                    file_report.duplicates += 1
                continue
            self.insert_article(article, stamp, index)
            previous = old[ord_] if ord_ < len(old) else None
            if previous:
                moved.append((previous, new_id))
            else:
                file_report.imported += 1
        return new_ids, seen, moved

    def insert_article(self, article: Prepared, stamp: str, index: IndexQueue) -> None:
        base = date_number(article.date) * DOC_SPAN
        top = self.db.execute(
            "SELECT max(doc) FROM articles WHERE doc >= ? AND doc < ?", [base, base + DOC_SPAN]
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
            article.url,
            article.outlet,
            article.section,
            article.tags,
            article.credit,
        )
        self.db.execute(
            "INSERT INTO articles (doc, id, title, title_inferred, date, author, lede, body, "
            "captions, caption_at, source, words, imported_at, url, outlet, section, tags, "
            "credit) VALUES "
            "(?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        fts = article.fts if self._utf8_library else tuple(map(self._utf8, article.fts))
        rows = index.rows  # appended here, not through a call: once an article
        rows.append((doc, fts))
        if len(rows) >= PENDING_INDEX_ROWS:
            index.flush()

    @cached_property
    def _utf8_library(self) -> bool:
        """Whether SQLite keeps the library's text as UTF-8 (as bantin makes it)."""
        return str(self.db.execute("PRAGMA encoding").fetchone()[0]).upper() == "UTF-8"

    def _utf8(self, text: bytes) -> bytes | str:
        """UTF-8 text for ``CAST(? AS TEXT)``: as it is, unless the library keeps another."""
        return text if self._utf8_library else text.decode("utf-8")

    def delete_article(self, aid: str, index: IndexQueue) -> None:
        row = self.db.execute(
            "SELECT doc, title, lede, body, captions FROM articles WHERE id = ?", [aid]
        ).fetchone()
        if row is None:
            return
        doc, title, lede, body, captions = row
        index.flush()  # a row is never taken out before it is in
        text = indexed_text(lede, body, json.loads(captions))
        index_row(self.db, doc, title, text, delete=True)
        entity_index.remove_article(self.db, aid)
        self.db.execute("DELETE FROM articles WHERE doc = ?", [doc])

    def carry_state(self, old_id: str, new_id: str, stamp: str) -> None:
        """An article changed in its file: a redirect tells every reader's state (bookmark,
        note, read mark) where it went; see ``store.state.follow_redirects``."""
        self.db.execute("UPDATE redirects SET new_id = ? WHERE new_id = ?", [new_id, old_id])
        self.db.execute(
            "INSERT OR REPLACE INTO redirects (old_id, new_id, at) VALUES (?, ?, ?)",
            [old_id, new_id, stamp],
        )


def _metadata_changed(existing: tuple[Any, ...], article: Prepared) -> bool:
    _doc, title, inferred, date, author, source, *provenance = existing
    return (title, bool(inferred), date, author, source, *provenance) != (
        article.title,
        article.title_inferred,
        article.date,
        article.author,
        article.source,
        article.url,
        article.outlet,
        article.section,
        article.tags,
        article.credit,
    )
