"""The main screen: article list | reader | side panel, with search above the list.

Every library call runs in a thread worker; results come back as past-tense messages. What
the screen reads and saves is in ``MainScreenData`` (``tui.screens.main_data``); here are its
widgets, its layout, the search and what the keys do.
Below 100 columns the screen shows one pane at a time: the list, or the reader after Enter.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from store.search import RANK_CUT, parse_query, with_spelling

if TYPE_CHECKING:
    from store.kinds import Spellings

    from .finder import FinderChoice

from .. import bindings as keys
from ..data import PAGE, ListItem, ListSource, SearchDetails
from ..i18n import _, ngettext, number
from ..messages import message
from ..widgets.article_list import ArticleList
from ..widgets.footer import Footer
from ..widgets.reader import Reader
from ..widgets.reader_pane import FindBar, ReaderPane
from ..widgets.search_bar import SearchBar
from ..widgets.sidebar import Sidebar
from ..workers import library_work
from .main_data import NARROW, MainScreenData

# The search starts this long after a key: enough for the keys of one read from the terminal to
# make one search, no more. A newer key cancels it and stops its query if it runs
# (``_stop_search``): a search typed over gives the library up at once to the next. From the last
# key to the results painted is then the search and a frame, where a delay of 150 ms came on top
# of the search and of the older search it waited for (tests/bench/bench_typing.py, 100,000
# articles, 2 busy processors: p50 269 ms and p95 364 ms with that delay, 163 and 274 ms now).
SEARCH_DELAY = 0.01
VIEWS = ("all", "unread", "bookmarked")


@message
class SearchFinished(Message):
    """A search's first page was read; ``problem``: "empty" for no words. ``total``: how
    many match, when the page holds them all; else None: the details count them."""

    query: str
    total: int | None
    items: list[ListItem]
    problem: str


@message
class SearchDetailed(Message):
    """What the search box says beside a search's results was read (``SearchDetails``)."""

    details: SearchDetails


class MainScreen(MainScreenData):
    BINDINGS = keys.MAIN
    AUTO_FOCUS = "#list"  # not the first focusable widget (the hidden search bar)
    _search_thread: int | None = None  # the thread of the search worker while it runs
    _details_thread: int | None = None  # the thread of the details worker while it runs

    def compose(self) -> ComposeResult:
        # the library is read (the list's first page and the article under the cursor) while
        # the widgets are mounted: the first frame shows them, not an empty list
        with_article = self.app.size.width >= NARROW
        self._load_source(ListSource(self.view), None, False, with_article)
        yield Static("bantin", id="topbar", markup=False)
        with Horizontal(id="panes"):
            with Vertical(id="left"):  # the search bar is mounted above the list on first "/"
                yield ArticleList(self.service, id="list")
            yield ReaderPane(id="reader-pane")  # the reader, and the line under it
            # the entity panel's room, kept by a blank of the same width until the first article
            # has been drawn: the reader's width does not change when the panel comes
            yield Static("", id="sidebar-slot")
        yield Footer()

    # widgets -----------------------------------------------------------------------------

    @property
    def search_bar(self) -> SearchBar:
        """The search bar, mounted (with its status line) the first time it is wanted."""
        bars = self.query(SearchBar)
        if bars:
            return bars.first()
        bar = SearchBar(id="search")
        status = Static("", id="search-status", markup=False)
        spellings = Static("", id="search-spellings", markup=False)
        self.query_one("#left", Vertical).mount(bar, status, spellings, before=self.article_list)
        return bar

    def key_widgets(self) -> list[Widget]:
        """The widgets whose keys the help lists: the search bar's too before its first use."""
        widgets = list(self.query("*"))
        if not any(isinstance(widget, SearchBar) for widget in widgets):
            widgets.insert(widgets.index(self.article_list), SearchBar())
        if not any(isinstance(widget, FindBar) for widget in widgets):
            widgets.insert(widgets.index(self.reader) + 1, FindBar())
        return widgets

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
        self._stop_search()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._run_search)

    def _stop_search(self) -> None:
        """The search not started yet, and the one running with its details (the counts and
        spellings of what was typed before), are for an older text: drop them."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self.workers.cancel_group(self, "search")
        self.workers.cancel_group(self, "search-details")
        for thread in (self._search_thread, self._details_thread):
            if thread is not None:
                self.service.interrupt(thread)

    def _run_search(self) -> None:
        self._search_timer = None
        self._search(self.query_text)

    @library_work(group="search", exclusive=True)
    def _search(self, query: str) -> None:
        """The first page of results, posted as soon as it is read: how many match in all is
        counted with the details (``_search_details``), after the page is drawn. At 100,000
        articles the count of a common word takes 10-25 ms more on the way to the results."""
        source = ListSource(query=query)
        worker = get_current_worker()
        problem = "empty" if parse_query(query).empty else ""
        items: list[ListItem] = []
        self._search_thread = thread = threading.get_ident()
        try:
            if not problem and not worker.is_cancelled:
                items = self.service.page(source, 0, PAGE)
        except Exception:
            if worker.is_cancelled:
                return  # stopped by ``_stop_search``: its query raised "interrupted"
            raise
        finally:
            if self._search_thread == thread:
                self._search_thread = None
        if not worker.is_cancelled:
            total = len(items) if len(items) < PAGE else None
            self.post_message(SearchFinished(query, total, items, problem))

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        if message.query != self.query_text or not self.has_class("-searching"):
            return
        status = self.query_one("#search-status", Static)
        shown = len(message.items) if message.total is None else message.total
        if message.problem:
            status.update(_("Type a word to search."))
        elif shown == 0:
            status.update(_("No article matches «{query}».").format(query=message.query.strip()))
        elif message.total is None:  # counted with the details, a moment later
            status.update(_("More than {n} results").format(n=number(shown - 1)))
        else:  # how many of them hold the words together: the details say, a moment later
            label = ngettext("{n} result", "{n} results", shown)
            status.update(label.format(n=number(shown)))
        if message.problem or shown == 0:
            self._show_spellings(None)
        else:
            self._search_details(message.query)
        source = ListSource(query=message.query) if not message.problem else ListSource()
        empty = _("No article matches «{query}».").format(query=message.query.strip())
        if message.problem:
            self.article_list.show(ListSource(query=" "), 0, [], empty_message="")
        else:
            self.article_list.show(source, shown, message.items, empty_message=empty)
            if message.items and not self.narrow:  # the best result, its matches lit, in view
                self.open_article(
                    message.items[0].row.id, focus=False, mark_read=False, first_match=True
                )
        self._update_topbar()

    @library_work(group="search-details", exclusive=True)
    def _search_details(self, query: str) -> None:
        self._details_thread = thread = threading.get_ident()
        try:
            details = self.service.search_details(query)
        finally:
            if self._details_thread == thread:
                self._details_thread = None
        if details is not None and not get_current_worker().is_cancelled:
            self.post_message(SearchDetailed(details))

    @on(SearchDetailed)
    def _search_detailed(self, message: SearchDetailed) -> None:
        details = message.details
        if details.query != self.query_text or not self.has_class("-searching"):
            return
        counts = details.counts
        self.article_list.set_total(ListSource(query=details.query), counts.every_word)
        self._update_topbar()
        if counts.together != counts.every_word:
            text = _("{together} together · {every} with every word").format(
                together=number(counts.together), every=number(counts.every_word)
            )
        else:
            text = ngettext("{n} result", "{n} results", counts.every_word)
            text = text.format(n=number(counts.every_word))
        if details.ranked_order:  # see store.search.RANK_CUT
            ranked = {
                "import": _("the {n} imported last ranked"),
                "mixed": _("the newest {n} ranked, undated ones imported last"),
            }.get(details.ranked_order, _("the newest {n} ranked"))
            text += " · " + ranked.format(n=number(RANK_CUT))
        self.query_one("#search-status", Static).update(text)
        if details.query != self._picked_text:  # a spelling picked keeps the offer it came from
            self._offer, self._offer_text, self._picked = details.spellings, details.query, -1
        self._show_spellings(self._offer)

    def _show_spellings(self, offer: Spellings | None) -> None:
        """The spellings offered under the search box, the one picked in brackets."""
        line = self.query("#search-spellings").results(Static)
        if offer is None:
            self._offer, self._picked_text = None, None
            for static in line:
                static.update("")
                static.display = False
            return
        shown = []
        for i, (form, count) in enumerate(offer.found):
            item = f"{form} {number(count)}"
            shown.append(f"[{item}]" if i == self._picked else item)
        pick = next(b for b in keys.SEARCH if isinstance(b, Binding) and b.id == "search.spelling")
        text = f"{self.app.get_key_display(pick)} " + " · ".join(shown)
        for static in line:
            static.update(text)
            static.display = True

    @on(SearchBar.PickSpelling)
    def _pick_spelling(self) -> None:
        offer = self._offer
        if offer is None or self.query_text not in (self._offer_text, self._picked_text):
            self.notify(_("No other spelling to pick."), timeout=2)
            return
        self._picked += 1
        if self._picked >= len(offer.found):  # round again: the words as typed
            self._picked = -1
            text = self._offer_text
        else:
            query = parse_query(self._offer_text)
            text = with_spelling(query, offer.run, offer.found[self._picked][0])
        self._picked_text = text
        self._show_spellings(offer)
        bar = self.search_bar
        bar.value = text
        bar.cursor_position = len(text)

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
        self._stop_search()
        self.set_class(False, "-searching")
        for bar in self.query(SearchBar):
            bar.value = ""
        self.query_text = ""
        for status in self.query("#search-status").results(Static):
            status.update("")
        self._show_spellings(None)
        state, self.before_search = self.before_search, None
        self.article_list.focus()
        if state is not None:
            self.load_source(state.source, state)
        else:
            self.load_source(ListSource(self.view))

    # keys --------------------------------------------------------------------------------

    def action_back(self) -> None:
        """q: back to the list, out of a search, an entity's articles, a filter; then quit."""
        if not self.go_back():
            self.app.exit()

    def action_leave(self) -> None:
        """Esc: q's way back, but never out of bantin."""
        self.go_back()

    def go_back(self) -> bool:
        """One step back; False when there is nowhere further back to go."""
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
            return False
        return True

    def action_find_in_article(self) -> None:
        """Find words in the open article (the palette's; ``/`` in the reader)."""
        if self.reader.opened is None:
            self.notify(_("No article open."), timeout=2)
            return
        if self.narrow:
            self.set_class(True, "-reading")
        self.query_one(ReaderPane).open_find()

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

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is not None:
            self._toggle_read(target[0])

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
