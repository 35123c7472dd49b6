"""Fuzz the parser's entry point, ``store.formats.parse_bytes``, with atheris (libFuzzer).

    uv run --with atheris python tests/stress/fuzz_parse.py -max_total_time=180

The first byte of each input picks the file name's suffix (.txt .md .html .json .jsonl .xml), the
rest is the file. The corpus starts from the seed articles, in every one of those formats.
An input fails when ``parse_bytes``

- raises anything but ``Rejected``, or rejects with an internal error ("could not be read"),
  with an empty reason or with a control character in it;
- returns an article holding a terminal control character (ESC, C0 but tab and newline, DEL,
  C1, bidi controls, zero-width characters, lone surrogates) or text not in NFC, or breaking
  the article's shape
  (empty title, no lede and no caption, a paragraph with a line break, captions and their
  places out of step, a date not ISO);
- takes more than SLOW seconds.

Failures do not stop the run: each is printed with its traceback and its input written to
``fuzz-parse-failure-<sha1>`` (under ``-artifact_prefix`` if given). At the end one line:
``fuzz_parse: runs=N failures=F seconds=S``; the exit status is 1 when F > 0.

Without atheris (``--no-atheris``, or when it cannot be imported) the same check runs over
inputs made by a plain mutation loop from the same corpus: ``-max_total_time=S``, ``-runs=N``
and ``-seed=N`` are read the same way.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SUFFIXES = (".txt", ".md", ".html", ".json", ".jsonl", ".xml")
SLOW = 5.0  # seconds for one input of at most a few dozen kilobytes: something went quadratic

USE_ATHERIS = "--no-atheris" not in sys.argv
ARGV = [arg for arg in sys.argv if arg != "--no-atheris"]
atheris = None
if USE_ATHERIS:
    try:
        import atheris
    except ImportError:
        print("fuzz_parse: atheris is not installed; using the plain mutation loop", flush=True)
if atheris is not None:
    with atheris.instrument_imports():
        from store.formats import parse_bytes
        from store.parse import Article, Rejected
else:
    from store.formats import parse_bytes
    from store.parse import Article, Rejected

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI + ZERO_WIDTH + "\ud800-\udfff]")
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

# tokens for libFuzzer's dictionary and the mutation loop
TOKENS = [
    "\x1b[31m", "\x1b]0;x\x07", "\x1b]8;;u\x1b\\", "\x1bP", "\x9b", "\x9d", "\x85", "\x00",
    "\u202e", "\u2066", "\u200b", "\ufeff", "\u0301", "\u0323", "\ud800",
    "&#27;", "&#x1b;", "&#x202e;", "&#155;", "&#0;", "&amp;", "&lt;",
    "<p>", "</p>", "<br/>", "<h1>", "</h1>", "<title>", "<script>", "<!--", "-->", "<![",
    "<meta name=date content=", "<time datetime=", "# ", "**", "![", "](", "> ", "- ",
    '{"body": "', '{"title": ', '"date": "', '"author": ', '"source": ', "[", "]", "\\u001b",
    "\\ud800", "\n", "\n\n", "\r", " date 2020-09 ", "02/06/2021", "./.", "Ảnh: TTXVN",
    "(Nguồn: VGP)", "DB11-ảnh-0", "Huyền Lê/TTXVN", "Ý kiến (0)", "ma tuý", "Ủy ban",
]  # fmt: skip


def problems(article: Article) -> list[str]:
    found = []
    fields = {
        "title": article.title,
        "author": article.author or "",
        "source": article.source,
        "lede": article.lede,
        **{f"paragraph {i}": p for i, p in enumerate(article.paragraphs)},
        **{f"caption {i}": c for i, c in enumerate(article.captions)},
    }
    for name, value in fields.items():
        control = CONTROL.search(value)
        if control:
            found.append(f"{name} holds U+{ord(control.group()):04X}: {value[:80]!r}")
        if value != unicodedata.normalize("NFC", value):
            found.append(f"{name} is not NFC: {value[:80]!r}")
    for name in ("title", "author", "lede"):
        if "\n" in fields[name]:
            found.append(f"{name} has a line break")
    if not article.title.strip():
        found.append("empty title")
    if not (article.lede or article.captions):
        found.append("no lede and no caption")
    if not all(p.strip() and "\n" not in p for p in article.paragraphs + article.captions):
        found.append("an empty paragraph or caption, or one with a line break")
    if len(article.caption_at) != len(article.captions) or not all(
        0 <= at <= len(article.paragraphs) for at in article.caption_at
    ):
        found.append(f"caption places {article.caption_at} for {len(article.captions)} captions")
    if article.date is not None and not DATE.fullmatch(article.date):
        found.append(f"date {article.date!r}")
    return found


def check(data: bytes, name: str) -> str | None:
    """What went wrong when ``name`` holding ``data`` was parsed; None when nothing did."""
    start = time.perf_counter()
    try:
        articles = parse_bytes(data, name)
    except Rejected as exc:
        reason = str(exc)
        if reason.startswith("could not be read"):
            cause = exc.__cause__ or exc
            return "internal error: " + "".join(traceback.format_exception(cause))
        if not reason or CONTROL.search(reason):
            return f"bad rejection reason {reason!r}"
        articles = None
    except Exception as exc:  # anything else is the failure looked for
        return "raised: " + "".join(traceback.format_exception(exc))
    seconds = time.perf_counter() - start
    if seconds > SLOW:
        return f"slow: {seconds:.1f} s for {len(data)} bytes"
    if articles is None:
        return None
    if not articles:
        return "no articles and no rejection"
    found = [p for article in articles for p in problems(article)]
    found += [f"problem text {p!r}" for p in articles.problems if not p or CONTROL.search(p)]
    return "; ".join(found) or None


# -- the run --------------------------------------------------------------------------------


class Run:
    def __init__(self, failure_prefix: str) -> None:
        self.runs = 0
        self.failures = 0
        self.start = time.monotonic()
        self.failure_prefix = failure_prefix

    def one(self, data: bytes) -> None:
        self.runs += 1
        if not data:
            return
        name = "bai" + SUFFIXES[data[0] % len(SUFFIXES)]
        what = check(data[1:], name)
        if what is None:
            return
        self.failures += 1
        path = f"{self.failure_prefix}fuzz-parse-failure-{hashlib.sha1(data).hexdigest()}"
        Path(path).write_bytes(data)
        print(f"\nfuzz_parse: FAILURE ({name}, input in {path}): {what}", flush=True)

    def summary(self) -> None:
        seconds = time.monotonic() - self.start
        print(
            f"fuzz_parse: runs={self.runs} failures={self.failures} seconds={seconds:.0f}",
            flush=True,
        )


def seed_corpus() -> list[bytes]:
    """Each seed article in each format, led by the byte that picks that format."""
    corpus = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title, _, body = text.strip().partition("\n")
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        record = {"title": title, "date": "2021-06-02", "author": "Hồ Hương", "body": paragraphs}
        page = (
            f"<html><head><title>{title}</title><meta name=date content=2021-06-02></head>"
            f"<body><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body>"
        )
        items = "".join(
            f"<item><title>{title}</title><link>https://vi.du/{n}</link><category>Tin</category>"
            f"<description>&lt;p&gt;{p}&lt;/p&gt;</description></item>"
            for n, p in enumerate(paragraphs[:3])
        )
        feed = (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
            f"{items}</channel></rss>"
        )
        forms = {
            ".txt": text,
            ".md": f"# {title}\n\n" + "\n\n".join(paragraphs),
            ".html": page,
            ".json": json.dumps(record, ensure_ascii=False),
            ".jsonl": json.dumps(record) + "\n" + json.dumps({"body": body}, ensure_ascii=False),
            ".xml": feed,
        }
        for index, suffix in enumerate(SUFFIXES):
            corpus.append(bytes([index]) + forms[suffix].encode("utf-8"))
    return corpus


def option(args: list[str], name: str) -> str | None:
    for arg in args:
        if arg.startswith(f"-{name}="):
            return arg.split("=", 1)[1]
    return None


def fuzz_with_atheris(run: Run, corpus: list[bytes], workdir: Path) -> None:
    assert atheris is not None
    corpus_dir = workdir / "corpus"
    corpus_dir.mkdir()
    for data in corpus:
        (corpus_dir / hashlib.sha1(data).hexdigest()).write_bytes(data)
    args = list(ARGV)
    if option(args, "dict") is None:
        lines = []
        for token in TOKENS:
            escaped = "".join(
                f"\\x{b:02x}" if b < 32 or b > 126 or b in b'"\\' else chr(b)
                for b in token.encode("utf-8", "surrogatepass")
            )
            lines.append(f'"{escaped}"')
        (workdir / "tokens.dict").write_text("\n".join(lines) + "\n")
        args.append(f"-dict={workdir / 'tokens.dict'}")
    if option(args, "timeout") is None:
        args.append("-timeout=60")  # a hang: libFuzzer stops with a timeout report
    if option(args, "max_len") is None:
        args.append(f"-max_len={max(len(d) for d in corpus) + 4096}")
    args.append(str(corpus_dir))  # after any corpus given: new inputs go to the first one

    # libFuzzer ends the process with exit(), which skips Python's atexit (and the temporary
    # folder's clean-up): hook the C one, and give the status the failures call for
    def at_exit(_arg: object) -> None:
        run.summary()
        shutil.rmtree(workdir, ignore_errors=True)
        if run.failures:
            os._exit(1)

    hook = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(at_exit)
    ctypes.CDLL(None).__cxa_atexit(hook, None, None)
    atheris.Setup(args, run.one)
    run.start = time.monotonic()
    atheris.Fuzz()


def mutate(data: bytes, corpus: list[bytes], rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.randrange(6)
        at = rng.randint(0, len(buf))
        if kind == 0 and buf:  # flip a bit
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif kind == 1:  # random bytes
            buf[at:at] = rng.randbytes(rng.randint(1, 16))
        elif kind == 2:  # a token
            buf[at:at] = rng.choice(TOKENS).encode("utf-8", "surrogatepass") * rng.randint(1, 3)
        elif kind == 3:  # cut a run
            del buf[at : at + rng.randint(1, 256)]
        elif kind == 4:  # a piece of another input
            other = rng.choice(corpus)
            i = rng.randint(0, len(other))
            buf[at:at] = other[i : i + rng.randint(1, 512)]
        else:  # repeat a run
            buf[at:at] = buf[at : at + rng.randint(1, 64)] * rng.randint(2, 50)
    return bytes(buf)


def fuzz_with_mutations(run: Run, corpus: list[bytes]) -> None:
    max_time = float(option(ARGV, "max_total_time") or 60)
    max_runs = int(option(ARGV, "runs") or -1)
    rng = random.Random(int(option(ARGV, "seed") or time.time_ns() % 2**32))
    run.start = time.monotonic()
    for data in corpus:
        run.one(data)
    while time.monotonic() - run.start < max_time and (max_runs < 0 or run.runs < max_runs):
        choice = rng.random()
        if choice < 0.1:
            data = bytes([rng.randrange(256)]) + rng.randbytes(rng.randint(0, 2048))
        else:
            data = mutate(rng.choice(corpus), corpus, rng)
        run.one(data)
    run.summary()


def main() -> int:
    prefix = option(ARGV, "artifact_prefix") or ""
    run = Run(prefix)
    corpus = seed_corpus()
    if atheris is None:
        fuzz_with_mutations(run, corpus)
        return 1 if run.failures else 0
    fuzz_with_atheris(run, corpus, Path(tempfile.mkdtemp(prefix="fuzz_parse-")))
    return 1 if run.failures else 0  # not reached: libFuzzer exits the process


if __name__ == "__main__":
    sys.exit(main())
