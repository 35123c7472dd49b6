"""One article's text in, an article out; the readers of HTML and Markdown files.

The files are scraped news pages (see the bundled seeds): a title line or none, a date line in
one of several forms or none, a lede, paragraphs, photo markers and captions, credits, an
author byline at the end, and scraping junk. ``store.formats`` reads a file by its kind, JSON,
JSON lines and CSV records through ``store.records``, text files through ``store.dump``, a
saved web page's article found by ``store.page`` and a feed's items by ``store.feeds``; all
of them end in ``parse_article`` here, and share the cleaning and the encoding detection.

Everything here is linear in the size of the input: files of many megabytes, or one line of
a megabyte, must parse in well under a second or two (no regex may backtrack over a line).
"""

from __future__ import annotations

import calendar
import codecs
import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .byline import (
    drop_junk,
    may_hold_junk,
    may_hold_photo_credits,
    split_footer,
    split_photo_credits,
)
from .text import clean, spaced

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
    # where the article came from, as its file gave it (None or empty: not given)
    url: str | None = None  # the page's address
    outlet: str | None = None  # the publication's name ("VnExpress", "Tuổi Trẻ")
    section: str | None = None  # the outlet's section ("Pháp luật")
    tags: list[str] = field(default_factory=list)  # the source's own tags or keywords
    credit: str | None = None  # the credit line apart from the author ("Theo VOV", "TTXVN")

    @property
    def text(self) -> str:
        """Lede and paragraphs, one paragraph a line pair: what is searched and hashed."""
        return "\n\n".join([self.lede, *self.paragraphs] if self.lede else self.paragraphs)


class Articles(list[Article]):
    """The articles of one file, and what in it could not be read (``problems``).

    A JSON lines file with one bad record still gives its good records; the bad ones are
    listed in ``problems`` (for example ``"line 3: not JSON (Expecting value)"``) so that an
    import can report them.
    """

    def __init__(
        self, articles: list[Article] | None = None, problems: list[str] | None = None
    ) -> None:
        super().__init__(articles or [])
        self.problems: list[str] = list(problems or [])
        # what was read but not used, said once for the file (``"ignored: views, likes"``)
        self.notes: list[str] = []


# -- bytes to text ---------------------------------------------------------------------------

# Letters only Vietnamese uses among Latin scripts, after NFC: their presence tells a right
# decoding from a wrong one.
_VIET_LETTERS = set(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    "ÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴ"
)
_SAMPLE = 65536


def _looks_vietnamese(text: str) -> bool:
    """Whether the letters beyond ASCII are (nearly) all Vietnamese ones."""
    sample = unicodedata.normalize("NFC", text[:200_000])
    non_ascii = [c for c in sample if ord(c) > 127 and c.isalpha()]
    if not non_ascii:
        return any(c.isalpha() for c in sample)
    viet = sum(1 for c in non_ascii if c in _VIET_LETTERS)
    return viet / len(non_ascii) > 0.9


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 27 or 27 < b < 32)
_CONTROL_CHARS = re.compile("[" + "".join(map(chr, _CONTROL_BYTES)) + "]")


def control_share(chars: bytes | str) -> float:
    """The share of control characters other than tab, newline, CR and ESC."""
    if not chars:
        return 0.0
    if isinstance(chars, bytes):
        controls = len(chars) - len(chars.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROL_CHARS.findall(chars))
    return controls / len(chars)


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 with no byte-order mark, recognised by its zero bytes; else None."""
    sample = data[:_SAMPLE]
    if len(data) % 2 or len(sample) < 4:
        return None
    half = len(sample) // 2
    zeros_even = sample[0::2].count(0) / half
    zeros_odd = sample[1::2].count(0) / half
    for codec, high, low in (
        ("utf-16-le", zeros_odd, zeros_even),
        ("utf-16-be", zeros_even, zeros_odd),
    ):
        if high > 0.3 and low < 0.02:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if control_share(text[:_SAMPLE]) < 0.01 and _looks_vietnamese(text):
                return text
    return None


def decode(data: bytes) -> str:
    """Bytes to text by their real encoding: UTF-8 (BOM or not), UTF-16 (BOM), cp1258.

    Decided by the content, never by guessing Latin-1: cp1258 is taken only when the
    text it gives is Vietnamese.
    """
    if data.startswith(codecs.BOM_UTF8):
        body = data[3:]
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            if _mostly_utf8(body):
                return body.decode("utf-8", errors="replace")
            raise Rejected("not valid UTF-8, though it starts with a UTF-8 mark") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Rejected("broken UTF-16 text") from exc
        if control_share(text[:_SAMPLE]) > 0.05:
            raise Rejected("binary file, not text")
        return text
    zeros = data[:_SAMPLE].count(0)
    if zeros:
        text16 = _utf16_without_bom(data)
        if text16 is not None:
            return text16
        if zeros > len(data[:_SAMPLE]) * 0.01:  # a stray NUL in a text is stripped, many: binary
            raise Rejected("binary file, not text")
    if control_share(data[:_SAMPLE]) > 0.05:
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

_BLOCK_TAGS = set(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer figure"
    " figcaption blockquote pre hr".split()
)
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}
_DATE_META = {
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "og:published_time",
}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.dates: list[str] = []
        self._skip = 0
        self._in_title = False
        self._h1 = 0  # 1 inside the first h1, 2 after it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1" and self._h1 == 0:
            self._h1 = 1
        if tag == "meta":
            values = {k.lower(): v or "" for k, v in attrs}
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key.lower() in _DATE_META and values.get("content"):
                self.dates.append(values["content"])
        if tag == "time":
            stamp = dict(attrs).get("datetime")
            if stamp:
                self.dates.append(stamp)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag == "h1" and self._h1 == 1:
            self._h1 = 2
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skip:
            return
        if self._h1 == 1:
            self.h1_parts.append(data)
        self.parts.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # Python before 3.13 raises AssertionError on a marked section it does not know
        # ("<![x", "<![<p>"): one of them lost the whole page. Read it as a browser does, as a
        # bogus comment up to the next ">".
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1


def _html(markup: str) -> _TextExtractor:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser


_INLINE_TAGS = set(
    "a span b i em strong u s small big sup sub font mark abbr cite q time del ins img picture"
    " source label nobr wbr center strike tt meta link".split()
)
_BLOCK_TAG_NAMES = (_BLOCK_TAGS - {"br"}) | set("thead tbody td th dl dt dd caption".split())
# any tag-like run; whether it is a tag a scrape leaves is decided by its name (a regex
# alternation of names tried at every "<" would be slow on a long line of them)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,11})(?:\s[^<>]{0,500})?/?>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_COMMENT = re.compile(r"<!--[^<>]{0,2000}?-->")


def _leftover_tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name == "br":
        return "\n"
    if name in _BLOCK_TAG_NAMES:
        return "\n\n"
    if name in _INLINE_TAGS:
        return ""
    return match.group(0)  # "<Tên>" or the like: text, kept as written


def strip_html_leftovers(text: str) -> str:
    """Tags and entities left in a text file by a scrape, reduced to (clean) text.

    Only the tags a scrape leaves (``<p>``, ``<br/>``, ``<a href>``, ``<span>`` ...) are
    taken out; other text in angle brackets stays as written. Linear: plain regexes.
    """
    reduced = text
    if "<" in reduced:
        reduced = _COMMENT.sub("", _TAG.sub(_leftover_tag, reduced))
    if "&" in reduced and _ENTITY.search(reduced):
        reduced = html.unescape(reduced)
    if reduced == text:
        return text
    return clean(reduced)  # an entity may have spelt an escape or a bidi override


class _FragmentExtractor(_TextExtractor):
    """The text of an HTML fragment: a run of whitespace is a space (only tags break lines),
    and a figure's caption is kept apart with the number of text blocks before it."""

    def __init__(self) -> None:
        super().__init__()
        self.captions: list[tuple[int, str]] = []  # (len(parts) where it stood, its text)
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figcaption":
            self._caption = []
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption" and self._caption is not None:
            self.captions.append((len(self.parts), "".join(self._caption)))
            self._caption = None
        super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        words = " ".join(data.split())  # a run of whitespace is one space, kept at the ends
        if not words:
            data = " " if data else ""
        else:
            data = (" " if data[0].isspace() else "") + words + (" " if data[-1].isspace() else "")
        if self._caption is not None and not self._skip:
            self._caption.append(data)
            return
        super().handle_data(data)


_BLOCK_BREAK = re.compile(r"\n\s*\n")
# a field is read as HTML when it holds a tag that makes a text block (text with only inline
# tags, ``<b>``, ``<a href>``, keeps its own line breaks: ``strip_html_leftovers``)
_HTML_FRAGMENT = re.compile(
    r"<(?:p|br|div|figure|figcaption|h[1-6]|ul|ol|li|table|tr|blockquote|section|article)"
    r"\b[^<>]{0,500}/?>",
    re.IGNORECASE,
)


_FRAGMENT_NEEDS_PARSER = re.compile(
    r"<(?:script|style|head|title|noscript|template|svg|figcaption)\b|<!|<\?", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """Whether a field's text is HTML made of blocks (``<p>``, ``<br>``, ``<div>`` ...)."""
    return "<" in text and _HTML_FRAGMENT.search(text) is not None


def html_fragment_text(markup: str) -> tuple[str, list[tuple[int, str]]]:
    """The text of an HTML fragment (a scraper's ``content_html``), cleaned: blocks (``<p>``,
    ``<div>``, headings, list items) a blank line apart, ``<br>`` a line break, a run of spaces
    and newlines inside a block one space, scripts and styles dropped. Each ``<figcaption>``
    is given apart: (how many text blocks stand before it, its text)."""
    if not _FRAGMENT_NEEDS_PARSER.search(markup):
        # only the tags a scrape leaves, no caption, script or comment: the regexes of
        # ``strip_html_leftovers`` on the text with its whitespace folded, which is quicker
        reduced = _TAG.sub(_leftover_tag, " ".join(markup.split()))
        if "<" not in reduced:
            return clean(html.unescape(reduced) if "&" in reduced else reduced), []
    parser = _FragmentExtractor()
    parser.feed(markup)
    parser.close()
    captions: list[tuple[int, str]] = []
    blocks = 0
    done = 0
    for at, caption in parser.captions:
        blocks += sum(1 for b in _BLOCK_BREAK.split("".join(parser.parts[done:at])) if b.strip())
        done = at
        text = " ".join(clean(caption).split())
        if text:
            captions.append((blocks, text))
    return clean("".join(parser.parts)), captions


# -- lines: dates, junk, bylines, photo markers -------------------------------------------

_DATE_DMY = re.compile(
    r"^(?:(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ\s+nhật|T[2-7]|CN)\s*,?\s*)?"
    r"(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    r"(?:\s*[,-]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:\(?GMT\s*[+-]\s*\d{1,2}\)?|AM|PM|SA|CH)?)?"
    r"\s*$",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ][0-9:.+Z-]{0,40})?$")
_DATE_MARK = re.compile(r"(?:^|(?<=\s))date (\d{4}-\d{2}(?:-\d{2})?)(?= |\n|$)")
# the same mark found by its words alone (a quick scan), the start checked after
_DATE_WORDS = re.compile(r"date \d{4}-\d{2}(?:-\d{2})?(?= |\n|$)")
# the end mark of Vietnamese news: "./." (also ". /.")
_END_MARK = re.compile(r"\s?\.\s?/\s?\.$")
_END_MARK_ALONE = re.compile(r"^\.\s?/\s?\.$")
_SENTENCE_FINAL = ".!?…"
_JUNK_LINE = re.compile(
    r"^(?:Ý kiến\s*\(\s*\d*\s*\)|[.\s…·•*-]*|Chia sẻ|Bình luận\s*\(\s*\d*\s*\))$"
)
# DB11-<title>-0: the file name of a photo, left where the photo was
# (not "ASEAN-Nhật Bản 2021-25": a number range is no photo index)
_PHOTO_MARKER = re.compile(r"^[A-Z]{1,6}\d{0,4}-\S[^\n]{0,300}?(?<!\d)\s?-\d{1,3}$")
_CREDIT = re.compile(
    r"(?:\((?:Nguồn|Ảnh|Nguồn ảnh|Photo)\s*:[^()]{1,80}\)|(?:^|\s)(?:Ảnh|Nguồn|Photo)\s*:\s*"
    r"[^.:]{1,60})\s*\.?$"
)
_CREDIT_ONLY = re.compile(
    r"^(?:\((?:Nguồn|Ảnh|Nguồn ảnh|Photo)\s*:[^()]{1,80}\)|(?:Ảnh|Nguồn|Photo)\s*:\s*[^.:]{1,60})"
    r"\.?$"
)
_CAPTION_MAX = 400  # a line longer than this is a paragraph, whatever it ends with
_CAPTION_START = re.compile(r"^(?:Quang cảnh|Toàn cảnh|Ảnh minh họa|Ảnh minh hoạ)\b")
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)?$")
# capitalised words a byline never holds (institutions, attributions)
_NOT_NAME = {
    "Bộ",
    "Hội",
    "Sở",
    "Cục",
    "Viện",
    "Ủy",
    "Uỷ",
    "Ban",
    "Quốc",
    "Liên",
    "Theo",
    "Nguồn",
    "Ảnh",
    "Báo",
    "Tỉnh",
    "Huyện",
    "Đảng",
    "Chính",
    "Phủ",
}
_AGENCY = re.compile(r"\s*(?:/\s*|\(\s*)[A-ZĐ][A-ZĐ0-9 .&-]{1,15}\)?$")


def parse_date(value: str) -> str | None:
    """A date line or field as ISO (day/month order for numeric dates); None if not a date."""
    value = value.strip()
    if len(value) > 80:
        return None
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
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_byline(line: str) -> bool:
    """A short run of capitalised words with no sentence punctuation: an author's name.

    An agency after a slash or in brackets is allowed: ``Huyền Lê/TTXVN``.
    """
    line = line.strip()
    if not line or len(line) > 60:
        return False
    line = _AGENCY.sub("", line)
    if not line or len(line) > 48 or line[-1] in ".!?:;,)…\"”'":
        return False
    parts = line.split()
    if not 2 <= len(parts) <= 5 or "Việt Nam" in line:
        return False
    return all(
        _NAME_WORD.match(p) and p[0].isupper() and not p[1:].isupper() and p not in _NOT_NAME
        for p in parts
    )


def _is_junk(line: str) -> bool:
    return bool(_JUNK_LINE.match(line))


def _has_credit(line: str) -> bool:
    """Whether the line ends with a photo credit: ``(Nguồn: TTXVN)``, ``Ảnh: VGP``."""
    return ":" in line[-100:] and _CREDIT.search(line, max(0, len(line) - 100)) is not None


def _is_caption_line(line: str, *, last: bool) -> bool:
    """A photo caption standing among the paragraphs (credit, or a short unpunctuated line)."""
    if len(line) > _CAPTION_MAX:
        return False
    if _has_credit(line):
        return True
    if _CAPTION_START.match(line) and len(line) < 200:
        return True
    if last or line.startswith(("•", "- ", "+ ", "* ")):  # the last line; a list item
        return False
    n_words = len(line.split())
    return 2 <= n_words <= 14 and line[-1] not in ".!?:;…,\"”)'" and not line.isupper()


def _end_sentence(line: str) -> str:
    """A paragraph that the end mark closed: it ends with its period."""
    line = line.rstrip()
    return line if line.endswith(tuple(_SENTENCE_FINAL)) else line + "."


# -- the title inferred from a lede ----------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
# a period after these is not the end of a sentence ("TP. Hồ Chí Minh", "PGS. TS. Lê Văn A")
_ABBREVIATIONS = ("TP", "Tp", "PGS", "GS", "TS", "ThS", "BS", "Th.S", "St", "Mr", "Mrs", "Dr")


def infer_title(lede: str, target: int = TITLE_TARGET) -> str:
    """The lede's first sentence, cut at a clause or word boundary near ``target`` chars."""
    first = lede.strip()
    for match in _SENTENCE_END.finditer(first, 0, target * 3):
        if first[: match.start()].endswith(_ABBREVIATIONS) and match.group() == ".":
            continue
        if _has_word(first[: match.start()]):
            first = first[: match.start()]
        break
    first = first.rstrip(" .") or first
    if len(first) <= target + 10:
        return first
    window = first[: target + 10]
    cut = max(window.rfind(sep, target // 2) for sep in (", ", "; ", ": ", " - ", " – "))
    if cut > 0:
        return window[:cut].rstrip()
    space = window.rfind(" ", 0, target)
    cut_text = window[:space] if space > target // 2 else window[:target]
    return cut_text.rstrip(" ,;:-") + "…"


# -- the text of one article -----------------------------------------------------------------


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


_SPACE_RUN = re.compile("  +")
# a line that is a page's address alone (a scraper's habit: first or last; in a dump, above
# each article's title)
URL_LINE = re.compile(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?$")


def _lines(text: str) -> list[str]:
    """The text's lines, each ``spaced``."""
    if text.replace("\n", " ").isprintable():
        # its only whitespace is " " (every other kind is unprintable) and newlines: ``spaced``
        # comes down to one space for a run of them, none at the ends of a line
        if "  " in text:
            text = _SPACE_RUN.sub(" ", text)
        return [line.strip(" ") for line in text.split("\n")]
    return [spaced(line) for line in text.split("\n")]


def _looks_like_title(line: str, rest: list[str]) -> bool:
    if not rest or len(line) > 300 or not _has_word(line) or parse_date(line) is not None:
        return False
    if _PHOTO_MARKER.match(line) or _is_junk(line):
        return False
    if line.endswith((".", ";", ",", ":")) and not line.isupper():
        return line.endswith(".") and _title_by_shape(line, rest)
    return len(line.split()) >= 2 or line.isupper()


def _title_by_shape(line: str, rest: list[str]) -> bool:
    """A first line ending with a period that the file's shape makes a title: the scraped
    shape of a title line, a lede line and a body line (or a title and one long line), the
    first line one short sentence, shorter than the next."""
    if not 1 <= len(rest) <= 2 or len(line) > 200 or len(line.split()) < 3:
        return False
    if len(rest[0]) <= len(line) or any(len(r) < 60 for r in rest):
        return False
    return not any(
        not line[: m.start()].endswith(_ABBREVIATIONS)
        for m in _SENTENCE_END.finditer(line, 0, len(line) - 1)
        if m.end() < len(line.rstrip(".…")) and line[m.end() :].strip()[:1].isupper()
    )


def parse_article(
    text: str, source: str = "", title_hint: str | None = None, *, structured: bool = False
) -> Article | None:
    """The text of one article (already cleaned) to an Article; None when it holds no text.

    ``structured``: the text is the body of a record that gave its own fields (JSON), so its
    first line is never taken for a title.
    """
    lines = [line for line in _lines(text) if line]
    date: str | None = None
    title: str | None = title_hint if title_hint and _has_word(title_hint) else None
    may_find_title = title is None and not structured
    # the page's address on a line of its own, first (a scraper's habit) or last: the
    # article's address, never its title or its lede
    url: str | None = None
    if len(lines) > 1 and URL_LINE.match(lines[0]):
        url = lines.pop(0)
    elif len(lines) > 1 and URL_LINE.match(lines[-1]):
        url = lines.pop()

    # header: a ' date 2020-09 ' prefix (no title then), or a title line and a date line
    if lines:
        mark = _DATE_MARK.match(lines[0])
        if mark:
            date = parse_date(mark.group(1))
            may_find_title = False
            lines[0] = lines[0][mark.end() :].strip()
            if not lines[0]:
                lines.pop(0)
    if may_find_title and lines and _looks_like_title(lines[0], lines[1:]):
        title = lines.pop(0)
    # the date line stands before the lede: first, or second after a short line (a section
    # name); a date further down is body text, never the article's date
    header = 2 if lines and len(lines[0]) < 60 and not lines[0].endswith(".") else 1
    for i, line in enumerate(lines[:header]):
        found = parse_date(line)
        if found:
            date = date or found
            lines.pop(i)
            # a date line first, then the title
            first_line = i == 0 and title is None and may_find_title and bool(lines)
            if first_line and _looks_like_title(lines[0], lines[1:]):
                title = lines.pop(0)
            break
    if title and lines and lines[0].casefold() == title.casefold():
        lines.pop(0)  # the title again as the first line (an HTML h1, a JSON body)

    two_line = title is not None and len(lines) == 1 and not structured
    # site junk ("Xem thêm:", a share bar), and the photo credits inside a long line: a credit
    # and the sentence before it (its caption) leave the body
    sure_captions: set[int] = set()
    if may_hold_junk(text) or may_hold_photo_credits(text):  # one look at the whole text first
        expanded: list[str] = []
        for line in lines:
            line, _dropped = drop_junk(line)
            if not line:
                continue
            if len(line) <= _CAPTION_MAX:
                expanded.append(line)
                continue
            for kind, piece in split_photo_credits(line):
                if kind == "c":
                    sure_captions.add(len(expanded))
                expanded.append(piece)
        lines = expanded

    # footer: junk, end marks, byline and credits (on a line of their own, or ending the last)
    while lines and _is_junk(lines[-1]):
        lines.pop()
    author: str | None = None
    credit: str | None = None
    footer = None
    plain_name = len(lines) > 1 and is_byline(lines[-1]) and not _AGENCY.search(lines[-1])
    if lines and len(lines) - 1 not in sure_captions and not plain_name:
        footer = split_footer(lines[-1], whole=len(lines) > 1)
    if footer is None and len(lines) > 1 and is_byline(lines[-1]):
        author = lines.pop()
        while lines and _is_junk(lines[-1]):
            lines.pop()
    elif footer is not None:
        author = " - ".join(footer.authors) or None
        credit = "; ".join(footer.credits) or None
        if footer.text:
            lines[-1] = footer.text
        else:
            lines.pop()
        while lines and _is_junk(lines[-1]):
            lines.pop()

    paragraphs: list[str] = []
    captions: list[str] = []
    caption_at: list[int] = []
    # what the previous line became: "p" paragraph, "c" caption by its look, "m" caption after
    # a photo marker or with a credit (sure), "" nothing yet
    last_kind = ""
    expect_caption = False
    for index, line in enumerate(lines):
        if index in sure_captions:
            captions.append(line)
            caption_at.append(len(paragraphs))
            last_kind = "m"
            continue
        if _PHOTO_MARKER.match(line):
            expect_caption = True
            continue
        if _is_junk(line):
            continue
        if _END_MARK_ALONE.match(line):
            # the end mark on a line of its own closes the paragraph before it
            if last_kind == "c":
                paragraphs.append(_end_sentence(captions.pop()))
                caption_at.pop()
                last_kind = "p"
            elif last_kind == "p":
                paragraphs[-1] = _end_sentence(paragraphs[-1])
            continue
        if line.endswith("/."):
            stripped = _END_MARK.sub("", line)
            if stripped != line:
                paragraphs.append(_end_sentence(stripped))
                last_kind = "p"
                expect_caption = False
                continue
        if _CREDIT_ONLY.match(line):
            if last_kind in ("c", "m"):  # a credit on the line under its caption
                captions[-1] = f"{captions[-1]} {line}"
                last_kind = "m"
                continue
            if last_kind == "p" and len(paragraphs) > 1 and len(paragraphs[-1]) <= _CAPTION_MAX:
                captions.append(f"{paragraphs.pop()} {line}")  # the line above was the caption
                caption_at.append(len(paragraphs))
                last_kind = "m"
                continue
            captions.append(line)  # a credit is never body text
            caption_at.append(len(paragraphs))
            last_kind = "m"
            continue
        is_last = index == len(lines) - 1
        if expect_caption or (paragraphs and _is_caption_line(line, last=is_last)):
            captions.append(line)
            caption_at.append(len(paragraphs))
            last_kind = "m" if expect_caption or _has_credit(line) else "c"
            expect_caption = False
            continue
        paragraphs.append(line)
        last_kind = "p"

    if not any(_has_word(p) for p in paragraphs + captions):
        return None  # no letter or digit: nothing to read
    lede = paragraphs.pop(0) if paragraphs else ""
    caption_at = [max(0, at - 1) for at in caption_at]
    if two_line and not paragraphs:
        # a title and one long line: the line's first sentence is the lede, the rest the body
        lede, body = _first_sentence(lede)
        if body:
            paragraphs.append(body)
            caption_at = [at if at == 0 else at + 1 for at in caption_at]
    inferred = title is None
    if title is None:
        title = infer_title(next(p for p in [lede, *paragraphs, *captions] if _has_word(p)))
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
        url=url,
        credit=credit,
    )


_LEDE_MIN = 60  # a lede cut from a long line is at least this long
_LEDE_LINE = 600  # a line longer than this holds a lede and a body


def _first_sentence(line: str) -> tuple[str, str]:
    """A long line cut after its first sentence: (lede, body); (line, "") when short."""
    if len(line) <= _LEDE_LINE:
        return line, ""
    for match in _SENTENCE_END.finditer(line, _LEDE_MIN, _LEDE_LINE):
        if line.endswith(_ABBREVIATIONS, 0, match.start()) and match.group() == ".":
            continue
        after = line[match.end() : match.end() + 3].strip()
        if after[:1].isupper() or after[:1] in "\"“'(":
            return line[: match.end()].rstrip(), line[match.end() :].strip()
    return line, ""


_GLUE_AFTER = tuple(_SENTENCE_FINAL + '"”»)')


def split_glued(text: str) -> list[str]:
    """Split text where a scrape glued articles: ' date ...' after a line end, a byline or a
    finished sentence. A byline before the mark goes to the article before it."""
    if "date " not in text:
        return [text]
    pieces: list[str] = []
    start = 0
    line_start = 0
    scanned = 0  # text[:scanned] has been searched for line ends (keeps this linear)
    for match in _DATE_WORDS.finditer(text):
        at = match.start()
        if at and not text[at - 1].isspace():
            continue  # not a mark: _DATE_MARK's start
        newline = text.rfind("\n", scanned, at)
        if newline >= 0:
            line_start = newline + 1
        scanned = at
        if at == 0:
            continue
        # only the end of a long line matters: keep this linear on one huge line
        before = text[max(line_start, at - 200) : at].strip()
        whole_line = at - line_start <= 200
        if not before and whole_line:
            cut, piece = line_start, text[start:line_start]
        elif whole_line and is_byline(before):
            cut, piece = at, text[start:line_start] + "\n" + before
        elif before.endswith(_GLUE_AFTER):
            cut, piece = at, text[start:at]
        else:
            continue
        if piece.strip():
            pieces.append(piece)
            start = at
        elif not text[start:cut].strip():
            start = at
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


# -- whole files ------------------------------------------------------------------------------


def parse_text(text: str, source: str = "") -> list[Article]:
    return _parse_clean_text(clean(text), source)


def _parse_clean_text(text: str, source: str) -> list[Article]:
    """``parse_text`` of a text ``clean`` has been through."""
    text = strip_html_leftovers(text)
    articles = [parse_article(piece, source) for piece in split_glued(text)]
    return [a for a in articles if a is not None]


def _parse_html_text(text: str, source: str) -> list[Article]:
    """The article of an HTML page read by its text alone, every block of the page in it: what
    is left when the main-content extractor finds no article in a page."""
    parser = _html(text)
    body = clean("".join(parser.parts))
    title_text = " ".join(clean("".join(parser.h1_parts or parser.title_parts)).split())
    article = parse_article(body, source, title_hint=title_text or None)
    if article is None:
        return []
    if article.date is None:
        for stamp in parser.dates:
            found = parse_date(clean(stamp))
            if found:
                article.date = found
                break
    return [article]


def parse_html(text: str, source: str) -> list[Article]:
    """The article of an HTML page (its text cleaned): its own text (``store.page``), then the
    article rules; the page's metadata gives title, author, date and where it came from."""
    from .page import read_page

    page = read_page(text)
    if page.found_nothing:
        articles = _parse_html_text(text, source)
        for article in articles:
            article.url, article.outlet = page.url, page.outlet
            article.section, article.tags = page.section, page.tags
        return articles
    paragraphs = list(page.paragraphs)
    date = parse_date(page.date) if page.date else None
    while paragraphs and parse_date(paragraphs[0]) is not None:  # the page's date line
        found = parse_date(paragraphs.pop(0))
        date = date or found
        page.captions = [(max(0, at - 1), c) for at, c in page.captions]
    return [
        _article_of_fields(
            source,
            title=page.title,
            lede=page.lede,
            paragraphs=paragraphs,
            captions=page.captions,
            author=page.author,
            date=date,
            url=page.url,
            outlet=page.outlet,
            section=page.section,
            tags=page.tags,
            rows=page.rows,
        )
    ]


def _article_of_fields(
    source: str,
    *,
    title: str | None,
    lede: str | None,
    paragraphs: list[str],
    captions: list[tuple[int, str]],
    author: str | None,
    date: str | None,
    url: str | None,
    outlet: str | None,
    section: str | None,
    tags: list[str],
    rows: set[str] | frozenset[str] = frozenset(),
) -> Article:
    """An article of fields a page or a feed item gave, its text through the article rules
    (bylines, credits, junk). ``captions``: each with the number of ``paragraphs`` before it;
    ``rows``: paragraphs (a table's rows, a list's items) never taken for captions by their
    look. ``Rejected`` when there is no text."""
    blocks = ([lede] if lede else []) + paragraphs
    article = parse_article(clean("\n\n".join(blocks)), source, title_hint=title, structured=True)
    if article is None and not captions:
        raise Rejected("no article text in it")
    if article is None:  # only captions: the first is the lede
        first, *rest = (c for _, c in captions)
        article = Article(title or infer_title(first), title is None, None, None, first, [])
        captions = [(0, c) for c in rest]
    shift = 0 if lede else 1  # the first paragraph became the lede
    placed = list(zip(article.caption_at, article.captions, strict=True))
    if rows:  # a row taken for a caption by its look goes back where it stood
        for at, caption in reversed([(at, c) for at, c in placed if c in rows]):
            article.paragraphs.insert(at, caption)
            placed = [(a + (a > at), c) for a, c in placed if c != caption or a != at]
    placed += [(min(len(article.paragraphs), max(0, at - shift)), c) for at, c in captions]
    placed.sort(key=lambda pair: pair[0])
    article.caption_at = [at for at, _ in placed]
    article.captions = [c for _, c in placed]
    if author:
        byline = article.author
        if byline and byline.casefold() not in author.casefold():
            article.paragraphs.append(byline)  # the text's own byline is kept, never lost
        article.author = author
    article.date = date or article.date
    article.url, article.outlet, article.section = url, outlet, section
    article.tags = list(tags)
    return article


def parse_feed(data: bytes, source: str, base: str | None = None) -> Articles:
    """The articles of an RSS or Atom feed, an item each; an item without text is a problem
    of the file, not its end. ``base``: the feed's address, for its relative item links."""
    from .feeds import NotAFeed, read_feed

    try:
        feed = read_feed(data, base)
    except NotAFeed as exc:
        raise Rejected(str(exc)) from None
    articles: list[Article] = []
    problems = list(feed.problems)
    for number, item in enumerate(feed.items, start=1):
        try:
            articles.append(
                _article_of_fields(
                    source,
                    title=item.title,
                    lede=item.lede,
                    paragraphs=[p for p in item.text.split("\n\n") if p.strip()],
                    captions=[],
                    author=item.author,
                    date=parse_date(item.date) if item.date else None,
                    url=item.url,
                    outlet=feed.outlet,
                    section=item.section,
                    tags=item.tags,
                )
            )
        except Rejected as exc:
            problems.append(f"item {number}: {exc}")
    if not articles:
        shown = "; ".join(problems[:3]) + (
            f" (and {len(problems) - 3} more)" if problems[3:] else ""
        )
        raise Rejected(f"no good item ({shown})" if problems else "no items")
    return Articles(articles, problems)


_MD_INLINE = (
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # image: its alt text
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # link: its text
    (re.compile(r"(\*\*|__)(\S(?:[^\n]*?\S)?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(\S(?:[^\n*]*?\S)?)\*(?![\w*])"), r"\1"),  # italic
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # code
)
_MD_LINE = re.compile(r"^(?:#{1,6}\s+|>\s?)", re.MULTILINE)
_MD_BULLET = re.compile(r"^[-*+]\s+(?=\S)", re.MULTILINE)


def _markdown_inline(text: str) -> str:
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text


def _markdown_to_text(text: str) -> tuple[str, str | None]:
    lines = text.split("\n")
    title = None
    for i, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                title = _markdown_inline(line[2:].strip().strip("#").strip())
                lines = lines[i + 1 :]
            break
    body = _MD_BULLET.sub("• ", _MD_LINE.sub("", "\n".join(lines)))
    return _markdown_inline(body), title or None


def parse_markdown(text: str, source: str) -> list[Article]:
    """The articles of a Markdown text (cleaned)."""
    body, title = _markdown_to_text(text)
    if not title:
        return parse_text(body, source)
    # taking the markup out can join a letter and the mark it held apart ("a**\u0301**"):
    # clean again, for NFC
    article = parse_article(strip_html_leftovers(clean(body)), source, title_hint=clean(title))
    return [article] if article else []


# where a large text file is cut into pieces before it is parsed: a line that starts with a
# date mark, where ``split_glued`` always starts a new article
GLUED_LINE = re.compile(rb"[ \t]*date \d{4}-\d{2}(?:-\d{2})?(?: |\r?\n|\r|$)")
