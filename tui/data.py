"""The app's door to the library: one connection, used from worker threads one call at a time.

Nothing here runs on the UI thread; screens call these from ``@work(thread=True)`` workers and
hear back through messages.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from store.state import StateError

if TYPE_CHECKING:  # the library module (and sqlite-utils) loads in a worker, not at start
    from store.entity_index import EntityInfo
    from store.hits import Hit
    from store.kinds import ArticleRow, MatchCounts, Span, Spellings, StoredArticle
    from store.library import Library
    from store.names import NameIndex

T = TypeVar("T")
PAGE = 100  # rows the article list reads at a time


@dataclass
class FirstView:
    """What the main screen shows first: the count and first page of every article, and the
    first article (not marked read)."""

    total: int
    items: list[ListItem]
    opened: OpenedArticle | None


@dataclass(frozen=True)
class ListSource:
    """What the article list shows: a filter over the library, or the results of a search."""

    which: str = "all"  # all, bookmarked, unread
    query: str = ""  # a search, when not empty
    sort: str = "relevance"
    entity: int = 0  # the articles naming this entity, when not 0
    entity_name: str = ""

    @property
    def is_search(self) -> bool:
        return bool(self.query.strip())

    @property
    def is_entity(self) -> bool:
        return bool(self.entity)


class LibraryService:
    """A library shared by the app's workers; every call holds the lock."""

    def __init__(self, path: Path | None, state: Path | None = None) -> None:
        self.path = path
        self.state = state  # the user's bookmarks and read marks; None: the default place
        self._library: Library | None = None
        self._lock = threading.Lock()
        self._running: int | None = None  # the thread whose call holds the library now
        self._running_lock = threading.Lock()  # taken to set it and to interrupt it
        self._names: NameIndex | None = None
        self._first: Future[FirstView] | None = None

    def read_first_view(self) -> None:
        """Start reading the first view (see ``FirstView``) in a thread of its own, at once:
        the launcher calls this before it loads Textual, so that opening the library and the
        first queries overlap the app's own start instead of waiting behind it."""
        future: Future[FirstView] = Future()

        def read() -> None:
            try:
                source = ListSource()
                total = self.count(source)
                items = self.page(source, 0, PAGE)
                opened = self.article(items[0].row.id, mark_read=False) if items else None
                future.set_result(FirstView(total, items, opened))
            except BaseException as exc:  # given to whoever takes the view
                future.set_exception(exc)

        self._first = future
        threading.Thread(target=read, name="bantin-first-view", daemon=True).start()

    def take_first_view(self) -> FirstView | None:
        """The view ``read_first_view`` read (waiting for it: call from a worker), once; None
        when none was started or it was taken already."""
        future, self._first = self._first, None
        return None if future is None else future.result()

    def _call(self, fn: Callable[[Library], T]) -> T:
        with self._lock:
            if self._library is None:
                from store.library import open_library

                self._library = open_library(self.path, state=self.state)
            with self._running_lock:
                self._running = threading.get_ident()
            try:
                return fn(self._library)
            finally:
                with self._running_lock:
                    self._running = None

    def interrupt(self, thread: int) -> None:
        """Stop the query of the call that ``thread`` is making now, if it is making one: the
        call raises (SQLite's "interrupted"). A call of another thread is not stopped."""
        with self._running_lock:
            if self._running == thread and self._library is not None:
                self._library.interrupt()

    def open(self) -> Path | None:
        return self._call(lambda lib: lib.path)

    def close(self) -> None:
        with self._lock:
            if self._library is not None:
                self._library.close()
                self._library = None

    def reload(self) -> None:
        """See what other sessions and imports changed: new articles, moved bookmarks. A
        read-only snapshot of a shared library is opened anew."""
        with self._lock:
            library = self._library
            if library is None:
                return
            if library.snapshot:
                library.close()
                self._library = None
            else:
                library.refresh()
        self._names = None

    # list --------------------------------------------------------------------------------

    def count(self, source: ListSource) -> int:
        if source.is_entity:
            return self._call(lambda lib: lib.entity_article_count(source.entity))
        if source.is_search:
            return self._call(lambda lib: lib.count_matches(source.query))
        return self._call(lambda lib: lib.list_count(source.which))

    def page(self, source: ListSource, offset: int, limit: int) -> list[ListItem]:
        if source.is_entity:
            rows = self._call(lambda lib: lib.entity_page(source.entity, offset, limit))
            return [ListItem(row) for row in rows]
        if source.is_search:
            return self._call(lambda lib: _search_page(lib, source, offset, limit))
        rows = self._call(lambda lib: lib.articles(limit=limit, offset=offset, which=source.which))
        return [ListItem(row) for row in rows]

    def search_details(self, query: str) -> SearchDetails | None:
        """What the search box says of a search beside its results: how many hold its runs of
        words together and how many every word, the spellings the library holds for a run
        typed without marks, and which matches a huge search ranked (``date``, ``import``,
        ``mixed``, or ``""``). None when ``interrupt`` stopped it.

        At 100,000 articles this takes up to about 180 ms (the count of a common phrase):
        a key typed meanwhile stops it rather than wait for it (``interrupt``)."""

        def read(lib: Library) -> SearchDetails | None:
            try:
                counts = lib.match_counts(query)
                return SearchDetails(query, counts, lib.spellings(query), lib.ranked_order(query))
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc):
                    return None
                raise

        return self._call(read)

    # one article ----------------------------------------------------------------------------

    def article(
        self, article_id: str, query: str = "", mark_read: bool = True, entity: int = 0
    ) -> OpenedArticle | None:
        """The article with its user state and the spans of ``query`` (or of the mentions of
        ``entity``); opening marks it read."""
        return self._call(lambda lib: _open(lib, article_id, query, mark_read, entity))

    def article_entities(self, article_id: str) -> list[EntityInfo]:
        return self._call(lambda lib: lib.article_entities(article_id))

    def appears_with(self, entity_id: int) -> list[EntityInfo]:
        return self._call(lambda lib: lib.appears_with(entity_id))

    def name_index(self) -> NameIndex:
        """Every entity name, alias and article title, folded once (kept until a reload)."""
        if self._names is None:
            self._names = self._call(lambda lib: lib.name_index())
        return self._names

    def save_position(self, article_id: str, position: int) -> None:
        """Remember where reading stopped; quietly nothing when the state cannot be written
        (bookmarking says so)."""

        def save(lib: Library) -> None:
            if lib.state_writable:
                lib.mark_read(article_id, position=position)

        self._call(save)

    def toggle_read(self, article_id: str) -> bool:
        def toggle(lib: Library) -> bool:
            if lib.read_state(article_id) is None:
                lib.mark_read(article_id)
                return True
            lib.mark_unread(article_id)
            return False

        return self._call(toggle)

    def set_bookmark(self, article_id: str, note: str | None) -> None:
        def apply(lib: Library) -> None:
            if note is None:
                lib.remove_bookmark(article_id)
            else:
                lib.set_bookmark(article_id, note)

        self._call(apply)

    def bookmark(self, article_id: str) -> dict[str, Any] | None:
        return self._call(lambda lib: lib.bookmark(article_id))

    def bookmarks(self) -> list[dict[str, Any]]:
        return self._call(lambda lib: lib.bookmarks())

    def search_titles(self, text: str, limit: int = 20) -> list[ArticleRow]:
        """Articles whose title holds every word of ``text`` (the palette's search)."""
        return self._call(lambda lib: lib.search_titles(text, limit))


@dataclass
class SearchDetails:
    query: str
    counts: MatchCounts
    spellings: Spellings | None
    ranked_order: str  # store.matches.Matcher.ranked_order


class ListItem:
    """A row of the list. A search result's snippet, and the spans of its matches in it, are
    made when the row is first drawn: a search's first page holds 100 results, and making
    every snippet before any was shown took 10-20 ms of each search at 100,000 articles."""

    __slots__ = ("row", "_hit", "_snippet")

    def __init__(self, row: ArticleRow, hit: Hit | None = None) -> None:
        self.row = row
        self._hit = hit
        self._snippet: tuple[str, tuple[tuple[int, int], ...]] | None = None

    def _made(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        if self._snippet is None:
            hit, self._hit = self._hit, None  # the article's text is let go once it is made
            snippet = hit.snippet if hit is not None else None
            self._snippet = (snippet.text, tuple(snippet.spans)) if snippet else ("", ())
        return self._snippet

    @property
    def snippet(self) -> str:
        return self._made()[0]

    @property
    def snippet_spans(self) -> tuple[tuple[int, int], ...]:
        return self._made()[1]


@dataclass
class OpenedArticle:
    article: StoredArticle
    bookmarked: bool
    note: str
    position: int
    spans: list[Span]  # the matches of the search, or the mentions of the entity, it came from


def _search_page(lib: Library, source: ListSource, offset: int, limit: int) -> list[ListItem]:
    result = lib.search(source.query, limit=limit, offset=offset, sort=source.sort)
    rows = lib.rows_for([hit.article.id for hit in result.hits])
    items = []
    for hit in result.hits:
        row = rows.get(hit.article.id)
        if row is not None:
            items.append(ListItem(row, hit))
    return items


def _open(
    lib: Library, article_id: str, query: str, mark_read: bool, entity: int = 0
) -> OpenedArticle | None:
    article = lib.get(article_id)
    if article is None:
        return None
    state = lib.read_state(article.id)
    position = int(state["position"]) if state else 0
    if mark_read and lib.state_writable:
        # the article opens even when its read mark cannot be saved (bookmarking says why)
        with contextlib.suppress(StateError):
            lib.mark_read(article.id, position=position)
    mark = lib.bookmark(article.id)
    bookmarked, note = mark is not None, (mark or {}).get("note", "")
    spans: list[Span] = []
    if query.strip():
        from store.hits import match_spans

        spans = match_spans(article, query)
    elif entity:
        spans = lib.entity_spans(article.id, entity)
    return OpenedArticle(article, bookmarked, note, position, spans)
