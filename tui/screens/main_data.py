"""The main screen's side that reads and writes the library: every worker of the screen but
the search's, the past-tense messages they send back, and what each does to the list, the
reader and the entity panel. ``MainScreen`` (``tui.screens.main``) adds the layout and the
keys; a worker's failure reaches the screen through ``tui.workers``.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import on
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from store.text import printable

from .. import startup
from ..data import PAGE, LibraryService, ListItem, ListSource, OpenedArticle
from ..i18n import _, ngettext, number
from ..messages import message
from ..provenance import citation, head
from ..textual_compat import repaint_now
from ..widgets.article_list import ArticleList, ListState
from ..widgets.reader import Reader
from ..widgets.search_bar import SearchBar
from ..widgets.sidebar import Sidebar
from ..workers import library_work

if TYPE_CHECKING:
    from store.entity_index import EntityInfo
    from store.kinds import Spellings, StoredArticle

NARROW = 100


@message
class SourceLoaded(Message):
    """A list's first page (or the page of its cursor) and its length were read."""

    source: ListSource
    total: int
    items: list[ListItem]
    state: ListState | None
    opened: OpenedArticle | None = None  # the article under the cursor, read with the list


@message
class ArticleOpened(Message):
    """An article was read for the reader (None: it is no longer in the library)."""

    article_id: str
    opened: OpenedArticle | None
    focus: bool
    first_match: bool


@message
class ArticlesPrefetched(Message):
    """The list's neighbours of the open article, read ahead of the cursor."""

    query: str
    entity: int
    opened: list[OpenedArticle]


@message
class MarkSaved(Message):
    """A bookmark or read mark was saved."""

    article_id: str
    bookmarked: bool | None = None
    read: bool | None = None
    note: str = ""


@message
class CitationRead(Message):
    """An article was read to be cited (None: it is no longer in the library)."""

    article: StoredArticle | None


@message
class EntitiesLoaded(Message):
    """The entities an article names were read, for the panel."""

    article_id: str
    entities: list[EntityInfo]


@message
class RelatedLoaded(Message):
    """The entities that appear with one (``name``) were read."""

    name: str
    entities: list[EntityInfo]


class MainScreenData(Screen[None]):
    """What the main screen reads and saves; its widgets are made by ``MainScreen``."""

    def __init__(self, service: LibraryService) -> None:
        # as laid out on a wide terminal from the start: no restyle of every widget at mount
        super().__init__(id="main", classes="-with-sidebar")
        self.service = service
        self.view = "all"
        self.query_text = ""
        self.before_search: ListState | None = None
        self.sidebar_wanted = True
        self._search_timer: Timer | None = None
        # spellings offered for the words typed (store.kinds.Spellings), for the query
        # _offer_text; _picked: the one picked (-1: none), making the query _picked_text
        self._offer: Spellings | None = None
        self._offer_text = ""
        self._picked = -1
        self._picked_text: str | None = None
        self._entities_of = ""
        self.before_entity: ListState | None = None
        self._open_first = False
        self._entities_timer: Timer | None = None
        self._wanted_article = ""  # the article last asked for: an older answer is dropped
        # articles read ahead for the rows around the cursor, by (id, query, entity); each is
        # shown once (the reader may change it) and dropped when its marks or position change
        self._prefetched: dict[tuple[str, str, int], OpenedArticle] = {}

    # widgets -----------------------------------------------------------------------------

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def sidebar(self) -> Sidebar:
        """The entity panel, mounted in place of its blank the first time it is wanted."""
        panels = self.query(Sidebar)
        if panels:
            return panels.first()
        panel = Sidebar(id="sidebar")
        panes = self.query_one("#panes", Horizontal)
        if panes.is_attached:  # not while the app is closing: then a panel never shown
            slot = self.query_one("#sidebar-slot", Static)
            panes.mount(panel, after=slot)
            slot.remove()
        panel.show_article(None)
        return panel

    def _mount_sidebar_soon(self) -> None:
        """The entity panel, once the frame showing the list and the article has gone out."""
        if not self.query(Sidebar):
            self.call_after_refresh(lambda: self.sidebar)

    def _search_has_focus(self) -> bool:
        return isinstance(self.focused, SearchBar)

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    # the list ----------------------------------------------------------------------------

    def load_source(
        self, source: ListSource, state: ListState | None = None, reload: bool = False
    ) -> None:
        """Show ``source`` in the list; ``reload``: first see what other sessions changed."""
        if reload:
            self._forget_prefetched()
        # with nothing in the reader yet (at start), the article under the cursor is read with
        # the list, and both are drawn in one frame
        with_article = self.reader.opened is None and not self.narrow
        with_article = with_article and not source.is_search and not source.is_entity
        self._load_source(source, state, reload, with_article)

    @library_work(group="source", exclusive=True)
    def _load_source(
        self, source: ListSource, state: ListState | None, reload: bool, with_article: bool
    ) -> None:
        opened = None
        # at start, what the launcher began reading before the app was loaded
        view = self.service.take_first_view() if not reload else None
        if view is not None and source == ListSource() and state is None:
            total, items, first = view.total, view.items, 0
            opened = view.opened if with_article else None
        else:
            if reload:
                self.service.reload()
            total = self.service.count(source)
            first = (state.cursor // PAGE) * PAGE if state else 0
            items = self.service.page(source, first, PAGE)
        at = state.cursor - first if state else 0
        if with_article and opened is None and 0 <= at < len(items):
            with contextlib.suppress(Exception):  # a failure shows when the reader asks again
                opened = self.service.article(items[at].row.id, mark_read=False)
        if not get_current_worker().is_cancelled:
            self.post_message(SourceLoaded(source, total, items, state, opened))

    @on(SourceLoaded)
    def _source_loaded(self, message: SourceLoaded) -> None:
        state = message.state
        cursor = state.cursor if state else 0
        page_start = (cursor // PAGE) * PAGE
        self.article_list.show(
            message.source,
            message.total,
            message.items,
            cursor=cursor,
            scroll_y=state.scroll_y if state else 0,
            empty_message=self._empty_message(message.source),
            page=page_start // PAGE,
        )
        self._update_topbar()
        opened = message.opened
        if opened is not None and self.reader.opened is None and not self.narrow:
            # read with the list: shown now, drawn in the same frame as the list
            self._prefetched[(opened.article.id, "", message.source.entity)] = opened
            self.open_article(opened.article.id, focus=False, mark_read=False)
        elif self.reader.opened is None:  # no article to wait for
            self._mount_sidebar_soon()
        if self._open_first and message.source.is_entity and message.items and not self.narrow:
            self.open_article(
                message.items[0].row.id, focus=False, mark_read=False, first_match=True
            )
        self._open_first = False

    def relabel(self) -> None:
        """The UI language changed: say everything again in it."""
        self._update_topbar()
        if not self.article_list.source.is_search:
            self.article_list.empty_message = self._empty_message(self.article_list.source)

    def _empty_message(self, source: ListSource) -> str:
        if source.which == "bookmarked":
            return _("No bookmarks yet: press b on an article.")
        if source.which == "unread":
            return _("Everything is read.")
        return _("The library is empty: import articles with `bantin import PATH`.")

    def _update_topbar(self) -> None:
        total = self.article_list.total
        source = self.article_list.source
        if source.is_entity:
            label = ngettext("{n} article", "{n} articles", total).format(n=number(total))
            text = f"bantin · {label} · {source.entity_name}"
        elif source.is_search:
            label = ngettext("{n} result", "{n} results", total).format(n=number(total))
            text = f"bantin · {label} · «{source.query.strip()}»"
        else:
            label = ngettext("{n} article", "{n} articles", total).format(n=number(total))
            view = {"all": _("All"), "unread": _("Unread"), "bookmarked": _("Bookmarked")}
            text = f"bantin · {label} · {view[source.which]}"
        self.query_one("#topbar", Static).update(printable(text))

    # the reader --------------------------------------------------------------------------

    def open_article(
        self,
        article_id: str,
        *,
        focus: bool,
        mark_read: bool = True,
        first_match: bool = False,
        entity: int | None = None,
    ) -> None:
        """Open an article in the reader (in a worker), lit with the search or the entity."""
        source = self.article_list.source
        query = self.query_text if source.is_search else ""
        entity = source.entity if entity is None else entity
        self._wanted_article = article_id
        if not focus and not mark_read:
            opened = self._prefetched.pop((article_id, query, entity), None)
            if opened is not None:  # read ahead: shown now, in the frame that moves the cursor
                self.workers.cancel_group(self, "article")
                self._show_article(opened, focus, first_match)
                return
        self._open_article(article_id, query, focus, mark_read, first_match, entity)

    @library_work(group="article", exclusive=True)
    def _open_article(
        self,
        article_id: str,
        query: str,
        focus: bool,
        mark_read: bool,
        first_match: bool,
        entity: int,
    ) -> None:
        opened = self.service.article(article_id, query, mark_read=mark_read, entity=entity)
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleOpened(article_id, opened, focus, first_match))

    @on(ArticleOpened)
    def _article_opened(self, message: ArticleOpened) -> None:
        if message.article_id == self._wanted_article:
            self._show_article(message.opened, message.focus, message.first_match)

    def _show_article(self, opened: OpenedArticle | None, focus: bool, first_match: bool) -> None:
        with self.app.batch_update():
            self.reader.show(opened, first_match=first_match)
        reader = self.reader
        repaint_now(
            reader, *([reader.vertical_scrollbar] if reader.show_vertical_scrollbar else [])
        )
        if opened is None:
            self._mount_sidebar_soon()
        else:
            self.reader.when_drawn(self._mount_sidebar_soon)
        if opened is not None and opened.article.id != self._entities_of:
            self._entities_of = opened.article.id
            # after a pause: moving down the list opens article after article
            if self._entities_timer is not None:
                self._entities_timer.stop()
                self._entities_timer = None
            article_id = opened.article.id
            if focus:
                self._load_entities(article_id)
            else:
                self._entities_timer = self.set_timer(0.2, lambda: self._load_entities(article_id))
        if startup.exit_after_paint_wanted():  # the start-up benchmark's hook
            startup.exit_after_paint(
                self.app, self.reader.when_drawn if self.reader.opened is not None else None
            )
        if opened is None:
            self.notify(_("That article is no longer in the library."), severity="warning")
            return
        if focus:
            self.article_list.update_item(opened.article.id, read=True)
            if not self._search_has_focus():  # "/" pressed since Enter keeps the search
                self.set_class(True, "-reading")
                self.reader.focus()
        elif not self.narrow:
            self._read_ahead(opened.article.id)

    def _read_ahead(self, article_id: str) -> None:
        """Read the rows next to the cursor (the next two, the one before), so that moving
        onto one shows it without a trip to the library."""
        listing = self.article_list
        current = listing.current()
        if current is None or current.row.id != article_id:
            return
        source = listing.source
        query = self.query_text if source.is_search else ""
        entity = source.entity
        keys = []
        for index in (listing.cursor + 1, listing.cursor - 1, listing.cursor + 2):
            item = listing.item(index)
            if item is not None:
                keys.append((item.row.id, query, entity))
        self._prefetched = {key: self._prefetched[key] for key in keys if key in self._prefetched}
        missing = [key[0] for key in keys if key not in self._prefetched]
        if missing:
            self._prefetch(missing, query, entity)

    @library_work(group="prefetch", exclusive=True)
    def _prefetch(self, article_ids: list[str], query: str, entity: int) -> None:
        worker = get_current_worker()
        found = []
        for article_id in article_ids:
            if worker.is_cancelled:
                return
            try:
                opened = self.service.article(article_id, query, mark_read=False, entity=entity)
            except Exception:  # reading ahead is a nicety: a failure shows when the row opens
                return
            if opened is not None:
                found.append(opened)
        if not worker.is_cancelled:
            self.post_message(ArticlesPrefetched(query, entity, found))

    @on(ArticlesPrefetched)
    def _articles_prefetched(self, message: ArticlesPrefetched) -> None:
        for opened in message.opened:
            self._prefetched[(opened.article.id, message.query, message.entity)] = opened
        while len(self._prefetched) > 6:
            del self._prefetched[next(iter(self._prefetched))]

    def _forget_prefetched(self, article_id: str | None = None) -> None:
        """Read-ahead articles whose marks or position changed (all of them: None)."""
        if article_id is None:
            self._prefetched.clear()
        else:
            self._prefetched = {k: v for k, v in self._prefetched.items() if k[0] != article_id}

    @on(Reader.PositionChanged)
    def _position_changed(self, message: Reader.PositionChanged) -> None:
        self._forget_prefetched(message.article_id)
        if self.reader.has_focus:
            self._save_position(message.article_id, message.position)

    @library_work(group="state")
    def _save_position(self, article_id: str, position: int) -> None:
        self.service.save_position(article_id, position)

    # marks -------------------------------------------------------------------------------

    @library_work(group="state", saving=True)
    def _set_bookmark(self, article_id: str, note: str | None) -> None:
        self.service.set_bookmark(article_id, note)
        self.post_message(MarkSaved(article_id, bookmarked=note is not None, note=note or ""))

    @library_work(group="state", saving=True)
    def _toggle_read(self, article_id: str) -> None:
        read = self.service.toggle_read(article_id)
        self.post_message(MarkSaved(article_id, read=read))

    @on(MarkSaved)
    def _mark_saved(self, message: MarkSaved) -> None:
        self._forget_prefetched(message.article_id)
        changes = {}
        if message.bookmarked is not None:
            changes["bookmarked"] = message.bookmarked
            if self.reader.article_id == message.article_id:
                self.reader.set_bookmark(message.bookmarked, message.note)
            if not message.bookmarked:
                self.notify(_("Bookmark removed."), timeout=2)
        if message.read is not None:
            changes["read"] = message.read
            self.notify(_("Marked read.") if message.read else _("Marked unread."), timeout=2)
        self.article_list.update_item(message.article_id, **changes)

    # citing ------------------------------------------------------------------------------

    @library_work(group="cite", exclusive=True)
    def read_for_citation(self, article_id: str) -> None:
        """Read an article not in the reader, then copy its citation (``copy_citation``)."""
        opened = self.service.article(article_id, mark_read=False)
        self.post_message(CitationRead(opened.article if opened else None))

    @on(CitationRead)
    def _citation_read(self, message: CitationRead) -> None:
        if message.article is None:
            self.notify(_("That article is no longer in the library."), severity="warning")
        else:
            self.copy_citation(message.article)

    def copy_citation(self, article: StoredArticle) -> None:
        """The article's citation (``tui.provenance.citation``) to the clipboard, and a
        notification saying what was copied, shortened."""
        text = citation(article)
        self.app.copy_to_clipboard(text)
        self.notify(head(text, 90), title=_("Citation copied"), markup=False, timeout=4)

    # entities ----------------------------------------------------------------------------

    @library_work(group="entities", exclusive=True)
    def _load_entities(self, article_id: str) -> None:
        entities = self.service.article_entities(article_id)
        if not get_current_worker().is_cancelled:
            self.post_message(EntitiesLoaded(article_id, entities))

    @on(EntitiesLoaded)
    def _entities_loaded(self, message: EntitiesLoaded) -> None:
        if message.article_id == self.reader.article_id:
            self.sidebar.show_article(message.entities, message.article_id)

    @library_work(group="entities", exclusive=True)
    def _load_related(self, entity_id: int, name: str) -> None:
        related = self.service.appears_with(entity_id)
        self.post_message(RelatedLoaded(name, related))

    @on(RelatedLoaded)
    def _related_loaded(self, message: RelatedLoaded) -> None:
        self.sidebar.show_related(message.name, message.entities)
