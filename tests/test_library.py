"""The SQLite library: import, idempotence, updates that keep the user's state, safety."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from conftest import by_source
from test_import_robustness import article

from store import paths
from store.importer import Writer
from store.kinds import MIGRATIONS
from store.library import Library, LibraryError, open_library
from store.schema import INDEX_AUTOMERGE, INDEX_HASH_BYTES, migrations

SEED_000 = "000_e6b873c388662840.txt"


def copy_seeds(seeds: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for seed in seeds.glob("*.txt"):
        shutil.copy(seed, target / seed.name)
    return target


def test_import_is_idempotent(library: Library, seeds: Path) -> None:
    report = library.import_paths([seeds])
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 5)
    assert library.count() == 5


def test_same_article_from_another_file_is_one_article(
    library: Library, seeds: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "elsewhere" / "renamed.txt"
    copy.parent.mkdir()
    # the same article with other line endings and the other tone placement of one word
    text = (seeds / SEED_000).read_text("utf-8").replace("\n", "\r\n")
    copy.write_bytes(text.encode("utf-8-sig"))
    report = library.import_paths([copy])
    assert report.duplicates == 1 and report.imported == 0
    assert library.count() == 5


def test_changed_file_replaces_its_article_and_keeps_bookmark(seeds: Path, tmp_path: Path) -> None:
    folder = copy_seeds(seeds, tmp_path / "seeds")
    lib = Library.open(tmp_path / "lib.db")
    lib.import_paths([folder])
    old_id = by_source(lib, "004")
    lib.set_bookmark(old_id, "ghi chú: Ghada Waly")
    lib.mark_read(old_id, position=12)

    path = folder / "004_fd67b6bd4c4b6eb4.txt"
    path.write_text(path.read_text("utf-8").replace("Gần 100 quốc gia", "Hơn 100 quốc gia"))
    report = lib.import_paths([folder])
    assert report.updated == 1 and report.imported == 0 and report.unchanged == 4
    assert lib.count() == 5
    new_id = by_source(lib, "004")
    assert new_id != old_id
    assert lib.is_bookmarked(new_id)
    assert lib.bookmarks()[0]["note"] == "ghi chú: Ghada Waly"
    state = lib.read_state(new_id)
    assert state is not None and state["position"] == 12
    # the old id still leads to the article, e.g. from a bookmark exported elsewhere
    moved = lib.get(old_id)
    assert moved is not None and moved.id == new_id
    # the search index follows: the new words are found, the old ones are gone
    assert [h.article.id for h in lib.search('"hơn 100 quốc gia"').hits] == [new_id]
    assert lib.search('"gần 100 quốc gia"').hits == []
    lib.close()


def test_bad_file_is_reported_and_the_rest_goes_in(seeds: Path, tmp_path: Path) -> None:
    folder = copy_seeds(seeds, tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "bad.jsonl").write_text("{not json\n")
    lib = Library.memory()
    report = lib.import_paths([folder, tmp_path / "missing.txt"])
    assert report.imported == 5
    reasons = {Path(f.path).name: f.reason for f in report.rejected}
    assert set(reasons) == {"empty.txt", "image.txt", "bad.jsonl", "missing.txt"}
    assert all(reasons.values())
    assert report.ok


def test_a_failed_batch_leaves_the_library_as_it_was(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = Library.open(tmp_path / "lib.db")
    lib.import_paths([seeds / SEED_000])
    lib.set_bookmark(by_source(lib, "000"), "keep me")
    calls = 0
    original = Writer.insert_article

    def crash_on_third(self: Writer, *args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt  # as if the import was killed mid-batch
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Writer, "insert_article", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        lib.import_paths([seeds])
    monkeypatch.undo()
    assert lib.count() == 1
    assert lib.db.execute("SELECT count(*) FROM file_articles").fetchone()[0] == 1
    assert lib.bookmarks()[0]["note"] == "keep me"
    # the FTS index agrees with the articles
    assert lib.count_matches("viet nam") == 1
    assert lib.import_paths([seeds]).imported == 4
    assert lib.count_matches("viet nam") == 5
    lib.close()


def test_new_library_starts_with_the_seeds_but_import_does_not(tmp_path: Path) -> None:
    reader = open_library(tmp_path / "reader.db")
    assert reader.count() == 5
    reader.close()
    importer = open_library(tmp_path / "import.db", seed=False)
    assert importer.count() == 0
    importer.close()


def test_library_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.library_path().name == "library.db"
    assert str(tmp_path) not in str(paths.library_path())
    monkeypatch.setenv("BANTIN_DB", str(tmp_path / "env.db"))
    assert paths.library_path() == tmp_path / "env.db"
    assert paths.library_path(tmp_path / "flag.db") == tmp_path / "flag.db"


def test_wal_mode_and_versioned_schema(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib.db")
    assert lib.db.journal_mode == "wal"
    applied = [m.name for m in migrations.applied(sqlite_utils.Database(lib.db.conn))]
    assert applied == list(MIGRATIONS)
    assert {"articles", "fts", "bookmarks", "reads"} <= set(lib.db.table_names())
    lib.close()
    # reopening applies nothing twice
    again = Library.open(tmp_path / "lib.db")
    assert [m.name for m in migrations.applied(sqlite_utils.Database(again.db.conn))] == applied
    again.close()


def test_an_import_gives_back_the_pages_its_search_index_freed(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(40):
        (folder / f"{number:03d}.txt").write_text(article(number), "utf-8")
    lib = Library.open(tmp_path / "lib.db")
    # an article a batch: forty segments of the search index, merged as they come, which
    # frees the pages of the merged ones
    report = lib.import_paths([folder], batch_articles=1, entities=False)
    assert report.imported == 40
    assert lib.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = lib.db.execute("PRAGMA page_count").fetchone()[0]
    page_size = lib.db.execute("PRAGMA page_size").fetchone()[0]
    assert (tmp_path / "lib.db").stat().st_size == pages * page_size
    assert [h.article.source for h in lib.search("ma túy thứ 17").hits] == ["017.txt"]
    lib.close()


def test_a_reader_who_may_not_write_opens_a_library_its_owner_has_not_upgraded(
    seeds: Path, tmp_path: Path
) -> None:
    path = tmp_path / "shared.db"
    with Library.open(path) as lib:
        lib.import_paths([seeds], entities=False)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_index_segments'")
    conn.commit()
    conn.close()
    # the last migration changes only how the library is written: reading goes on without it
    with Library.open(path, read_only=True) as reader:
        assert reader.count() == 5
        assert [h.article.source for h in reader.search("AIPACODD").hits]
    # one the reader needs is asked of the owner
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_alias_counts'")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="older bantin"):
        Library.open(path, read_only=True)


def test_new_and_migrated_libraries_write_their_search_index_in_large_segments(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.db"
    migrations.apply(sqlite_utils.Database(sqlite3.connect(old)), stop_before="m006_index_segments")
    for path in (tmp_path / "new.db", old):
        lib = Library.open(path)
        config = dict(lib.db.execute("SELECT k, v FROM fts_config").fetchall())
        assert config["hashsize"] == INDEX_HASH_BYTES
        assert config["automerge"] == INDEX_AUTOMERGE
        lib.close()


def test_two_connections_share_one_library(seeds: Path, tmp_path: Path) -> None:
    one = Library.open(tmp_path / "lib.db")
    two = Library.open(tmp_path / "lib.db")
    one.import_paths([seeds])
    aid = by_source(two, "003")
    two.set_bookmark(aid)
    assert one.is_bookmarked(aid)
    one.close()
    two.close()


@pytest.mark.parametrize(
    "content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_corrupt_library_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(LibraryError) as error:
        Library.open(path)
    assert str(path) in str(error.value)


def test_foreign_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="not a bantin library"):
        Library.open(path)


def test_folder_as_library_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="folder"):
        Library.open(tmp_path)


def test_bookmarks_and_reads(library: Library) -> None:
    aid = by_source(library, "002")
    library.set_bookmark(aid, "Tô Lâm")
    library.set_bookmark(aid, "Tô Lâm, Nhật Bản")  # a second call edits the note
    marks = library.bookmarks()
    assert len(marks) == 1 and marks[0]["note"] == "Tô Lâm, Nhật Bản"
    assert marks[0]["title"].startswith("Nâng cao hiệu quả")
    library.remove_bookmark(aid)
    assert library.bookmarks() == []
    library.mark_read(aid)
    assert [r.read for r in library.articles() if r.id == aid] == [True]
    library.mark_unread(aid)
    assert library.read_state(aid) is None


def test_listing_pages_newest_first_undated_last(library: Library) -> None:
    first = library.articles(limit=2)
    rest = library.articles(limit=10, before=first[-1].doc)
    dates = [r.date for r in first + rest]
    assert dates == ["2025-10-21", "2023-06-21", "2021-06-02", "2020-09", None]


def test_export_fields(library: Library) -> None:
    rows = [a.export() for a in library.iter_articles()]
    assert len(rows) == 5
    expected = {
        "id",
        "title",
        "title_inferred",
        "date",
        "author",
        "lede",
        "body",
        "captions",
        "source",
        "words",
        "url",
        "outlet",
        "section",
        "tags",
        "credit",
    }
    assert all(set(r) == expected for r in rows)
    inferred = {r["source"][:3]: r["title_inferred"] for r in rows}
    assert inferred == {"000": False, "001": True, "002": False, "003": False, "004": True}
    assert all("\n\n" in r["body"] for r in rows)
    assert all(r["words"] > 100 for r in rows)


def test_a_library_of_the_previous_schema_opens_with_everything_kept(
    seeds: Path, tmp_path: Path
) -> None:
    """A library made before the one FTS index (schema m003) is migrated on open."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    old = sqlite_utils.Database(conn)
    migrations.apply(old, stop_before="m004_one_fts_index")  # m004 and m005 on open
    conn.execute(
        "INSERT INTO articles (doc, id, title, date, lede, body, source, words, imported_at) "
        "VALUES (1, 'abc', 'Hội nghị SOMTC 20', '2020-09', 'Đoàn đại biểu tham dự ma túy.', "
        "'Hai bên thống nhất.', 'x.txt', 9, '2020-09-01')"
    )
    conn.execute("INSERT INTO bookmarks (article_id, created, note) VALUES ('abc', 'now', 'giữ')")
    conn.execute("INSERT INTO reads (article_id, read_at, position) VALUES ('abc', 'now', 7)")
    conn.commit()
    conn.close()
    lib = Library.open(path)
    assert [h.article.id for h in lib.search("ma tuy").hits] == ["abc"]
    assert [h.article.id for h in lib.search("ma túy SOMTC").hits] == ["abc"]
    assert lib.bookmarks()[0]["note"] == "giữ"
    assert lib.read_state("abc")["position"] == 7  # type: ignore[index]
    assert "fts_exact" not in lib.db.table_names()
    lib.close()


def test_a_file_name_that_is_not_utf8_imports_and_stays_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/b\xe0i.txt"  # Latin-1 "bài": not UTF-8
    try:
        with open(raw, "wb") as handle:
            handle.write("Tiêu đề\n\nNội dung bài viết về ma túy.\n".encode())
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    lib = Library.memory()
    report = lib.import_paths([folder])
    assert report.imported == 1, [(f.path, f.reason) for f in report.files]
    assert report.files[0].path.endswith("b\\xe0i.txt")
    again = lib.import_paths([folder])
    assert again.unchanged == 1 and lib.count() == 1
