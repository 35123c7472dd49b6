"""A library kept by one user (the archive's owner) and read by another who may not write it.

Run as root: the owner is root, the reader is ``nobody`` (``setpriv``). The library sits in a
folder the reader may not write, as an admin's archive under ``/srv`` would. Checked:

- the library was closed cleanly (no ``-wal`` beside it): SQLite opens it for the reader only as
  an immutable snapshot;
- the reader's ``bantin locate`` says the library is read-only for them, and where their state is;
- the reader's ``bantin check`` passes, and ``bantin --db PATH`` in a terminal (tmux) shows the
  list and finds a prefix;
- the reader searches, lists and opens articles (the real app, headless, driven by Pilot),
  bookmarks one with a note and marks others read: all of it lands in the reader's own state;
- the reader's ``bantin import`` into the library says so in one line and changes nothing;
- the owner re-imports a changed file; after ctrl+r the reader's bookmark and read mark follow
  the article to its new id; the owner's own bookmarks are untouched by the reader;
- the library file is byte for byte what the owner left, both while the owner has it open (the
  reader shares its WAL index) and when nobody does (the reader opens a read-only snapshot).

    sudo uv run python tests/stress/shared_library.py

Prints a line a check and ``shared_library: checks=N failures=0``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READER = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]

# what the reader runs in the app (headless), as the other user
READER_SESSION = r"""
import asyncio, json, sys
from pathlib import Path
from tui.app import BantinApp
from tui.screens.main import MainScreen
from tui.screens.note import NoteDialog

db, state, wanted = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

async def until(pilot, condition, timeout=30.0):
    waited = 0.0
    while not condition():
        await pilot.pause(0.05)
        waited += 0.05
        if waited > timeout:
            raise TimeoutError("the app did not answer")

async def main():
    app = BantinApp(db_path=db, language="en", state_path=state)
    out = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        listing = screen.article_list
        await until(pilot, lambda: listing.total > 0)
        out["total"] = listing.total
        if wanted == "mark":
            await pilot.press("s", *"ma tuy")  # the library search, from any pane
            await until(pilot, lambda: listing.source.is_search and listing.total > 0)
            out["search_hits"] = listing.total
            await pilot.press("escape", "escape")
            await until(pilot, lambda: not listing.source.is_search)
            listing.focus()
            target = listing.item(1).row.id
            listing.move_to(1)
            await pilot.press("b")
            await until(pilot, lambda: isinstance(app.screen, NoteDialog))
            await pilot.press(*"doc lai", "enter")
            await until(pilot, lambda: listing.item(1).row.bookmarked)
            await pilot.press("enter")
            await until(pilot, lambda: screen.reader.article_id == target)
            out["opened"] = target
        else:
            await pilot.press("ctrl+r")
            await pilot.pause(1.0)
        out["errors"] = [str(n.message) for n in app._notifications if n.severity == "error"]
        out["bookmarked_rows"] = [
            listing.item(i).row.id for i in range(listing.total) if listing.item(i).row.bookmarked
        ]
    print(json.dumps(out))

asyncio.run(main())
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def in_a_terminal(command: list[str], cwd: Path) -> tuple[bool, str]:
    """The reader's ``bantin --db PATH`` in a pseudo-terminal (a tmux server of our own): the
    list shows, and a search for a prefix finds articles. Returns (passed, the pane)."""
    tmux = ["tmux", "-u", "-f", "/dev/null", "-L", f"bantin-shared-{os.getpid()}"]
    pane = ""

    def until(text: str, timeout: float = 30.0) -> bool:
        nonlocal pane
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pane = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "reader"], capture_output=True, text=True,
                check=False,
            ).stdout  # fmt: skip
            if text in pane:
                return True
            if "Error:" in pane or "Traceback" in pane:
                return False
            time.sleep(0.2)
        return False

    def keys(*names: str, literal: bool = False) -> None:
        flag = ["-l"] if literal else []
        subprocess.run([*tmux, "send-keys", "-t", "reader", *flag, *names], check=False)

    shell = shlex.join(command) + "; echo bantin-exit=$?; sleep 600"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "reader", "-x", "100", "-y", "30", "-c", str(cwd),
         shell], check=True,
    )  # fmt: skip
    try:
        if not until("5 articles"):
            return False, pane
        keys("/")
        time.sleep(1.0)
        keys("hoi ngh*", literal=True)
        if not until("results"):
            return False, pane
        keys("Escape")
        time.sleep(0.5)
        keys("Escape")
        time.sleep(0.5)
        keys("q")
        return until("bantin-exit=0"), pane
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)


def main() -> int:
    if os.geteuid() != 0:
        print("shared_library: skipped (run as root: it acts as a second user with setpriv)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="bantin-shared-"))
    os.chmod(work, 0o755)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(work / "reader-home"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]]),
        "LANG": "C.UTF-8",
    }
    # the reader cannot run an interpreter kept in root's home: use the system one of the
    # same version, with this environment's packages
    python = shutil.which(
        f"python{sys.version_info.major}.{sys.version_info.minor}", path="/usr/bin"
    )
    if python is None:
        print("shared_library: skipped (no system Python of this version for the other user)")
        return 0
    failures = 0
    checks = 0

    def check(name: str, ok: bool, detail: str = "") -> None:
        nonlocal failures, checks
        checks += 1
        failures += not ok
        print(f"{'ok    ' if ok else 'FAILED'} {name}{': ' + detail if detail else ''}")

    def as_owner(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tui.cli", "--db", str(library), "--state",
             str(work / "owner-state.db"), *args],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip

    def as_reader(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*READER, python, *args], cwd=work, env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip

    try:
        archive = work / "srv"
        archive.mkdir(mode=0o755)
        articles = work / "articles"
        shutil.copytree(ROOT / "seeds", articles)
        for path in [articles, *articles.iterdir()]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        library = archive / "library.db"
        assert as_owner("import", "--quiet", str(articles)).returncode == 0
        (work / "reader-home").mkdir()
        shutil.chown(work / "reader-home", "nobody", "nogroup")
        reader_state = work / "reader-home" / "state.db"
        before = digest(library)
        beside = sorted(p.name for p in archive.iterdir())
        check("the owner closed the library cleanly: no -wal, no -shm", beside == ["library.db"],
              " ".join(beside))  # fmt: skip

        located = as_reader("-m", "tui.cli", "--db", str(library), "locate")
        check(
            "locate says the library is read-only for the reader, and where their state is",
            "read-only for you" in located.stdout.splitlines()[0]
            and "reader-home" in located.stdout,
            located.stdout.strip().replace("\n", " | ") + located.stderr.strip(),
        )
        imported = as_reader("-m", "tui.cli", "--db", str(library), "import", str(articles))
        lines = (imported.stdout + imported.stderr).strip().splitlines()
        check(
            "the reader's import says so in one line",
            imported.returncode == 1 and len(lines) == 1 and "read-only" in lines[0],
            " | ".join(lines),
        )
        checked = as_reader("-m", "tui.cli", "--db", str(library), "check")
        check("the reader's check passes", checked.returncode == 0 and "ok:" in checked.stdout,
              (checked.stdout + checked.stderr).strip())  # fmt: skip
        if shutil.which("tmux"):
            command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), "TERM=xterm-256color",
                       *READER, python, "-m", "tui.cli", "--db", str(library), "--state",
                       str(reader_state), "--lang", "en"]  # fmt: skip
            passed, pane = in_a_terminal(command, work)
            check("the reader's bantin --db in a terminal lists and searches a prefix", passed,
                  "" if passed else "\n" + pane.rstrip())  # fmt: skip
        else:
            print("skipped the reader in a terminal: tmux is not installed")
        searched = as_reader("-m", "tui.cli", "--db", str(library), "search", "ma tuy", "--json")
        hits = json.loads(searched.stdout) if searched.returncode == 0 else []
        check("the reader searches", len(hits) > 0, f"{len(hits)} hits {searched.stderr.strip()}")

        session = as_reader("-c", READER_SESSION, str(library), str(reader_state), "mark")
        out = json.loads(session.stdout or "{}") if session.returncode == 0 else {}
        check(
            "the reader's app lists, searches, bookmarks with a note and opens an article",
            out.get("total") == 5 and out.get("search_hits", 0) > 0 and not out.get("errors")
            and len(out.get("bookmarked_rows", [])) == 1,
            json.dumps(out) if out else session.stderr.strip()[-800:],
        )  # fmt: skip
        with closing(sqlite3.connect(reader_state)) as conn:
            saved = conn.execute("SELECT article_id, note FROM bookmarks").fetchall()
            read = [r[0] for r in conn.execute("SELECT article_id FROM reads")]
        check(
            "the bookmark, its note and the read mark are in the reader's state",
            saved == [(out.get("opened"), "doc lai")] and out.get("opened") in read,
            f"{saved} {read}",
        )
        check("the library is unchanged by the reader", digest(library) == before)

        # the owner changes an article and imports again, with the library open (WAL index
        # shared) and then closed (the reader gets a read-only snapshot)
        bookmarked = saved[0][0] if saved else ""
        with closing(sqlite3.connect(library)) as conn:
            source = conn.execute("SELECT source FROM articles WHERE id = ?", [bookmarked])
            name = (source.fetchone() or [""])[0]
        changed = articles / name
        changed.write_text(changed.read_text("utf-8") + "\n\nĐoạn mới thêm vào bài.\n", "utf-8")
        os.chmod(changed, 0o644)
        owner = sqlite3.connect(library)  # the owner keeps a session open
        owner.execute("SELECT count(*) FROM articles").fetchone()
        reimport = as_owner("import", "--quiet", str(articles))
        check("the owner re-imports the changed file", "1 updated" in reimport.stdout,
              reimport.stdout.strip())  # fmt: skip
        session = as_reader("-c", READER_SESSION, str(library), str(reader_state), "look")
        out = json.loads(session.stdout or "{}") if session.returncode == 0 else {}
        with closing(sqlite3.connect(library)) as conn:
            new_id = conn.execute("SELECT new_id FROM redirects WHERE old_id = ?", [bookmarked])
            moved_to = (new_id.fetchone() or [""])[0]
        with closing(sqlite3.connect(reader_state)) as conn:
            saved = conn.execute("SELECT article_id, note FROM bookmarks").fetchall()
            read = {r[0] for r in conn.execute("SELECT article_id FROM reads")}
        check(
            "the reader's bookmark and read mark follow the changed article (library open)",
            bool(moved_to) and saved == [(moved_to, "doc lai")] and moved_to in read
            and out.get("bookmarked_rows") == [moved_to] and not out.get("errors"),
            f"{saved} -> {moved_to}; app shows {out.get('bookmarked_rows')}"
            + (session.stderr.strip()[-500:] if not out else ""),
        )  # fmt: skip
        owner.close()
        snapshot = as_reader("-c", READER_SESSION, str(library), str(reader_state), "look")
        out = json.loads(snapshot.stdout or "{}") if snapshot.returncode == 0 else {}
        check(
            "with nobody else on the library the reader opens a read-only snapshot",
            out.get("total") == 5 and out.get("bookmarked_rows") == [moved_to],
            json.dumps(out) if out else snapshot.stderr.strip()[-800:],
        )
        with closing(sqlite3.connect(work / "owner-state.db")) as conn:
            owners = conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0]
        check("the owner's state holds none of the reader's bookmarks", owners == 0)
        print(f"shared_library: checks={checks} failures={failures}")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
