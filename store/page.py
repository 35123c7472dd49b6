"""A saved news page to its article's parts: the article's own text, found by a main-content
extractor (trafilatura), and where it came from, read from the page's metadata.

The menus, breadcrumbs, share bars, related links, comments and footers of a news site never
reach the text: trafilatura keeps the article's block and nothing around it. Title, author,
date, address, outlet, section, tags and lede come from what the page says of itself (Open
Graph, ``article:*`` meta tags, the canonical link, JSON-LD ``NewsArticle``, its breadcrumbs),
and from the page's sapo (the lede block Vietnamese sites set apart).

``read_page`` gives plain fields (``Page``); ``store.parse`` makes the article of them by the
article rules (bylines, credits, junk). ``html_to_text`` reduces a piece of HTML (a feed item's
content, a scraper's field) to paragraphs. trafilatura and lxml are loaded by the first call.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .text import clean

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# a figcaption is handed to trafilatura as a paragraph starting with this (a private-use
# character no page writes), so that it is kept where it stood and known again after
_CAPTION_MARK = "\ue000"
# the blocks of a news site's page around the article, by their class or id: left out of what
# trafilatura reads, whatever it would have made of them
_AROUND = (
    "share",
    "social",
    "comment",
    "related",
    "relate",
    "breadcrumb",
    "tags",
    "tag-",
    "-tag",
    "__tag",
    "keyword",
    "footer",
    "menu",
    "navbar",
    "banner",
    "advert",
)
_AROUND_WORDS = re.compile("|".join(_AROUND))
_AROUND_TAGS = frozenset({"nav", "footer", "aside", "form"})
# the lede block of the Vietnamese press (VnExpress's p.description, the others' sapo)
_SAPO_XPATH = (
    "//*[contains(@class, 'sapo') or @data-role='sapo' or contains(@class, 'lead')"
    " or contains(@class, 'chapeau') or (self::p and contains(@class, 'description'))]"
)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
_HOME = {"trang chủ", "home", "trang nhất"}
_SPACE = re.compile(r"\s+")
# what lxml refuses in a text it is given (a page's "&#2;" gives one in a text it read)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)[^>]{0,2000}>")
_TITLE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]{1,60}$")
_NEWS_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage"}


@dataclass
class Page:
    """What a page gives of its article, as plain text fields (None or empty: not given).

    ``paragraphs`` are the article's text blocks in order (the lede not among them);
    ``captions`` the figures' captions, each with the number of paragraphs before it.
    ``date`` is as the page writes it (``store.parse.parse_date`` reads it).
    """

    title: str | None = None
    lede: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[tuple[int, str]] = field(default_factory=list)
    author: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    # the paragraphs that are a table's rows or a list's items: never taken for captions
    rows: set[str] = field(default_factory=set)
    # the old extractor's reading is wanted: the extractor found no article text
    found_nothing: bool = False


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(clean(value).split()) or None


def _quiet_trafilatura() -> Any:
    """trafilatura, imported, with its loggers (and those of the libraries it drives) silent:
    an import prints its own report, never a library's warnings."""
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False
    return trafilatura


def _tree(markup: str) -> HtmlElement | None:
    """The page's element tree (lxml), or None when there is no element in it."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True)
    # a marked section other than CDATA ("<![if !supportLists]>", "<![quan hệ]>") is read as
    # a browser reads it, a bogus comment up to the next ">" (libxml2 would drop more)
    markup = _MARKED_SECTION.sub("", markup)
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    return root


# -- metadata ---------------------------------------------------------------------------------


def _metas(root: HtmlElement) -> dict[str, list[str]]:
    """Each meta tag's content by its property or name (lowercased), in page order."""
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(content.strip())
    return found


def _json_ld(root: HtmlElement) -> list[dict[str, Any]]:
    """The objects of the page's JSON-LD scripts, ``@graph`` lists opened, in page order."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue  # a broken script is skipped; the meta tags may still say it
        stack = [data]
        while stack and len(objects) < 200:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
                objects.append(item)
    return objects


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: Any) -> list[str]:
    """The names in a JSON-LD person or organisation value (text, object or list of them)."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        text = _one_line(name)
        if text and not text.startswith(("http://", "https://")):
            names.append(text)
    return names


def _words_list(value: Any) -> list[str]:
    """Keywords given as one comma-separated text or as a list."""
    values = value if isinstance(value, list) else [value]
    words: list[str] = []
    for item in values:
        if isinstance(item, str):
            words.extend(w for w in (_one_line(part) for part in item.split(",")) if w)
    return words


def _web_address(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    text = _one_line(value)
    if text and urlsplit(text).scheme in ("http", "https") and urlsplit(text).netloc:
        return text
    return None


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def _element_text(element: HtmlElement) -> str | None:
    return _one_line(element.text_content())


def _breadcrumb(root: HtmlElement, items: list[dict[str, Any]], outlet: str | None) -> list[str]:
    """The page's breadcrumb trail (JSON-LD ``BreadcrumbList``, or a breadcrumb block's links),
    the home page and the outlet's name left out."""
    trail: list[str] = []
    for item in items:
        if "breadcrumblist" in _types(item) and isinstance(item.get("itemListElement"), list):
            for entry in item["itemListElement"]:
                if isinstance(entry, dict):
                    inner = entry.get("item")
                    name = entry.get("name") or (
                        inner.get("name") if isinstance(inner, dict) else None
                    )
                    trail.extend(_names(name))
            break
    if not trail:
        for block in root.xpath("//*[contains(translate(@class, 'B', 'b'), 'breadcrumb')]")[:1]:
            trail = [t for t in (_element_text(a) for a in block.iter("a")) if t]
    skip = {*_HOME, (outlet or "").casefold()}
    return [t for t in trail if t.casefold() not in skip and "." not in t]


def _title_from_head(root: HtmlElement) -> str | None:
    title = _first(*(_element_text(t) for t in root.iter("title")))
    if title:
        title = _TITLE_SUFFIX.sub("", title)
    return title


def _metadata(root: HtmlElement, page: Page) -> None:
    """Fill ``page``'s title, author, date, address, outlet, section, tags and lede."""
    metas = _metas(root)
    items = _json_ld(root)
    news = next((i for i in items if _types(i) & _NEWS_TYPES - {"webpage"}), None)
    news = news or next((i for i in items if "webpage" in _types(i)), {})

    def meta(*keys: str) -> str | None:
        return _first(*(_one_line(metas.get(k, [None])[0]) for k in keys))

    h1 = _first(*(_element_text(h) for h in root.iter("h1")))
    page.title = _first(_one_line(news.get("headline")), meta("og:title"), h1) or _title_from_head(
        root
    )
    authors = _names(news.get("author"))
    page.author = _first(", ".join(authors) or None, meta("author", "article:author"))
    if page.author and page.author.startswith(("http://", "https://")):
        page.author = None
    page.date = _first(meta(*_DATE_META), _one_line(news.get("datePublished")))
    if page.date is None:
        page.date = _first(*(_one_line(t.get("datetime")) for t in root.iter("time")))
    canonical = next(
        (
            link.get("href")
            for link in root.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        None,
    )
    page.url = _first(
        _web_address(canonical),
        _web_address(meta("og:url")),
        _web_address(news.get("url")),
        _web_address(news.get("mainEntityOfPage")),
    )
    site = next((i for i in items if "website" in _types(i)), {})
    publisher = _names(news.get("publisher"))
    page.outlet = _first(
        publisher[0] if publisher else None,
        meta("og:site_name"),
        _one_line(site.get("name")),
        meta("application-name"),
        urlsplit(page.url).hostname.removeprefix("www.") if page.url else None,  # type: ignore[union-attr]
    )
    sections = _names(news.get("articleSection"))
    trail = _breadcrumb(root, items, page.outlet)
    page.section = _first(meta("article:section"), sections[0] if sections else None)
    page.section = page.section or (trail[0] if trail else None)
    tags = [t for k in ("article:tag", "og:article:tag") for t in metas.get(k, [])]
    tags += _words_list(metas.get("keywords", [""])[0]) + _words_list(
        metas.get("news_keywords", [""])[0]
    )
    tags += _words_list(news.get("keywords"))
    seen: set[str] = set()
    for tag in (_one_line(t) for t in tags):
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            page.tags.append(tag)
    # a sapo is a paragraph or two: a block holding more (an article's wrapper, by its name)
    # is no sapo
    sapo = _first(
        *(t for t in (_element_text(s) for s in root.xpath(_SAPO_XPATH)[:5]) if t and len(t) < 800)
    )
    page.lede = _first(
        sapo,
        _one_line(news.get("description")),
        meta("og:description", "description"),
    )


# -- the article's text ---------------------------------------------------------------------


def _mark_captions(root: HtmlElement) -> None:
    """Each figure's caption made a paragraph starting with ``_CAPTION_MARK``, where it was."""
    for caption in list(root.iter("figcaption")):
        text = _one_line(caption.text_content())
        parent = caption.getparent()
        if parent is None:
            continue
        if not text:
            parent.remove(caption)
            continue
        tail = caption.tail
        caption.clear()
        caption.tag = "p"
        caption.text = _CAPTION_MARK + text
        caption.tail = tail
    for figure in list(root.iter("figure")):
        figure.tag = "div"


def _lines_of(element: Any) -> Iterator[str]:
    """The text of one of trafilatura's blocks: its lines (a line break ends one)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.tag == "cell" and parts and parts[-1].strip():
            parts.append(" | ")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    for line in "".join(parts).split("\n"):
        text = _one_line(line)
        if text:
            yield text


def _blocks(body: Any) -> Iterator[tuple[str, str]]:
    """(kind, text) of each text block trafilatura kept: "p" a paragraph, "r" a table's row or
    a list's item, "c" a caption."""
    for element in body:
        tag = element.tag
        if tag in ("graphic", "ref") or not isinstance(tag, str):
            continue
        if tag == "list":
            for item in element.iter("item"):
                for line in _lines_of(item):
                    yield "r", f"• {line}"
        elif tag == "table":
            for row in element.iter("row"):
                line = " | ".join(t for t in (_one_line(c.xpath("string()")) for c in row) if t)
                if line:
                    yield "r", line
        else:
            for line in _lines_of(element):
                if line.startswith(_CAPTION_MARK):
                    caption = line.lstrip(_CAPTION_MARK).strip()
                    if caption:
                        yield "c", caption
                else:
                    yield "p", line.replace(_CAPTION_MARK, "")


_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol table figure blockquote section article header main pre hr"
    " form nav aside footer".split()
)
_CONTAINERS = frozenset("body div article section main td blockquote".split())


def _wrap_loose_text(root: HtmlElement) -> None:
    """Text standing between blocks, in no paragraph (after a heading, say), made a paragraph
    of its own, as a browser shows it: trafilatura reads paragraphs, not loose text."""
    from lxml.html import Element

    for element in list(root.iter(*_BLOCKS)):
        parent = element.getparent()
        tail = element.tail
        if parent is None or parent.tag not in _CONTAINERS or not tail or not tail.strip():
            continue
        paragraph = Element("p")
        paragraph.text = _NOT_XML.sub("", tail)
        element.tail = None
        element.addnext(paragraph)


def _extract(root: HtmlElement) -> Any:
    """trafilatura's reading of the page (the article's block), or None when it found none."""
    trafilatura = _quiet_trafilatura()
    around = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in ("html", "body"):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if tag in _AROUND_TAGS or (names != " " and _AROUND_WORDS.search(names.lower())):
            around.append(element)
    for element in around:
        # a block around the article, unless it holds the article (its title, its element)
        if element.getparent() is not None and not element.xpath(".//h1 | .//article"):
            element.drop_tree()
    _mark_captions(root)
    _wrap_loose_text(root)
    try:
        document = trafilatura.bare_extraction(
            root,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            with_metadata=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, RecursionError):
        return None
    return getattr(document, "body", None) if document is not None else None


def read_page(markup: str) -> Page:
    """The article of an HTML page: its fields from the page's metadata, its text from
    trafilatura. ``found_nothing`` when the extractor found no article text (the page's
    metadata is still given)."""
    page = Page()
    root = _tree(markup)
    if root is None:
        page.found_nothing = True
        return page
    _metadata(root, page)
    body = _extract(root)
    if body is None:
        page.found_nothing = True
        return page
    known = {(page.title or "").casefold(), (page.lede or "").casefold()}
    for kind, text in _blocks(body):
        if kind == "c":
            page.captions.append((len(page.paragraphs), text))
        elif text.casefold() not in known:
            page.paragraphs.append(text)
            if kind == "r":
                page.rows.add(text)
    start = (page.lede or "").rstrip(".… ").casefold()
    if start and any(start in p.casefold() for p in page.paragraphs[:2]):
        page.lede = None  # the lede (or a shortened one) is the text's start: not given twice
    if not page.paragraphs and not page.captions:
        page.found_nothing = True
    return page


def html_to_text(markup: str) -> str:
    """A piece of HTML (a feed item's content, a scraper's field) as text: its blocks one a
    paragraph (separated by a blank line), a figure's caption a line of its own. Scripts,
    styles and comments are left out; nothing is fetched."""
    root = _tree(f"<html><body><div>{markup}</div></body></html>")
    if root is None:
        return ""
    for element in root.xpath("//script | //style | //noscript | //template | //svg"):
        element.drop_tree()
    blocks = set(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer figure"
        " figcaption blockquote pre hr dd dt".split()
    )
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        # the markup's own line breaks are spaces; only its blocks end a paragraph
        element.text = _SPACE.sub(" ", _NOT_XML.sub("", element.text or ""))
        element.tail = _SPACE.sub(" ", _NOT_XML.sub("", element.tail or ""))
        if element.tag in blocks:
            element.tail = ("\n" if element.tag == "br" else "\n\n") + element.tail
            if element.tag != "br":
                element.text = "\n\n" + element.text
    body = root.find("body")
    text = body.text_content() if body is not None else root.text_content()
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n", clean(text)))
    return "\n\n".join(p for p in paragraphs if p)
