"""Query text to a safe FTS5 MATCH, and the spans of every match for highlighting.

Rules (VIETNAMESE.md §2): every term and every quoted phrase must match; a term typed without
marks matches every marked form (it is looked up in the folded index), a term with marks matches
those marks (in the exact index, tone placement unified); case never matters; a trailing ``*``
makes a prefix. User text never reaches MATCH unquoted, so nothing typed can raise an FTS5 error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .text import WORD, canon, clean, fold, has_marks

_QUOTES = re.compile(r"[\"“”„‟«»]")
_CHUNK = re.compile(r"\S+")
MAX_TERMS = 32
# A relevance search ranks at most this many of its matches, the newest. bm25 scores every
# match it ranks, and a word found in nearly every article would otherwise make a search
# typed a key at a time wait on scoring the whole library (``Library.search(rank_all=True)``
# ranks them all).
RANK_CUT = 10_000


@dataclass(frozen=True)
class Term:
    """A word or a phrase of the query: its words as typed, and whether the last is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def marked(self) -> tuple[bool, ...]:
        return tuple(has_marks(w) for w in self.words)


@dataclass
class Query:
    text: str
    terms: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def has_prefix(self) -> bool:
        return any(term.prefix for term in self.terms)


def parse_query(text: str) -> Query:
    """Split what a user typed into terms; quoted runs (straight or curly) are phrases."""
    text = clean(text or "")
    terms: list[Term] = []
    parts = _QUOTES.split(text)
    for index, part in enumerate(parts):
        in_quotes = index % 2 == 1 and index < len(parts) - 1
        if in_quotes:
            words = tuple(WORD.findall(part))
            if words:
                terms.append(Term(words, prefix=part.rstrip().endswith("*")))
            continue
        for chunk in _CHUNK.findall(part):
            words = tuple(WORD.findall(chunk))
            if not words:
                continue
            # a chunk like "tội-phạm" is one phrase, as FTS5 would read it
            terms.append(Term(words, prefix=chunk.endswith("*")))
    unique: list[Term] = []
    for term in terms:
        if term not in unique:
            unique.append(term)
    return Query(text, unique[:MAX_TERMS])


def _fts_string(words: Iterable[str], prefix: bool) -> str:
    quoted = '"' + " ".join(words).replace('"', "") + '"'
    return quoted + " *" if prefix else quoted


# A prefix (``covid*``) can be looked up as the index's own words that begin with it, joined
# by OR. FTS5 reads a prefix by gathering every place of every such word in the library before
# it returns a row; it reads a word lazily, so a search newest first stops at its first page.
# ``expand`` gets the prefix as the index holds it, and whether it is looked for in the folded
# columns, and returns the index's words that begin with it, or None to leave the prefix to
# FTS5 (too many words, or none). The two ways find the same articles; bm25 scores them
# differently (a prefix is one phrase to it), so ranked searches keep the prefix.
Expand = Callable[[str, bool], Sequence[str] | None]
# the lowercase Vietnamese letters with marks: never in a folded column
MARKED_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
# words the index holds exactly as written here (unicode61 keeps these as they are): only
# such a prefix is looked up, so no word the prefix would find can be missed
_INDEXED_AS_IS = re.compile(f"[0-9a-z{MARKED_LETTERS}]+")


def fts_term(words: Sequence[str], prefix: bool, expand: Expand | None, folded: bool) -> str:
    """A phrase for MATCH, its last word a prefix if ``prefix``, looked up with ``expand``."""
    if prefix and expand is not None and _INDEXED_AS_IS.fullmatch(words[-1]):
        found = expand(words[-1], folded)
        if found:
            head = list(words[:-1])
            return "(" + " OR ".join(_fts_string([*head, w], False) for w in found) + ")"
    return _fts_string(words, prefix)


EXACT_COLUMNS = "{title body}"
FOLDED_COLUMNS = "{ftitle fbody}"


@dataclass(frozen=True)
class Match:
    """The MATCH expressions for the folded and the exact columns (None where unused), and
    ``expression``: both in one, each term filtered to its columns."""

    folded: str | None
    exact: str | None
    expression: str


def build_match(query: Query, expand: Expand | None = None) -> Match:
    """The MATCH for a query; with ``expand``, prefixes looked up as whole words (above)."""
    folded: list[str] = []
    exact: list[str] = []
    for term in query.terms:
        marks = term.marked
        if all(marks):
            exact.append(fts_term([canon(w) for w in term.words], term.prefix, expand, False))
            continue
        folded.append(fts_term([fold(w) for w in term.words], term.prefix, expand, True))
        last = len(term.words) - 1
        for i, (word, marked) in enumerate(zip(term.words, marks, strict=True)):
            if marked:  # a phrase mixing marked and unmarked words: the marked must be there
                exact.append(fts_term([canon(word)], term.prefix and i == last, expand, False))
    parts = [f"{FOLDED_COLUMNS} : {f}" for f in folded] + [f"{EXACT_COLUMNS} : {e}" for e in exact]
    return Match(" AND ".join(folded) or None, " AND ".join(exact) or None, " AND ".join(parts))


# -- spans --------------------------------------------------------------------------------

_SEP = r"[\W_]+"
_WORDCHAR = r"[^\W_]"


class Highlighter:
    """Finds the character spans of a query's matches in text as written."""

    def __init__(self, query: Query) -> None:
        self.query = query
        self._patterns: list[tuple[re.Pattern[str], Term, tuple[bool, ...]]] = []
        for term in query.terms:
            words = [re.escape(fold(w)) for w in term.words]
            body = _SEP.join(words)
            tail = f"{_WORDCHAR}*" if term.prefix else f"(?!{_WORDCHAR})"
            pattern = re.compile(f"(?<!{_WORDCHAR}){body}{tail}")
            self._patterns.append((pattern, term, term.marked))

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not text or not self._patterns:
            return []
        folded = fold(text)
        exact: str | None = None
        found: list[tuple[int, int]] = []
        for pattern, term, marks in self._patterns:
            for match in pattern.finditer(folded):
                start, end = match.span()
                if any(marks):
                    if exact is None:
                        exact = canon(text)
                    if not _marks_agree(exact, start, end, term, marks):
                        continue
                found.append((start, end))
        return _merge(found)


def _marks_agree(exact: str, start: int, end: int, term: Term, marks: tuple[bool, ...]) -> bool:
    tokens = WORD.findall(exact, start, end)
    if len(tokens) != len(term.words):
        return False
    last = len(tokens) - 1
    for i, (token, word, marked) in enumerate(zip(tokens, term.words, marks, strict=True)):
        if not marked:
            continue
        wanted = canon(word)
        if term.prefix and i == last:
            if not token.startswith(wanted):
                return False
        elif token != wanted:
            return False
    return True


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


SNIPPET_OPEN = "«"
SNIPPET_CLOSE = "»"


@dataclass
class Snippet:
    text: str
    spans: list[tuple[int, int]]

    def marked(self, open_mark: str = SNIPPET_OPEN, close_mark: str = SNIPPET_CLOSE) -> str:
        out: list[str] = []
        last = 0
        for start, end in self.spans:
            out.append(self.text[last:start])
            out.append(open_mark + self.text[start:end] + close_mark)
            last = end
        out.append(self.text[last:])
        return "".join(out)


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = 160) -> Snippet:
    """A window of ``text`` around its densest run of matches, cut at word boundaries."""
    if not text:
        return Snippet("", [])
    if not spans:
        cut = _cut_end(text, 0, width)
        return Snippet(text[:cut] + ("…" if cut < len(text) else ""), [])
    best_start, best_count = spans[0][0], 0
    for i, (start, _end) in enumerate(spans):
        count = sum(1 for s, _ in spans[i:] if s < start + width * 0.8)
        if count > best_count:
            best_start, best_count = start, count
    lead = max(0, best_start - width // 4)
    if lead:
        space = text.rfind(" ", max(0, lead - 20), best_start)
        lead = space + 1 if space >= 0 else lead
    para = text.rfind("\n", 0, best_start)
    lead = max(lead, para + 1)
    stop = _cut_end(text, lead, width)
    stop = min(stop, _para_end(text, best_start))
    window = text[lead:stop]
    inside = [(max(s, lead) - lead, min(e, stop) - lead) for s, e in spans if s < stop and e > lead]
    prefix = "…" if lead > 0 else ""
    suffix = "…" if stop < len(text) else ""
    shift = len(prefix)
    return Snippet(prefix + window + suffix, [(s + shift, e + shift) for s, e in inside])


def _cut_end(text: str, start: int, width: int) -> int:
    end = start + width
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", start + width // 2, end)
    return space if space > 0 else end


def _para_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end
