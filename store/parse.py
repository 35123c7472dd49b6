"""One article file in, one or more articles out.

The files are scraped news pages (see the bundled seeds): a title line or none, a date line in
one of several forms or none, a lede, paragraphs, photo markers and captions, credits, an
author byline at the end, and scraping junk. JSON lines, HTML and Markdown are read too.
"""

from __future__ import annotations

import codecs
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from .text import clean

MAX_FILE_BYTES = 64 * 1024 * 1024
TITLE_TARGET = 90  # an inferred title is cut near this many characters


class Rejected(Exception):
    """A file (or record) that cannot be read as articles; the message says why."""


@dataclass
class Article:
    title: str
    title_inferred: bool
    date: str | None  # YYYY-MM-DD, YYYY-MM, YYYY, or None
    author: str | None
    lede: str
    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    # for each caption, the index of the paragraph it stands before (len(paragraphs): at the end)
    caption_at: list[int] = field(default_factory=list)
    source: str = ""

    @property
    def text(self) -> str:
        """Lede and paragraphs, one paragraph a line pair: what is searched and hashed."""
        return "\n\n".join([self.lede, *self.paragraphs] if self.lede else self.paragraphs)


# -- bytes to text ---------------------------------------------------------------------------

# Letters only Vietnamese uses among Latin scripts, after NFC: their presence tells a right
# decoding from a wrong one.
_VIET_LETTERS = set(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    "ÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴ"
)


def _looks_vietnamese(text: str) -> bool:
    sample = unicodedata.normalize("NFC", text[:200_000])
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return False
    non_ascii = [c for c in letters if ord(c) > 127]
    if not non_ascii:
        return True
    viet = sum(1 for c in non_ascii if c in _VIET_LETTERS)
    return viet / len(non_ascii) > 0.9


def _is_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 27 or 27 < b < 32)
    return controls > len(sample) * 0.05


def decode(data: bytes) -> str:
    """Bytes to text by their real encoding: UTF-8 (BOM or not), UTF-16 with BOM, cp1258."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Rejected("broken UTF-16 text") from exc
    if _is_binary(data):
        raise Rejected("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            text = ""
        if text and _looks_vietnamese(text):
            return text
        if utf8_error.start > len(data) * 0.95 or _mostly_utf8(data):
            # a few broken bytes in otherwise good UTF-8: keep the text, mark the bad bytes
            return data.decode("utf-8", errors="replace")
        raise Rejected("not text in a known encoding (UTF-8, UTF-16, cp1258)") from None


def _mostly_utf8(data: bytes) -> bool:
    decoded = data.decode("utf-8", errors="replace")
    return decoded.count("\ufffd") < max(3, len(decoded) // 1000)


# -- HTML -----------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "figure", "figcaption", "blockquote", "pre", "hr",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skip:
            return
        if self._in_h1:
            self.h1_parts.append(data)
        self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (blocks as paragraphs) and its title, if it has one."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    title = " ".join("".join(parser.h1_parts or parser.title_parts).split()) or None
    return text, title


_HTML_LEFTOVER = re.compile(
    r"</?(?:p|br|div|span|a|b|i|em|strong|u|h[1-6]|li|ul|ol|img|figure|figcaption|table|tr|td)"
    r"\b[^<>]{0,500}?/?>|&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-fA-F]{1,6});",
    re.IGNORECASE,
)


def strip_html_leftovers(text: str) -> str:
    """Tags and entities left in a text file by a scrape, reduced to text."""
    if not _HTML_LEFTOVER.search(text):
        return text
    reduced, _title = html_to_text(text)
    return reduced


# -- lines: dates, junk, bylines, photo markers -------------------------------------------

_DATE_DMY = re.compile(
    r"^(?:(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)|Chủ\s+[Nn]hật|T[2-7]|CN)"
    r"\s*,?\s*)?(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    r"(?:\s*[,-]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:\(?GMT[+-]\d+\)?|AM|PM|SA|CH)?)?\s*$",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ][0-9:.+Z-]*)?$")
_DATE_MARK = re.compile(r"(?:^|(?<=\s))date (\d{4}-\d{2}(?:-\d{2})?)(?= |\n|$)")
_END_MARK = re.compile(r"\s*\./\.\s*$")
_JUNK_LINE = re.compile(r"^(?:Ý kiến\s*\(\s*\d*\s*\)|[.\s…·•*-]*|Chia sẻ|Bình luận\s*\(\d*\))$")
_PHOTO_MARKER = re.compile(r"^[A-Z]{1,6}\d{0,4}-\S.*-\d{1,3}$")
_CREDIT = re.compile(
    r"(?:\((?:Nguồn|Ảnh|Nguồn ảnh|Photo)\s*:[^()]{1,80}\)|(?:^|\s)(?:Ảnh|Nguồn|Photo)\s*:\s*"
    r"[^.:]{1,60})\s*\.?\s*$"
)
_CAPTION_START = re.compile(r"^(?:Quang cảnh|Toàn cảnh|Ảnh minh họa|Ảnh minh hoạ)\b")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*(?:-[^\W\d_]+)?$")


def parse_date(value: str) -> str | None:
    """A date line or field as ISO (day/month order for numeric dates); None if not a date."""
    value = value.strip()
    match = _DATE_ISO.match(value)
    if match:
        year, month, day = match.groups()
        return _valid(int(year), int(month), int(day) if day else None)
    match = _DATE_DMY.match(value)
    if match:
        day, month, year = match.groups()
        return _valid(int(year), int(month), int(day))
    return None


def _valid(year: int, month: int, day: int | None) -> str | None:
    import calendar

    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_byline(line: str) -> bool:
    """A short run of capitalised words with no sentence punctuation: an author's name."""
    line = line.strip()
    if not line or len(line) > 48 or line[-1] in ".!?:;,)":
        return False
    parts = line.split()
    if not 2 <= len(parts) <= 5:
        return False
    return all(_NAME_WORD.match(p) and p[0].isupper() and not p[1:].isupper() for p in parts)


def _is_junk(line: str) -> bool:
    return bool(_JUNK_LINE.match(line.strip()))


def _is_caption_line(line: str, *, last: bool) -> bool:
    """A photo caption standing among the paragraphs (credit, or a short unpunctuated line)."""
    if _CREDIT.search(line):
        return True
    if _CAPTION_START.match(line) and len(line) < 200:
        return True
    if last:
        return False
    stripped = line.rstrip()
    n_words = len(stripped.split())
    return 2 <= n_words <= 14 and stripped[-1] not in ".!?:;…,\"”)'" and not stripped.isupper()


# -- the title inferred from a lede ----------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


def infer_title(lede: str, target: int = TITLE_TARGET) -> str:
    """The lede's first sentence, cut at a clause or word boundary near ``target`` chars."""
    first = lede.strip()
    match = _SENTENCE_END.search(first, 0, target * 3)
    if match:
        first = first[: match.start()]
    first = first.rstrip(" .")
    if len(first) <= target + 10:
        return first
    window = first[: target + 10]
    comma = window.rfind(", ", target // 2)
    if comma > 0:
        return window[:comma].rstrip()
    space = window.rfind(" ", 0, target)
    cut = window[:space] if space > target // 2 else window[:target]
    return cut.rstrip(" ,;:-") + "…"


# -- the text of one article -----------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n")]


def parse_article(text: str, source: str = "", title_hint: str | None = None) -> Article | None:
    """The text of one article (already cleaned) to an Article; None when it holds no text."""
    lines = [line for line in _lines(text) if line]
    date: str | None = None
    title: str | None = title_hint

    # header: ' date 2020-09 ' prefix, a title line, a date line
    if lines:
        mark = _DATE_MARK.match(lines[0])
        if mark:
            date = parse_date(mark.group(1))
            lines[0] = lines[0][mark.end() :].strip()
            if not lines[0]:
                lines.pop(0)
    if lines and title is None and date is None:
        first = lines[0]
        if parse_date(first) is None and _looks_like_title(first, lines[1:]):
            title = first
            lines.pop(0)
    for i, line in enumerate(lines[:3]):
        found = parse_date(line)
        if found:
            date = date or found
            lines.pop(i)
            break

    # footer: junk, end marks, byline
    while lines and _is_junk(lines[-1]):
        lines.pop()
    author: str | None = None
    if len(lines) > 1 and is_byline(lines[-1]):
        author = lines.pop()
        while lines and _is_junk(lines[-1]):
            lines.pop()

    paragraphs: list[str] = []
    captions: list[str] = []
    caption_at: list[int] = []
    expect_caption = False
    for index, line in enumerate(lines):
        if _PHOTO_MARKER.match(line):
            expect_caption = True
            continue
        if _is_junk(line):
            continue
        line = _END_MARK.sub(".", line) if line.endswith("./.") else line
        is_last = index == len(lines) - 1
        if expect_caption or (paragraphs and _is_caption_line(line, last=is_last)):
            captions.append(line)
            caption_at.append(len(paragraphs))
            expect_caption = False
            continue
        paragraphs.append(line)

    if not paragraphs and not captions and not title:
        return None
    lede = paragraphs.pop(0) if paragraphs else ""
    caption_at = [max(0, at - 1) for at in caption_at]
    inferred = title is None
    if title is None:
        title = infer_title(lede or (captions[0] if captions else ""))
    return Article(
        title=title,
        title_inferred=inferred,
        date=date,
        author=author,
        lede=lede,
        paragraphs=paragraphs,
        captions=captions,
        caption_at=caption_at,
        source=source,
    )


def _looks_like_title(line: str, rest: list[str]) -> bool:
    if not rest or len(line) > 300:
        return False
    if line.endswith((".", "./.", ";", ",", ":")) and not line.isupper():
        return False
    return len(line.split()) >= 2 or line.isupper()


def split_glued(text: str) -> list[str]:
    """Split text where a scrape glued articles: a byline (or a line end), then ' date ...'."""
    pieces: list[str] = []
    start = 0
    for match in _DATE_MARK.finditer(text):
        at = match.start()
        if at == 0:
            continue
        line_start = text.rfind("\n", 0, at) + 1
        before = text[line_start:at]
        if before.strip() and not is_byline(before):
            continue
        if text[start:line_start].strip() or before.strip():
            cut = at if before.strip() else line_start
            piece = text[start:cut]
            if before.strip():  # keep the byline on a line of its own
                piece = text[start:line_start] + "\n" + before.strip()
            pieces.append(piece)
            start = at
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


# -- whole files ------------------------------------------------------------------------------


def parse_text(text: str, source: str = "") -> list[Article]:
    text = strip_html_leftovers(clean(text))
    articles = [parse_article(piece, source) for piece in split_glued(text)]
    return [a for a in articles if a is not None]


def _markdown_to_text(text: str) -> tuple[str, str | None]:
    lines = text.split("\n")
    title = None
    for i, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                title = line[2:].strip().strip("#").strip()
                lines = lines[i + 1 :]
            break
    body = "\n".join(lines)
    body = re.sub(r"^#{1,6}\s+", "", body, flags=re.MULTILINE)
    body = re.sub(r"(\*\*|__)(.+?)\1", r"\2", body)
    body = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", body)
    return body, title or None


def _record_to_article(record: Any, source: str) -> Article:
    if not isinstance(record, dict):
        raise Rejected("a JSON record is not an object")
    body = record.get("body")
    if isinstance(body, list):
        body = "\n\n".join(str(p) for p in body if p is not None)
    if not isinstance(body, str) or not body.strip():
        raise Rejected("a JSON record has no body")
    title = record.get("title")
    title = " ".join(clean(str(title)).split()) if title else None
    date_value = record.get("date")
    date = parse_date(clean(str(date_value))) if date_value else None
    author = record.get("author")
    text = strip_html_leftovers(clean(body))
    article = parse_article(text, str(record.get("source") or source), title_hint=title or None)
    if article is None:
        raise Rejected("a JSON record has no text")
    article.date = date or article.date
    if author:
        article.author = " ".join(clean(str(author)).split()) or article.author
    return article


def _parse_json(text: str, source: str, lines: bool) -> list[Article]:
    records: list[Any] = []
    if lines:
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise Rejected(f"line {number} is not JSON ({exc.msg})") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise Rejected(f"not JSON ({exc.msg} at line {exc.lineno})") from None
        records = data if isinstance(data, list) else [data]
    articles = []
    problems = []
    for number, record in enumerate(records, start=1):
        try:
            articles.append(_record_to_article(record, source))
        except Rejected as exc:
            problems.append(f"record {number}: {exc}")
    if not articles:
        raise Rejected("; ".join(problems[:3]) or "no records")
    return articles


def parse_bytes(data: bytes, source: str) -> list[Article]:
    """Every article in one file's bytes; raises Rejected with the reason when there is none."""
    if len(data) > MAX_FILE_BYTES:
        raise Rejected(f"too large ({len(data) // (1024 * 1024)} MB; the limit is 64 MB)")
    if not data.strip():
        raise Rejected("empty file")
    text = decode(data)
    suffix = PurePath(source).suffix.lower()
    name = PurePath(source).name
    if suffix in {".json", ".jsonl", ".ndjson"}:
        articles = _parse_json(text.lstrip("\ufeff"), name, lines=suffix != ".json")
    elif suffix in {".html", ".htm", ".xhtml"}:
        body, title = html_to_text(clean(text))
        article = parse_article(clean(html.unescape(body)), name, title_hint=title)
        articles = [article] if article else []
    elif suffix in {".md", ".markdown"}:
        body, title = _markdown_to_text(clean(text))
        if title:
            article = parse_article(strip_html_leftovers(body), name, title_hint=title)
            articles = [article] if article else []
        else:
            articles = parse_text(body, name)
    else:
        articles = parse_text(text, name)
    if not articles:
        raise Rejected("no article text in it")
    return articles
