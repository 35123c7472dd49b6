"""Finding the files an import reads, and reading them safely.

``collect_files`` walks folders for article files (``kinds.ARTICLE_SUFFIXES``), each folder
once however links lead; ``read_file`` and ``open_file`` read only a regular file under the
size limit, so that an import never waits on a pipe or a device (``NotRead`` says why not).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .kinds import ARTICLE_SUFFIXES, MAX_READ, FileReport

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_address(target: object) -> bool:
    """Whether an import's target is an address (``scheme://...``, given as text) rather than
    a file name: it is fetched (``store.fetch``: http and https only), not looked for."""
    return isinstance(target, str) and _SCHEME.match(target) is not None


def path_text(path: Path | str) -> str:
    """A file name as text that can be stored and printed: bytes of a name that are not UTF-8
    (kept by Python as lone surrogates) written as ``\\xNN``, so two such names stay apart."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def collect_files(
    targets: Iterable[str | Path], passed: Counter[str] | None = None
) -> tuple[list[Path], list[FileReport]]:
    """Files to import: named files as they are, folders walked for article files.

    Links to folders are followed, each folder once: a link back to a folder it is in (a
    loop) or to one read already is not. Returns the files, and a rejected report for each
    target that does not exist, each folder that cannot be read and each link not followed.
    ``passed`` counts the files of the folders that are of no kind an import reads, by their
    suffix (``""`` for none), so that they can be named.
    """
    found: list[Path] = []
    reports: list[FileReport] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            _walk(path, found, reports, passed)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            reports.append(
                FileReport(path=path_text(path), status="rejected", reason="no such file")
            )
    return found, reports


def passed_note(passed: Counter[str]) -> str:
    """What ``collect_files`` passed by in the folders, said in a line: ``"not read: 3 files
    of other kinds in the folders (.pdf 2, .docx 1)"``."""
    total = sum(passed.values())
    kinds = ", ".join(f"{suffix or 'no suffix'} {n}" for suffix, n in passed.most_common(8))
    more = ", …" if len(passed) > 8 else ""
    files = "file" if total == 1 else "files"
    return f"not read: {total} {files} of other kinds in the folders ({kinds}{more})"


def _walk(
    top: Path, found: list[Path], reports: list[FileReport], passed: Counter[str] | None
) -> None:
    """Article files under ``top`` in name order, a folder's files before its subfolders."""

    def rejected(path: Path, reason: str) -> None:
        reports.append(FileReport(path=path_text(path), status="rejected", reason=reason))

    def identity(path: Path) -> tuple[int, int]:
        info = path.stat()
        return info.st_dev, info.st_ino

    try:
        seen = {identity(top)}
    except OSError as exc:
        rejected(top, os_reason(exc, top))
        return
    # (folder, the identities of the folders it is in, itself included)
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(top, frozenset(seen))]
    while stack:
        folder, above = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(
                    (e for e in scan if not e.name.startswith(".")), key=lambda e: e.name
                )
        except OSError as exc:
            rejected(folder, f"folder not readable: {os_reason(exc, folder)}")
            continue
        folders: list[tuple[Path, frozenset[tuple[int, int]]]] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link loop, or a link the walk may not follow: read as a file
                is_dir = False
            if not is_dir:
                suffix = path.suffix.lower()
                if suffix in ARTICLE_SUFFIXES:
                    found.append(path)
                elif passed is not None:
                    passed[suffix] += 1
                continue
            try:
                key = identity(path)
            except OSError as exc:
                rejected(path, f"folder not readable: {os_reason(exc, path)}")
                continue
            if key in above:
                rejected(path, "a link back to a folder it is in (a loop): not followed")
            elif key in seen:
                rejected(path, "a link to a folder read already: not followed")
            else:
                seen.add(key)
                folders.append((path, above | {key}))
        stack.extend(reversed(folders))


class NotRead(Exception):
    """A file that is not read: not a regular file, or over the size limit (the message
    says which)."""


def megabytes(size: int) -> str:
    """A size in megabytes, for a person: ``1.5``, ``64``."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (``MAX_READ``).

    Its kind and size are looked at before anything is read: a named pipe, a device or a
    socket is never read, so never waited on, nor a file over the limit (``NotRead`` says
    why). The file is opened without blocking, in case it is swapped for a pipe between the
    look and the open. ``OSError`` when it cannot be read.
    """
    limit = MAX_READ if limit is None else limit
    with open_file(path, limit) as handle:
        data = handle.read(limit + 1)  # a file may grow while it is read
    if len(data) > limit:
        raise NotRead(f"too large (over {megabytes(limit)} MB, the limit)")
    return data


def open_file(path: Path, limit: int | None = None) -> BinaryIO:
    """A regular file of at most ``limit`` bytes (``MAX_READ``), open for reading; as
    ``read_file`` says, nothing else is opened (``NotRead``)."""
    limit = MAX_READ if limit is None else limit
    _check_file(path.stat(), limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        _check_file(os.fstat(fd), limit)
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb")


def _check_file(info: os.stat_result, limit: int) -> None:
    """``NotRead`` unless a regular file of at most ``limit`` bytes."""
    if not stat.S_ISREG(info.st_mode):
        raise NotRead(_not_regular(info.st_mode))
    if info.st_size > limit:
        size, most = megabytes(info.st_size), megabytes(limit)
        raise NotRead(f"too large ({size} MB; the limit is {most} MB)")


def _not_regular(mode: int) -> str:
    """What a file that is not a regular file is, for a person."""
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISDIR, "a folder"),
    )
    name = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file: {name}, not read"


def os_reason(exc: OSError, path: Path) -> str:
    """Why a file could not be read, in one line for a person."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (links pointing at each other)"
    if exc.errno == errno.ENOENT:
        broken = path.is_symlink()
        return "a broken link: what it points to does not exist" if broken else "no such file"
    return (exc.strerror or str(exc)).lower()
