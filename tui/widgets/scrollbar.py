"""Scroll bars drawn as Textual draws them, from a few ready lines instead of a render each time.

A scroll bar repaints whenever its thumb moves or the length behind it changes: the reader's,
every time a move in the list opens another article. Textual renders it as a Rich renderable
and then styles each of its lines as it styles a widget's text, which took 4 to 5 ms for the
reader's 32-line bar, a sixth of the time a move took. Yet a bar has only a few kinds of line
(track above the thumb, thumb, track below, and the two ends, drawn with eighth blocks): here
each kind is made once, through the same steps, and reused.
"""

from __future__ import annotations

from typing import Any

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

_DEFAULT_BACK = RichColor.parse("#555555")
_DEFAULT_BAR = RichColor.parse("bright_magenta")
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

    def _plain(self) -> bool:
        styles = self.styles
        return not (
            styles.padding
            or any(edge for edge, _ in styles.border)
            or any(edge for edge, _ in styles.outline)
            or styles.tint.a
            or self.opacity != 1.0
            or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        renderer = self.render()
        if not isinstance(renderer, ScrollBarRender) or not self._plain():
            return super().render_lines(crop)
        width, height = self.size
        if not width or not height:
            return super().render_lines(crop)
        style = renderer.style
        assert not isinstance(style, str)  # ScrollBar.render passes a Style
        bar = renderer.render_bar(
            size=height if self.vertical else width,
            virtual_size=renderer.virtual_size,
            window_size=renderer.window_size,
            position=renderer.position,
            thickness=width if self.vertical else height,
            vertical=self.vertical,
            back_color=style.bgcolor or _DEFAULT_BACK,
            bar_color=style.color or _DEFAULT_BAR,
        )
        segments = list(bar.segments)
        if self.vertical:
            lines: list[tuple[Segment, ...]] = [(segment,) for segment in segments]
        else:
            across = tuple(segment for segment in segments if segment.text != "\n")
            lines = [across] * height
        # what every line's look depends on, worked out once for all of them
        base_background, background = self.background_colors
        setting = (
            self.visual_style.rich_style,
            base_background,
            background,
            tuple(self.get_line_filters()),
            width,
        )
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
                strip = kinds[line_segments] = self._line(line_segments, setting)
            made.append(strip)
        return made

    @staticmethod
    def _line(segments: tuple[Segment, ...], setting: tuple[Any, ...]) -> Strip:
        """One line as Textual's styling makes it: the widget's style under the bar's, the
        line filled out to the width with the background, the app's filters applied."""
        base, base_background, background, filters, width = setting
        inner = Style(bgcolor=(base_background + background).rich_color)
        if not segments:  # below the bar (Textual's styling fills the line in)
            strip = Strip.blank(width, inner)
        else:
            if base:
                segments = tuple(Segment(text, base + style, None) for text, style, _ in segments)
            strip = Strip(segments).crop(0, width)
        strip = strip.adjust_cell_length(width, inner)
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        return strip


class QuickScrollBars:
    """For a scrolling widget: its scroll bars are ``QuickScrollBar``s (Textual makes a bar
    the first time it is asked for one, as here)."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return _bar(self, vertical=True)

    @property
    def horizontal_scrollbar(self) -> ScrollBar:
        return _bar(self, vertical=False)


def _bar(widget: Any, vertical: bool) -> ScrollBar:
    """The widget's vertical or horizontal bar, made and started the first time."""
    attribute = "_vertical_scrollbar" if vertical else "_horizontal_scrollbar"
    bar = getattr(widget, attribute)
    if bar is None:
        thickness = widget.scrollbar_size_vertical if vertical else widget.scrollbar_size_horizontal
        bar = QuickScrollBar(
            vertical=vertical, name="vertical" if vertical else "horizontal", thickness=thickness
        )
        bar.display = False
        setattr(widget, attribute, bar)
        widget.app._start_widget(widget, bar)
    return bar
