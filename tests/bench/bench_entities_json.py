"""Peak memory of ``bantin entities --json`` over a whole library, beside the same command
limited to ten entities: the list is written as it is read, so the two should be close
whatever the library's size.

    uv run python tests/bench/bench_entities_json.py --db LIBRARY [--baseline DIR]
    uv run python tests/bench/bench_entities_json.py --count 10000 [--workdir DIR]

``--db`` measures an existing library (made by ``bantin import``, entities included);
``--count N`` makes one of N synthetic articles (``make_corpus.py``) and imports it once into
``--workdir`` (about four minutes at 10,000 on two processors), then reuses it. Each command
runs as a user runs it, ``python -m tui.cli``, its output thrown away; its peak resident
memory is the child's ``ru_maxrss`` (``os.wait4``). ``--baseline DIR`` runs another
checkout's command on the same library (its ``.venv``'s interpreter if it has one, in DIR).
Target: the whole list's peak at most 16 MB above that of ten entities (SQLite's page cache
and sorter, both bounded, not the library's size).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_MB = 16


def peak(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB and bytes written of one run of ``command``."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=out)
        _pid, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(command)}")
        written = out.tell()
    return took, usage.ru_maxrss / 1024, written


def library_of(count: int, workdir: Path) -> Path:
    """A library of ``count`` synthetic articles with their entities, made once."""
    path = workdir / f"entities-{count}.db"
    if path.exists():
        return path
    corpus = workdir / f"corpus-{count}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "tests/bench/make_corpus.py"), "--count",
                        str(count), "--out", str(corpus)], check=True)  # fmt: skip
    print(f"importing {count:,} articles into {path}…")
    command = [sys.executable, "-m", "tui.cli", "--db", str(path), "import", "--quiet"]
    subprocess.run([*command, str(corpus)], check=True, cwd=ROOT)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="an existing library")
    parser.add_argument("--count", type=int, default=10_000, help="else, synthetic articles")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--baseline", type=Path, help="another checkout, measured beside")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.gettempdir()) / "bantin-bench-entities"
    workdir.mkdir(parents=True, exist_ok=True)
    library = args.db or library_of(args.count, workdir)
    checkouts = {"this checkout": (ROOT, sys.executable)}
    if args.baseline:
        venv = args.baseline / ".venv" / "bin" / "python"
        checkouts["baseline"] = (args.baseline, str(venv if venv.exists() else sys.executable))
    figures: dict[str, dict[str, float]] = {}
    print(f"bantin entities --json on {library}")
    print(f"  {'':16} {'10 entities MB':>15} {'all MB':>8} {'all s':>7} {'output MB':>10} "
          f"{'all/10':>7}")  # fmt: skip
    for name, (folder, python) in checkouts.items():
        base = [python, "-m", "tui.cli", "--db", str(library), "entities", "--json"]
        _took, ten, _written = peak([*base, "-n", "10"], folder)
        took, whole, written = peak(base, folder)
        figures[name] = {"ten_mb": ten, "all_mb": whole, "all_s": took, "out_mb": written / 1e6}
        print(f"  {name:16} {ten:15.1f} {whole:8.1f} {took:7.1f} {written / 1e6:10.1f} "
              f"{whole / ten:6.2f}x")  # fmt: skip
    over = figures["this checkout"]["all_mb"] - figures["this checkout"]["ten_mb"]
    verdict = "met" if over <= TARGET_MB else "MISSED"
    print(f"  {verdict}: the whole list's peak {over:.1f} MB above that of ten entities "
          f"(target at most {TARGET_MB} MB)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
