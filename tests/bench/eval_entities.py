"""Precision, recall and F1 per entity type of the extractor against gold annotations.

    uv run python tests/bench/eval_entities.py [-v]
    uv run python tests/bench/eval_entities.py --folder FOLDER [--gold DIR] [-v]
    uv run python tests/bench/eval_entities.py --top 50 FOLDER
    uv run python tests/bench/eval_entities.py --sample 50 [--seed N] FOLDER

Without a folder, the five seed articles are imported into a library in memory and scored
against tests/data/entities/*.json. With ``--folder``, each gold file of DIR (default
tests/data/entities/realnews; ``{"source": "<file name>", ...}``) names a file of FOLDER: it
is parsed with ``store.formats.parse_bytes`` and its first article's title, lede, body and
captions go through ``store.entities.article_segments`` and ``extract`` with the article's
author, as the library extracts them. ``-v`` lists, per article and type, the false hits
(``wrong``) and the misses (``missed``).

Matching: an extracted entity matches a gold one of the same type when any of their forms
(name or alias) are the same text once normalised: case and tone placement aside
(``store.text.canon``), runs of spaces made one, a trailing full stop dropped (``Nguyễn Văn
A.`` = ``Nguyễn Văn A``). For places (LOC), a leading administrative or street word is
dropped too, so ``huyện Diễn Châu`` = ``Diễn Châu`` and ``TP Hồ Chí Minh`` = ``Hồ Chí Minh``;
the words are those of ``ADMIN_WORDS`` below. Each gold entity matches at most one
extracted entity; extracted entities that match nothing are false hits, gold entities left
unmatched are misses. Totals are micro-averaged over the types listed.

``--top K FOLDER`` extracts over every ``.txt`` file under FOLDER (subfolders included; another
pattern with ``--files``) and prints the K entities named in the most articles (name and type,
grouped as the library groups them: by type and canonical name). ``--sample K --seed N
FOLDER`` prints K entities drawn at random (seeded) from the same extraction, each with its
file's name and roles, for a person to judge.

Nothing here reads a folder outside the project unless it is given as an argument.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from store.entities import TYPES, Entity, article_segments, extract  # noqa: E402
from store.formats import parse_bytes  # noqa: E402
from store.library import Library  # noqa: E402
from store.parse import Rejected  # noqa: E402
from store.text import canon  # noqa: E402

SEED_GOLD = ROOT / "tests" / "data" / "entities"
REALNEWS_GOLD = SEED_GOLD / "realnews"
SCORED = ("PERSON", "ORG", "LOC")

# Leading words a place's name is compared without (longest first: "thành phố" before "phố").
ADMIN_WORDS = sorted(
    [
        "tỉnh", "thành phố", "tp", "tp.", "huyện", "quận", "q.", "thị xã", "tx", "tx.",
        "thị trấn", "xã", "phường", "p.", "thôn", "xóm", "ấp", "bản", "làng", "tổ dân phố",
        "khu phố", "đường", "phố", "ngõ", "hẻm", "đại lộ", "quốc lộ", "ql", "tỉnh lộ",
        "cửa khẩu", "sân bay",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_ADMIN = re.compile(r"^(?:" + "|".join(re.escape(w) for w in ADMIN_WORDS) + r")(?:\s+|(?<=\.))")


def normal(form: str) -> str:
    """A form as compared: canonical case and tones, single spaces, no trailing full stop."""
    text = canon(" ".join(form.split()))
    return text[:-1].rstrip() if text.endswith(".") and len(text) > 1 else text


def forms(name: str, aliases: list[str], etype: str = "") -> set[str]:
    """Every normalised form of an entity; for a place, each also without its admin word."""
    out = {normal(f) for f in [name, *aliases] if f.strip()}
    if etype == "LOC":
        out |= {_ADMIN.sub("", f, count=1) for f in out}
    return {f for f in out if f}


def score(
    gold: list[dict], found: list[Entity], label: str, totals: dict[str, list[int]], verbose: bool
) -> None:
    """Add one article's matches to ``totals`` (type -> [matched, extracted, gold])."""
    for etype in TYPES:
        golds = [(g["name"], forms(g["name"], g.get("aliases", []), etype)) for g in gold
                 if g["type"] == etype]  # fmt: skip
        mine = [(e.name, forms(e.name, e.aliases, etype)) for e in found if e.type == etype]
        used: set[int] = set()
        hits = 0
        wrong = []
        for name, fs in mine:
            match = next((i for i, (_n, g) in enumerate(golds) if i not in used and fs & g), None)
            if match is None:
                wrong.append(name)
            else:
                used.add(match)
                hits += 1
        totals[etype][0] += hits
        totals[etype][1] += len(mine)
        totals[etype][2] += len(golds)
        if verbose:
            missed = [golds[i][0] for i in range(len(golds)) if i not in used]
            if wrong or missed:
                print(f"{label} {etype}: wrong {wrong}  missed {missed}")


def evaluate(verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    """type -> (true positives, extracted, gold) over the five seeds."""
    lib = Library.memory()
    lib.import_paths([ROOT / "seeds"])
    totals = {t: [0, 0, 0] for t in TYPES}
    for article in lib.iter_articles():
        gold_file = SEED_GOLD / (Path(article.source).stem + ".json")
        gold = json.loads(gold_file.read_text("utf-8"))["entities"]
        found = extract(
            article_segments(article.title, article.lede, article.body, article.captions),
            article.author,
        )
        score(gold, found, article.source[:3], totals, verbose)
    return {t: (v[0], v[1], v[2]) for t, v in totals.items()}


def extract_file(path: Path) -> list[Entity]:
    """The entities the library would extract from the first article of one file."""
    articles = parse_bytes(path.read_bytes(), path.name)
    a = articles[0]
    body = "\n\n".join(a.paragraphs)
    return extract(article_segments(a.title, a.lede, body, a.captions), a.author)


def evaluate_folder(
    folder: Path, gold_dir: Path, verbose: bool = False
) -> tuple[dict[str, tuple[int, int, int]], int]:
    """type -> (true positives, extracted, gold) over the annotated files of ``folder``, and
    how many files were scored."""
    totals = {t: [0, 0, 0] for t in TYPES}
    scored = 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        record = json.loads(gold_file.read_text("utf-8"))
        path = folder / record["source"]
        if not path.is_file():
            print(f"{record['source']}: not in {folder}, skipped", file=sys.stderr)
            continue
        try:
            found = extract_file(path)
        except Rejected as exc:
            print(f"{record['source']}: {exc}", file=sys.stderr)
            continue
        score(record["entities"], found, Path(record["source"]).stem, totals, verbose)
        scored += 1
    return {t: (v[0], v[1], v[2]) for t, v in totals.items()}, scored


def table(results: dict[str, tuple[int, int, int]], micro: tuple[str, ...] = ()) -> None:
    """Print P/R/F1 per type, then the micro-averaged total over ``micro``."""
    print(f"{'type':7} {'precision':>9} {'recall':>7} {'F1':>6}   (matched / extracted / gold)")
    rows = list(results.items())
    if micro:
        sums = [sum(results[t][k] for t in micro) for k in range(3)]
        rows.append(("micro", (sums[0], sums[1], sums[2])))
    for etype, (hits, extracted, gold) in rows:
        p = hits / extracted if extracted else 0.0
        r = hits / gold if gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{etype:7} {p:9.2f} {r:7.2f} {f1:6.2f}   ({hits} / {extracted} / {gold})")


def folder_entities(folder: Path, pattern: str = "**/*.txt") -> Iterator[tuple[str, list[Entity]]]:
    """(file name, entities) for every readable file of ``folder`` matching ``pattern``, in
    path order."""
    for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
        try:
            yield path.name, extract_file(path)
        except Rejected:
            continue


def top(folder: Path, k: int, pattern: str = "**/*.txt") -> None:
    """Print the ``k`` entities named in the most files of ``folder``."""
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], Counter[str]] = {}
    for _name, found in folder_entities(folder, pattern):
        for key in {(e.type, canon(e.name)) for e in found}:
            counts[key] += 1
        for e in found:
            shown.setdefault((e.type, canon(e.name)), Counter())[e.name] += 1
    print(f"{'rank':>4} {'articles':>8}  type    name")
    for rank, (key, n) in enumerate(counts.most_common(k), 1):
        print(f"{rank:4} {n:8}  {key[0]:7} {shown[key].most_common(1)[0][0]}")


def sample(folder: Path, k: int, seed: int, pattern: str = "**/*.txt") -> None:
    """Print ``k`` extracted entities drawn at random, each with its file's name."""
    pool = [(name, e) for name, found in folder_entities(folder, pattern) for e in found]
    rng = random.Random(seed)
    for name, e in rng.sample(pool, min(k, len(pool))):
        roles = f"  roles {e.roles}" if e.roles else ""
        print(f"{Path(name).stem:10} {e.type:7} {e.name}{roles}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false hits")
    parser.add_argument("--folder", type=Path, help="score the annotated files of this folder")
    parser.add_argument("--gold", type=Path, default=REALNEWS_GOLD, help="gold files for --folder")
    parser.add_argument("--top", type=int, metavar="K", help="the K most-named entities of DIR")
    parser.add_argument("--sample", type=int, metavar="K", help="K random extracted entities")
    parser.add_argument("--seed", type=int, default=1, help="seed of --sample (default 1)")
    parser.add_argument(
        "--files", default="**/*.txt", help="files of DIR for --top/--sample (default **/*.txt)"
    )
    parser.add_argument("dir", nargs="?", type=Path, help="folder of --top and --sample")
    args = parser.parse_args()
    if args.top or args.sample:
        if args.dir is None or not args.dir.is_dir():
            parser.error("--top and --sample need a folder")
        if args.top:
            top(args.dir, args.top, args.files)
        if args.sample:
            sample(args.dir, args.sample, args.seed, args.files)
        return
    if args.folder is not None:
        if not args.folder.is_dir():
            parser.error(f"{args.folder}: not a folder")
        results, n = evaluate_folder(args.folder, args.gold, args.verbose)
        print(f"{n} annotated articles of {args.folder}")
        table(results, SCORED)
        return
    table(evaluate(args.verbose))


if __name__ == "__main__":
    main()
