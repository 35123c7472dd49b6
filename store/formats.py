"""One file's bytes to its articles, read by the file's kind (its suffix): records (JSON, JSON
lines, CSV: ``store.records``), HTML pages (``store.page``), RSS and Atom feeds
(``store.feeds``), Markdown, and text, a dump of many articles split (``store.dump``).
``parse_bytes`` is the entry of every file an import reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from .dump import text_articles
from .kinds import FEED_SUFFIXES, MAX_READ
from .parse import Article, Articles, Rejected, decode, parse_feed, parse_html, parse_markdown
from .records import read_csv, read_json
from .text import clean

_JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
_CSV_SUFFIXES = frozenset({".csv", ".tsv"})
_KNOWN_SUFFIXES = (
    _JSON_SUFFIXES | _CSV_SUFFIXES | {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"}
)


def parse_bytes(
    data: bytes,
    source: str,
    *,
    field_map: Mapping[str, str] | None = None,
    base: str | None = None,
) -> Articles:
    """Every article in one file's bytes; raises Rejected with the reason when there is none.

    The format is the one ``source``'s suffix names (``page.html``, ``feed.xml``, ``a.txt``);
    bytes that start like XML are read as a feed whatever the name (and rejected with the
    reason when they are not one), and a name without a known suffix (an address's) is read as
    a page when the bytes start like one (``store.feeds.sniff_kind``). The result is a list of
    articles; its ``problems`` name the records of a JSON (lines) or CSV file, or the items of
    a feed, that could not be read when others could, its ``notes`` the keys its records
    held that no field took. ``field_map``: the key each field is read from first in a
    record (``store.records``). ``base``: the address the bytes were fetched from, which a
    feed's item links given relative to it are made whole against.
    """
    try:
        return _parse_bytes(data, source, field_map, base)
    except Rejected:
        raise
    except RecursionError:
        raise Rejected("nested too deeply to read") from None
    except Exception as exc:  # a bug here must still give a reason, never a crash
        raise Rejected(f"could not be read ({type(exc).__name__}: {exc})") from exc


def _parse_bytes(
    data: bytes, source: str, field_map: Mapping[str, str] | None, base: str | None
) -> Articles:
    if len(data) > MAX_READ:
        limit = MAX_READ // (1024 * 1024)
        raise Rejected(f"too large ({len(data) // (1024 * 1024)} MB; the limit is {limit} MB)")
    if not data:
        raise Rejected("empty file")
    if not data.strip():
        raise Rejected("empty file (only whitespace)")
    suffix = PurePath(source).suffix.lower()
    if suffix not in _JSON_SUFFIXES and suffix not in _CSV_SUFFIXES:
        from .feeds import sniff_kind

        kind = sniff_kind(data)
        if suffix in FEED_SUFFIXES and kind != "html" or kind == "feed":
            # the feed's own encoding, read by feedparser
            return parse_feed(data, " ".join(clean(PurePath(source).name).split()), base)
        if kind == "html" and suffix not in _KNOWN_SUFFIXES:
            suffix = ".html"  # an address's name, or a file without a suffix: read by its look
    text = decode(data)
    is_records = suffix in _JSON_SUFFIXES or suffix in _CSV_SUFFIXES  # cleaned a record at a time
    cleaned = clean(text) if len(text) < 65536 or not is_records else ""
    if len(text) < 65536 and not cleaned.strip():
        raise Rejected("empty file (only whitespace or invisible characters)")
    # the article's source label: a file name can hold escapes and controls too
    name = " ".join(clean(PurePath(source).name).split())
    if suffix in _JSON_SUFFIXES:
        return read_json(text.lstrip("\ufeff"), name, lines=suffix != ".json", field_map=field_map)
    if suffix in _CSV_SUFFIXES:
        return read_csv(text, name, suffix=suffix, field_map=field_map)
    del text  # a large file is held once
    articles: list[Article]
    if suffix in {".html", ".htm", ".xhtml"}:
        articles = parse_html(cleaned, name)
    elif suffix in {".md", ".markdown"}:
        articles = parse_markdown(cleaned, name)
    else:
        articles = text_articles(cleaned, name, cleaned=True)
    if not articles:
        raise Rejected("no article text in it")
    return Articles(articles)
