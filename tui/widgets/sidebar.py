"""The entity panel: who and what the open article names, by type; Enter follows one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.kinds import EntityType
from store.text import printable

from .. import bindings as keys
from ..i18n import N_, _
from ..messages import message
from .scrollbar import QuickScrollBars

if TYPE_CHECKING:
    from store.entity_index import EntityInfo

TYPE_LABELS: dict[str, str] = {
    EntityType.PERSON: N_("People"),
    EntityType.ORG: N_("Organisations"),
    EntityType.LOC: N_("Places"),
    EntityType.EVENT: N_("Events"),
    EntityType.LAW: N_("Laws and agreements"),
}


class Sidebar(QuickScrollBars, OptionList):
    """The open article's entities grouped by type (people with their role, each with its
    count, in Vietnamese alphabetical order), or the entities that appear with one."""

    BINDINGS = keys.SIDEBAR

    DEFAULT_CSS = """
    Sidebar {
        width: 30;
        height: 1fr;
        background: $panel;
        border: none;
        padding: 0 0;
    }
    Sidebar:focus { border: none; }
    """

    @message
    class EntityChosen(Message):
        """Enter on an entity: follow it through the library."""

        entity_id: int
        name: str

    @message
    class RelatedWanted(Message):
        """``a`` on an entity: the entities that share the most articles with it."""

        entity_id: int
        name: str

    class Left(Message):
        """Esc with the article's entities shown: back to the list or reader."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entities: list[EntityInfo] = []
        self.related_to: str = ""
        self._article_entities: list[EntityInfo] = []
        self._loaded = False
        self.article_id = ""

    def show_article(self, entities: list[EntityInfo] | None, article_id: str = "") -> None:
        """The entities of the open article (None: no article open)."""
        self._loaded = entities is not None
        self.article_id = article_id
        order = list(TYPE_LABELS)  # grouped by type, each group in Vietnamese order (as given)
        self._article_entities = sorted(entities or [], key=lambda e: order.index(e.type))
        self.related_to = ""
        self._fill(self._article_entities)

    def show_related(self, name: str, entities: list[EntityInfo]) -> None:
        self.related_to = name
        self._fill(entities)

    def relabel(self) -> None:
        self._fill(self.entities)

    def _fill(self, entities: list[EntityInfo]) -> None:
        self.entities = entities
        highlighted = self.highlighted
        self.clear_options()
        if self.related_to:
            heading = Text(_("Appears with"), "bold") + Text("\n" + printable(self.related_to))
            self.add_option(Option(heading, disabled=True))
            for entity in entities:
                self.add_option(self._option(entity, shared=True))
        elif not self._loaded:
            self.add_option(Option(Text(_("No article open."), "italic"), disabled=True))
        elif not entities:
            self.add_option(Option(Text(_("This article names no one."), "italic"), disabled=True))
        else:
            for etype, label in TYPE_LABELS.items():
                group = [e for e in entities if e.type == etype]
                if not group:
                    continue
                self.add_option(Option(Text(_(label), "bold underline"), disabled=True))
                for entity in group:
                    self.add_option(self._option(entity))
        if highlighted is not None and self.related_to == "" and highlighted < self.option_count:
            self.highlighted = highlighted

    def _option(self, entity: EntityInfo, shared: bool = False) -> Option:
        text = Text(no_wrap=False, end="")
        text.append(printable(" ".join(entity.name.split())))
        count = entity.count
        text.append(f" ×{count}" if not shared else f"  ({count})", "dim")
        if entity.type == EntityType.PERSON and entity.roles:
            text.append("\n  " + printable(entity.roles[0]), "dim italic")
        if shared:
            text.append("\n  " + _(TYPE_LABELS[entity.type]), "dim")
        return Option(text, id=f"entity-{entity.id}")

    def current(self) -> EntityInfo | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        if option.id is None:
            return None
        entity_id = int(option.id.removeprefix("entity-"))
        return next((e for e in self.entities if e.id == entity_id), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self.current()
        if entity is not None:
            self.post_message(self.EntityChosen(entity.id, entity.name))

    def action_appears_with(self) -> None:
        entity = self.current()
        if entity is not None:
            self.post_message(self.RelatedWanted(entity.id, entity.name))

    def action_back(self) -> None:
        if self.related_to:
            self.show_article(self._article_entities, self.article_id)
        else:
            self.post_message(self.Left())
