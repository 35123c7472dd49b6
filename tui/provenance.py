"""Where an article came from, as the reader shows it and as ``y`` copies it: the page's
address shortened to a width, a header line fitted to a width (its least useful parts left
out first, then cut with ``…``), and a plain-text citation.

Everything here is plain text made from untrusted fields: control characters are made
visible (``store.text.printable``), nothing is ever read as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from rich.cells import cell_len

from store.text import printable

from .i18n import _, day_date

if TYPE_CHECKING:
    from store.kinds import StoredArticle

ELLIPSIS = "…"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_WWW = re.compile(r"^www\d?\.", re.IGNORECASE)


def one_line(text: str | None) -> str:
    """A field as one line a terminal can show: spaces collapsed, controls made visible."""
    return printable(" ".join((text or "").split()))


def display_address(url: str) -> str:
    """The address as a reader wants to see it: no scheme, no ``www.``, no fragment, no
    trailing ``/``, percent-escapes decoded (``%C4%91`` is ``đ``)."""
    text = one_line(url)
    text = _WWW.sub("", _SCHEME.sub("", text))
    text = text.split("#", 1)[0].rstrip("/")
    return one_line(unquote(text, errors="replace"))  # a decoded escape may be a control


def head(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells, ending in ``…`` when cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 0:
        return ""
    return _take(text, cells - 1).rstrip() + ELLIPSIS


def _take(text: str, cells: int, from_end: bool = False) -> str:
    """The longest start (or end) of ``text`` that fits in ``cells`` cells."""
    taken: list[str] = []
    used = 0
    for char in reversed(text) if from_end else text:
        size = cell_len(char)
        if used + size > cells:
            break
        taken.append(char)
        used += size
    return "".join(reversed(taken) if from_end else taken)


def _middle(name: str, cells: int) -> str:
    """The last part of an address cut in its middle to ``cells`` cells: its first words and
    its end (an article's number and ``.html``) kept, ``bat-giu-…-4712345.html``."""
    if cell_len(name) <= cells:
        return name
    keep = cells - 1
    tail_cells = keep // 2
    cut = max(name.rfind("-"), name.rfind("_"))
    if cut > 0 and cell_len(name[cut:]) <= keep - 4:  # the whole end after the last word
        tail_cells = max(tail_cells, cell_len(name[cut:]))
    tail = _take(name, tail_cells, from_end=True)
    start = _take(name, keep - cell_len(tail))
    word = max(start.rfind("-"), start.rfind("_"))
    if word >= len(start) // 2:  # end the start on a word's end, not half way into one
        start = start[: word + 1]
    word = min((i for i in (tail.find("-"), tail.find("_")) if i >= 0), default=-1)
    if 0 < word <= len(tail) // 2:  # and begin the end on a word's start
        tail = tail[word:]
    return start + ELLIPSIS + tail


def short_address(url: str, width: int) -> str:
    """The address (``display_address``) in at most ``width`` cells: whole when it fits, else
    its site and last part with the folders between left out (``vnexpress.net/…/x.html``),
    then the last part cut in its middle, then the whole cut at its end."""
    text = display_address(url)
    if cell_len(text) <= width:
        return text
    site, _slash, path = text.partition("/")
    parts = [part for part in path.split("/") if part]
    if not parts:
        return head(text, width)
    last = parts[-1]
    tries = []
    if len(parts) > 2:
        tries.append(f"{site}/{parts[0]}/{ELLIPSIS}/{last}")
    if len(parts) > 1:
        tries.append(f"{site}/{ELLIPSIS}/{last}")
    for attempt in tries:
        if cell_len(attempt) <= width:
            return attempt
    before = f"{site}/{ELLIPSIS}/" if len(parts) > 1 else f"{site}/"
    room = width - cell_len(before)
    if room >= 12:
        return before + _middle(last, room)
    return head(text, width)


@dataclass(frozen=True)
class Part:
    """A piece of a header line: its text, how long it is kept when room is short (the
    lowest ``rank`` goes first), what stands before it, and a shorter form (``short``) it
    takes, keeping its place, when the lowest rank left is ``short_rank``."""

    text: str
    rank: int
    joint: str = " · "
    short: str = ""
    short_rank: int = 0


def fit_line(parts: list[Part], width: int) -> str:
    """The parts joined on one line of at most ``width`` cells. A part longer than two
    thirds of the line is cut (not the first-ranked, the highest); then, while the line is
    too long and cutting its end would not leave half of its last part (and 12 cells at
    least) showing, the lowest-ranked part is left out or takes its short form, whichever
    ranks lower (the first-ranked is never left out); then the line is cut with ``…``."""
    given = [part for part in parts if part.text]
    if not given:
        return ""
    best = max(part.rank for part in given)
    most = max(12, width * 2 // 3)
    kept = [
        p if p.rank == best else Part(head(p.text, most), p.rank, p.joint, p.short, p.short_rank)
        for p in given
    ]

    line = _joined(kept)
    while cell_len(line) > width:
        last = kept[-1]
        room = width - cell_len(_joined(kept[:-1]) + last.joint)
        if len(kept) > 1 and room >= max(12, cell_len(last.text) // 2):
            break  # enough of the last part shows: it is cut rather than anything left out
        lowest = min((p for p in kept if p.rank < best), key=lambda p: p.rank, default=None)
        shorter = min((p for p in kept if p.short), key=lambda p: p.short_rank, default=None)
        if shorter is not None and (lowest is None or shorter.short_rank < lowest.rank):
            kept[kept.index(shorter)] = Part(shorter.short, shorter.rank, shorter.joint)
        elif lowest is None:
            break
        else:
            kept.remove(lowest)
        line = _joined(kept)
    return head(line, width)


def _joined(parts: list[Part]) -> str:
    return "".join((part.joint if i else "") + part.text for i, part in enumerate(parts))


def fit_lines(parts: list[Part], width: int, lines: int = 2) -> list[str]:
    """The parts on one line when they fit whole (or ``lines`` is 1: ``fit_line``), else on
    two: the first holds the parts that fit whole, in their order, the second the rest,
    fitted (``fit_line``). Never more than two lines, each at most ``width`` cells."""
    given = [part for part in parts if part.text]
    if lines < 2 or cell_len(_joined(given)) <= width:
        return [fit_line(given, width)] if given else []
    first: list[Part] = []
    for part in given:
        if cell_len(_joined([*first, part])) > width:
            break
        first.append(part)
    if not first:
        return [fit_line(given, width)]
    return [_joined(first), fit_line(given[len(first) :], width)]


def _sentence(text: str) -> str:
    """``text`` ending as a sentence does (a period added unless it ends in one)."""
    return text if not text or text[-1] in ".?!…" else text + "."


def citation(article: StoredArticle) -> str:
    """A plain-text citation of the article: author (when known), title, outlet (with its
    credit), date in the UI language, and the address, or the file it was read from when it
    has none. ``Hồ Hương. Hội nghị SOMTC 21. Báo Tin tức, 2 June 2021. https://…``"""
    pieces = []
    author = one_line(article.author)
    if author:
        pieces.append(_sentence(author))
    pieces.append(_sentence(one_line(article.title)))
    outlet = one_line(article.outlet)
    credit = one_line(article.credit)
    if credit and credit != outlet:
        outlet = f"{outlet} ({credit})" if outlet else credit
    where = ", ".join(text for text in (outlet, day_date(article.date)) if text)
    if where:
        pieces.append(_sentence(where))
    url = one_line(article.url).replace(" ", "%20")
    if url:
        pieces.append(url)
    elif article.source:
        pieces.append(_("File: {source}").format(source=one_line(article.source)))
    return " ".join(pieces)
