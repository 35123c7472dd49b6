"""The name finder: half-remembered names, typed with or without marks, matched fuzzily.

Both sides are folded once (marks, đ, case): the names when the index is built, the query
when it is typed. A prefix index on folded words narrows 100,000 names to a few hundred
before they are scored (``match``): each word typed is matched to a word of the name, whole
(``lam``), as its start (``ng``) or misspelt (``wally`` for ``Waly``, rapidfuzz's ``ratio``),
in any order (``lam to``); the score says how much of the query matched and how much of the
name it covers, so that the whole name scores 100, one word of a long name far less, and a
query none of whose words match well finds nothing. Ties are broken by how many articles name
the entity (VIETNAMESE.md §3).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .text import fold

PREFIX = 3  # letters of a word the index keys on
WIDE = 400  # candidates scored in full
# how much of the query must match for a name to be offered at all: below it, "no name close"
CLOSE = 0.7
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class NameEntry:
    kind: str  # "entity" or "title"
    key: str  # entity id (as text) or article id
    type: str  # PERSON, ORG, LOC, EVENT, LAW, or TITLE
    name: str  # what is shown: the entity's name or the article's title
    form: str  # the form matched: a name, an alias or a title
    weight: int  # articles naming the entity (1 for a title)
    detail: str = ""  # a person's role: "Phó thủ tướng" tells one Thanh Sơn from another


@dataclass(frozen=True)
class NameHit:
    entry: NameEntry
    score: float


def _words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def folded_words(text: str) -> list[str]:
    """The words of ``text`` as the finder compares them: folded (marks, đ, case)."""
    return _words(fold(text))


def _word_match(typed: str, word: str) -> tuple[float, float]:
    """How well one word typed matches one word of a name (1 the same word, 0.95 its start,
    less a misspelling, 0 not at all), and how much of the name's word it covers (0 to 1)."""
    if typed == word:
        return 1.0, 1.0
    if word.startswith(typed):
        return 0.95, len(typed) / len(word)
    ratio = fuzz.ratio(typed, word) / 100
    if len(word) > len(typed) + 1:  # a misspelling in a word still being typed: its start
        start = fuzz.ratio(typed, word[: len(typed)]) / 100
        if start > ratio:
            ratio = 0.95 * start
            if ratio >= 0.7:
                return 0.9 * ratio, ratio * len(typed) / len(word)
    if ratio < 0.7:
        return 0.0, 0.0
    return 0.9 * ratio, ratio


def match(typed: list[str], name: list[str]) -> tuple[float, float]:
    """The score of a name (its folded words) for a query (its folded words), 0 to 100, and
    how much of the query matched, 0 to 1.

    Each word typed takes the name's word it matches best (``_word_match``); the score is the
    query's share matched times 0.6 + 0.4 × the share of the name's words covered, a little
    less when the words were typed out of the name's order. Initials typed as one word (``ndn``)
    and a name typed without its spaces (``tolam``) count too."""
    if not typed or not name:
        return 0.0, 0.0
    if typed == name:
        return 100.0, 1.0
    used: set[int] = set()
    matched = 0.0
    covered = 0.0
    last = -1
    in_order = True
    for word in typed:
        best, best_at, best_covers = 0.0, -1, 0.0
        for at, candidate in enumerate(name):
            if at in used:
                continue
            quality, covers = _word_match(word, candidate)
            if quality > best:
                best, best_at, best_covers = quality, at, covers
        if best_at < 0:
            continue
        used.add(best_at)
        matched += best
        covered += best_covers
        in_order = in_order and best_at > last
        last = best_at
    query_share = matched / len(typed)
    name_share = covered / len(name)
    score = query_share * (0.6 + 0.4 * name_share) * (1.0 if in_order else 0.97)
    initials = len(typed) == 1 and len(name) > 1 and typed[0] == "".join(w[0] for w in name)
    if initials:
        score, query_share = max(score, 0.8), max(query_share, 0.9)
    joined = fuzz.ratio("".join(typed), "".join(name)) / 100
    if joined >= 0.85 and len(typed) != len(name):  # the same letters, spaced otherwise
        score, query_share = max(score, 0.95 * joined), max(query_share, joined)
    return round(100 * score, 1), query_share


class NameIndex:
    """Every name, alias and title, folded once, with a prefix index on their words."""

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        self.entries: list[NameEntry] = []
        self.folded: list[str] = []
        seen: set[tuple[str, str]] = set()
        for entry in entries:
            folded = " ".join(_words(fold(entry.form)))
            if not folded or (entry.key, folded) in seen:
                continue
            seen.add((entry.key, folded))
            self.entries.append(entry)
            self.folded.append(folded)
        # entries in the order a tie is broken: the most-named first, then the shortest
        order = sorted(
            range(len(self.entries)), key=lambda i: (-self.entries[i].weight, len(self.folded[i]))
        )
        self._rank = [0] * len(order)
        for position, i in enumerate(order):
            self._rank[i] = position
        prefix: dict[str, list[int]] = {}
        for i in order:
            for word in set(_words(self.folded[i])):
                for size in range(1, PREFIX + 1):
                    prefix.setdefault(word[:size], []).append(i)
        # each list in rank order, so the best few of a common prefix are its first few
        self._prefix = prefix

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, words: list[str]) -> list[int]:
        """Entries with a word starting like each word typed, at most WIDE, best-ranked."""
        lists = []
        for word in words:
            found = self._prefix.get(word[:PREFIX])
            if found is None:
                return []
            lists.append(found)
        lists.sort(key=len)
        if len(lists) == 1:
            return lists[0][:WIDE]
        chosen = set(lists[0])
        for other in lists[1:]:
            chosen.intersection_update(other)
            if not chosen:
                return []
        if len(chosen) > WIDE:
            return heapq.nsmallest(WIDE, chosen, key=self._rank.__getitem__)
        return list(chosen)

    def search(self, query: str, limit: int = 20) -> list[NameHit]:
        """The best entries for ``query``, best first (one hit per entity or title); none
        when no name matches most of the query (``CLOSE``)."""
        folded = " ".join(_words(fold(query)))
        if not folded:
            return []
        words = _words(folded)
        candidates = self._candidates(words)
        if not candidates:
            # a misspelt word: the entries sharing any word's prefix, else all of them,
            # narrowed by one fast scorer before the full blend
            union: set[int] = set()
            for word in words:
                union.update(self._prefix.get(word[:PREFIX], ()))
            pool = union or range(len(self.folded))
            choices = {i: self.folded[i] for i in pool}
            best = process.extract(folded, choices, scorer=fuzz.WRatio, limit=WIDE)
            candidates = [key for _choice, _score, key in best]
        # best first; among equals, the most named, the shortest form, then by name and key:
        # the order does not depend on where an entry stands in the index
        scored: dict[str, tuple[float, int, int, str, str, int]] = {}
        for i in candidates:
            score, share = match(words, _words(self.folded[i]))
            if share < CLOSE:
                continue
            entry = self.entries[i]
            rank = (-score, -entry.weight, len(self.folded[i]), entry.name, entry.key, i)
            identity = f"{entry.kind}:{entry.key}"
            if identity not in scored or rank < scored[identity]:
                scored[identity] = rank
        ranked = sorted(scored.values())[:limit]
        return [NameHit(self.entries[rank[-1]], -rank[0]) for rank in ranked]


def entries_from_library(
    rows: Iterable[tuple[int, str, str, str, int, str]], titles: Iterable[tuple[str, str]] = ()
) -> list[NameEntry]:
    """Entries from ``entity_index.name_rows`` and (article id, title) pairs."""
    entries = [
        NameEntry("entity", str(entity_id), etype, name, form, articles, detail)
        for entity_id, etype, name, form, articles, detail in rows
    ]
    entries.extend(NameEntry("title", aid, "TITLE", title, title, 1) for aid, title in titles)
    return entries
