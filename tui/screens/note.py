"""A one-line dialog: the note of a bookmark."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from store.text import clean, printable

from .. import bindings as keys
from ..i18n import _


class NoteDialog(ModalScreen[str | None]):
    """Asks for a note; dismisses with the text (Enter) or None (Esc)."""

    BINDINGS = keys.DIALOG

    DEFAULT_CSS = """
    NoteDialog { align: center bottom; background: $background 40%; }
    NoteDialog > Vertical {
        width: 100%; max-width: 100; height: auto;
        padding: 0 1; background: $panel; border-top: solid $primary;
    }
    NoteDialog Input { width: 100%; }
    """

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = printable(clean(value))  # a note written elsewhere may hold anything

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt, markup=False)
            yield Input(value=self.value, placeholder=_("Note"), id="note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(clean(event.value).strip())  # pasted escapes are not kept

    def action_cancel(self) -> None:
        self.dismiss(None)
