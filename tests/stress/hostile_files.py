"""Hostile and broken input to ``bantin import``, at full size.

A script, not a test (pytest collects only ``test_*.py``). It builds each case in a temporary
folder, from paragraphs of the bundled seed articles recombined:

- ``big_jsonl``: one 50 MB JSON lines file of many articles (it must import, in bounded memory);
- ``big_txt``: one 50 MB text file of many articles glued by ``date YYYY-MM-DD`` marks;
- ``long_line``: one text file of a single 5 MB line (one article; linear time);
- ``many_files``: a folder of 10,000 small article files;
- ``over_limit``: a 100 MB file (over the 64 MB limit: rejected without being read) beside a
  good one;
- ``symlink_loop``: ``a.txt -> b.txt``, ``b.txt -> a.txt``, a link to the folder itself and
  one to its parent, beside a good file (the walk must end, and say what it left);
- ``unreadable``: a file and a folder nobody may read, beside a good file (as root, the
  imports run as the user ``nobody``, since root reads anything);
- ``fifo``: a named pipe with no writer, in a folder and named on the command line, beside a
  good file (the import must not wait for it);

then every case together in one run. Each case runs ``bantin --db <tmp>/<case>.db import
<case>`` in a subprocess with a timeout and prints the files, imported articles, rejected files
with their reasons, seconds and the peak resident memory of the import process (``ru_maxrss``
from ``wait4``). A case fails when the import crashed or hung, printed a traceback, left a
library that fails ``PRAGMA integrity_check`` or that ``bantin search`` cannot search, did not
import every good article, or did not name a bad file with its reason.

    uv run python tests/stress/hostile_files.py
    uv run python tests/stress/hostile_files.py --scale 0.1 --only fifo,long_line

This process stays small while it launches the imports (files are written article by article,
the library is checked with plain sqlite3): a child's peak memory counts what it was forked from.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
MB = 1024 * 1024

# -- text from the seeds ------------------------------------------------------------------------

_DATE_LINE = re.compile(r"^(?:(?:Thứ \w+|Chủ [Nn]hật), )?\d{1,2}/\d{1,2}/\d{4}")


def seed_paragraphs() -> list[str]:
    """The seeds' body paragraphs: lines long enough to be prose, without a date prefix."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            line = " ".join(line.split())
            line = re.sub(r"^date \d{4}-\d{2}(?:-\d{2})? ", "", line)
            if len(line) > 150 and not _DATE_LINE.match(line) and not line.endswith("/."):
                found.append(line)
    return found


class Writer:
    """Articles recombined from seed paragraphs; a numbered sentence makes each one unique."""

    def __init__(self, seed: int = 1) -> None:
        self.paragraphs = seed_paragraphs()
        self.random = random.Random(seed)
        self.number = 0

    def article(self, paragraphs: int | None = None) -> tuple[str, str, list[str]]:
        """(title, date, paragraphs) of a new article."""
        self.number += 1
        rnd = self.random
        count = paragraphs or rnd.randint(3, 8)
        body = [rnd.choice(self.paragraphs) for _ in range(count)]
        unique = (
            f"Theo báo cáo số {self.number}, đã có {rnd.randint(2, 900)} đại biểu tham dự "
            f"phiên họp thứ {rnd.randint(1, 60)} tại hội trường tầng {rnd.randint(1, 9)}."
        )
        body.insert(rnd.randint(0, len(body)), unique)
        words = rnd.choice(self.paragraphs).split()
        start = rnd.randint(0, max(0, len(words) - 12))
        title = " ".join(words[start : start + rnd.randint(6, 12)]).rstrip(".,;:") + (
            f" (kỳ {self.number})"
        )
        date = f"{rnd.randint(2012, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        return title, date, body

    def text_file(self) -> str:
        title, date, body = self.article()
        y, m, d = date.split("-")
        return f"{title}\n\n{d}/{m}/{y}\n\n" + "\n\n".join(body) + "\n"

    def long_line(self, size: int) -> str:
        """One article on one line of about ``size`` bytes."""
        parts: list[str] = []
        length = 0
        self.number += 1
        parts.append(f"Bản tin tổng hợp số {self.number} của phiên họp.")
        while length < size:
            paragraph = self.random.choice(self.paragraphs)
            parts.append(paragraph)
            length += len(paragraph.encode("utf-8")) + 1
        return " ".join(parts) + "\n"


def write_until(path: Path, size: int, chunk: Callable[[], str]) -> int:
    """Append ``chunk()`` to ``path`` until it holds ``size`` bytes; returns the chunks."""
    count = 0
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            text = chunk()
            out.write(text)
            written += len(text.encode("utf-8"))
            count += 1
    return count


# -- the cases ------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    targets: list[Path]
    entries: int  # what the case holds: files, links, pipes
    expect_imported: int  # articles the good files hold
    expect_bad: dict[str, str] = field(default_factory=dict)  # file name -> word of its reason
    as_nobody: bool = False


def build_cases(base: Path, scale: float, writer: Writer) -> list[Case]:
    cases: list[Case] = []

    def folder(name: str) -> Path:
        path = base / name
        path.mkdir()
        return path

    def good(where: Path, name: str = "good.txt") -> Path:
        path = where / name
        path.write_text(writer.text_file(), "utf-8")
        return path

    # a 50 MB JSON lines dump
    d = folder("big_jsonl")

    def record() -> str:
        title, date, body = writer.article()
        data = {"title": title, "date": date, "author": "Minh Anh", "body": body}
        return json.dumps(data, ensure_ascii=False) + "\n"

    n = write_until(d / "dump.jsonl", int(50 * MB * scale), record)
    cases.append(Case("big_jsonl", [d], 1, n))

    # a 50 MB text dump, articles glued by date marks
    d = folder("big_txt")

    def glued() -> str:
        _title, date, body = writer.article()
        return f"date {date} " + "\n".join(body) + "\n"

    n = write_until(d / "dump.txt", int(50 * MB * scale), glued)
    cases.append(Case("big_txt", [d], 1, n))

    # one line of 5 MB
    d = folder("long_line")
    (d / "one_line.txt").write_text(writer.long_line(int(5 * MB * scale)), "utf-8")
    cases.append(Case("long_line", [d], 1, 1))

    # 10,000 small files, in one folder
    d = folder("many_files")
    count = max(10, int(10_000 * scale))
    for i in range(count):
        good(d, f"bai_{i:05d}.txt")
    cases.append(Case("many_files", [d], count, count))

    # a file over the size limit (sparse: nothing is written), beside a good one
    d = folder("over_limit")
    good(d)
    with (d / "huge.txt").open("wb") as handle:
        handle.truncate(100 * MB)
    cases.append(Case("over_limit", [d], 2, 1, {"huge.txt": "large"}))

    # symlink loops
    d = folder("symlink_loop")
    good(d)
    (d / "a.txt").symlink_to("b.txt")
    (d / "b.txt").symlink_to("a.txt")
    (d / "here").symlink_to(".")
    sub = d / "sub"
    sub.mkdir()
    good(sub, "inner.txt")
    (sub / "up").symlink_to("..")
    cases.append(
        Case(
            "symlink_loop",
            [d],
            7,
            2,
            {"a.txt": "loop", "b.txt": "loop", "here": "loop", "up": "loop"},
        )
    )

    # unreadable file and folder
    d = folder("unreadable")
    good(d)
    secret = good(d, "secret.txt")
    secret.chmod(0)
    closed = d / "closed"
    closed.mkdir()
    good(closed, "inside.txt")
    closed.chmod(0)
    cases.append(
        Case(
            "unreadable",
            [d],
            4,
            1,
            {"secret.txt": "permission", "closed": "permission"},
            as_nobody=os.geteuid() == 0,
        )
    )

    # a named pipe nobody writes to, in the folder and named on the command line
    d = folder("fifo")
    good(d)
    os.mkfifo(d / "pipe.txt")
    os.mkfifo(base / "named_pipe.txt")
    cases.append(
        Case(
            "fifo",
            [d, base / "named_pipe.txt"],
            3,
            1,
            {"pipe.txt": "pipe", "named_pipe.txt": "pipe"},
        )
    )

    everything = Case(
        "all",
        [t for c in cases for t in c.targets],
        sum(c.entries for c in cases),
        sum(c.expect_imported for c in cases),
        {k: v for c in cases for k, v in c.expect_bad.items()},
        as_nobody=any(c.as_nobody for c in cases),
    )
    return [*cases, everything]


# -- running ----------------------------------------------------------------------------------


@dataclass
class Result:
    case: Case
    seconds: float
    peak_mb: float
    code: int | None  # None: timed out
    stdout: str
    stderr: str
    imported: int = -1
    rejected: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def bantin() -> list[str]:
    """The ``bantin`` of this environment (what ``uv run bantin`` runs)."""
    script = Path(sys.executable).parent / "bantin"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def run(
    command: list[str], out: Path, err: Path, timeout: float, env: dict[str, str]
) -> tuple[int | None, float, float]:
    """Run ``command``; (exit code or None on timeout, seconds, peak RSS in MB)."""
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.monotonic()
        proc = subprocess.Popen(
            command, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, env=env, cwd=ROOT
        )
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > timeout:
                proc.send_signal(signal.SIGKILL)
                _pid, _status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = code if code is not None else -9  # already reaped
        seconds = time.monotonic() - start
    return code, seconds, usage.ru_maxrss / 1024


def run_case(case: Case, work: Path, timeout: float) -> Result:
    db = work / "db" / f"{case.name}.db"
    home = work / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("BANTIN_DB", None)
    prefix = []
    if case.as_nobody:
        prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    command = [*prefix, *bantin(), "--db", str(db), "import", *map(str, case.targets)]
    code, seconds, peak = run(
        command, work / f"{case.name}.out", work / f"{case.name}.err", timeout, env
    )
    result = Result(
        case,
        seconds,
        peak,
        code,
        (work / f"{case.name}.out").read_text("utf-8", "replace"),
        (work / f"{case.name}.err").read_text("utf-8", "replace"),
    )
    check(result, db, env, timeout)
    return result


_SUMMARY = re.compile(r"^(\d+) imported, (\d+) updated, (\d+) duplicates, .*rejected")


def check(result: Result, db: Path, env: dict[str, str], timeout: float) -> None:
    case, fail = result.case, result.failures.append
    if result.code is None:
        fail(f"still running after {timeout:.0f} s (killed)")
    elif result.code != 0:
        fail(f"exit code {result.code}")
    if "Traceback" in result.stderr:
        fail("traceback on stderr")
    lines = (result.stdout + "\n" + result.stderr).splitlines()
    for line in lines:
        match = _SUMMARY.match(line)
        if match:
            result.imported = int(match.group(1))
    result.rejected = [
        line for line in lines if line.startswith(("rejected ", "skipped ")) and ": " in line
    ]
    if result.imported != case.expect_imported:
        fail(f"imported {result.imported} articles, expected {case.expect_imported}")
    for name, word in case.expect_bad.items():
        said = [line for line in result.rejected if line.split(": ")[0].rsplit("/", 1)[-1] == name]
        if not said:
            fail(f"{name} not reported")
        elif not any(word in line.split(": ", 1)[1].lower() for line in said):
            fail(f"{name}: the reason does not say {word!r}: {said[0]}")
    if not db.exists():
        fail("no library written")
        return
    try:
        with sqlite3.connect(db) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
    except sqlite3.Error as exc:
        fail(f"library unreadable: {exc}")
        return
    if verdict != "ok":
        fail(f"integrity_check: {verdict[:200]}")
    if stored != case.expect_imported:
        fail(f"the library holds {stored} articles, expected {case.expect_imported}")
    search = subprocess.run(
        [*bantin(), "--db", str(db), "search", "--sort", "date", "-n", "1", "đại biểu"],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )
    if search.returncode != 0 or (case.expect_imported and "1. " not in search.stdout):
        fail(f"search failed: {(search.stderr or search.stdout).strip()[-200:]}")


# -- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="sizes times this (1: full)")
    parser.add_argument("--only", default="", help="comma-separated case names (all: every one)")
    parser.add_argument("--timeout", type=float, default=2400, help="seconds a case may take")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the built files afterwards")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="hostile_files_"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "cases"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir()
    for sub in ("db", "home"):
        (work / sub).mkdir(exist_ok=True)
    if os.geteuid() == 0:  # the runs as nobody must reach the cases and write their library
        os.chmod(work, 0o755)
        for sub in ("db", "home"):
            os.chmod(work / sub, 0o1777)
    started = time.monotonic()
    cases = build_cases(base, args.scale, Writer())
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c.name in wanted]
    print(f"built the cases in {time.monotonic() - started:.1f} s under {work}", flush=True)

    results = []
    try:
        for case in cases:
            for old in (work / "db").glob(f"{case.name}.db*"):
                old.unlink()
            result = run_case(case, work, args.timeout)
            results.append(result)
            report(result)
    finally:
        for path in list(base.rglob("*")) if base.exists() else []:
            if not path.is_symlink() and path.is_dir():
                path.chmod(0o755)
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    files = sum(r.case.entries for r in results if r.case.name != "all")
    failures = sum(1 for r in results if r.failures)
    peak = max((r.peak_mb for r in results), default=0.0)
    print(
        f"hostile_files: cases={len(results)} files={files} failures={failures} "
        f"peak_rss_mb={peak:.0f}"
    )
    return 1 if failures else 0


def report(result: Result) -> None:
    case = result.case
    status = "ok" if not result.failures else "FAILED"
    print(
        f"{case.name:13} files={case.entries:<6} imported={result.imported:<6} "
        f"rejected={len(result.rejected):<3} seconds={result.seconds:<7.1f} "
        f"peak_rss_mb={result.peak_mb:<6.0f} {status}",
        flush=True,
    )
    for line in _short(result.rejected):
        print(f"    {line}")
    for failure in result.failures:
        print(f"    FAILURE: {failure}")
    if result.failures and result.stderr.strip():
        for line in result.stderr.strip().splitlines()[-8:]:
            print(f"    stderr: {line}")


def _short(lines: list[str]) -> Iterator[str]:
    """Rejected lines with the case folder's path cut to what follows it."""
    for line in lines:
        yield re.sub(r"\S*/cases/", "", line)


if __name__ == "__main__":
    sys.exit(main())
