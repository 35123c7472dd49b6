"""The reader: one article laid out in lines (line API), matches highlighted, position kept.

The article is untrusted text: it is only ever drawn as plain strings (in segments and
``rich.text.Text`` objects), never parsed as markup. Positions are kept as character offsets
into the article, so they survive a resize (which re-wraps the lines) and a restart.

Stepping through the matches and the find in the article are here, not apart, because they
are the reader's own state (its blocks, lines and scroll); that makes the module longer than
500 lines. The line under the reader and the find's prompt are ``tui.widgets.reader_pane``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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
from store.search import Highlighter, parse_query
from store.text import printable

from .. import bindings as keys
from ..data import OpenedArticle
from ..i18n import _, long_date, ngettext, number, short_date
from ..messages import message
from ..provenance import Part, display_address, fit_line, fit_lines, one_line, short_address
from .layout import Block, Line, line_strip, wrap_starts
from .scrollbar import QuickScrollBars

WORDS_PER_MINUTE = 200
MAX_TEXT_WIDTH = 96


def _text(plain: str) -> str:
    """Article text as drawn: never markup, and no control character reaches the terminal."""
    return printable(plain)


FOUND_IN = ("title", "lede", "para", "caption")  # the blocks a find looks in (not the meta line)


def finder(text: str) -> Highlighter | None:
    """What a find in the article looks for: the words typed, in order, as one phrase (the
    string a reader of less or vim types), found by the search's rules: a word without marks
    matches every marked form, marks typed are marks meant, tone placement and case do not
    matter, a trailing ``*`` makes the last word a prefix. None when ``text`` holds no word."""
    terms = parse_query(text).terms
    words = [word for term in terms for word in term.words]
    if not words:
        return None
    star = "*" if terms[-1].prefix else ""
    return Highlighter(parse_query('"' + " ".join(words) + star + '"'))


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

    class FindWanted(Message):
        """/: find words in the article (the prompt is the reader pane's)."""

    @message
    class StatusChanged(Message):
        """What the line under the reader says now ("": nothing to say, no line)."""

        text: str

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
        self._wrapped = 0  # the last step wrapped: +1 past the last match, -1 past the first
        self._finder: Highlighter | None = None  # the find in the article, when one is lit
        self._find_text = ""
        self._last_find = ""
        self.finding = False  # the find's prompt is open: what is typed is lit as it comes
        self._find_origin = 0  # where the prompt was opened (an article offset)
        self._find_before = ""  # the find lit when the prompt was opened
        self._note = ""  # a word for the status line until the next move (not found)
        self._said = ""
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
        self._finder, self._find_text = None, ""  # a find is the open article's
        if self.finding:  # its prompt closes (the line under the reader hears it)
            self.finding, self._said = False, "\0"
        self._blocks = self._build_blocks(opened) if opened else []
        self._current_match = -1
        self._wrapped, self._note = 0, ""
        self._rewrap(force=True)
        if opened is None:
            self.scroll_to(y=0, animate=False)
            self._say()
            return
        self._last_saved = opened.position
        if first_match and self._match_lines:
            self.jump_to_match(0)
        else:
            self.scroll_to(y=self.line_for(opened.position), animate=False, immediate=True)
            self._say()

    def clear_highlights(self) -> bool:
        """Esc: every highlight goes, the find's and the search's (or the entity's)."""
        if not self.opened or not (self._matches or self._finder):
            return False
        opened = self.opened
        opened.spans = []
        self._finder, self._find_text = None, ""
        self._relight(self.top_offset())
        return True

    def _relight(self, top: int) -> None:
        """Lay the article out again with the highlights now wanted, ``top`` still in view."""
        if self.opened is None:
            return
        self._blocks = self._build_blocks(self.opened)
        self._current_match = -1
        self._wrapped, self._note = 0, ""
        self._rewrap(force=True)
        self.scroll_to(y=self.line_for(top), animate=False, immediate=True)
        self._say()

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
        self._said = ""  # said again, in the language now chosen
        self._say()

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

        found = self._finder

        def add(
            kind: str,
            plain: str,
            style: Style | str = "",
            spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
        ) -> None:
            nonlocal offset
            size = len(plain)
            if found is not None:  # a find lights its own words, in the text as drawn
                spans = found.spans(plain) if kind in FOUND_IN else []
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
        # the header: one line of who, when and where, and the address under it; without an
        # address, two lines when one is short of room
        meta = self._meta(opened)
        url = article.url.strip() if article.url else ""
        add("meta", fit_line(meta, 10_000), self._style("reader--meta"))
        blocks[-1].fit = lambda width: fit_lines(meta, width, 1 if url else 2)
        if url:
            add("address", display_address(url), self._style("reader--meta"))
            blocks[-1].fit = lambda width: [short_address(url, width)]
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

    def _meta(self, opened: OpenedArticle) -> list[Part]:
        """The line under the title: outlet › section, date, author, credit, reading time,
        the bookmark; when the line is short of room, the reading time goes first, then the
        section, the credit, then the date is written short (``21/06/2023``), then the
        author goes (``tui.provenance.fit_line``)."""
        article = opened.article
        minutes = max(1, round(article.words / WORDS_PER_MINUTE))
        parts = [
            Part(one_line(article.outlet), 8),
            Part(one_line(article.section), 3, " › " if article.outlet else " · "),
            Part(long_date(article.date) or _("No date"), 9, " · ", short_date(article.date), 5),
            Part(one_line(article.author), 6),
            Part(one_line(article.credit), 4),
            Part(ngettext("{n} min read", "{n} min read", minutes).format(n=minutes), 2),
        ]
        if opened.bookmarked:
            parts.append(Part("★ " + one_line(opened.note or _("Bookmarked")), 7))
        return parts

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
            if block.fit is not None:  # header lines: made for the width, never wrapped
                at = 0
                for shown in block.fit(width):
                    start = min(at, len(plain) - 1)
                    lines.append(Line(block, start, len(plain), block.start + start, shown=shown))
                    at += len(shown) + 1
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
        plain = line.plain
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

    @property
    def current_match(self) -> int:
        """The match brought into view last (0 the first), -1 before any."""
        return self._current_match

    def jump_to_match(self, index: int, wrapped: int = 0) -> None:
        if not self._match_lines:
            return
        self._current_match = index % len(self._match_lines)
        self._wrapped, self._note = wrapped, ""
        line = self._match_lines[self._current_match]
        self.scroll_to(y=max(0, line - self.size.height // 3), animate=False, immediate=True)
        self.refresh()
        self._say()

    def step_match(self, step: int) -> None:
        """To the next match (``step`` 1) or the previous (-1), round past either end (and
        said so); before any, or when the view was scrolled away from the last one, from the
        view, as less does: the first at or below its top, or the last above it."""
        count = len(self._match_lines)
        if not count:
            return
        current = self._current_match
        top = int(self.scroll_offset.y)
        if current >= 0 and not top <= self._match_lines[current] < top + self.size.height:
            current = -1
        if current < 0:
            if step > 0:
                index = bisect_left(self._match_lines, top)
            else:
                index = bisect_left(self._match_lines, top) - 1
        else:
            index = current + step
        wrapped = 0 if 0 <= index < count else step
        self.jump_to_match(index % count, wrapped)

    def action_next(self) -> None:
        if self._match_lines:
            self.step_match(+1)
        else:
            self.post_message(self.NextArticle())

    def action_previous_match(self) -> None:
        self.step_match(-1)

    def action_next_article(self) -> None:
        self.post_message(self.NextArticle())

    def action_previous_article(self) -> None:
        self.post_message(self.PreviousArticle())

    def action_clear_highlights(self) -> None:
        """Esc: the highlights go, or, with none shown, back to the list."""
        if not self.clear_highlights():
            self.post_message(self.Left())

    # finding in the article ----------------------------------------------------------------

    def action_find(self) -> None:
        if self.opened is not None:
            self.post_message(self.FindWanted())

    def begin_find(self) -> None:
        """The find's prompt opened: what it lights is found from the top of the view."""
        self.finding = True
        self._find_origin = self.top_offset()
        self._find_before = self._find_text
        self._note = ""
        self._say()

    def find(self, text: str) -> int:
        """Light the words of ``text`` in the article (``finder``) in place of the search's,
        the first at or below where the find began brought into view; "" lights the search's
        again. Returns how many were found."""
        if self.opened is None:
            return 0
        self._finder = finder(text)
        self._find_text = " ".join(printable(text).split()) if self._finder else ""
        self._relight(self._find_origin)
        if self._finder is not None and self._match_lines:
            origin = self.line_for(self._find_origin)
            index = bisect_left(self._match_lines, origin)
            self.jump_to_match(index % len(self._match_lines))
        return len(self._match_lines) if self._finder is not None else 0

    def end_find(self, keep: bool) -> None:
        """The prompt closed: Enter (``keep``) keeps what it found, or the last find if
        nothing was typed (as in less); Esc puts back what was lit before, where it was."""
        if not self.finding:
            return
        self.finding = False
        text = self._find_text or (self._last_find if keep else "")
        if not keep:
            self.find(self._find_before)
            self.scroll_to(y=self.line_for(self._find_origin), animate=False, immediate=True)
            self._say()
            return
        if text and text != self._find_text:
            self.find(text)
        if self._finder is not None and not self._match_lines:  # found nowhere: as before
            self.find(self._find_before)
            self._note = _("«{words}» is not in this article.").format(words=text)
            self._say()
            return
        if text:
            self._last_find = text
        self._say()

    # the status line ----------------------------------------------------------------------

    @property
    def status(self) -> str:
        """What the line under the reader says: the match in view among all (``3/26``), a
        wrap past either end, the find's words; while the prompt is open, how many."""
        if self._note:
            return self._note
        count = len(self._match_lines)
        if self.finding:
            if self._finder is None:
                return ""
            if not count:
                return _("Not found")
            return ngettext("{n} match", "{n} matches", count).format(n=number(count))
        if not count:
            return ""
        if self._current_match < 0:
            text = ngettext("{n} match", "{n} matches", count).format(n=number(count))
        else:  # as vim shows it: the position first, the rest cut first when room is short
            text = f"{number(self._current_match + 1)}/{number(count)}"
        if self._wrapped > 0:
            text += " · " + _("wrapped to the top")
        elif self._wrapped < 0:
            text += " · " + _("wrapped to the bottom")
        if self._finder is not None:
            text += f" · «{self._find_text}»"
        return text

    def _say(self) -> None:
        text = self.status
        if text != self._said:
            self._said = text
            self.post_message(self.StatusChanged(text))
