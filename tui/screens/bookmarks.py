"""The bookmarks list: every bookmark with its note; Enter opens the article."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.text import printable

from .. import bindings as keys
from ..data import LibraryService
from ..i18n import _, ngettext, number, short_date
from ..messages import message
from ..widgets.footer import Footer
from ..workers import library_work
from .note import NoteDialog


@message
class BookmarksLoaded(Message):
    """Every bookmark, with its note and its article's title and date, was read."""

    marks: list[dict[str, Any]]


class BookmarksScreen(ModalScreen[str | None]):
    """Dismisses with the id of the article to open, or None."""

    BINDINGS = keys.BOOKMARKS

    DEFAULT_CSS = """
    BookmarksScreen { background: $background; }
    BookmarksScreen #bookmarks-title {
        height: 1; background: $primary; color: $text; padding: 0 1;
    }
    """

    def __init__(self, service: LibraryService) -> None:
        super().__init__(id="bookmarks")
        self.service = service
        self.marks: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Bookmarks"), id="bookmarks-title", markup=False)
        yield OptionList(id="bookmark-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load()

    @library_work(group="bookmarks", exclusive=True)
    def _load(self) -> None:
        self.post_message(BookmarksLoaded(self.service.bookmarks()))

    @on(BookmarksLoaded)
    def _loaded(self, message: BookmarksLoaded) -> None:
        self.marks = message.marks
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        options.clear_options()
        for mark in self.marks:
            text = Text(no_wrap=False, end="")
            text.append("★ ", "bold")
            text.append(short_date(mark.get("date")) + "  ", "dim")
            heading = mark.get("title") or _("(article no longer in the library)")
            text.append(printable(" ".join(heading.split())), "bold")
            if mark.get("note"):
                text.append("\n   " + printable(mark["note"]), "italic")
            options.add_option(Option(text, id=mark["id"]))
        count = len(self.marks)
        title = ngettext("{n} bookmark", "{n} bookmarks", count).format(n=number(count))
        self.query_one("#bookmarks-title", Static).update(_("Bookmarks") + " · " + title)
        if self.marks:
            options.highlighted = min(highlighted, len(self.marks) - 1)
        else:
            options.add_option(Option(_("No bookmarks yet: press b on an article."), disabled=True))

    def relabel(self) -> None:
        self.post_message(BookmarksLoaded(self.marks))

    def _current(self) -> dict[str, Any] | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.marks):
            return None
        return self.marks[index]

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        mark = self._current()
        if mark is not None:
            self.dismiss(mark["id"])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_remove(self) -> None:
        mark = self._current()
        if mark is not None:
            self._save(mark["id"], None)

    def action_edit_note(self) -> None:
        mark = self._current()
        if mark is None:
            return

        def save(note: str | None) -> None:
            if note is not None:
                self._save(mark["id"], note)

        self.app.push_screen(NoteDialog(_("Note for this bookmark:"), mark.get("note") or ""), save)

    @library_work(group="bookmarks-save", saving=True)
    def _save(self, article_id: str, note: str | None) -> None:
        self.service.set_bookmark(article_id, note)
        self.post_message(BookmarksLoaded(self.service.bookmarks()))
