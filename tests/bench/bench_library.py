"""The library benchmark: import throughput, size on disk and search latency against a floor.

For each corpus size, a synthetic corpus (``make_corpus.py``) is written to a temporary folder,
then measured three ways, each side by side with a floor that does the least a library could:

- import: the real command ``bantin --db FILE import --quiet CORPUS`` (a subprocess, end to
  end, after an untimed import of 250 of the files that fills its bytecode cache, as a
  user's second import finds it) against a bare sqlite-utils ``insert_all`` of the raw
  texts (title + body) followed by ``enable_fts`` (FTS5, default tokenizer) on a fresh
  database, reading the files included;
- size: the library file after ``PRAGMA wal_checkpoint(TRUNCATE)`` against the corpus's raw
  text size (and the floor database's size);
- search: ``Library.search`` in a child process running the checkout's code (relevance and
  newest first, limit 50) over 20 realistic queries, each run several times after a warm-up,
  against a bare
  ``SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 50`` on the floor database.
  A relevance search with more matches than ``store.search.RANK_CUT`` ranks the newest of
  them; the "rank all" column times the same search ranking every match, for comparison.

Targets: import time at most 2.5x the floor's; library at most 2.5x the raw text; at 100,000
articles, relevance search p95 at most 1.3x the floor's p95 and newest-first p95 under 20 ms
(a smaller library's search figures are marked in brackets, for information).

    uv run python tests/bench/bench_library.py --sizes 10000,100000
    uv run python tests/bench/bench_library.py --corpus DIR          # an existing corpus
    uv run python tests/bench/bench_library.py --sizes 10000 --profile prof --json out.json
    uv run python tests/bench/bench_library.py --sizes 10000 --baseline DIR --import-runs 3

With ``--baseline DIR``, the checkout in DIR (its own ``.venv``, made by ``uv sync`` there when
missing) imports the same corpus with its own ``bantin`` (the floor, then the two checkouts,
the first alternating from one run to the next), and its library is searched by its own code
(the search child runs with DIR's interpreter, DIR first on its path); both are printed side by
side. The compared figures use only ``Library.search`` and ``Library.count_matches``.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import io
import json
import math
import os
import platform
import pstats
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from argparse import SUPPRESS
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402
import sqlite_utils  # noqa: E402
from bench_startup import store_name  # noqa: E402

# The store is imported where it is used, from the checkout measured (``store_name``): the
# search child of ``--baseline`` runs this script with the other checkout first on its path.

# What readers type: common and rare words, with and without marks, phrases, prefixes, names.
QUERIES = (
    "hội nghị",
    "việt nam",
    "ma tuy",
    "ma túy",
    '"tội phạm"',
    '"hợp tác quốc tế"',
    "hoi ngh*",
    "covid*",
    "dong nam a",
    "unodc",
    "nguyen duy ngoc",
    "Nguyễn Duy Ngọc",
    "Bùi Thanh Sơn",
    "ghada waly",
    "Trung tướng",
    "thu truong bo cong an",
    "khủng bố",
    "hoà bình",
    "Serebryakov",
    "Phommachanh",
)
LIMIT = 50

TARGET_IMPORT_RATIO = 2.5
TARGET_SIZE_RATIO = 2.5
TARGET_SEARCH_RATIO = 1.3
TARGET_DATE_P95_MS = 20.0
SEARCH_TARGET_SIZE = 100_000  # the search targets are for a library of this many articles


# -- helpers ----------------------------------------------------------------------------------


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def corpus_files(folder: Path) -> list[Path]:
    """The files an import of ``folder`` reads, in the importer's order (sorted walk)."""
    suffixes = store_name("ARTICLE_SUFFIXES", "store.kinds", "store.library")
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in suffixes:
                found.append(path)
    return found


def file_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def library_size(db: Path) -> int:
    """The library's bytes on disk after folding the WAL back into the main file."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return sum(file_size(Path(f"{db}{suffix}")) for suffix in ("", "-wal"))


_SHADOW = re.compile(r"_(?:data|idx|content|docsize|config)$")


def table_sizes(db: Path) -> dict[str, int]:
    """Bytes per table (FTS shadow tables added to their index; indexes as they are)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        virtual = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
        }
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    sizes: dict[str, int] = {}
    for name, size in rows:
        base = _SHADOW.sub("", name)
        key = base if base in virtual else name
        sizes[key] = sizes.get(key, 0) + size
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def bantin_command() -> list[str]:
    """The ``bantin`` entry point of the environment running this script."""
    here = Path(sys.executable).parent / ("bantin.exe" if os.name == "nt" else "bantin")
    if here.exists():
        return [str(here)]
    found = shutil.which("bantin")
    if found:
        return [found]
    return [sys.executable, "-m", "tui.cli"]


def source_state(root: Path = ROOT) -> str:
    """The commit measured, and which files under store/ and tui/ differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=root
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "store", "tui"],
            capture_output=True,
            text=True,
            cwd=root,
        ).stdout.split("\n")
    except OSError:
        return "unknown"
    dirty = [line[3:] for line in changed if line.strip()]
    return f"{head or 'unknown'}" + (f" + changes in {', '.join(dirty)}" if dirty else "")


def remove_database(path: Path) -> None:
    """A SQLite file and its companions (write-ahead log, shared memory, journal), if any."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def import_env(work: Path, pycache: str = "pycache", venv: Path | None = None) -> dict[str, str]:
    """The environment of ``bantin import``: a private bytecode cache, which a warm-up import
    fills, so that the timed import starts as a user's second one does. (Some systems set
    ``PYTHONDONTWRITEBYTECODE``: every import would then compile bantin, sqlite-utils and
    click from source, a third of a second that no user pays twice.) With ``venv``, that
    environment's programs come first on the PATH."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / pycache)
    if venv is not None:
        env["VIRTUAL_ENV"] = str(venv)
        env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    return env


@dataclass
class Checkout:
    """A checkout of bantin whose commands the bench runs: its folder (their working
    directory), its ``bantin`` command and interpreter, and its environment (a bytecode cache
    of its own in the work folder)."""

    name: str  # "bantin" (this checkout) or "baseline"
    root: Path
    python: str
    bantin: list[str]
    source: str
    venv: Path | None = None

    def env(self, work: Path) -> dict[str, str]:
        pycache = "pycache" if self.name == "bantin" else f"{self.name}-pycache"
        return import_env(work, pycache, self.venv)


def baseline_checkout(root: Path) -> Checkout:
    """The checkout at ``root``, with the interpreter and ``bantin`` of its ``.venv`` (made by
    ``uv sync`` there when it is missing)."""
    venv = root / ".venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"{root}: no .venv, running uv sync there …", flush=True)
        env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
        subprocess.run(["uv", "sync"], cwd=root, env=env, check=True)
    if not python.exists():
        raise SystemExit(f"{root}: no interpreter at {python}")
    bantin = venv / "bin" / "bantin"
    command = [str(bantin)] if bantin.exists() else [str(python), "-m", "tui.cli"]
    return Checkout("baseline", root, str(python), command, source_state(root), venv)


WARM_UP_FILES = 250  # enough for the worker processes (store.pool.POOL_FROM)


def warm_up(files: list[Path], work: Path, args: argparse.Namespace, checkout: Checkout) -> None:
    """An untimed import of a few of the corpus's files into a scratch library, through the
    same command (and worker processes): it fills the checkout's bytecode cache."""
    folder = work / f"warm-up-{checkout.name}"
    folder.mkdir()
    for index, path in enumerate(files[:WARM_UP_FILES]):
        target = folder / f"{index:04d}{path.suffix}"
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
    scratch = work / f"warm-up-{checkout.name}.db"
    command = [*checkout.bantin, "--db", str(scratch), "import", "--quiet"]
    command += [*args.import_arg, str(folder)]
    subprocess.run(
        command, capture_output=True, cwd=checkout.root, env=checkout.env(work), check=True
    )
    shutil.rmtree(folder)
    remove_database(scratch)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stolen_cpu() -> float | None:
    """Seconds of processor time the host gave to others, all processors (Linux), or None.
    On a virtual machine they make a two-process import slower than a one-process floor."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _stolen_since(before: float | None) -> float | None:
    after = stolen_cpu()
    return None if before is None or after is None else after - before


# -- the floor -------------------------------------------------------------------------------


def _raw_rows(files: list[Path]) -> Iterator[dict[str, str]]:
    for path in files:
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        if path.suffix.lower() in (".jsonl", ".json"):
            for line in text.splitlines():
                if line.strip():
                    record = json.loads(line)
                    yield {"title": record.get("title") or "", "body": record.get("body") or ""}
        else:
            title, _, body = text.partition("\n")
            yield {"title": title, "body": body}


def floor_import(files: list[Path], db: Path) -> float:
    """Seconds for a bare insert_all of the raw texts + enable_fts (FTS5), reading included."""
    started = time.perf_counter()
    database = sqlite_utils.Database(db)
    database["docs"].insert_all(_raw_rows(files))
    database["docs"].enable_fts(["title", "body"], fts_version="FTS5")
    database.conn.commit()
    database.close()
    return time.perf_counter() - started


def floor_match(query: str) -> str:
    """The query as simple quoted FTS5 terms: phrases kept, a trailing * as a prefix."""
    parts: list[str] = []
    for phrase, chunk in re.findall(r'"([^"]*)"|(\S+)', query):
        if phrase:
            words = re.findall(r"[^\W_]+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
            continue
        words = re.findall(r"[^\W_]+", chunk)
        parts.extend(f'"{word}"' for word in words)
        if words and chunk.endswith("*"):
            parts[-1] += "*"
    return " ".join(parts)


# -- measurements ----------------------------------------------------------------------------


@dataclass
class QueryFigures:
    """One query's timings (ms). A run stopped at the timeout counts as the timeout."""

    query: str
    floor_match: str
    floor_hits: int | None = None
    bantin_hits: int | None = None
    floor_ms: list[float] = field(default_factory=list)
    relevance_ms: list[float] = field(default_factory=list)
    date_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    date_sql_ms: list[float] = field(default_factory=list)
    rank_all_ms: list[float] = field(default_factory=list)  # relevance, every match ranked
    timeouts: list[str] = field(default_factory=list)  # the measures that hit the timeout

    def median(self, name: str) -> float:
        return percentile(getattr(self, name), 50)


@dataclass
class SizeFigures:
    size: int
    corpus: str
    files: int
    articles_generated: int
    raw_bytes: int
    generate_s: float
    floor_s: float
    floor_rows: int
    floor_bytes: int
    bantin_s: float
    bantin_cpu_s: float
    bantin_summary: str
    bantin_articles: int
    bantin_bytes: int
    bantin_tables: dict[str, int]
    floor_tables: dict[str, int]
    queries: list[QueryFigures]
    timeout_s: float
    bantin_db: str
    floor_runs_s: list[float] = field(default_factory=list)  # every import run (--import-runs)
    bantin_runs_s: list[float] = field(default_factory=list)
    # processor seconds the host gave to others during each run (floor, bantin); None: unknown
    stolen_runs_s: list[tuple[float | None, float | None]] = field(default_factory=list)
    baseline: BaselineFigures | None = None  # --baseline: the other checkout's figures

    def p(self, name: str, pct: float) -> float:
        """Percentile over the queries of each query's median time (every query counts once)."""
        medians = [q.median(name) for q in self.queries if getattr(q, name)]
        return percentile(medians, pct)

    def timed_out(self, name: str) -> int:
        return sum(1 for q in self.queries if name in q.timeouts)


@dataclass
class BaselineFigures:
    """The baseline checkout's import of the same corpus, and its searches of the library it
    wrote (the floor's searches beside them, in the same process)."""

    root: str
    source: str
    bantin_s: float
    bantin_cpu_s: float
    bantin_summary: str
    bantin_runs_s: list[float]
    stolen_runs_s: list[float | None]
    bantin_articles: int
    bantin_bytes: int
    bantin_tables: dict[str, int]
    queries: list[QueryFigures]
    bantin_db: str

    def p(self, name: str, pct: float) -> float:
        medians = [q.median(name) for q in self.queries if getattr(q, name)]
        return percentile(medians, pct)


class Timeout(Exception):
    pass


class Timer:
    """Runs a call with a deadline: past it, the SQLite connection is interrupted."""

    def __init__(self, connections: list[sqlite3.Connection], timeout_s: float) -> None:
        self.connections = connections
        self.timeout_s = timeout_s

    def _interrupt(self) -> None:
        for conn in self.connections:
            conn.interrupt()

    def once(self, func: Callable[[], Any]) -> tuple[Any, float]:
        alarm = threading.Timer(self.timeout_s, self._interrupt)
        alarm.start()
        started = time.perf_counter()
        try:
            result = func()
        except Exception as exc:
            if "interrupt" in str(exc).lower():
                raise Timeout from None
            raise
        finally:
            alarm.cancel()
        return result, (time.perf_counter() - started) * 1000

    def runs(self, func: Callable[[], Any], repeat: int) -> list[float]:
        """A warm-up run, then ``repeat`` timed runs (one only when the query is slow)."""
        _result, warm_ms = self.once(func)  # pages into the cache, statements prepared
        runs = repeat if warm_ms < SLOW_MS else 1
        return [self.once(func)[1] for _ in range(runs)]


SLOW_MS = 1000.0  # a query slower than this is timed once, not ``repeat`` times


def _sql_only(library: Any) -> Callable[[str, str], Any] | None:
    """Bantin's FTS query alone (no rows, no highlighting), if the store still has ``_match``
    (``Matcher._match``; ``Library._match`` before)."""
    try:
        from store.search import build_match, parse_query
    except ImportError:
        return None
    searcher = getattr(library, "matcher", library)  # the store's searches: a Matcher now
    match = getattr(searcher, "_match", None)
    if match is None:
        return None
    cut = getattr(sys.modules[type(searcher).__module__], "RANK_CUT", None)
    # a store that looks prefixes up as words passes both matches, as search() does
    words = getattr(searcher, "index_words", None) or getattr(searcher, "_index_words", None)

    def run(query: str, sort: str) -> Any:
        parsed = parse_query(query)
        matches: tuple[Any, ...] = (build_match(parsed),)
        if words is not None:
            matches += (build_match(parsed, words()) if parsed.has_prefix else matches[0],)
        if cut is not None and sort == "relevance":  # as search() ranks
            return match(*matches, LIMIT, sort, 0, cut)
        return match(*matches, LIMIT, sort, 0)

    try:
        run("hội nghị", "relevance")
    except Exception:
        return None
    return run


def _connections(library: Any) -> list[sqlite3.Connection]:
    """The library's SQLite connection, for the timeout to interrupt: ``library.db.conn`` (a
    sqlite-utils Database), else any connection among its attributes (a store may rename
    them); none found, a slow query runs to its end."""
    db = getattr(library, "db", None)
    conn = getattr(db, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        return [conn]
    found = []
    for value in vars(library).values():
        value = getattr(value, "conn", value)
        if isinstance(value, sqlite3.Connection):
            found.append(value)
    return found


def measure_search(
    bantin_db: Path, floor_db: Path, repeat: int, timeout_s: float
) -> list[QueryFigures]:
    library = store_name("Library", "store.library").open(bantin_db, create=False)
    floor = sqlite3.connect(floor_db)
    floor_sql = "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY bm25(docs_fts) LIMIT ?"
    floor_count = "SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?"
    timer = Timer([*_connections(library), floor], timeout_s)
    sql_only = _sql_only(library)
    # a store that ranks only the newest matches of a huge search can be told to rank them all
    rank_all = "rank_all" in inspect.signature(library.search).parameters
    figures = []
    try:
        for query in QUERIES:
            expression = floor_match(query)
            figure = QueryFigures(query, expression)
            measures: list[tuple[str, Callable[[], Any]]] = [
                ("floor_hits", lambda e=expression: floor.execute(floor_count, [e]).fetchone()[0]),
                ("bantin_hits", lambda q=query: library.count_matches(q)),
                ("floor_ms", lambda e=expression: floor.execute(floor_sql, [e, LIMIT]).fetchall()),
                ("relevance_ms", lambda q=query: library.search(q, limit=LIMIT, sort="relevance")),
                ("date_ms", lambda q=query: library.search(q, limit=LIMIT, sort="date")),
            ]
            if sql_only is not None:
                measures.append(("sql_ms", lambda q=query: sql_only(q, "relevance")))
                measures.append(("date_sql_ms", lambda q=query: sql_only(q, "date")))
            if rank_all:
                measures.append(
                    (
                        "rank_all_ms",
                        lambda q=query: library.search(q, limit=LIMIT, rank_all=True),
                    )
                )
            for name, func in measures:
                if name == "sql_ms" and "relevance_ms" in figure.timeouts:
                    figure.timeouts.append(name)  # the same SQL: no need to wait again
                    figure.sql_ms = [timeout_s * 1000]
                    continue
                if name == "date_sql_ms" and "date_ms" in figure.timeouts:
                    figure.timeouts.append(name)
                    figure.date_sql_ms = [timeout_s * 1000]
                    continue
                try:
                    if name.endswith("_hits"):
                        setattr(figure, name, timer.once(func)[0])
                    else:
                        setattr(figure, name, timer.runs(func, repeat))
                except Timeout:
                    figure.timeouts.append(name)
                    if name.endswith("_ms"):
                        setattr(figure, name, [timeout_s * 1000])
            if figure.timeouts:
                print(
                    f"    {query!r}: stopped at {timeout_s:g} s: {', '.join(figure.timeouts)}",
                    file=sys.stderr,
                )
            figures.append(figure)
    finally:
        library.close()
        floor.close()
    return figures


_SUMMARY = re.compile(r"(\d+) imported, (\d+) updated, (\d+) duplicates")


@dataclass
class ImportRuns:
    """One checkout's timed imports of a corpus: seconds, CPU seconds and stolen seconds of
    each run, and the last run's summary line."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    stolen: list[float | None] = field(default_factory=list)
    summary: str = ""


def bantin_import(
    checkout: Checkout, db: Path, corpus: Path, work: Path, args: argparse.Namespace, label: str
) -> tuple[float, float, float | None, str]:
    """One timed ``bantin import`` of ``corpus`` into ``db`` by ``checkout``: seconds, CPU
    seconds of the processes waited for, seconds stolen by the host, the summary line."""
    command = [*checkout.bantin, "--db", str(db), "import", "--quiet"]
    command += [*args.import_arg, str(corpus)]
    cpu_before = children_cpu()
    stolen = stolen_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=checkout.root, env=checkout.env(work)
    )
    seconds = time.perf_counter() - started
    stolen_s = _stolen_since(stolen)
    cpu = children_cpu() - cpu_before
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"{checkout.name} import failed with exit code {done.returncode}")
    rejected = [line for line in done.stderr.splitlines() if line.startswith("rejected")]
    if rejected:
        print(f"[{label}] {len(rejected)} files rejected, first: {rejected[0]}", file=sys.stderr)
    found = _SUMMARY.search(summary)
    if found and int(found.group(3)):
        print(f"[{label}] warning: the import saw duplicates: {summary}", file=sys.stderr)
    return seconds, cpu, stolen_s, summary


def search_child(
    checkout: Checkout, bantin_db: Path, floor_db: Path, work: Path, args: argparse.Namespace
) -> list[QueryFigures]:
    """``measure_search`` in a child process running the checkout's interpreter with its
    code first on the path: each library is searched by the code that wrote it."""
    command = [checkout.python, __file__, "--search-child", str(bantin_db), str(floor_db)]
    command += ["--checkout", str(checkout.root), "--repeat", str(args.repeat)]
    command += ["--timeout", str(args.timeout)]
    done = subprocess.run(
        command, stdout=subprocess.PIPE, text=True, cwd=checkout.root, env=checkout.env(work)
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"the {checkout.name} search child failed (exit {done.returncode})")
    return [QueryFigures(**figure) for figure in json.loads(lines[-1])]


def measure_size(
    size: int | None, corpus: Path | None, work: Path, args: argparse.Namespace
) -> SizeFigures:
    generated, generate_s = 0, 0.0
    if corpus is None:
        assert size is not None
        corpus = work / f"corpus-{size}"
        print(f"[{size:,}] generating the corpus in {corpus} …", flush=True)
        info = make_corpus.generate(size, corpus, per_file=args.per_file, seed=args.seed)
        generated, generate_s = info.articles, info.seconds
    files = corpus_files(corpus)
    raw_bytes = sum(f.stat().st_size for f in files)
    label = f"{size:,}" if size else corpus.name
    tag = f"{size}" if size else "corpus"

    checkouts: list[Checkout] = args.checkouts
    floor_db = work / f"floor-{tag}.db"
    dbs = {checkout.name: work / f"{checkout.name}-{tag}.db" for checkout in checkouts}
    floor_runs: list[float] = []
    floor_stolen: list[float | None] = []
    runs = {checkout.name: ImportRuns() for checkout in checkouts}
    for checkout in checkouts:
        warm_up(files, work, args, checkout)
    for run in range(args.import_runs):
        # each run on fresh files, the floor then each checkout: a busy spell of the machine
        # falls on all; the checkouts take turns going first
        remove_database(floor_db)
        for db in dbs.values():
            remove_database(db)
        which = f" (run {run + 1} of {args.import_runs})" if args.import_runs > 1 else ""
        print(f"[{label}] floor import of {len(files):,} files{which} …", flush=True)
        stolen = stolen_cpu()
        floor_runs.append(floor_import(files, floor_db))
        floor_stolen.append(_stolen_since(stolen))
        for checkout in checkouts[::-1] if run % 2 else checkouts:
            print(f"[{label}] {checkout.name} import{which} …", flush=True)
            seconds, cpu, stolen_s, summary = bantin_import(
                checkout, dbs[checkout.name], corpus, work, args, label
            )
            mine = runs[checkout.name]
            mine.seconds.append(seconds)
            mine.cpu.append(cpu)
            mine.stolen.append(stolen_s)
            mine.summary = summary
    conn = sqlite3.connect(floor_db)
    floor_rows = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    conn.close()

    def articles(db: Path) -> int:
        conn = sqlite3.connect(db)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()

    queries: dict[str, list[QueryFigures]] = {}
    for checkout in checkouts:
        print(
            f"[{label}] search, {checkout.name}, {len(QUERIES)} queries x {args.repeat} runs …",
            flush=True,
        )
        queries[checkout.name] = search_child(checkout, dbs[checkout.name], floor_db, work, args)

    this, bantin_db = runs["bantin"], dbs["bantin"]
    bantin_bytes = library_size(bantin_db)
    bantin_articles = articles(bantin_db)
    figures = SizeFigures(
        size=size or bantin_articles,
        corpus=str(corpus),
        files=len(files),
        articles_generated=generated,
        raw_bytes=raw_bytes,
        generate_s=generate_s,
        floor_s=percentile(floor_runs, 50),
        floor_rows=floor_rows,
        floor_bytes=file_size(floor_db),
        bantin_s=percentile(this.seconds, 50),
        bantin_cpu_s=percentile(this.cpu, 50),
        bantin_summary=this.summary,
        floor_runs_s=floor_runs,
        bantin_runs_s=this.seconds,
        stolen_runs_s=list(zip(floor_stolen, this.stolen, strict=True)),
        bantin_articles=bantin_articles,
        bantin_bytes=bantin_bytes,
        bantin_tables=table_sizes(bantin_db),
        floor_tables=table_sizes(floor_db),
        queries=queries["bantin"],
        timeout_s=args.timeout,
        bantin_db=str(bantin_db),
    )
    if "baseline" in runs:
        old, old_db = runs["baseline"], dbs["baseline"]
        figures.baseline = BaselineFigures(
            root=str(checkouts[0].root),
            source=checkouts[0].source,
            bantin_s=percentile(old.seconds, 50),
            bantin_cpu_s=percentile(old.cpu, 50),
            bantin_summary=old.summary,
            bantin_runs_s=old.seconds,
            stolen_runs_s=old.stolen,
            bantin_articles=articles(old_db),
            bantin_bytes=library_size(old_db),
            bantin_tables=table_sizes(old_db),
            queries=queries["baseline"],
            bantin_db=str(old_db),
        )
    return figures


# -- profiling --------------------------------------------------------------------------------


def _top(stats_file: Path, sort: str, count: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(count)
    return out.getvalue()


def profile(figures: SizeFigures, work: Path, out: Path, import_args: list[str]) -> None:
    """cProfile an import into a fresh library and the relevance queries; print the tops."""
    out.mkdir(parents=True, exist_ok=True)
    size = figures.size
    bantin_db, corpus = Path(figures.bantin_db), Path(figures.corpus)
    import_stats = out / f"import-{size}.prof"
    fresh = work / f"profiled-{size}.db"
    print(f"[{size:,}] profiling an import (slower than the timed one) …", flush=True)
    command = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(import_stats),
        "-m",
        "tui.cli",
        "--db",
        str(fresh),
        "import",
        "--quiet",
        *import_args,
        str(corpus),
    ]
    subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, check=True, env=import_env(work)
    )
    remove_database(fresh)
    search_stats = out / f"search-{size}.prof"
    library = store_name("Library", "store.library").open(bantin_db, create=False)
    try:
        for query in QUERIES:
            library.search(query, limit=LIMIT)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            for query in QUERIES:
                library.search(query, limit=LIMIT)
        profiler.disable()
        profiler.dump_stats(str(search_stats))
    finally:
        library.close()
    for name, stats_file in (("import", import_stats), ("search (relevance)", search_stats)):
        print(f"\n== profile: {name}, {size:,} articles ({stats_file}) ==")
        print(_top(stats_file, "cumulative"))
        print(_top(stats_file, "tottime", 15))


# -- the report ------------------------------------------------------------------------------


def _status(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _ms(value: float, timed_out: bool = False) -> str:
    if value != value:  # nan: not measured
        return "-"
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return f">{text}" if timed_out else text


def _hits(value: int | None) -> str:
    return "?" if value is None else str(value)


def _ratio(new: float, old: float) -> str:
    return f"{new / old:.2f}x" if old and new == new and old == old else "-"


def print_queries_side_by_side(fig: SizeFigures) -> None:
    """Each query's median ms, the baseline's beside this checkout's (each searching the
    library it wrote); the floor as measured beside this checkout."""
    old = fig.baseline
    assert old is not None
    print(
        f"\n== search at {fig.size:,} articles, limit {LIMIT}: median ms of each query,"
        f" baseline | this checkout (> : stopped at the {fig.timeout_s:g} s timeout)"
    )
    print(
        f"{'':24} {'hits':>7} {'hits':>7} {'hits':>7}  {'floor':>6}  {'relevance':>23}"
        f"  {'newest first':>23}"
    )
    print(
        f"{'query':24} {'floor':>7} {'base':>7} {'this':>7}  {'bm25':>6}  {'base':>7} {'this':>7}"
        f" {'ratio':>7}  {'base':>7} {'this':>7} {'ratio':>7}"
    )
    differ = []
    for q, b in zip(fig.queries, old.queries, strict=True):
        if q.bantin_hits != b.bantin_hits:
            differ.append(f"{q.query!r} ({_hits(b.bantin_hits)} -> {_hits(q.bantin_hits)})")
        cells = []
        for name in ("relevance_ms", "date_ms"):
            new_ms, old_ms = q.median(name), b.median(name)
            cells += [
                f"{_ms(old_ms, name in b.timeouts):>7}",
                f"{_ms(new_ms, name in q.timeouts):>7}",
                f"{_ratio(new_ms, old_ms):>7}",
            ]
        print(
            f"{q.query:24} {_hits(q.floor_hits):>7} {_hits(b.bantin_hits):>7}"
            f" {_hits(q.bantin_hits):>7}"
            f"  {_ms(q.median('floor_ms'), 'floor_ms' in q.timeouts):>6}"
            f"  {' '.join(cells[:3])}  {' '.join(cells[3:])}"
        )
    if differ:
        print(f"hits differ between the checkouts: {', '.join(differ)}")


def comparison_rows(fig: SizeFigures) -> list[tuple[str, str, str, str, str]]:
    """(label, floor, baseline, this checkout, this / baseline) rows for one size."""
    old = fig.baseline
    assert old is not None
    mb = 1e6

    def runs(values: list[float]) -> str:
        return " / ".join(f"{value:.1f}" for value in values)

    def pair(source: SizeFigures | BaselineFigures, name: str) -> str:
        return f"{_ms(source.p(name, 50))} / {_ms(source.p(name, 95))}"

    rows = [
        (
            "import s (median)",
            f"{fig.floor_s:.1f}",
            f"{old.bantin_s:.1f}",
            f"{fig.bantin_s:.1f}",
            _ratio(fig.bantin_s, old.bantin_s),
        ),
    ]
    if len(fig.bantin_runs_s) > 1:
        rows.append(
            (
                "  each run s",
                runs(fig.floor_runs_s),
                runs(old.bantin_runs_s),
                runs(fig.bantin_runs_s),
                "",
            )
        )
    stolen = (
        [floor for floor, _ in fig.stolen_runs_s],
        old.stolen_runs_s,
        [bantin for _, bantin in fig.stolen_runs_s],
    )
    if all(None not in values for values in stolen):
        floor_s, old_s, new_s = (" / ".join(f"{v:.1f}" for v in values) for values in stolen)
        rows.append(("  processor s stolen by the host", floor_s, old_s, new_s, ""))
    rows += [
        (
            "import cpu s (median)",
            "",
            f"{old.bantin_cpu_s:.1f}",
            f"{fig.bantin_cpu_s:.1f}",
            _ratio(fig.bantin_cpu_s, old.bantin_cpu_s),
        ),
        (
            "articles imported",
            f"{fig.floor_rows:,}",
            f"{old.bantin_articles:,}",
            f"{fig.bantin_articles:,}",
            "",
        ),
        (
            "library MB (after checkpoint)",
            f"{fig.floor_bytes / mb:.1f}",
            f"{old.bantin_bytes / mb:.1f}",
            f"{fig.bantin_bytes / mb:.1f}",
            _ratio(fig.bantin_bytes, old.bantin_bytes),
        ),
    ]
    for label, name in (("relevance", "relevance_ms"), ("newest first", "date_ms")):
        for pct in (50, 95):
            floor_ms = fig.p("floor_ms", pct) if name == "relevance_ms" else float("nan")
            rows.append(
                (
                    f"search {label} p{pct} ms",
                    _ms(floor_ms),
                    _ms(old.p(name, pct)),
                    _ms(fig.p(name, pct)),
                    _ratio(fig.p(name, pct), old.p(name, pct)),
                )
            )
    rows.append(
        (
            "  floor bm25 p50 / p95, beside each",
            "",
            pair(old, "floor_ms"),
            pair(fig, "floor_ms"),
            _ratio(fig.p("floor_ms", 95), old.p("floor_ms", 95)),
        )
    )
    for label, name in (
        ("  diag: FTS alone relevance p50 / p95", "sql_ms"),
        ("  diag: FTS alone newest p50 / p95", "date_sql_ms"),
        ("  diag: every match ranked p50 / p95", "rank_all_ms"),
    ):
        if any(getattr(q, name) for q in fig.queries + old.queries):
            rows.append(
                (
                    label,
                    "",
                    pair(old, name),
                    pair(fig, name),
                    _ratio(fig.p(name, 95), old.p(name, 95)),
                )
            )
    return rows


def print_comparison(fig: SizeFigures) -> None:
    old = fig.baseline
    assert old is not None
    rows = comparison_rows(fig)
    heads = ("floor", f"baseline {old.source.split()[0]}", "this checkout", "this/baseline")
    width = max(len(row[0]) for row in rows)
    columns = [max(len(h), *(len(row[i + 1]) for row in rows)) for i, h in enumerate(heads)]
    print(f"\n== this checkout against the baseline, {fig.size:,} articles ==")
    print(f"{'':{width}}  " + "  ".join(f"{h:>{c}}" for h, c in zip(heads, columns, strict=True)))
    for label, *cells in rows:
        print(
            f"{label:{width}}  "
            + "  ".join(f"{cell:>{c}}" for cell, c in zip(cells, columns, strict=True))
        )
    print("(p50 / p95 over the queries' medians; a p50 / p95 row's ratio is of the p95s)")


def print_queries(fig: SizeFigures) -> None:
    print(
        f"\n== search at {fig.size:,} articles, limit {LIMIT}: median ms of each query"
        f" (> : stopped at the {fig.timeout_s:g} s timeout)"
    )
    print(
        f"{'':24} {'hits':>7} {'hits':>7}  {'floor':>6} {'bantin':>7} {'':>7} {'FTS':>7}"
        f"  {'bantin':>7} {'FTS':>7}  {'rank':>7}"
    )
    print(
        f"{'query':24} {'floor':>7} {'bantin':>7}  {'bm25':>6} {'relev.':>7} {'ratio':>7}"
        f" {'alone':>7}  {'newest':>7} {'alone':>7}  {'all':>7}"
    )
    for q in fig.queries:
        floor_ms, rel_ms = q.median("floor_ms"), q.median("relevance_ms")
        ratio = f"{rel_ms / floor_ms:.1f}x" if floor_ms else "-"
        if "relevance_ms" in q.timeouts or "floor_ms" in q.timeouts:
            ratio = ">" + ratio
        print(
            f"{q.query:24} {_hits(q.floor_hits):>7} {_hits(q.bantin_hits):>7}"
            f"  {_ms(floor_ms, 'floor_ms' in q.timeouts):>6}"
            f" {_ms(rel_ms, 'relevance_ms' in q.timeouts):>7} {ratio:>7}"
            f" {_ms(q.median('sql_ms'), 'sql_ms' in q.timeouts):>7}"
            f"  {_ms(q.median('date_ms'), 'date_ms' in q.timeouts):>7}"
            f" {_ms(q.median('date_sql_ms'), 'date_sql_ms' in q.timeouts):>7}"
            f"  {_ms(q.median('rank_all_ms'), 'rank_all_ms' in q.timeouts):>7}"
        )


def summary_rows(fig: SizeFigures) -> list[tuple[str, str, str]]:
    """(label, value, target) rows for one size."""
    mb = 1e6
    import_ratio = fig.bantin_s / fig.floor_s
    size_ratio = fig.bantin_bytes / fig.raw_bytes
    floor_p50, floor_p95 = fig.p("floor_ms", 50), fig.p("floor_ms", 95)
    rel_p50, rel_p95 = fig.p("relevance_ms", 50), fig.p("relevance_ms", 95)
    date_p50, date_p95 = fig.p("date_ms", 50), fig.p("date_ms", 95)

    def search_status(ok: bool) -> str:
        """The search targets are set at 100,000 articles; a smaller library's figures are
        printed against them for information."""
        return _status(ok) if fig.size >= SEARCH_TARGET_SIZE else f"({_status(ok).lower()})"

    def stopped(name: str) -> str:
        count = fig.timed_out(name)
        return f" ({count} stopped)" if count else ""

    rows = [
        (
            "articles imported (bantin / floor rows)",
            f"{fig.bantin_articles:,} / {fig.floor_rows:,}",
            "",
        ),
        ("corpus: files, raw text MB", f"{fig.files:,} files, {fig.raw_bytes / mb:.1f} MB", ""),
        (
            "import floor: s, articles/s",
            f"{fig.floor_s:.1f} s, {fig.floor_rows / fig.floor_s:,.0f}/s",
            "",
        ),
        (
            "import bantin: s, articles/s (cpu s)",
            f"{fig.bantin_s:.1f} s, {fig.bantin_articles / fig.bantin_s:,.0f}/s"
            f" ({fig.bantin_cpu_s:.0f})",
            "",
        ),
        *(
            [
                (
                    f"  medians of {len(fig.bantin_runs_s)} runs; floor s",
                    " / ".join(f"{t:.1f}" for t in fig.floor_runs_s),
                    "",
                ),
                ("  bantin s", " / ".join(f"{t:.1f}" for t in fig.bantin_runs_s), ""),
            ]
            if len(fig.bantin_runs_s) > 1
            else []
        ),
        *(
            [
                (
                    "  processor s stolen by the host, floor | bantin",
                    " / ".join(f"{f:.1f}" for f, _ in fig.stolen_runs_s)
                    + " | "
                    + " / ".join(f"{b:.1f}" for _, b in fig.stolen_runs_s),
                    "",
                )
            ]
            if fig.stolen_runs_s and all(None not in run for run in fig.stolen_runs_s)
            else []
        ),
        (
            "import time bantin / floor",
            f"{import_ratio:.2f}x {_status(import_ratio <= TARGET_IMPORT_RATIO)}",
            f"<= {TARGET_IMPORT_RATIO:g}x",
        ),
        ("library MB (after checkpoint)", f"{fig.bantin_bytes / mb:.1f} MB", ""),
        (
            "library / raw text",
            f"{size_ratio:.2f}x {_status(size_ratio <= TARGET_SIZE_RATIO)}",
            f"<= {TARGET_SIZE_RATIO:g}x",
        ),
        (
            "floor DB MB, / raw text",
            f"{fig.floor_bytes / mb:.1f} MB, {fig.floor_bytes / fig.raw_bytes:.2f}x",
            "",
        ),
        (
            "search floor bm25 p50 / p95 ms",
            f"{_ms(floor_p50)} / {_ms(floor_p95)}{stopped('floor_ms')}",
            "",
        ),
        (
            "search bantin relevance p50 / p95 ms",
            f"{_ms(rel_p50)} / {_ms(rel_p95)}{stopped('relevance_ms')}",
            "",
        ),
        (
            "relevance p95 / floor p95",
            f"{rel_p95 / floor_p95:.2f}x"
            f" {search_status(rel_p95 <= TARGET_SEARCH_RATIO * floor_p95)}"
            f" (p50 {rel_p50 / floor_p50:.2f}x)",
            f"<= {TARGET_SEARCH_RATIO:g}x",
        ),
        (
            "search bantin newest first p50 / p95 ms",
            f"{_ms(date_p50)} / {_ms(date_p95)}{stopped('date_ms')}"
            f" {search_status(date_p95 < TARGET_DATE_P95_MS)}",
            f"p95 < {TARGET_DATE_P95_MS:g} ms",
        ),
    ]
    if any(q.sql_ms for q in fig.queries):
        rows.append(
            (
                "  diag: bantin FTS alone relevance p50/p95",
                f"{_ms(fig.p('sql_ms', 50))} / {_ms(fig.p('sql_ms', 95))}",
                "",
            )
        )
        rows.append(
            (
                "  diag: bantin FTS alone newest p50/p95",
                f"{_ms(fig.p('date_sql_ms', 50))} / {_ms(fig.p('date_sql_ms', 95))}",
                "",
            )
        )
    if any(q.rank_all_ms for q in fig.queries):
        rows.append(
            (
                "  diag: relevance, every match ranked p50/p95",
                f"{_ms(fig.p('rank_all_ms', 50))} / {_ms(fig.p('rank_all_ms', 95))}",
                "",
            )
        )
    return rows


def print_summary(all_figures: list[SizeFigures]) -> None:
    per_size = [summary_rows(fig) for fig in all_figures]
    labels = [label for label, _value, _target in per_size[0]]
    targets = [target for _label, _value, target in per_size[0]]
    width = max(len(label) for label in labels)
    columns = [max(len(value) for _l, value, _t in rows) for rows in per_size]
    heads = [f"{fig.size:,} articles" for fig in all_figures]
    columns = [max(c, len(h)) for c, h in zip(columns, heads, strict=True)]
    print("\n== summary ==")
    line = f"{'':{width}}  " + "  ".join(f"{h:>{c}}" for h, c in zip(heads, columns, strict=True))
    print(line + "  target")
    for index, label in enumerate(labels):
        values = "  ".join(
            f"{rows[index][1]:>{c}}" for rows, c in zip(per_size, columns, strict=True)
        )
        print(f"{label:{width}}  {values}  {targets[index]}")


def print_tables(fig: SizeFigures) -> None:
    print(f"\n== where the bytes are at {fig.size:,} articles (MB) ==")
    named = [("bantin", fig.bantin_tables), ("floor", fig.floor_tables)]
    if fig.baseline is not None:
        named = [("this", fig.bantin_tables), ("base", fig.baseline.bantin_tables), named[1]]
    for name, tables in named:
        parts = ", ".join(f"{table} {size / 1e6:.1f}" for table, size in list(tables.items())[:8])
        print(f"{name:7} {parts}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="bantin library benchmark: import, size and search against a bare floor."
    )
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--corpus", type=Path, help="measure this existing corpus instead")
    parser.add_argument("--per-file", type=int, default=1, help="articles a generated file")
    parser.add_argument("--seed", type=int, default=1, help="corpus random seed")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument(
        "--import-runs",
        type=int,
        default=1,
        help="imports of each size, floor and bantin in turn; their medians are compared",
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds before a query is stopped"
    )
    parser.add_argument(
        "--import-arg",
        action="append",
        default=[],
        help="an extra option for bantin import (repeatable), e.g. --import-arg=--no-entities",
    )
    parser.add_argument("--workdir", type=Path, help="where corpora and databases go")
    parser.add_argument("--keep", action="store_true", help="keep corpora and databases")
    parser.add_argument("--profile", type=Path, help="also cProfile import and search here")
    parser.add_argument("--json", type=Path, help="write every figure as JSON to this file")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="another checkout of bantin (its .venv is made by uv sync if missing): it imports "
        "the same corpus, in turn with this one, and searches its library; printed side by side",
    )
    # internal: the search child, run with a checkout's interpreter and code
    parser.add_argument("--search-child", nargs=2, metavar=("LIBRARY", "FLOOR"), help=SUPPRESS)
    parser.add_argument("--checkout", type=Path, default=ROOT, help=SUPPRESS)
    args = parser.parse_args(argv)

    if args.search_child:
        sys.path.insert(0, str(args.checkout))  # its store, not this checkout's
        bantin_db, floor_db = (Path(name) for name in args.search_child)
        queries = measure_search(bantin_db, floor_db, args.repeat, args.timeout)
        print(json.dumps([asdict(query) for query in queries], ensure_ascii=False))
        return 0
    args.checkouts = [Checkout("bantin", ROOT, sys.executable, bantin_command(), source_state())]
    if args.baseline is not None:
        root = args.baseline.resolve()
        if not (root / "tui").is_dir() or not (root / "store").is_dir():
            parser.error(f"--baseline {args.baseline}: not a checkout of bantin")
        if root == ROOT:
            parser.error("--baseline names this checkout")
        args.checkouts.insert(0, baseline_checkout(root))

    sizes: list[int | None]
    if args.corpus:
        if not args.corpus.is_dir():
            parser.error(f"{args.corpus} is not a folder")
        sizes = [None]
    else:
        try:
            sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        except ValueError:
            parser.error("--sizes wants numbers, e.g. 10000,100000")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="bantin-bench-", dir=args.workdir))
    else:
        work = Path(tempfile.mkdtemp(prefix="bantin-bench-"))
    print(
        f"bantin library benchmark: python {platform.python_version()}, sqlite"
        f" {sqlite3.sqlite_version}, {os.cpu_count()} cpus, work folder {work}"
    )
    state = source_state()
    print(f"source: {state}")
    if args.baseline is not None:
        print(f"baseline: {args.checkouts[0].source} in {args.checkouts[0].root}")
    if args.import_arg:
        print(f"bantin import options: {' '.join(args.import_arg)}")
    all_figures: list[SizeFigures] = []
    try:
        for size in sizes:
            figures = measure_size(size, args.corpus, work, args)
            all_figures.append(figures)
            if figures.baseline is not None:
                print_queries_side_by_side(figures)
                print_comparison(figures)
            else:
                print_queries(figures)
            print_tables(figures)
            if args.profile:
                profile(figures, work, args.profile, args.import_arg)
            if not args.keep:
                for path in work.iterdir():
                    if path.name.endswith("pycache"):  # bytecode: kept for the next size
                        continue
                    if path.is_dir():
                        shutil.rmtree(path)
                    else:
                        path.unlink()
        print_summary(all_figures)
    finally:
        if args.keep:
            print(f"\nkept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        payload = {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(),
            "source": state,
            "baseline": args.checkouts[0].source if args.baseline else None,
            "import_args": args.import_arg,
            "queries": list(QUERIES),
            "sizes": [asdict(fig) for fig in all_figures],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
