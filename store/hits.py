"""What a search gives back: its hits, each an article with its score, and where it matches.

The snippet and the spans of a hit are found when first asked for: a list shows a screenful of
snippets, not every result's, and the spans of every field only an opened article (or
``bantin search --json``) needs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .kinds import Span, StoredArticle
from .search import Highlighter, Query, Snippet, make_snippet, parse_query, spelling

SNIPPET_WINDOW = 2000  # a snippet is looked for in the first characters of the body first


@dataclass
class Hit:
    """A search result: the article and its score."""

    article: StoredArticle
    score: float
    highlighter: Highlighter
    placed: str | None = "together"  # its tier when ranked, else None: ``tier`` looks it up
    runs: Highlighter | None = None  # the query's unquoted runs, each as a phrase
    tier_of: Callable[[int], str] | None = None  # a doc's tier, looked up (once for a page)

    @property
    def tier(self) -> str:
        """How the query's runs of words lie in the article (``store.search.TIERS``)."""
        if self.placed is None and self.tier_of is not None:
            self.placed = self.tier_of(self.article.doc)
        return self.placed or "together"

    @cached_property
    def spellings(self) -> list[str]:
        """The spellings of the query's runs this article holds (tones placed one way, lower
        case), most frequent first."""
        if self.runs is None:
            return []
        a = self.article
        found: Counter[str] = Counter()
        for text in (a.title, a.lede, a.body, *a.captions):
            found.update(spelling(text[s:e]) for s, e in self.runs.spans(text))
        return [form for form, _ in found.most_common()]

    @cached_property
    def snippet(self) -> Snippet:
        article, lede = self.article, self._lede
        if lede:
            return make_snippet(article.lede, lede)
        body = article.body
        head = self.highlighter.spans(body[:SNIPPET_WINDOW]) if len(body) > SNIPPET_WINDOW else []
        spans = [s for s in head if s[1] < SNIPPET_WINDOW - 1] or self._body
        return make_snippet(body, spans) if spans else make_snippet(article.lede, [])

    @cached_property
    def _lede(self) -> list[tuple[int, int]]:
        return self.highlighter.spans(self.article.lede)

    @cached_property
    def _body(self) -> list[tuple[int, int]]:
        return self.highlighter.spans(self.article.body)

    @cached_property
    def spans(self) -> list[Span]:
        """Every match in the title, lede, body and captions."""
        return _spans(self.article, self.highlighter, self._lede, self._body)

    def to_json(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "date": a.date,
            "author": a.author,
            "source": a.source,
            "snippet": self.snippet.marked(),
            "score": round(self.score, 4),
            "spans": spans_json(self.spans, len(a.captions)),
            "tier": self.tier,
            "spellings": self.spellings,
            "url": a.url,
            "outlet": a.outlet,
            "section": a.section,
            "tags": a.tags,
            "credit": a.credit,
        }


@dataclass
class SearchResult:
    query: Query
    hits: list[Hit]
    message: str | None = None  # why nothing was searched (empty query ...)
    ranked_among: int | None = None  # relevance ranked only this many newest matches


def match_spans(article: StoredArticle, query: str | Query) -> list[Span]:
    """Where ``query`` matches in the article, every field, as a hit of it would say."""
    highlighter = Highlighter(query if isinstance(query, Query) else parse_query(query))
    return _spans(article, highlighter, None, None)


def _spans(
    article: StoredArticle,
    highlighter: Highlighter,
    lede: list[tuple[int, int]] | None,
    body: list[tuple[int, int]] | None,
) -> list[Span]:
    """The spans of every field; ``lede`` and ``body``: theirs when found already."""
    lede = highlighter.spans(article.lede) if lede is None else lede
    body = highlighter.spans(article.body) if body is None else body
    found = [Span("title", s, e) for s, e in highlighter.spans(article.title)]
    found += [Span("lede", s, e) for s, e in lede]
    found += [Span("body", s, e) for s, e in body]
    for i, caption in enumerate(article.captions):
        found += [Span("caption", s, e, i) for s, e in highlighter.spans(caption)]
    return found


def spans_json(spans: list[Span], captions: int) -> dict[str, Any]:
    """The spans as ``bantin search --json`` gives them: ``title``, ``lede`` and ``body`` each
    a list of [start, end], ``captions`` a list of those, one a caption."""
    grouped: dict[str, list[tuple[int, int]]] = {"title": [], "lede": [], "body": []}
    by_caption: list[list[tuple[int, int]]] = [[] for _ in range(captions)]
    for span in spans:
        if span.field == "caption":
            by_caption[span.index].append((span.start, span.end))
        else:
            grouped[span.field].append((span.start, span.end))
    return {**grouped, "captions": by_caption}
