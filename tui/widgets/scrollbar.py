"""Scroll bars drawn as Textual draws them, from a few ready lines instead of a render each time.

A scroll bar repaints whenever its thumb moves or the length behind it changes: the reader's,
every time a move in the list opens another article. Textual renders it as a Rich renderable
and then styles each of its lines as it styles a widget's text, which took 4 to 5 ms for the
reader's 32-line bar, a sixth of the time a move took. Yet a bar has only a few kinds of line
(track above the thumb, thumb, track below, and the two ends, drawn with eighth blocks): here
each kind is made once, through the same steps, and reused. The steps copied from Textual are
in ``tui.textual_compat``.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from .. import textual_compat as compat

_MAX_KINDS = 64  # lines kept for a look: a vertical bar has a dozen or so
_MAX_SETTINGS = 8  # looks kept (hovered, grabbed, another theme...), each with its few lines


class QuickScrollBar(ScrollBar):
    """Textual's scroll bar, with the same cells, styles and mouse actions.

    A bar styled beyond colours (a border, padding, an outline, a tint or some opacity) is
    drawn by Textual itself.
    """

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1):
        super().__init__(vertical, name, thickness=thickness)
        self._kinds: dict[tuple[Any, ...], dict[tuple[Segment, ...], Strip]] = {}

    def render_lines(self, crop: Region) -> list[Strip]:
        renderer = self.render()
        if not isinstance(renderer, ScrollBarRender) or not compat.scrollbar_is_plain(self):
            return super().render_lines(crop)
        width, height = self.size
        if not width or not height:
            return super().render_lines(crop)
        lines = compat.scrollbar_lines(self, renderer)
        setting = compat.scrollbar_line_setting(self)
        kinds = self._kinds.get(setting)
        if kinds is None:
            if len(self._kinds) >= _MAX_SETTINGS:
                self._kinds.clear()
            kinds = self._kinds[setting] = {}
        made = []
        for y in crop.line_range:
            line_segments = lines[y] if y < len(lines) else ()
            strip = kinds.get(line_segments)
            if strip is None:
                if len(kinds) >= _MAX_KINDS:  # a horizontal bar's line is new at each place
                    kinds.clear()
                strip = kinds[line_segments] = compat.styled_scrollbar_line(line_segments, setting)
            made.append(strip)
        return made


class QuickScrollBars:
    """For a scrolling widget: its scroll bars are ``QuickScrollBar``s (Textual makes a bar
    the first time it is asked for one, as here)."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return compat.adopt_scrollbar(self, True, QuickScrollBar)  # type: ignore[arg-type]

    @property
    def horizontal_scrollbar(self) -> ScrollBar:
        return compat.adopt_scrollbar(self, False, QuickScrollBar)  # type: ignore[arg-type]
