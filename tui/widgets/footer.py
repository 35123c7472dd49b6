"""Textual's footer, recomposed only when the keys it shows change, and once for a burst.

Textual's own footer recomposes (unmounts and mounts every key) for each change of bindings,
and a screen's start brings several (focus, mounts, the screen becoming current, a refresh of
the bindings after the first frame) that mostly leave the keys as they were; each recompose
costs a layout and a frame.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


def _keys(screen: Screen[Any]) -> tuple[Any, ...]:
    """What the footer draws: the active bindings it shows (and the command palette's), each
    enabled or not, with its tooltip."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


class Footer(TextualFooter):
    _composed: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed = _keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and _keys(screen) != self._composed:
            self.refresh(recompose=True)
