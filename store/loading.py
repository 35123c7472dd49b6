"""One file into rows ready to store: read, parsed, and each article prepared (``prepare``:
its id, its row's fields and its search-index columns).

``load`` is what a worker process runs for each file of a large import (``store.pool``), and
what the importing process runs itself for a small one; ``store.importer`` stores the result.
A large JSON lines or text file is not parsed here but read again as it is stored, a record at
a time (``LargeFile``), so that the memory an import takes does not grow with the file.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from .files import NotRead, megabytes, open_file, os_reason, path_text, read_file
from .kinds import MAX_READ, RECORD_SUFFIXES, STREAM_FROM, STREAMED_SUFFIXES, FileReport
from .search_index import indexed_text
from .text import canon_and_fold, canon_text, spaced

if TYPE_CHECKING:  # loaded when a file is parsed: reading a library does not need the parser
    from .parse import Article


def article_id(article: Article) -> str:
    """Stable id: a short hash of the canonical text (case, tone placement, spacing unified)."""
    canonical = spaced(canon_text(article.text))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class Prepared(NamedTuple):
    """An article as it is stored: its row's fields, its id, and the text of its search index
    (``index_values``). All the text work of an import is here, done where the file was
    parsed (in a large import, a worker process). The long texts are UTF-8, as SQLite keeps
    them (``CAST(? AS TEXT)``): a worker's are handed over and stored without being decoded."""

    id: str
    title: str
    title_inferred: bool
    date: str | None
    author: str | None
    lede: bytes
    body: bytes
    captions: str  # JSON
    caption_at: str  # JSON
    source: str
    words: int
    fts: tuple[bytes, bytes, bytes, bytes]
    url: str | None
    outlet: str | None
    section: str | None
    tags: str  # JSON
    credit: str | None


def prepare(article: Article) -> Prepared:
    """The article's id (``article_id``), word count, body and search-index columns, its text
    lowercased and folded once for all of them."""
    body = "\n\n".join(article.paragraphs)
    text = article.text
    canon, folded = canon_and_fold(text)
    canonical = spaced(canon)
    indexed = indexed_text(article.lede, body, article.captions)
    if indexed == text:
        index_canon, index_fold = canon, folded
    elif text and indexed.startswith(text) and indexed[len(text)].isspace():
        # the captions after the text: both forms are worked out a character at a time (a
        # word at a time for tone placement), so the text's forms are the start of the whole's
        rest_canon, rest_fold = canon_and_fold(indexed[len(text) :])
        index_canon, index_fold = canon + rest_canon, folded + rest_fold
    else:
        index_canon, index_fold = canon_and_fold(indexed)
    title_canon, title_fold = canon_and_fold(article.title)
    return Prepared(
        id=hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16],
        title=article.title,
        title_inferred=article.title_inferred,
        date=article.date,
        author=article.author,
        lede=article.lede.encode("utf-8"),
        body=body.encode("utf-8"),
        captions=json.dumps(article.captions, ensure_ascii=False),
        caption_at=json.dumps(article.caption_at),
        source=article.source,
        words=canonical.count(" ") + 1 if canonical else 0,  # count_words(text): the same runs
        fts=(
            title_canon.encode("utf-8"),
            index_canon.encode("utf-8"),
            title_fold.encode("utf-8"),
            index_fold.encode("utf-8"),
        ),
        url=article.url,
        outlet=article.outlet,
        section=article.section,
        tags=json.dumps(article.tags, ensure_ascii=False),
        credit=article.credit,
    )


def date_number(date: str | None) -> int:
    """``2024-05-01`` as 20240501 (a year alone, or a year and month, with zeros); 0 for no
    date. An article's key (``doc``) begins with it: the library lists by date."""
    if not date:
        return 0
    parts = (date.split("-") + ["0", "0"])[:3]
    try:
        year, month, day = (int(p) for p in parts)
    except ValueError:
        return 0
    return year * 10000 + month * 100 + day


class LargeFile:
    """The articles of a large file of plain UTF-8 read as they are stored: JSON lines a line
    at a time (``JsonLines``), text an article at a time (``TextPieces``). The file is read
    again then: if it is not what ``sha`` was taken of, ``Rejected`` ends its transaction.
    The lines that could not be read go to the file's report as they are met; JSON lines
    are read with ``field_map`` (``store.records``)."""

    def __init__(
        self,
        path: Path,
        sha: str,
        size: int,
        file_report: FileReport,
        field_map: Mapping[str, str] | None = None,
    ) -> None:
        self.path, self.sha, self.size, self.file_report = path, sha, size, file_report
        self.field_map = dict(field_map or {})

    def __iter__(self) -> Iterator[Article]:
        from .dump import TextPieces
        from .parse import GLUED_LINE, Rejected
        from .records import JsonLines

        digest = hashlib.sha256()

        def text(raw: bytes) -> str:
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise Rejected("changed while it was read: import it again") from None

        def lines(handle: BinaryIO) -> Iterator[str]:
            for raw in handle:
                digest.update(raw)
                yield text(raw).removesuffix("\n")

        def pieces(handle: BinaryIO) -> Iterator[str]:
            held: list[bytes] = []
            for raw in handle:
                digest.update(raw)
                if held and GLUED_LINE.match(raw):
                    yield text(b"".join(held)).removeprefix("\ufeff")
                    held = []
                held.append(raw)
            if held:
                yield text(b"".join(held)).removeprefix("\ufeff")

        try:
            with open_file(self.path) as handle:
                articles: JsonLines | TextPieces
                if self.path.suffix.lower() == ".txt":
                    articles = TextPieces(pieces(handle), self.path.name)
                else:
                    articles = JsonLines(lines(handle), self.path.name, self.field_map)
                self.file_report.problems = articles.problems
                self.file_report.notes = articles.notes
                yield from articles
        except OSError as exc:
            raise Rejected(f"not readable: {os_reason(exc, self.path)}") from None
        except NotRead as exc:
            raise Rejected(str(exc)) from None
        if digest.hexdigest() != self.sha:
            raise Rejected("changed while it was read: import it again")


@dataclass
class Loaded:
    """A file read, and parsed unless its digest was known: what ``store.importer`` takes.
    ``key`` is empty when the file could not be read (``report`` says why)."""

    report: FileReport
    key: str = ""
    sha: str = ""
    size: int = 0
    articles: list[Prepared] | None = None  # None: rejected, or not parsed
    large: LargeFile | None = None  # a large file, read again as it is stored
    parsed: bool = False


def known_digest(sha: str, path: Path, field_map: Mapping[str, str] | None) -> str:
    """The digest a file is known by in the library: its bytes', and for a file of records
    read with a field map, the map's with them: the same file read with another map (or
    none) is read anew."""
    if not field_map or path.suffix.lower() not in RECORD_SUFFIXES:
        return sha
    mapped = json.dumps(sorted(field_map.items()), ensure_ascii=False)
    return hashlib.sha256(f"{sha}\n{mapped}".encode()).hexdigest()


def load(
    path: Path,
    known_sha: Callable[[str], str | None],
    folders: dict[str, str] | None = None,
    field_map: Mapping[str, str] | None = None,
) -> Loaded:
    """Read a file and, unless ``known_sha`` of its key gives its digest (unchanged) or it is
    read as it is stored (a large file), parse it and prepare its articles. ``folders``: the
    real paths of the folders seen so far in this import (``_real_path``); ``field_map``:
    the key each field of a record is read from first (``store.records``)."""
    file_report = FileReport(path=path_text(path), status="imported")
    try:
        large = large_file(path, file_report, field_map)
        data = read_file(path) if large is None else b""
    except OSError as exc:
        file_report.status = "rejected"
        file_report.reason = f"not readable: {os_reason(exc, path)}"
        return Loaded(file_report)
    except NotRead as exc:
        file_report.status, file_report.reason = "rejected", str(exc)
        return Loaded(file_report)
    key = path_text(_real_path(path, folders))
    sha = large.sha if large is not None else hashlib.sha256(data).hexdigest()
    sha = known_digest(sha, path, field_map)
    size = large.size if large is not None else len(data)
    loaded = Loaded(file_report, key, sha, size, large=large)
    if large is not None or known_sha(key) == sha:
        return loaded
    _parse(loaded, data, path.name, field_map=field_map)
    return loaded


def load_bytes(
    data: bytes,
    key: str,
    name: str,
    known_sha: Callable[[str], str | None],
    amend: Callable[[Article], None] | None = None,
    base: str | None = None,
) -> Loaded:
    """``load`` for bytes that did not come from a file (a page fetched by its address):
    stored under ``key``, parsed as a file called ``name`` would be (by its suffix) unless
    ``known_sha`` of the key gives their digest; ``amend`` sees each article before it is
    prepared (to give it its address); ``base``: the address fetched, which a feed's
    relative links are made whole against."""
    file_report = FileReport(path=key, status="imported")
    loaded = Loaded(file_report, key, hashlib.sha256(data).hexdigest(), len(data))
    if known_sha(key) != loaded.sha:
        _parse(loaded, data, name, amend, base=base)
    return loaded


def _parse(
    loaded: Loaded,
    data: bytes,
    name: str,
    amend: Callable[[Article], None] | None = None,
    field_map: Mapping[str, str] | None = None,
    base: str | None = None,
) -> None:
    """Parse ``data`` into ``loaded.articles``; rejected, ``loaded.report`` says why."""
    from .formats import parse_bytes
    from .parse import Rejected

    file_report = loaded.report
    loaded.parsed = True
    try:
        articles = parse_bytes(data, name, field_map=field_map, base=base)
        file_report.problems = list(getattr(articles, "problems", []))
        file_report.notes = list(getattr(articles, "notes", []))
        if amend is not None:
            for article in articles:
                amend(article)
    except Rejected as exc:
        file_report.status, file_report.reason = "rejected", str(exc)
        return
    except Exception as exc:  # a parser bug must not abort an import
        file_report.status = "rejected"
        file_report.reason = f"could not be read ({type(exc).__name__}: {exc})"
        return
    loaded.articles = [prepare(article) for article in articles]


def _real_path(path: Path, folders: dict[str, str] | None) -> str:
    """``path.resolve()``, as text. With ``folders``, a file that is not a link is found in its
    folder's real path, looked up once for all the folder's files (and kept in ``folders``)."""
    if folders is None or os.name == "nt" or os.path.islink(path):
        return str(path.resolve())
    folder = str(path.parent)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, path.name)


_XML_STARTS = (b"<?xml", b"<rss", b"<feed")


def large_file(
    path: Path, file_report: FileReport, field_map: Mapping[str, str] | None = None
) -> LargeFile | None:
    """A JSON lines or text file of ``STREAM_FROM`` bytes or more, of plain UTF-8 text, to be
    read as it is stored; None for any other file (read whole). Its digest is taken here, a
    megabyte at a time; ``OSError`` or ``NotRead`` when it cannot be read."""
    if path.suffix.lower() not in STREAMED_SUFFIXES:
        return None
    from .parse import control_share

    info = path.stat()
    if not stat.S_ISREG(info.st_mode) or info.st_size < STREAM_FROM:
        return None
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    with open_file(path) as handle:
        while chunk := handle.read(1024 * 1024):
            if size == 0 and (
                chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                or b"\0" in chunk
                or control_share(chunk[:65536]) > 0.05
            ):
                return None  # UTF-16, or binary: read whole, as every other file
            if size == 0 and chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_XML_STARTS):
                return None  # XML (a feed, or rejected for not being one), never read as text
            size += len(chunk)
            if size > MAX_READ:
                raise NotRead(f"too large (over {megabytes(MAX_READ)} MB, the limit)")
            digest.update(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return None  # another encoding: read whole, decoded as a whole
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return LargeFile(path, digest.hexdigest(), size, file_report, field_map)
