"""The main screen: article list | reader | side panel, with search above the list.

Every library call runs in a thread worker; results come back as past-tense messages.
Below 100 columns the screen shows one pane at a time: the list, or the reader after Enter.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from store.search import RANK_CUT, parse_query
from store.text import printable

if TYPE_CHECKING:
    from store.entity_index import EntityInfo

    from .finder import FinderChoice

from .. import bindings as keys
from ..data import PAGE, LibraryService, ListItem, ListSource, OpenedArticle
from ..i18n import _, ngettext, number
from ..widgets.article_list import ArticleList, ListState
from ..widgets.footer import Footer
from ..widgets.reader import Reader
from ..widgets.search_bar import SearchBar
from ..widgets.sidebar import Sidebar

NARROW = 100
SEARCH_DELAY = 0.15
VIEWS = ("all", "unread", "bookmarked")


class SourceLoaded(Message):
    def __init__(
        self,
        source: ListSource,
        total: int,
        items: list[ListItem],
        state: ListState | None,
        opened: OpenedArticle | None = None,
    ) -> None:
        super().__init__()
        self.source, self.total, self.items, self.state = source, total, items, state
        self.opened = opened  # the article under the cursor, read with the list


class SearchFinished(Message):
    def __init__(self, query: str, total: int, items: list[ListItem], problem: str) -> None:
        super().__init__()
        self.query, self.total, self.items, self.problem = query, total, items, problem


class ArticleOpened(Message):
    def __init__(
        self, article_id: str, opened: OpenedArticle | None, focus: bool, first_match: bool
    ) -> None:
        super().__init__()
        self.article_id, self.opened = article_id, opened
        self.focus, self.first_match = focus, first_match


class ArticlesPrefetched(Message):
    """The list's neighbours of the open article, read ahead of the cursor."""

    def __init__(self, query: str, entity: int, opened: list[OpenedArticle]) -> None:
        super().__init__()
        self.query, self.entity, self.opened = query, entity, opened


class StateChanged(Message):
    """A bookmark or read mark was saved."""

    def __init__(
        self,
        article_id: str,
        bookmarked: bool | None = None,
        read: bool | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.article_id, self.bookmarked, self.read, self.note = article_id, bookmarked, read, note


class EntitiesLoaded(Message):
    def __init__(self, article_id: str, entities: list[EntityInfo]) -> None:
        super().__init__()
        self.article_id, self.entities = article_id, entities


class RelatedLoaded(Message):
    def __init__(self, name: str, entities: list[EntityInfo]) -> None:
        super().__init__()
        self.name, self.entities = name, entities


class LibraryFailed(Message):
    def __init__(self, error: str, saving: bool = False) -> None:
        super().__init__()
        self.error = error
        self.saving = saving  # a bookmark or read mark could not be saved


def _repaint_now(*widgets: Widget) -> None:
    """Have widgets ask the screen for their repaint now, not when their own message loops
    are next idle: the article a cursor move shows is then drawn in the frame that moves the
    cursor, not in the frame after it, often 20 to 40 ms later (``Widget._check_refresh`` is
    what Textual calls on idle; without it, the repaint comes as before)."""
    for widget in widgets:
        check = getattr(widget, "_check_refresh", None)
        if check is not None:
            check()


class MainScreen(Screen[None]):
    BINDINGS = keys.MAIN
    AUTO_FOCUS = "#list"  # not the first focusable widget (the hidden search bar)

    def __init__(self, service: LibraryService) -> None:
        # as laid out on a wide terminal from the start: no restyle of every widget at mount
        super().__init__(id="main", classes="-with-sidebar")
        keys.localized(self)
        self.service = service
        self.view = "all"
        self.query_text = ""
        self.before_search: ListState | None = None
        self.sidebar_wanted = True
        self._search_timer: Timer | None = None
        self._entities_of = ""
        self.before_entity: ListState | None = None
        self._open_first = False
        self._entities_timer: Timer | None = None
        self._wanted_article = ""  # the article last asked for: an older answer is dropped
        # articles read ahead for the rows around the cursor, by (id, query, entity); each is
        # shown once (the reader may change it) and dropped when its marks or position change
        self._prefetched: dict[tuple[str, str, int], OpenedArticle] = {}

    def compose(self) -> ComposeResult:
        # the library is read (the list's first page and the article under the cursor) while
        # the widgets are mounted: the first frame shows them, not an empty list
        with_article = self.app.size.width >= NARROW
        self._load_source(ListSource(self.view), None, False, with_article)
        yield Static("bantin", id="topbar", markup=False)
        with Horizontal(id="panes"):
            with Vertical(id="left"):  # the search bar is mounted above the list on first "/"
                yield ArticleList(self.service, id="list")
            yield Reader(id="reader")
            # the entity panel's room, kept by a blank of the same width until the first article
            # has been drawn: the reader's width does not change when the panel comes
            yield Static("", id="sidebar-slot")
        yield Footer()

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

    @property
    def search_bar(self) -> SearchBar:
        """The search bar, mounted (with its status line) the first time it is wanted."""
        bars = self.query(SearchBar)
        if bars:
            return bars.first()
        bar = SearchBar(id="search")
        status = Static("", id="search-status", markup=False)
        self.query_one("#left", Vertical).mount(bar, status, before=self.article_list)
        return bar

    def key_widgets(self) -> list[Widget]:
        """The widgets whose keys the help lists: the search bar's too before its first use."""
        widgets = list(self.query("*"))
        if not any(isinstance(widget, SearchBar) for widget in widgets):
            widgets.insert(widgets.index(self.article_list), SearchBar())
        return widgets

    def _search_has_focus(self) -> bool:
        return isinstance(self.focused, SearchBar)

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    # start -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._layout()
        self.set_focus(self.article_list)  # now, not after a refresh: drawn focused at once

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        narrow = self.narrow
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow and self.sidebar_wanted, "-with-sidebar")

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

    @work(thread=True, exclusive=True, group="source")
    def _load_source(
        self, source: ListSource, state: ListState | None, reload: bool, with_article: bool
    ) -> None:
        opened = None
        try:
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
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc)))
            return
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

    # list and reader ---------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _highlighted(self, message: ArticleList.Highlighted) -> None:
        if self.narrow:
            return
        if not message.by_user and self.reader.opened is not None:
            return  # a reload of the list does not replace what is being read
        if self.reader.article_id == message.item.row.id:
            return
        self.open_article(message.item.row.id, focus=False, mark_read=False)

    @on(ArticleList.Chosen)
    def _chosen(self, message: ArticleList.Chosen) -> None:
        self.open_article(
            message.item.row.id,
            focus=True,
            mark_read=True,
            first_match=self.article_list.source.is_search or self.article_list.source.is_entity,
        )

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

    @work(thread=True, exclusive=True, group="article")
    def _open_article(
        self,
        article_id: str,
        query: str,
        focus: bool,
        mark_read: bool,
        first_match: bool,
        entity: int,
    ) -> None:
        try:
            opened = self.service.article(article_id, query, mark_read=mark_read, entity=entity)
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc)))
            return
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
        _repaint_now(
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
        if os.environ.get("BANTIN_EXIT_AFTER_PAINT"):
            # For measuring start-up (tests/bench/bench_startup.py): quit once the list and
            # the first article in the reader have been painted.
            self._exit_after_paint()
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

    def _exit_after_paint(self) -> None:
        def exit_after_refresh() -> None:
            self.app.call_after_refresh(self.app.exit)

        if self.reader.opened is None:
            exit_after_refresh()
        else:  # once the reader has drawn the article (its frame may not have gone out yet)
            self.reader.when_drawn(exit_after_refresh)

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

    @work(thread=True, exclusive=True, group="prefetch")
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

    @work(thread=True, group="state")
    def _save_position(self, article_id: str, position: int) -> None:
        try:
            self.service.save_position(article_id, position)
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc)))

    @on(Reader.NextArticle)
    def _next_article(self) -> None:
        self._step(+1)

    @on(Reader.PreviousArticle)
    def _previous_article(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        listing = self.article_list
        target = listing.cursor + step
        if not 0 <= target < listing.total:
            self.notify(_("No more articles."), timeout=2)
            return
        listing.move_to(target)
        item = listing.current()
        if item is not None:
            self.open_article(
                item.row.id,
                focus=True,
                mark_read=True,
                first_match=listing.source.is_search or listing.source.is_entity,
            )

    @on(Reader.Left)
    def _reader_left(self) -> None:
        self.action_back()

    @on(Reader.HighlightsCleared)
    def _highlights_cleared(self) -> None:
        pass

    @on(ArticleList.LoadFailed)
    @on(LibraryFailed)
    def _failed(self, message: LibraryFailed | ArticleList.LoadFailed) -> None:
        if isinstance(message, LibraryFailed) and message.saving:
            text = _("Not saved: {error}")
        else:
            text = _("The library could not be read: {error}")
        self.notify(
            text.format(error=printable(message.error)),
            severity="error",
            markup=False,
            timeout=8,
        )

    # search ------------------------------------------------------------------------------

    def action_search(self) -> None:
        if self.before_search is None and not self.article_list.source.is_search:
            self.before_search = self.article_list.state()
        self.set_class(True, "-searching")
        self.set_class(False, "-reading")
        self.set_focus(self.search_bar)  # now: what is typed next is the query, on any screen

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        if not self.has_class("-searching"):
            return
        self.query_text = event.value
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._run_search)

    def _run_search(self) -> None:
        self._search_timer = None
        self._search(self.query_text)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        source = ListSource(query=query)
        worker = get_current_worker()
        problem = "empty" if parse_query(query).empty else ""
        total = 0
        items: list[ListItem] = []
        try:
            if not problem:
                items = self.service.page(source, 0, PAGE)
                total = len(items)
                if total == PAGE:
                    total = self.service.count(source)
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(SearchFinished(query, total, items, problem))

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        if message.query != self.query_text or not self.has_class("-searching"):
            return
        status = self.query_one("#search-status", Static)
        if message.problem:
            status.update(_("Type a word to search."))
        elif message.total == 0:
            status.update(_("No article matches «{query}».").format(query=message.query.strip()))
        else:
            label = ngettext("{n} result", "{n} results", message.total)
            text = label.format(n=number(message.total))
            if message.total > RANK_CUT:  # see store.search.RANK_CUT
                text += " · " + _("the newest {n} ranked").format(n=number(RANK_CUT))
            status.update(text)
        source = ListSource(query=message.query) if not message.problem else ListSource()
        empty = _("No article matches «{query}».").format(query=message.query.strip())
        if message.problem:
            self.article_list.show(ListSource(query=" "), 0, [], empty_message="")
        else:
            self.article_list.show(source, message.total, message.items, empty_message=empty)
            if message.items and not self.narrow:  # the best result, its matches lit, in view
                self.open_article(
                    message.items[0].row.id, focus=False, mark_read=False, first_match=True
                )
        self._update_topbar()

    @on(SearchBar.Submitted)
    def _search_submitted(self) -> None:
        if self._search_timer is not None:  # Enter before the delay: search now
            self._search_timer.stop()
            self._search_timer = None
            self._search(self.query_text)
        item = self.article_list.current()
        if item is not None and self.article_list.source.is_search:
            self.article_list.focus()
            self.open_article(item.row.id, focus=True, mark_read=True, first_match=True)

    @on(SearchBar.ToResults)
    def _to_results(self) -> None:
        self.article_list.focus()

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        self.leave_search()

    def leave_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self.set_class(False, "-searching")
        for bar in self.query(SearchBar):
            bar.value = ""
        self.query_text = ""
        for status in self.query("#search-status").results(Static):
            status.update("")
        state, self.before_search = self.before_search, None
        self.article_list.focus()
        if state is not None:
            self.load_source(state.source, state)
        else:
            self.load_source(ListSource(self.view))

    # keys --------------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.reader.has_focus or self.has_class("-reading"):
            self.set_class(False, "-reading")
            self.article_list.focus()
        elif self.has_class("-searching") or self.article_list.source.is_search:
            self.leave_search()
        elif self.article_list.source.is_entity:
            state, self.before_entity = self.before_entity, None
            self.load_source(state.source if state else ListSource(self.view), state)
        elif self.view != "all":
            self.view = "all"
            self.load_source(ListSource("all"))
        else:
            self.app.exit()

    def action_cycle_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.before_search = None
        self.set_class(False, "-searching")
        self.load_source(ListSource(self.view))

    def show_view(self, view: str) -> None:
        self.view = view
        self.before_search = None
        self.set_class(False, "-searching")
        self.load_source(ListSource(view))

    def action_refresh(self) -> None:
        self.load_source(self.article_list.source, self.article_list.state(), reload=True)

    def action_toggle_sidebar(self) -> None:
        self.sidebar  # noqa: B018  # mounted now if it was not yet
        if self.narrow:
            self.toggle_class("-sidebar-overlay")
            return
        self.sidebar_wanted = not self.sidebar_wanted
        self._layout()

    def _panes(self) -> list[str]:
        panes = []
        if self.has_class("-searching"):
            panes.append("#search")
        if not (self.narrow and self.has_class("-reading")):
            panes.append("#list")
        if not self.narrow or self.has_class("-reading"):
            panes.append("#reader")
        if self.sidebar.display:
            panes.append("#sidebar")
        return panes

    def action_focus_next_pane(self) -> None:
        self._cycle_pane(+1)

    def action_focus_previous_pane(self) -> None:
        self._cycle_pane(-1)

    def _cycle_pane(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        current = next((i for i, p in enumerate(panes) if focused and focused.id == p[1:]), -1)
        target = panes[(current + step) % len(panes)]
        if self.narrow and target == "#list":
            self.set_class(False, "-reading")
        self.query_one(target).focus()

    # user state --------------------------------------------------------------------------

    def _target(self) -> tuple[str, bool] | None:
        """The article a key acts on: the one in the reader when it has focus, else the row."""
        if (self.reader.has_focus or self.has_class("-reading")) and self.reader.opened:
            return self.reader.opened.article.id, self.reader.opened.bookmarked
        item = self.article_list.current()
        if item is None:
            return None
        return item.row.id, item.row.bookmarked

    def action_bookmark(self) -> None:
        target = self._target()
        if target is None:
            return
        article_id, bookmarked = target
        if bookmarked:
            self._set_bookmark(article_id, None)
            return
        self._set_bookmark(article_id, "")

        from .note import NoteDialog  # the dialogs are imported when first opened, not at start

        def with_note(note: str | None) -> None:
            if note:
                self._set_bookmark(article_id, note)

        self.app.push_screen(
            NoteDialog(_("Bookmarked. Add a note (Enter), or Esc to skip:")), with_note
        )

    @work(thread=True, group="state")
    def _set_bookmark(self, article_id: str, note: str | None) -> None:
        try:
            self.service.set_bookmark(article_id, note)
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc), saving=True))
            return
        self.post_message(StateChanged(article_id, bookmarked=note is not None, note=note or ""))

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is not None:
            self._toggle_read(target[0])

    @work(thread=True, group="state")
    def _toggle_read(self, article_id: str) -> None:
        try:
            read = self.service.toggle_read(article_id)
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc), saving=True))
            return
        self.post_message(StateChanged(article_id, read=read))

    @on(StateChanged)
    def _state_changed(self, message: StateChanged) -> None:
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

    def action_bookmarks(self) -> None:
        from .bookmarks import BookmarksScreen

        def chosen(article_id: str | None) -> None:
            if article_id:
                self.open_from_elsewhere(article_id)
            # marks and notes may have changed there: show them, without ctrl+r's reload
            # (which drops the name index and reopens a snapshot)
            self._forget_prefetched()
            self.load_source(self.article_list.source, self.article_list.state())

        self.app.push_screen(BookmarksScreen(self.service), chosen)

    # entities ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="entities")
    def _load_entities(self, article_id: str) -> None:
        try:
            entities = self.service.article_entities(article_id)
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(EntitiesLoaded(article_id, entities))

    @on(EntitiesLoaded)
    def _entities_loaded(self, message: EntitiesLoaded) -> None:
        if message.article_id == self.reader.article_id:
            self.sidebar.show_article(message.entities, message.article_id)

    @on(Sidebar.EntityChosen)
    def _entity_chosen(self, message: Sidebar.EntityChosen) -> None:
        self.follow_entity(message.entity_id, message.name)

    def follow_entity(self, entity_id: int, name: str) -> None:
        """The list shows every article naming the entity; the reader lights its mentions."""
        if not self.article_list.source.is_entity:
            self.before_entity = self.article_list.state()
        self.set_class(False, "-searching")
        self.load_source(ListSource(entity=entity_id, entity_name=name))
        opened = self.reader.opened
        self._open_first = True  # unless the open article names it: then it stays, lit
        if opened is not None and any(e.id == entity_id for e in self.sidebar._article_entities):
            self._open_first = False
            self.open_article(opened.article.id, focus=True, mark_read=False,
                              first_match=True, entity=entity_id)  # fmt: skip
        else:
            self.article_list.focus()

    @on(Sidebar.RelatedWanted)
    def _related_wanted(self, message: Sidebar.RelatedWanted) -> None:
        self._load_related(message.entity_id, message.name)

    @work(thread=True, exclusive=True, group="entities")
    def _load_related(self, entity_id: int, name: str) -> None:
        try:
            related = self.service.appears_with(entity_id)
        except Exception as exc:
            self.post_message(LibraryFailed(str(exc)))
            return
        self.post_message(RelatedLoaded(name, related))

    @on(RelatedLoaded)
    def _related_loaded(self, message: RelatedLoaded) -> None:
        self.sidebar.show_related(message.name, message.entities)

    @on(Sidebar.Left)
    def _sidebar_left(self) -> None:
        if self.has_class("-sidebar-overlay"):
            self.set_class(False, "-sidebar-overlay")
        (self.reader if self.reader.opened else self.article_list).focus()

    def action_find_name(self) -> None:
        from .finder import NameFinder

        def chosen(choice: FinderChoice | None) -> None:
            if choice is None:
                return
            if choice.kind == "entity":
                self.follow_entity(int(choice.key), choice.name)
            else:
                self.open_from_elsewhere(choice.key)

        self.app.push_screen(NameFinder(self.service), chosen)

    def open_from_elsewhere(self, article_id: str) -> None:
        """Open an article picked outside the list (bookmarks, command palette)."""
        self.set_class(True, "-reading")
        self.reader.focus()
        self.open_article(article_id, focus=True, mark_read=True)
