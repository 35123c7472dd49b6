"""Help: every key of the screen underneath, read from its live bindings, in the UI language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from .. import bindings as keys
from ..i18n import N_, _
from ..textual_compat import node_bindings

GROUPS = {
    "ArticleList": N_("List"),
    "Reader": N_("Reader"),
    "SearchBar": N_("Search"),
    "FindBar": N_("Find in article"),
    "BantinApp": N_("Everywhere"),
    "MainScreen": N_("Screen"),
}


def live_bindings(screen: Screen[object]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group title, [(keys, description)]) for the screen, its widgets and the app."""
    key_widgets = getattr(screen, "key_widgets", None)  # widgets whose keys count, mounted or not
    widgets: list[DOMNode] = key_widgets() if key_widgets else [*screen.query("*")]
    nodes: list[DOMNode] = [*widgets, screen, screen.app]
    groups: dict[str, dict[str, list[str]]] = {}
    for node in nodes:
        name = type(node).__name__
        group = _(GROUPS.get(name, name))
        by_action: dict[str, list[str]] = groups.setdefault(group, {})
        for key, bindings in node_bindings(node).key_to_bindings.items():
            for binding in bindings:
                if not binding.description or not (binding.id or "").count("."):
                    continue  # only bantin's own table (bindings.py), not inherited keys
                display = binding.key_display or screen.app.get_key_display(binding)
                label = _(binding.description)  # an English message id: said in the UI language
                shown = by_action.setdefault(label, [])
                if display not in shown and key:
                    shown.append(display)
    return [
        (group, [(" ".join(k), label) for label, k in actions.items()])
        for group, actions in groups.items()
        if actions
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = keys.HELP

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: round $primary; padding: 0 1;
    }
    """

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__(id="help")
        self.groups = live_bindings(screen)

    def compose(self) -> ComposeResult:
        text = Text(no_wrap=False, end="")
        text.append(_("Keys") + "\n", "bold")
        for group, rows in self.groups:
            text.append("\n" + group + "\n", "bold underline")
            width = max(len(k) for k, _label in rows)
            for key_names, label in rows:
                text.append(f"  {key_names:<{width}}  ", "bold")
                text.append(label + "\n")
        text.append("\n" + _("Esc, q or ? closes this help."), "dim italic")
        with VerticalScroll():
            yield Static(text, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
