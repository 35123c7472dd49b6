"""The article list: a line-API view that pages rows from SQLite as they come into view.

Only the rows on screen (and a page around them) are ever held: the list is as quick with
100,000 articles as with five.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from store.text import printable

from .. import bindings as keys
from .. import textual_compat as compat
from ..data import PAGE, LibraryService, ListItem, ListSource
from ..i18n import short_date
from ..messages import message
from ..workers import library_work
from .scrollbar import QuickScrollBars

KEEP_PAGES = 12
DATE_CELLS = 11  # the date column: "21 Jun 2023" (en), "21/06/2023" (vi), and a space


@dataclass
class ListState:
    """Where the list was: enough to come back to it after a search."""

    source: ListSource
    total: int
    cursor: int
    scroll_y: float


class ArticleList(QuickScrollBars, ScrollView, can_focus=True):
    BINDINGS = keys.LIST

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--date",
        "article-list--unread",
        "article-list--mark",
        "article-list--snippet",
        "article-list--match",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
    }
    ArticleList > .article-list--cursor {
        background: $block-cursor-blurred-background;
    }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    ArticleList > .article-list--date { color: $text-muted; }
    ArticleList > .article-list--unread { text-style: bold; }
    ArticleList > .article-list--mark { color: $warning; }
    ArticleList > .article-list--snippet { color: $text-muted; }
    ArticleList > .article-list--match { color: $text-warning; text-style: bold underline; }
    ArticleList > .article-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    @message
    class Highlighted(Message):
        """The cursor moved onto an article."""

        item: ListItem
        index: int
        by_user: bool

    @message
    class Chosen(Message):
        """Enter on an article."""

        item: ListItem
        index: int

    @message
    class PageLoaded(Message):
        """A page of rows was read; dropped if the list shows another source since."""

        generation: int
        page: int
        items: list[ListItem]

    def __init__(self, service: LibraryService, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.service = service
        self.source = ListSource()
        self.total = 0
        self.empty_message = ""
        self._pages: OrderedDict[int, list[ListItem]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._waiting_user: bool | None = None
        # whether the library has a dated article (None: not known yet), and the list shown
        self.library_dated: bool | None = None
        self.dated = True
        self._base: Style | None = None
        # drawn rows, by (index, line of the row, under the cursor, focused, width): scrolling
        # by a row draws one new row, not the screenful
        self._row_strips: dict[tuple[int, int, bool, bool, int], Strip] = {}

    # content -----------------------------------------------------------------------------

    @property
    def row_height(self) -> int:
        return 2 if self.source.is_search else 1

    def show(
        self,
        source: ListSource,
        total: int,
        first_page: list[ListItem],
        cursor: int = 0,
        scroll_y: float | None = None,
        empty_message: str = "",
        page: int = 0,
    ) -> None:
        """Show a new source, with its count and the page holding the cursor already loaded."""
        self._generation += 1
        self.source = source
        self.total = total
        self.empty_message = empty_message
        self._pages.clear()
        self._pending.clear()
        self._pages[page] = first_page
        self.dated = self._dated()
        self._row_strips.clear()
        self.virtual_size = Size(self.size.width, total * self.row_height)
        self.cursor = min(cursor, max(0, total - 1))
        if scroll_y is not None:
            self.scroll_to(y=scroll_y, animate=False)
        self._keep_cursor_visible()
        self.refresh()
        self._announce(by_user=False)

    def set_total(self, source: ListSource, total: int) -> None:
        """The count of ``source``, found after its first page was shown (a search's: the
        page is shown before it is counted); nothing if the list shows another source now."""
        if source != self.source or total == self.total:
            return
        self.total = total
        self.virtual_size = Size(self.size.width, total * self.row_height)
        self.cursor = min(self.cursor, max(0, total - 1))
        self.refresh()

    def relabel(self) -> None:
        self._row_strips.clear()
        self.refresh()  # dates are formatted as rows are drawn

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._row_strips.clear()

    def state(self) -> ListState:
        return ListState(self.source, self.total, self.cursor, self.scroll_y)

    def item(self, index: int) -> ListItem | None:
        """The item at ``index`` if its page is loaded; asks for the page otherwise."""
        if not 0 <= index < self.total:
            return None
        page = index // PAGE
        items = self._pages.get(page)
        if items is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        offset = index - page * PAGE
        return items[offset] if offset < len(items) else None

    def update_item(self, article_id: str, **changes: bool) -> None:
        """Change marks of a shown row (after a bookmark or read toggle) without a reload."""
        for items in self._pages.values():
            for item in items:
                if item.row.id == article_id:
                    for name, value in changes.items():
                        setattr(item.row, name, value)
        self._row_strips.clear()
        self.refresh()

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        self._load_page(self._generation, self.source, page)

    @library_work(group="list-pages")
    def _load_page(self, generation: int, source: ListSource, page: int) -> None:
        items = self.service.page(source, page * PAGE, PAGE)
        self.post_message(self.PageLoaded(generation, page, items))

    def on_article_list_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._pages[message.page] = message.items
        if message.page == 0:
            self.dated = self._dated()
        while len(self._pages) > KEEP_PAGES:
            oldest = next(iter(self._pages))
            if oldest == self.cursor // PAGE:
                self._pages.move_to_end(oldest)
                continue
            self._pages.popitem(last=False)
        self._row_strips.clear()
        self.refresh()
        if message.page == self.cursor // PAGE and self._waiting_user is not None:
            self._announce(self._waiting_user)

    def _dated(self) -> bool:
        """Whether the list gives a column to dates: not when the library, or the list shown,
        has no dated article (many scraped archives have none), where it would be a dozen
        blank columns on every row. A list newest first has its undated articles last, so its
        first row says; a search's order does not, and what the library holds decides."""
        first = self._pages.get(0)
        if not self.source.is_search and first:
            dated = first[0].row.date is not None
            if self.source == ListSource():  # the whole library
                self.library_dated = dated
            elif dated:
                self.library_dated = True
            return dated
        return self.library_dated is not False

    # drawing -----------------------------------------------------------------------------

    def watch_scroll_y(self, old: float, new: float) -> None:
        bar = self.vertical_scrollbar if self.show_vertical_scrollbar else None
        if bar is None or compat.thumb_eighths(bar, bar.position) != compat.thumb_eighths(bar, new):
            super().watch_scroll_y(old, new)
            return
        # the bar would be drawn as it is (with 100,000 rows, a row is far less than an eighth
        # of a cell): its position changes without a repaint of it
        bar.set_reactive(ScrollBar.position, bar.validate_position(new))
        if round(old) != round(new):
            self.refresh(self.size.region)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total * self.row_height)
        self._keep_cursor_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        if self._base is None:
            self._base = self.rich_style  # once, not for every row of every frame
        base = self._base
        if self.total == 0:
            if y == 1 and self.empty_message:
                style = self.get_component_rich_style("article-list--empty")
                text = Text(" " + printable(self.empty_message), style=style, end="")
                text.truncate(width, overflow="ellipsis")
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        index, sub = divmod(line, self.row_height)
        if index >= self.total:
            return Strip.blank(width, base)
        item = self.item(index)
        selected = index == self.cursor
        key = (index, sub, selected, self.has_focus, width)
        strip = self._row_strips.get(key)
        if strip is not None and item is not None:
            return strip
        row_style = (
            base + self.get_component_rich_style("article-list--cursor") if selected else base
        )
        if item is None:
            return self._strip(Text(" …", end=""), width, row_style)
        text = self._row_text(item) if sub == 0 else self._snippet_text(item)
        text.truncate(width, overflow="ellipsis", pad=True)
        strip = self._strip(text, width, row_style)
        if len(self._row_strips) >= 4 * PAGE:
            self._row_strips.clear()
        self._row_strips[key] = strip
        return strip

    def _row_text(self, item: ListItem) -> Text:
        row = item.row
        mark_style = self.get_component_rich_style("article-list--mark", partial=True)
        date_style = self.get_component_rich_style("article-list--date", partial=True)
        text = Text(no_wrap=True, end="")
        text.append("★" if row.bookmarked else " ", mark_style)
        text.append("•" if not row.read else " ", mark_style)
        text.append(" ")
        if self.dated:
            date = short_date(row.date)
            text.append(date + " " * max(0, DATE_CELLS - cell_len(date)), date_style)
            text.append(" ")
        title_style = (
            self.get_component_rich_style("article-list--unread", partial=True)
            if not row.read
            else Style()
        )
        text.append(printable(" ".join(row.title.split())), title_style)
        return text

    def _snippet_text(self, item: ListItem) -> Text:
        snippet_style = self.get_component_rich_style("article-list--snippet", partial=True)
        match_style = self.get_component_rich_style("article-list--match", partial=True)
        text = Text("    ", no_wrap=True, end="")
        start = len(text)
        text.append(printable(item.snippet), snippet_style)
        for s, e in item.snippet_spans:
            text.stylize(match_style, start + s, start + e)
        return text

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console))
        strip = Strip(segments).extend_cell_length(width).crop(0, width)
        return strip.apply_style(style) if style else strip

    # moving ------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)

    def _refresh_row(self, index: int) -> None:
        top = index * self.row_height - int(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, self.row_height))

    def _keep_cursor_visible(self) -> None:
        if self.total:
            region = Region(0, self.cursor * self.row_height, 1, self.row_height)
            # at once, not after the next refresh: the cursor's row and the rows scrolled in
            # are drawn in one frame (with the article the move opens), not in two
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def move_to(self, index: int) -> None:
        if not self.total:
            return
        index = max(0, min(index, self.total - 1))
        if index == self.cursor:
            return
        self.cursor = index
        self._keep_cursor_visible()
        self._announce(by_user=True)

    def _announce(self, by_user: bool) -> None:
        item = self.item(self.cursor)
        if item is None:
            self._waiting_user = by_user  # say it when the page arrives
            return
        self._waiting_user = None
        # straight to the screen, not bubbling up through the containers: it is then handled
        # before the repaint of the cursor's rows, and an article it opens at once (read
        # ahead) is drawn in the same frame
        message = self.Highlighted(item, self.cursor, by_user)
        message.set_sender(self)
        self.screen.post_message(message)

    @property
    def page_rows(self) -> int:
        return max(1, self.size.height // self.row_height - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self.page_rows)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self.page_rows)

    def action_open(self) -> None:
        item = self.item(self.cursor)
        if item is not None:
            self.post_message(self.Chosen(item, self.cursor))

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if offset is None:
            return
        index = (int(self.scroll_offset.y) + int(offset)) // self.row_height
        if index == self.cursor:
            self.action_open()
        else:
            self.move_to(index)

    def current(self) -> ListItem | None:
        return self.item(self.cursor)
