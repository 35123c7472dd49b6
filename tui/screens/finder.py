"""The name finder: a person, organisation, place, event or article title by a half-remembered
name, results per keystroke; Enter follows an entity or opens an article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from store.kinds import EntityType
from store.text import printable

from .. import bindings as keys
from ..data import LibraryService
from ..i18n import N_, _, ngettext, number
from ..messages import message
from ..workers import LibraryCallFailed, library_work

if TYPE_CHECKING:
    from store.names import NameHit, NameIndex

KIND_LABELS = {
    EntityType.PERSON: N_("person"),
    EntityType.ORG: N_("organisation"),
    EntityType.LOC: N_("place"),
    EntityType.EVENT: N_("event"),
    EntityType.LAW: N_("law"),
    "TITLE": N_("article"),
}


@dataclass(frozen=True)
class FinderChoice:
    kind: str  # "entity" or "title"
    key: str  # entity id or article id
    name: str


@message
class IndexLoaded(Message):
    """The index of names is ready (built, or kept from before): ``size`` names."""

    size: int


@message
class HitsFound(Message):
    """The names that match ``query``, best first."""

    query: str
    hits: list[NameHit]


class NameFinder(ModalScreen[FinderChoice | None]):
    BINDINGS = keys.FINDER

    DEFAULT_CSS = """
    NameFinder { align: center top; background: $background 50%; }
    NameFinder > Vertical {
        width: 90%; max-width: 100; height: 80%; margin-top: 1;
        background: $panel; border: round $primary; padding: 0 1;
    }
    NameFinder Input, NameFinder Input:focus {
        border: none; height: 1; padding: 0 1; background: $boost;
    }
    NameFinder #finder-status { height: 1; color: $text-muted; padding: 0 1; }
    NameFinder OptionList { height: 1fr; border: none; }
    NameFinder OptionList:focus { border: none; }
    """

    def __init__(self, service: LibraryService) -> None:
        super().__init__(id="finder")
        self.service = service
        self.index: NameIndex | None = None
        self.hits: list[NameHit] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=_("A name: to lam, unodc, somtc 20, thanh son …"),
                        id="finder-input")  # fmt: skip
            yield Static(_("Loading names…"), id="finder-status", markup=False)
            yield OptionList(id="finder-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._load()

    @library_work(group="finder-index", exclusive=True)
    def _load(self) -> None:
        index = self.service.name_index()
        self.index = index
        self.post_message(IndexLoaded(len(index)))

    @on(IndexLoaded)
    def _index_loaded(self, message: IndexLoaded) -> None:
        label = ngettext("{n} name", "{n} names", message.size).format(n=number(message.size))
        self.query_one("#finder-status", Static).update(label)
        value = self.query_one(Input).value
        if value:
            self._search(value)

    @on(LibraryCallFailed)
    def _failed(self, message: LibraryCallFailed) -> None:
        """Said on the status line, where the names would be counted, not by the app."""
        message.stop()
        self.query_one("#finder-status", Static).update(
            _("The library could not be read: {error}").format(error=message.error)
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self.index is not None:
            self._search(event.value)

    @library_work(group="finder-search", exclusive=True)
    def _search(self, query: str) -> None:
        index = self.index
        if index is None:
            return
        hits = index.search(query, limit=30) if query.strip() else []
        if not get_current_worker().is_cancelled:
            self.post_message(HitsFound(query, hits))

    @on(HitsFound)
    def _found(self, message: HitsFound) -> None:
        if message.query != self.query_one(Input).value:
            return
        self.hits = message.hits
        options = self.query_one(OptionList)
        options.clear_options()
        for hit in message.hits:
            entry = hit.entry
            text = Text(no_wrap=True, end="")
            name = printable(" ".join(entry.name.split()))
            text.append(name, "bold" if entry.kind == "entity" else "")
            if entry.form != entry.name:
                text.append(f" ({printable(' '.join(entry.form.split()))})", "dim")
            text.append(" ")
            text.append(f" · {_(KIND_LABELS.get(entry.type, entry.type))}", "dim")
            if entry.detail:
                text.append(f" · {printable(entry.detail)}", "italic")
            if entry.kind == "entity":
                count = ngettext("{n} article", "{n} articles", entry.weight)
                text.append(" · " + count.format(n=number(entry.weight)), "dim")
            options.add_option(Option(text))
        status = self.query_one("#finder-status", Static)
        if message.query.strip() and not message.hits:
            status.update(_("No name close to «{query}».").format(query=message.query.strip()))
        elif message.hits:
            status.update(ngettext("{n} match", "{n} matches", len(message.hits))
                          .format(n=len(message.hits)))  # fmt: skip
        if message.hits:
            options.highlighted = 0

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.hits):
            return
        entry = self.hits[index].entry
        self.dismiss(FinderChoice(entry.kind, entry.key, entry.name))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def action_to_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
