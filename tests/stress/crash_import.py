"""kill -9 of ``bantin import`` at random moments never costs the library or a bookmark.

Each trial copies a library that already holds the seeds, with bookmarks (notes) and read marks
in the user's state, starts ``bantin import`` of a synthetic corpus into it, and kills the
process with SIGKILL at a random moment of the import (articles or entity extraction). Then:

- the library and the state pass ``PRAGMA integrity_check``;
- ``bantin check`` passes: the search index agrees with the articles table;
- every bookmark, note and read mark made before is still there;
- a second ``bantin import`` completes: every article in, every entity extracted, check passes;
- no process of the killed import is left running (its workers, the fork server they come
  from, the resource tracker) within 5 seconds: the import runs in a session of its own, and
  every process left in it is counted (on Linux, from ``/proc``), then killed.

    uv run python tests/stress/crash_import.py [--trials 24] [--articles 300] [--seed 7]

Prints a line a trial and a summary ``crash_import: trials=N failures=0 ...``; exits 1 on any
failure.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANTIN = [sys.executable, "-m", "tui.cli"]


def bantin(lib: Path, state: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BANTIN, "--db", str(lib), "--state", str(state), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


def start_import(lib: Path, state: Path, corpus: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*BANTIN, "--db", str(lib), "--state", str(state), "import", "--quiet", str(corpus)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its session holds every process it starts
    )


def left_running(session: int, wait: float = 5.0) -> list[str]:
    """The processes of ``session`` still running after ``wait`` seconds (none would leave
    sooner): ``pid command`` each. Empty where there is no ``/proc`` to look in."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return []
    end = time.monotonic() + wait
    while True:
        found = []
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:  # gone meanwhile
                continue
            fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(f"{entry.name} {command.strip()[:120]}")
        if not found or time.monotonic() > end:
            return found
        time.sleep(0.1)


def marks(state: Path) -> tuple[list[tuple[str, str]], list[tuple[str, int]]]:
    with closing(sqlite3.connect(state)) as conn:
        bookmarks = conn.execute("SELECT article_id, note FROM bookmarks ORDER BY 1").fetchall()
        reads = conn.execute("SELECT article_id, position FROM reads ORDER BY 1").fetchall()
    return bookmarks, reads


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def counts(lib: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(lib)) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        pending = conn.execute(
            "SELECT count(*) FROM articles WHERE entities_version = 0"
        ).fetchone()[0]
    return int(articles), int(pending)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--articles", type=int, default=300, help="size of the corpus imported")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the kill moments")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    work = Path(tempfile.mkdtemp(prefix="bantin-crash-"))
    try:
        corpus = work / "corpus"
        subprocess.run(
            [sys.executable, str(ROOT / "tests/bench/make_corpus.py"), "--count",
             str(args.articles), "--out", str(corpus)],
            check=True, capture_output=True,
        )  # fmt: skip
        base, base_state = work / "base.db", work / "base-state.db"
        done = bantin(base, base_state, "import", "--quiet", str(ROOT / "seeds"))
        assert done.returncode == 0, done.stderr
        with closing(sqlite3.connect(base)) as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY doc")]
        with closing(sqlite3.connect(base_state)) as conn, conn:  # saved before the import
            conn.executemany(
                "INSERT INTO bookmarks (article_id, created, note) VALUES (?, ?, ?)",
                [(ids[0], "2026-01-01T00:00:00+00:00", "ghi chú: xem lại"),
                 (ids[3], "2026-01-02T00:00:00+00:00", "")],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO reads (article_id, read_at, position) VALUES (?, ?, ?)",
                [(ids[1], "2026-01-01T00:00:00+00:00", 17), (ids[0], "2026-01-01T00:00:00", 0)],
            )
        before = marks(base_state)
        expected = len(ids) + args.articles

        # how long a whole import takes, to spread the kills over it
        lib, state = work / "timing.db", work / "timing-state.db"
        shutil.copy(base, lib)
        shutil.copy(base_state, state)
        began = time.monotonic()
        whole = bantin(lib, state, "import", "--quiet", str(corpus))
        full = time.monotonic() - began
        assert whole.returncode == 0, whole.stderr
        assert counts(lib) == (expected, 0), counts(lib)
        print(f"a whole import of {args.articles} articles takes {full:.1f} s")

        failures = 0
        orphans = 0  # processes of killed imports left running
        partial_seen = []
        for trial in range(1, args.trials + 1):
            lib, state = work / f"t{trial}.db", work / f"t{trial}-state.db"
            shutil.copy(base, lib)
            shutil.copy(base_state, state)
            # the articles are written in the first seconds, the entities after: half the
            # kills land early, half anywhere
            delay = rng.uniform(0.02, 0.2 if trial % 2 else 1.0) * full
            process = start_import(lib, state, corpus)
            time.sleep(delay)
            killed = process.poll() is None
            if killed:
                process.send_signal(signal.SIGKILL)
            process.wait()
            problems = []
            left = left_running(process.pid)
            if left:
                problems.append(f"{len(left)} processes left running: " + " | ".join(left))
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # they do not pile up
            orphans += len(left)
            for name, path in (("library", lib), ("state", state)):
                verdict = integrity(path)
                if verdict != "ok":
                    problems.append(f"{name} integrity: {verdict}")
            present, pending = counts(lib)
            partial_seen.append(present)
            checked = bantin(lib, state, "check")
            if checked.returncode != 0:
                problems.append(f"check after kill: {checked.stdout}{checked.stderr}".strip())
            if marks(state) != before:
                problems.append("bookmarks or read marks changed")
            again = bantin(lib, state, "import", "--quiet", str(corpus))
            if again.returncode != 0 or "Traceback" in again.stderr:
                problems.append(f"re-run failed: {again.stderr.strip()[-300:]}")
            if counts(lib) != (expected, 0):
                problems.append(f"after re-run: (articles, pending entities) = {counts(lib)}")
            if bantin(lib, state, "check").returncode != 0:
                problems.append("check after re-run failed")
            if marks(state) != before:
                problems.append("bookmarks or read marks changed by the re-run")
            failures += bool(problems)
            phase = "articles" if present < expected else f"entities ({pending} left)"
            print(
                f"trial {trial:2}: {'killed' if killed else 'finished'} at {delay:5.1f} s "
                f"during {phase}: {present} articles; "
                + ("ok" if not problems else "FAILED: " + "; ".join(problems))
            )
            lib.unlink()
            state.unlink()
            for extra in work.glob(f"t{trial}*-*"):
                extra.unlink()
        during_entities = sum(1 for p in partial_seen if p == expected)
        print(
            f"crash_import: trials={args.trials} failures={failures} "
            f"killed_during_articles={args.trials - during_entities} "
            f"killed_during_entities={during_entities} articles={args.articles} "
            f"processes_left={orphans}"
        )
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
