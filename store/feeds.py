"""RSS and Atom feeds to their items' fields (feedparser), and what a file's first bytes say it
is (``sniff_kind``).

feedparser reads RSS 0.9x, 1.0 and 2.0 and Atom, in whatever encoding the feed declares. It is
given the bytes as a stream, so it never opens a file or an address named by them, and its XML
parser does not load external entities or DTDs: reading a feed fetches nothing. The HTML of an
item's content is reduced to text by ``store.page.html_to_text``; ``store.parse`` makes each
item an article by the article rules. feedparser is loaded by the first feed read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from .page import html_to_text
from .text import clean

FEED_ROOTS = frozenset({"rss", "feed", "rdf"})  # RSS 2.0 and 0.9x, Atom, RSS 1.0 (rdf:RDF)
_HTML_ROOTS = frozenset(
    "html head body meta title link div article main section header p h1 table".split()
)
_SNIFF = 65536
# what may stand before the root element: a declaration, comments, a doctype, white space
_PROLOG = re.compile(
    r"\s*(?:<\?[^>]{0,2000}\?>|<!--.{0,20000}?-->|<!DOCTYPE(?:[^<>\[]|\[[^\]]{0,20000}\]){0,2000}>)",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]{0,100})")


class NotAFeed(Exception):
    """Bytes that are not an RSS or Atom feed; the message says what they are."""


@dataclass
class FeedItem:
    """One item of a feed, as plain fields (None or empty: not given). ``text`` is its content
    reduced to text, paragraphs separated by a blank line; ``lede`` its summary when the
    content does not hold it; ``date`` ISO (``YYYY-MM-DD``), the day where it was written."""

    title: str | None
    url: str | None
    date: str | None
    author: str | None
    text: str
    lede: str | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None


@dataclass
class Feed:
    """A feed's items that hold text, its title (the outlet's name, as the feed gives it), and
    a line for each item that could not be read (``"item 3: no text"``)."""

    outlet: str | None
    items: list[FeedItem]
    problems: list[str]


def _head_text(data: bytes) -> str:
    """The start of the bytes as text enough to read tag names (UTF-16 by its mark)."""
    head = data[:_SNIFF]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore")
    return head.decode("latin-1").removeprefix("\xef\xbb\xbf")


def xml_root(data: bytes) -> tuple[bool, str | None]:
    """(whether the bytes start like markup, the name of their first element, lowercased and
    without its namespace prefix: ``rss``, ``feed``, ``rdf``, ``urlset``, ``html``; None if not
    found near the start)."""
    text = _head_text(data)
    at = 0
    while True:
        match = _PROLOG.match(text, at)
        if not match or match.end() == at:
            break
        at = match.end()
    rest = text[at:].lstrip()
    if not rest.startswith("<"):
        return False, None
    root = _ROOT.match(rest)
    if not root:
        return True, None
    return True, root.group(1).lower().rsplit(":", 1)[-1]


def sniff_kind(data: bytes) -> str | None:
    """What the bytes are, by how they start: ``"feed"`` for XML (an RSS or Atom feed, or
    another XML document that reading it as a feed rejects with its reason), ``"html"`` for an
    HTML page (XHTML included), None for anything else (text)."""
    text = _head_text(data[:2048]).lstrip()
    starts_xml = text[:5].lower() == "<?xml"
    markup, root = xml_root(data)
    if not markup:
        return None
    if root == "html" or text[:14].lower() == "<!doctype html":
        return "html"
    if starts_xml or root in FEED_ROOTS:
        return "feed"
    if root in _HTML_ROOTS:
        return "html"
    return None


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(clean(value).split()) or None


def _day(entry: Any) -> str | None:
    """The item's date as it was written (its own time zone's day), else feedparser's (UTC)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        raw = raw.strip()
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _text_of(detail: Any, value: Any) -> str:
    """A feed text as plain text: HTML (by its declared type, or by its look) reduced."""
    if not isinstance(value, str) or not value.strip():
        return ""
    kind = (detail or {}).get("type", "") if isinstance(detail, dict) else ""
    if "html" in kind or "<" in value:
        return html_to_text(value)
    return "\n\n".join(p for p in (_one_line(x) for x in clean(value).split("\n\n")) if p)


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail")
    name = _one_line(detail.get("name")) if isinstance(detail, dict) else None
    name = name or _one_line(entry.get("author"))
    if name and "@" in name and "(" in name and name.endswith(")"):  # "a@b.vn (Tên)"
        name = name[name.index("(") + 1 : -1].strip() or None
    if name and "@" in name and " " not in name:
        return None  # an address alone is no name
    return name


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _link(value: Any, base: str | None) -> str | None:
    """An item's address: as given when it is whole (http or https), made whole against the
    feed's own address when it is given relative to it (``/tin/a.html``), kept relative when
    the feed gives no whole address (a feed fetched by its address is then its base); any
    other scheme (``javascript:``, ``file:``) is no address of an article."""
    link = _one_line(value)
    if not link or link.startswith(("http://", "https://")):
        return link
    if ":" in link.split("/", 1)[0]:
        return None  # another scheme
    if base and base.startswith(("http://", "https://")):
        return urljoin(base, link)
    return link


def _item(entry: Any, base: str | None = None) -> FeedItem:
    title = _one_line(
        html_to_text(entry.get("title", ""))
        if "<" in entry.get("title", "")
        else entry.get("title")
    )
    contents = [c for c in entry.get("content", []) if isinstance(c, dict)]
    content = max((_text_of(c, c.get("value")) for c in contents), key=len, default="")
    summary = _text_of(entry.get("summary_detail"), entry.get("summary"))
    lede = None
    if content and summary:
        start = _fold(summary).rstrip(".… ")
        shortened = summary.rstrip().endswith(("...", "…", "[…]", "[...]"))
        if start and start[:200] not in _fold(content) and not shortened:
            lede = " ".join(summary.split())
    tags: list[str] = []
    section = None
    for tag in entry.get("tags", []) or []:
        if not isinstance(tag, dict):
            continue
        term = _one_line(tag.get("term")) or _one_line(tag.get("label"))
        if not term:
            continue
        if "section" in (tag.get("scheme") or "").lower() and section is None:
            section = term
        elif term.casefold() not in {t.casefold() for t in tags}:
            tags.append(term)
    return FeedItem(
        title=title,
        url=_link(entry.get("link"), base),
        date=_day(entry),
        author=_author(entry),
        text=content or summary,
        lede=lede,
        tags=tags,
        section=section,
    )


def read_feed(data: bytes, base: str | None = None) -> Feed:
    """The items of an RSS or Atom feed's bytes; an item's link given relative is made whole
    against ``base`` (the address the feed was fetched from), else the feed's own link.
    ``NotAFeed`` says why bytes are not a feed (``"XML, but not an RSS or Atom feed (root
    <urlset>)"``)."""
    markup, root = xml_root(data)
    if not markup:
        raise NotAFeed("not an RSS or Atom feed (it does not start like XML)")
    if root is None:
        raise NotAFeed("XML, but not an RSS or Atom feed (no root element found)")
    if root not in FEED_ROOTS:
        raise NotAFeed(f"XML, but not an RSS or Atom feed (root <{root}>)")
    import feedparser

    # a stream: feedparser then neither opens a file nor fetches an address the bytes name;
    # its sanitizer is not needed, the HTML is reduced to text here (scripts and styles out)
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        reason = parsed.get("bozo_exception")
        why = f": {_one_line(str(reason))[:120]}" if reason and _one_line(str(reason)) else ""  # type: ignore[index]
        raise NotAFeed(f"not a readable RSS or Atom feed{why}")
    channel = parsed.get("feed") or {}
    outlet = _one_line(channel.get("title"))
    if outlet:
        outlet = re.sub(r"\s*[-|:]?\s*RSS(?: feed)?$", "", outlet, flags=re.IGNORECASE) or outlet
    items: list[FeedItem] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        try:
            item = _item(entry, base or _one_line(channel.get("link")))
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:
            problems.append(f"item {number}: could not be read ({type(exc).__name__})")
            continue
        if not item.text.strip() and not item.lede:
            label = f" ({item.title[:60]})" if item.title else ""
            problems.append(f"item {number}{label}: no text")
            continue
        items.append(item)
    if not entries:
        raise NotAFeed("a feed with no items")
    return Feed(outlet=outlet, items=items, problems=problems)
