"""The bantin Textual app: screens, global bindings, the library service and the theme.

Start-up tuning (Textual's frame rate, garbage collections paused for the start and frozen
after it) and the start-up benchmark's hook live in ``tui.startup``, each with its measured
reason; every use of Textual's internals is in ``tui.textual_compat``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from . import bindings as keys
from . import i18n, startup
from .data import LibraryService
from .palette import BantinCommands
from .screens.main import MainScreen
from .workers import LibraryCallFailed


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
        ``bantin`` does, ``startup.pause_collections``); the app collects once and turns it on
        when the first frame is out."""
        self.language = i18n.install(i18n.detect_language(language))
        super().__init__()
        self.service = service or LibraryService(db_path, state_path)
        self.theme = "textual-dark"
        self._startup_frozen = False
        self._collections_paused = collections_paused

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.service))

    def action_switch_language(self) -> None:
        """Vietnamese <-> English, at once, on every screen (the footer and the help translate
        the keys' descriptions as they draw them)."""
        self.language = i18n.install("en" if self.language == "vi" else "vi")
        for screen in self.screen_stack:
            for node in [screen, *screen.query("*")]:
                relabel = getattr(node, "relabel", None)
                if relabel is not None:
                    relabel()
            screen.refresh_bindings()
        self.refresh_bindings()
        self.refresh(layout=True)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Of Textual's own palette commands, only the theme, in the UI's language. Its Keys
        panel shows the keys' descriptions untranslated (bantin's help, ``?``, lists every key
        of the screen in the UI's language), its Quit stands beside bantin's own, and its
        screenshot writes a file into the folder bantin was started from."""
        yield SystemCommand(
            i18n._("Theme"), i18n._("Change the colours of the screens"), self.action_change_theme
        )

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # imported when first asked for, not at start

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

    def on_library_call_failed(self, message: LibraryCallFailed) -> None:
        """A library call in a worker failed (``tui.workers``): said here, for every screen
        that does not say it itself, and the app goes on."""
        if message.saving:
            text = i18n._("Not saved: {error}")
        else:
            text = i18n._("The library could not be read: {error}")
        self.notify(text.format(error=message.error), severity="error", markup=False, timeout=8)

    def on_ready(self) -> None:
        startup.first_frame_out(self)

    def on_unmount(self) -> None:
        startup.app_closed(self)
        self.service.close()
