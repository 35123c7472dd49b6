"""The search index asked: which articles match a query, how many, in what order.

``store.search`` turns what was typed into an FTS5 expression; this module runs it against the
library's ``fts`` index and reads the matching articles (``store.hits``). A relevance search
ranks a tier after the other (a run of words together, near, apart: ``store.search.Tiers``),
each with bm25 (the title weighs ``TITLE_WEIGHT`` against the text's ``BODY_WEIGHT``), only
over its newest ``RANK_CUT`` matches unless told otherwise. A prefix (``ma*``) is looked up as
the index's words that begin with it (``Matcher.index_words``). It also counts the results
together and with every word (``counts``) and finds the marked spellings of words typed
without marks (``spellings``).

What each costs, at 100,000 synthetic articles (``tests/bench/bench_library.py``'s corpus,
p95 of its queries): a ranked page reads one tier when the first holds the page, the common
case (128 ms, 135 before the tiers; a bare FTS5 bm25 of every match, 164); ``counts`` adds a
count of the runs' phrases to the count of every word (150 ms with it, 50 without);
``spellings`` reads the newest ``SPELLING_SAMPLE`` articles holding the run and counts up to
``SPELLING_TOP`` phrases (17 to 30 ms, whatever the library's size).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from typing import Any

from .db import Database
from .hits import Hit, SearchResult
from .kinds import LibraryError, MatchCounts, Spellings, StoredArticle
from .search import (
    MARKED_LETTERS,
    RANK_CUT,
    TIERS,
    Expand,
    Highlighter,
    Query,
    Term,
    Tiers,
    build_match,
    build_tiers,
    fts_term,
    parse_query,
    spelling,
    with_spelling,
)
from .text import WORD, canon, clean, fold, has_marks

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
MAX_TITLE_WORDS = 12
# A prefix is looked up as the search index's words that begin with it when it has at most
# this many (``store.search.Expand``); each takes a step of about 0.3 ms at 100,000 articles.
PREFIX_WORDS = 128
PREFIX_STEPS = 256  # the most steps a search takes finding the words of its prefixes
# Spellings are looked for in the newest SPELLING_SAMPLE articles holding the run (each read
# and searched for its surface forms), and the SPELLING_TOP most found counted exactly.
SPELLING_SAMPLE = 100
SPELLING_TOP = 4
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
        """Ranked (``relevance``) or newest-first (``date``) results.

        Ranked: the tiers of a query with runs of several words (``store.search.build_tiers``:
        together, near, apart), each by bm25 with the title above the body. A relevance search
        with more than ``RANK_CUT`` matches ranks its newest ``RANK_CUT`` (``ranked_among``
        says so), unless ``rank_all``. Every hit says its tier."""
        query = text if isinstance(text, Query) else parse_query(text)
        if query.empty:
            return SearchResult(query, [], message="nothing to search for")
        match = build_match(query)
        cut = None if sort == "date" or rank_all else RANK_CUT
        # prefixes looked up as words, for all but bm25 (``store.search.Expand``)
        ranks_all = sort != "date" and cut is None
        expand = self.index_words() if query.has_prefix and not ranks_all else None
        lookup = build_match(query, expand) if expand is not None else match
        tiers = build_tiers(query)
        docs, bound = self._match(match, lookup, limit, sort, offset, cut, tiers)
        ranked_among = cut if bound is not None else None
        if not docs:
            return SearchResult(query, [], ranked_among=ranked_among)
        unplaced = [doc for doc, _, tier in docs if tier is None]
        tier_of = self._tier_lookup(unplaced, query, expand) if unplaced else None
        rows = {
            row["doc"]: StoredArticle.from_row(row)
            for row in self.db.query(
                f"SELECT * FROM articles WHERE doc IN ({','.join('?' * len(docs))})",
                [doc for doc, _, _ in docs],
            )
        }
        highlighter = Highlighter(query)
        runs = Highlighter(Query(query.text, query.runs)) if query.runs else None
        hits = []
        for doc, score, tier in docs:
            article = rows.get(doc)
            if article is not None:
                hits.append(Hit(article, -score, highlighter, tier, runs, tier_of))
        return SearchResult(query, hits, ranked_among=ranked_among)

    def _tier_lookup(
        self, docs: list[int], query: Query, expand: Expand | None
    ) -> Callable[[int], str]:
        """The tier of a doc among ``docs``, found for all of them when first asked (a list
        newest first needs none: ``bantin search --json`` asks)."""
        found: dict[int, str] = {}

        def tier_of(doc: int) -> str:
            if not found:
                found.update(self._tiers_of(docs, build_tiers(query, expand)))
            return found[doc]

        return tier_of

    def _tiers_of(self, docs: list[int], tiers: Tiers | None) -> dict[int, str]:
        """The tier of each of ``docs``, matches of the query listed newest first: together
        and near looked up over the rowids they span."""
        if tiers is None:
            return dict.fromkeys(docs, TIERS[0])
        span = [min(docs), max(docs)]
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?"
        together = {r[0] for r in self.db.execute(sql, [tiers.together.expression, *span])}
        near = {r[0] for r in self.db.execute(sql, [tiers.near.expression, *span])}
        return {
            doc: TIERS[0] if doc in together else TIERS[1] if doc in near else TIERS[2]
            for doc in docs
        }

    def counts(self, text: str | Query) -> MatchCounts:
        """How many articles hold the query's runs together, and how many every word."""
        query = text if isinstance(text, Query) else parse_query(text)
        every = self.count_matches(query)
        if not every:
            return MatchCounts(0, 0)
        expand = self.index_words() if query.has_prefix else None
        tiers = build_tiers(query, expand)
        if tiers is None:
            return MatchCounts(every, every)
        sql = "SELECT count(*) FROM fts WHERE fts MATCH ?"
        together = int(self.db.execute(sql, [tiers.together.expression]).fetchone()[0])
        return MatchCounts(together, every)

    def ranked_order(self, text: str | Query) -> str:
        """Which matches a relevance search of more than ``RANK_CUT`` ranks: ``date`` (the
        newest: every one ranked has a date), ``import`` (none has: the last imported) or
        ``mixed`` (the dated, newest first, then undated ones last imported); ``""`` when the
        search ranks every match."""
        query = text if isinstance(text, Query) else parse_query(text)
        if query.empty:
            return ""
        expand = self.index_words() if query.has_prefix else None
        expression = build_match(query, expand).expression
        newest = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 2 OFFSET ?"
        rows = self.db.execute(newest, [expression, RANK_CUT - 1]).fetchall()
        if len(rows) < 2:
            return ""
        first = self.db.execute(newest, [expression, 0]).fetchone()[0]
        dated = "SELECT date IS NOT NULL FROM articles WHERE doc = ?"
        if self.db.execute(dated, [rows[0][0]]).fetchone()[0]:
            return "date"
        return "mixed" if self.db.execute(dated, [first]).fetchone()[0] else "import"

    def spellings(
        self, text: str | Query, sample: int = SPELLING_SAMPLE, top: int = SPELLING_TOP
    ) -> Spellings | None:
        """The marked spellings of the query's first run of words typed without every mark
        that the library holds in more than one spelling, most frequent first, each with the
        results the query would have with the run quoted in that spelling; None if no run has
        several.

        The spellings are found in the newest ``sample`` articles holding the run together
        (its surface forms, tones placed one way, lower case); the ``top`` most found are then
        counted in the whole library, in the exact columns."""
        query = text if isinstance(text, Query) else parse_query(text)
        for index, run in enumerate(query.runs):
            if all(run.marked) or run.prefix:
                continue
            # a spelling without marks is what was typed: it cannot narrow the search
            found = [form for form in self._run_spellings(run, sample) if has_marks(form)]
            if len(found) < 2:
                continue
            counted = []
            for form in found[:top]:
                narrowed = parse_query(with_spelling(query, index, form))
                spelled = Term(tuple(WORD.findall(form)), quoted=True)
                sql = "SELECT count(*) FROM fts WHERE fts MATCH ?"
                expression = build_match(narrowed, None, spelled).expression
                counted.append((form, int(self.db.execute(sql, [expression]).fetchone()[0])))
            counted = [item for item in counted if item[1]]
            counted.sort(key=lambda item: -item[1])  # stable: ties keep the sample's order
            if len(counted) > 1:
                return Spellings(index, " ".join(run.words), counted)
        return None

    def _run_spellings(self, run: Term, sample: int) -> list[str]:
        """The spellings of ``run`` in the newest ``sample`` articles holding it, most found
        first (by articles)."""
        expression = build_match(Query("", [run])).expression
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        docs = [r[0] for r in self.db.execute(sql, [expression, sample])]
        if not docs:
            return []
        # found without their marks (no text put in canonical form: the slow part), then the
        # forms whose marks differ from those typed left out
        highlighter = Highlighter(Query("", [Term(tuple(fold(w) for w in run.words))]))
        typed = [
            canon(w) if marked else None for w, marked in zip(run.words, run.marked, strict=True)
        ]
        seen: Counter[str] = Counter()
        rows = self.db.execute(
            "SELECT title, lede, body, captions FROM articles "
            f"WHERE doc IN ({','.join('?' * len(docs))})",
            docs,
        )
        for title, lede, body, captions in rows:
            forms: set[str] = set()
            for field in (title, lede, body, *json.loads(captions)):
                forms.update(spelling(field[s:e]) for s, e in highlighter.spans(field))
            seen.update(form for form in forms if _agrees(form, typed))
        return [form for form, _ in seen.most_common()]

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
        tiers: Tiers | None = None,
    ) -> tuple[list[tuple[int, float, str | None]], int | None]:
        """(doc, score, tier) of a page of matches, and where the ranking stopped: with
        ``cut``, a relevance search of more than ``cut`` matches ranks the newest ``cut``, then
        goes on with the older ones newest first; the lowest doc ranked is returned (else
        None). ``lookup``: the same matches as ``match``, for everything but bm25's scores.
        ``tiers``: ranked a tier after the other. The tier of a match not ranked is None."""
        table, expression, params = _match_sql(match)
        _, found_expression, found_params = _match_sql(lookup)
        found_where = f"SELECT rowid, {{score}} FROM {table} WHERE {found_expression}"
        newest = found_where.format(score="0.0") + " {bound}ORDER BY rowid DESC LIMIT ? OFFSET ?"
        ranked = tiers.ranked if tiers is not None else (match.expression,)
        try:
            if sort == "date":
                rows = self.db.execute(newest.format(bound=""), [*found_params, limit, offset])
                return [(r[0], r[1], None) for r in rows], None
            bound = None
            if cut is not None:  # the (cut + 1)-th newest match, found without scoring
                row = self.db.execute(
                    found_where.format(score="0") + " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                    [*found_params, cut],
                ).fetchone()
                bound = None if row is None else int(row[0]) + 1
            if bound is None:
                return self._ranked(ranked, limit, offset, None), None
            assert cut is not None
            found: list[tuple[int, float, str | None]] = []
            if offset < cut:
                found = self._ranked(ranked, min(limit, cut - offset), offset, bound)
            if len(found) < limit:  # past the ranked ones: the older matches, newest first
                older = newest.format(bound="AND rowid < ? ")
                rest = [*found_params, bound, limit - len(found), max(0, offset - cut)]
                found += [(r[0], r[1], None) for r in self.db.execute(older, rest)]
            return found, bound
        except sqlite3.OperationalError as exc:  # never expected: every term is quoted
            raise LibraryError(f"search failed: {exc}") from None

    def _ranked(
        self, ranked: tuple[str, ...], limit: int, offset: int, bound: int | None
    ) -> list[tuple[int, float, str | None]]:
        """A page of the ranked matches: each expression's matches (a tier's) by bm25, title
        above body, ties newest first, the first tier's before the next's; ``bound``: only
        matches from this rowid up. A tier is counted only when the page starts past it."""
        score = f"bm25(fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT})"
        where = "fts MATCH ?" + ("" if bound is None else " AND rowid >= ?")
        extra = [] if bound is None else [bound]
        page = f"SELECT rowid, {score} FROM fts WHERE {where} ORDER BY 2, 1 DESC LIMIT ? OFFSET ?"
        found: list[tuple[int, float, str | None]] = []
        skip = offset
        for tier, expression in zip(TIERS, ranked, strict=False):
            need = limit - len(found)
            if need <= 0:
                break
            rows = self.db.execute(page, [expression, *extra, need, skip]).fetchall()
            found += [(r[0], r[1], tier) for r in rows]
            if rows:
                skip = 0
            elif skip:  # the page starts past this tier: how far past
                count = f"SELECT count(*) FROM fts WHERE {where}"
                skip = max(
                    0, skip - int(self.db.execute(count, [expression, *extra]).fetchone()[0])
                )
        return found


def _agrees(form: str, typed: list[str | None]) -> bool:
    """Whether a spelling has the marks typed (None: a word typed without marks, any)."""
    words = form.split()
    return len(words) == len(typed) and all(
        t is None or t == w for t, w in zip(typed, words, strict=True)
    )


def _match_sql(match: Any) -> tuple[str, str, list[str]]:
    return "fts", "fts MATCH ?", [match.expression]
