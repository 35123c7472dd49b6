"""Unquoted words read as the words they spell: tiers, counts and spellings, on short
sentences written for these tests."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.kinds import MatchCounts
from store.library import Library
from store.parse import Article
from store.search import build_tiers, parse_query, with_spelling
from tui.command_line import cli
from tui.data import LibraryService, SearchDetails

FILLER = "Trời mưa rất to và gió thổi mạnh suốt cả buổi chiều hôm qua ở ngoài phố."


def add(lib: Library, key: str, title: str, *paragraphs: str, date: str | None = None) -> None:
    article = Article(title, False, date, None, paragraphs[0], list(paragraphs[1:]), source=key)
    lib.import_articles([article], key, entities=False)


def invest_library(lib: Library) -> Library:
    """``đầu tư`` together in two articles, ``dấu tư`` in one, ``đầu`` near ``tư`` in one, and
    the syllables scattered (but many times, and in the title) in one more."""
    add(lib, "together", "Vốn ngoại", "Nhà đầu tư nước ngoài rót thêm vốn.")
    add(lib, "together2", "Đầu tư công", "Tỉnh đẩy nhanh giải ngân vốn.")
    add(lib, "marked", "Chữ ký", "Bản sao không có dấu tư pháp.")
    add(lib, "near", "Kinh tế", "Đầu năm nay khu vực tư nhân tăng trưởng khá.")
    add(
        lib,
        "apart",
        "Đầu bếp đầu làng",
        f"Đầu bếp nói đâu cũng được. {FILLER} {FILLER} Ông nhận án tù. {FILLER} Tù ba năm.",
        f"{FILLER} Ở đầu làng. {FILLER} {FILLER} Bà con thăm ông trong tù.",
    )
    add(lib, "alone", "Đầu nguồn", "Nước lũ đổ về đầu nguồn.")
    return lib


@pytest.fixture
def invest() -> Library:
    return invest_library(Library.memory())


def keys(lib: Library, query: str, **kwargs: object) -> list[str]:
    return [hit.article.source for hit in lib.search(query, limit=50, **kwargs).hits]


def test_a_run_of_words_ranks_together_then_near_then_apart(invest: Library) -> None:
    hits = invest.search("dau tu", limit=50).hits
    found = [(hit.article.source, hit.tier) for hit in hits]
    assert sorted(found[:3]) == [
        ("marked", "together"),
        ("together", "together"),
        ("together2", "together"),
    ]
    assert found[3:] == [("near", "near"), ("apart", "apart")]
    # bm25 alone puts the article full of the syllables above one holding the words once
    plain = [
        row[0]
        for row in invest.db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 10, 1, 10, 1)",
            [build_tiers(parse_query("dau tu")).apart.expression],  # type: ignore[union-attr]
        )
    ]
    doc = {hit.article.source: hit.article.doc for hit in hits}
    assert plain.index(doc["apart"]) < plain.index(doc["together"])
    assert "alone" not in keys(invest, "dau tu")  # every word must still be there


def test_within_a_tier_the_title_weighs_above_the_body(invest: Library) -> None:
    found = keys(invest, "dau tu")
    assert found[0] == "together2"  # "Đầu tư" in its title


def test_a_page_may_start_and_end_in_any_tier(invest: Library) -> None:
    whole = keys(invest, "dau tu")
    pages = [
        [hit.article.source for hit in invest.search("dau tu", limit=2, offset=at).hits]
        for at in range(0, 6, 2)
    ]
    assert [key for page in pages for key in page] == whole
    assert [h.article.source for h in invest.search("dau tu", limit=1, offset=4).hits] == ["apart"]


def test_counts_tell_together_from_every_word(invest: Library) -> None:
    assert invest.match_counts("dau tu") == MatchCounts(3, 5)
    assert invest.match_counts('"dau tu"') == MatchCounts(3, 3)  # a phrase is together
    assert invest.match_counts("tu") == MatchCounts(5, 5)
    # a run is read whole: "đầu tư" and "vốn" apart are not "dau tu von" together
    assert invest.match_counts("dau tu von") == MatchCounts(0, 2)
    assert invest.match_counts('dau tu "von"') == MatchCounts(2, 2)
    assert invest.match_counts("khongco tu") == MatchCounts(0, 0)


def test_marks_still_route_each_word(invest: Library) -> None:
    assert keys(invest, "dấu tu") == ["marked"]
    assert set(keys(invest, "đầu tư")[:2]) == {"together", "together2"}
    assert "marked" not in keys(invest, "đầu tư")
    assert keys(invest, '"đầu tư"', sort="date") == ["together2", "together"]


def test_a_prefix_ends_a_run_and_is_read_with_it(invest: Library) -> None:
    hits = invest.search("dau t*", limit=50).hits
    assert {h.article.source for h in hits if h.tier == "together"} == {
        "together",
        "together2",
        "marked",
    }
    assert [h.tier for h in hits][:3] == ["together"] * 3
    assert parse_query("hoi ngh* mang").runs[0].words == ("hoi", "ngh")


def test_each_pair_of_a_long_run_found_together_counts() -> None:
    lib = Library.memory()
    # "ma túy" and "Hà Nội", far apart; then every syllable, more often, never two together
    add(lib, "pairs", "Tin ngắn", f"Vụ ma túy lớn. {FILLER} {FILLER} Công an Hà Nội vào cuộc.")
    add(
        lib,
        "scattered",
        "Ma hay tuy",
        f"Con ma trong truyện. {FILLER} {FILLER} Tuy vậy hà cớ gì. {FILLER} Nội dung hay.",
        f"Ma nào? {FILLER} Tuy nhiên. {FILLER} Hà hơi. {FILLER} Nội bộ.",
    )
    hits = lib.search("ma tuy ha noi", limit=10).hits
    assert [(h.article.source, h.tier) for h in hits] == [
        ("pairs", "apart"),
        ("scattered", "apart"),
    ]


def test_spellings_most_frequent_first_with_their_counts(invest: Library) -> None:
    offered = invest.spellings("dau tu")
    assert offered is not None
    assert offered.typed == "dau tu" and offered.run == 0
    assert offered.found == [("đầu tư", 2), ("dấu tư", 1)]
    # a run typed with its marks, or found in one spelling only, offers nothing
    assert invest.spellings("đầu tư") is None
    assert invest.spellings("tu phap") is None
    # the second run is offered when the first has one spelling; counts hold the whole query
    add(invest, "both", "Hai việc", "Nhà đầu tư lo dấu tư pháp.")
    offered = invest.spellings('"nha" dau tu')
    assert offered is not None and offered.found == [("đầu tư", 2), ("dấu tư", 1)]
    narrowed = with_spelling(parse_query('"nha" dau tu'), offered.run, "đầu tư")
    assert narrowed == '"nha" "đầu tư"'
    assert invest.count_matches(narrowed) == 2


def test_hits_say_the_spellings_they_hold(invest: Library) -> None:
    spelled = {h.article.source: h.to_json()["spellings"] for h in invest.search("dau tu").hits}
    assert spelled["together"] == ["đầu tư"]
    assert spelled["marked"] == ["dấu tư"]
    assert spelled["apart"] == []


def test_a_huge_search_of_undated_articles_ranks_the_last_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import store.matches

    monkeypatch.setattr(store.matches, "RANK_CUT", 2)
    lib = Library.memory()
    for i in range(4):
        add(lib, f"u{i}", f"Bài {i}", f"Nhà đầu tư thứ {i}.")
    assert lib.ranked_order("dau tu") == "import"
    result = lib.search("dau tu", limit=10)
    assert result.ranked_among == 2
    assert {h.article.source for h in result.hits[:2]} == {"u2", "u3"}
    add(lib, "d1", "Bài có ngày", "Nhà đầu tư cũ.", date="2020-01-02")
    assert lib.ranked_order("dau tu") == "mixed"
    add(lib, "d2", "Bài có ngày nữa", "Nhà đầu tư khác.", date="2021-01-02")
    assert lib.ranked_order("dau tu") == "date"
    assert lib.ranked_order("von") == ""


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def invest_db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    with Library.open(path) as lib:
        invest_library(lib)
    return path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_counts_after_the_results_and_spellings_on_stderr(invest_db: Path) -> None:
    code, out, err = run(invest_db, "search", "dau", "tu")
    assert code == 0
    assert out.rstrip().splitlines()[-1] == "3 together · 5 with every word"
    assert err.strip() == "dau tu → đầu tư 2 · dấu tư 1"
    code, out, err = run(invest_db, "search", "đầu", "tư")
    assert out.rstrip().splitlines()[-1] == "2 together · 3 with every word" and not err
    code, out, err = run(invest_db, "search", "von")
    assert out.rstrip().splitlines()[-1] == "2 results"
    assert "  1. Vốn ngoại" in out  # no date column when no result has a date


def test_cli_json_hits_gain_tier_and_spellings(invest_db: Path) -> None:
    code, out, err = run(invest_db, "search", "--json", "dau", "tu")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 5
    assert [hit["tier"] for hit in hits] == ["together"] * 3 + ["near", "apart"]
    assert {tuple(hit["spellings"]) for hit in hits[:3]} == {("đầu tư",), ("dấu tư",)}
    assert {"id", "title", "date", "snippet", "score", "spans"} <= set(hits[0])
    assert "dau tu → đầu tư 2 · dấu tư 1" in err
    _, out, _ = run(invest_db, "search", "--json", "--sort", "date", "dau", "tu")
    assert sorted(hit["tier"] for hit in json.loads(out)) == sorted(h["tier"] for h in hits)


# -- the reader's door -------------------------------------------------------------------------


def test_a_key_typed_stops_the_details_of_the_last_search(
    invest_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = LibraryService(invest_db, state=tmp_path / "state.db")
    details = service.search_details("dau tu")
    assert details is not None and details.counts == MatchCounts(3, 5)
    assert details.spellings is not None and details.ranked_order == ""
    service.interrupt(threading.get_ident())  # nothing running: nothing happens
    assert service.search_details("dau tu") == details
    counting = threading.Event()

    def forever(self: Library, text: str) -> MatchCounts:
        counting.set()
        endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        self.db.execute(endless + "SELECT count(*) FROM c").fetchone()
        raise AssertionError("never ends unless interrupted")

    monkeypatch.setattr(Library, "match_counts", forever)
    found: list[SearchDetails | None] = []
    thread = threading.Thread(
        target=lambda: found.append(service.search_details("dau tu")), daemon=True
    )
    thread.start()
    assert counting.wait(10)
    time.sleep(0.05)
    service.interrupt(thread.ident or 0)
    thread.join(10)
    assert not thread.is_alive() and found == [None]
    monkeypatch.undo()
    assert service.search_details("dau tu") == details  # the connection goes on
    service.close()


def test_a_long_run_found_together_is_found_once_in_the_first_tier() -> None:
    lib = Library.memory()
    sentence = (
        "Bà ấy cho biết sau lễ ký kết hai bên sẽ tiếp tục hợp tác chặt chẽ trong nhiều năm tới"
    )
    add(lib, "long", "Tin ngắn", sentence)
    hits = lib.search(sentence.lower(), limit=10).hits
    assert [(h.article.source, h.tier) for h in hits] == [("long", "together")]
