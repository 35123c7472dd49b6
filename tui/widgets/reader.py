"""The reader: one article laid out in lines (line API), matches highlighted, position kept.

The article is untrusted text: it is only ever drawn as plain strings (in segments and
``rich.text.Text`` objects), never parsed as markup. Positions are kept as character offsets
into the article, so they survive a resize (which re-wraps the lines) and a restart.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.kinds import spans_in
from store.text import printable

from .. import bindings as keys
from ..data import OpenedArticle
from ..i18n import _, long_date, ngettext
from ..messages import message
from .layout import Block, Line, line_strip, wrap_starts
from .scrollbar import QuickScrollBars

WORDS_PER_MINUTE = 200
MAX_TEXT_WIDTH = 96


def _text(plain: str) -> str:
    """Article text as drawn: never markup, and no control character reaches the terminal."""
    return printable(plain)


class Reader(QuickScrollBars, ScrollView, can_focus=True):
    BINDINGS = keys.READER

    COMPONENT_CLASSES = {
        "reader--title",
        "reader--meta",
        "reader--lede",
        "reader--caption",
        "reader--match",
        "reader--current-match",
        "reader--hint",
    }

    DEFAULT_CSS = """
    Reader { background: $surface; }
    Reader > .reader--title { text-style: bold; color: $text-primary; }
    Reader > .reader--meta { color: $text-muted; }
    Reader > .reader--lede { text-style: bold; }
    Reader > .reader--caption { color: $text-muted; text-style: italic; }
    Reader > .reader--match { background: $warning 40%; }
    Reader > .reader--current-match { background: $warning; color: $background; }
    Reader > .reader--hint { color: $text-muted; text-style: italic; }
    """

    class NextArticle(Message):
        """n or ] with nothing left to jump to: the next article in the list."""

    class PreviousArticle(Message):
        """p or [: the previous article in the list."""

    @message
    class PositionChanged(Message):
        article_id: str
        position: int

    class Left(Message):
        """Esc with nothing to clear: back to the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.opened: OpenedArticle | None = None
        self._blocks: list[Block] = []
        self._lines: list[Line] = []
        self._offsets: list[int] = []
        self._strips: dict[int, Strip] = {}
        self._base: Style | None = None
        self._styles: dict[str, Style] = {}
        self._frame: tuple[int, int] | None = None
        self._matches: list[tuple[int, int]] = []  # (article offset, end)
        self._match_lines: list[int] = []
        self._current_match = -1
        self._wrapped_width = 0
        self._save_timer: object | None = None
        self._last_saved = -1
        self._when_drawn: list[Callable[[], object]] = []

    # showing -----------------------------------------------------------------------------

    @property
    def article_id(self) -> str | None:
        return self.opened.article.id if self.opened else None

    @property
    def drawn(self) -> bool:
        """Whether lines of the open article have been drawn (in a frame) since it was shown."""
        return bool(self._strips)

    def when_drawn(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once a frame showing lines of the open article has gone out."""
        if self.drawn:
            callback()
        else:
            self._when_drawn.append(callback)

    def show(self, opened: OpenedArticle | None, *, first_match: bool = False) -> None:
        self.opened = opened
        self._blocks = self._build_blocks(opened) if opened else []
        self._current_match = -1
        self._rewrap(force=True)
        if opened is None:
            self.scroll_to(y=0, animate=False)
            return
        self._last_saved = opened.position
        if first_match and self._match_lines:
            self.jump_to_match(0)
        else:
            self.scroll_to(y=self.line_for(opened.position), animate=False, immediate=True)

    def clear_highlights(self) -> bool:
        if not self.opened or not self._matches:
            return False
        opened = self.opened
        opened.spans = []
        top = self.top_offset()
        self._blocks = self._build_blocks(opened)
        self._current_match = -1
        self._rewrap(force=True)
        self.scroll_to(y=self.line_for(top), animate=False, immediate=True)
        return True

    def set_bookmark(self, bookmarked: bool, note: str) -> None:
        if self.opened is None:
            return
        self.opened.bookmarked, self.opened.note = bookmarked, note
        self.relabel()

    def relabel(self) -> None:
        """Lay the article out again (the UI language or a mark changed), in the same place."""
        if self.opened is None:
            self.refresh()
            return
        top = self.top_offset()
        self._blocks = self._build_blocks(self.opened)
        self._rewrap(force=True)
        self.scroll_to(y=self.line_for(top), animate=False, immediate=True)

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def _build_blocks(self, opened: OpenedArticle) -> list[Block]:
        article = opened.article
        match = self._style("reader--match")
        blocks: list[Block] = []
        self._matches = []
        offset = 0

        def add(
            kind: str,
            plain: str,
            style: Style | str = "",
            spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
        ) -> None:
            nonlocal offset
            size = len(plain)
            marks = []
            for start, end in spans:
                if min(size, end) > max(0, start):  # clipped as Text.stylize clips
                    marks.append(Span(max(0, start), min(size, end), match))
                self._matches.append((offset + start, offset + end))
            blocks.append(Block(kind, plain, style, offset, marks))
            offset += size + 1

        add(
            "title",
            _text(" ".join(article.title.split())),
            self._style("reader--title"),
            spans_in(opened.spans, "title"),
        )
        add("meta", _text(self._meta(opened)), self._style("reader--meta"))
        add("gap", "")
        if article.lede:
            add(
                "lede",
                _text(article.lede),
                self._style("reader--lede"),
                spans_in(opened.spans, "lede"),
            )
            add("gap", "")
        paragraphs = article.paragraphs
        captions: dict[int, list[int]] = {}
        for i, at in enumerate(article.caption_at[: len(article.captions)]):
            captions.setdefault(at, []).append(i)
        body_start = 0
        body_spans = spans_in(opened.spans, "body")
        for index, paragraph in enumerate(paragraphs):
            for caption_index in captions.pop(index, []):
                add(
                    "caption",
                    _text(article.captions[caption_index]),
                    self._style("reader--caption"),
                    spans_in(opened.spans, "caption", caption_index),
                )
                add("gap", "")
            spans = [
                (s - body_start, e - body_start)
                for s, e in body_spans
                if s >= body_start and e <= body_start + len(paragraph)
            ]
            add("para", _text(paragraph), "", spans)
            add("gap", "")
            body_start += len(paragraph) + 2
        for rest in sorted(captions):
            for caption_index in captions[rest]:
                add(
                    "caption",
                    _text(article.captions[caption_index]),
                    self._style("reader--caption"),
                    spans_in(opened.spans, "caption", caption_index),
                )
                add("gap", "")
        self._matches.sort()
        return blocks

    def _meta(self, opened: OpenedArticle) -> str:
        article = opened.article
        minutes = max(1, round(article.words / WORDS_PER_MINUTE))
        parts = [
            long_date(article.date) or _("No date"),
            article.author or "",
            ngettext("{n} min read", "{n} min read", minutes).format(n=minutes),
        ]
        if opened.bookmarked:
            parts.append("★ " + (opened.note or _("Bookmarked")))
        return " · ".join(p for p in parts if p)

    # layout ------------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        """The width lines are wrapped to: the room beside the scroll bar when the article
        needs one (its lines are more than the reader's height), else the whole width."""
        return self._text_width(self._needs_scrollbar(len(self._lines)))

    def _text_width(self, scrollbar: bool) -> int:
        width = self.content_region.width
        if scrollbar:
            width -= self.styles.scrollbar_size_vertical
        return max(10, min(MAX_TEXT_WIDTH, width - 4))

    def _needs_scrollbar(self, lines: int) -> bool:
        """Whether Textual shows the vertical scroll bar for ``lines`` lines (overflow auto)."""
        return lines > self.content_region.height

    def _rewrap(self, force: bool = False) -> None:
        """Lay the blocks out in lines, beside the scroll bar when they are more than the
        reader's height, else at the whole width. The scroll bar coming or going changes no
        size (no resize event): the width is chosen here, as Textual will choose the bar."""
        if not force and self._wrapped_width == self.text_width:
            return
        width = self._text_width(True)  # most articles are longer than the screen
        lines = self._wrap(width)
        if not self._needs_scrollbar(len(lines)):  # it fits even beside a bar: there is none
            width = self._text_width(False)
            lines = self._wrap(width)
        self._wrapped_width = width
        self._strips.clear()
        self._lines = lines
        self._offsets = [line.offset for line in lines]
        self._match_lines = [self.line_for(start) for start, _end in self._matches]
        self._set_virtual_height(len(lines))
        self.refresh()

    def _wrap(self, width: int) -> list[Line]:
        lines: list[Line] = []
        caption_style = self._style("reader--caption")
        for block in self._blocks:
            plain = block.plain
            if block.kind == "gap" or not plain:
                lines.append(Line(block, 0, 0, block.start))
                continue
            indent = "│ " if block.kind == "caption" else ""
            style = caption_style if indent else None
            starts = wrap_starts(plain, width - cell_len(indent))
            ends = [*starts[1:], len(plain)]
            offset = block.start
            for start, end in zip(starts, ends, strict=True):
                lines.append(Line(block, start, end, offset + start, indent, style))
        return lines

    def _set_virtual_height(self, lines: int) -> None:
        """A new height without a layout of the whole screen when the scrollbar stays: an
        article opened as the cursor moves is the list's hot path."""
        width = self.content_region.width  # no wider than the view: no horizontal bar
        if self._needs_scrollbar(lines):
            width -= self.styles.scrollbar_size_vertical
        size = Size(max(0, width), lines)
        view = self.scrollable_content_region.height
        if self.show_vertical_scrollbar and self.virtual_size.height > view and lines > view:
            self.set_reactive(Reader.virtual_size, size)
            scrollbar = self.vertical_scrollbar
            scrollbar.window_virtual_size = lines
            scrollbar.refresh()
        else:
            self.virtual_size = size

    def on_resize(self) -> None:
        top = self.top_offset()
        self._rewrap()
        if self.opened is not None:
            self.scroll_to(y=self.line_for(top), animate=False, immediate=True)

    def line_for(self, offset: int) -> int:
        """The line holding the article offset ``offset``."""
        if not self._lines:
            return 0
        return max(0, bisect_right(self._offsets, offset) - 1)

    def top_offset(self) -> int:
        """The article offset of the first line in view: the reading position."""
        if not self._lines:
            return 0
        index = min(int(self.scroll_offset.y), len(self._lines) - 1)
        return self._lines[index].offset

    def _base_style(self) -> Style:
        """The widget's own style, worked out once (not for every line of every frame)."""
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._styles.clear()
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        # the width and scroll offset, once for the lines of a frame rather than for each
        self._frame = (self.scrollable_content_region.width, int(self.scroll_offset.y))
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None
            if self._when_drawn and self.drawn:  # after this frame is written (same call)
                for callback in self._when_drawn:
                    self.call_next(callback)
                self._when_drawn.clear()

    def render_line(self, y: int) -> Strip:
        if self._frame is not None:
            width, top = self._frame
        else:
            width, top = self.scrollable_content_region.width, int(self.scroll_offset.y)
        index = top + y
        base = self._base_style()
        if self.opened is None:
            if y == 1:
                hint = Text(
                    "  " + _("Choose an article in the list and press Enter."),
                    self._style("reader--hint"),
                    end="",
                )
                hint.truncate(width, overflow="ellipsis")
                return (
                    Strip(list(hint.render(self.app.console)))
                    .extend_cell_length(width, base)
                    .apply_style(base)
                )
            return Strip.blank(width, base)
        if index >= len(self._lines):
            return Strip.blank(width, base)
        current_line = (
            self._match_lines[self._current_match]
            if 0 <= self._current_match < len(self._match_lines)
            else -1
        )
        cached = self._strips.get(index)
        if cached is not None and index != current_line:
            return cached
        line = self._lines[index]
        if not line.block.spans and index != current_line:  # no highlight: no Text needed
            strip = self._plain_strip(line, width, base)
            self._strips[index] = strip
            return strip
        text = Text("  ", end="")
        if line.indent:
            text.append(line.indent, line.indent_style or Style())
        body = line.text
        if index == current_line:
            start, end = self._matches[self._current_match]
            local_start, local_end = start - line.offset, end - line.offset
            body.stylize(self._style("reader--current-match"), max(0, local_start), local_end)
        text.append_text(body)
        strip = line_strip(text, width, base, self.app.console)
        if index != current_line:
            self._strips[index] = strip
        return strip

    def _plain_strip(self, line: Line, width: int, base: Style) -> Strip:
        """A line without highlights, made straight into segments (as ``Text`` would)."""
        block = line.block
        plain = block.plain[line.start : line.end].rstrip()
        style = block.style
        if isinstance(style, str):
            style = self.app.console.get_style(style) if style else Style.null()
        segments = [Segment("  ")]
        cells = 2 + cell_len(plain)
        if line.indent:
            segments.append(Segment(line.indent, line.indent_style))
            cells += cell_len(line.indent)
        segments.append(Segment(plain, style))
        if cells > width:
            return Strip(segments).crop(0, width).apply_style(base)
        if cells < width:
            segments.append(Segment(" " * (width - cells)))
        return Strip(Segment.apply_style(segments, base), width)

    # moving ------------------------------------------------------------------------------

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._schedule_save()

    def _schedule_save(self) -> None:
        if self.opened is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()  # type: ignore[attr-defined]
        self._save_timer = self.set_timer(0.4, self._save_position)

    def _save_position(self) -> None:
        self._save_timer = None
        if self.opened is None:
            return
        position = self.top_offset()
        if position != self._last_saved:
            self._last_saved = position
            self.post_message(self.PositionChanged(self.opened.article.id, position))

    @property
    def match_count(self) -> int:
        return len(self._match_lines)

    def jump_to_match(self, index: int) -> None:
        if not self._match_lines:
            return
        self._current_match = index % len(self._match_lines)
        line = self._match_lines[self._current_match]
        self.scroll_to(y=max(0, line - self.size.height // 3), animate=False, immediate=True)
        self.refresh()

    def action_next(self) -> None:
        if self._match_lines:
            self.jump_to_match(self._current_match + 1)
        else:
            self.post_message(self.NextArticle())

    def action_previous_match(self) -> None:
        if self._match_lines:
            self.jump_to_match(self._current_match - 1)

    def action_next_article(self) -> None:
        self.post_message(self.NextArticle())

    def action_previous_article(self) -> None:
        self.post_message(self.PreviousArticle())

    def action_clear_highlights(self) -> None:
        """Esc: the highlights go, or, with none shown, back to the list."""
        if not self.clear_highlights():
            self.post_message(self.Left())
