"""The main screen: article list | reader | side panel, with search above the list.

Every library call runs in a thread worker; results come back as past-tense messages. What
the screen reads and saves is in ``MainScreenData`` (``tui.screens.main_data``); here are its
widgets, its layout, the search and what the keys do.
Below 100 columns the screen shows one pane at a time: the list, or the reader after Enter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from .finder import FinderChoice

from .. import bindings as keys
from ..data import ListSource
from ..i18n import _
from ..widgets.article_list import ArticleList
from ..widgets.footer import Footer
from ..widgets.reader import Reader
from ..widgets.reader_pane import FindBar, ReaderPane
from ..widgets.search_bar import SearchBar
from ..widgets.sidebar import Sidebar
from .main_data import NARROW
from .main_search import MainScreenSearch

VIEWS = ("all", "unread", "bookmarked")


class MainScreen(MainScreenSearch):
    BINDINGS = keys.MAIN
    AUTO_FOCUS = "#list"  # not the first focusable widget (the hidden search bar)

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

    def action_copy_citation(self) -> None:
        """y: a citation of the article (the reader's when it has focus, else the list's row)
        to the clipboard, by the terminal (OSC 52: it works over SSH)."""
        target = self._target()
        if target is None:
            self.notify(_("No article to cite."), timeout=2)
            return
        opened = self.reader.opened
        if opened is not None and opened.article.id == target[0]:
            self.copy_citation(opened.article)
        else:  # a row not in the reader (one pane at a time): read first
            self.read_for_citation(target[0])

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
