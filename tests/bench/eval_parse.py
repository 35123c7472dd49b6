"""How well the article rules read real scraped articles: title, lede, author, credit, the end
of the body and the junk left in it, against judgements kept in ``tests/data/parse_judged.json``.

    uv run python tests/bench/eval_parse.py FOLDER [FOLDER ...]

Each FOLDER holds ``.txt`` articles named by their id; the articles judged are those of the
judgements file found in the folders. The judgements hold no article text. The file is one JSON
object keyed by file name (``"21469644.txt"``), each value:

- ``title_first_line``: true when the title is the file's first line as written;
- ``title``: when it is not, the first 16 hex digits of the sha256 of the expected title (its
  words joined by single spaces);
- ``lede``: the same hash of the expected lede;
- ``author``, ``credit``: the expected values, or null (names and credits are short);
- ``body_end``: the same hash of the last three words of the body (the last paragraph, or the
  lede when there is none) as it should end once the byline, credits and junk are gone;
- ``note``: optional, a word on the ending's shape.

Junk left counts the judged articles whose lede or body still holds a piece of a named junk
shape (``JUNK_MARKS``). Prints per field how many are right and the file ids of the wrong ones.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT))  # PYTHONPATH first: another checkout's parser can be measured

from store.formats import parse_bytes  # noqa: E402

JUDGED = ROOT / "tests" / "data" / "parse_judged.json"
# what must not be left in a body: photo credits and labels, site junk
JUNK_MARKS = (
    "Ảnh:",
    "Ảnh :",
    "(Ảnh",
    "Ảnh minh họa",
    "Ảnh minh hoạ",
    "Ảnh cắt từ clip",
    "Xem thêm:",
    "Xem tiếp",
    "Thích và chia sẻ",
    "Video đang được xem nhiều",
    "cập nhật tin tức trong ngày liên tục",
    "Thông tin pháp lý trong hộp nội dung",
)
FIELDS = ("title", "lede", "author", "credit", "body end", "junk left")


def digest(text: str) -> str:
    """The first 16 hex digits of the sha256 of the text's words joined by single spaces."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def check(path: Path, judged: dict[str, object]) -> dict[str, bool]:
    """Each field of one article: right or not."""
    data = path.read_bytes()
    first_line = next(line for line in data.decode("utf-8").split("\n") if line.strip())
    article = parse_bytes(data, path.name)[0]
    if judged.get("title_first_line"):
        title_ok = " ".join(article.title.split()) == " ".join(first_line.split())
    else:
        title_ok = digest(article.title) == judged.get("title")
    body = article.paragraphs[-1] if article.paragraphs else article.lede
    text = "\n".join([article.lede, *article.paragraphs])
    return {
        "title": title_ok and not article.title_inferred,
        "lede": digest(article.lede) == judged["lede"],
        "author": article.author == judged["author"],
        "credit": article.credit == judged["credit"],
        "body end": digest(" ".join(body.split()[-3:])) == judged["body_end"],
        "junk left": not any(mark in text for mark in JUNK_MARKS),
    }


def main(argv: list[str]) -> int:
    """Print the figures for the judged articles found in the folders given."""
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    judgements = json.loads(JUDGED.read_text(encoding="utf-8"))
    found = {}
    for folder in map(Path, argv):
        for name in judgements:
            if (folder / name).is_file():
                found[name] = folder / name
    if not found:
        print("no judged article in these folders")
        return 1
    wrong: dict[str, list[str]] = {field: [] for field in FIELDS}
    for name, path in sorted(found.items()):
        for field, ok in check(path, judgements[name]).items():
            if not ok:
                wrong[field].append(name.removesuffix(".txt"))
    print(f"{len(found)} judged articles (of {len(judgements)})")
    for field in FIELDS:
        right = len(found) - len(wrong[field])
        print(f"{field:10} {right:3}/{len(found)}  {100 * right / len(found):5.1f}%", end="")
        print("   wrong: " + " ".join(wrong[field]) if wrong[field] else "")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
