"""One file's bytes to its articles, read by the file's kind (its suffix): records (JSON, JSON
lines, CSV: ``store.records``), HTML and Markdown (``store.parse``), and text, a dump of many
articles split (``store.dump``). ``parse_bytes`` is the entry of every file an import reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from .dump import text_articles
from .kinds import MAX_READ
from .parse import Article, Articles, Rejected, decode, parse_html, parse_markdown
from .records import read_csv, read_json
from .text import clean

_JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
_CSV_SUFFIXES = frozenset({".csv", ".tsv"})


def parse_bytes(
    data: bytes, source: str, *, field_map: Mapping[str, str] | None = None
) -> Articles:
    """Every article in one file's bytes; raises Rejected with the reason when there is none.

    The result is a list of articles; its ``problems`` name the records of a JSON (lines) or
    CSV file that could not be read when others could, its ``notes`` the keys its records
    held that no field took. ``field_map``: the key each field is read from first in a
    record (``store.records``).
    """
    try:
        return _parse_bytes(data, source, field_map)
    except Rejected:
        raise
    except RecursionError:
        raise Rejected("nested too deeply to read") from None
    except Exception as exc:  # a bug here must still give a reason, never a crash
        raise Rejected(f"could not be read ({type(exc).__name__}: {exc})") from exc


def _parse_bytes(data: bytes, source: str, field_map: Mapping[str, str] | None) -> Articles:
    if len(data) > MAX_READ:
        limit = MAX_READ // (1024 * 1024)
        raise Rejected(f"too large ({len(data) // (1024 * 1024)} MB; the limit is {limit} MB)")
    if not data:
        raise Rejected("empty file")
    if not data.strip():
        raise Rejected("empty file (only whitespace)")
    text = decode(data)
    suffix = PurePath(source).suffix.lower()
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
