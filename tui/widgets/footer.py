"""Textual's footer, recomposed once for a burst of binding changes.

Textual's own footer recomposes (unmounts and mounts every key) for each change of bindings,
and a screen's start brings several (focus, mounts, the screen becoming current) before its
first frame; here they come to one recompose.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.refresh(recompose=True)
