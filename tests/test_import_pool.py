"""An import read and parsed by worker processes (``store.pool``) is the import done in one
process: the same library, ids, report and messages, bad files rejected with the same reasons."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_import_robustness import article, jsonl_record

from store import pool
from store.kinds import FileReport
from store.library import Library
from tui.command_line import cli

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` article files in two subfolders, and among them files that are rejected or
    partly read: binary, empty, a named pipe, JSON lines with a broken line, a duplicate."""
    for index in range(count):
        sub = folder / f"{index % 2}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{index:04d}.txt").write_text(article(index), "utf-8")
    bad = folder / "0"
    (bad / "0007-binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "0011-empty.txt").write_bytes(b"")
    (bad / "0013-blank.md").write_text("\u200b\n\n \x1b[0m\n", "utf-8")
    (bad / "0017-dump.jsonl").write_text(
        "\n".join([jsonl_record(1), '{"title": "broken', jsonl_record(2)]) + "\n", "utf-8"
    )
    (bad / "0019-again.txt").write_text(article(3), "utf-8")  # a duplicate of 0003
    rejected = [bad / "0007-binary.txt", bad / "0011-empty.txt", bad / "0013-blank.md"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(bad / "0023-pipe.txt")  # never read, never waited on
        rejected.append(bad / "0023-pipe.txt")
    return rejected


class Spy:
    """Counts the pools made (store.pool.Pool)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made = 0
        real = pool.Pool

        def counted(*args: Any, **kwargs: Any) -> pool.Pool:
            self.made += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pool, "Pool", counted)


def import_into(
    db: Path, folder: Path, processes: int, **options: Any
) -> tuple[list[dict[str, Any]], Library]:
    library = Library.open(db, state=db.with_suffix(".state"))
    lines: list[FileReport] = []
    library.import_paths(
        [folder], progress=lines.append, entities=False, processes=processes, **options
    )
    return [asdict(line) for line in lines], library


def contents(library: Library) -> list[tuple[Any, ...]]:
    columns = "doc, id, title, title_inferred, date, author, lede, body, captions, caption_at, "
    columns += "source, words"
    rows = library.db.execute(f"SELECT {columns} FROM articles ORDER BY doc").fetchall()
    files = library.db.execute("SELECT path, sha256, size FROM files ORDER BY path").fetchall()
    made = library.db.execute("SELECT * FROM file_articles ORDER BY path, ord").fetchall()
    library.db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, fts, instance)")
    terms = library.db.execute("SELECT * FROM temp.terms").fetchall()
    library.db.execute("DROP TABLE temp.terms")
    return [*rows, *files, *made, *terms]


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> Spy:
    """A pool for a few dozen files, a few files a chunk, read ahead a few chunks."""
    monkeypatch.setattr(pool, "POOL_FROM", 20)
    monkeypatch.setattr(pool, "CHUNK_FILES", 3)
    monkeypatch.setattr(pool, "AHEAD_FILES", 7)
    return Spy(monkeypatch)


def test_an_import_by_worker_processes_is_the_import_by_one(
    tmp_path: Path, small_pool: Spy
) -> None:
    rejected = make_corpus(tmp_path / "corpus", 60)
    # batches of 25 articles: several transactions, each ended in the middle of the files
    alone, one = import_into(tmp_path / "one.db", tmp_path / "corpus", 1, batch_articles=25)
    assert small_pool.made == 0
    pooled, many = import_into(tmp_path / "many.db", tmp_path / "corpus", 2, batch_articles=25)
    assert small_pool.made == 1

    assert pooled == alone  # every file's line, in the same order
    assert [line["path"] for line in pooled if line["status"] == "rejected"] == [
        str(path) for path in rejected
    ]
    assert any("line 2: not JSON" in p for line in pooled for p in line["problems"])
    assert contents(many) == contents(one)
    assert many.count() == 60 + 2  # the duplicate kept once, two JSON records

    # again: every file is known (the workers look it up and do not parse it)
    (tmp_path / "corpus" / "1" / "0001.txt").write_text(article(1000), "utf-8")
    again_one = import_into(tmp_path / "one.db", tmp_path / "corpus", 1)[0]
    again_many = import_into(tmp_path / "many.db", tmp_path / "corpus", 2)[0]
    assert again_many == again_one
    statuses = [line["status"] for line in again_many]
    assert statuses.count("imported") == 1  # the file changed
    assert statuses.count("unchanged") == 60 + 2 - 1  # the articles, the JSON lines, the copy
    assert contents(many) == contents(one)
    one.close()
    many.close()


def test_a_file_named_twice_is_stored_once_by_the_workers_too(
    tmp_path: Path, small_pool: Spy
) -> None:
    make_corpus(tmp_path / "corpus", 30)
    named = [tmp_path / "corpus", tmp_path / "corpus" / "1"]  # the second read already
    reports = []
    for name, processes in (("one", 1), ("many", 2)):
        library = Library.open(tmp_path / f"{name}.db", state=tmp_path / f"{name}.state")
        report = library.import_paths(named, entities=False, processes=processes)
        reports.append([asdict(line) for line in report.files])
        library.close()
    assert reports[0] == reports[1]
    assert small_pool.made == 1


def test_bantin_import_uses_the_workers_and_reports_as_before(
    tmp_path: Path, small_pool: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path / "corpus", 40)
    outputs = []
    for name, processes in (("one", 1), ("many", 2)):
        monkeypatch.setattr(pool, "workers", lambda processes=processes: processes)
        db = tmp_path / f"{name}.db"
        result = CliRunner().invoke(
            cli, ["--db", str(db), "import", "--no-entities"] + [str(tmp_path / "corpus")]
        )
        assert result.exit_code == 0, result.output
        exported = CliRunner().invoke(cli, ["--db", str(db), "export"]).output
        outputs.append((result.output, exported))
    assert outputs[0] == outputs[1]
    assert "rejected" in outputs[1][0] and "42 imported" in outputs[1][0]
    assert small_pool.made == 1


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name == "nt", reason="POSIX signals")
def test_ctrl_c_stops_an_import_by_workers_and_leaves_the_library_sound(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while the workers
    read: the import stops, what was committed stays, no worker prints a traceback."""
    folder = tmp_path / "corpus"
    count = 5000  # more than two batches of 2,000
    for index in range(count):
        sub = folder / f"{index // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{index:05d}.txt").write_text(article(index), "utf-8")
    db = tmp_path / "lib.db"
    command = [sys.executable, "-m", "tui.cli", "--db", str(db), "import", "--no-entities"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [*command, str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # Ctrl-C as in a terminal, however the tests were started: a job put in the background
        # by a shell without job control (a CI script's `&`) inherits SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # not after a guessed delay (a quick machine finishes first): once the first batch is
    # stored (its files are reported), while the workers read the next ones
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("imported"):
            break
    os.killpg(child.pid, signal.SIGINT)
    try:
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert child.returncode != 0
    assert "Traceback" not in err, err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    made = conn.execute("SELECT count(*) FROM file_articles").fetchone()[0]
    indexed = conn.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
    conn.close()
    assert 0 < stored == made == indexed < count
    checked = CliRunner().invoke(cli, ["--db", str(db), "check"])
    assert checked.exit_code == 0, checked.output
    # and the import can be done again, to the end
    again = CliRunner().invoke(cli, ["--db", str(db), "import", "--no-entities", str(folder)])
    assert f"{count - stored} imported" in again.output
    assert json.loads(CliRunner().invoke(cli, ["--db", str(db), "export"]).output.split("\n")[0])


def test_a_library_kept_in_utf16_gets_the_same_text(tmp_path: Path, small_pool: Spy) -> None:
    """Articles are prepared as UTF-8 for SQLite (``CAST(? AS TEXT)``); a library SQLite keeps
    in UTF-16 (not one bantin makes) is given decoded text."""
    make_corpus(tmp_path / "corpus", 25)
    conn = sqlite3.connect(tmp_path / "utf16.db")
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE made (x)")  # the file takes its encoding
    conn.execute("DROP TABLE made")
    conn.close()
    exported = []
    for name in ("utf16", "utf8"):
        lines, library = import_into(tmp_path / f"{name}.db", tmp_path / "corpus", 2)
        assert (
            library.db.execute("PRAGMA encoding")
            .fetchone()[0]
            .upper()
            .startswith("UTF-16" if name == "utf16" else "UTF-8")
        )
        exported.append((lines, contents(library)))
        library.close()
    assert exported[0] == exported[1]


def session_processes(session: int) -> list[str]:
    """The processes of a session still running (not zombies): ``pid command line`` each."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(f"{entry.name} {command.strip()}")
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_an_import_killed_with_sigkill_leaves_no_worker_behind(tmp_path: Path) -> None:
    """kill -9 of an import while its workers read: the fork server, the workers and the
    resource tracker end with it, and are not left running under init."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    # the first file is rejected: reported as soon as a worker has read it, the others wait
    (folder / "0000-binary.txt").write_bytes(bytes(range(256)) * 40)
    for index in range(1, 600):
        (folder / f"{index:04d}.txt").write_text(article(index), "utf-8")
    command = [sys.executable, "-m", "tui.cli", "--db", str(tmp_path / "lib.db"), "import"]
    child = subprocess.Popen(
        [*command, "--no-entities", str(folder)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its session holds every process it starts
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("rejected"):
                break
        running = session_processes(child.pid)
        assert len(running) > 2, running  # the import, the fork server, its workers ...
        child.kill()
        child.wait()
        left = running
        for _ in range(100):  # within 5 s
            left = session_processes(child.pid)
            if not left:
                break
            time.sleep(0.05)
        assert left == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)


# -- workers that fail ------------------------------------------------------------------------
# Run in the workers (which import this module to find them): one killed, as the kernel kills a
# process when memory runs out, on reading a given file; one that cannot start.

DIES_ON = "0040.txt"


def killed_on_a_file(paths: list[Path], *more: Any) -> list[tuple[Any, ...]]:
    if any(path.name == DIES_ON for path in paths):
        os.kill(os.getpid(), signal.SIGKILL)
    return pool._load_chunk(paths, *more)


def cannot_start(library: str, alive: Any) -> None:
    os._exit(1)


def flat_corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for index in range(count):
        (folder / f"{index:04d}.txt").write_text(article(index), "utf-8")
    return folder


def test_a_worker_killed_mid_import_stops_it_in_one_line_keeping_what_was_committed(
    tmp_path: Path, small_pool: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = flat_corpus(tmp_path / "corpus", 60)
    db = tmp_path / "lib.db"
    monkeypatch.setattr(pool, "workers", lambda: 2)
    monkeypatch.setattr(pool, "_load_chunk", killed_on_a_file)
    # batches of 10 files: the workers read at most a few chunks ahead of the batch stored, so
    # several batches are committed before the file that kills a worker is given out
    monkeypatch.setattr(
        Library, "import_paths", functools.partialmethod(Library.import_paths, batch_articles=10)
    )
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--quiet", str(folder)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: a worker process reading the files was killed (SIGKILL")
    assert "what it committed is kept" in lines[0]
    with Library.open(db) as lib:
        kept = lib.count()
    assert 20 <= kept < 40 and kept % 10 == 0  # whole batches, from before the killed file
    checked = CliRunner().invoke(cli, ["--db", str(db), "check"])
    assert checked.exit_code == 0, checked.output
    monkeypatch.undo()
    again = CliRunner().invoke(cli, ["--db", str(db), "import", "--quiet", str(folder)])
    assert again.exit_code == 0 and f"{60 - kept} imported" in again.output, again.output


def test_workers_that_cannot_start_leave_the_import_to_this_process(
    tmp_path: Path, small_pool: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = flat_corpus(tmp_path / "corpus", 40)
    monkeypatch.setattr(pool, "workers", lambda: 2)
    alone = CliRunner().invoke(cli, ["--db", str(tmp_path / "one.db"), "import", str(folder)])
    monkeypatch.setattr(pool, "_start", cannot_start)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "many.db"), "import", str(folder)])
    assert result.exit_code == 0, result.output
    assert small_pool.made == 2
    notes = [line for line in result.output.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: the worker processes could not start (a worker ended with status 1 as it "
        "started): the files were read by this process alone"
    ]
    assert result.output.replace(notes[0] + "\n", "") == alone.output
    with Library.open(tmp_path / "one.db") as one, Library.open(tmp_path / "many.db") as many:
        assert contents(many) == contents(one)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_an_interpreter_the_user_may_not_run_leaves_the_import_to_this_process(
    tmp_path: Path,
) -> None:
    """As for a user who may not run the interpreter the workers are started with (the
    environment's Python under another user's home): the fork server and the resource tracker
    die at once, silently; the import is done in one process, with a note, not stopped."""
    folder = flat_corpus(tmp_path / "corpus", 250)
    forbidden = tmp_path / "python"
    forbidden.write_text("")
    forbidden.chmod(0o644)  # not executable, for root too
    script = (
        "import multiprocessing, sys\n"
        f"multiprocessing.set_executable({str(forbidden)!r})\n"
        "from tui.cli import main\n"
        "main()\n"
    )
    db = tmp_path / "lib.db"
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", str(db), "import", "--quiet", "--no-entities",
         str(folder)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=120, check=False, start_new_session=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"note: the worker processes could not start (this user may not run {forbidden}): "
        "the files were read by this process alone"
    ]
    assert done.stdout.startswith("250 imported")
