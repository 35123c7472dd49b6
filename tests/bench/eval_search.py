"""Precision at 10 of ``bantin search`` on a folder of real articles, for queries typed the way
analysts type them: without marks and without quotes.

    uv run python tests/bench/eval_search.py FOLDER [--queries FILE] [--db FILE] [-v]

The folder is imported into a scratch library (``bantin import --no-entities``; ``--db`` keeps
and reuses it), then each query of the set (``tests/bench/search_queries.json``: the query as
typed, and the words it means, as written) is searched as a user would (``bantin search --json``,
every match). A result is relevant when its text (title, lede, body and captions, as ``bantin
export`` prints them) holds one of the meant spellings as whole words, case and tone placement
aside (``toà án`` = ``tòa án``).

For each query it prints P@10: the relevant results among the first ten, over ten, or over the
number of articles of the library that hold the words meant when there are fewer (a query whose
words only three articles hold is perfect with those three first). It also prints how many
articles the search returned and how many hold the words meant, which shows how far a count is
inflated. The mean and the lowest P@10 close the report.

Everything runs through the command line, as a user's script would: the figures measure what a
user gets, whatever the code behind it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from store.text import canon  # noqa: E402

QUERIES = Path(__file__).with_name("search_queries.json")


def bantin(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``bantin`` command of this checkout; a failure stops the evaluation."""
    env = {**os.environ, "BANTIN_STATE": os.devnull}
    env.pop("BANTIN_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode not in (0, 1):
        sys.exit(f"bantin {' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()}")
    return done


def normal(text: str) -> str:
    """Text as it is compared: NFC, one tone placement, lower case, spaces folded."""
    return " ".join(canon(unicodedata.normalize("NFC", text)).lower().split())


def pattern(spellings: list[str]) -> re.Pattern[str]:
    """Any of ``spellings`` as whole words (a run of spaces between its words)."""
    parts = [r"\s+".join(re.escape(word) for word in normal(s).split()) for s in spellings]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def article_texts(db: Path) -> dict[str, str]:
    """Every article's searchable text, by id, from ``bantin export``."""
    texts = {}
    for line in bantin("export", "--db", str(db)).stdout.splitlines():
        record = json.loads(line)
        fields = [record["title"], record["lede"], record["body"], *record["captions"]]
        texts[record["id"]] = normal("\n".join(field or "" for field in fields))
    return texts


def evaluate(db: Path, queries: list[dict[str, object]], verbose: bool) -> list[float]:
    texts = article_texts(db)
    scores = []
    print(f"{len(texts):,} articles\n")
    print(f"{'query':28} {'P@10':>5} {'returned':>8} {'meant':>6}  meant as written")
    for entry in queries:
        query, meant = str(entry["query"]), list(entry["meant"])  # type: ignore[call-overload]
        wanted = pattern(meant)
        holding = sum(1 for text in texts.values() if wanted.search(text))
        searched = bantin("search", "--db", str(db), "--json", "--limit", "10000", *query.split())
        found = json.loads(searched.stdout or "[]")
        top = [hit["id"] for hit in found[:10]]
        relevant = [wanted.search(texts.get(aid, "")) is not None for aid in top]
        cut = min(10, holding)
        score = sum(relevant) / cut if cut else (1.0 if not top else 0.0)
        scores.append(score)
        print(f"{query:28} {score:5.2f} {len(found):8,} {holding:6,}  {' / '.join(meant)}")
        if verbose:
            for aid, ok in zip(top, relevant, strict=True):
                title = next((h["title"] for h in found if h["id"] == aid), "")
                print(f"{'':6}{'+' if ok else '-'} {title[:80]}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of articles to import and search")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="the query set (JSON)")
    parser.add_argument("--db", type=Path, help="keep the scratch library here (reused if there)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each query's top ten")
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="bantin-eval-") as scratch:
        db = args.db or Path(scratch) / "library.db"
        if not db.exists():
            bantin("import", "--db", str(db), "--no-entities", "--quiet", str(args.folder))
        scores = evaluate(db, queries, args.verbose)
    low = min(scores)
    print(
        f"\nmean P@10 {statistics.fmean(scores):.3f} over {len(scores)} queries; "
        f"lowest {low:.2f}; {sum(s < 0.8 for s in scores)} under 0.80"
    )


if __name__ == "__main__":
    main()
