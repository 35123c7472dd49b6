"""Generate a synthetic corpus of Vietnamese news articles for the library benchmark.

The articles are recombined from the five bundled seeds (their paragraphs, sentences, captions,
titles and bylines), with a growing pool of person names put into sentences with rank titles,
in the seeds' own file formats: a title line (or an all-caps one, or none with a ` date YYYY-MM `
prefix), date lines in the seeds' forms, photo markers with captions, credits, ``./.`` end marks,
bylines and scraping junk. The same ``--seed`` always gives the same corpus, byte for byte, and no
two articles share a body (an import sees no duplicates).

    uv run python tests/bench/make_corpus.py --count 10000 --out /some/folder
    uv run python tests/bench/make_corpus.py --count 100000 --out DIR --per-file 50   # JSONL

With ``--per-file 1`` (the default) every article is one ``.txt`` file, in subfolders of 1,000
files; with ``--per-file K`` (K > 1) every file is JSON lines of K records
(``{"title", "date", "author", "body"}``), also in subfolders of 1,000 files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FILES_PER_FOLDER = 1000

# -- the seeds, taken apart -------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^(?:(?:Thứ \w+|Chủ [Nn]hật), )?\d{1,2}/\d{1,2}/\d{4}(?:, \d{1,2}:\d{2})?$"
)
_DATE_PREFIX = re.compile(r"^date \d{4}-\d{2}(?:-\d{2})? ")
_PHOTO_MARKER = re.compile(r"^[A-Z]{1,6}\d{0,4}-\S.*-\d{1,3}$")
_JUNK = re.compile(r"^(?:Ý kiến\s*\(\s*\d*\s*\)|[.\s]*)$")
_CREDIT = re.compile(r"(?:\((?:Nguồn|Ảnh)\s*:[^()]*\)|(?:Ảnh|Nguồn)\s*:\s*[^.:]{1,60})\s*\.?$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[^\W\d_])")
_END_MARK = re.compile(r"\s*\./\.$")


@dataclass
class SeedParts:
    titles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def load_seeds(folder: Path = SEEDS) -> SeedParts:
    """The seeds' titles, body paragraphs, sentences, captions and bylines (simple rules)."""
    parts = SeedParts()
    for path in sorted(folder.glob("*.txt")):
        lines = [" ".join(line.split()) for line in path.read_text("utf-8").splitlines()]
        lines = [line for line in lines if line and not _JUNK.match(line)]
        if not lines:
            continue
        if _DATE_PREFIX.match(lines[0]):
            lines[0] = _DATE_PREFIX.sub("", lines[0])
        elif not lines[0].endswith("."):
            parts.titles.append(lines.pop(0))
        last = lines[-1]
        if len(last.split()) <= 4 and not last.endswith("."):
            parts.authors.append(lines.pop())
        expect_caption = False
        for line in lines:
            if _DATE_LINE.match(line):
                continue
            if _PHOTO_MARKER.match(line):
                expect_caption = True
                continue
            short = len(line.split()) <= 14 and not line.endswith(".")
            if expect_caption or short or _CREDIT.search(line) or line.startswith("Quang cảnh"):
                parts.captions.append(line)
                expect_caption = False
                continue
            line = _END_MARK.sub(".", line)
            parts.paragraphs.append(line)
            for sentence in _SENTENCE_SPLIT.split(line):
                if len(sentence.split()) >= 6 and sentence[-1] in ".!?…":
                    parts.sentences.append(sentence)
    return parts


# -- vocabulary for names, ranks, places ----------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FAMILY = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Đoàn "
    "Lương Mai Tô Từ Vương Hà Khổng Tạ Lâm Cao Chu Kiều Quách Triệu Âu"
)
MIDDLE = _words(
    "Văn Thị Đức Minh Quốc Thanh Hữu Ngọc Duy Đình Xuân Thu Hoài Anh Công Tuấn Kim Bảo Hồng "
    "Mạnh Quang Trọng Thế Việt Phương Khánh Diệu Thùy Thuỳ Gia Nhật Như"
)
GIVEN = _words(
    "Sơn Hùng Ngọc Long Lâm Quý Huệ Tỏ Đồng Hương Hà Dũng Tuấn Hải Hạnh Lan Mai Hoa Thủy Thuỷ "
    "Hòa Hoà Khoa Khôi Phúc Nga Trang Linh Huyền Thảo Vy Tú Quỳnh Yến Nhung Tâm Thắng Cường "
    "Việt Bình Phong Giang Toàn Quân Hiếu Nghĩa Trung Kiên Đạt Thành Tùng Lực Vinh Hưng Hiền "
    "Thúy Thuý Khuê Uyên Ánh Đức Chiến Lợi Tiến Thịnh Nam Hậu Tấn Ân Ngân Oanh Quế"
)
FOREIGN_FIRST = _words(
    "Ghada Vladimir Bernardo Dmitriy Azad John Maria Ahmed Kenji Siti Somchai Jean Anna Peter "
    "Lars Fatima Carlos Olga Hiroshi Min-jun Rodrigo Amina Pierre Elena Tomás Ingrid"
)
FOREIGN_LAST = _words(
    "Waly Voronkov Florece Serebryakov Belford Smith Tanaka Rahman Wong Suzuki Müller Dubois "
    "Santos Chen Ivanova Kowalski Haddad Nakamura Sok Phommachanh Lindqvist Okafor Rossi"
)
SEED_NAMES = (
    "Nguyễn Thanh Sơn",
    "Tô Lâm",
    "Lê Quốc Hùng",
    "Nguyễn Duy Ngọc",
    "Bùi Thanh Sơn",
    "Đặng Đình Quý",
    "Trần Quốc Tỏ",
    "Nguyễn Văn Long",
    "Từ Đại Đồng",
    "Vương Đình Huệ",
)
SEED_FOREIGN = ("Ghada Waly", "Vladimir Voronkov", "Bernardo Florece")
RANKS = (
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Đại tá",
    "Thượng tá",
    "Thứ trưởng",
    "Bộ trưởng",
    "Đại sứ",
    "Phó Thủ tướng",
    "Phó thủ tướng",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Cục trưởng",
    "Giám đốc",
    "đồng chí",
    "ông",
    "bà",
)
FOREIGN_RANKS = ("ông", "bà", "Ngài", "Đại sứ", "Bộ trưởng", "Thứ trưởng", "Phó Tổng Thư ký")
COUNTRIES = (
    "Lào",
    "Campuchia",
    "Thái Lan",
    "Trung Quốc",
    "Nhật Bản",
    "Hàn Quốc",
    "Australia",
    "Philippines",
    "Indonesia",
    "Malaysia",
    "Singapore",
    "Myanmar",
    "Hoa Kỳ",
    "Liên bang Nga",
    "Belarus",
    "Cuba",
    "Argentina",
    "Ấn Độ",
    "Pháp",
    "Đức",
    "Uruguay",
    "Brunei",
)
PROVINCES = (
    "Hà Nội",
    "Thành phố Hồ Chí Minh",
    "Đà Nẵng",
    "Hải Phòng",
    "Cần Thơ",
    "Quảng Ninh",
    "Lạng Sơn",
    "Điện Biên",
    "Sơn La",
    "Nghệ An",
    "Thừa Thiên Huế",
    "Khánh Hòa",
    "An Giang",
    "Tây Ninh",
    "Lào Cai",
    "Hà Giang",
)
ORGS = (
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Văn phòng Liên Hợp Quốc về phòng, chống ma túy và tội phạm (UNODC)",
    "UNODC",
    "Interpol",
    "ASEANAPOL",
    "Liên Hợp Quốc",
    "Liên hợp quốc",
    "Cục Đối ngoại, Bộ Công an",
    "Cục Cảnh sát điều tra tội phạm về ma túy",
    "Tổ chức Cảnh sát hình sự quốc tế",
    "Ủy ban quốc gia phòng, chống AIDS và phòng, chống tệ nạn ma túy, mại dâm",
)
OFFICES = (
    "Thứ trưởng Bộ Công an",
    "Cục trưởng Cục Đối ngoại, Bộ Công an",
    "Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an",
    "Trưởng Phái đoàn thường trực Việt Nam tại Liên hợp quốc",
    "Giám đốc Công an tỉnh {province}",
    "Đại sứ Việt Nam tại {country}",
    "Phó Tổng Thư ký Liên Hợp Quốc",
    "Trưởng đoàn đại biểu {country}",
    "Cục trưởng Cục Cảnh sát điều tra tội phạm về ma túy",
    "Phó Chủ tịch Ủy ban nhân dân tỉnh {province}",
)
EVENTS = (
    "Hội nghị SOMTC {n}",
    "Hội nghị AMMTC {n}",
    "Hội nghị AIPACODD {n}",
    "Hội nghị ASEANAPOL lần thứ {n}",
    "Hội nghị HONLEA khu vực Châu Á - Thái Bình Dương lần thứ {n}",
    "Hội thảo trực tuyến về phòng, chống ma túy lần thứ {n}",
    "Đối thoại an ninh Việt Nam - {country} lần thứ {n}",
)
TOPICS = (
    "ma túy",
    "ma tuý",
    "tội phạm xuyên quốc gia",
    "tội phạm mạng",
    "khủng bố",
    "mua bán người",
    "rửa tiền",
    "buôn lậu",
    "tội phạm công nghệ cao",
    "gian lận thương mại",
)
VERBS = ("cho biết", "nhấn mạnh", "khẳng định", "đề nghị", "chia sẻ", "nêu rõ", "phát biểu")

SENTENCE_TEMPLATES = (
    "{R} {n}, {o}, {v}: “{s}”",
    "Phát biểu tại {e}, {r} {n} {v}: “{s}”",
    "Tham dự có {r} {n}, {o}; {r2} {n2}, {o2} và đại diện {org}.",
    "{R} {n} đánh giá cao sự hợp tác của {org} trong thời gian qua và đề nghị hai bên tiếp tục "
    "trao đổi thông tin, kinh nghiệm về phòng, chống {t}.",
    "Tiếp {fr} {fn} tại trụ sở {org}, {r} {n} khẳng định Việt Nam luôn coi trọng quan hệ hợp tác "
    "với {c} trong lĩnh vực phòng, chống {t}.",
    "Theo {r} {n}, trong năm {y}, lực lượng chức năng đã phát hiện, bắt giữ {k} vụ, {k2} đối "
    "tượng phạm tội về {t} tại {p}.",
    "{Fr} {fn}, {fo}, cảm ơn {r} {n} và {org} đã phối hợp chặt chẽ, hiệu quả trong khuôn khổ {e}.",
    "Ngày {d}/{m}, tại {p}, {r} {n} đã chủ trì buổi làm việc với đoàn công tác của {c} do {fr} "
    "{fn} dẫn đầu.",
)
TITLE_TEMPLATES = (
    "{R} {n} tiếp {fr} {fn}",
    "{R} {n} làm việc với Đoàn đại biểu {c}",
    "Tăng cường hợp tác phòng, chống {t} với {c}",
    "{E}: Việt Nam tích cực, chủ động trong hợp tác quốc tế về phòng, chống {t}",
    "Việt Nam và {c} đẩy mạnh hợp tác phòng, chống {t}",
    "Nâng cao hiệu quả phòng, chống {t} tại {p}",
    "{R} {n}: Không để {p} trở thành địa bàn trung chuyển {t}",
    "Bắt giữ {k} đối tượng trong đường dây {t} xuyên quốc gia",
)
CAPTION_TEMPLATES = (
    "{R} {n} phát biểu tại {e}.",
    "Quang cảnh {e}.",
    "Toàn cảnh buổi làm việc tại {p}",
    "{R} {n} tiếp {fr} {fn}",
    "{R} {n} và các đại biểu tại buổi tiếp, ngày {d}/{m}/{y}.",
    "Đoàn đại biểu Việt Nam tham dự {e}",
)
CREDITS = (
    "(Nguồn: TTXVN)",
    "Ảnh: VGP",
    "(Ảnh: Bộ Công an)",
    "Ảnh: TTXVN",
    "(Nguồn: Bộ Ngoại giao)",
)
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

# -- tone placement: the older convention (hoà, tuý) on some articles ----------------------

_OLD_STYLE = re.compile(r"(?<![qQ\w])(\w*?)([òóỏõọÒÓỎÕỌ][aeAE]|[ùúủũụÙÚỦŨỤ][yY])(?!\w)")


def _move_tone(match: re.Match[str]) -> str:
    lead, pair = match.group(1), match.group(2)
    if lead and lead[-1] in "qQ":
        return match.group(0)
    first = unicodedata.normalize("NFD", pair[0])
    base, mark = first[0], first[1:]
    return lead + base + unicodedata.normalize("NFC", pair[1] + mark)


def old_style(text: str) -> str:
    """hòa -> hoà, túy -> tuý, khỏe -> khoẻ (open syllables; qu + vowel left alone)."""
    return _OLD_STYLE.sub(_move_tone, text)


# -- the generator ----------------------------------------------------------------------------


@dataclass
class Generated:
    """One article: the parts a file is written from."""

    title: str | None  # None: no title (the parser infers one)
    title_style: str  # "title", "caps", "date-prefix", "bare"
    date: dt.date
    date_form: str  # "dmy", "weekday", "prefix-month", "prefix-day", "none"
    author: str | None
    blocks: list[str]  # body lines: paragraphs, photo markers, captions, in order
    paragraph_sep: str
    tail_junk: str


class NamePool:
    """A growing pool of people: early names come back often (a long tail of rare ones)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[str] = list(SEED_NAMES)
        self.foreign: list[str] = list(SEED_FOREIGN)
        self._seen = set(self.people) | set(self.foreign)

    def _new_vietnamese(self) -> str:
        rng = self.rng
        for _ in range(50):
            words = [rng.choice(FAMILY)]
            if rng.random() < 0.9:
                words.append(rng.choice(MIDDLE))
            if rng.random() < 0.15:
                words.append(rng.choice(MIDDLE))
            words.append(rng.choice(GIVEN))
            name = " ".join(words)
            if name not in self._seen:
                break
        self._seen.add(name)
        self.people.append(name)
        return name

    def _new_foreign(self) -> str:
        rng = self.rng
        for _ in range(50):
            name = f"{rng.choice(FOREIGN_FIRST)} {rng.choice(FOREIGN_LAST)}"
            if name not in self._seen:
                break
        self._seen.add(name)
        self.foreign.append(name)
        return name

    def _pick(self, names: list[str]) -> str:
        # skewed to the start of the list: a few names are everywhere, most are rare
        return names[int(len(names) * self.rng.random() ** 3)]

    def person(self) -> str:
        if self.rng.random() < 0.35:
            return self._new_vietnamese()
        return self._pick(self.people)

    def foreigner(self) -> str:
        if self.rng.random() < 0.2 and len(self.foreign) < 500:
            return self._new_foreign()
        return self._pick(self.foreign)


class CorpusGenerator:
    def __init__(self, seed: int = 1, seeds_dir: Path = SEEDS) -> None:
        self.rng = random.Random(seed)
        self.parts = load_seeds(seeds_dir)
        self.names = NamePool(self.rng)
        self._bodies: set[bytes] = set()
        self.bylines = list(self.parts.authors)
        start = dt.date(2015, 1, 1).toordinal()
        self._date_span = (start, dt.date(2025, 12, 31).toordinal())

    # pieces ---------------------------------------------------------------------------

    def _fields(self) -> dict[str, object]:
        rng = self.rng
        rank = rng.choice(RANKS)
        foreign_rank = rng.choice(FOREIGN_RANKS)
        country = rng.choice(COUNTRIES)
        province = rng.choice(PROVINCES)

        def office() -> str:
            return rng.choice(OFFICES).format(province=rng.choice(PROVINCES), country=country)

        return {
            "r": rank,
            "R": rank[0].upper() + rank[1:],
            "n": self.names.person(),
            "o": office(),
            "r2": rng.choice(RANKS),
            "n2": self.names.person(),
            "o2": office(),
            "fr": foreign_rank,
            "Fr": foreign_rank[0].upper() + foreign_rank[1:],
            "fn": self.names.foreigner(),
            "fo": rng.choice(("Phó Tổng Thư ký Liên Hợp Quốc", f"Đại sứ {country} tại Việt Nam")),
            "org": rng.choice(ORGS),
            "c": country,
            "p": province,
            "t": rng.choice(TOPICS),
            "e": rng.choice(EVENTS).format(n=rng.randint(1, 45), country=country),
            "E": rng.choice(EVENTS).format(n=rng.randint(1, 45), country=country),
            "v": rng.choice(VERBS),
            "s": rng.choice(self.parts.sentences),
            "y": rng.randint(2015, 2025),
            "d": rng.randint(1, 28),
            "m": rng.randint(1, 12),
            "k": rng.randint(2, 400),
            "k2": rng.randint(2, 900),
        }

    def _name_sentence(self) -> str:
        return self.rng.choice(SENTENCE_TEMPLATES).format(**self._fields())

    def _paragraph(self, renames: dict[str, str]) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            text = rng.choice(self.parts.paragraphs)
        elif roll < 0.8:
            text = " ".join(rng.sample(self.parts.sentences, rng.randint(2, 4)))
        else:
            sentences = [self._name_sentence() for _ in range(rng.randint(1, 2))]
            if rng.random() < 0.5:
                sentences.append(rng.choice(self.parts.sentences))
            text = " ".join(sentences)
        for old, new in renames.items():
            text = text.replace(old, new)
        return text

    def _caption(self) -> str:
        rng = self.rng
        if rng.random() < 0.4:
            caption = rng.choice(self.parts.captions)
        else:
            caption = rng.choice(CAPTION_TEMPLATES).format(**self._fields())
        if rng.random() < 0.5:
            caption = f"{caption.rstrip('.')}. {rng.choice(CREDITS)}"
        return caption

    def _title(self) -> str:
        rng = self.rng
        if rng.random() < 0.1:
            return rng.choice(self.parts.titles)
        return rng.choice(TITLE_TEMPLATES).format(**self._fields())

    def _byline(self) -> str | None:
        rng = self.rng
        if rng.random() < 0.25:
            return None
        if rng.random() < 0.3 or len(self.bylines) < 40:
            family, given = rng.choice(FAMILY), rng.choice(GIVEN)
            name = f"{given} {family}" if rng.random() < 0.2 else f"{family} {given}"
            self.bylines.append(name)
            return name
        return rng.choice(self.bylines)

    # one article ----------------------------------------------------------------------

    def article(self) -> Generated:
        for _attempt in range(100):
            generated = self._article()
            body = "\n".join(generated.blocks).encode("utf-8")
            digest = hashlib.blake2b(body, digest_size=12).digest()
            if digest not in self._bodies:
                self._bodies.add(digest)
                return generated
        raise RuntimeError("could not make a distinct article")

    def _article(self) -> Generated:
        rng = self.rng
        renames: dict[str, str] = {}
        for name in SEED_NAMES:
            if rng.random() < 0.4:
                renames[name] = self.names.person()
        paragraphs = [self._paragraph(renames) for _ in range(rng.randint(3, 13))]
        # at least one sentence naming people with their ranks, somewhere in the body
        at = rng.randrange(len(paragraphs))
        paragraphs[at] = f"{paragraphs[at]} {self._name_sentence()}"
        if rng.random() < 0.3:
            paragraphs[-1] = paragraphs[-1].rstrip(".") + "./."
        title_style = rng.choices(("title", "caps", "date-prefix", "bare"), (45, 15, 30, 10))[0]
        title = self._title() if title_style in ("title", "caps") else None
        if title and title_style == "caps":
            title = title.upper()
        blocks: list[str] = []
        photos = rng.choices((0, 1, 2), (55, 35, 10))[0]
        photo_at = sorted(rng.sample(range(1, len(paragraphs) + 1), min(photos, len(paragraphs))))
        for index, paragraph in enumerate(paragraphs):
            while photo_at and photo_at[0] == index:
                photo_at.pop(0)
                blocks.extend(self._photo(title or paragraphs[0]))
            blocks.append(paragraph)
        if rng.random() < 0.25:
            blocks = [old_style(block) for block in blocks]
            title = old_style(title) if title else None
        date = dt.date.fromordinal(rng.randint(*self._date_span))
        if title_style == "date-prefix":
            date_form = rng.choice(("prefix-month", "prefix-day"))
        elif title_style == "bare":
            date_form = "none"
        else:
            date_form = rng.choices(("dmy", "weekday", "none"), (40, 35, 25))[0]
        tail = rng.choices(("", "\n.\n.\n.", "\nÝ kiến ()", "\n\u00a0"), (75, 10, 10, 5))[0]
        return Generated(
            title=title,
            title_style=title_style,
            date=date,
            date_form=date_form,
            author=self._byline(),
            blocks=blocks,
            paragraph_sep=rng.choices(("\n\n", "\n"), (80, 20))[0],
            tail_junk=tail,
        )

    def _photo(self, about: str) -> list[str]:
        rng = self.rng
        caption = self._caption()
        if rng.random() < 0.5:
            slug = " ".join(about.split()[:12]).rstrip(".,:;")
            return [f"DB{rng.randint(1, 40)}-{slug} -{rng.randint(0, 3)}", caption]
        return [caption]


# -- formats -----------------------------------------------------------------------------------


def _date_line(article: Generated) -> str | None:
    d = article.date
    if article.date_form == "dmy":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if article.date_form == "weekday":
        hour, minute = (d.toordinal() * 7) % 24, (d.toordinal() * 13) % 60
        day = f"{d.day:02d}/{d.month:02d}/{d.year}"
        return f"{WEEKDAYS[d.weekday()]}, {day}, {hour:02d}:{minute:02d}"
    return None


def _date_prefix(article: Generated) -> str:
    d = article.date
    if article.date_form == "prefix-month":
        return f" date {d.year}-{d.month:02d} "
    if article.date_form == "prefix-day":
        return f" date {d.isoformat()} "
    return ""


def to_text(article: Generated) -> str:
    """The article as a scraped .txt file, in the seeds' forms."""
    sep = article.paragraph_sep
    lines: list[str] = []
    if article.title:
        lines.append(article.title)
        date_line = _date_line(article)
        if date_line:
            lines.append(date_line)
    blocks = list(article.blocks)
    blocks[0] = _date_prefix(article) + blocks[0]
    lines.extend(blocks)
    if article.author:
        lines.append(article.author)
    return sep.join(lines) + article.tail_junk + "\n"


def to_record(article: Generated) -> dict[str, object]:
    """The article as a JSON-lines record: title, date, author, body."""
    record: dict[str, object] = {"title": article.title}
    d = article.date
    if article.date_form in ("dmy", "weekday"):
        record["date"] = _date_line(article)
    elif article.date_form == "prefix-month":
        record["date"] = f"{d.year}-{d.month:02d}"
    elif article.date_form == "prefix-day":
        record["date"] = d.isoformat()
    record["author"] = article.author
    record["body"] = "\n\n".join(article.blocks)
    return record


@dataclass
class CorpusInfo:
    folder: Path
    articles: int
    files: int
    bytes: int
    seconds: float


def generate(
    count: int, out: Path, per_file: int = 1, seed: int = 1, progress: bool = False
) -> CorpusInfo:
    """Write ``count`` articles under ``out``; returns what was written."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    generator = CorpusGenerator(seed)
    files = 0
    total = 0
    written = 0
    while written < count:
        folder = out / f"{files // FILES_PER_FOLDER:04d}"
        if files % FILES_PER_FOLDER == 0:
            folder.mkdir(exist_ok=True)
        take = min(per_file, count - written)
        if per_file == 1:
            data = to_text(generator.article()).encode("utf-8")
            path = folder / f"{written:07d}.txt"
        else:
            records = [to_record(generator.article()) for _ in range(take)]
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            data = text.encode("utf-8")
            path = folder / f"{written:07d}.jsonl"
        path.write_bytes(data)
        files += 1
        total += len(data)
        written += take
        if progress and files % 5000 == 0:
            print(f"  {written:,} articles", file=sys.stderr)
    return CorpusInfo(out, written, files, total, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="articles (default 10,000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    parser.add_argument(
        "--per-file",
        type=int,
        default=1,
        help="articles a file: 1 = one .txt each (default); K > 1 = JSON lines of K records",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.count < 1 or args.per_file < 1:
        parser.error("--count and --per-file must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    info = generate(args.count, args.out, args.per_file, args.seed, progress=True)
    print(
        f"{info.articles:,} articles in {info.files:,} files, "
        f"{info.bytes / 1e6:.1f} MB, in {info.seconds:.1f} s: {info.folder}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
