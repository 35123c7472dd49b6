"""Files read and parsed in worker processes while the importing process writes the library.

An import of many files reads, parses and prepares them (``loading.load``) in a pool of
processes, a few chunks of files ahead of the database, and takes them back in the files'
order: the library, the report and the messages are those of an import done in one process.
The workers read ahead while the database is busy (a batch's search index is written at its
end), up to ``AHEAD_FILES`` files or ``AHEAD_BYTES`` of them: what is held at once is bounded,
whatever the number of files. A worker ignores Ctrl-C: the importing process stops the import (its
batch's transaction is rolled back) and the pool with it.

A worker ends when the importing process does, however that ends (``kill -9`` too): it holds the
reading end of a pipe whose only writing end is the importing process's, and a thread of its
own waits for that end to close. Without it the workers of a killed import ran on for good,
under init, waiting for work on a queue they themselves hold open; and with them the fork
server and the resource tracker, which end once no worker holds their pipes.

Workers that fail before they give any file back (they cannot be started, or die as they
start) raise ``CannotStart``: the importing process reads the files itself, as for a few
files. A worker that dies later (killed; out of memory) takes the pool's work with it: the
import stops with ``Stopped``, one line, and keeps the batches it committed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
import threading
import warnings
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from . import state as _state
from .kinds import LibraryError
from .loading import Loaded, load

POOL_FROM = 200  # files: an import of fewer reads them in its own process (a pool takes time)
CHUNK_FILES = 16  # files a worker reads at a time ...
CHUNK_BYTES = 1024 * 1024  # ... unless they reach this size
AHEAD_FILES = 2048  # files given to the workers ahead of the one the database waits for ...
AHEAD_BYTES = 48 * 1024 * 1024  # ... as long as they hold no more than this


def workers() -> int:
    """How many processes may read and parse at once: the processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_method() -> str:
    """forkserver where there is one (a worker does not inherit the importing process's
    threads or its database connection), spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _context() -> Any:
    """The processes' context; a fork server loads the store's modules once for all workers."""
    context = multiprocessing.get_context(start_method())
    if start_method() == "forkserver":
        context.set_forkserver_preload(["store.pool"])
    return context


def start_early() -> None:
    """Start now the process that the workers are forked from, which loads the store's modules.
    Called before other work, such as opening the library, it lets a large import's workers
    begin at once. A fork server that cannot start is left to ``Pool`` to say so."""
    if start_method() != "forkserver" or _unrunnable() is not None:
        return
    from multiprocessing import forkserver

    _context()
    with contextlib.suppress(OSError, EOFError):
        forkserver.ensure_running()


def _unrunnable() -> str | None:
    """Why the processes cannot be started here, when it can be told beforehand: the
    interpreter they are started with is not one this user may run (the environment's Python
    under another user's home). Tried anyway, the fork server and the resource tracker die at
    once, without a word, and their pipes break under the importing process."""
    from multiprocessing import spawn

    executable = os.fsdecode(spawn.get_executable() or "")
    if executable and not os.access(executable, os.X_OK):
        return f"this user may not run {executable}"
    return None


class CannotStart(Exception):
    """The workers could not start (before any file came back from them); the message says
    why, in a few words. The files can be read in the importing process instead."""


class Stopped(LibraryError):
    """A worker ended in the middle of an import (killed, out of memory ...): the import
    stops, and what it committed is kept. The message is one line for a person."""


# what is raised when processes cannot be started or reached (an interpreter this user may not
# run, no folder for the fork server's socket, a fork server or resource tracker that died),
# and when a worker died (``BrokenProcessPool``: the work it was given, and the pool's, is lost)
_START_ERRORS = (OSError, EOFError, BrokenProcessPool)


class Pool:
    """``(path, Loaded)`` for each of ``files``, in order, read by ``processes`` workers.
    Use as a context manager: leaving it stops the workers.

    Raises ``CannotStart`` when the workers fail before any file is given back (the caller
    can read the files itself), ``Stopped`` when they fail after."""

    def __init__(
        self,
        files: Sequence[Path],
        library: Path,
        processes: int,
        field_map: Mapping[str, str] | None = None,
    ) -> None:
        self.files = files
        self.field_map = dict(field_map or {})  # handed to each worker with its files
        self.library = library
        self.processes = processes
        self.executor: ProcessPoolExecutor | None = None
        self._alive: tuple[Any, Any] | None = None

    def _open(self) -> ProcessPoolExecutor:
        why = _unrunnable()
        if why is not None:
            raise CannotStart(why)
        context = _context()
        # nothing is ever sent: a worker reads the end of it when this process is gone
        self._alive = context.Pipe(duplex=False)
        self.executor = ProcessPoolExecutor(
            self.processes,
            mp_context=context,
            initializer=_start,
            initargs=(str(self.library), self._alive[0]),
        )
        return self.executor

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)
        finally:
            for end in self._alive or ():
                end.close()

    def _how_a_worker_ended(self) -> str:
        """What ended the worker that broke the pool, as far as its exit status tells."""
        if self.executor is None:
            return "ended"
        # the pool's own record of its processes (forgotten at its shutdown, which waits for
        # them): the others were ended by the pool (SIGTERM)
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=True, cancel_futures=True)
        for process in processes:
            code = process.exitcode
            if code is None or code == -signal.SIGTERM:
                continue
            if code == -signal.SIGKILL:
                return "was killed (SIGKILL: the system may have run out of memory)"
            if code < 0:
                return f"was killed ({signal.Signals(-code).name})"
            return f"ended with status {code}"
        return "ended"

    def _failed(self, exc: BaseException, started: bool) -> Exception:
        """``CannotStart`` or ``Stopped``, for ``exc`` from the pool."""
        if started:
            return Stopped(
                f"a worker process reading the files {self._how_a_worker_ended()}: the import "
                "stopped; what it committed is kept, and importing again reads the rest"
            )
        if isinstance(exc, BrokenProcessPool):
            return CannotStart(f"a worker {self._how_a_worker_ended()} as it started")
        return CannotStart(str(exc) or type(exc).__name__)

    def _chunks(self) -> Iterator[tuple[list[Path], int]]:
        chunk: list[Path] = []
        size = 0
        for path in self.files:
            with contextlib.suppress(OSError):  # the worker says why
                size += os.stat(path).st_size
            chunk.append(path)
            if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES:
                yield chunk, size
                chunk, size = [], 0
        if chunk:
            yield chunk, size

    def __iter__(self) -> Iterator[tuple[Path, Loaded]]:
        chunks = self._chunks()
        pending: deque[tuple[list[Path], int, Future[list[tuple[Any, ...]]]]] = deque()
        files = held = 0  # the files of the pending chunks, and their bytes

        def fill() -> None:
            nonlocal files, held
            while len(pending) < 2 * self.processes or (files < AHEAD_FILES and held < AHEAD_BYTES):
                chunk = next(chunks, None)
                if chunk is None:
                    return
                paths, size = chunk
                pending.append((paths, size, executor.submit(_load_chunk, paths, self.field_map)))
                files, held = files + len(paths), held + size

        try:
            with warnings.catch_warnings():
                # said when a resource tracker that could not start is started again: the
                # failure that follows says it in one line
                warnings.filterwarnings("ignore", "resource_tracker: process died unexpectedly")
                executor = self._open()
                fill()
        except _START_ERRORS as exc:
            raise self._failed(exc, False) from None
        started = False  # a chunk came back from the workers
        while pending:
            paths, size, future = pending.popleft()
            try:
                results = future.result()  # what a worker raised reading them comes out as is
            except BrokenProcessPool as exc:
                raise self._failed(exc, started) from None
            started = True
            files, held = files - len(paths), held - size
            try:
                fill()  # the workers keep reading while this chunk is stored
            except _START_ERRORS as exc:
                raise self._failed(exc, started) from None
            for path, loaded in zip(paths, results, strict=True):
                yield path, Loaded(*loaded)


# -- in a worker -------------------------------------------------------------------------------

_library: sqlite3.Connection | None = None  # the library, read-only: which files it knows


def _start(library: str, alive: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the importing process
    threading.Thread(target=_end_with_importer, args=(alive,), daemon=True).start()
    if hasattr(os, "nice"):
        os.nice(5)  # the importing process writes the library: it waits for no one
    global _library
    try:
        _library = sqlite3.connect(_state.uri(Path(library), "ro"), uri=True)
    except sqlite3.Error:
        _library = None


def _end_with_importer(alive: Any) -> None:
    """Wait for the importing process to end (``alive``'s other end closes), then end."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv_bytes()
    os._exit(1)


def _known_sha(key: str) -> str | None:
    """The digest the library has for the file ``key`` (as last committed): a file known
    already is not parsed. The importing process looks again before it stores a file."""
    if _library is None:
        return None
    try:
        row = _library.execute("SELECT sha256 FROM files WHERE path = ?", [key]).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


# the real paths of the folders read so far (a worker serves one import)
_folders: dict[str, str] = {}


def _load_chunk(paths: list[Path], field_map: dict[str, str]) -> list[tuple[Any, ...]]:
    """The files read (records with ``field_map``): each ``Loaded``'s fields (a tuple is
    quicker to hand over)."""
    loaded = (load(path, _known_sha, _folders, field_map) for path in paths)
    return [(f.report, f.key, f.sha, f.size, f.articles, f.large, f.parsed) for f in loaded]


# -- any work, in order ------------------------------------------------------------------------


class Mapped:
    """``function(item)`` for each of ``items``, in order, computed by ``processes`` workers
    (``function`` a module-level function, its items and results picklable), at most ``ahead``
    items given out before the one waited for. Use as a context manager: leaving it stops the
    workers. The workers end with this process, as ``Pool``'s do.

    Raises ``CannotStart`` when the workers fail before any result is given back (the caller
    can do the work itself), ``Stopped`` when they fail after."""

    def __init__(self, function: Any, items: Iterator[Any], processes: int, ahead: int) -> None:
        self.function, self.items, self.ahead = function, items, max(ahead, processes)
        self.processes = processes
        self.executor: ProcessPoolExecutor | None = None
        self._alive: tuple[Any, Any] | None = None
        self._pool = Pool((), Path(), processes)  # its way of telling how a worker ended

    def __enter__(self) -> Mapped:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.executor = self.executor
        self._pool._alive = self._alive
        self._pool.__exit__(*exc)

    def _failed(self, exc: BaseException, started: bool) -> Exception:
        self._pool.executor = self.executor
        if started:
            return Stopped(
                f"a worker process {self._pool._how_a_worker_ended()}: the import stopped; "
                "what it committed is kept, and `bantin index` does the rest"
            )
        return self._pool._failed(exc, False)

    def __iter__(self) -> Iterator[Any]:
        pending: deque[Future[Any]] = deque()

        def fill() -> None:
            while len(pending) < self.ahead:
                item = next(self.items, None)
                if item is None:
                    return
                pending.append(executor.submit(self.function, item))

        try:
            why = _unrunnable()
            if why is not None:
                raise CannotStart(why)
            context = _context()
            self._alive = context.Pipe(duplex=False)
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "resource_tracker: process died unexpectedly")
                executor = self.executor = ProcessPoolExecutor(
                    self.processes,
                    mp_context=context,
                    initializer=_start_mapped,
                    initargs=(self._alive[0],),
                )
                fill()
        except _START_ERRORS as exc:
            raise self._failed(exc, False) from None
        started = False
        while pending:
            future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool as exc:
                raise self._failed(exc, started) from None
            started = True
            try:
                fill()  # the workers go on while this result is used
            except _START_ERRORS as exc:
                raise self._failed(exc, started) from None
            yield result


def _start_mapped(alive: Any) -> None:
    # not lowered in priority as the readers of files are: here the workers are the slower
    # side (the importing process only stores what they give), and on a machine busy with
    # other work a lower priority only makes the import wait for them
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the importing process
    threading.Thread(target=_end_with_importer, args=(alive,), daemon=True).start()
