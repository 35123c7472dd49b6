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
    """A word or a phrase of the query: its words as typed, whether the last is a prefix, and
    whether it was quoted."""

    words: tuple[str, ...]
    prefix: bool = False
    quoted: bool = False

    @property
    def marked(self) -> tuple[bool, ...]:
        return tuple(has_marks(w) for w in self.words)


@dataclass
class Query:
    """What was typed, as terms (each must match), and its runs: the unquoted words in the order
    typed, a run ending at a quote or a prefix, each with its place in ``text`` (``spans``)."""

    text: str
    terms: list[Term] = field(default_factory=list)
    runs: list[Term] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def has_prefix(self) -> bool:
        return any(term.prefix for term in self.terms)

    @property
    def joined(self) -> list[Term]:
        """The runs of several words: read first as the words they spell together."""
        return [run for run in self.runs if len(run.words) > 1]


_TOKEN = re.compile(r"(?P<quote>[\"“”„‟«»])|(?P<chunk>[^\s\"“”„‟«»]+)")


def parse_query(text: str) -> Query:
    """Split what a user typed into terms; quoted runs (straight or curly) are phrases, an
    unmatched quote is left out. Unquoted chunks next to each other make a run."""
    text = clean(text or "")
    quotes = [m.start() for m in _QUOTES.finditer(text)]
    closing = set(quotes[1 : len(quotes) - len(quotes) % 2 : 2])  # quote pairs' second quotes
    opening = set(quotes[0 : len(quotes) - len(quotes) % 2 : 2])
    terms: list[Term] = []
    # each run of unquoted chunks: (its terms, where each ends in the text), its start, and
    # whether its last word is a prefix
    runs: list[tuple[list[tuple[Term, int]], int, bool]] = []
    run: list[tuple[Term, int]] = []
    run_start = 0

    def close_run(prefix: bool = False) -> None:
        if run:
            runs.append((list(run), run_start, prefix))
            run.clear()

    inside = -1  # where the open phrase's text starts
    for match in _TOKEN.finditer(text):
        if match.group("quote") is not None:
            at = match.start()
            if at in opening:
                close_run()
                inside = match.end()
            elif at in closing:
                part = text[inside:at]
                words = tuple(WORD.findall(part))
                if words:
                    terms.append(Term(words, prefix=part.rstrip().endswith("*"), quoted=True))
                inside = -1
            continue
        if inside >= 0:
            continue
        chunk = match.group("chunk")
        words = tuple(WORD.findall(chunk))
        if not words:
            continue
        # a chunk like "tội-phạm" is one phrase, as FTS5 would read it
        prefix = chunk.endswith("*")
        term = Term(words, prefix=prefix)
        terms.append(term)
        if not run:
            run_start = match.start()
        run.append((term, match.end()))
        if prefix:
            close_run(prefix=True)
    close_run()
    unique: list[Term] = []
    for term in terms:
        if term not in unique:
            unique.append(term)
    kept = set(unique[:MAX_TERMS])
    # a run holds only the words of the terms kept: a query cut at MAX_TERMS asks for its
    # runs' words together only as far as it asks for them at all
    run_terms: list[Term] = []
    spans: list[tuple[int, int]] = []
    for members, start, prefix in runs:
        cut = next((i for i, (term, _end) in enumerate(members) if term not in kept), None)
        whole = cut is None
        members = members if cut is None else members[:cut]
        if members:
            words = tuple(word for term, _end in members for word in term.words)
            run_terms.append(Term(words, prefix=prefix and whole))
            spans.append((start, members[-1][1]))
    return Query(text, unique[:MAX_TERMS], run_terms[:MAX_TERMS], spans[:MAX_TERMS])


def spelling(surface: str) -> str:
    """A run's words as found in a text, as a spelling: canonical tones, lower case, one space."""
    return " ".join(WORD.findall(canon(surface)))


def with_spelling(query: Query, run: int, marked: str) -> str:
    """The query's text with its ``run``-th run replaced by ``marked`` as a quoted phrase."""
    start, end = query.spans[run]
    return query.text[:start] + '"' + marked + '"' + query.text[end:]


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


def build_match(query: Query, expand: Expand | None = None, spelled: Term | None = None) -> Match:
    """The MATCH for a query; with ``expand``, prefixes looked up as whole words (above).
    ``spelled``: a term of the query looked for exactly as written, unmarked words too (the
    count of a spelling: ``dau`` there is ``dau``, not ``đầu``)."""
    folded: list[str] = []
    exact: list[str] = []
    for term in query.terms:
        if term == spelled:
            exact.append(fts_term([canon(w) for w in term.words], term.prefix, expand, False))
        else:
            _term_parts(term, expand, folded, exact)
    return _match(folded, exact)


def _term_parts(
    term: Term, expand: Expand | None, folded: list[str], exact: list[str], near: int = 0
) -> None:
    """A term's MATCH parts: its folded phrase (or, with ``near``, its words within ``near``
    words of each other), and the marked words it holds, which must be there as typed."""
    marks = term.marked
    if all(marks):
        words = [canon(w) for w in term.words]
        exact.append(_near(words, term.prefix, near) if near else
                     fts_term(words, term.prefix, expand, False))  # fmt: skip
        return
    words = [fold(w) for w in term.words]
    folded.append(_near(words, term.prefix, near) if near else
                  fts_term(words, term.prefix, expand, True))  # fmt: skip
    last = len(term.words) - 1
    for i, (word, marked) in enumerate(zip(term.words, marks, strict=True)):
        if marked:  # a phrase mixing marked and unmarked words: the marked must be there
            exact.append(fts_term([canon(word)], term.prefix and i == last, expand, False))


def _near(words: Sequence[str], prefix: bool, window: int) -> str:
    """The words within ``window`` other words of each other. FTS5 counts the words between
    the first and the last, the run's own among them: so the run together is always near."""
    last = len(words) - 1
    phrases = " ".join(_fts_string([w], prefix and i == last) for i, w in enumerate(words))
    return f"NEAR({phrases}, {window + max(0, len(words) - 2)})"


def _match(folded: list[str], exact: list[str]) -> Match:
    parts = [f"{FOLDED_COLUMNS} : {f}" for f in folded] + [f"{EXACT_COLUMNS} : {e}" for e in exact]
    return Match(" AND ".join(folded) or None, " AND ".join(exact) or None, " AND ".join(parts))


# A run of unquoted words (``dau tu``) is read first as the words they spell together: the
# results holding the run's words next to each other and in order come first ("together"), then
# those holding them within NEAR_WINDOW words of each other ("near"), then the rest ("apart").
# Ten words between them at most: about a clause of news prose (in a sample of 800 real
# articles, the runs of words between commas and stops average 9.6 syllables, a quarter are
# longer than 14); words further apart are seldom about one thing.
NEAR_WINDOW = 10
TIERS = ("together", "near", "apart")


@dataclass(frozen=True)
class Tiers:
    """The MATCH of each tier of a query with runs of several words. ``together``: every run
    as a phrase, with the rest of the query; ``near``: every run's words within
    ``NEAR_WINDOW`` words; ``apart``: every word (the query's own MATCH). ``ranked``: the
    expressions a tier's results are ranked by, in order, each holding only that tier's."""

    together: Match
    near: Match
    apart: Match
    ranked: tuple[str, str, str]


def build_tiers(query: Query, expand: Expand | None = None) -> Tiers | None:
    """The tiers of a query (above); None when it has no run of several words. ``expand``
    applies to ``together`` and ``apart`` (a prefix in a NEAR group stays FTS5's)."""
    joined = query.joined
    if not joined:
        return None
    quoted = [term for term in query.terms if term.quoted]
    alone = [run for run in query.runs if len(run.words) == 1]
    phrases = [*joined, *alone, *quoted]
    together = build_match(Query(query.text, phrases), expand)
    folded: list[str] = []
    exact: list[str] = []
    for run in joined:
        _term_parts(run, None, folded, exact, near=NEAR_WINDOW)
    near_only = _match(folded, exact).expression
    apart = build_match(query, expand)
    # the words within the window, and every term as typed (``000:000`` is a phrase)
    near = Match(None, None, f"({near_only}) AND ({apart.expression})")
    bonus = _pairs(joined)
    plain = build_match(Query(query.text, phrases)).expression
    every = build_match(query).expression
    ranked = (
        plain,
        f"((({near_only}) AND ({every})) NOT ({plain})){bonus}",
        f"(({every}) NOT ({near_only})){bonus}",
    )
    return Tiers(together, near, apart, ranked)


def _pairs(runs: list[Term]) -> str:
    """For runs of three words or more, a clause that every result of the query meets but that
    names each pair of words next to each other in a run (``ma tuy``, ``tuy ha``, ``ha noi``):
    bm25 scores every phrase of a MATCH, so a result holding more of the pairs together ranks
    higher (``ma túy`` and ``Hà Nội`` above the same syllables scattered)."""
    clauses = []
    for run in runs:
        if len(run.words) < 3:
            continue
        exact = all(run.marked)
        words = [canon(w) if exact else fold(w) for w in run.words]
        last = len(words) - 2
        pairs = [_fts_string(words[i : i + 2], run.prefix and i == last) for i in range(last + 1)]
        first = _fts_string(words[:1], False)
        columns = EXACT_COLUMNS if exact else FOLDED_COLUMNS
        clauses.append(f" AND {columns} : ({' OR '.join([*pairs, first])})")
    return "".join(clauses)


# -- spans --------------------------------------------------------------------------------

_SEP = r"[\W_]+"
_WORDCHAR = r"[^\W_]"


class Highlighter:
    """Finds the character spans of a query's matches in text as written."""

    def __init__(self, query: Query) -> None:
        self.query = query
        self._patterns: list[tuple[re.Pattern[str], Term, tuple[bool, ...]]] = []
        # a run's words found together are lit as one span (``«đầu tư»``, not ``«đầu» «tư»``)
        for term in [*query.terms, *query.joined]:
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
