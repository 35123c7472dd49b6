"""Every use of a Textual private name, and every copy of Textual's own arithmetic, in one place.

The rest of ``tui`` uses Textual's public API only. What is here depends on how Textual works
inside, which a new release may change without notice; so each use says why it is needed and
which test would fail if Textual changed it (``tests/test_textual_compat.py`` holds those that
guard nothing else). ``pyproject.toml`` pins Textual to the minor release these tests run on;
the README's Development section says how to move the pin.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

# Bindings ------------------------------------------------------------------------------------


def node_bindings(node: DOMNode) -> BindingsMap:
    """The bindings of one screen, widget or app, whether it has focus or not (and whether it
    is mounted or not: the help lists the search bar's keys before its first use).

    Textual's public ``Screen.active_bindings`` holds only those of the focused widget and its
    ancestors; a node's own are in ``DOMNode._bindings``. Guarded by
    ``test_node_bindings_are_the_classes_bindings`` and the help test in ``tests/test_app.py``.
    """
    return node._bindings


# Repaints ------------------------------------------------------------------------------------


def repaint_now(*widgets: Widget) -> None:
    """Have widgets ask the screen for their repaint now, not when their own message loops
    are next idle: the article a cursor move shows is then drawn in the frame that moves the
    cursor, not in the frame after it, often 20 to 40 ms later.

    ``Widget._check_refresh`` is what Textual calls on idle; Textual has no public way to ask
    for it sooner. Guarded by ``test_repaint_now_asks_the_screen_at_once`` (without it, the
    repaint would silently come a frame later, as before, which that test catches)."""
    for widget in widgets:
        check = getattr(widget, "_check_refresh", None)
        if check is not None:
            check()


# Scroll bars ---------------------------------------------------------------------------------
#
# ``tui.widgets.scrollbar`` draws a scroll bar from a few ready lines (the measured reason is in
# its docstring). What it must reproduce of Textual, and how Textual lets a widget have such a
# bar, is here.

# ``ScrollBarRender.render_bar``'s default colours, used by it when a style has none
_DEFAULT_BACK = RichColor.parse("#555555")
_DEFAULT_BAR = RichColor.parse("bright_magenta")


def adopt_scrollbar(widget: Widget, vertical: bool, make: type[ScrollBar]) -> ScrollBar:
    """The widget's vertical or horizontal bar, made with ``make`` and started the first time.

    ``Widget.vertical_scrollbar`` makes a plain ``ScrollBar`` and has no hook for another class;
    Textual lays out and draws the bar it keeps in ``Widget._vertical_scrollbar`` (or
    ``_horizontal_scrollbar``), started with ``App._start_widget``: the same steps as Textual's
    property, with ``make``. Guarded by ``test_the_bar_drawn_is_the_adopted_one`` and
    ``test_the_readers_and_the_lists_bars_are_the_quick_ones``."""
    attribute = "_vertical_scrollbar" if vertical else "_horizontal_scrollbar"
    bar: ScrollBar | None = getattr(widget, attribute)
    if bar is None:
        thickness = widget.scrollbar_size_vertical if vertical else widget.scrollbar_size_horizontal
        bar = make(vertical=vertical, name="vertical" if vertical else "horizontal",
                   thickness=thickness)  # fmt: skip
        bar.display = False
        setattr(widget, attribute, bar)
        widget.app._start_widget(widget, bar)
    return bar


def scrollbar_is_plain(bar: ScrollBar) -> bool:
    """Whether Textual styles the bar's lines only as ``styled_scrollbar_line`` does: not so
    with a border, padding, an outline, a tint, some opacity or a hatch. Guarded by
    ``test_quick_bars_draw_exactly_what_textuals_bars_draw``."""
    styles = bar.styles
    return not (
        styles.padding
        or any(edge for edge, _ in styles.border)
        or any(edge for edge, _ in styles.outline)
        or styles.tint.a
        or bar.opacity != 1.0
        or styles.text_opacity != 1.0
        or (styles.has_rule("hatch") and styles.hatch != "none")
    )


def scrollbar_lines(bar: ScrollBar, renderer: ScrollBarRender) -> list[tuple[Segment, ...]]:
    """The bar's cells, line by line, as ``ScrollBarRender`` renders them (its
    ``__rich_console__``, with its default colours). Guarded by
    ``test_quick_bars_draw_exactly_what_textuals_bars_draw``."""
    width, height = bar.size
    style = renderer.style
    assert not isinstance(style, str)  # ScrollBar.render passes a Style
    drawn = renderer.render_bar(
        size=height if bar.vertical else width,
        virtual_size=renderer.virtual_size,
        window_size=renderer.window_size,
        position=renderer.position,
        thickness=width if bar.vertical else height,
        vertical=bar.vertical,
        back_color=style.bgcolor or _DEFAULT_BACK,
        bar_color=style.color or _DEFAULT_BAR,
    )
    segments = list(drawn.segments)
    if bar.vertical:
        return [(segment,) for segment in segments]
    across = tuple(segment for segment in segments if segment.text != "\n")
    return [across] * height


def scrollbar_line_setting(bar: ScrollBar) -> tuple[Any, ...]:
    """What the look of each of the bar's lines depends on in Textual's styling, worked out
    once for all of them: the widget's style, its backgrounds, the app's line filters, the
    width. Guarded by ``test_quick_bars_draw_exactly_what_textuals_bars_draw``."""
    base_background, background = bar.background_colors
    return (
        bar.visual_style.rich_style,
        base_background,
        background,
        tuple(bar.get_line_filters()),
        bar.size.width,
    )


def styled_scrollbar_line(segments: tuple[Segment, ...], setting: tuple[Any, ...]) -> Strip:
    """One line as Textual's styling of a widget's lines makes it: the widget's style under
    the bar's, the line filled out to the width with the background, the app's filters
    applied. Guarded by ``test_quick_bars_draw_exactly_what_textuals_bars_draw``."""
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


def thumb_eighths(bar: ScrollBar, position: float) -> tuple[int, int] | None:
    """Where a vertical scroll bar draws its thumb, in eighths of a cell; None: no thumb.

    ``ScrollBarRender.render_bar``'s arithmetic, for the list to tell whether a scroll moves
    the thumb at all (with 100,000 rows, a row is far less than an eighth of a cell) without
    drawing the bar. Guarded by
    ``test_the_thumb_is_the_same_exactly_when_the_bar_is_drawn_the_same``."""
    virtual = ceil(bar.window_virtual_size)
    window = ceil(bar.window_size if bar.window_size < bar.window_virtual_size else 0)
    size = bar.size.height
    if not (window and size and virtual and size != virtual):
        return None
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (bar.validate_position(position) / (virtual - window)) * 8)
    return start, start + ceil(thumb * 8)
