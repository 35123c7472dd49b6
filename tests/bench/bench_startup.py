"""The start-up benchmark: time to the first full paint and peak memory, 5 against 100,000 articles.

A script that prints figures, not a test (pytest collects only ``test_*.py``). It measures, side
by side in one run:

1. start-up: ``python -m tui.cli --db FILE`` launched the way a user does, in a pseudo-terminal
   (120x34, ``TERM=xterm-256color``, ``COLORTERM=truecolor``), with ``BANTIN_EXIT_AFTER_PAINT=1``
   so that the main screen quits right after it has painted the list and the first article in
   the reader. The time is taken from just before the fork to the arrival of the last byte of
   that frame on the terminal (the app's exit sequences follow it); peak memory is the child's
   ``ru_maxrss`` from ``wait4``. The floor is a bare Textual app (a 50-row ``Static``) run the
   same way, quitting after its first paint. Each of the three runs ``--runs`` times after one
   warm-up, interleaved, and is reported as the median.
2. moving the cursor one row and showing that article in the reader, at the largest size:
   in-process with Textual's Pilot (``run_test(size=(120, 34))``), ``j`` (or ``k``) sent as
   ``Pilot.press`` sends it but without its idle waits (2 x 20 ms or more), and timed until a
   frame that shows the cursor on the new row and its article in the reader has gone out (the
   app painting on its own schedule; each frame encoded as for a terminal): near the top (from
   row 75, crossing into the second page of 100 rows), near the end of the list (crossing a
   page there), and for reference near the top with ``pilot.press`` itself.

Targets: bantin's start-up at most 1.5x the floor's, and the same within noise at every size;
peak memory at the largest size at most 1.3x that at the smallest; a move p95 under 50 ms.

    uv run python tests/bench/bench_startup.py
    uv run python tests/bench/bench_startup.py --runs 9 --sizes 5,100000 --workdir DIR
    uv run python tests/bench/bench_startup.py --profile      # also -X importtime and cProfile
    uv run python tests/bench/bench_startup.py --baseline DIR # another checkout, side by side

With ``--baseline DIR``, the checkout in DIR (its own ``.venv``, made by ``uv sync`` there when
missing) is measured in the same run: its start-ups interleaved with this checkout's and the
floor's, on the same libraries, each checkout with its interpreter, working directory and
private HOME and bytecode cache; the cursor moves in a Pilot child running each checkout's code.
The figures are printed in adjacent columns (floor | baseline | this checkout, this / baseline).

Libraries are generated from the seed articles (distinct texts, dates over 2010-2025, some
month-only, some undated) and kept in ``--workdir`` (default: a folder in the system temporary
folder), so reruns skip the build. Children run with a private HOME and bytecode cache in the
workdir; the warm-up run fills both, so the figures are those of a user's second start.

The script itself stays small (no Textual, no store imported) while it launches children: a
forked child starts with its parent's resident pages, which would otherwise count in its peak.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import math
import os
import platform
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEEDS = ROOT / "seeds"
COLUMNS, ROWS = 120, 34
PAGE = 100  # rows the article list loads at a time (tui/widgets/article_list.py)
EXIT_AFTER_PAINT = "BANTIN_EXIT_AFTER_PAINT"

# Sequences Textual's Linux driver writes when it stops: the frame before them is the last paint.
TEARDOWN = (b"\x1b[?2004l", b"\x1b[<u", b"\x1b[?1049l")
_ESCAPE = re.compile(
    rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]"
)

FLOOR_APP = '''\
"""The floor: a bare Textual app showing a 50-row list, quitting after its first paint."""

from textual.app import App, ComposeResult
from textual.widgets import Static

ROWS = "\\n".join(
    f" {i:>2}  floor row {i}: a line of the list, as long as a title"
    for i in range(50)
)


class Floor(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(ROWS)

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    Floor().run()
'''


# -- running a program in a pseudo-terminal ---------------------------------------------------


@dataclass
class Run:
    paint: float  # seconds from the fork to the last byte of the final frame
    exit: float  # seconds from the fork to the child's end
    first_output: float  # seconds from the fork to the terminal's first byte (alt screen)
    cpu: float  # the child's user + system CPU seconds, all threads, to its end
    max_rss_kb: int
    status: int
    output: bytes
    timed_out: bool = False

    @property
    def text(self) -> str:
        """What reached the screen, escape sequences removed."""
        return _ESCAPE.sub(b"", self.output).decode("utf-8", "replace")


def run_in_pty(argv: list[str], env: dict[str, str], timeout: float, cwd: Path = ROOT) -> Run:
    """Run ``argv`` in ``cwd`` on a fresh pseudo-terminal of COLUMNS x ROWS, reading all it
    writes."""
    master, slave = os.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the terminal becomes its controlling terminal, then exec
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            os.dup2(slave, 0)
            os.dup2(slave, 1)
            os.dup2(slave, 2)  # Textual draws on stderr
            os.closerange(3, 256)
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    chunks: list[tuple[float, bytes]] = []
    timed_out = False
    deadline = start + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([master], [], [], min(remaining, 0.5))
        if not ready:
            continue
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: every end of the terminal is closed, the child is gone
            break
        if not data:
            break
        chunks.append((time.perf_counter(), data))
    _, status, usage = os.wait4(pid, 0)
    ended = time.perf_counter()
    os.close(master)
    output = b"".join(data for _, data in chunks)
    return Run(
        paint=_paint_time(chunks, output, ended) - start,
        exit=ended - start,
        first_output=(chunks[0][0] if chunks else ended) - start,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_kb=usage.ru_maxrss,
        status=status,
        output=output,
        timed_out=timed_out,
    )


def _paint_time(chunks: list[tuple[float, bytes]], output: bytes, ended: float) -> float:
    """When the byte just before the first teardown sequence arrived (the last frame's end)."""
    found = [i for i in (output.find(marker) for marker in TEARDOWN) if i > 0]
    if not found:
        return ended
    last_frame_byte = min(found) - 1
    offset = 0
    for arrived, data in chunks:
        offset += len(data)
        if offset > last_frame_byte:
            return arrived
    return ended


def child_env(workdir: Path, lang: str | None, venv: Path | None = None) -> dict[str, str]:
    """The environment of every child: a private home and bytecode cache in ``workdir``, a
    known terminal; with ``venv``, that environment's programs first on the PATH."""
    home = workdir / "home"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "BANTIN", "LC_", "XDG_"))
        and key not in ("LANGUAGE", "PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES")
    }
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        PYTHONPYCACHEPREFIX=str(workdir / "pycache"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG="vi_VN.UTF-8" if lang == "vi" else "C.UTF-8",
    )
    if venv is not None:
        env["VIRTUAL_ENV"] = str(venv)
        env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    home.mkdir(parents=True, exist_ok=True)
    return env


@dataclass
class Checkout:
    """A checkout of bantin that children run: its folder (their working directory, first on
    the pilot child's path), its interpreter, and the folder of its children's private HOME
    and bytecode cache (one a checkout: neither fills the other's)."""

    name: str  # "bantin" (this checkout) or "baseline"
    root: Path
    python: str
    workdir: Path
    source: str
    env: dict[str, str] = field(default_factory=dict)
    title: str = "bantin"  # in the figures' labels

    @property
    def heading(self) -> str:
        """The column heading: title and commit, ``+`` when files differ from it."""
        words = self.source.split()
        commit = words[1] if len(words) > 1 and words[0] == "git" else "?"
        name = "this" if self.name == "bantin" else self.name
        return f"{name} {commit}{'+' if 'modified' in self.source else ''}"


def checkout_python(root: Path) -> Path:
    """The interpreter of the checkout at ``root`` (its ``.venv``, made by ``uv sync`` when
    it is missing)."""
    python = root / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"  {root}: no .venv, running uv sync there …", flush=True)
        env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
        subprocess.run(["uv", "sync"], cwd=root, env=env, check=True)
    if not python.exists():
        raise SystemExit(f"{root}: no interpreter at {python}")
    return python


# -- the libraries -----------------------------------------------------------------------------


def _seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            for sentence in re.split(r"(?<=[.!?…])\s+", " ".join(line.split())):
                if len(sentence.split()) >= 6 and sentence[-1] in ".!?…":
                    sentences.append(sentence)
    return sentences


def store_name(name: str, *modules: str) -> Any:
    """``name`` from the first of ``modules`` (then the ``store`` package itself) that has it,
    in the checkout first on the path (this one unless a child put another first): a
    restructured store may move it."""
    import importlib

    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    for module in (*modules, "store"):
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise SystemExit(f"no {name} in {', '.join(modules)} or store (the bench needs it)")


AUTHORS = ("Minh Anh", "Thu Hằng", "Quốc Tuấn", "Lê Hải", "Ngọc Lan", "Phạm Dũng", "TTXVN")


def _make_article(rng: random.Random, number: int, sentences: list[str]) -> Any:
    """One distinct article recombined from the seeds' sentences."""
    Article = store_name("Article", "store.parse")  # noqa: N806

    def paragraph(low: int, high: int) -> str:
        return " ".join(rng.sample(sentences, rng.randint(low, high)))

    words = rng.choice(sentences).rstrip(".!?…").split()
    title = " ".join(words[: rng.randint(7, 15)])
    title = title[0].upper() + title[1:]
    roll = rng.random()
    if roll < 0.12:
        date = None
    else:
        day = rng.randint(733773, 739615)  # 2010-01-01 .. 2025-12-31
        iso = time.strftime("%Y-%m-%d", time.gmtime((day - 719163) * 86400))
        date = iso[:7] if roll < 0.2 else iso
    paragraphs = [paragraph(2, 4) for _ in range(rng.randint(3, 9))]
    at = rng.randrange(len(paragraphs))
    paragraphs[at] += f" Hồ sơ số {number + 1} đã được tiếp nhận và xử lý trong ngày."
    captions: list[str] = []
    caption_at: list[int] = []
    if rng.random() < 0.4:
        captions.append(rng.choice(sentences))
        caption_at.append(rng.randint(0, len(paragraphs)))
    return Article(
        title=title,
        title_inferred=False,
        date=date,
        author=rng.choice(AUTHORS) if rng.random() < 0.75 else None,
        lede=paragraph(1, 2),
        paragraphs=paragraphs,
        captions=captions,
        caption_at=caption_at,
        source=f"bench-startup/{number:06d}.txt",
    )


def build_library(
    path: Path, count: int, chunk: int = 1000, sentences: list[str] | None = None
) -> dict[str, Any]:
    """The library of ``count`` generated articles at ``path``: reused when it is already there.

    The articles are recombined from ``sentences`` (the seeds' by default)."""
    sys.path.insert(0, str(ROOT))
    import sqlite3

    Library = store_name("Library", "store.library")  # noqa: N806

    def newest(db: Path) -> dict[str, Any]:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            title = conn.execute("SELECT title FROM articles ORDER BY doc DESC LIMIT 1").fetchone()
        finally:
            conn.close()
        return {"count": total, "newest_title": title[0] if title else ""}

    if path.exists():
        try:
            info = newest(path)
        except sqlite3.Error:
            info = {"count": -1}
        if info["count"] == count:
            return {**info, "built": False, "seconds": 0.0, "bytes": path.stat().st_size}
    started = time.perf_counter()
    building = path.with_name(path.name + ".building")
    for leftover in (path, building):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{leftover}{suffix}").unlink(missing_ok=True)
    rng = random.Random(count)
    sentences = sentences or _seed_sentences()
    library = Library.open(building)
    imported = 0
    batch = []
    for number in range(count):
        batch.append(_make_article(rng, number, sentences))
        if len(batch) == chunk or number == count - 1:
            key = f"bench-startup/{number // chunk:05d}"
            try:  # no entity extraction: it would take over an hour at 100,000 articles
                report = library.import_articles(batch, key, entities=False)
            except TypeError:  # a store without an entity index
                report = library.import_articles(batch, key)
            imported += report.imported
            batch = []
            if count >= 10 * chunk and (number + 1) % (10 * chunk) == 0:
                elapsed = time.perf_counter() - started
                print(f"  built {number + 1:,} of {count:,} ({elapsed:.0f} s)", file=sys.stderr)
    library.close()
    conn = sqlite3.connect(building)  # the log folded back in, whatever the store left
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    building.replace(path)
    info = newest(path)
    if info["count"] != count:
        raise SystemExit(f"{path}: {info['count']} articles, expected {count} ({imported} new)")
    seconds = time.perf_counter() - started
    return {**info, "built": True, "seconds": seconds, "bytes": path.stat().st_size}


# -- moving in the list, in-process with Pilot ------------------------------------------------


# The main screen's widgets the moves are timed on, found by their CSS type name (a widget's
# class or one of its bases) or, failing that, by the attributes the timing uses: the screen's
# module and the widgets' modules may move. (type names, attributes)
READER = (("Reader",), ("article_id", "render_line"))
LISTING = (("ArticleList",), ("cursor", "total", "item", "move_to", "row_height", "render_line"))


def find_widget(screen: Any, type_names: tuple[str, ...], attributes: tuple[str, ...]) -> Any:
    """The screen's first widget of one of ``type_names``, else the first that has all of
    ``attributes``, else None."""
    for name in type_names:
        for widget in screen.query(name):
            if all(hasattr(widget, attribute) for attribute in attributes):
                return widget
    for widget in screen.walk_children():
        if all(hasattr(widget, attribute) for attribute in attributes):
            return widget
    return None


def pilot_app(app_class: Any, db: Path) -> Any:
    """The app of the checkout measured, on the library ``db``."""
    try:
        return app_class(db_path=db)
    except TypeError:  # an app that takes the library's path as its first argument
        return app_class(db)


async def wait_until(pilot: Any, condition: Any, what: str, timeout: float, pause: float) -> None:
    """Let the app run until ``condition`` holds; a run that waits past ``timeout`` stops."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await pilot.pause(pause)


async def list_and_reader(app: Any, until: Any) -> tuple[Any, Any]:
    """The main screen's reader and list (``find_widget``), once the first article is shown."""
    found: dict[str, Any] = {}

    def widgets_mounted() -> bool:
        found["reader"] = find_widget(app.screen, *READER)
        found["listing"] = find_widget(app.screen, *LISTING)
        return found["reader"] is not None and found["listing"] is not None

    await until(widgets_mounted, "a screen with the article list and the reader")
    reader = found["reader"]
    await until(lambda: reader.article_id is not None, "the first article")
    return reader, found["listing"]


def child_result(command: list[str], checkout: Any) -> tuple[dict[str, Any] | None, str]:
    """Run a child of ``checkout`` and read the JSON it prints last: (figures, "") or (None,
    why it failed)."""
    done = subprocess.run(
        command, cwd=checkout.root, env=checkout.env, capture_output=True, text=True
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        why = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        return None, why[-1] if why else f"exit status {done.returncode}"
    result: dict[str, Any] = json.loads(lines[-1])
    return result, ""


async def _pilot_moves(db: Path, moves: int, timeout: float, checkout: Path) -> dict[str, Any]:
    """The moves, timed on the code of ``checkout`` (first on the path: ``tui`` and ``store``
    come from there), with only what the checkouts measured have in common: ``tui.app.BantinApp``
    and the main screen's list and reader, found by ``find_widget``."""
    sys.path.insert(0, str(checkout))
    import asyncio

    import tui  # noqa: F401  (first, as when bantin runs: it sets Textual's frame rate)

    # isort: split
    from textual import events

    from tui.app import BantinApp

    app = pilot_app(BantinApp, db)
    results: dict[str, Any] = {}
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:

        async def until(condition: Any, what: str) -> None:
            await wait_until(pilot, condition, what, timeout, 0.001)

        reader, listing = await list_and_reader(app, until)
        total = listing.total

        # What the frames show: the list's cursor row and the reader's article as last drawn,
        # noted when a frame goes out, which wakes the timing. The app paints on its own
        # schedule (no Pilot pauses, which would paint at once and wait on every widget), and
        # each frame is encoded as for a terminal (headless, nothing is written: the encoding
        # is part of a move's cost).
        drawn: dict[str, Any] = {"row": -1, "reader": None, "frame": (-1, None), "waiting": None}
        reader_line, list_line, display = reader.render_line, listing.render_line, app._display

        def draw_reader_line(y: int) -> Any:
            drawn["reader"] = reader.article_id
            return reader_line(y)

        def draw_list_line(y: int) -> Any:
            if (int(listing.scroll_offset.y) + y) // listing.row_height == listing.cursor:
                drawn["row"] = listing.cursor
            return list_line(y)

        def display_frame(on: Any, renderable: Any) -> None:
            if renderable is not None and not app._batch_count:
                if hasattr(renderable, "render_segments"):
                    renderable.render_segments(app.console)
                drawn["frame"] = (drawn["row"], drawn["reader"])
                waiting = drawn["waiting"]
                if waiting is not None and shown(waiting[0]):
                    waiting[1].set()
            display(on, renderable)

        reader.render_line = draw_reader_line  # type: ignore[method-assign]
        listing.render_line = draw_list_line  # type: ignore[method-assign]
        app._display = display_frame  # type: ignore[method-assign]

        def shown(index: int) -> bool:
            """A frame has shown the cursor on row ``index`` and its article in the reader."""
            item = listing.item(index)
            return item is not None and drawn["frame"] == (index, item.row.id)

        async def until_shown(index: int, event: asyncio.Event) -> None:
            """Woken by the frame that shows it (no polling, which would cost the app time)."""
            if not shown(index):
                try:
                    await asyncio.wait_for(event.wait(), timeout)
                except TimeoutError:
                    raise SystemExit(f"timed out waiting for row {index} to be shown") from None

        async def send(key: str) -> None:
            """The key as Pilot.press sends it, without Pilot's idle waits (2 x 20 ms or more)."""
            event = events.Key(key, key)
            event.set_sender(app)
            driver = app._driver
            assert driver is not None
            driver.send_message(event)

        # (name, first row, key, step, how the key is sent)
        series = [("top", min(75, max(0, total - 1)), "j", +1, send)]
        if total > 3 * PAGE:
            series.append(("end", total - 76, "k", -1, send))
            series.append(("top, pilot.press", min(175, total - 1), "j", +1, pilot.press))
        for name, start, key, step, press in series:
            listing.move_to(start)  # placing the cursor is not timed
            await until(lambda start=start: shown(start), f"row {start}")
            times, cpu = [], []
            for _ in range(moves):
                target = listing.cursor + step
                if not 0 <= target < total:
                    break
                shown_now = asyncio.Event()
                drawn["waiting"] = (target, shown_now)
                began, began_cpu = time.perf_counter(), time.process_time()
                await press(key)
                await until_shown(target, shown_now)
                times.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            results[name] = {"start": start, "key": key, "times": times, "cpu": cpu}
        results["total"] = total
    return results


# -- figures -----------------------------------------------------------------------------------


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def iqr(samples: list[float]) -> float:
    if len(samples) < 4:
        return max(samples) - min(samples)
    quartiles = statistics.quantiles(samples, n=4)
    return quartiles[2] - quartiles[0]


def vm_rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def source_state(root: Path = ROOT) -> str:
    """The checkout measured: git HEAD and how many tracked files differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        return "not a git checkout"
    return f"git {head or '?'}" + (f" + {len(dirty)} modified files" if dirty else "")


def verdict(ok: bool | None) -> str:
    return "info" if ok is None else "met" if ok else "MISSED"


@dataclass
class Config:
    name: str
    label: str
    argv: list[str]
    env: dict[str, str]
    expect: list[str] = field(default_factory=list)  # text the final frame must show
    runs: list[Run] = field(default_factory=list)
    cwd: Path = ROOT
    size: int | None = None  # the library's articles (None: the floor)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)

    def values(self, attribute: str) -> list[float]:
        return [getattr(run, attribute) for run in self.runs]


def _check(config: Config, run: Run) -> str | None:
    """Why a run does not count (None when it is good)."""
    if run.timed_out:
        return "timed out"
    if run.status != 0:
        return f"exit status {run.status}: {run.text[-400:]!r}"
    text = run.text
    if "Traceback" in text:  # a crash in a Textual app still exits with status 0
        last = [line.strip() for line in text.splitlines() if line.strip()][-1]
        return f"crashed: {last}"
    missing = [e for e in config.expect if e not in text]
    if missing:
        return f"the screen never showed {missing!r}"
    return None


def _fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _row(config: Config) -> str:
    paint = config.values("paint")
    rss = [kb / 1024 for kb in config.values("max_rss_kb")]
    paint_cell = f"{_fmt_ms(config.median('paint'))} ({_fmt_ms(min(paint))}–{_fmt_ms(max(paint))})"
    rss_cell = f"{statistics.median(rss):.1f} ({min(rss):.1f}–{max(rss):.1f})"
    return (
        f"  {config.label:<36}{paint_cell:>18}{_fmt_ms(config.median('first_output')):>9}"
        f"{_fmt_ms(config.median('exit')):>9}{_fmt_ms(config.median('cpu')):>9}{rss_cell:>20}"
    )


# -- profiling ----------------------------------------------------------------------------------


def _importtime(output: str) -> tuple[float, list[tuple[str, float]], list[str]]:
    """Total import time (ms), self time by top-level package and the lines, from the terminal
    output of a run with -X importtime (stderr, shared with Textual's own output)."""
    by_package: dict[str, float] = {}
    total = 0.0
    lines = []
    for match in re.finditer(r"import time:\s+(\d+) \|\s+(\d+) \|( *)([\w.]+)", output):
        self_us, cumulative_us, indent, module = match.groups()
        lines.append(match.group(0))
        package = module.split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + int(self_us) / 1000
        if len(indent) == 1:
            total += int(cumulative_us) / 1000
    return total, sorted(by_package.items(), key=lambda kv: -kv[1]), lines


def profile(configs: list[Config], workdir: Path, timeout: float, top: int) -> None:
    import pstats

    out = workdir / "profile"
    out.mkdir(exist_ok=True)
    print("\nprofile: -X importtime (self time by top-level package, one run each)")
    tables = {}
    for config in configs:
        argv = [config.argv[0], "-X", "importtime", *config.argv[1:]]
        run = run_in_pty(argv, config.env, timeout, config.cwd)
        total, packages, lines = _importtime(run.text)
        (out / f"importtime-{config.name}.txt").write_text("\n".join(lines) + "\n", "utf-8")
        tables[config.name] = (total, dict(packages), run)
        print(f"  {config.label}: imports {total:.0f} ms of a {run.paint * 1000:.0f} ms start")
    names = list(tables)
    packages = sorted(
        {p for _, found, _ in tables.values() for p in found},
        key=lambda p: -max(tables[n][1].get(p, 0.0) for n in names),
    )
    print("  " + f"{'package':<22}" + "".join(f"{n:>16}" for n in names))
    for package in packages[:top]:
        cells = "".join(f"{tables[n][1].get(package, 0.0):>13.1f} ms" for n in names)
        print(f"  {package[:22]:<22}{cells}")
    for config in configs:
        if config.size is None:
            continue
        stats_file = out / f"cprofile-{config.name}.prof"
        argv = [config.argv[0], "-m", "cProfile", "-o", str(stats_file), *config.argv[1:]]
        run_in_pty(argv, config.env, timeout, config.cwd)
        stats = pstats.Stats(str(stats_file))
        print(f"\nprofile: cProfile of {config.label}, main thread: bantin's own code, cumulative")
        stats.sort_stats("cumulative").print_stats(r"[/\\](tui|store)[/\\]", top)
        print(f"profile: cProfile of {config.label}, main thread: everything, by own time")
        stats.sort_stats("tottime").print_stats(top)
    print(f"profiles kept in {out}")


# -- main ---------------------------------------------------------------------------------------


def _cell(config: Config, attribute: str) -> str:
    """Median (min–max) of one figure of a configuration's runs: ms, or MB for memory."""
    values = config.values(attribute)
    if attribute == "max_rss_kb":
        mb = [value / 1024 for value in values]
        return f"{statistics.median(mb):.1f} ({min(mb):.1f}–{max(mb):.1f})"
    median = statistics.median(values)
    return f"{_fmt_ms(median)} ({_fmt_ms(min(values))}–{_fmt_ms(max(values))})"


FIGURES = (
    ("paint", "paint ms"),
    ("first_output", "term ms"),
    ("exit", "exit ms"),
    ("cpu", "cpu ms"),
    ("max_rss_kb", "peak RSS MB"),
)


def print_side_by_side(configs: list[Config], sizes: list[int], checkouts: list[Checkout]) -> None:
    """Floor | baseline | this checkout, and this / baseline, for each size and figure."""
    floor = configs[0]
    by_name = {config.name: config for config in configs}
    heads = ["floor", *(checkout.heading for checkout in checkouts), "this/baseline"]
    print(f"  {'':<22}" + "".join(f"{head:>22}" for head in heads))
    for size in sizes:
        print(f"  {size:,} articles")
        baseline, this = (by_name[f"{checkout.name}-{size}"] for checkout in checkouts)
        for attribute, label in FIGURES:
            ratio = this.median(attribute) / baseline.median(attribute)
            cells = [_cell(floor, attribute), _cell(baseline, attribute), _cell(this, attribute)]
            print(
                f"    {label:<20}" + "".join(f"{cell:>22}" for cell in cells) + f"{ratio:>21.2f}x"
            )


def run_pilot(checkout: Checkout, db: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The cursor moves timed in a child running the code of ``checkout`` (its interpreter,
    working directory and environment); ``{"error": ...}`` when they could not be."""
    command = [
        checkout.python,
        __file__,
        "--pilot-child",
        str(db),
        "--checkout",
        str(checkout.root),
        "--moves",
        str(args.moves),
        "--timeout",
        str(args.timeout),
    ]
    result, why = child_result(command, checkout)
    return result if result is not None else {"error": why}


SERIES = ("top", "end", "top, pilot.press")


def move_figures(series: dict[str, Any]) -> dict[str, float]:
    times, cpu = series["times"], series["cpu"]
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "max": max(times),
        "cpu p50": percentile(cpu, 50),
    }


def print_moves_side_by_side(pilots: dict[str, dict[str, Any]], checkouts: list[Checkout]) -> None:
    baseline, this = (pilots[checkout.name] for checkout in checkouts)
    if "error" in baseline or "error" in this:
        return
    print(f"\nmoving one row, {this['total']:,} articles, ms: baseline | this checkout")
    heads = [*(checkout.heading for checkout in checkouts), "this/baseline"]
    print(f"  {'':<36}" + "".join(f"{head:>22}" for head in heads))
    for name in SERIES:
        if name not in this or name not in baseline or not this[name]["times"]:
            continue
        old, new = move_figures(baseline[name]), move_figures(this[name])
        where = f"{this[name]['key']} x{len(this[name]['times'])} from row {this[name]['start']:,}"
        print(f"  {name} ({where})")
        for figure in ("p50", "p95", "max", "cpu p50"):
            ratio = new[figure] / old[figure] if old[figure] else math.nan
            print(
                f"    {figure:<32}{old[figure] * 1000:>22.1f}{new[figure] * 1000:>22.1f}"
                f"{ratio:>21.2f}x"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--sizes", default="5,100000", help="library sizes (default 5,100000)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "bantin-bench-startup",
        help="where libraries, the home folder and bytecode cache are kept (reused)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="another checkout of bantin (its .venv is made by uv sync if missing): measured in "
        "the same run, interleaved, on the same libraries, and printed beside this one",
    )
    parser.add_argument("--moves", type=int, default=50, help="cursor moves timed (default 50)")
    parser.add_argument("--lang", choices=("en", "vi"), default=None, help="UI language")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a start may take")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--profile", action="store_true", help="also importtime and cProfile")
    parser.add_argument("--top", type=int, default=25, help="profile lines to print")
    # internal: the children this script runs
    parser.add_argument("--build-child", nargs=2, metavar=("COUNT", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--pilot-child", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--checkout", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.build_child:
        info = build_library(Path(args.build_child[1]), int(args.build_child[0]))
        print(json.dumps(info, ensure_ascii=False))
        return 0
    if args.pilot_child:
        import asyncio

        result = asyncio.run(
            _pilot_moves(Path(args.pilot_child), args.moves, args.timeout, args.checkout)
        )
        print(json.dumps(result))
        return 0

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 1 or args.runs < 1:
        parser.error("--sizes must name positive sizes and --runs be at least 1")
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = child_env(workdir, args.lang)
    this = Checkout("bantin", ROOT, sys.executable, workdir, source_state(), env)
    checkouts = [this]
    if args.baseline is not None:
        root = args.baseline.resolve()
        if not (root / "tui").is_dir() or not (root / "store").is_dir():
            parser.error(f"--baseline {args.baseline}: not a checkout of bantin")
        if root == ROOT:
            parser.error("--baseline names this checkout")
        python = checkout_python(root)
        private = workdir / "baseline"
        base_env = child_env(private, args.lang, python.parent.parent)
        baseline = Checkout(
            "baseline", root, str(python), private, source_state(root), base_env, "baseline"
        )
        this.title = "this checkout"
        checkouts = [baseline, this]
    load_before = loadavg()

    print("bantin start-up benchmark")
    print(
        f"  python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{load_before}; terminal {COLUMNS}x{ROWS} TERM={env['TERM']} COLORTERM={env['COLORTERM']}"
    )
    print(f"  source {source_state()}; workdir {workdir}")
    if args.baseline is not None:
        print(f"  baseline {checkouts[0].source}: {checkouts[0].root}")
    order = " (baseline and this checkout in turn, the first alternating)" if args.baseline else ""
    print(f"  {args.runs} timed runs each after 1 warm-up, interleaved{order}")

    libraries: dict[int, dict[str, Any]] = {}
    for size in sizes:
        path = workdir / f"library-{size}.db"
        print(f"  library of {size:,} articles: ", end="", flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--build-child", str(size), str(path)],
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        info = json.loads(done.stdout.strip().splitlines()[-1])
        libraries[size] = {**info, "path": path}
        how = f"built in {info['seconds']:.0f} s" if info["built"] else "reused"
        print(f"{how}, {info['bytes'] / 1e6:.1f} MB")

    floor_file = workdir / "floor_app.py"
    floor_file.write_text(FLOOR_APP, "utf-8")
    lang = ["--lang", args.lang] if args.lang else []
    configs = [
        Config(
            "floor",
            "floor: bare Textual, 50-row Static",
            [sys.executable, str(floor_file)],
            env,
            expect=["floor row 0:", "floor row 30:"],
        )
    ]
    for size in sizes:
        title_start = " ".join(libraries[size]["newest_title"].split()[:3])
        count = f"{size:,}".replace(",", "." if args.lang == "vi" else ",")
        for checkout in checkouts:
            configs.append(
                Config(
                    f"{checkout.name}-{size}",
                    f"{checkout.title}, {size:,} articles",
                    [checkout.python, "-m", "tui.cli", "--db", str(libraries[size]["path"]), *lang],
                    {**checkout.env, EXIT_AFTER_PAINT: "1"},
                    # the top bar (list loaded), and the newest title twice: list row and reader
                    expect=[f"bantin · {count} ", title_start],
                    cwd=checkout.root,
                    size=size,
                )
            )

    launcher_rss = vm_rss_kb()
    failures: list[str] = []
    for round_number in range(args.runs + 1):  # round 0 is the warm-up
        # the checkouts at one size in turn, the first alternating: neither always follows
        # the other (whose run leaves the library's pages in the cache)
        ordered = [configs[0]]
        for size in sizes:
            pair = [config for config in configs if config.size == size]
            ordered += pair[::-1] if round_number % 2 else pair
        for config in ordered:
            run = run_in_pty(config.argv, config.env, args.timeout, config.cwd)
            problem = _check(config, run)
            if problem is None and config.size is not None:
                title = config.expect[1]
                if run.text.count(title) < 2:
                    problem = f"the newest title {title!r} is not both in the list and reader"
            if problem is not None:
                failures.append(f"{config.label}, run {round_number}: {problem}")
                continue
            if round_number > 0:
                config.runs.append(run)
    for failure in failures:
        print(f"  FAILED {failure}")
    if any(not config.runs for config in configs):
        return 1
    load_after = loadavg()

    print(f"\nstart-up to the first full paint, median of {args.runs} (min–max)")
    if args.baseline is None:
        print(
            f"  {'':<36}{'paint ms':>18}{'term ms':>9}{'exit ms':>9}{'cpu ms':>9}"
            f"{'peak RSS MB':>20}"
        )
        for config in configs:
            print(_row(config))
    else:
        print_side_by_side(configs, sizes, checkouts)
    print(
        "  paint: fork to the last byte of the frame showing list and reader; term: to the "
        "first\n  byte on the terminal (imports done, driver up); exit: to the process's end; "
        "cpu: the\n  child's CPU time (all threads, to its end: less sensitive to a busy machine)"
    )
    print(
        f"  load average {load_before} before, {load_after} after; the launcher's own RSS "
        f"{launcher_rss / 1024:.1f} MB (a fork starts with it)"
    )

    floor = configs[0]
    floor_paint = floor.median("paint")
    targets: list[tuple[str, str, bool | None]] = []
    for checkout in checkouts:
        mine = checkout is this  # the targets are this checkout's; the baseline's: info
        bantins = [config for config in configs if config.name.startswith(f"{checkout.name}-")]
        small, large = bantins[0], bantins[-1]
        for config in bantins:
            ratio = config.median("paint") / floor_paint
            ok = ratio <= 1.5 if mine else None
            targets.append((f"start-up {config.label} / floor", f"{ratio:.2f}x (at most 1.5x)", ok))
            cpu_ratio = config.median("cpu") / floor.median("cpu")
            targets.append((f"CPU time {config.label} / floor", f"{cpu_ratio:.2f}x", None))
        if large is not small:
            delta = large.median("paint") - small.median("paint")
            noise = max(iqr(small.values("paint")), iqr(large.values("paint")))
            allowance = max(noise, 0.05 * small.median("paint"))
            targets.append(
                (
                    f"start-up {checkout.title}, {sizes[-1]:,} vs {sizes[0]:,} articles",
                    f"{delta * 1000:+.0f} ms ({delta / small.median('paint'):+.1%}); noise "
                    f"{allowance * 1000:.0f} ms (max IQR, at least 5%)",
                    # no noise from 1-2 runs
                    abs(delta) <= allowance if args.runs >= 3 and mine else None,
                )
            )
            memory = large.median("max_rss_kb") / small.median("max_rss_kb")
            targets.append(
                (
                    f"peak memory {checkout.title}, {sizes[-1]:,} / {sizes[0]:,} articles",
                    f"{memory:.2f}x (at most 1.3x)",
                    memory <= 1.3 if mine else None,
                )
            )
    if args.baseline is not None:
        # no worse than before: this checkout's median start at most the baseline's plus the
        # noise of either (the larger IQR, at least 5%), as for the sizes above
        for size in sizes:
            old = next(c for c in configs if c.name == f"baseline-{size}")
            new = next(c for c in configs if c.name == f"bantin-{size}")
            delta = new.median("paint") - old.median("paint")
            noise = max(iqr(old.values("paint")), iqr(new.values("paint")))
            allowance = max(noise, 0.05 * old.median("paint"))
            targets.append(
                (
                    f"start-up this checkout vs baseline, {size:,} articles",
                    f"{delta * 1000:+.0f} ms ({delta / old.median('paint'):+.1%}); noise "
                    f"{allowance * 1000:.0f} ms (max IQR, at least 5%)",
                    delta <= allowance if args.runs >= 3 else None,
                )
            )
            memory = new.median("max_rss_kb") / old.median("max_rss_kb")
            targets.append(
                (f"peak memory this checkout / baseline, {size:,} articles", f"{memory:.2f}x", None)
            )

    pilots: dict[str, dict[str, Any]] = {}
    if args.moves > 0:
        for checkout in checkouts:
            pilots[checkout.name] = run_pilot(checkout, libraries[sizes[-1]]["path"], args)
        for checkout in checkouts:
            pilot = pilots[checkout.name]
            if "error" in pilot:
                targets.append((f"move one row, {checkout.title}", pilot["error"], False))
                continue
            for name in SERIES:
                if name not in pilot or not pilot[name]["times"]:
                    continue
                figures = move_figures(pilot[name])
                start, key = pilot[name]["start"], pilot[name]["key"]
                where = f"{key} x{len(pilot[name]['times'])} from row {start:,}"
                who = f"{checkout.title}, " if args.baseline else ""
                targets.append(
                    (
                        f"move one row, {who}{pilot['total']:,} articles, {name} ({where})",
                        f"p50 {figures['p50'] * 1000:.1f} ms, p95 {figures['p95'] * 1000:.1f} "
                        f"ms, max {figures['max'] * 1000:.1f} ms (p95 under 50 ms); CPU a "
                        f"move p50 {figures['cpu p50'] * 1000:.1f} ms",
                        figures["p95"] < 0.050
                        if name != "top, pilot.press" and checkout is this
                        else None,
                    )
                )
    if len(pilots) == 2:
        print_moves_side_by_side(pilots, checkouts)
    print("\ntargets" + (" (the baseline's figures for information)" if args.baseline else ""))
    for what, figure, ok in targets:
        print(f"  {verdict(ok):<7}{what}: {figure}")

    if args.json:
        figures_json = {
            "runs": args.runs,
            "load_average": [load_before, load_after],
            "sources": {c.name: {"root": str(c.root), "source": c.source} for c in checkouts},
            "configs": {
                c.name: {
                    "paint_s": c.values("paint"),
                    "first_output_s": c.values("first_output"),
                    "exit_s": c.values("exit"),
                    "cpu_s": c.values("cpu"),
                    "max_rss_kb": c.values("max_rss_kb"),
                }
                for c in configs
            },
            "pilot": pilots.get("bantin", {}),
            "targets": [{"what": w, "figure": f, "met": ok} for w, f, ok in targets],
        }
        if args.baseline is not None:
            figures_json["baseline_pilot"] = pilots.get("baseline", {})
        args.json.write_text(json.dumps(figures_json, indent=2), "utf-8")
    if args.profile:
        profile(configs, workdir, args.timeout, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
