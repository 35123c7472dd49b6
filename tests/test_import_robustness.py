"""Hostile and broken input to ``bantin import``: each bad file is named with its reason, the
rest is imported, and the library still opens and searches. Small versions of the cases of
``tests/stress/hostile_files.py``."""

from __future__ import annotations

import errno
import json
import os
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from store import importer, loading
from store.kinds import MAX_READ
from store.library import Library
from tui.command_line import cli

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def paragraphs() -> list[str]:
    """Body paragraphs of the seed articles (no date mark, no end mark)."""
    lines = (
        re.sub(r"^date \d{4}-\d{2}(?:-\d{2})? ", "", " ".join(line.split()))
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
    )
    return [line for line in lines if len(line) > 150 and "/." not in line]


def article(number: int) -> str:
    """A small article file, different for every number."""
    body = paragraphs()
    first, second = body[number % len(body)], body[(number * 7 + 3) % len(body)]
    return (
        f"Hội nghị trực tuyến về phòng, chống ma túy lần thứ {number}\n\n02/06/2021\n\n"
        f"{first}\n\nTheo báo cáo số {number}, các đại biểu đã thống nhất.\n\n{second}\n"
    )


def write_good(folder: Path, name: str = "good.txt", number: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(article(number), "utf-8")
    return path


def run_import(db: Path, *targets: Path, timeout: float = 60, extra: tuple[str, ...] = ()) -> Any:
    """``bantin import`` as a user runs it (entities later, unless ``extra`` says
    ``--entities``); fails (instead of hanging) after ``timeout``."""
    if "--entities" in extra:
        extra = tuple(e for e in extra if e != "--entities")
    else:
        extra = ("--no-entities", *extra)
    args = ["--db", str(db), "import", *extra, *map(str, targets)]
    box: dict[str, Any] = {}

    def invoke() -> None:
        box["result"] = CliRunner().invoke(cli, args, catch_exceptions=False)

    worker = threading.Thread(target=invoke, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"bantin import still running after {timeout} s"
    return box["result"]


def reported(output: str, path: Path) -> str:
    """The reason the import gave for ``path`` (the rejected line), or ""."""
    for line in output.splitlines():
        if line.startswith("rejected") and line.split(": ", 1)[0].endswith(str(path)):
            return line.split(": ", 1)[1]
    return ""


def assert_library_sound(db: Path, articles: int) -> None:
    """The library passes SQLite's check, holds ``articles`` and finds them by a word."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Library.open(db) as lib:
        assert lib.count() == articles
        assert len(lib.search("đại biểu", limit=articles + 1).hits) == articles
    result = CliRunner().invoke(cli, ["--db", str(db), "search", "đại biểu"])
    assert result.exit_code == 0 and ("1. " in result.output) == bool(articles)


# -- named pipes ------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_rejected_without_waiting_for_a_writer(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_good(folder)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "named.jsonl")  # named on the command line too

    result = run_import(tmp_path / "lib.db", folder, tmp_path / "named.jsonl", timeout=30)

    assert result.exit_code == 0
    for pipe in (folder / "pipe.txt", tmp_path / "named.jsonl"):
        assert reported(result.output, pipe) == "not a regular file: a named pipe (FIFO), not read"
    assert "1 imported" in result.output and "2 rejected (3 files)" in result.output
    assert_library_sound(tmp_path / "lib.db", 1)


# -- links --------------------------------------------------------------------------------------


def test_symlink_loops_end_the_walk_and_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_good(folder)
    write_good(folder / "sub", "inner.txt", number=2)
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "here").symlink_to(".")  # the folder itself
    (folder / "sub" / "up").symlink_to("..")  # its parent

    result = run_import(tmp_path / "lib.db", folder, timeout=30)

    assert result.exit_code == 0
    for name in ("a.txt", "b.txt"):
        assert reported(result.output, folder / name) == (
            "not readable: a symbolic link loop (links pointing at each other)"
        )
    for link in (folder / "here", folder / "sub" / "up"):
        assert reported(result.output, link) == (
            "a link back to a folder it is in (a loop): not followed"
        )
    # each article once: no file was read again through a link
    assert "2 imported, 0 updated, 0 duplicates, 0 unchanged, 4 rejected" in result.output
    assert_library_sound(tmp_path / "lib.db", 2)


def test_a_link_to_a_folder_elsewhere_is_followed_once(tmp_path: Path) -> None:
    elsewhere = tmp_path / "archive"
    write_good(elsewhere, "old.txt", number=5)
    folder = tmp_path / "news"
    write_good(folder)
    (folder / "archive").symlink_to(elsewhere)
    (folder / "same_archive").symlink_to(elsewhere)
    (folder / "broken.txt").symlink_to(tmp_path / "gone.txt")

    result = run_import(tmp_path / "lib.db", folder)

    assert "2 imported" in result.output
    assert reported(result.output, folder / "same_archive") == (
        "a link to a folder read already: not followed"
    )
    assert reported(result.output, folder / "broken.txt") == (
        "not readable: a broken link: what it points to does not exist"
    )
    assert_library_sound(tmp_path / "lib.db", 2)


# -- files and folders that may not be read ------------------------------------------------------


def test_an_unreadable_file_and_folder_are_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    write_good(folder)
    secret = write_good(folder, "secret.txt", number=2)
    closed = folder / "closed"
    write_good(closed, "inside.txt", number=3)

    def denied(real: Any) -> Any:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if Path(path) in (secret, closed):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "open", denied(os.open))
    monkeypatch.setattr(os, "scandir", denied(os.scandir))

    result = run_import(tmp_path / "lib.db", folder)

    assert result.exit_code == 0
    assert reported(result.output, secret) == "not readable: permission denied"
    assert reported(result.output, closed) == "folder not readable: permission denied"
    assert "1 imported" in result.output
    monkeypatch.undo()
    assert_library_sound(tmp_path / "lib.db", 1)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files of mode 000"
)
def test_a_file_without_read_permission_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_good(folder)
    secret = write_good(folder, "secret.txt", number=2)
    secret.chmod(0)
    try:
        result = run_import(tmp_path / "lib.db", folder)
    finally:
        secret.chmod(0o644)
    assert reported(result.output, secret) == "not readable: permission denied"
    assert_library_sound(tmp_path / "lib.db", 1)


# -- size ------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_rejected_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    write_good(folder)
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:  # sparse: nothing is written
        handle.truncate(MAX_READ + 1024 * 1024)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a: opened.append(str(p)) or real_open(p, *a))

    result = run_import(tmp_path / "lib.db", folder)

    assert reported(result.output, huge) == "too large (65 MB; the limit is 64 MB)"
    assert "1 imported" in result.output and result.exit_code == 0
    assert str(huge) not in opened  # told by its size: never opened, no byte of it read
    monkeypatch.undo()
    assert_library_sound(tmp_path / "lib.db", 1)


def test_one_line_of_a_megabyte_imports_as_one_article(tmp_path: Path) -> None:
    body = paragraphs()
    parts = ["Bản tin tổng hợp của các đại biểu."]
    while sum(len(p) for p in parts) < 1024 * 1024:
        parts.append(body[len(parts) % len(body)])
    line = tmp_path / "news" / "one_line.txt"
    line.parent.mkdir()
    line.write_text(" ".join(parts), "utf-8")

    started = time.monotonic()
    result = run_import(tmp_path / "lib.db", line)
    seconds = time.monotonic() - started

    assert "1 imported" in result.output and result.exit_code == 0
    assert seconds < 30  # linear: a quadratic step would take far longer on a megabyte
    assert_library_sound(tmp_path / "lib.db", 1)
    with Library.open(tmp_path / "lib.db") as lib:
        stored = lib.get(lib.articles(limit=1)[0].id)
        assert stored is not None and len(stored.lede) > 1024 * 1024 - 1000


def test_the_entities_of_a_megabyte_article_are_found_in_bounded_time(tmp_path: Path) -> None:
    body = paragraphs()
    parts = ["Phó Chủ nhiệm Ủy ban Về các vấn đề xã hội Nguyễn Hoàng Mai phát biểu."]
    while sum(len(p) for p in parts) < 1024 * 1024:
        parts.append(body[len(parts) % len(body)])
    huge = tmp_path / "huge.txt"
    huge.write_text("\n\n".join(parts), "utf-8")

    # the extractor reads the article's first 100,000 characters: its time grows faster than
    # the text, and it would take hours on a megabyte
    result = run_import(tmp_path / "lib.db", huge, timeout=300, extra=("--entities",))

    assert "1 imported" in result.output and "entities extracted from 1 articles" in result.output
    names = CliRunner().invoke(cli, ["--db", str(tmp_path / "lib.db"), "entities"]).output
    assert "Nguyễn Hoàng Mai" in names


def test_a_folder_of_500_files_imports_every_one(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    for number in range(500):
        write_good(folder / f"part_{number // 100}", f"bai_{number:03d}.txt", number=number)

    result = run_import(tmp_path / "lib.db", folder, extra=("--quiet",))

    assert result.exit_code == 0
    assert "500 imported, 0 updated, 0 duplicates, 0 unchanged, 0 rejected (500 files)" in (
        result.output
    )
    assert_library_sound(tmp_path / "lib.db", 500)


def test_everything_together_reports_each_bad_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    for number in range(20):
        write_good(folder, f"bai_{number:02d}.txt", number=number)
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "here").symlink_to(".")
    with (folder / "huge.md").open("wb") as handle:
        handle.truncate(MAX_READ + 1)
    bad = {folder / "loop.txt", folder / "here", folder / "huge.md"}
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.html")
        bad.add(folder / "pipe.html")

    result = run_import(tmp_path / "lib.db", folder, extra=("--quiet",))

    for path in bad:
        assert reported(result.output, path), path
    assert sum(line.startswith("rejected") for line in result.output.splitlines()) == len(bad)
    assert f"20 imported, 0 updated, 0 duplicates, 0 unchanged, {len(bad)} rejected" in (
        result.output
    )
    assert_library_sound(tmp_path / "lib.db", 20)


# -- a large JSON lines file is read a line at a time -----------------------------------------


def jsonl_record(number: int) -> str:
    body = paragraphs()
    data = {
        "title": f"Hội nghị lần thứ {number} về phòng, chống ma túy",
        "date": f"2021-06-{number % 28 + 1:02d}",
        "author": "Minh Anh",
        "body": [body[number % len(body)], f"Theo báo cáo số {number}, các đại biểu đã họp."],
    }
    return json.dumps(data, ensure_ascii=False)


def test_a_large_json_lines_file_imports_as_a_small_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [jsonl_record(n) for n in range(60)]
    lines[7] = '{"title": "broken'
    lines[30] = lines[29]  # a duplicate
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    (tmp_path / "small" / "dump.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "large" / "dump.jsonl").write_text("\n".join(lines) + "\n", "utf-8")

    small = run_import(tmp_path / "small.db", tmp_path / "small")
    monkeypatch.setattr(loading, "STREAM_FROM", 1024)  # read as it is stored
    monkeypatch.setattr(importer, "PENDING_INDEX_ROWS", 7)
    large = run_import(tmp_path / "large.db", tmp_path / "large")

    for result in (small, large):
        assert "58 imported, 0 updated, 1 duplicates" in result.output
        assert "line 8: not JSON (Unterminated string" in result.output
    assert_library_sound(tmp_path / "large.db", 58)
    exported = [
        CliRunner().invoke(cli, ["--db", str(tmp_path / db), "export"]).output
        for db in ("small.db", "large.db")
    ]
    assert exported[0] == exported[1].replace("large", "small")

    again = run_import(tmp_path / "large.db", tmp_path / "large")
    assert "0 imported, 0 updated, 0 duplicates, 58 unchanged" in again.output

    lines[3] = jsonl_record(1000)  # one article changed in the file
    (tmp_path / "large" / "dump.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    changed = run_import(tmp_path / "large.db", tmp_path / "large")
    assert "0 imported, 1 updated, 1 duplicates, 57 unchanged" in changed.output
    assert_library_sound(tmp_path / "large.db", 58)


def test_a_large_json_lines_file_without_a_good_record_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "STREAM_FROM", 1024)
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(jsonl_record(n) for n in range(20)) + "\n", "utf-8")
    assert "20 imported" in run_import(tmp_path / "lib.db", dump).output

    dump.write_text('{"title": "no body"}\n' * 200 + "not json\n", "utf-8")
    result = run_import(tmp_path / "lib.db", dump)

    assert result.exit_code == 1
    assert reported(result.output, dump) == (
        'no good record (line 1: no text field ("body", "content" …); line 2: no text field '
        '("body", "content" …); line 3: no text field ("body", "content" …) (and 198 more))'
    )
    assert_library_sound(tmp_path / "lib.db", 20)  # what the file gave before stays


def test_a_large_json_lines_file_that_changes_as_it_is_read_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "STREAM_FROM", 1024)
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(jsonl_record(n) for n in range(20)) + "\n", "utf-8")
    run_import(tmp_path / "lib.db", dump)
    before = CliRunner().invoke(cli, ["--db", str(tmp_path / "lib.db"), "export"]).output
    dump.write_text("\n".join(jsonl_record(n) for n in range(10, 40)) + "\n", "utf-8")
    real = loading.large_file

    def then_changed(path: Path, file_report: Any, *more: Any) -> Any:
        found = real(path, file_report, *more)  # its digest taken ...
        with path.open("a", encoding="utf-8") as handle:  # ... then a line added
            handle.write(jsonl_record(99) + "\n")
        return found

    monkeypatch.setattr(loading, "large_file", then_changed)
    result = run_import(tmp_path / "lib.db", dump)

    assert reported(result.output, dump) == "changed while it was read: import it again"
    assert_library_sound(tmp_path / "lib.db", 20)
    after = CliRunner().invoke(cli, ["--db", str(tmp_path / "lib.db"), "export"]).output
    assert after == before


def test_a_large_text_dump_imports_as_a_small_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = paragraphs()
    glued = []
    for n in range(40):
        mark = f"date 2021-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        text = f"{body[n % len(body)]}\n{body[(n * 3) % len(body)]} Báo cáo số {n}."
        if n % 4 == 1:
            glued.append(f" {mark} {text}\nMinh Anh")  # a space before the mark, a byline
        elif n % 4 == 2:
            glued.append(f"{mark} {text}\r\n\r\n")  # Windows line ends
        elif n % 4 == 3:
            glued.append(f"{text} Nguyễn Hà {mark} Tin thêm số {n}.")  # glued inside a line
        else:
            glued.append(f"{mark} {text}")
    seeds = "\n".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt")))
    dump = "\ufeff" + seeds + "\n" + "\n".join(glued) + "\n"
    for name in ("whole", "pieces"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "dump.txt").write_text(dump, "utf-8")

    whole = run_import(tmp_path / "whole.db", tmp_path / "whole")
    monkeypatch.setattr(loading, "STREAM_FROM", 1024)  # read an article at a time
    pieces = run_import(tmp_path / "pieces.db", tmp_path / "pieces")

    summary = [line for line in whole.output.splitlines() if "imported," in line]
    assert summary and summary[0] in pieces.output and "0 rejected" in summary[0]
    exported = [
        CliRunner().invoke(cli, ["--db", str(tmp_path / db), "export"]).output
        for db in ("whole.db", "pieces.db")
    ]
    assert exported[0] == exported[1].replace("pieces", "whole")
    assert exported[0].count("\n") > 30  # the seeds and most of the glued articles


@given(
    st.lists(
        st.sampled_from(
            ["a", "b", " ", "\t", "\n", "\r", "\x0b", "\x1c", "\u00a0", "\u2003", "\u200b", "."]
            + ["hoà", "Tuý", "QUÝ", "oà", "ΟΣ", "σ", "İ", "thuỷ", "Khoẻ"]
        ),
        max_size=30,
    ).map("".join)
)
def test_long_texts_are_handled_a_part_at_a_time_as_whole(text: str) -> None:
    """A line of megabytes is spaced, counted and made canonical a part at a time (no list of
    a million words): the same words, ids and index as the whole text gives."""
    from store import text as text_module

    whole = (" ".join(text.split()), len(text.split()), text_module.canon_text(text))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_module, "_PART", 3)  # every text here is "long"
        parts = (text_module.spaced(text), text_module.count_words(text))
        assert (*parts, text_module.canon_text(text)) == whole


PIECES = st.sampled_from(
    ["a", "B", " ", "\t", "\n", "\n\n", "\u00a0", "\u2003", "\u200b", ".", "đ", "Đ", "ü", "“"]
    + ["hoà", "Tuý", "QUÝ", "oà", "ΟΣ", "σ", "İ", "thuỷ", "Khoẻ", "ﬁ", "a\u0301", "\u3000"]
)
TEXTS = st.lists(PIECES, max_size=12).map("".join)


@given(
    title=TEXTS,
    lede=TEXTS,
    paragraphs=st.lists(TEXTS, max_size=4),
    captions=st.lists(TEXTS, max_size=3),
    long=st.booleans(),
)
def test_an_article_prepared_at_once_is_what_each_rule_gives(
    title: str, lede: str, paragraphs: list[str], captions: list[str], long: bool
) -> None:
    """``prepare`` lowercases and folds an article's text once for its id, word count and
    search index: the same as each of them worked out on its own."""
    from store import text as text_module
    from store.loading import article_id, prepare
    from store.parse import Article
    from store.search_index import index_values, indexed_text

    article = Article(title, False, None, None, lede, paragraphs, captions, [0] * len(captions))
    with pytest.MonkeyPatch.context() as patch:
        if long:
            patch.setattr(text_module, "_PART", 3)  # every text here is "long"
        prepared = prepare(article)
    body = "\n\n".join(paragraphs)
    indexed = indexed_text(lede, body, captions)
    old_index = (
        text_module.canon_text(title),
        text_module.canon_text(indexed),
        text_module.fold(title),
        text_module.fold(indexed),
    )
    assert prepared.id == article_id(article)
    assert prepared.words == text_module.count_words(article.text)
    assert prepared.body == body.encode("utf-8")  # stored as text: CAST(? AS TEXT)
    assert tuple(column.decode("utf-8") for column in prepared.fts) == old_index
    assert old_index == index_values(title, indexed)


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json"])
def test_json_lines_in_a_folder_are_imported_as_when_named(tmp_path: Path, suffix: str) -> None:
    record = {"title": "Bắt giữ đối tượng buôn lậu", "date": "2024-03-02", "body": article(7)}
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / f"bai{suffix}").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")

    in_folder = run_import(tmp_path / "folder.db", folder)
    named = run_import(tmp_path / "named.db", folder / f"bai{suffix}")

    assert in_folder.exit_code == 0 and named.exit_code == 0
    assert "1 imported" in in_folder.output and "1 imported" in named.output
    assert_library_sound(tmp_path / "folder.db", 1)
