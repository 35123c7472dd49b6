"""Pages and feeds fetched by their address (http and https only), and the feeds to follow.

``fetch`` asks a server for one address with the standard library (``urllib.request``): a
time limit, a size limit (``kinds.MAX_READ``), a few redirects followed, gzip and deflate
accepted, and an ETag or a Last-Modified date sent back when the caller kept one, so that a
server can answer "not modified" without sending the page again. Whatever goes wrong is a
``FetchError`` whose message is one line for a person, never a traceback.

What came back is named as a file would be (``Fetched.name``: ``.html``, ``.xml``, ``.json``,
``.txt``... by its Content-Type) so that ``store.parse.parse_bytes`` reads it by its kind, and
its text is handed over in UTF-8 when the server or the document names another encoding.

``feeds_config`` reads the feeds to follow from the user's config file (TOML).
"""

from __future__ import annotations

import codecs
import email.message
import errno
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .files import is_address, megabytes
from .kinds import MAX_READ

TIMEOUT = 20.0  # seconds a server has to answer (and to send what it sends)
MAX_REDIRECTS = 5
FETCH_THREADS = 6  # addresses fetched at once
CONFIG_NAME = "config.toml"

# what a Content-Type says a body is, as the suffix of a file of that kind
KINDS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/rdf+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".json",
    "application/feed+json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/json-lines": ".jsonl",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "text/csv": ".csv",
}
# a body of these kinds is read by its content (or by its address's suffix)
UNNAMED_KINDS = frozenset({"", "application/octet-stream", "binary/octet-stream"})
# suffixes an address may end in that say its kind when the server does not
ADDRESS_SUFFIXES = {
    ".html": ".html",
    ".htm": ".html",
    ".xhtml": ".html",
    ".xml": ".xml",
    ".rss": ".xml",
    ".atom": ".xml",
    ".json": ".json",
    ".jsonl": ".jsonl",
    ".ndjson": ".jsonl",
    ".txt": ".txt",
    ".md": ".md",
    ".csv": ".csv",
}
FEED_SUFFIX = ".xml"  # the kind whose items are stored one by one (``Fetched.is_feed``)

_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


class FetchError(Exception):
    """An address that could not be fetched: ``reason`` is one line for a person, and the
    message the address and the reason (``https://x.vn/a: could not reach the server...``)."""

    def __init__(self, reason: str, address: str = "") -> None:
        super().__init__(f"{address}: {reason}" if address else reason)
        self.reason, self.address = reason, address


@dataclass
class Fetched:
    """What a server gave for an address: ``url`` is where it was found (after redirects);
    ``data`` the body (decompressed, in UTF-8 when its encoding was named and was another);
    ``name`` a file name of the body's kind, for ``parse_bytes``. ``not_modified``: the server
    said nothing changed since the ETag or date sent (``data`` is then empty)."""

    address: str
    url: str
    data: bytes = b""
    name: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False

    @property
    def is_feed(self) -> bool:
        """An RSS or Atom feed (or another XML document): its items are stored one by one."""
        return self.name.endswith(FEED_SUFFIX)

    @property
    def is_page(self) -> bool:
        """One page of one article (HTML, text, Markdown): its address is the article's,
        unless the page names its own."""
        return self.name.endswith((".html", ".txt", ".md"))


def user_agent() -> str:
    """``bantin/VERSION``: who is asking, for the server's logs."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("bantin")
    except PackageNotFoundError:
        number = "dev"
    return f"bantin/{number} (news reader; +python-urllib)"


def fetch(
    address: str,
    timeout: float = TIMEOUT,
    etag: str | None = None,
    last_modified: str | None = None,
    limit: int | None = None,
) -> Fetched:
    """Fetch ``address`` (http or https). ``etag`` and ``last_modified``, kept from the last
    fetch, are sent back (If-None-Match, If-Modified-Since): a server that answers 304 gives
    ``Fetched.not_modified``. ``timeout``: seconds for the whole answer; ``limit``: bytes of
    the body, decompressed (``MAX_READ``). ``FetchError`` says in one line what went wrong."""
    try:
        return _fetch(address, timeout, etag, last_modified, MAX_READ if limit is None else limit)
    except FetchError as exc:
        raise FetchError(exc.reason, address) from None


def fetch_all(
    addresses: Sequence[str],
    timeout: float | None = None,
    kept: Mapping[str, tuple[str | None, str | None]] | None = None,
    threads: int = FETCH_THREADS,
) -> Iterator[tuple[str, Fetched | FetchError]]:
    """Each address fetched (a few at a time, in threads: most of a fetch is waiting), given
    back in the order asked, as what was fetched or the ``FetchError`` that says why not.
    ``kept``: for an address, the ETag and Last-Modified its last fetch gave."""
    kept = kept or {}

    def one(address: str) -> Fetched | FetchError:
        etag, last_modified = kept.get(address, (None, None))
        try:
            return fetch(address, TIMEOUT if timeout is None else timeout, etag, last_modified)
        except FetchError as exc:
            return exc

    if len(addresses) <= 1:
        for address in addresses:
            yield address, one(address)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(threads, len(addresses))) as pool:
        yield from zip(addresses, pool.map(one, addresses), strict=True)


def _fetch(
    address: str, timeout: float, etag: str | None, last_modified: str | None, limit: int
) -> Fetched:
    """``fetch``; the reasons of its ``FetchError`` do not name the address."""
    parts = _checked(address)
    if (parts.hostname or "").rstrip(".").lower().endswith(".invalid"):
        # RFC 6761: never a real name; said at once, without asking a resolver that may be
        # out of reach
        raise FetchError("could not reach the server (Name or service not known)")
    headers = {
        "User-Agent": user_agent(),
        "Accept": (
            "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
            "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.9, "
            "text/plain;q=0.8, */*;q=0.5"
        ),
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(_ascii_address(parts), headers=headers)
    opener = urllib.request.build_opener(_Redirects())
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            moved = response.geturl() != request.full_url
            url = response.geturl() if moved else address  # as the user wrote it, unless moved
            info = response.headers
            size = info.get("Content-Length")
            if size and size.isdigit() and int(size) > limit:
                raise FetchError(_too_large(limit))
            raw = _read(response, limit, deadline, timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304:  # the validators it gives, else those sent, kept for next time
            return Fetched(
                address,
                exc.geturl() or address,
                etag=exc.headers.get("ETag") or etag,
                last_modified=exc.headers.get("Last-Modified") or last_modified,
                not_modified=True,
            )
        raise FetchError(_http_reason(exc)) from None
    except FetchError:
        raise
    except Exception as exc:  # every way a connection fails, said in one line
        raise FetchError(_failure(exc, timeout)) from None
    data = _decompressed(raw, info.get("Content-Encoding", ""), limit)
    if not data.strip():
        raise FetchError("the server sent an empty page")
    suffix = _kind(info, data, url)
    data = _in_utf8(data, info.get_content_charset())
    return Fetched(
        address,
        url,
        data=data,
        name=_file_name(url, suffix),
        etag=info.get("ETag"),
        last_modified=info.get("Last-Modified"),
    )


def _checked(address: str) -> urllib.parse.SplitResult:
    """The address split, or ``FetchError`` if it is not an http(s) address with a host."""
    try:
        parts = urllib.parse.urlsplit(address)
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError as exc:
        raise FetchError(f"not a valid address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("only http and https addresses are fetched")
    if not parts.hostname:
        raise FetchError("not a valid address (no server name)")
    return parts


def _ascii_address(parts: urllib.parse.SplitResult) -> str:
    """The address as a request line takes it: a server name in IDNA, and the letters of
    the path and query that are not ASCII (``/tin/bắt-giữ``) percent-encoded."""
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise FetchError(f"not a valid address ({exc})") from None
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    if parts.username is not None:
        user = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{urllib.parse.quote(user, safe=':%')}@{netloc}"
    safe = "/:@!$&'()*+,;=%~-._"
    path = urllib.parse.quote(parts.path, safe=safe)
    query = urllib.parse.quote(parts.query, safe=safe + "?")
    return urllib.parse.urlunsplit((parts.scheme, netloc, path, query, ""))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """A few redirects followed, and only to http or https."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirected to a {scheme or 'relative'} address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read(response: Any, limit: int, deadline: float, timeout: float) -> bytes:
    """The body, read in pieces: over ``limit`` or past the deadline, ``FetchError`` (the
    socket's timeout bounds each wait; the deadline a server that trickles)."""
    chunks: list[bytes] = []
    size = 0
    read = getattr(response, "read1", response.read)  # what has come, not a full piece
    while chunk := read(256 * 1024):
        size += len(chunk)
        if size > limit:
            raise FetchError(_too_large(limit))
        if time.monotonic() > deadline:
            raise FetchError(f"the server did not answer within {_seconds(timeout)}")
        chunks.append(chunk)
    return b"".join(chunks)


def _decompressed(raw: bytes, encoding: str, limit: int) -> bytes:
    """The body as sent before compression (gzip, deflate), at most ``limit`` bytes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"sent in an encoding bantin does not read ({encoding})")
    # gzip or zlib headers (47: either, told by the header); deflate sent raw as a fallback
    for wbits in (47, -15):
        inflater = zlib.decompressobj(wbits)
        try:
            data = inflater.decompress(raw, limit + 1)
        except zlib.error:
            continue
        if len(data) > limit or inflater.unconsumed_tail:
            raise FetchError(_too_large(limit))
        return data
    raise FetchError(f"a broken {encoding} body")


def _kind(info: email.message.Message, data: bytes, url: str) -> str:
    """The suffix of a file of the body's kind: by its Content-Type, else by the address's
    suffix, else by its first bytes. ``FetchError`` for a body that is not a page or feed."""
    content_type = info.get_content_type().lower() if info.get("Content-Type") else ""
    if (content_type in ("text/plain", "text/html") or content_type in UNNAMED_KINDS) and (
        _looks_like_feed(data)
    ):
        return FEED_SUFFIX  # a feed served as text or as a page, as some servers do
    if content_type in KINDS:
        suffix = KINDS[content_type]
        if suffix == ".json" and _json_lines(data):
            return ".jsonl"
        return suffix
    if content_type.endswith("+xml"):
        return ".xml"
    if content_type.endswith("+json"):
        return ".json"
    if content_type not in UNNAMED_KINDS and not content_type.startswith("text/"):
        raise FetchError(f"not a page or feed ({content_type})")
    by_address = ADDRESS_SUFFIXES.get(PurePosixPath(urllib.parse.urlsplit(url).path).suffix.lower())
    if by_address:
        return by_address
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return ".html"
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return ".xml"
    if start.startswith((b"{", b"[")):
        return ".jsonl" if _json_lines(data) else ".json"
    if content_type.startswith("text/") or not content_type:
        return ".txt"
    raise FetchError(f"not a page or feed ({content_type})")


def _looks_like_feed(data: bytes) -> bool:
    """An RSS, RDF or Atom document, by its first element."""
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<?xml"):
        start = start[start.find(b"?>") + 2 :]
        while (start := start.lstrip()).startswith((b"<!--", b"<?")):  # comments, styles
            end = start.find(b"-->" if start.startswith(b"<!--") else b"?>")
            if end < 0:
                return False
            start = start[end + 3 if start.startswith(b"<!--") else end + 2 :]
    return start.startswith((b"<rss", b"<feed", b"<rdf:RDF"))


def _json_lines(data: bytes) -> bool:
    """JSON lines served as JSON: a first line that is a whole object, and more lines."""
    first, _, rest = data.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")
    first = first.strip()
    return first.startswith(b"{") and first.endswith(b"}") and rest.strip().startswith(b"{")


def _in_utf8(data: bytes, header_charset: str | None) -> bytes:
    """The body in UTF-8 when the server (Content-Type) or the document (``<meta charset>``,
    ``<?xml encoding>``) names another encoding and it is not UTF-8 already; else as it is,
    for ``parse_bytes`` to read by its content. A BOM marks the text converted, and the
    document's own declaration is made to say UTF-8."""
    named = header_charset or _declared_charset(data)
    if not named or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    try:
        codec = codecs.lookup(named).name
    except LookupError:
        return data
    if codec in ("utf-8", "ascii"):
        return data
    try:
        data.decode("utf-8")
        return data  # valid UTF-8 whatever it says (a page often names the wrong encoding)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return data
    head, tail = text[:2048], text[2048:]
    head = re.sub(
        r"""(<meta[^>]{0,200}?charset\s*=\s*["']?\s*)[A-Za-z0-9_.:-]+"""
        r"""|(<\?xml[^>]{0,200}?encoding\s*=\s*["'])[A-Za-z0-9_.:-]+""",
        lambda m: (m.group(1) or m.group(2)) + "utf-8",
        head,
        count=2,
        flags=re.IGNORECASE,
    )
    return codecs.BOM_UTF8 + (head + tail).encode("utf-8")


def _declared_charset(data: bytes) -> str | None:
    """The encoding a document names in its first bytes (HTML's meta, XML's declaration)."""
    found = _DECLARED.search(data[:4096])
    if not found:
        return None
    return (found.group(1) or found.group(2)).decode("ascii", "replace")


def _file_name(url: str, suffix: str) -> str:
    """A file name for the body, ending in its kind's suffix: the address's last part."""
    parts = urllib.parse.urlsplit(url)
    stem = PurePosixPath(urllib.parse.unquote(parts.path)).name or parts.hostname or "page"
    stem = stem.rsplit(".", 1)[0] if "." in stem[1:] else stem
    return (stem or "page") + suffix


def _too_large(limit: int) -> str:
    if limit < 1024 * 1024:
        return f"too large (over {limit} bytes, the limit)"
    return f"too large (over {megabytes(limit)} MB, the limit)"


def _seconds(timeout: float) -> str:
    return f"{timeout:g} s"


def _http_reason(exc: urllib.error.HTTPError) -> str:
    """``the server answered 404 Not Found``; a redirect loop or chain said as one."""
    if 300 <= exc.code < 400:
        return f"too many redirects (more than {MAX_REDIRECTS}, or a loop)"
    reason = str(exc.reason or http.client.responses.get(exc.code, "")).strip()
    return f"the server answered {exc.code} {reason}".rstrip()


def _failure(exc: BaseException, timeout: float) -> str:
    """Why a connection failed, for a person: no network, no such name, refused, no answer,
    a secure connection that failed, a server that hung up."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, str):
        return f"could not reach the server ({reason})"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"the server did not answer within {_seconds(timeout)}"
    if isinstance(reason, socket.gaierror):
        return f"could not reach the server ({reason.strerror or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "could not reach the server (connection refused)"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({getattr(reason, 'reason', None) or reason})"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "could not reach the server (no network: are you offline?)"
    if isinstance(reason, http.client.HTTPException):
        name = type(reason).__name__
        return (
            f"the server broke off its answer ({name}{': ' + str(reason) if str(reason) else ''})"
        )
    if isinstance(reason, OSError):
        return f"could not reach the server ({(reason.strerror or str(reason)).lower()})"
    return f"could not be fetched ({type(reason).__name__}: {reason})"


# -- feeds to follow -------------------------------------------------------------------------


@dataclass
class Feed:
    """A feed to follow: its address, the name the user gave it (or None), and whether the
    page of each new item is fetched for its full text (``follow``)."""

    url: str
    name: str | None = None
    follow: bool = False


class ConfigError(Exception):
    """The config file cannot be read; the message is one line for a person."""


def feeds_config(path: Path) -> list[Feed]:
    """The feeds listed in the config file at ``path`` (none if there is no file), in either
    form::

        [feeds]
        urls = ["https://example.vn/rss/home.rss"]
        follow = true          # optional: each new item's page fetched for its full text

        [[feeds]]
        url = "https://example.vn/rss/law.rss"
        name = "Law"           # optional
        follow = true          # optional

    Each address once, in the file's order. ``ConfigError`` says what is wrong with it."""
    import tomllib

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ConfigError(f"{path}: cannot be read ({(reason or str(exc)).lower()})") from None
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    section = config.get("feeds", [])
    entries: list[Any]
    follow_all = False
    if isinstance(section, dict):
        unknown = sorted(set(section) - {"urls", "follow"})
        if unknown:
            raise ConfigError(f"{path}: [feeds] takes urls and follow, not {', '.join(unknown)}")
        entries = section.get("urls", [])
        follow_all = _flag(section, path, "[feeds]")
    else:
        entries = section
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: the feeds must be a list of addresses")
    feeds: list[Feed] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        if isinstance(entry, str):
            feed = Feed(entry.strip(), follow=follow_all)
        elif isinstance(entry, dict) and isinstance(entry.get("url"), str):
            unknown = sorted(set(entry) - {"url", "name", "follow"})
            if unknown:
                said = ", ".join(unknown)
                raise ConfigError(f"{path}: feed {number} takes url, name and follow, not {said}")
            name = entry.get("name")
            feed = Feed(
                entry["url"].strip(),
                name if isinstance(name, str) and name else None,
                _flag(entry, path, f"feed {number}"),
            )
        else:
            raise ConfigError(f'{path}: feed {number} has no address (url = "https://...")')
        if not is_address(feed.url):
            raise ConfigError(f"{path}: feed {number} is not an address: {feed.url!r}")
        if feed.url not in seen:
            seen.add(feed.url)
            feeds.append(feed)
    return feeds


def _flag(table: dict[str, Any], path: Path, where: str) -> bool:
    """A table's ``follow``: true or false (false when not given)."""
    value = table.get("follow", False)
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: {where}: follow must be true or false")
    return value
