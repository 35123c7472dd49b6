"""Articles from records: a scraper's JSON, JSON lines and CSV, each record an article.

Each field of an article is read from the first of its usual key names (``FIELD_KEYS``) that a
record holds with a value, compared without case, ``_``, ``-`` or spaces (``pubDate`` is
``pub_date``); ``--map FIELD=KEY`` (``field_map``) names a key tried first, dotted for one inside
an object (``meta.author``). HTML in a text field is reduced to its text. Every key a record
holds that gave no field is said once for the file, in ``Articles.notes``
(``"ignored: likes, views"``): nothing is dropped without a word.

The key ``source`` keeps the meaning it had before the other keys were read: the article's label
(shown where its file's name would be).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_tz
from pathlib import PurePath
from typing import Any

from .kinds import MAX_READ
from .parse import (
    Article,
    Articles,
    Rejected,
    html_fragment_text,
    looks_like_html,
    parse_article,
    parse_date,
    strip_html_leftovers,
)
from .text import clean

# The usual key names of each field, in the order they are tried: the first a record holds
# with a value is read. README's "Importing articles" shows this table.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "lede": (
        "sapo",
        "description",
        "summary",
        "lede",
        "lead",
        "abstract",
        "subtitle",
        "excerpt",
    ),
    "body": (
        "body",
        "content",
        "content_html",
        "text",
        "article",
        "article_body",
        "body_html",
        "full_text",
        "maintext",
    ),
    "date": (
        "date",
        "publish_date",
        "published",
        "published_at",
        "pub_date",
        "date_published",
        "date_publish",
        "publication_date",
        "created_at",
        "time",
    ),
    "url": ("url", "link", "canonical_url", "href", "permalink"),
    "author": ("author", "authors", "byline", "creator", "writer"),
    "section": ("category", "section", "categories", "topic"),
    "tags": ("tags", "keywords"),
    "outlet": (
        "site",
        "publisher",
        "source_name",
        "outlet",
        "publication",
        "domain",
        "site_name",
        "source_domain",
    ),
    "credit": ("credit",),
}
LABEL_KEY = "source"  # the article's label, as before the other keys were read
IGNORED_SHOWN = 20  # the unused keys a note names; the rest are counted
# epoch seconds or milliseconds carry no offset: read as the date in Vietnam
EPOCH_ZONE = timezone(timedelta(hours=7))

_KEY_NOISE = re.compile(r"[_\-\s]+")


_FORM_CACHE: dict[str, str] = {}  # the records of a file hold the same keys again and again


def key_form(key: str) -> str:
    """A key as it is compared: lower case, without ``_``, ``-`` or spaces."""
    form = _FORM_CACHE.get(key)
    if form is None:
        if len(_FORM_CACHE) > 10_000:
            _FORM_CACHE.clear()
        form = _FORM_CACHE[key] = _KEY_NOISE.sub("", key).casefold()
    return form


_FORMS = {name: [key_form(k) for k in keys] for name, keys in FIELD_KEYS.items()}


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plain(value: str) -> str:
    """A text field's text, cleaned, with its HTML reduced to text (lines kept)."""
    text = clean(value)
    if looks_like_html(text):
        return html_fragment_text(text)[0]
    return strip_html_leftovers(text)


def _scalar(value: Any) -> str | None:
    """A text or number as one line of clean text; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return _one_line(_plain(str(value)))


def _name(value: Any) -> str | None:
    """A name: text, or an object with a ``name`` (or ``title``)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key_form(str(key)) in ("name", "title", "displayname"):
                return _scalar(inner)
        return None
    return _scalar(value)


def _names(value: Any, split: bool) -> list[str] | None:
    """Names given as a list (of texts or objects with a name), one object, or a text (split
    at commas and semicolons when ``split``); None when it is none of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = _name(item)
        if name is None:
            return None
        parts = re.split(r"\s*[,;]\s*", name) if split and isinstance(item, str) else [name]
        names.extend(p for p in parts if p and p not in names)
    return names


def record_date(value: Any) -> str | None:
    """A record's date as ``YYYY-MM-DD`` (or ``YYYY-MM``): ISO 8601 with or without a time and
    zone, ``01/05/2024 08:30``, RFC 822 (``Wed, 01 May 2024 08:30:00 +0700``), epoch seconds or
    milliseconds. A time with an offset gives the date where it was written; epoch time, the
    date in Vietnam. None when it is no date."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        digits = len(str(int(number)))
        if digits in (12, 13):
            number /= 1000
        elif digits not in (9, 10):
            return parse_date(str(value)) if isinstance(value, str) else None
        try:
            stamp = datetime.fromtimestamp(number, UTC).astimezone(EPOCH_ZONE)
        except (OverflowError, OSError, ValueError):
            return None
        return parse_date(stamp.date().isoformat())
    if not isinstance(value, str):
        return None
    text = _one_line(clean(value))
    found = parse_date(text)
    if found is None and text[:4].isdigit() and "/" in text[4:8]:
        found = parse_date(text.replace("/", "-", 2))  # 2024/05/01
    if found:
        return found
    if "," in text[:12] or text[:2].isdigit():
        parsed = parsedate_tz(text)
        if parsed is not None:
            year, month, day = parsed[:3]
            return parse_date(f"{year:04d}-{month:02d}-{day:02d}")
    return None


@dataclass
class _Fields:
    """What one record gave: each field's value and the keys it was read from."""

    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # field -> key path read
    used: set[tuple[str, ...]] = field(default_factory=set)  # the key paths read
    bad: list[str] = field(default_factory=list)  # keys whose value was not what it names
    bad_for: dict[str, str] = field(default_factory=dict)  # field -> the first such key


def _index(record: dict[Any, Any]) -> dict[str, Any]:
    """The record's keys by their compared form (the first of a form)."""
    index: dict[str, Any] = {}
    for key in record:
        index.setdefault(key_form(str(key)), key)
    return index


def _find(record: dict[Any, Any], path: str) -> tuple[tuple[str, ...], Any] | None:
    """The value at a key name, or a dotted path of them; None when the record has none."""
    if path in record:
        return (path,), record[path]
    here: Any = record
    found: list[str] = []
    for part in path.split("."):
        if not isinstance(here, dict):
            return None
        key = _index(here).get(key_form(part))
        if key is None:
            return None
        found.append(str(key))
        here = here[key]
    return tuple(found), here


class Unread:
    """What the records of one file held and no field took, said once for the file."""

    def __init__(self) -> None:
        self.ignored: set[str] = set()
        self.bad: set[str] = set()
        self.undated: list[str] = []  # dates that could not be read (the first few)
        self.undated_count = 0

    def add(self, record: dict[Any, Any], fields: _Fields) -> None:
        """Note the keys of ``record`` that gave nothing (dotted inside an object read in
        part)."""
        self.bad.update(" ".join(clean(key).split()) for key in fields.bad)
        self._walk(record, (), fields.used)

    def _walk(self, record: dict[Any, Any], prefix: tuple[str, ...], used: set[Any]) -> None:
        for key, value in record.items():
            path = (*prefix, str(key))
            if path in used or _is_empty(value):
                continue
            if isinstance(value, dict) and any(u[: len(path)] == path for u in used):
                self._walk(value, path, used)
            else:
                self.ignored.add(" ".join(clean(".".join(path)).split()))

    def date_not_read(self, text: str) -> None:
        """Note a record's date that ``record_date`` could not read."""
        self.undated_count += 1
        if len(self.undated) < 3:
            self.undated.append(" ".join(clean(text[:40]).split()))

    def notes(self) -> list[str]:
        """``"ignored: likes, views"`` and the like; none when every key gave a field."""
        notes = []
        ignored = sorted(self.ignored - self.bad, key=str.casefold)
        if ignored:
            shown = ", ".join(ignored[:IGNORED_SHOWN])
            more = len(ignored) - IGNORED_SHOWN
            notes.append(f"ignored: {shown}" + (f" and {more} more" if more > 0 else ""))
        if self.bad:
            notes.append(f"not read (not text): {', '.join(sorted(self.bad, key=str.casefold))}")
        if self.undated_count:
            first = ", ".join(f'"{d}"' for d in self.undated)
            notes.append(f"dates not understood in {self.undated_count} records ({first})")
        return notes


_RANKS = {form: (name, rank) for name, forms in _FORMS.items() for rank, form in enumerate(forms)}
_LABEL_FORM = key_form(LABEL_KEY)
_FIELD_ORDER = {name: n for n, name in enumerate(FIELD_KEYS)}


def _read_fields(record: dict[Any, Any], field_map: Mapping[str, str]) -> _Fields:
    """Each field's value from the first key that gives it one (a mapped key first)."""
    fields = _Fields()
    found: dict[str, list[tuple[int, int, Any]]] = {}  # field: (rank, place in record, key)
    for place, (key, value) in enumerate(record.items()):
        if _is_empty(value):
            continue
        form = key_form(str(key))
        if form == _LABEL_FORM:
            readable = _scalar(value) is not None or _name(value) is not None
            if readable and "source" not in fields.values:
                fields.used.add((str(key),))
                fields.values["source"] = value
            continue
        hit = _RANKS.get(form)
        if hit is not None:
            found.setdefault(hit[0], []).append((hit[1], place, key))
    for name in sorted(found.keys() | field_map.keys(), key=_FIELD_ORDER.__getitem__):
        mapped = field_map.get(name)
        candidates: list[tuple[tuple[str, ...], Any]] = []
        if mapped is not None:
            at = _find(record, mapped)
            if at is not None:
                candidates.append(at)
        candidates += [((str(key),), record[key]) for _, _, key in sorted(found.get(name, ()))]
        for path, value in candidates:
            if _is_empty(value) or path in fields.used:
                continue
            read = _READERS[name](value)
            if read is None or read == [] or read == "":
                if read is None:
                    fields.bad.append(".".join(path))
                    fields.bad_for.setdefault(name, ".".join(path))
                continue
            fields.values[name] = read
            fields.keys[name] = ".".join(path)
            fields.used.add(path)
            break
    return fields


def _body(value: Any) -> tuple[str, list[tuple[int, str]]] | None:
    """A body's text (a text, or a list of paragraphs) and the captions of its figures."""
    if isinstance(value, list):
        if not all(isinstance(p, str) or p is None for p in value):
            return None
        value = "\n\n".join(p for p in value if p)
    if not isinstance(value, str):
        return None
    text = clean(value)
    if looks_like_html(text):
        return html_fragment_text(text)
    return strip_html_leftovers(text), []


_READERS: dict[str, Any] = {
    "title": _scalar,
    "lede": _scalar,
    "body": _body,
    "date": lambda v: v if isinstance(v, str | int | float) and not isinstance(v, bool) else None,
    "url": _scalar,
    "author": lambda v: _names(v, split=False),
    "section": lambda v: _names(v, split=False),
    "tags": lambda v: _names(v, split=True),
    "outlet": _name,
    "credit": _scalar,
}


def _same(a: str, b: str) -> bool:
    return _one_line(a).casefold() == _one_line(b).casefold()


def record_to_article(
    record: Any,
    source: str,
    field_map: Mapping[str, str] | None = None,
    unread: Unread | None = None,
) -> Article:
    """One record (a JSON object, a CSV row) to an article; ``Rejected`` with the reason when
    it holds no text. ``source`` is the file's name (the label unless the record gives one);
    ``unread`` collects the keys that gave nothing."""
    if not isinstance(record, dict):
        raise Rejected("not an object")
    fields = _read_fields(record, field_map or {})
    values = fields.values
    if unread is not None:
        unread.add(record, fields)
    body: tuple[str, list[tuple[int, str]]] | None = values.get("body")
    lede: str | None = values.get("lede")
    title: str | None = values.get("title")
    if body is None and lede is None:
        if "body" in fields.bad_for:
            raise Rejected(f'"{fields.bad_for["body"]}" is not text')
        raise Rejected('no text field ("body", "content" …)')
    text, figure_captions = body if body is not None else (lede or "", [])
    article = parse_article(text, "", title_hint=title, structured=True)
    if article is None and body is not None and lede is not None:
        body, figure_captions = None, []  # a body of no words: the lede alone
        article = parse_article(lede, "", title_hint=title, structured=True)
    if article is None:
        key = fields.keys.get("body") or fields.keys.get("lede", "body")
        raise Rejected(f'no text in "{key}"')
    if lede is not None and body is not None:
        _put_lede(article, lede)
    for at, caption in figure_captions:
        article.caption_at.append(max(0, min(at - 1, len(article.paragraphs))))
        article.captions.append(caption)
    label = _scalar(values["source"]) if "source" in values else None
    if label is None and "source" in values and "outlet" not in values:
        outlet = _name(values["source"])  # {"source": {"name": "VnExpress"}}
        if outlet:
            values["outlet"] = outlet
    article.source = label or source
    if "date" in values:
        date = record_date(values["date"])
        if date is None and unread is not None:
            unread.date_not_read(str(values["date"]))
        article.date = date  # the record's own date, or none: never a guess from its text
    else:
        article.date = None
    if "author" in values:
        byline, article.author = article.author, ", ".join(values["author"])
        if byline and byline.casefold() not in article.author.casefold():
            article.paragraphs.append(byline)  # the text's own byline, another name: kept
    article.url = values.get("url") or article.url  # an address line in the text, else none
    article.outlet = values.get("outlet")
    sections: list[str] = values.get("section", [])
    article.section = sections[0] if sections else None
    tags: list[str] = list(values.get("tags", []))
    tags += [s for s in sections[1:] if s not in tags]  # other categories: kept as tags
    article.tags = tags
    # the record's credit, else the one its text ended with ("Theo VOV")
    article.credit = values.get("credit") or article.credit
    return article


def _put_lede(article: Article, lede: str) -> None:
    """The record's lede made the article's, the body's first paragraph kept unless it is the
    lede again (or begins with it: then its rest)."""
    first = article.lede
    if _same(first, lede):
        article.lede = lede
        return
    if _one_line(first).casefold().startswith(_one_line(lede).casefold()):
        rest = _one_line(first)[len(_one_line(lede)) :].strip()
        first = rest
    article.lede = lede
    if first:
        article.paragraphs.insert(0, first)
        article.caption_at = [at + 1 for at in article.caption_at]


# -- JSON and JSON lines ------------------------------------------------------------------------


def _json_records(text: str, lines: bool) -> list[tuple[str, Any, str | None]]:
    """(label, record, problem) for each record, in file order; problem when it is no JSON."""
    if not lines:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                raise Rejected(f"not JSON ({exc.msg} at line {exc.lineno})") from None
            lines = True  # a .json file holding JSON lines
        except ValueError as exc:  # a number of more than 4300 digits
            raise Rejected(f"not readable JSON ({str(exc).split(':')[0]})") from None
        else:
            records = data if isinstance(data, list) else [data]
            return [(f"record {n}", r, None) for n, r in enumerate(records, start=1)]
    found: list[tuple[str, Any, str | None]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            found.append((f"line {number}", *_json_line(line)))
    return found


def _json_line(line: str) -> tuple[Any, str | None]:
    """The record of one line of JSON lines and None, or None and why it is no JSON."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    except ValueError as exc:  # a number of more than 4300 digits
        return None, f"not readable JSON ({str(exc).split(':')[0]})"
    except RecursionError:
        return None, "nested too deeply"


def _articles_of(
    records: Iterable[tuple[str, Any, str | None]],
    source: str,
    field_map: Mapping[str, str] | None,
    problems: list[str] | None = None,
) -> Articles:
    """The articles of (label, record, problem) triples; the file rejected with its records'
    reasons when none gives one."""
    articles: list[Article] = []
    problems = problems if problems is not None else []
    unread = Unread()
    for label, record, problem in records:
        try:
            if problem:
                raise Rejected(problem)
            articles.append(record_to_article(record, source, field_map, unread))
        except Rejected as exc:
            problems.append(f"{label}: {exc}")
    if not articles:
        raise Rejected(_no_good_record(problems))
    result = Articles(articles, problems)
    result.notes = unread.notes()
    return result


def read_json(
    text: str, source: str, *, lines: bool, field_map: Mapping[str, str] | None = None
) -> Articles:
    """The articles of a JSON file (an object, or a list of them) or of JSON lines (one object
    a line; a ``.json`` file of them too). ``problems`` names the records not read."""
    return _articles_of(_json_records(text, lines), source, field_map)


def _no_good_record(problems: list[str]) -> str:
    shown = "; ".join(problems[:3]) + (
        f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    )
    return f"no good record ({shown})" if problems else "no records"


class JsonLines:
    """The articles of JSON lines given a line at a time (the lines of a large file as it is
    read): what is held is one line and one article, whatever the size of the file.

    Iterate once. ``problems`` names the lines that could not be read, as in ``Articles``, and
    ``notes`` gets the keys no field took once the last line is read; after the last article,
    ``Rejected`` is raised if no line gave one. ``source`` is the file's name; its lines are
    read as ``read_json`` reads a ``.jsonl`` file's text, with the same ``field_map``.
    """

    def __init__(
        self, lines: Iterable[str], source: str, field_map: Mapping[str, str] | None = None
    ) -> None:
        self.lines = lines
        self.source = " ".join(clean(PurePath(source).name).split())
        self.field_map = field_map or {}
        self.problems: list[str] = []
        self.notes: list[str] = []  # as ``Articles.notes``

    def __iter__(self) -> Iterator[Article]:
        count = 0
        unread = Unread()
        for number, line in enumerate(self.lines, start=1):
            text = line.lstrip("\ufeff") if number == 1 else line
            if not text.strip():
                continue
            record, problem = _json_line(text)
            try:
                if problem:
                    raise Rejected(problem)
                article = record_to_article(record, self.source, self.field_map, unread)
            except Rejected as exc:
                self.problems.append(f"line {number}: {exc}")
                continue
            except RecursionError:
                self.problems.append(f"line {number}: nested too deeply to read")
                continue
            except Exception as exc:  # a bug here must still give a reason, never a crash
                self.problems.append(f"line {number}: could not be read ({type(exc).__name__})")
                continue
            count += 1
            yield article
        self.notes.extend(unread.notes())
        if not count:
            raise Rejected(_no_good_record(self.problems))


# -- CSV ------------------------------------------------------------------------------------------

_DELIMITERS = ",;\t|"


def _delimiter(header: str, suffix: str) -> str:
    """The delimiter of a CSV file, told by its header line: the one it holds most of."""
    if suffix == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    text: str, source: str, *, suffix: str = ".csv", field_map: Mapping[str, str] | None = None
) -> Articles:
    """The articles of a CSV file (``.tsv``: tab-separated), a header row of key names then a
    record a row. The delimiter (``,``, ``;``, tab or ``|``) is the header's; a cell may hold
    a whole article, quoted, with its line breaks. A row whose cells do not match the header's
    is a problem of that line."""
    text = text.lstrip("\ufeff")
    header_line = text.split("\n", 1)[0]
    delimiter = _delimiter(header_line, suffix)
    if csv.field_size_limit() < MAX_READ:
        csv.field_size_limit(MAX_READ)  # one cell may be a whole file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise Rejected("no header row") from None
    except csv.Error as exc:
        raise Rejected(f"not CSV ({exc})") from None
    names = [" ".join(clean(h).split()) for h in header]
    if len(names) < 2 or not any(names):
        raise Rejected(f"no header row of key names (the first line has {len(names)} cell)")
    problems: list[str] = []

    def rows() -> Iterator[tuple[str, Any, str | None]]:
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield f"line {start}", None, f"not CSV ({exc})"
                start = reader.line_num + 1
                continue
            label = f"line {start}"
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                yield label, None, f"{len(row)} cells, the header has {len(names)}"
                continue
            yield label, {n: c for n, c in zip(names, row, strict=True) if n}, None

    return _articles_of(rows(), source, field_map, problems)
