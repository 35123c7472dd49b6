"""Precision, recall and F1 per entity type of the extractor against the gold annotations.

    uv run python tests/bench/eval_entities.py [-v]

The gold files (tests/data/entities/*.json) were annotated by reading the five seed articles.
An extracted entity matches a gold one of the same type when any of their forms (name or alias)
are the same text, case and tone placement aside; each gold entity matches at most once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from store.entities import TYPES, article_segments, extract  # noqa: E402
from store.library import Library  # noqa: E402
from store.text import canon  # noqa: E402


def forms(name: str, aliases: list[str]) -> set[str]:
    return {canon(" ".join(f.split())) for f in [name, *aliases]}


def evaluate(verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    """type -> (true positives, extracted, gold) over the five seeds."""
    gold_dir = ROOT / "tests" / "data" / "entities"
    lib = Library.memory()
    lib.import_paths([ROOT / "seeds"])
    totals = {t: [0, 0, 0] for t in TYPES}
    for article in lib.iter_articles():
        gold_file = gold_dir / (Path(article.source).stem + ".json")
        gold = json.loads(gold_file.read_text("utf-8"))["entities"]
        found = extract(
            article_segments(article.title, article.lede, article.body, article.captions),
            article.author,
        )
        for etype in TYPES:
            golds = [(g["name"], forms(g["name"], g.get("aliases", []))) for g in gold
                     if g["type"] == etype]  # fmt: skip
            mine = [(e.name, forms(e.name, e.aliases)) for e in found if e.type == etype]
            used: set[int] = set()
            hits = 0
            misses_mine = []
            for name, fs in mine:
                match = next(
                    (i for i, (_n, g) in enumerate(golds) if i not in used and fs & g), None
                )
                if match is None:
                    misses_mine.append(name)
                else:
                    used.add(match)
                    hits += 1
            totals[etype][0] += hits
            totals[etype][1] += len(mine)
            totals[etype][2] += len(golds)
            if verbose:
                missed = [golds[i][0] for i in range(len(golds)) if i not in used]
                if misses_mine or missed:
                    print(f"{article.source[:3]} {etype}: wrong {misses_mine}  missed {missed}")
    return {t: (v[0], v[1], v[2]) for t, v in totals.items()}


def main() -> None:
    results = evaluate(verbose="-v" in sys.argv)
    print(f"{'type':7} {'precision':>9} {'recall':>7} {'F1':>6}   (matched / extracted / gold)")
    for etype, (hits, extracted, gold) in results.items():
        p = hits / extracted if extracted else 0.0
        r = hits / gold if gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{etype:7} {p:9.2f} {r:7.2f} {f1:6.2f}   ({hits} / {extracted} / {gold})")


if __name__ == "__main__":
    main()
