"""The footer: the keys that matter on the focused screen, drawn as one line by one widget.

Textual's own footer mounts a widget for every key and recomposes them all whenever the
bindings change (focus moves, a screen starts); at start-up those widgets were half of the
main screen's and their styling and layout a tenth of its start. This one draws the same keys
from the screen's live bindings as a single line, redrawn only when they change: the key in
bold, its description after it, a disabled key dimmed, the command palette's key at the right.
A click on a key presses it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from ..i18n import _


def _keys(screen: Screen[Any]) -> tuple[tuple[str, str, str, bool], ...]:
    """(key, key as shown, description, enabled) of each binding the footer shows, the
    command palette's last; one key per action, as in Textual's footer. The descriptions are
    English message ids (``tui.bindings``), said here in the UI language: a switch of language
    refreshes the bindings, and with them the footer."""
    app = screen.app
    palette = app.COMMAND_PALETTE_BINDING
    shown: dict[str, tuple[str, str, str, bool]] = {}
    last: tuple[str, str, str, bool] | None = None
    for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
        description = _(binding.description) if binding.description else ""
        item = (key, app.get_key_display(binding), description, enabled)
        if key == palette and app.ENABLE_COMMAND_PALETTE:
            last = item
        elif binding.show and binding.action not in shown:
            shown[binding.action] = item
    return (*shown.values(), *([last] if last else []))


HELP_KEY = "question_mark"  # shown whatever else is left out for want of room


class Footer(Widget, can_focus=False):
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--disabled {
            text-style: dim;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--key",
        "footer--description",
        "footer--disabled",
    }
    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: tuple[tuple[str, str, str, bool], ...] = ()
        self._spans: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled)

    @property
    def keys(self) -> tuple[tuple[str, str, str, bool], ...]:
        """What the footer shows: (key, key as shown, description, enabled)."""
        return self._keys

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys = _keys(screen)
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def render(self) -> Text:
        width = self.size.width
        palette = self.app.COMMAND_PALETTE_BINDING
        items = list(self._keys)
        right = items.pop() if items and items[-1][0] == palette else None
        # roomy, then tighter, then the palette's key without its words: the first that
        # shows every key; at the tightest, the keys that do not fit are left out
        for gap, right_words in ((" ", True), ("", True), ("", False)):
            line, spans = self._line(items, right, width, gap, right_words)
            if len(spans) == len(items) + (right is not None):
                break
        self._spans = spans
        return line

    def _line(
        self,
        items: list[tuple[str, str, str, bool]],
        right: tuple[str, str, str, bool] | None,
        width: int,
        gap: str,
        right_words: bool,
    ) -> tuple[Text, list[tuple[int, int, str, bool]]]:
        key_style = self.get_component_rich_style("footer--key", partial=True)
        text_style = self.get_component_rich_style("footer--description", partial=True)
        dim = self.get_component_rich_style("footer--disabled", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []

        def label(item: tuple[str, str, str, bool], words: bool = True) -> tuple[str, str]:
            _key, display, description, _enabled = item
            return f" {display} ", (f"{description}{gap}" if words and description else "")

        def add(item: tuple[str, str, str, bool], words: bool = True) -> None:
            key, _display, _description, enabled = item
            start = line.cell_len
            keys, text = label(item, words)
            line.append(keys, key_style + (dim if not enabled else None))
            if text:
                line.append(text, text_style + (dim if not enabled else None))
            spans.append((start, line.cell_len, key, enabled))

        right_width = cell_len("".join(label(right, right_words))) if right else 0
        # the keys that fit, in their order, none drawn half; help's key is kept the longest
        room = width - right_width
        sizes = [cell_len("".join(label(item))) for item in items]
        kept = [item[0] == HELP_KEY for item in items]
        room -= sum(size for size, keep in zip(sizes, kept, strict=True) if keep)
        for i, size in enumerate(sizes):
            if not kept[i] and size <= room:
                kept[i], room = True, room - size
            elif not kept[i]:
                room = -1  # after a key left out, none further on is shown
        for item, keep, size in zip(items, kept, sizes, strict=True):
            if keep and line.cell_len + size <= width - right_width:
                add(item)
        if right is not None and width >= right_width:
            line.append(" " * (width - right_width - line.cell_len))
            add(right, right_words)
        return line, spans

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
