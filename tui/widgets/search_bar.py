"""The search box above the list: results as you type."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from .. import bindings as keys
from ..i18n import _


class SearchBar(Input):
    BINDINGS = keys.SEARCH

    class Cancelled(Message):
        """Esc: leave the search and bring the list back as it was."""

    class ToResults(Message):
        """Down arrow: move into the results."""

    class PickSpelling(Message):
        """ctrl+s: the next of the spellings offered for the words typed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=_('Search: ma tuy, "tội phạm", hoi ngh*'), id=id)

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())

    def action_to_results(self) -> None:
        self.post_message(self.ToResults())

    def action_pick_spelling(self) -> None:
        self.post_message(self.PickSpelling())
