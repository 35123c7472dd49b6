"""Five reader sessions on one library while a sixth process imports 1,000 articles into it.

Each session is the real app (``BantinApp`` driven by Textual's Pilot, headless) in a process of
its own, as five SSH logins would be. While ``bantin import`` runs, every session keeps moving
through the list, opening articles (which saves read marks), bookmarking and un-bookmarking
(each session its own rows), searching and pressing ctrl+r. Three sessions have a state of their
own (three users); two share one (one user logged in twice). Then every session presses ctrl+r
once more. Counted:

- errors any session showed (a "database is locked" would be one), and crashes;
- whether every session sees every new article after the refresh key;
- whether every bookmark a session saw saved is in its state file afterwards.

    uv run python tests/stress/concurrent_sessions.py [--articles 1000] [--sessions 5]

Prints a line a session and ``concurrent_sessions: sessions=5 ... failures=0``; exits 1 on any
failure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


# -- one session (a process of its own) --------------------------------------------------------


async def run_session(
    index: int, sessions: int, db: Path, state: Path, stop: Path, out: Path
) -> None:
    from textual.pilot import Pilot

    from tui.app import BantinApp
    from tui.screens.main import MainScreen
    from tui.screens.note import NoteDialog

    rng = random.Random(index)
    result: dict[str, Any] = {"session": index, "state": str(state), "actions": 0}
    expected: dict[str, bool] = {}  # bookmarks this session saw saved (True) or removed
    refreshes: list[int] = []
    app = BantinApp(db_path=db, language="en", state_path=state)

    async def until(pilot: Pilot[None], condition: Any, timeout: float = 20.0) -> bool:
        waited = 0.0
        while not condition():
            await pilot.pause(0.05)
            waited += 0.05
            if waited > timeout:
                return False
        return True

    def shown(article_id: str) -> Any:
        listing = app.screen.article_list  # type: ignore[attr-defined]
        for i in range(min(listing.total, 200)):
            item = listing.item(i)
            if item is not None and item.row.id == article_id:
                return item
        return None

    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            await until(pilot, lambda: isinstance(app.screen, MainScreen))
            screen = app.screen
            assert isinstance(screen, MainScreen)
            listing = screen.article_list
            await until(pilot, lambda: listing.total > 0)
            result["total_at_start"] = listing.total
            while not stop.exists():
                action = rng.choice(["move", "move", "open", "bookmark", "search", "refresh"])
                listing.focus()
                if action == "move":
                    await pilot.press(rng.choice(["j", "j", "k", "space", "g"]))
                elif action == "open":
                    row = listing.current()
                    await pilot.press("enter")
                    if row is not None and not await until(
                        pilot, lambda row=row: screen.reader.article_id == row.row.id
                    ):
                        result.setdefault("slow", []).append("open")
                elif action == "bookmark":
                    # each session bookmarks only its own rows: row number % sessions
                    spot = rng.randrange(index, min(listing.total, 60), sessions)
                    listing.move_to(spot)
                    await pilot.pause()
                    row = listing.current()
                    if row is None:
                        continue
                    was = row.row.bookmarked
                    await pilot.press("b")
                    if not was and await until(
                        pilot, lambda: isinstance(app.screen, NoteDialog), 5
                    ):
                        await pilot.press("escape")
                    aid = row.row.id
                    if await until(
                        pilot,
                        lambda aid=aid, was=was: (
                            (item := shown(aid)) is not None and item.row.bookmarked != was
                        ),
                    ):
                        expected[aid] = not was
                    else:
                        result.setdefault("slow", []).append("bookmark")
                elif action == "search":
                    await pilot.press("s", *"ma tuy")  # the library search, from any pane
                    await pilot.pause(0.3)
                    await pilot.press("escape", "escape")
                    await until(pilot, lambda: not listing.source.is_search)
                else:
                    await pilot.press("ctrl+r")
                    await pilot.pause(0.2)
                    refreshes.append(listing.total)
                result["actions"] += 1
            # the import is over: one more refresh shows everything
            listing.focus()
            await pilot.press("escape")
            await pilot.press("ctrl+r")
            await until(pilot, lambda: listing.total >= int(stop.read_text()), 20)
            await pilot.pause(0.5)
            result["total_at_end"] = listing.total
            result["errors"] = [str(n.message) for n in app._notifications if n.severity == "error"]
    except Exception as exc:  # a crash of the session is a failure, reported
        result["crash"] = f"{type(exc).__name__}: {exc}"
    result["refresh_totals"] = sorted(set(refreshes))
    result["bookmarks"] = sorted(aid for aid, on in expected.items() if on)
    result["unbookmarked"] = sorted(aid for aid, on in expected.items() if not on)
    out.write_text(json.dumps(result))


# -- the conductor ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--session", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--state", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stop", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.session is not None:
        asyncio.run(
            run_session(args.session, args.sessions, args.db, args.state, args.stop, args.out)
        )
        return 0

    work = Path(tempfile.mkdtemp(prefix="bantin-sessions-"))
    try:
        corpus = work / "corpus"
        subprocess.run(
            [sys.executable, str(ROOT / "tests/bench/make_corpus.py"), "--count",
             str(args.articles), "--out", str(corpus)],
            check=True, capture_output=True,
        )  # fmt: skip
        db = work / "library.db"
        bantin = [sys.executable, "-m", "tui.cli", "--db", str(db)]
        seeded = subprocess.run(
            [*bantin, "--state", str(work / "importer.db"), "import", "--quiet",
             str(ROOT / "seeds")],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr
        with closing(sqlite3.connect(db)) as conn:
            before = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        expected_total = before + args.articles
        stop = work / "stop"
        states = [work / f"user{min(i, 3)}.db" for i in range(args.sessions)]  # 3 and 4 share
        outs = [work / f"session{i}.json" for i in range(args.sessions)]
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--session",
                    str(i),
                    "--sessions",
                    str(args.sessions),
                    "--db",
                    str(db),
                    "--state",
                    str(states[i]),
                    "--stop",
                    str(stop),
                    "--out",
                    str(outs[i]),
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )  # fmt: skip
            for i in range(args.sessions)
        ]
        time.sleep(8)  # the sessions are up and reading
        began = time.monotonic()
        importer = subprocess.run(
            [*bantin, "--state", str(work / "importer.db"), "import", "--quiet", str(corpus)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        import_seconds = time.monotonic() - began
        time.sleep(3)  # a little reading after the import, too
        stop.write_text(str(expected_total))
        logs = [p.communicate(timeout=300)[0] for p in procs]

        failures = 0
        if importer.returncode != 0 or "locked" in importer.stderr:
            failures += 1
            print(f"import FAILED: {importer.stderr.strip()[-500:]}")
        print(
            f"import: {args.articles} articles in {import_seconds:.1f} s while "
            f"{args.sessions} sessions read; {importer.stdout.strip().splitlines()[0]}"
        )
        total_actions = total_errors = total_bookmarks = 0
        for i, (out, log) in enumerate(zip(outs, logs, strict=True)):
            if not out.exists():
                failures += 1
                print(f"session {i}: no result\n{log[-2000:]}")
                continue
            r = json.loads(out.read_text())
            problems = []
            if "crash" in r:
                problems.append(f"crashed: {r['crash']}")
            if r.get("errors"):
                problems.append(f"showed errors: {r['errors']}")
            if r.get("total_at_end") != expected_total:
                problems.append(f"sees {r.get('total_at_end')} articles, not {expected_total}")
            with closing(sqlite3.connect(r["state"])) as conn:
                saved = {row[0] for row in conn.execute("SELECT article_id FROM bookmarks")}
            lost = set(r["bookmarks"]) - saved
            back = set(r["unbookmarked"]) & saved
            if lost or back:
                problems.append(f"{len(lost)} bookmarks lost, {len(back)} removed ones back")
            failures += bool(problems)
            total_actions += r["actions"]
            total_errors += len(r.get("errors", []))
            total_bookmarks += len(r["bookmarks"])
            print(
                f"session {i} (state {Path(r['state']).name}): {r['actions']} actions, "
                f"{len(r['bookmarks'])} bookmarks kept, list {r.get('total_at_start')} -> "
                f"{r.get('total_at_end')} articles (seen on ctrl+r during the import: "
                f"{r['refresh_totals']}); "
                + ("ok" if not problems else "FAILED: " + "; ".join(problems))
                + (f" (slow: {', '.join(r['slow'])})" if r.get("slow") else "")
            )
        print(
            f"concurrent_sessions: sessions={args.sessions} importer_articles={args.articles} "
            f"actions={total_actions} bookmarks={total_bookmarks} errors={total_errors} "
            f"failures={failures}"
        )
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
