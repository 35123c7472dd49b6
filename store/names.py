"""The name finder: half-remembered names, typed with or without marks, matched fuzzily.

Both sides are folded once (marks, đ, case): the names when the index is built, the query
when it is typed. A prefix index on folded words narrows 100,000 names to a few hundred
before rapidfuzz scores them; the score is the higher of ``token_set_ratio`` (word order does
not matter: ``lam to``) and ``partial_ratio`` (part of a name: ``ngoc``), ties broken by
``WRatio`` and then by how many articles name the entity (VIETNAMESE.md §3).
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
        """The best entries for ``query``, best first (one hit per entity or title)."""
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
        scored: dict[str, tuple[float, float, int, int]] = {}
        for i in candidates:
            text = self.folded[i]
            score = max(fuzz.token_set_ratio(folded, text), fuzz.partial_ratio(folded, text))
            if score < 50:
                continue
            entry = self.entries[i]
            rank = (score, fuzz.WRatio(folded, text), entry.weight, -i)
            identity = f"{entry.kind}:{entry.key}"
            if identity not in scored or rank > scored[identity]:
                scored[identity] = rank
        ranked = sorted(scored.values(), reverse=True)[:limit]
        return [NameHit(self.entries[-rank[3]], rank[0]) for rank in ranked]


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
