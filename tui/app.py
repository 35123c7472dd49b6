"""The bantin Textual app: screens, global bindings, the library service and the theme."""

from __future__ import annotations

import gc
from pathlib import Path

from textual.app import App

from . import bindings as keys
from . import i18n
from .data import LibraryService
from .palette import BantinCommands
from .screens.main import MainScreen


class BantinApp(App[None]):
    """Read, search and bookmark the articles of one library."""

    TITLE = "bantin"
    CSS_PATH = "bantin.tcss"
    BINDINGS = keys.APP
    COMMANDS = App.COMMANDS | {BantinCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        db_path: Path | None = None,
        language: str | None = None,
        service: LibraryService | None = None,
        state_path: Path | None = None,
        collections_paused: bool = False,
    ) -> None:
        """``collections_paused``: the program turned the garbage collector off to start (as
        ``bantin`` does); the app collects once and turns it on when the first frame is out."""
        self.language = i18n.install(i18n.detect_language(language))
        super().__init__()
        keys.localized(self)
        self.service = service or LibraryService(db_path, state_path)
        self.theme = "textual-dark"
        self._startup_frozen = False
        self._collections_paused = collections_paused

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.service))

    def action_switch_language(self) -> None:
        """Vietnamese <-> English, at once, on every screen."""
        self.language = i18n.install("en" if self.language == "vi" else "vi")
        for screen in self.screen_stack:
            for node in [screen, *screen.query("*")]:
                if type(node)._merged_bindings is not None:
                    keys.localized(node)
                relabel = getattr(node, "relabel", None)
                if relabel is not None:
                    relabel()
            screen.refresh_bindings()
        keys.localized(self)
        self.refresh_bindings()
        self.refresh(layout=True)

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # imported when first asked for, not at start

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

    def on_ready(self) -> None:
        """The first frame is out: what it took to get there (modules, styles, widgets: most
        of what the program will ever hold) is set out of the garbage collector's way
        (``gc.freeze``). A full collection otherwise walks all of it, a pause of 40-50 ms that
        falls on a keystroke now and then: one cursor move in twenty at 100,000 articles.

        ``bantin`` starts with collections off (``tui.cli``): the garbage of the start (a few
        thousand objects) is collected here, once, while the user looks at the first frame,
        and collections are turned back on."""
        if not self._startup_frozen:
            self._startup_frozen = True
            if self._collections_paused:
                self._collections_paused = False
                gc.collect()
                gc.enable()
            gc.freeze()

    def on_unmount(self) -> None:
        if self._startup_frozen:  # collectable again, once this app is gone (tests run many)
            self._startup_frozen = False
            gc.unfreeze()
        self.service.close()
