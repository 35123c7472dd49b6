"""The end of a scraped article and the photo credits inside it.

A scraped body often ends, on the same line as its last sentence, with the byline and the credit
lines of the page (``… làm rõ. Kim Thanh (T/h)``, ``… ./. Huyền Lê/TTXVN``, ``… Theo VOV``), and
carries the photo credits of the page inline (``… họp báo. Ảnh: Internet Đoạn video …``).
``split_footer`` takes the footer off a line: the authors, the credits, and the site junk it
holds, each named; ``split_photo_credits`` cuts a line at its photo credits into body text and
captions. Nothing is lost: a piece taken out of the text is an author, a credit, a caption, or
junk of a named shape (``JUNK_SHAPES``, ``FOOTER_LABELS``).

Linear: the footer is looked for in the last ``FOOTER_WINDOW`` characters of a line, and the
credits are found by a plain search for their words; no pattern runs over a whole long line
with a quantifier that can backtrack.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

FOOTER_WINDOW = 172  # a footer is looked for in this many characters at the end of a line
FOOTER_LONGEST = 170  # a footer is at most this long
CAPTION_BACK = 300  # a caption before a photo credit is at most this long

# -- words --------------------------------------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?"
)
# capitalised words a name never holds (institutions, attributions, sentence openers)
_NOT_NAME = frozenset(
    "Bộ Hội Sở Cục Viện Ủy Uỷ Ban Theo Nguồn Ảnh Báo Tỉnh Huyện Đảng Chính Phủ Video Clip Xem"
    " Tin Bài Tổng Tòa Cảnh Trong Sau Khi Ngày Hiện Tại Người Các Những Đây UBND".split()
)
# outlets whose names read like a person's: a credit when they stand alone in a footer
OUTLETS = frozenset(
    name.casefold()
    for name in (
        "Thanh Niên",
        "Tuổi Trẻ",
        "Dân trí",
        "Tiền Phong",
        "Lao Động",
        "Người Lao Động",
        "Pháp Luật",
        "Nhân Dân",
        "Quân đội nhân dân",
        "Công an nhân dân",
        "Vietnamnet",
        "VietNamNet",
        "Zing",
        "Zing.vn",
        "Kenh14",
        "Soha",
        "Vietnam+",
        "Đời sống Plus",
        "Pháp luật Plus",
        "Trí thức trẻ",
        "Người đưa tin",
        "Infonet",
        "Dân Việt",
        "An ninh thủ đô",
        "Giao thông",
        "Tin Tức",
        "Thời Đại",
        "Sài Gòn Giải Phóng",
        "Hà Nội mới",
        "VietnamPlus",
    )
)
# a newspaper named at the very end: "Báo Giao thông", "Báo điện tử Xây dựng"
_NEWSPAPER = re.compile(
    r"(?:Báo|Tạp chí|Đài)(?: điện tử)? ([^\W\d_])[^\s(),;|]*(?: [^\s(),;|]+){0,4}\s*"
)
_OUTLET_FIRST = frozenset(name.split()[0] for name in OUTLETS)
_OUTLET_AT = re.compile(r"[^\W\d_][^\s(),;|/]*(?:\s+[^\W\d_][^\s(),;|/]*){0,4}")
_HONORIFIC = re.compile(
    r"(?:(?:PGS|GS|TS|ThS|BS|NSƯT|NSND|KTS|LS)\.\s?){1,3}"
    r"|(?:Luật sư|Nhà báo|Bác sĩ|Tiến sĩ|Thạc sĩ) "
)
# a photo or video credit ending a line ("… gần xa. Ảnh: Andy", "Ảnh: Việt Hùng - Video: Trần Anh")
_TRAILING_PHOTO = re.compile(
    r"(?:^|(?<=\s))(?:Ảnh|Video|Clip)\s?:\s?[^:.!?()]{1,40}(?:\s[-–]\s(?:Ảnh|Video|Clip)\s?:\s?"
    r"[^:.!?()]{1,40})?$"
)
_INITIALS = re.compile(r"(?:[A-ZĐ][a-zđ]?\.){1,3}(?:[A-ZĐ][^\W\d_]*)?\.?")
_REPORTER = frozenset({"PV", "P.V", "PV.", "BTV", "CTV"})
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info|tv)", re.IGNORECASE)


@lru_cache(maxsize=8192)
def vietnamese_syllable(word: str) -> bool:
    """Whether a word is spelt as a Vietnamese syllable (``Thanh``, ``Nguyễn``; not ``Reuters``)."""
    bare = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c)
    ).replace("đ", "d")
    return _SYLLABLE.fullmatch(bare) is not None


@lru_cache(maxsize=8192)
def _name_word(word: str) -> bool:
    if word in _NOT_NAME or not _LETTERS.fullmatch(word) or not word[0].isupper():
        return False
    if word.isupper():  # TRẦN LƯU: a name in capitals, not an acronym
        return all(vietnamese_syllable(part) for part in word.split("-"))
    return all(part[:1].isupper() and part[1:] == part[1:].lower() for part in word.split("-"))


@lru_cache(maxsize=8192)
def _acronym(word: str) -> bool:
    """An outlet's acronym or name in one word: TTXVN, VNE, AFP, VnExpress, Vnexpress.net."""
    if _DOMAIN.fullmatch(word):
        return True
    if not word[:1].isupper() or not _LETTERS.fullmatch(word.replace(".", "")):
        return False
    if word.isupper():
        return len(word) >= 2 and not vietnamese_syllable(word)
    # VnExpress, VietNamNet: capitals inside a word no Vietnamese name has
    return any(c.isupper() for c in word[1:]) and not vietnamese_syllable(word)


# -- the footer ---------------------------------------------------------------------------------

# labels a byline starts with ("Tin, ảnh: Thanh Thương"): dropped, the name kept
FOOTER_LABELS = {
    "news and photos by": re.compile(
        r"(?:Tin|Bài|Clip|Video)\s*(?:,|-|và|\+)\s*(?:ảnh|Ảnh|clip|video)\s*:\s*"
    ),
    "done by": re.compile(r"(?:Thực hiện|Bài|Tin)\s*:\s*"),
    "see more": re.compile(r"(?:>{1,3}\s*)?(?:Xem thêm|Đọc thêm|Xem tiếp|Tin liên quan)\s*:?\s*"),
    "to be continued": re.compile(r"\((?:Xem tiếp|còn tiếp|Còn tiếp|Còn nữa|còn nữa)\)"),
    "video mark": re.compile(r"(?:Video|Clip)(?:\s+[^\s:()]+){0,8}\s*:\s*(?=$)"),
}
_SEPARATOR = re.compile(r"\s*(?:[-–—,;|/]\s*|và\s+|&\s*)?")
# a contact address ending a line: "Email: toasoan@bao.vn"
_TRAILING_CONTACT = re.compile(r"(?:^|(?<=\s))(?:E-?mail|Email|email)\s?:\s?[^\s@]{1,60}@\S{1,60}$")
_PAREN = re.compile(r"\(\s*([^()]{1,110}?)\s*\)")
_THEO = re.compile(r"[Tt]heo\s+")
# words that say a text was gathered, translated or done by someone (a credit, not a name)
_WHO_DID = re.compile(
    r"(?:[Tt]ổng hợp|[Tt]ổng\s?h|[Ss]ưu tầm|[Tt]/\s?[Hh](?:ợp)?|TH|[Ll]ược dịch|[Dd]ịch"
    r"|[Bb]iên dịch|[Tt]hực hiện|[Nn]guồn\s*:|ghi)(?![^\W\d_])"
)
_AGENCY_WORD = re.compile(r"[^\s()]+")
_NAME_TOKEN = re.compile(r"[^\s(),;/|]+")
_VIEN = re.compile(r"\s+viên")
_FOOTER_WORD = re.compile(r"[^\s(),;|]+")
_SLASH = re.compile(r"\s?/\s?")
_TOKEN = re.compile(r"\S+")
# the first letters of the labels of FOOTER_LABELS: the labels are tried only there
_LABEL_FIRST = frozenset("TBCVXĐ>(")
_SENTENCE_CLOSE = '.!?…"”»'
_BOUNDARY = re.compile(r"(?:[.!?…]['\"”’»)]*|['\"”’»)]|\./\.)(?=\s)")


@dataclass
class Footer:
    """A line with its footer taken off: the text before it, the footer's authors, credits and
    the named junk it held (``(shape, text)``)."""

    text: str
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def _words_until(text: str, at: int) -> tuple[list[str], int]:
    """The words from ``at`` up to the end, a bracket or a spaced dash."""
    end = len(text)
    for mark in ("(", " - ", " – "):
        found = text.find(mark, at)
        if 0 <= found < end:
            end = found
    return text[at:end].split(), end


def _theo(text: str, at: int) -> tuple[str, int] | None:
    """``Theo VOV``, ``theo Trí Thức Trẻ``, ``Theo baocongthuong.com.vn`` at ``at``."""
    match = _THEO.match(text, at)
    if not match:
        return None
    words, end = _words_until(text, match.end())
    if not words or len(words) > 7:
        return None
    for index in range(1, len(words)):
        # "Theo Sputnik An Công": a Vietnamese name after a foreign outlet is the author
        previous = words[index - 1]
        if (
            _name_word(words[index])
            and "/" not in previous
            and not vietnamese_syllable(previous.rstrip("."))
            and vietnamese_syllable(words[index])
            and previous[0].isupper()
        ):
            end = match.end() + text[match.end() :].index(previous) + len(previous)
            words = words[:index]
            break
    first = words[1] if words[0] in ("báo", "tờ", "trang") and len(words) > 1 else words[0]
    lower_outlet = len(words) == 1 and not vietnamese_syllable(first)  # "Theo dantri"
    if not (
        first[0].isupper()
        or first[0].isdigit()
        or _DOMAIN.fullmatch(first.rstrip("."))
        or lower_outlet
    ):
        return None
    if any(w.endswith((",", "!", "?", ":", ";")) or w.lower() in _CLAUSE for w in words):
        return None  # a sentence ("Theo ông A, …"), not a source
    return "Theo " + " ".join(words), end


# words that make a run after "Theo" a sentence, not a source
_CLAUSE = frozenset("ông bà anh chị cơ đó này thông kết lời là của cho biết".split())


def _credit_words(content: str) -> bool:
    """Whether words in brackets are a credit: a source, an outlet, a who-did-it."""
    if _WHO_DID.match(content) or _THEO.match(content) or content.startswith("từ "):
        return True
    words = content.replace(",", " ").split()
    if not words or len(words) > 8 or not (words[0][0].isupper() or _DOMAIN.match(words[0])):
        return False
    return not any(w[-1] in ".!?" and not _INITIALS.fullmatch(w) for w in words[:-1])


def _agency(text: str, at: int) -> tuple[str, int] | None:
    """The agency after a name's slash: ``VOV.VN``, ``VOV-Trung tâm Tin``, ``Báo Tin Tức``."""
    spans = [(m.group(), m.start(), m.end()) for m in _AGENCY_WORD.finditer(text[at : at + 80])]
    if not spans or not (spans[0][0][0].isupper() or spans[0][0][0].isdigit()):
        return None
    taken = [spans[0]]
    outlet_word = spans[0][0] in ("Báo", "báo", "Đài", "Tạp")
    for word, _, _ in spans[1:]:
        prev = taken[-1][0]
        if word in ("-", "–") and taken[-1][0].isupper() and len(taken) == 1:
            taken.append((word, 0, 0))  # "VOV - Trung tâm Tin"
            continue
        if "/" in word or word in ("Theo", "theo") or word in ("-", "–") or len(taken) >= 5:
            break
        if (
            word[0].islower()
            or prev[0].islower()
            or prev.endswith(("-", "–"))
            or (outlet_word and len(taken) < 4)
        ):
            taken.append((word, 0, 0))
            continue
        if "." in prev or (prev.isupper() and "-" not in prev) or not word[0].isupper():
            break  # VOV.VN, TTXVN: the agency ended
        taken.append((word, 0, 0))
    last_end = at + spans[len(taken) - 1][2]
    return " ".join(w for w, _, _ in taken), last_end


def _name(text: str, at: int) -> tuple[str, int] | None:
    """One name at ``at``: ``Kim Thanh``, ``H.T``, ``T.Nhung``, ``PV``, ``Nhóm PV``, ``CTV Lê
    Tùng``, ``TRẦN LƯU``."""
    words: list[str] = []
    end = at
    for match in _NAME_TOKEN.finditer(text[at : at + 80]):
        if text[at + (match.start() - 1 if match.start() else 0)] == "/" and match.start():
            break
        word = match.group()
        is_first = not words
        if is_first and (word in ("Nhóm", "CTV") or word in _REPORTER):
            words.append(word.rstrip(".") if word in _REPORTER else word)
            end = at + match.end()
            if word in _REPORTER and word != "CTV":
                break
            continue
        if words == ["Nhóm"] and word in ("phóng", "PV", "P.V"):
            words.append(word)
            end = at + match.end()
            if word == "phóng":
                nxt = _VIEN.match(text, end)
                if not nxt:
                    return None
                words.append("viên")
                end = nxt.end()
            break
        between = text[end : at + match.start()] if words else ""
        if words and between.strip():
            break  # a separator: the name ended
        if _INITIALS.fullmatch(word) and "." in word and not [w for w in words if w != "CTV"]:
            words.append(word)
            end = at + match.end()
            if word.endswith("."):
                continue  # "M. Sơn"
            break
        if _name_word(word) and len([w for w in words if w not in ("CTV",)]) < 4:
            words.append(word)
            end = at + match.end()
            continue
        break
    real = [w for w in words if w not in ("CTV", "Nhóm")]
    if not real:
        return None
    if words[0] == "Nhóm" and len(words) == 1:
        return None
    if end < len(text) and text[end] not in " ,;/()|-–—\t":
        return None  # a word goes on (a period, a digit): not a name
    return " ".join(words), end


def _outlet(text: str, at: int) -> int | None:
    """Where an outlet of ``OUTLETS`` standing at ``at`` (and ending the text or a footer item)
    ends; None if there is none."""
    first = _FOOTER_WORD.match(text, at)
    if not first or first.group().casefold() not in _OUTLET_FIRST:
        return None
    match = _OUTLET_AT.match(text, at)
    if not match:
        return None
    words = match.group().split()
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count])
        if candidate.casefold() in OUTLETS:
            end = at + text[at:].index(words[count - 1]) + len(words[count - 1])
            if end == len(text) or text[end] in " ()/,;|-–":
                rest = text[end:].strip()
                if not rest or rest[0] in "(/-–,;|" or rest.startswith(("Theo", "theo")):
                    return end
    return None


def _parse_footer(tail: str) -> Footer | None:
    """The footer read from ``tail`` to its end (None when some of it is no footer)."""
    footer = Footer("")
    at = 0
    size = len(tail)
    while True:
        at = _SEPARATOR.match(tail, at).end()  # type: ignore[union-attr]
        if at >= size:
            break
        labelled = False
        for shape, pattern in FOOTER_LABELS.items() if tail[at] in _LABEL_FIRST else ():
            match = pattern.match(tail, at)
            if match and match.end() > at:
                footer.dropped.append((shape, match.group().strip()))
                at = match.end()
                labelled = True
                break
        if labelled:
            continue
        match = _PAREN.match(tail, at)
        if match:
            content = " ".join(match.group(1).split())
            if not _credit_words(content):
                return None
            footer.credits.append(content)
            at = match.end()
            continue
        theo = _theo(tail, at)
        if theo:
            footer.credits.append(theo[0])
            at = theo[1]
            continue
        did = _WHO_DID.match(tail, at)
        if did:
            words, end = _words_until(tail, did.end())
            if words and words[0] in ("theo", "Theo") and len(words) <= 8:
                footer.credits.append(tail[at:end].strip())
                at = end
            else:
                footer.credits.append(did.group())
                at = did.end()
            continue
        honorific = _HONORIFIC.match(tail, at)
        word_match = None if honorific else _FOOTER_WORD.match(tail, at)
        word = word_match.group() if word_match else ""
        head = word.split("/", 1)[0]
        initials = _INITIALS.fullmatch(head) is not None and "." in head
        if (
            head
            and head not in _REPORTER
            and not initials
            and _acronym(head)
            and not _name_word(head)
        ):
            # an outlet: TTXVN, TTXVN/Tin Tức, VnExpress
            end = at + len(head)
            credit = head
            if tail.startswith("/", end):
                agency = _agency(tail, end + 1)
                if agency:
                    credit = f"{head}/{agency[0]}"
                    end = agency[1]
            footer.credits.append(credit)
            at = end
            continue
        paper = _NEWSPAPER.match(tail, at)
        if paper and paper.group(1).isupper() and paper.end() == len(tail.rstrip()):
            footer.credits.append(paper.group().strip())
            at = paper.end()
            continue
        outlet = _outlet(tail, at)
        if outlet:
            footer.credits.append(tail[at:outlet])
            at = outlet
            continue
        name = _name(tail, honorific.end() if honorific else at)
        if name is None:
            return None
        if honorific:
            name = (honorific.group() + name[0], name[1])
        footer.authors.append(name[0])
        at = name[1]
        slash = _SLASH.match(tail, at)
        if slash:
            agency = _agency(tail, slash.end())
            if agency is None:
                return None
            footer.credits.append(agency[0])
            at = agency[1]
    if not footer.authors and not footer.credits and not footer.dropped:
        return None
    return footer


def _dedupe(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _line_is_name(line: str) -> bool:
    """A line of its own read as a byline by the stricter rule of whole lines: no word of an
    institution (``Liên Hợp Quốc`` is no author)."""
    words = line.replace("-", " ").replace("–", " ").split()
    return not any(w in _NOT_NAME or w in _WHOLE_LINE_NOT_NAME for w in words)


# words that make a line of capitalised words an institution rather than a name
_WHOLE_LINE_NOT_NAME = frozenset("Quốc Liên Hợp Chính Việt Nam Hà Nội Phủ".split())


def split_footer(line: str, *, whole: bool = False) -> Footer | None:
    """The byline and credits at the end of ``line``, after its last sentence; None if none.

    ``whole``: the line may be all footer (a byline on a line of its own). A footer starts
    after a sentence's end (``.``, ``!``, ``?``, a closing quote or bracket, ``./.``), and every
    word of it must be a name, a credit or a named label, else there is none.
    """
    if line[-1:] in _SENTENCE_CLOSE and line and not line.endswith("./."):
        last = line[line.rfind(" ", max(0, len(line) - 40)) + 1 :]
        if last[:1].islower() and last.rstrip(_SENTENCE_CLOSE).isalpha():
            return None  # "… làm rõ vụ việc.": a sentence ends the line, nothing after it
    start = max(0, len(line) - FOOTER_WINDOW)
    window = line[start:]
    photo = (
        _TRAILING_PHOTO.search(line, start)
        if "Ảnh" in window or "Video" in window or "Clip" in window
        else None
    )
    contact = _TRAILING_CONTACT.search(line, start) if "@" in window else None
    if contact and contact.start() > 0:
        rest = line[: contact.start()].rstrip()
        found = split_footer(rest, whole=whole) or Footer(rest)
        found.dropped.append(("contact email", contact.group()))
        return found
    if photo and photo.start() > 0:
        found = split_footer(line[: photo.start()].rstrip(), whole=whole) or Footer(
            line[: photo.start()].rstrip()
        )
        found.credits.append(" ".join(photo.group().split()))
        return found
    cuts = [m.end() for m in _BOUNDARY.finditer(window)]
    # a capitalised "Theo" after a lowercase word starts a credit, period or not
    theo = window.find(" Theo ")
    while theo > 0:
        if window[theo - 1].islower():
            cuts.append(theo + 1)
        theo = window.find(" Theo ", theo + 1)
    cuts.sort()
    if whole and start == 0:
        cuts.insert(0, 0)
    for cut in cuts:
        tail = window[cut:].strip()
        if not tail or len(tail) > FOOTER_LONGEST:
            continue
        if tail[0].islower() and not tail.startswith(("theo ", "t/h", "tổng hợp")):
            continue  # a sentence goes on
        half = len(tail) // 2
        repeated = (
            len(tail) % 2 == 1
            and tail[:half] == tail[half + 1 :]
            and tail[half] == " "
            and (" " in tail[:half] or "." in tail[:half] or "/" in tail[:half])
        )  # "Lê Tùng/VOV.VN Lê Tùng/VOV.VN", not the name "Thanh Thanh"
        footer = _parse_footer(tail[:half] if repeated else tail)
        if footer is None:
            continue
        if cut == 0 and not footer.credits and not footer.dropped:
            from_parse = _line_is_name(tail)
            if not from_parse:
                continue  # a line of capitalised words alone: a name only by the old rule
        if repeated:
            footer.dropped.append(("repeated byline", tail[half + 1 :]))
        footer.text = line[: start + cut].rstrip()
        footer.authors = _dedupe(footer.authors)
        footer.credits = [
            c if _DOMAIN.match(c) else c[0].upper() + c[1:] for c in _dedupe(footer.credits)
        ]
        return footer
    return None


# -- junk inside the text -----------------------------------------------------------------------

# site junk found anywhere in a line, each a named shape
JUNK_SHAPES = {
    "share bar": re.compile(r"Thích và chia sẻ bài viết này qua\s*:?"),
    "most viewed": re.compile(r"Video đang được xem nhiều(?: nhất)?\s*:?"),
    "related links": re.compile(r"(?:Bài|Tin) liên quan\s*:?"),
    "newsroom promise": re.compile(
        r"Báo [^.,:;()]{2,40}? cập nhật tin tức trong ngày liên tục, mới nhất\.?"
    ),
    "legal disclaimer": re.compile(
        r"(?:Chú ý|Lưu ý)\s*:\s*Thông tin pháp lý trong hộp nội dung này được trích từ nguồn"
        r" trên mạng Internet, nên chỉ mang tính tham khảo\.?"
    ),
    "see more link": re.compile(r">{2,3}\s*(?:Xem thêm|Xem tiếp|Đọc thêm)\s*:?"),
    "continued": re.compile(r"\((?:Xem tiếp|còn tiếp|Còn tiếp)\)"),
    "photo label": re.compile(r"\(?(?:Ảnh minh họa|Ảnh minh hoạ)\)?\.?(?!\s*:)"),
}
# words each shape holds: a line is searched with a shape's pattern only when it holds one
_JUNK_KEYS = {
    "share bar": ("Thích và chia sẻ",),
    "most viewed": ("Video đang được xem",),
    "related links": ("Bài liên quan", "Tin liên quan"),
    "newsroom promise": ("cập nhật tin tức trong ngày",),
    "legal disclaimer": ("Thông tin pháp lý",),
    "see more link": (">>",),
    "continued": ("tiếp)",),
    "photo label": ("Ảnh minh",),
}


_ALL_JUNK_KEYS = tuple(key for keys in _JUNK_KEYS.values() for key in keys)


def may_hold_junk(text: str) -> bool:
    """Whether the text holds a word of a junk shape (if not, ``drop_junk`` takes nothing)."""
    return any(key in text for key in _ALL_JUNK_KEYS)


def may_hold_photo_credits(text: str) -> bool:
    """Whether the text holds a photo credit's word (if not, ``split_photo_credits`` cuts
    nothing)."""
    return any(word in text for word in _CREDIT_WORDS)


def drop_junk(line: str) -> tuple[str, list[tuple[str, str]]]:
    """``line`` without the site junk it holds, and what was taken (``(shape, text)``)."""
    dropped: list[tuple[str, str]] = []
    for key in _ALL_JUNK_KEYS:
        if key in line:
            break
    else:
        return line, dropped
    for shape, pattern in JUNK_SHAPES.items():
        if not any(key in line for key in _JUNK_KEYS[shape]):
            continue
        if shape == "related links":
            # only the label standing alone (the start of a line, or after a sentence)
            pieces = []
            last = 0
            for match in pattern.finditer(line):
                before = line[max(0, match.start() - 3) : match.start()].rstrip()
                if before and not before.endswith((".", "!", "?", "”", '"', ")")):
                    continue
                pieces.append(line[last : match.start()])
                last = match.end()
                dropped.append((shape, match.group().strip()))
            line = " ".join(p.strip() for p in [*pieces, line[last:]] if p.strip())
            continue
        found = [m.group().strip() for m in pattern.finditer(line)]
        if found:
            dropped.extend((shape, text) for text in found)
            line = " ".join(pattern.sub(" ", line).split())
    return line, dropped


# -- photo credits inside the text -------------------------------------------------------------

# "Ảnh: AFP", "(Ảnh: Vũ Sơn)", "Ảnh minh họa: AFP", "(Nguồn: TTXVN)", "- Ảnh: Công lý"
_PHOTO_CREDIT_START = re.compile(
    r"(?:[-–]\s)?\(?(?:Ảnh(?: minh họa| minh hoạ| tư liệu)?|Nguồn(?: ảnh)?|Photo)\s?:\s*"
)
# where a shown picture was taken from, after its caption: "Ảnh cắt từ clip", "Ảnh chụp màn hình"
_PHOTO_SOURCE = re.compile(
    r"\(?Ảnh (?:cắt|chụp)(?: lại)? (?:từ [Cc]lip|từ [Vv]ideo|màn hình)\)?\.?(?=\s|$)"
)
# a credit in brackets with no colon: "(Ảnh VNE)", "(Ảnh Reuters)"
_BRACKETED_NAME = re.compile(r"\(Ảnh\s(?=[A-ZĐ])(?!Minh họa|Minh hoạ)[^()]{1,40}\)")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)]*(?=\s)")
_ABBREVIATIONS = ("TP", "Tp", "PGS", "GS", "TS", "ThS", "BS", "Th.S", "St", "Mr", "Mrs", "Dr")


def _credit_value(text: str, at: int) -> int:
    """Where an unbracketed photo credit's value that starts at ``at`` ends: after a word with
    a period (``AP.``, ``T.Thanh.``) or a slash (``AFP/TTXVN``); else after a run of capitals
    (``MILITARY TIMES``) or of foreign words (``Internet``), or a two-word Vietnamese name
    (``Hồ Phương``), ``báo`` or ``theo`` before it allowed."""
    tokens = [(m.group(), m.end()) for m in islice(_TOKEN.finditer(text, at, at + 80), 6)]
    if not tokens:
        return at
    first = 1 if tokens[0][0].lower() in ("báo", "theo") and len(tokens) > 1 else 0
    end = tokens[first - 1][1] if first else at
    for index in range(first, min(first + 2, len(tokens))):
        token, token_end = tokens[index]
        initial = index == 0 and len(token) == 2 and token[0].isupper()  # "N." of "N. Hà"
        if (token.endswith(".") and not initial) or "/" in token:
            return token_end  # "Ảnh: AP.", "Ảnh: T.Thanh.", "Ảnh: AFP/TTXVN"
        bare = token.rstrip(",;")
        if initial:
            end = token_end  # the name goes on: "N. Hà"
            continue
        if index == first:
            end = token_end
            if bare.isupper() or not vietnamese_syllable(bare):
                # AFP, REUTERS, Internet: go on while the words are alike
                for next_token, next_end in tokens[index + 1 : index + 4]:
                    alike = (next_token.isupper() and bare.isupper()) or (
                        next_token[:1].isupper()
                        and not vietnamese_syllable(next_token.rstrip("."))
                        and not bare.isupper()
                    )
                    if not alike:
                        break
                    end = next_end
                    if next_token.endswith("."):
                        break
                return end
            continue
        if _name_word(bare) and bare[1:].islower():
            return token_end  # a two-word name: "Hồ Phương"
    return end


_CREDIT_WORDS = ("Ảnh", "Nguồn", "Photo")


def _find_all(line: str, word: str) -> list[int]:
    """Where ``word`` stands in ``line`` (a plain search, no pattern)."""
    found: list[int] = []
    at = line.find(word)
    while at >= 0:
        found.append(at)
        at = line.find(word, at + len(word))
    return found


def split_photo_credits(line: str) -> list[tuple[str, str]]:
    """The line cut at its photo credits: ``("p", text)`` for body text, ``("c", caption)``
    for a caption with its credit (the sentence before the credit, and the credit).
    """
    starts = sorted(at for word in _CREDIT_WORDS for at in _find_all(line, word))
    if not starts:
        return [("p", line)]
    pieces: list[tuple[str, str]] = []
    done = 0  # line[:done] is in pieces
    for word_at in starts:
        # the pattern tried where its word is (a bracket or a dash may stand before it)
        at = word_at - 2 if line[max(0, word_at - 2) : word_at] in ("- ", "– ") else word_at
        at = word_at - 1 if word_at and line[word_at - 1] == "(" else at
        source = _PHOTO_SOURCE.match(line, at) or _BRACKETED_NAME.match(line, at)
        match = source or _PHOTO_CREDIT_START.match(line, at)
        if match is None or match.start() < done:
            continue
        bracketed = "(" in match.group()
        if source:
            end = source.end()  # "Ảnh cắt từ clip.": the caption's own credit, no name
        elif bracketed:
            close = line.find(")", match.end(), match.end() + 120)
            if close < 0:
                continue
            end = close + 1
        else:
            before = line[match.start() - 1] if match.start() else " "
            if not before.isspace() and before not in ".,(":
                continue  # inside a word
            end = _credit_value(line, match.end())
            last = end + FOOTER_WINDOW >= len(line)  # the credit is among the line's last words
            after = line[end : end + FOOTER_WINDOW].strip().lstrip("-– ") if last else "-"
            if end == match.end() or not after or _TRAILING_PHOTO.fullmatch(after):
                continue  # none, or the line's last words: a footer's credit
        # the caption: the sentence before the credit
        cap_start = max(done, match.start() - CAPTION_BACK)
        boundary = done if cap_start == done else -1
        for sentence in _SENTENCE_END.finditer(line, cap_start, max(cap_start, match.start() - 1)):
            if line.endswith(_ABBREVIATIONS, 0, sentence.start()):
                continue
            if line[sentence.start()] in ".!?…" and sentence.end() < match.start() - 1:
                boundary = sentence.end()
        if boundary < 0:
            boundary = match.start()  # no sentence start in reach: the credit alone
        body = line[done:boundary].strip()
        caption = line[boundary:end].strip()
        if body:
            pieces.append(("p", body))
        pieces.append(("c", caption))
        done = end
    rest = line[done:].strip()
    if rest:
        pieces.append(("p", rest))
    return pieces or [("p", line)]
