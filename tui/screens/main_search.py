"""The main screen's search: the box above the list, results as you type, the count and the
spellings under it. ``MainScreen`` (``tui.screens.main``) adds the layout and the other keys;
what the screen reads and saves is in ``MainScreenData`` (``tui.screens.main_data``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from store.search import RANK_CUT, parse_query, with_spelling

if TYPE_CHECKING:
    from store.kinds import Spellings

from .. import bindings as keys
from ..data import PAGE, ListItem, ListSource, SearchDetails
from ..i18n import _, ngettext, number
from ..messages import message
from ..widgets.search_bar import SearchBar
from ..workers import library_work
from .main_data import MainScreenData

# The search starts this long after a key: enough for the keys of one read from the terminal to
# make one search, no more. A newer key cancels it and stops its query if it runs
# (``_stop_search``): a search typed over gives the library up at once to the next. From the last
# key to the results painted is then the search and a frame, where a delay of 150 ms came on top
# of the search and of the older search it waited for (tests/bench/bench_typing.py, 100,000
# articles, 2 busy processors: p50 269 ms and p95 364 ms with that delay, 163 and 274 ms without;
# with the first page drawn before it is counted and snippets made as rows are drawn, 79 and
# 117 ms, against 240 and 330 ms before all three, in one run).
SEARCH_DELAY = 0.01


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


class MainScreenSearch(MainScreenData):
    """The search side of the main screen (see the module's docstring)."""

    _search_thread: int | None = None  # the thread of the search worker while it runs
    _details_thread: int | None = None  # the thread of the details worker while it runs

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
