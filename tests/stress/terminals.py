"""bantin in real terminals of odd sizes and kinds, driven key by key through tmux.

A script, not a test (pytest collects only ``test_*.py``). Each trial starts
``uv run bantin --db <copy of a library> --lang en`` in a tmux session of its own (a private
tmux server, no user config) at 40x12, 80x24 or 300x80, under one of ``TERM=xterm``,
``TERM=screen-256color``, ``TERM=linux``, ``NO_COLOR=1`` and ``TEXTUAL_COLOR_SYSTEM=256``, and
reads a little as a user would:

- ``j`` and Enter: the second article opens;
- ``/``, ``ma tuy``: the result count shows; Enter: the best match opens;
- ``b``, a note typed with marks, Enter: the article is bookmarked;
- the window is resized to each other size and back;
- Esc and ``q`` until bantin has quit.

After every step the pane (``capture-pane -p``) must show what that step shows (a title, the
count), no Python traceback, and bantin must still be running. After quitting,
``bantin bookmarks --json`` must hold the bookmark and its note, and bantin started again must
list both opened articles as read (no ``•``) and the bookmarked one with its ``★``.

    uv run python tests/stress/terminals.py [--only screen] [--keep]

Prints a line a trial and ``terminals: trials=15 failures=0``; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(40, 12), (80, 24), (300, 80)]
KINDS: dict[str, dict[str, str]] = {
    "xterm": {"TERM": "xterm"},
    "screen-256color": {"TERM": "screen-256color"},
    "linux": {"TERM": "linux"},
    "no-color": {"TERM": "xterm-256color", "NO_COLOR": "1"},
    "256-colors": {"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "256"},
}
NOTE = "ghi chú từ tmux"
LIST_WIDTH = 35  # the list's share of a 100-column screen
READER_KEYS = "Next match"  # the footer, when the reader has the keys
SEARCH_KEYS = "Leave search"  # the footer, when the search box has them
QUERY = "ma tuy"
EXITED = "bantin-terminals: exited"


class TrialFailed(Exception):
    pass


@dataclass
class Trial:
    kind: str
    size: tuple[int, int]
    steps: int = 0
    resizes: int = 0
    problems: list[str] = field(default_factory=list)
    last_screen: str = ""

    @property
    def name(self) -> str:
        return f"{self.kind} {self.size[0]}x{self.size[1]}"


class Tmux:
    """A tmux server of our own: nothing of the user's sessions is touched."""

    def __init__(self) -> None:
        self.socket = f"bantin-terminals-{os.getpid()}"

    def __call__(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-f", "/dev/null", "-L", self.socket, *args],
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            raise TrialFailed(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def kill_server(self) -> None:
        socket = self("display-message", "-p", "#{socket_path}", check=False).strip()
        self("kill-server", check=False)
        if socket:
            Path(socket).unlink(missing_ok=True)


# -- the library and what it should show ---------------------------------------------------------


def bantin(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["uv", "run", "bantin", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"bantin {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "TMUX"))}
    env.update(
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
    )
    return env


@dataclass
class Expected:
    second_id: str
    second_title: str
    best_id: str
    best_title: str
    results: int


def expected(library: Path, env: dict[str, str]) -> Expected:
    rows = [
        json.loads(line)
        for line in bantin("--db", str(library), "export", env=env).split("\n")
        if line
    ]
    # the list's order: newest first, undated last (export prints newest first too)
    rows.sort(key=lambda r: r["date"] or "", reverse=True)
    hits = json.loads(bantin("--db", str(library), "search", "--json", *QUERY.split(), env=env))
    second = rows[1]
    return Expected(second["id"], second["title"], hits[0]["id"], hits[0]["title"], len(hits))


def words(title: str, count: int = 2) -> str:
    return " ".join(title.split()[:count])


def flat(screen: str) -> str:
    return " ".join(screen.split())


def opened(screen: str, title: str) -> bool:
    """The reader shows the article: its title and its reading time."""
    return words(title, 4) in flat(screen) and "min read" in screen


# -- one trial -----------------------------------------------------------------------------------


def run_trial(
    tmux: Tmux, trial: Trial, library: Path, env: dict[str, str], want: Expected, folder: Path
) -> None:
    session = folder.name
    trial_env = dict(env)
    trial_env["BANTIN_STATE"] = str(folder / "state.db")
    db = folder / "library.db"
    shutil.copy(library, db)
    width, height = trial.size
    kind_env = " ".join(f"{k}={v}" for k, v in KINDS[trial.kind].items())
    command = f"env {kind_env} uv run bantin --db {db} --lang en; echo '{EXITED}' $?; sleep 3600"

    def screen() -> str:
        text = tmux("capture-pane", "-p", "-t", session)
        trial.last_screen = text
        return text

    def check(text: str) -> None:
        if "Traceback" in text or EXITED in text and not quitting:
            raise TrialFailed(f"after step {trial.steps}: bantin stopped or failed")

    def wait(what: str, condition: Callable[[str], bool], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = screen()
            check(text)
            if condition(text):
                return text
            if time.monotonic() > deadline:
                raise TrialFailed(f"step {trial.steps}: {what} never showed")
            time.sleep(0.1)

    def keys(*names: str, literal: bool = False) -> None:
        trial.steps += 1
        tmux("send-keys", "-t", session, *(["-l"] if literal else []), *names)

    def alive() -> bool:
        pane = tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip()
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", pane], capture_output=True, text=True
        ).stdout.split()
        return bool(children) and EXITED not in screen()

    quitting = False
    start = ["new-session", *env_list(trial_env), "-d", "-s", session, "-x", str(width)]
    tmux(*start, "-y", str(height), "-c", str(ROOT), command)
    try:
        wait("the list", lambda s: "articles" in s and "bantin" in s)
        # each key waits for what the one before shows: a key sent before the app has handled
        # the one that moves the focus would go where the focus was
        keys("j")
        time.sleep(0.3)
        keys("Enter")
        wait("the second article", lambda s: opened(s, want.second_title) and READER_KEYS in s)
        keys("/")
        wait("the search box", lambda s: SEARCH_KEYS in s)
        keys(QUERY, literal=True)
        count = f"{want.results} results"
        wait(f"«{count}»", lambda s: count in s)
        keys("Enter")
        wait("the reader", lambda s: READER_KEYS in s)
        keys("g")  # the top of the article: Enter showed the first match
        wait("the best match", lambda s: opened(s, want.best_title))
        keys("b")
        wait("the note dialog", lambda s: "Bookmarked" in s)
        keys(NOTE, literal=True)
        keys("Enter")
        wait("the dialog closed", lambda s: "Bookmarked. Add a note" not in s)
        cycle = [s for s in SIZES if s != trial.size] + [trial.size]
        for w, h in cycle:
            tmux("resize-window", "-t", session, "-x", str(w), "-y", str(h))
            trial.resizes += 1
            size = tmux("display-message", "-p", "-t", session, "#{window_width}x#{window_height}")
            if size.strip() != f"{w}x{h}":
                raise TrialFailed(f"tmux did not resize to {w}x{h}: {size.strip()}")
            time.sleep(0.5)
            text = wait(f"bantin at {w}x{h}", lambda s: "bantin" in s)
            if not alive():
                raise TrialFailed(f"bantin is gone after the resize to {w}x{h}")
            if words(want.best_title, 2) not in flat(text):
                raise TrialFailed(f"the open article is not shown at {w}x{h}")
        quitting = True
        for key in ("Escape", "q", "q", "q", "q"):
            keys(key)
            time.sleep(0.6)
            if EXITED in screen():
                break
        text = wait("bantin quitting", lambda s: EXITED in s, timeout=10)
        if f"{EXITED} 0" not in text:
            raise TrialFailed("bantin quit with a non-zero status")
        if "Traceback" in text:
            raise TrialFailed("a traceback after quitting")
    finally:
        tmux("kill-session", "-t", session, check=False)

    # what was saved -----------------------------------------------------------------------------
    marks = json.loads(bantin("--db", str(db), "bookmarks", "--json", env=trial_env))
    if [(m["id"], m["note"]) for m in marks] != [(want.best_id, NOTE)]:
        raise TrialFailed(f"bookmarks after quitting: {marks}")
    session += "b"
    quitting = False
    tmux("new-session", *env_list(trial_env), "-d", "-s", session, "-x", "100", "-y", "30",
         "-c", str(ROOT), command)  # fmt: skip
    try:
        # the count can be drawn a frame before the rows: wait for the row itself
        text = wait(
            "the list again",
            lambda s: (
                "5 articles" in s
                and any(
                    words(want.best_title, 3) in " ".join(line[:LIST_WIDTH].split())
                    for line in s.split("\n")
                )
            ),
        )
        for title, starred in (
            (want.best_title, True),
            (want.second_title, want.second_id == want.best_id),
        ):
            rows = [line[:LIST_WIDTH] for line in text.split("\n")]  # the list's column
            row = next((line for line in rows if words(title, 3) in " ".join(line.split())), "")
            if not row:
                raise TrialFailed(f"«{words(title, 3)}» is not in the list started again")
            marks_shown = row[:3]
            if "•" in marks_shown:
                raise TrialFailed(f"not read after a restart: {row.strip()}")
            if starred != ("★" in marks_shown):
                raise TrialFailed(f"bookmark star wrong after a restart: {row.strip()}")
        quitting = True
        keys("q")
        wait("bantin quitting", lambda s: EXITED in s, timeout=10)
    finally:
        tmux("kill-session", "-t", session, check=False)


def env_list(env: dict[str, str]) -> list[str]:
    """``-e NAME=VALUE`` for tmux new-session: the session's environment."""
    wanted = ("XDG_", "LC_", "LANG", "BANTIN_")
    pairs = [f"{k}={v}" for k, v in env.items() if k.startswith(wanted)]
    return [arg for pair in pairs for arg in ("-e", pair)]


# -- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="only trials whose name holds this")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("terminals: tmux is not installed")
        return 1
    home = Path(tempfile.mkdtemp(prefix="bantin-terminals-"))
    env = base_env(home)
    library = home / "library.db"
    bantin("--db", str(library), "import", "--quiet", str(ROOT / "seeds"), env=env)  # the seeds
    want = expected(library, env)
    trials = [Trial(kind, size) for kind in KINDS for size in SIZES]
    trials = [t for t in trials if args.only in t.name]
    tmux = Tmux()
    failures = 0
    # a session that lasts: the server would exit with the last trial's session. (No global
    # window-size manual: tmux 3.3a crashes creating a sized session with it; resize-window
    # makes the one window manual.)
    tmux("new-session", "-d", "-s", "keep", "sleep 86400")
    try:
        for number, trial in enumerate(trials):
            folder = home / f"trial-{number}"
            folder.mkdir()
            started = time.monotonic()
            try:
                run_trial(tmux, trial, library, env, want, folder)
            except TrialFailed as exc:
                trial.problems.append(str(exc))
            seconds = time.monotonic() - started
            if trial.problems:
                failures += 1
                print(f"  {trial.name}: FAILED ({'; '.join(trial.problems)})")
                for line in trial.last_screen.rstrip("\n").split("\n"):
                    print(f"    | {line[:160]}")
            else:
                print(f"  {trial.name}: ok (steps={trial.steps} resizes={trial.resizes} "
                      f"seconds={seconds:.1f})")  # fmt: skip
            sys.stdout.flush()
    finally:
        tmux.kill_server()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
        else:
            print(f"kept: {home}")
    print(f"terminals: trials={len(trials)} failures={failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
