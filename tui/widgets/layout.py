"""The reader's layout: an article as blocks of text (title, lede, paragraphs, captions), each
wrapped into lines by terminal cells, and a line drawn as one ``Strip``.

Kept apart from the widget (``tui.widgets.reader``), which decides what to lay out and when, so
that wrapping can be measured and tested without an app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.strip import Strip

_WORD = re.compile(r"\S+\s*")


@dataclass
class Block:
    kind: str  # title, meta, address, lede, para, caption, gap
    plain: str  # printable: no control character
    style: Style | str
    start: int  # offset of the block in the whole article
    spans: list[Span]  # highlights
    # a block drawn as lines made for the width (the header's): not wrapped; its ``plain``
    # still counts its length, so offsets do not change with the width
    fit: Callable[[int], list[str]] | None = None


class Line:
    """One line of the layout: a stretch of a block's text, made into ``Text`` only when drawn."""

    __slots__ = ("block", "start", "end", "offset", "indent", "indent_style", "shown")

    def __init__(
        self,
        block: Block,
        start: int,
        end: int,
        offset: int,
        indent: str = "",
        indent_style: Style | None = None,
        shown: str | None = None,
    ) -> None:
        self.block = block
        self.start, self.end = start, end  # in the block's text; trailing spaces not drawn
        self.offset = offset  # article offset of the line's first character
        self.indent, self.indent_style = indent, indent_style
        self.shown = shown  # drawn instead of the block's text (a fitted line), when not None

    @property
    def plain(self) -> str:
        """What the line draws, right-stripped."""
        if self.shown is not None:
            return self.shown.rstrip()
        return self.block.plain[self.start : self.end].rstrip()

    @property
    def text(self) -> Text:
        """The line's text with its part of the block's styles (highlights), right-stripped."""
        block, start = self.block, self.start
        plain = self.plain
        text = Text(plain, block.style, end="")
        if self.shown is not None:  # a fitted line: no highlight of the block's text
            return text
        end = start + len(plain)
        text.spans = [
            Span(max(span.start, start) - start, min(span.end, end) - start, span.style)
            for span in block.spans
            if span.end > start and span.start < end
        ]
        return text


SINGLE_CELL_RANGES = (
    (0x21, 0x7E),  # ASCII
    (0xA1, 0x2FF),  # Latin-1 and Latin extended
    (0x370, 0x482),  # Greek, Cyrillic
    (0x1E00, 0x1EFF),  # Latin extended additional: the Vietnamese letters with two marks
    (0x2010, 0x2027),  # dashes, quotes, ellipsis
    (0x2030, 0x205E),
    (0x20A0, 0x20C0),  # currency signs (₫)
)


# a character outside those ranges (spaces aside): the text is measured cell by cell
_NOT_SINGLE_CELL = re.compile(
    "[^ " + "".join(f"{chr(low)}-{chr(high)}" for low, high in SINGLE_CELL_RANGES) + "]"
)


_NOT_SPACE = re.compile(r"[^ ]")


def wrap_starts(plain: str, width: int) -> list[int]:
    """Start offsets of the lines ``plain`` wraps into at ``width`` cells (words kept whole
    unless longer than a line)."""
    width = max(1, width)
    if _NOT_SINGLE_CELL.search(plain) is None:
        return wrap_single_cells(plain, width)
    return wrap_by_words(plain, width)


def wrap_by_words(plain: str, width: int) -> list[int]:
    """``wrap_starts`` for any text: word by word, measuring cells."""
    starts = [0]
    column = 0
    for match in _WORD.finditer(plain):
        word = match.group()
        word_cells = cell_len(word.rstrip())
        if column and column + word_cells > width:
            starts.append(match.start())
            column = 0
        if word_cells > width:  # a word longer than a line: cut it by cells
            position = match.start()
            cells = 0
            for i, char in enumerate(word.rstrip()):
                char_cells = cell_len(char)
                if cells + char_cells > width:
                    starts.append(position + i)
                    cells = 0
                cells += char_cells
            column = cells + (len(word) - len(word.rstrip()))
            continue
        column += cell_len(word)
    return starts


def wrap_single_cells(plain: str, width: int) -> list[int]:
    """``wrap_starts`` for text of one-cell characters and plain spaces (nearly every article):
    a line's cells are its characters, so each line is found by a jump, not word by word."""
    starts = [0]
    first = _NOT_SPACE.search(plain)
    if first is None:
        return starts
    line = first.start()  # leading spaces take no room, as in the general case
    size = len(plain)
    while line + width < size:
        limit = line + width  # the first character past the line
        if plain[limit] == " ":  # the line ends in spaces: the next word starts a line
            word = _NOT_SPACE.search(plain, limit)
            if word is None:
                break
            line = word.start()
        else:  # the word across the limit starts a line, or is cut there if it is the line
            line = plain.rfind(" ", line, limit) + 1 or limit
        starts.append(line)
    return starts


def line_strip(text: Text, width: int, base: Style, console: Console) -> Strip:
    """``text`` drawn on a line of ``width`` cells in the style ``base``: one Strip made, where
    padding, cropping and styling one after the other would make three more."""
    cells = text.cell_len
    if cells > width:
        return Strip(list(text.render(console))).crop(0, width).apply_style(base)
    segments = list(text.render(console))
    if cells < width:
        segments.append(Segment(" " * (width - cells)))
    return Strip(Segment.apply_style(segments, base), width)
