"""Time reading saved news pages and feeds: one page of about 50 KB, a feed of 50 items, and
(with ``--import``) ``bantin import`` of a folder of generated pages.

The pages are the VnExpress-shaped test page (``tests/data/pages/vnexpress.html``) with the
seeds' paragraphs for its article and a site's usual menus, related links and comments around
it, each page different (an import sees no duplicates); the feed's items are the seeds'
paragraphs as ``content:encoded``. The same ``--count`` always gives the same files.

    uv run python tests/bench/bench_pages.py --out DIR               # make the files, time parsing
    uv run python tests/bench/bench_pages.py --out DIR --import      # and time the import
    uv run python tests/bench/bench_pages.py --out DIR --checkout OTHER   # time OTHER's parser

``--checkout`` times the store of another checkout of bantin on the same files (its parser
imported from that folder, run with this interpreter; its import run with its own
``.venv/bin/bantin``).
"""

from __future__ import annotations

import argparse
import contextlib
import html
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "tests" / "data" / "pages" / "vnexpress.html"


def seed_paragraphs() -> list[str]:
    """The seeds' paragraphs: lines of 80 characters or more."""
    lines: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines += [line.strip() for line in path.read_text("utf-8").splitlines()]
    return [line for line in lines if len(line) >= 80]


def make_page(number: int, paragraphs: list[str], rng: random.Random) -> str:
    """A page of about 50 KB: the template's article with seed paragraphs, more site around."""
    template = TEMPLATE.read_text("utf-8")
    chosen = rng.sample(paragraphs, min(14, len(paragraphs)))
    body = "".join(
        f'<p class="Normal">{html.escape(p)} (Bài {number}, đoạn {i}.)</p>\n'
        for i, p in enumerate(chosen)
    )
    related = "".join(
        f'<li><a href="/tin-{number}-{i}">{html.escape(rng.choice(paragraphs)[:90])}</a></li>'
        for i in range(40)
    )
    comments = "".join(
        f'<div class="comment_item"><p class="full_content"><b>Bạn đọc {i}</b>'
        f" {html.escape(rng.choice(paragraphs)[:200])}</p></div>"
        for i in range(25)
    )
    script = (
        "<script>var config = {" + ", ".join(f'"k{i}": {i}' for i in range(1500)) + "};</script>"
    )
    page = template.replace(
        '<p class="Normal">Sở Giao thông', body + '<p class="Normal">Sở Giao thông', 1
    )
    page = page.replace("<h3>Tin liên quan</h3><ul>", "<h3>Tin liên quan</h3><ul>" + related, 1)
    page = page.replace("<h3>Ý kiến (2)</h3>", "<h3>Ý kiến (2)</h3>" + comments, 1)
    page = page.replace("</head>", script + "</head>", 1)
    return page.replace(
        "xe buýt điện nối sân bay</h1>", f"xe buýt điện nối sân bay ({number})</h1>"
    )


def make_feed(paragraphs: list[str], rng: random.Random, items: int = 50) -> str:
    entries = []
    for number in range(items):
        content = "".join(f"<p>{html.escape(p)}</p>" for p in rng.sample(paragraphs, 6))
        entries.append(
            f"<item><title>Tin số {number}: {html.escape(rng.choice(paragraphs)[:60])}</title>"
            f"<link>https://example.vn/tin-{number}.html</link>"
            f"<pubDate>Mon, 0{1 + number % 9} Jan 2024 08:00:00 +0700</pubDate>"
            f"<dc:creator>Phóng viên {number}</dc:creator><category>Thời sự</category>"
            f"<description>{html.escape(html.escape(paragraphs[number % len(paragraphs)]))}"
            f"</description><content:encoded><![CDATA[{content}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Báo Ví Dụ</title>'
        + "\n".join(entries)
        + "</channel></rss>\n"
    )


def make_files(out: Path, count: int) -> tuple[Path, Path]:
    rng = random.Random(count)
    paragraphs = seed_paragraphs()
    pages = out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (pages / f"trang-{number:04d}.html").write_text(make_page(number, paragraphs, rng), "utf-8")
    feed = out / "tin.xml"
    feed.write_text(make_feed(paragraphs, rng), "utf-8")
    return pages, feed


def time_parse(data: bytes, name: str, runs: int) -> tuple[float, int]:
    """The median milliseconds of ``parse_bytes`` (after one warm-up) and the articles given."""
    from store.formats import parse_bytes
    from store.parse import Rejected

    try:
        count = len(parse_bytes(data, name))
    except Rejected:
        count = 0
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(Rejected):
            parse_bytes(data, name)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--import", dest="run_import", action="store_true")
    args = parser.parse_args()
    pages, feed = make_files(args.out, args.count)
    sys.path.insert(0, str(args.checkout.resolve()))
    page = sorted(pages.iterdir())[0]
    page_ms, page_articles = time_parse(page.read_bytes(), page.name, args.runs)
    feed_ms, feed_articles = time_parse(feed.read_bytes(), feed.name, args.runs)
    print(f"checkout: {args.checkout.resolve()}")
    print(f"one page ({page.stat().st_size // 1024} KB): {page_ms:.1f} ms, {page_articles} article")
    print(
        f"a feed of 50 items ({feed.stat().st_size // 1024} KB): {feed_ms:.1f} ms,"
        f" {feed_articles} articles"
    )
    if args.run_import:
        bantin = args.checkout.resolve() / ".venv" / "bin" / "bantin"
        db = args.out / "bench-pages.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        start = time.perf_counter()
        result = subprocess.run(
            [str(bantin), "import", "--db", str(db), str(pages)],
            capture_output=True,
            text=True,
            cwd=args.checkout,
        )
        seconds = time.perf_counter() - start
        last = (result.stdout.strip().splitlines() or [""])[-1]
        print(f"bantin import of {args.count} pages: {seconds:.1f} s ({last})")


if __name__ == "__main__":
    main()
