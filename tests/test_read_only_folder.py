"""A library shared the way a team shares one on a server: another user's file, in a folder the
reader may not write, closed cleanly (no ``-wal`` beside it). SQLite opens it only as an
immutable snapshot; everything the reader does must work on that, and write nothing there.

The reader is the user running the tests when the folder can be made read-only for them; as
root (who writes everything) the reader is ``nobody``, in a forked process."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import stat
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from store.check import check
from store.library import Library
from store.probe import probe


def as_reader(folder: Path, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``work()`` run by a user who may not write ``folder``."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            if os.access(folder, os.W_OK):
                pytest.skip("this user writes a folder of mode 555")
            return work()
        finally:
            folder.chmod(0o755)
    if not hasattr(os, "fork"):
        pytest.skip("no fork to act as a second user")
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user nobody to act as a second user")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the reader: every module it needs is loaded already
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            out = json.dumps({"ok": work()})
        except BaseException:
            out = json.dumps({"error": traceback.format_exc()})
        os.write(write, out.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        # a lock some thread of this process held as it forked would keep the reader waiting
        if not select.select([pipe], [], [], 60)[0]:
            os.kill(pid, signal.SIGKILL)
        answer = json.loads(pipe.read() or b'{"error": "the reader died or hung"}')
    os.waitpid(pid, 0)
    assert "error" not in answer, answer["error"]
    return dict(answer["ok"])


@pytest.fixture
def shared(seeds: Path) -> Iterator[tuple[Path, Path]]:
    """``(library, reader's state)``: the library in a folder of its owner's, closed."""
    # not under pytest's own temporary folder, which only its owner may enter
    top = Path(tempfile.mkdtemp(prefix="bantin-shared-"))
    try:
        top.chmod(0o755)
        archive = top / "srv"
        archive.mkdir(mode=0o755)
        library = archive / "library.db"
        with Library.open(library, state=top / "owner-state.db") as lib:
            lib.import_paths([seeds])
        library.chmod(0o644)
        assert sorted(p.name for p in archive.iterdir()) == ["library.db"]  # no -wal, no -shm
        home = top / "reader"
        home.mkdir()
        if os.geteuid() == 0:
            shutil.chown(home, "nobody", 0)
            home.chmod(0o700)
        yield library, home / "state.db"
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_a_reader_who_may_not_write_the_folder_reads_searches_and_checks(
    shared: tuple[Path, Path],
) -> None:
    library, state = shared
    before = library.read_bytes()

    def read() -> dict[str, Any]:
        out: dict[str, Any] = {"probe": probe(library)}  # what the reader asks first
        with Library.open(library, state=state) as lib:
            out["read_only"], out["snapshot"] = lib.read_only, lib.snapshot
            out["count"] = lib.count()
            out["search"] = len(lib.search("ma tuy").hits)
            # a prefix is looked up in the index's words (a table of the connection's own)
            out["prefix"] = len(lib.search("hoi ngh*", sort="date").hits)
            out["prefix_count"] = lib.count_matches("hợp t*")
            out["titles"] = len(lib.search_titles("hoi ngh"))
            aid = lib.articles(limit=1)[0].id
            entities = lib.article_entities(aid)  # the entity panel
            first = entities[0].id
            out["names"] = len(lib.name_index().search("a"))  # the name finder
            out["entity_articles"] = len(lib.entity_articles(first))
            out["entity_count"] = lib.entity_article_count(first)
            out["entity_page"] = len(lib.entity_page(first))
            out["appears_with"] = len(lib.appears_with(first))
            out["spans"] = bool(lib.entity_spans(aid, first))
            report = check(lib)
            out["check"] = report.problems if not report.ok else "ok"
            lib.set_bookmark(aid, "đọc lại")
            lib.mark_read(aid)
            out["bookmarked"] = lib.list_count("bookmarked")
        return out

    out = as_reader(library.parent, read)
    assert out["probe"] is None
    assert out["read_only"] and out["snapshot"]
    assert out["count"] == 5 and out["search"] > 0 and out["prefix"] > 1
    assert out["prefix_count"] > 1 and out["titles"] > 0
    assert out["names"] > 0 and out["entity_articles"] == out["entity_count"] > 0
    assert out["entity_page"] > 0 and out["appears_with"] > 0 and out["spans"]
    assert out["check"] == "ok"
    assert out["bookmarked"] == 1
    assert library.read_bytes() == before
    assert sorted(p.name for p in library.parent.iterdir()) == ["library.db"]
    assert stat.S_IMODE(library.parent.stat().st_mode) == 0o755
