"""Search the Vietnamese way (VIETNAMESE.md §2) over the seed articles."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import by_source

from store.kinds import spans_in
from store.library import Library
from store.parse import Article
from store.search import build_match, parse_query
from store.text import WORD, canon, canon_text, fold, has_marks


def sources(lib: Library, query: str, **kwargs: object) -> set[str]:
    return {hit.article.source[:3] for hit in lib.search(query, limit=50, **kwargs).hits}


def add(lib: Library, key: str, title: str, *paragraphs: str, date: str | None = None) -> str:
    article = Article(title, False, date, None, paragraphs[0], list(paragraphs[1:]), source=key)
    lib.import_articles([article], key)
    return key


def test_words_without_marks_match_every_marked_form(library: Library) -> None:
    assert sources(library, "ma tuy") == {"000", "002", "004"}
    assert "002" in sources(library, "nguyen duy ngoc")
    assert "003" in sources(library, "dinh quy")  # Đặng Đình Quý: đ folds to d
    assert sources(library, "dong nam a") >= {"000", "003"}  # Đông Nam Á
    assert "002" in sources(library, "tiep xa giao")  # tiếp: a letter with two marks


def test_words_with_marks_match_those_marks(library: Library) -> None:
    add(library, "ma.txt", "Bài về má", "Má tôi đi chợ.", "Không có chữ khác.")
    add(library, "ma2.txt", "Bài về mã", "Mã số bí mật.", "Không có chữ khác nữa.")
    assert sources(library, "má") == {"ma."}
    assert sources(library, "mã") == {"ma2"}
    assert "ma." not in sources(library, "mạ")
    # without marks, every form
    assert {"ma.", "ma2", "000"} <= sources(library, "ma")


def test_marked_prefixes_and_phrases_keep_their_marks(library: Library) -> None:
    add(library, "n1.txt", "Nghịch lý", "Một nghịch lý lớn.", "Hết bài một.")
    add(library, "n2.txt", "Nghỉ ngơi", "Ngày nghỉ dài.", "Hết bài hai.")
    assert "n1." in sources(library, "nghị*")  # nghịch begins with nghị
    assert "n2." not in sources(library, "nghị*")  # nghỉ: another tone
    assert {"n1.", "n2."} <= sources(library, "nghi*")
    add(library, "h1.txt", "Hai nước", "Hai nước hợp tác chặt chẽ.", "Hết bài ba.")
    add(library, "h2.txt", "Tác giả", "Tác giả hợp tuyển thơ.", "Hết bài bốn.")
    assert "h1." in sources(library, '"hợp tác"')
    assert "h2." not in sources(library, '"hợp tác"')  # both words, not the phrase
    assert "h1." not in sources(library, '"hợp tắc"')  # the phrase, other marks


def test_both_tone_placements_find_both_spellings(library: Library) -> None:
    add(library, "old.txt", "Chống ma tuý", "Bài chỉ viết ma tuý kiểu cũ.", "Hết.")
    add(library, "new.txt", "Chống ma túy", "Bài chỉ viết ma túy kiểu mới.", "Hết rồi.")
    for query in ("ma túy", "ma tuý", "MA TÚY", '"ma tuý"'):
        found = sources(library, query)
        assert {"old", "new"} <= found, query


def test_nfd_query_finds_nfc_text(library: Library) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Duy Ngọc")
    assert "002" in sources(library, nfd)


def test_every_term_must_match_and_no_implicit_prefix(library: Library) -> None:
    add(library, "toc.txt", "Dân tộc", "Các dân tộc thiểu số.", "Không có gì khác.")
    assert "toc" not in sources(library, "tội")
    assert "toc" in sources(library, "tộc")
    assert sources(library, "waly khủng bố") == set()  # no seed names both
    assert sources(library, "unodc waly") == {"004"}


def test_phrases_in_straight_and_curly_quotes(library: Library) -> None:
    assert sources(library, '"tội phạm mạng"') == {"004"}
    assert sources(library, "“tội phạm mạng”") == {"004"}
    # the words apart are everywhere, the phrase is not
    assert len(sources(library, "mạng tội")) > len(sources(library, '"mạng tội"'))


def test_trailing_star_is_a_prefix(library: Library) -> None:
    assert "002" in sources(library, "Serebry*")
    assert sources(library, "Serebry") == set()
    assert sources(library, "hoi ngh*") >= {"000", "001"}


@pytest.mark.parametrize(
    "query",
    [
        "tội-phạm",
        "urquiza.",
        '"',
        "NOT",
        "AND (",
        "*",
        "",
        "   ",
        "OR",
        "NEAR(",
        "a:b",
        "^x",
        "'",
        '""',
        '"ma túy',
        'ma"túy',
        "(",
        ")",
        "-",
        "{title}: x",
        "\x1b[31m",
        "x" * 10_000,
    ],
)
def test_no_input_raises(library: Library, query: str) -> None:
    result = library.search(query)
    assert isinstance(result.hits, list)
    library.count_matches(query)


def test_empty_query_says_why(library: Library) -> None:
    assert library.search("").message
    assert library.search('"').message
    assert library.search("ma").message is None


def test_hyphenated_word_is_a_phrase(library: Library) -> None:
    assert sources(library, "tội-phạm") == sources(library, '"tội phạm"')


def test_title_weighs_more_than_body(library: Library) -> None:
    add(library, "t.txt", "Khủng bố mạng", "Một bài ngắn.", "Không nhắc lại.")
    hits = library.search("khủng bố").hits
    # seed 003 names "khủng bố" in its title and dozens of times in its body
    assert hits[0].article.source[:3] in {"t.t", "003"}
    hits = library.search("waly").hits
    assert hits[0].article.source.startswith("004")


def test_newest_first_sort(library: Library) -> None:
    dates = [hit.article.date for hit in library.search("viet nam", sort="date").hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[-1] is None  # seed 003 has no date: last


def test_spans_mark_matches_in_text_as_written(library: Library) -> None:
    hit = library.search("ma tuy").hits[0]
    article = hit.article
    marked = {fold(article.body[s:e]) for s, e in spans_in(hit.spans, "body")}
    assert marked, "body spans found"
    assert marked <= {"ma", "tuy", "ma tuy"}
    assert hit.snippet.spans
    assert "«" in hit.to_json()["snippet"]
    # title spans in the all-caps title of seed 000: the run's words found together, one span
    top = next(h for h in library.search("ma tuy").hits if h.article.source.startswith("000"))
    assert [top.article.title[s:e] for s, e in spans_in(top.spans, "title")] == ["MA TUÝ"]


def test_marked_query_spans_skip_other_marks(library: Library) -> None:
    add(library, "mm.txt", "Má và mã", "Má nói mã số là ma.", "Hết.")
    hit = library.search("má").hits[0]
    assert [hit.article.lede[s:e] for s, e in spans_in(hit.spans, "lede")] == ["Má"]


def test_query_building_quotes_everything() -> None:
    match = build_match(parse_query('NOT tội-phạm "ma túy" hoi*'))
    assert match.folded == '"not" AND "ma tuy" AND "hoi" *'
    assert match.exact == '"tội phạm" AND "túy"'


def test_search_result_json_contract(library: Library) -> None:
    item = library.search("unodc").hits[0].to_json()
    assert {"id", "title", "date", "author", "source", "snippet", "score"} <= set(item)
    assert item["id"] == by_source(library, "004") or item["source"].startswith("000")


def test_search_json_spans_keep_their_shape() -> None:
    """``bantin search --json``'s ``spans``: title, lede and body each a list of [start, end]
    pairs, captions a list of those, one a caption (a caption with no match: an empty list)."""
    lib = Library.memory()
    article = Article(
        "Ma túy", False, None, None, "Về ma túy.", ["Chống ma túy."], ["x", "ma"], [0, 0]
    )
    lib.import_articles([article], "mem:1", entities=False)
    spans = json.loads(json.dumps(lib.search("ma tuy").hits[0].to_json()))["spans"]
    assert spans == {  # the run "ma tuy" found together is one span
        "title": [[0, 6]],
        "lede": [[3, 9]],
        "body": [[6, 12]],
        "captions": [[], [[0, 2]]],
    }


def test_a_huge_relevance_search_ranks_its_newest_matches(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.matches

    monkeypatch.setattr(store.matches, "RANK_CUT", 3)
    # the oldest has the words in its title, and would rank first among all matches
    add(library, "a.txt", "Tuần tra sông Kiwara", "Bài tuần tra cũ nhất.", date="2001-01-01")
    for year in (2022, 2023, 2024, 2025):  # newer than every seed
        add(library, f"{year}.txt", f"Tin {year}", f"Năm {year} có tuần tra trên sông Kiwara.",
            date=f"{year}-12-31")  # fmt: skip
    assert library.count_matches("tuan tra kiwara") == 5
    cut = library.search("tuan tra kiwara", limit=10)
    assert cut.ranked_among == 3
    assert {hit.article.date[:4] for hit in cut.hits[:3]} == {"2023", "2024", "2025"}
    everything = library.search("tuan tra kiwara", limit=10, rank_all=True)
    assert everything.ranked_among is None
    assert everything.hits[0].article.source == "a.txt"
    assert len(everything.hits) == 5
    # past the ranked ones, the older matches follow newest first: nothing is out of reach
    pages = [library.search("tuan tra kiwara", limit=2, offset=o).hits for o in (0, 2, 4)]
    paged = [hit.article.date[:4] for page in pages for hit in page]
    assert set(paged[:3]) == {"2023", "2024", "2025"} and paged[3:] == ["2022", "2001"]
    # newest first and small searches are not cut
    assert library.search("tuan tra kiwara", limit=10, sort="date").ranked_among is None
    assert library.search("cũ nhất", limit=10).ranked_among is None


# -- prefixes looked up as the words they begin -------------------------------------------


def fts5_prefix_docs(lib: Library, query: str) -> list[int]:
    """The articles FTS5's own prefix finds for ``query``, newest first."""
    sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC"
    return [r[0] for r in lib.db.execute(sql, [build_match(parse_query(query)).expression])]


def newest_first(lib: Library, query: str) -> list[int]:
    return [hit.article.doc for hit in lib.search(query, limit=1000, sort="date").hits]


def all_text(lib: Library) -> str:
    return "\n".join("\n".join([a.title, a.lede, a.body, *a.captions]) for a in lib.iter_articles())


@pytest.fixture
def mixed(library: Library) -> Library:
    """The seeds, and words that sort among theirs: marked and unmarked forms of one word,
    letters folding leaves alone, numbers, a word that is a prefix of others."""
    add(
        library,
        "m1.txt",
        "Nghiêm túc",
        "Nghiêm nghiem NGHỊCH nghệ nghe.",
        "Ông Jens Møller ở Øresund, Łódź.",
    )
    add(library, "m2.txt", "Số liệu 2021", "Năm 2021, 20 nước, COVID-19 và covid19.", "Hết.")
    add(library, "m3.txt", "Hợp tác", "Hợp tác quốc tế, hop tac quoc te.", "Tác giả hợp tuyển.")
    return library


def test_a_prefix_finds_what_fts5s_own_prefix_finds(mixed: Library) -> None:
    words = WORD.findall(all_text(mixed))
    stems = {form[:n] for w in words for form in (fold(w), canon(w)) for n in (1, 2, 4)}
    queries = [f"{stem}*" for stem in sorted(stems)]
    # phrases ending in a prefix, unmarked, marked and mixed; two prefixes in one query
    pairs = list(zip(words, words[1:], strict=False))[::13]
    queries += [f'"{a} {b[:2]}*"' for a, b in pairs]
    queries += [f'"{fold(a)} {b[:3]}*"' for a, b in pairs]
    queries += [f"{a[:2]}* {b[:2]}*" for a, b in pairs]
    assert len(queries) > 300, len(queries)
    for query in queries:
        expected = fts5_prefix_docs(mixed, query)
        assert newest_first(mixed, query) == expected, query
        assert mixed.count_matches(query) == len(expected), query
    assert newest_first(mixed, "nghi*") and newest_first(mixed, "ø*")


def test_a_prefix_is_looked_up_as_the_words_it_begins(mixed: Library) -> None:
    text = all_text(mixed)
    indexed = set(WORD.findall(canon_text(text))) | set(WORD.findall(fold(text)))
    expand = mixed.matcher.index_words()
    unmarked = sorted(w for w in indexed if w.startswith("ngh") and not has_marks(w))
    assert unmarked and expand("ngh", True) == unmarked  # the folded columns hold no marks
    marked = sorted(w for w in indexed if w.startswith("ngh"))
    assert {"nghiêm", "nghịch", "nghệ"} <= set(marked)
    assert expand("ngh", False) == marked
    assert expand("nghị", False) == sorted(w for w in indexed if w.startswith("nghị"))
    assert expand("zzz", True) is None  # nothing to look up: FTS5 finds nothing either
    assert "OR" in build_match(parse_query("hoi ngh*"), expand).expression


def test_a_prefix_of_too_many_words_is_left_to_fts5(
    mixed: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.matches

    monkeypatch.setattr(store.matches, "PREFIX_WORDS", 2)
    assert mixed.matcher.index_words()("ngh", True) is None
    assert newest_first(mixed, "ngh*") == fts5_prefix_docs(mixed, "ngh*")
    monkeypatch.setattr(store.matches, "PREFIX_WORDS", 100)
    monkeypatch.setattr(store.matches, "PREFIX_STEPS", 3)  # the search's steps run out
    expand = mixed.matcher.index_words()
    assert expand("covid", True) == ["covid", "covid19"]
    assert expand("ngh", True) is None
    assert newest_first(mixed, "covid* ngh*") == fts5_prefix_docs(mixed, "covid* ngh*")


def test_a_phrase_ending_in_a_marked_prefix_keeps_it_a_prefix(mixed: Library) -> None:
    # "hop tá*": the unmarked word folded, the marked one must begin a word as written
    assert {"000", "m3."} <= sources(mixed, '"hop tá*"')
    assert "m3." not in sources(mixed, '"hop tà*"')


def test_pages_of_a_prefix_search_follow_on(mixed: Library) -> None:
    whole = newest_first(mixed, "ng*")
    paged = [
        hit.article.doc
        for offset in range(0, len(whole), 2)
        for hit in mixed.search("ng*", limit=2, offset=offset, sort="date").hits
    ]
    assert len(whole) > 4 and paged == whole
    ranked = {hit.article.doc for hit in mixed.search("ng*", limit=1000).hits}
    assert ranked == set(whole)


def test_title_search_finds_what_fts5s_own_prefixes_find(mixed: Library) -> None:
    sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 20"
    titles = [a.title for a in mixed.iter_articles()]
    typed = {t[:n] for t in titles for n in (1, 3, 8, 12)} | {"hop t", "ng", "h"}
    for text in sorted(typed):
        words = [fold(w) for w in WORD.findall(text)]
        if not words:
            continue
        expression = "ftitle : (" + " AND ".join(f'"{w}" *' for w in words) + ")"
        docs = [r[0] for r in mixed.db.execute(sql, [expression])]
        found = mixed.search_titles(text)
        assert [row.doc for row in found] == docs, text


def test_a_pasted_paragraph_longer_than_the_query_limit_finds_what_it_counts(
    library: Library,
) -> None:
    # a paragraph pasted whole, then words past the limit of terms: the results are the
    # articles counted, the words left out asked for neither alone nor together
    article = library.get(library.articles(limit=1)[0].id)
    assert article is not None
    words = article.body.split()[:60]
    pasted = " ".join(words) + ' «"zzqx-0-x'
    count = library.count_matches(pasted)
    assert count >= 1
    assert len(library.search(pasted, limit=10).hits) == count
    query = parse_query(pasted)
    kept = {word for term in query.terms for word in term.words}
    assert all(set(run.words) <= kept for run in query.runs)
