"""The store's shared vocabulary, each said once: the kinds of entity, the files an import
reads and its limits, the schema's migrations, the error a library gives, its time stamps,
and the records the store hands out (articles, list rows, import reports, highlight spans).

Every store module may import this one; it imports no other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class EntityType(StrEnum):
    """What an entity is. A ``str``: stored, printed and sent as JSON as its value."""

    PERSON = "PERSON"
    ORG = "ORG"
    LOC = "LOC"
    EVENT = "EVENT"
    LAW = "LAW"


# -- files ---------------------------------------------------------------------------------

# what a folder given to an import is searched for (a file named on its own is read whatever
# its name)
# RSS and Atom feeds (an XML file that is not a feed is rejected, never read as text)
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
ARTICLE_SUFFIXES = (
    frozenset(
        {
            ".txt",
            ".md",
            ".markdown",
            ".html",
            ".htm",
            ".xhtml",
            ".json",
            ".jsonl",
            ".ndjson",
            ".csv",
            ".tsv",
        }
    )
    | FEED_SUFFIXES
)
# the files read as records, each an article (``store.records``), and the fields a record's
# keys give (``bantin import --map FIELD=KEY``)
RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".tsv"})
RECORD_FIELDS = (
    "title",
    "lede",
    "body",
    "date",
    "url",
    "author",
    "section",
    "tags",
    "outlet",
    "credit",
)
MAX_READ = 64 * 1024 * 1024  # the largest file read
# a JSON lines or text file from this size on is read a line (a glued article) at a time as it
# is stored: the memory an import takes does not grow with the size of the file
STREAM_FROM = 4 * 1024 * 1024
STREAMED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".txt"})

# -- schema ------------------------------------------------------------------------------
# The migrations (``store.schema``, one function each, named so); opening an up-to-date
# library only checks these names, with plain SQL, so that reading never waits for
# sqlite-utils to load. ``store.schema`` refuses to load if its migrations are not these.
MIGRATIONS = (
    "m001_initial",
    "m002_entities",
    "m003_listing_indexes",
    "m004_one_fts_index",
    "m005_alias_counts",
    "m006_index_segments",
    "m007_provenance",
)
# what a library must have applied to be read: the migrations after these change only how it
# is written, so a reader who may not write it (a shared library) need not wait for its owner
MIGRATIONS_TO_READ = tuple(m for m in MIGRATIONS if m != "m006_index_segments")


class LibraryError(Exception):
    """The library cannot be opened or used; the message is one line for a person."""


def now() -> str:
    """The time stamp the store writes (an import, a bookmark, a read mark): UTC, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- records -------------------------------------------------------------------------------


@dataclass
class StoredArticle:
    doc: int
    id: str
    title: str
    title_inferred: bool
    date: str | None
    author: str | None
    lede: str
    body: str
    captions: list[str]
    caption_at: list[int]
    source: str
    words: int
    imported_at: str
    url: str | None = None
    outlet: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    credit: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []

    def export(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_inferred": self.title_inferred,
            "date": self.date,
            "author": self.author,
            "lede": self.lede,
            "body": self.body,
            "captions": self.captions,
            "source": self.source,
            "words": self.words,
            "url": self.url,
            "outlet": self.outlet,
            "section": self.section,
            "tags": self.tags,
            "credit": self.credit,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredArticle:
        return cls(
            doc=row["doc"],
            id=row["id"],
            title=row["title"],
            title_inferred=bool(row["title_inferred"]),
            date=row["date"],
            author=row["author"],
            lede=row["lede"],
            body=row["body"],
            captions=json.loads(row["captions"]),
            caption_at=json.loads(row["caption_at"]),
            source=row["source"],
            words=row["words"],
            imported_at=row["imported_at"],
            url=row["url"],
            outlet=row["outlet"],
            section=row["section"],
            tags=json.loads(row["tags"]),
            credit=row["credit"],
        )


@dataclass
class ArticleRow:
    """What the article list shows: no text."""

    doc: int
    id: str
    title: str
    date: str | None
    author: str | None
    source: str
    bookmarked: bool
    read: bool


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article to highlight (a search's match, an entity's mention):
    characters ``start`` to ``end`` of a field, ``title``, ``lede``, ``body`` or
    ``caption`` (then ``index`` says which caption, from 0)."""

    field: str
    start: int
    end: int
    index: int = 0


def spans_in(spans: list[Span], field: str, index: int = 0) -> list[tuple[int, int]]:
    """(start, end) of the spans in one field (one caption), in order."""
    return [(s.start, s.end) for s in spans if s.field == field and s.index == index]


@dataclass(frozen=True)
class MatchCounts:
    """How many articles a search matches: ``together``, those holding every run of words it
    was typed with next to each other and in order (with the rest of the query), and
    ``every_word``, those holding every word anywhere (all the results). Equal when the query
    has no run of several words."""

    together: int
    every_word: int


@dataclass(frozen=True)
class Spellings:
    """The marked spellings the library holds for a run of words typed without all their
    marks, most frequent first: (spelling, articles the search would match with it quoted).
    ``run``: which run of the query (``store.search.Query.runs``) they spell."""

    run: int
    typed: str
    found: list[tuple[str, int]]


@dataclass
class FileReport:
    path: str
    status: str  # "imported", "unchanged", "rejected", "skipped"
    reason: str = ""
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    unchanged: int = 0
    # what in an imported file could not be read (e.g. a bad record of a JSON lines file)
    problems: list[str] = field(default_factory=list)
    # what was read and not used, said once for the file (``"ignored: views, likes"``)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the import went, for the user

    def _sum(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def imported(self) -> int:
        return self._sum("imported")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def duplicates(self) -> int:
        return self._sum("duplicates")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def rejected(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "rejected"]

    @property
    def ok(self) -> bool:
        """Anything imported, or nothing went wrong."""
        return bool(self.imported or self.updated) or not self.rejected
