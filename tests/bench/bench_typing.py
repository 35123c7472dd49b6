"""The typing benchmark: from the last key typed in the search box to that query's results painted.

A script that prints figures, not a test (pytest collects only ``test_*.py``). In a child process
running the app in-process with Textual's Pilot (``run_test(size=(120, 34))``) on a large library,
it opens the search box and types each query a key at a time, as a user does: the keys are sent
as ``Pilot.press`` sends them but without its idle waits, one every 80 to 150 ms (a typist's
pace, drawn at random with a fixed seed). The time runs from the query's last key to the first
frame handed to the driver that shows the list holding that query's results (debounce, search,
message and paint included), the way ``bench_startup.py`` times a cursor move: the list's and the
reader's drawing is noted, and each frame (encoded for a terminal, as a real one is) wakes the
timing. Also timed, in the same frames: until the reader shows the first result as well, and
the echo of every key (from the key to the frame showing it in the search box: a search must not
hold the frames while one types). A frame that shows an older query's results after a newer
one's is counted as stale.

Beside them, the floor and the parts, measured in the same child on the same library once the
typing is done: the bare FTS5 query (``ORDER BY bm25 LIMIT 50`` on the folded columns, each word
quoted), the search as the screen runs it (the list's first page, then the count when the page
is full, through the app's own library service), and the search box's debounce.

    uv run python tests/bench/bench_typing.py --from FOLDER [--count 100000] [--rounds 5]
    uv run python tests/bench/bench_typing.py --from FOLDER --baseline DIR

``--from FOLDER`` recombines the sentences of a folder of real articles (``.txt`` files, searched
recursively) into ``--count`` distinct articles; without it, the seeds' sentences. The library is
built once into ``--workdir`` (default: a folder in the system temporary folder) and reused.
With ``--baseline DIR`` the checkout in DIR (its ``.venv``, made by ``uv sync`` when missing) types
the same queries at the same pace on the same library, in children of its own interpreter, the
two checkouts taking turns round by round; the figures are printed side by side.

Target: p95 of the last key to the results painted at most 150 ms, at 100,000 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_startup import (
    COLUMNS,
    ROOT,
    ROWS,
    build_library,
    checkout_python,
    child_env,
    child_result,
    find_widget,
    list_and_reader,
    loadavg,
    percentile,
    pilot_app,
    source_state,
    wait_until,
)

QUERIES = (
    "ma tuy",
    "lua dao",
    "nguyen van",
    "hoi nghi",
    "bien gioi",
    "tai nan giao thong",
    "dau tu",
    "cong an tinh",
    "buon lau",
    "tuyen an",
)
TARGET_MS = 150.0
SEARCH_BAR = (("SearchBar",), ("value", "render_line"))


def folder_sentences(folder: Path) -> list[str]:
    """The sentences of every ``.txt`` file under ``folder`` (six words or more, ending with a
    full stop, a question or exclamation mark or an ellipsis)."""
    sentences = []
    for path in sorted(folder.rglob("*.txt")):
        for line in path.read_text("utf-8", errors="replace").splitlines():
            for sentence in re.split(r"(?<=[.!?…])\s+", " ".join(line.split())):
                if len(sentence.split()) >= 6 and sentence[-1] in ".!?…":
                    sentences.append(sentence)
    if not sentences:
        raise SystemExit(f"{folder}: no sentences in any .txt file")
    return sentences


# -- the child: typing in the app, in-process with Pilot ---------------------------------------


def _floor_query(db: Path) -> Any:
    """A function timing the bare FTS5 query of a text on the library at ``db`` (its folded
    columns, each word quoted, bm25, 50 rows), or None when the index has no such columns."""
    import sqlite3
    import unicodedata

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)

    def fold(word: str) -> str:
        word = word.lower().replace("đ", "d")
        letters = unicodedata.normalize("NFD", word)
        return "".join(c for c in letters if not unicodedata.combining(c))

    def run(text: str) -> float:
        match = "{ftitle fbody} : " + " ".join(f'"{fold(w)}"' for w in text.split())
        began = time.perf_counter()
        conn.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 50", (match,)
        ).fetchall()
        return time.perf_counter() - began

    try:
        run("a")
    except sqlite3.Error:
        return None
    return run


def _app_query(screen: Any) -> Any:
    """A function timing the search as the main screen's worker runs it: the list's first page
    of the query, then its count when the page is full (``tui.data``), or None."""
    try:
        from tui.data import PAGE, ListSource
    except ImportError:
        return None
    service = getattr(screen, "service", None)
    if service is None:
        return None

    def run(text: str) -> tuple[float, float]:
        """Seconds reading the first page, then counting (0 when the page is not full)."""
        source = ListSource(query=text)
        began = time.perf_counter()
        full = len(service.page(source, 0, PAGE)) == PAGE
        paged = time.perf_counter()
        if full:
            service.count(source)
        return paged - began, time.perf_counter() - paged

    return run


async def _pilot_typing(
    db: Path,
    queries: list[str],
    gaps: tuple[float, float],
    seed: int,
    timeout: float,
    checkout: Path,
) -> dict[str, Any]:
    """Each query typed once into the search box of the app of ``checkout`` (first on the path),
    timed as the module's docstring says; then the floor and the parts."""
    sys.path.insert(0, str(checkout))
    import asyncio
    import importlib

    import tui  # noqa: F401  (first, as when bantin runs: it sets Textual's frame rate)

    # isort: split
    from textual import events

    from tui.app import BantinApp

    app = pilot_app(BantinApp, db)
    rng = random.Random(seed)
    results: dict[str, Any] = {"queries": {}}
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:

        async def until(condition: Any, what: str) -> None:
            await wait_until(pilot, condition, what, timeout, 0.005)

        reader, listing = await list_and_reader(app, until)
        screen = app.screen
        found: dict[str, Any] = {}  # the search box, once it is mounted
        # the screen's module, or that of the class it has its search from
        modules = [importlib.import_module(c.__module__) for c in type(screen).__mro__]
        delays = [getattr(m, "SEARCH_DELAY", None) for m in modules]
        results["debounce"] = next((d for d in delays if d is not None), None)

        # What the frames show: the query whose results the list last drew, the reader's
        # article, the search box's text; noted when a frame goes out, which wakes the timing.
        drawn: dict[str, Any] = {"list": None, "reader": None, "bar": None, "waiting": None}
        frames: list[str | None] = []  # the list's query in each frame while a query is typed
        echoes: list[tuple[str, float]] = []  # (the box's text after a key, when it was sent)
        echo_times: list[float] = []
        display = app._display

        def note_list(y: int) -> Any:
            drawn["list"] = listing.source.query
            return list_line(y)

        def note_reader(y: int) -> Any:
            drawn["reader"] = reader.article_id
            return reader_line(y)

        def display_frame(on: Any, renderable: Any) -> None:
            if renderable is not None and not app._batch_count:
                if hasattr(renderable, "render_segments"):
                    renderable.render_segments(app.console)
                now = time.perf_counter()
                bar = found.get("bar")
                if bar is not None and echoes:
                    drawn["bar"] = bar.value  # the box is drawn whenever its text changes
                    while echoes and drawn["bar"].startswith(echoes[0][0]):
                        echo_times.append(now - echoes.pop(0)[1])
                frames.append(drawn["list"])
                waiting = drawn["waiting"]
                if waiting is not None and waiting[0]():
                    waiting[1].set()
            display(on, renderable)

        list_line, reader_line = listing.render_line, reader.render_line
        listing.render_line = note_list  # type: ignore[method-assign]
        reader.render_line = note_reader  # type: ignore[method-assign]
        app._display = display_frame  # type: ignore[method-assign]

        async def until_frame(condition: Any, what: str, limit: float) -> bool:
            """Woken by the frame for which ``condition()`` holds (no polling)."""
            event = asyncio.Event()
            drawn["waiting"] = (condition, event)
            try:
                await asyncio.wait_for(event.wait(), limit)
            except TimeoutError:
                if what:
                    raise SystemExit(f"timed out waiting for {what}") from None
                return False
            finally:
                drawn["waiting"] = None
            return True

        def send(key: str, character: str | None) -> None:
            """The key as Pilot.press sends it, without Pilot's idle waits."""
            event = events.Key(key, character)
            event.set_sender(app)
            driver = app._driver
            assert driver is not None
            driver.send_message(event)

        async def settle() -> None:
            """Until the workers are done and a little longer: nothing left over is timed."""
            await until(lambda: not any(w.is_running for w in app.workers), "the workers")
            await asyncio.sleep(0.3)

        for text in queries:
            screen.action_search()
            await until(lambda: find_widget(screen, *SEARCH_BAR) is not None, "the search box")
            found["bar"] = find_widget(screen, *SEARCH_BAR)
            await pilot.pause()
            await settle()
            del frames[:]
            del echo_times[:]
            typed = ""
            for number, character in enumerate(text):
                typed += character
                echoes.append((typed, time.perf_counter()))
                send("space" if character == " " else character, character)
                if number < len(text) - 1:
                    await asyncio.sleep(rng.uniform(*gaps))
            last_key = time.perf_counter()
            await until_frame(lambda text=text: drawn["list"] == text, f"«{text}»", timeout)
            painted = time.perf_counter() - last_key
            first = listing.item(0) if listing.total else None
            with_reader = None
            if first is not None:
                best = first.row.id
                if await until_frame(lambda best=best: drawn["reader"] == best, "", 3.0):
                    with_reader = time.perf_counter() - last_key
            await settle()
            # a stale frame: the list shows an older (shorter) query after a newer one's results
            shown = [len(q) for q in frames if q is not None and text.startswith(q) and q]
            stale = sum(1 for a, b in zip(shown, shown[1:], strict=False) if b < a)
            results["queries"][text] = {
                "painted": painted,
                "reader": with_reader,
                "echo": list(echo_times),
                "stale": stale,
                "hits": listing.total,
            }
            echoes.clear()
            send("escape", None)  # leave the search: the list goes back to every article
            await until(lambda: not listing.source.query, "the list after the search")
            await settle()

        floor, query = _floor_query(db), _app_query(screen)
        for text, figures in results["queries"].items():
            figures["floor"] = floor(text) if floor else None
            page, count = await asyncio.to_thread(query, text) if query else (None, None)
            figures["page"], figures["count"] = page, count
            figures["query"] = None if page is None or count is None else page + count
    return results


def run_child(checkout: Any, db: Path, queries: list[str], round_: int, args: Any) -> dict:
    """One round of typing in a child running the code of ``checkout``."""
    command = [
        checkout.python,
        __file__,
        "--typing-child",
        str(db),
        "--checkout",
        str(checkout.root),
        "--queries",
        "|".join(queries),
        "--gaps",
        args.gaps,
        "--seed",
        str(args.seed + round_),
        "--timeout",
        str(args.timeout),
    ]
    result, why = child_result(command, checkout)
    if result is None:
        raise SystemExit(f"{checkout.name}: {why}")
    return result


# -- figures -----------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f}"


def _spread(samples: list[float]) -> str:
    if not samples:
        return "–"
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return f"{p50 * 1000:4.0f} {p95 * 1000:4.0f} {max(samples) * 1000:4.0f}"


def _collect(rounds: list[dict[str, Any]], text: str, key: str) -> list[float]:
    values = [r["queries"][text][key] for r in rounds if text in r["queries"]]
    if key == "echo":
        return [v for vs in values for v in vs]
    return [v for v in values if v is not None]


def report(checkouts: list[Any], runs: dict[str, list[dict[str, Any]]], queries: list[str]) -> bool:
    """The table, side by side; True when this checkout meets the target."""
    names = [c.name for c in checkouts]
    head = f"{'query':20} {'hits':>7} {'fts5':>5}"
    for checkout in checkouts:
        head += f" | {checkout.heading[:30]:^52}"
    print(head)
    sub = f"{'':20} {'':>7} {'bm25':>5}"
    for _ in checkouts:
        sub += f" | {'page+count':>10} {'key→list p50 p95 max':>21}"
        sub += f" {'reader p95':>10} {'echo p95':>8}"
    print(sub)
    for text in [*queries, ""]:
        texts = queries if not text else [text]
        hits = runs[names[-1]][0]["queries"].get(text, {}).get("hits", "") if text else ""
        floor = [v for t in texts for v in _collect(runs[names[-1]], t, "floor")]
        floor_ms = _ms(statistics.median(floor) if floor else None)
        line = f"{text or 'all queries':20} {hits!s:>7} {floor_ms:>5}"
        for name in names:
            rounds = runs[name]
            page = [v for t in texts for v in _collect(rounds, t, "page")]
            count = [v for t in texts for v in _collect(rounds, t, "count")]
            painted = [v for t in texts for v in _collect(rounds, t, "painted")]
            reader = [v for t in texts for v in _collect(rounds, t, "reader")]
            echo = [v for t in texts for v in _collect(rounds, t, "echo")]
            parts = "–"
            if page and count:
                parts = f"{_ms(statistics.median(page))}+{_ms(statistics.median(count))}"
            reader_ms = _ms(percentile(reader, 95) if reader else None)
            echo_ms = _ms(percentile(echo, 95) if echo else None)
            line += f" | {parts:>10} {_spread(painted):>21} {reader_ms:>10} {echo_ms:>8}"
        print(line)
    print()
    met = True
    for checkout in checkouts:
        rounds = runs[checkout.name]
        painted = [v for t in queries for v in _collect(rounds, t, "painted")]
        query = [v for t in queries for v in _collect(rounds, t, "query")]
        stale = sum(r["queries"][t]["stale"] for r in rounds for t in queries if t in r["queries"])
        debounce = rounds[0].get("debounce")
        p95 = percentile(painted, 95) * 1000
        ok = p95 <= TARGET_MS
        if checkout.name == "bantin":
            met = ok
        share = statistics.median(query) * 1000 if query else float("nan")
        print(
            f"{checkout.heading}: last key → results painted p95 {p95:.0f} ms "
            f"(target ≤ {TARGET_MS:.0f}: {'met' if ok else 'MISSED'}); debounce "
            f"{_ms(debounce) if debounce is not None else '?'} ms, the search itself "
            f"{share:.0f} ms median; stale frames {stale}"
        )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="a folder of real articles")
    parser.add_argument("--count", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--rounds", type=int, default=5, help="times each query is typed")
    parser.add_argument("--queries", help="queries separated by | (default: ten of the news')")
    parser.add_argument("--gaps", default="0.08,0.15", help="seconds between keys, min,max")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the pace")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "bantin-bench-typing",
        help="where the library, the home folder and bytecode cache are kept (reused)",
    )
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="another checkout")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a step may take")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    # internal: the child this script runs
    parser.add_argument("--typing-child", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--checkout", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    queries = args.queries.split("|") if args.queries else list(QUERIES)
    low, high = (float(x) for x in args.gaps.split(","))

    if args.typing_child:
        import asyncio

        result = asyncio.run(
            _pilot_typing(
                Path(args.typing_child), queries, (low, high), args.seed, args.timeout,
                args.checkout,
            )
        )  # fmt: skip
        print(json.dumps(result))
        return 0

    from bench_startup import Checkout

    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    origin = args.source.resolve().name if args.source else "seeds"
    db = workdir / f"typing-{args.count}-{origin}.db"
    print(f"library: {args.count:,} articles from {origin} ({db.name}) …", flush=True)
    sentences = folder_sentences(args.source) if args.source else None
    built = build_library(db, args.count, sentences=sentences)
    if built["built"]:
        print(f"  built in {built['seconds']:.0f} s", flush=True)
    print(f"  {built['bytes'] / 1e6:,.0f} MB", flush=True)

    env = child_env(workdir, None)
    this = Checkout("bantin", ROOT, sys.executable, workdir, source_state(), env)
    checkouts = [this]
    if args.baseline is not None:
        root = args.baseline.resolve()
        python = checkout_python(root)
        base_dir = workdir / "baseline"
        base_dir.mkdir(exist_ok=True)
        base_env = child_env(base_dir, None, python.parent.parent)
        base = Checkout("baseline", root, str(python), base_dir, source_state(root), base_env)
        checkouts.insert(0, base)
    print(
        f"typing {len(queries)} queries x {args.rounds} rounds, a key every "
        f"{low * 1000:.0f}-{high * 1000:.0f} ms; load {loadavg()}; {os.cpu_count()} processors",
        flush=True,
    )
    runs: dict[str, list[dict[str, Any]]] = {c.name: [] for c in checkouts}
    for round_ in range(args.rounds):
        order = checkouts if round_ % 2 == 0 else checkouts[::-1]
        for checkout in order:
            runs[checkout.name].append(run_child(checkout, db, queries, round_, args))
        print(f"  round {round_ + 1} of {args.rounds} done", flush=True)
    print()
    met = report(checkouts, runs, queries)
    if args.json:
        args.json.write_text(json.dumps({"library": built, "runs": runs}, indent=1))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
