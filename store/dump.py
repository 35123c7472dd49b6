"""Text files read as articles, a dump of many articles in one file split into them.

A scraper's dump repeats one shape: a separator line between the articles (``---``, ``===``,
``***``), a title line with a date line under it (or over it) at the head of each, or labelled
headers (``Tiêu đề: …``, ``Ngày: …``, ``Nội dung: …``; a file of one labelled article too). A
split is made only when the shape repeats and each piece has an article's head (its title and
date, or its byline at the end): one article with one date, or ``***`` between its parts, is
never cut. Linear: one pass over the lines, each looked at a bounded number of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any

from .parse import (
    URL_LINE,
    Article,
    Rejected,
    is_byline,
    parse_article,
    parse_date,
    split_glued,
    strip_html_leftovers,
)
from .records import key_form, record_to_article
from .text import clean

# a line of three or more of one of these marks, alone: ``---``, ``* * *``, ``=====``
_SEPARATOR = re.compile(r"^[ \t]*([-=*_~#])(?:[ \t]*\1){2,}[ \t]*$")
_LABEL = re.compile(r"^[ \t]*([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2})[ \t]*:[ \t]*(.*)$")
# the labels of a labelled dump, as ``key_form`` gives them, and the record key each is
LABELS: dict[str, str] = {
    **dict.fromkeys(("tiêuđề", "tựađề", "title", "headline"), "title"),
    **dict.fromkeys(("tómtắt", "sapo", "môtả", "summary", "description"), "sapo"),
    **dict.fromkeys(("nộidung", "content", "body", "text"), "body"),
    **dict.fromkeys(("ngày", "ngàyđăng", "ngàyxuấtbản", "thờigian", "date", "published"), "date"),
    **dict.fromkeys(("link", "url", "đườngdẫn", "địachỉ"), "url"),
    **dict.fromkeys(("tácgiả", "author", "by"), "author"),
    **dict.fromkeys(("chuyênmục", "danhmục", "category", "section"), "category"),
    **dict.fromkeys(("từkhóa", "từkhoá", "tags", "keywords"), "tags"),
    **dict.fromkeys(("nguồn", "báo", "site", "outlet"), "site"),
}
_TITLE_FORMS = {form for form, key in LABELS.items() if key == "title"}
_HEAD_LINES = 3  # an article's date stands within its first lines


def _label(line: str) -> tuple[str, str] | None:
    """(record key, value) of a labelled line (``Tiêu đề: …``); None for any other line."""
    if ":" not in line[:40]:
        return None
    match = _LABEL.match(line)
    if match is None:
        return None
    key = LABELS.get(key_form(match.group(1)))
    return (key, match.group(2).strip()) if key else None


def _is_title_label(line: str) -> bool:
    found = _label(line)
    return found is not None and found[0] == "title" and bool(found[1])


def _title_like(line: str) -> bool:
    """A line that can be an article's title: a few words, not a sentence, not a date."""
    if not 2 <= len(line) <= 250 or line.endswith((".", ";", ",", ":")):
        return False
    if not any(c.isalpha() for c in line) or _SEPARATOR.match(line) or URL_LINE.match(line):
        return False
    return len(line.split()) >= 2 and parse_date(line) is None


def _dated_head(lines: list[str]) -> bool:
    """A title line and a date line (either first) at the head of ``lines`` (non-empty)."""
    head = lines[: _HEAD_LINES + 1]
    if head and URL_LINE.match(head[0]):
        head = head[1:]
    if len(head) < 2:
        return False
    if _title_like(head[0]):
        return any(parse_date(line) for line in head[1:_HEAD_LINES])
    return parse_date(head[0]) is not None and _title_like(head[1])


def _has_head(lines: list[str]) -> bool:
    """Whether a piece (its non-empty lines) begins or ends as an article does: a title and a
    date at its head, a labelled title, or a byline as its last line after a title."""
    if not lines:
        return False
    if _dated_head(lines) or _is_title_label(lines[0]):
        return True
    return len(lines) >= 3 and _title_like(lines[0]) and is_byline(lines[-1])


def _by_separators(lines: list[str]) -> list[list[str]] | None:
    """The pieces between separator lines, when there are two or more and each has an
    article's head."""
    if not any(_SEPARATOR.match(line) for line in lines):
        return None
    pieces: list[list[str]] = [[]]
    for line in lines:
        if _SEPARATOR.match(line):
            pieces.append([])
        else:
            pieces[-1].append(line)
    pieces = [p for p in pieces if any(p)]
    if len(pieces) < 2:
        return None
    if not all(_has_head([line for line in p if line]) for p in pieces):
        return None
    return pieces


def _at_starts(lines: list[str], starts: list[int]) -> list[list[str]]:
    return [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def _by_labels(lines: list[str]) -> list[list[str]] | None:
    """The pieces of a labelled dump: each from a ``Tiêu đề:`` line, the first at the top."""
    starts = [i for i, line in enumerate(lines) if line and _is_title_label(line)]
    first = next((i for i, line in enumerate(lines) if line), None)
    if len(starts) < 2 or starts[0] != first:
        return None
    return _at_starts(lines, starts)


def _is_date(line: str) -> bool:
    return len(line) <= 80 and parse_date(line) is not None


_DATE_STARTS = tuple("0123456789TtCcNn")  # a date line's first letter (``parse.parse_date``)


def _may_be_dump(text: str) -> bool:
    """Whether the text holds a separator line, a labelled title or two date lines: a quick
    look at each line's first characters."""
    dates = 0
    for raw in text.split("\n"):
        if len(raw) > 250:
            continue
        line = raw.strip()
        if not line:
            continue
        first = line[0]
        if first in "-=*_~#" and _SEPARATOR.match(line):
            return True
        if ":" in line[:12] and _is_title_label(line):
            return True
        if len(line) <= 80 and first in _DATE_STARTS and parse_date(line) is not None:
            dates += 1
            if dates == 2:
                return True
    return False


def _ends_article(lines: list[str]) -> bool:
    """Whether a piece's last line ends an article: a byline or the end mark ``./.``."""
    last = next((line for line in reversed(lines) if line), "")
    return is_byline(last) or last.endswith("/.")


def _by_dated_heads(lines: list[str]) -> list[list[str]] | None:
    """The pieces of a dump whose articles each open with a title and a date line (the order
    the first article gives): each from such a head, the first at the top, each with text
    under its head; three or more, or each but the last ending as an article does."""
    filled = [i for i, line in enumerate(lines) if line]
    dates = [n for n, i in enumerate(filled) if _is_date(lines[i])]
    if len(dates) < 2:
        return None
    top = 1 if URL_LINE.match(lines[filled[0]]) else 0
    # the date first, then the title (else the title first, the date under it or a line on)
    tries = (0,) if top in dates else (1, 2)
    starts: list[int] = []
    for n in dates:
        for s in (n - back for back in tries):
            head = [lines[j] for j in filled[max(s, 0) : s + _HEAD_LINES + 1]]
            if s >= 0 and _dated_head(head):
                break
        else:
            continue
        at = filled[s]
        if s and URL_LINE.match(lines[filled[s - 1]]):
            at = filled[s - 1]  # the article's address above its title
        if not starts or at > starts[-1]:
            starts.append(at)
    if len(starts) < 2 or starts[0] != filled[0]:
        return None
    pieces = _at_starts(lines, starts)
    if any(sum(1 for line in p if line) < 3 for p in pieces):
        return None  # a head with no text under it: not an article
    if len(pieces) < 3 and not all(_ends_article(p) for p in pieces[:-1]):
        return None  # two heads, the first not ended as an article: a date in its body
    return pieces


def split_dump(text: str) -> list[str]:
    """A text (cleaned) of many articles in one shape, split into them; ``[text]`` when it is
    not such a dump. See the module's docstring for the shapes."""
    if not _may_be_dump(text):
        return [text]
    lines = [line.strip() for line in text.split("\n")]
    pieces = _by_labels(lines) or _by_separators(lines) or _by_dated_heads(lines)
    if pieces is None:
        return [text]
    return ["\n".join(p).strip("\n") for p in pieces]


def _labelled(text: str) -> dict[str, Any] | None:
    """The record of a labelled article (its header's labels, the rest its body); None when
    the text does not open with a labelled title."""
    first = text[:300].lstrip().split("\n", 1)[0]
    if not _is_title_label(first):
        return None
    lines = text.split("\n")
    record: dict[str, Any] = {}
    body: list[str] = []
    at = 0
    while at < len(lines):
        line = lines[at].strip()
        at += 1
        if not line:
            continue
        found = _label(line)
        if found is None or found[0] in record:
            at -= 1
            break
        key, value = found
        if not record and key != "title":
            return None
        if key == "body":
            body.append(value)
            break
        record[key] = value
    if "title" not in record:
        return None
    body.extend(lines[at:])
    record["body"] = "\n".join(body)
    return record


def piece_article(text: str, source: str) -> Article | None:
    """The article of one piece of text (cleaned): a labelled one read as a record, any other
    by ``parse_article``; None when it holds no text."""
    record = _labelled(text)
    if record is not None:
        try:
            return record_to_article(record, source)
        except Rejected:
            pass  # no body under the labels: read as text
    return parse_article(text, source)


def text_articles(text: str, source: str = "", *, cleaned: bool = False) -> list[Article]:
    """The articles of a text file's text: glued articles (``split_glued``) and dumps
    (``split_dump``) split, each piece read by ``piece_article``. ``cleaned``: the text has
    been through ``clean`` already."""
    text = strip_html_leftovers(text if cleaned else clean(text))
    articles: list[Article] = []
    for glued in split_glued(text):
        for piece in split_dump(glued):
            article = piece_article(piece, source)
            if article is not None:
                articles.append(article)
    return articles


class TextPieces:
    """The articles of a large text file given a piece at a time (its text cut before each
    line that ``parse.GLUED_LINE`` matches): what is held is one piece and its articles. They
    are the articles ``text_articles`` gives for the whole file's text (a dump is split within
    each piece, as it is within each glued piece of the whole).

    Iterate once; ``problems`` stays empty (as for any text file). After the last article,
    ``Rejected`` is raised if no piece gave one.
    """

    def __init__(self, pieces: Iterable[str], source: str) -> None:
        self.pieces = pieces
        self.source = " ".join(clean(PurePath(source).name).split())
        self.problems: list[str] = []
        self.notes: list[str] = []  # as ``Articles.notes``

    def __iter__(self) -> Iterator[Article]:
        count = 0
        for piece in self.pieces:
            try:
                articles = text_articles(piece, self.source)
            except RecursionError:
                raise Rejected("nested too deeply to read") from None
            except Exception as exc:  # a bug here must still give a reason, never a crash
                raise Rejected(f"could not be read ({type(exc).__name__}: {exc})") from exc
            count += len(articles)
            yield from articles
        if not count:
            raise Rejected("no article text in it")
