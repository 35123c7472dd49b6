"""The search index asked: which articles match a query, how many, in what order.

``store.search`` turns what was typed into an FTS5 expression; this module runs it against the
library's ``fts`` index and reads the matching articles (``store.hits``). A relevance search
ranks with bm25 (the title weighs ``TITLE_WEIGHT`` against the text's ``BODY_WEIGHT``), only
over its newest ``RANK_CUT`` matches unless told otherwise. A prefix (``ma*``) is looked up as
the index's words that begin with it (``Matcher.index_words``).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from .db import Database
from .hits import Hit, SearchResult
from .kinds import LibraryError, StoredArticle
from .search import (
    MARKED_LETTERS,
    RANK_CUT,
    Expand,
    Highlighter,
    Query,
    build_match,
    fts_term,
    parse_query,
)
from .text import WORD, clean, fold

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
MAX_TITLE_WORDS = 12
# A prefix is looked up as the search index's words that begin with it when it has at most
# this many (``store.search.Expand``); each takes a step of about 0.3 ms at 100,000 articles.
PREFIX_WORDS = 128
PREFIX_STEPS = 256  # the most steps a search takes finding the words of its prefixes
_MARKED = re.compile(f"[{MARKED_LETTERS}]")


class Matcher:
    """Searches of one library's connection."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._words_table = False  # temp.fts_words made (``index_words``)

    def search(
        self,
        text: str | Query,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        rank_all: bool = False,
    ) -> SearchResult:
        """Ranked (``relevance``: bm25, title above body) or newest-first (``date``) results.

        A relevance search with more than ``RANK_CUT`` matches ranks its newest ``RANK_CUT``
        (``ranked_among`` says so), unless ``rank_all``."""
        query = text if isinstance(text, Query) else parse_query(text)
        if query.empty:
            return SearchResult(query, [], message="nothing to search for")
        match = build_match(query)
        cut = None if sort == "date" or rank_all else RANK_CUT
        # prefixes looked up as words, for all but bm25 (``store.search.Expand``)
        ranks_all = sort != "date" and cut is None
        lookup = match
        if query.has_prefix and not ranks_all:
            lookup = build_match(query, self.index_words())
        docs, bound = self._match(match, lookup, limit, sort, offset, cut)
        ranked_among = cut if bound is not None else None
        if not docs:
            return SearchResult(query, [], ranked_among=ranked_among)
        rows = {
            row["doc"]: StoredArticle.from_row(row)
            for row in self.db.query(
                f"SELECT * FROM articles WHERE doc IN ({','.join('?' * len(docs))})",
                [doc for doc, _ in docs],
            )
        }
        highlighter = Highlighter(query)
        hits = []
        for doc, score in docs:
            article = rows.get(doc)
            if article is not None:
                hits.append(Hit(article, -score, highlighter))
        return SearchResult(query, hits, ranked_among=ranked_among)

    def index_words(self) -> Expand:
        """``expand`` for ``build_match``: the search index's words that begin with a prefix.

        Each word is a step through the index (fts5vocab, a seek to the first word at or after
        a string). For the folded columns, words with marks are stepped over whole: the folded
        columns hold none. A prefix of more than ``PREFIX_WORDS`` words, or one met after the
        search's ``PREFIX_STEPS`` steps are spent, is left to FTS5."""
        if not self._words_table:
            self.db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words "
                "USING fts5vocab(main, fts, instance)"
            )
            self._words_table = True
        step = "SELECT term FROM temp.fts_words WHERE term >= ? LIMIT 1"
        steps = PREFIX_STEPS

        def expand(stem: str, folded: bool) -> list[str] | None:
            nonlocal steps
            found: list[str] = []
            start = stem
            while steps > 0:
                steps -= 1
                row = self.db.execute(step, [start]).fetchone()
                if row is None or not row[0].startswith(stem):
                    return found or None
                word: str = row[0]
                mark = _MARKED.search(word, len(stem)) if folded else None
                if mark is not None:  # past every word that begins as this one does
                    start = word[: mark.end()] + "\U0010ffff"
                    continue
                found.append(word)
                if len(found) > PREFIX_WORDS:
                    return None
                start = word + "\x01"  # the next word: no word holds a control character
            return None

        return expand

    def count_matches(self, text: str | Query) -> int:
        query = text if isinstance(text, Query) else parse_query(text)
        if query.empty:
            return 0
        expand = self.index_words() if query.has_prefix else None
        table, expression, params = _match_sql(build_match(query, expand))
        sql = f"SELECT count(*) FROM {table} WHERE {expression}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def title_matches(self, text: str, limit: int = 20) -> list[str]:
        """The ids of the articles whose title holds every word typed, as prefixes, marks
        ignored: newest first."""
        words = [fold(w) for w in WORD.findall(clean(text))][:MAX_TITLE_WORDS]
        if not words:
            return []
        expand = self.index_words()
        expression = " AND ".join(fts_term([w], True, expand, True) for w in words)
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        docs = [r[0] for r in self.db.execute(sql, [f"ftitle : ({expression})", limit])]
        if not docs:
            return []
        return [
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM articles WHERE doc IN ({','.join('?' * len(docs))}) "
                "ORDER BY doc DESC",
                docs,
            )
        ]

    def _match(
        self,
        match: Any,
        lookup: Any,
        limit: int,
        sort: str,
        offset: int,
        cut: int | None = None,
    ) -> tuple[list[tuple[int, float]], int | None]:
        """(doc, score) of a page of matches, and where the ranking stopped: with ``cut``, a
        relevance search of more than ``cut`` matches ranks the newest ``cut``, then goes on
        with the older ones newest first; the lowest doc ranked is returned (else None).
        ``lookup``: the same matches as ``match``, for everything but bm25's scores."""
        table, expression, params = _match_sql(match)
        where = f"SELECT rowid, {{score}} FROM {table} WHERE {expression}"
        score = f"bm25({table}, {TITLE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT})"
        _, found_expression, found_params = _match_sql(lookup)
        found_where = f"SELECT rowid, {{score}} FROM {table} WHERE {found_expression}"
        newest = found_where.format(score="0.0") + " {bound}ORDER BY rowid DESC LIMIT ? OFFSET ?"
        best = " ORDER BY 2, 1 DESC LIMIT ? OFFSET ?"  # ties: the newest first
        try:
            if sort == "date":
                rows = self.db.execute(newest.format(bound=""), [*found_params, limit, offset])
                return [(r[0], r[1]) for r in rows], None
            bound = None
            if cut is not None:  # the (cut + 1)-th newest match, found without scoring
                row = self.db.execute(
                    found_where.format(score="0") + " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                    [*found_params, cut],
                ).fetchone()
                bound = None if row is None else int(row[0]) + 1
            if bound is None:
                ranked = where.format(score=score) + best
                return [
                    (r[0], r[1]) for r in self.db.execute(ranked, [*params, limit, offset])
                ], None
            assert cut is not None
            found: list[tuple[int, float]] = []
            if offset < cut:
                ranked = where.format(score=score) + " AND rowid >= ?" + best
                rows = self.db.execute(ranked, [*params, bound, min(limit, cut - offset), offset])
                found = [(r[0], r[1]) for r in rows]
            if len(found) < limit:  # past the ranked ones: the older matches, newest first
                older = newest.format(bound="AND rowid < ? ")
                rest = [*found_params, bound, limit - len(found), max(0, offset - cut)]
                found += [(r[0], r[1]) for r in self.db.execute(older, rest)]
            return found, bound
        except sqlite3.OperationalError as exc:  # never expected: every term is quoted
            raise LibraryError(f"search failed: {exc}") from None


def _match_sql(match: Any) -> tuple[str, str, list[str]]:
    return "fts", "fts MATCH ?", [match.expression]
