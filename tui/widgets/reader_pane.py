"""The reader with the line under it: where you are among the matches (``3/26``), a wrap past
either end, and the prompt of a find in the article (``/``, as in less and vim).

The line is mounted the first time it has something to say: the reader of a plain list starts
and draws as it did without it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from .. import bindings as keys
from ..i18n import _
from .reader import Reader


class FindBar(Input):
    """The find's prompt: what is typed is lit in the article as it comes."""

    BINDINGS = keys.FIND

    class Cancelled(Message):
        """Esc: the find is dropped, what was lit before comes back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=self._placeholder(), id=id)

    @staticmethod
    def _placeholder() -> str:
        return _("Find in the article: unodc, ma tuy, hoi ngh*")

    def relabel(self) -> None:
        self.placeholder = self._placeholder()

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())


class StatusLine(Widget):
    """One line of text, cut with an ellipsis when the room is short; a new text repaints the
    line alone (a ``Static`` would lay the screen out again at every article of a search's
    results the cursor moves onto)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""

    def say(self, text: str, fit: bool = False) -> None:
        """Show ``text``; ``fit``: the line is as wide as its text (beside the find's prompt),
        so a new text lays it out again."""
        if text != self.text:
            self.text = text
            self.refresh(layout=fit)

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis", end="")


class ReaderPane(Vertical):
    DEFAULT_CSS = """
    ReaderPane > #reader { height: 1fr; }
    ReaderPane > #reader-bar { height: 1; background: $boost; }
    #reader-bar > #find { display: none; width: 1fr; height: 1; border: none; padding: 0 2; }
    #reader-bar > #reader-status { width: 1fr; height: 1; padding: 0 2; color: $text-muted; }
    #reader-bar.-finding > #find { display: block; }
    #reader-bar.-finding > #reader-status { width: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bar: Horizontal | None = None
        self._find: FindBar | None = None
        self._status: StatusLine | None = None

    def compose(self) -> ComposeResult:
        yield Reader(id="reader")

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def find_bar(self) -> FindBar:
        """The find's prompt, mounted (with the status line) the first time it is wanted."""
        if self._find is None:
            self._find = FindBar(id="find")
            self._status = StatusLine(id="reader-status")
            self._bar = Horizontal(self._find, self._status, id="reader-bar")
            self._bar.display = False
            self.mount(self._bar)
        return self._find

    def _show_line(self, text: str) -> None:
        finding = self.reader.finding
        if self._find is None and not text and not finding:
            return  # nothing said yet: the line is not even mounted
        self.find_bar  # noqa: B018  # mounted now if it was not yet
        assert self._bar is not None and self._status is not None
        self._status.say(text, fit=finding)
        self._bar.set_class(finding, "-finding")
        self._bar.display = bool(text) or finding

    @on(Reader.StatusChanged)
    def _status_changed(self, message: Reader.StatusChanged) -> None:
        message.stop()
        self._show_line(message.text)
        if not self.reader.finding and self._find is not None and self._find.has_focus:
            self.reader.focus()  # the article changed under the prompt: it is closed

    @on(Reader.FindWanted)
    def _find_wanted(self, message: Reader.FindWanted) -> None:
        message.stop()
        self.open_find()

    def open_find(self) -> None:
        """The prompt opens under the article, empty; the reader keeps what it lights."""
        reader = self.reader
        if reader.opened is None:
            return
        bar = self.find_bar
        with self.app.batch_update():
            bar.value = ""
            reader.begin_find()
            self._show_line(reader.status)
        self.screen.set_focus(bar)

    # the prompt's own messages stop here: the screen's search hears its search bar's only

    @on(FindBar.Changed, "#find")
    def _find_changed(self, message: Input.Changed) -> None:
        message.stop()
        if self.reader.finding:
            self.reader.find(message.value)

    @on(FindBar.Submitted, "#find")
    def _find_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self._close(keep=True)

    @on(FindBar.Cancelled)
    def _find_cancelled(self, message: FindBar.Cancelled) -> None:
        message.stop()
        self._close(keep=False)

    @on(FindBar.Blurred, "#find")
    def _find_blurred(self, message: Input.Blurred) -> None:
        message.stop()
        if self.reader.finding:  # focus went elsewhere (tab, a click): what is lit stays
            self._close(keep=True, focus=False)

    def _close(self, keep: bool, focus: bool = True) -> None:
        reader = self.reader
        with self.app.batch_update():
            reader.end_find(keep)
            self._show_line(reader.status)
        if focus:
            reader.focus()
