"""Vietnamese text rules: one canonical form, folding, and the Vietnamese sort key.

Every function that maps a string to a string for matching (``fold``, ``canon``) keeps its
length, one character for one character, so that a match found in the transformed text can
be highlighted at the same offsets in the text as written.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# -- cleaning on the way in ---------------------------------------------------------------

# ESC sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte escapes;
# also the 8-bit CSI (U+009B) and OSC (U+009D) forms.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST (or the line)
    r"|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # other escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c\n]*[\x07\x9c]?"
)
# C0 controls but tab and newline, DEL, C1 controls, bidi controls, zero-width characters,
# the BOM, and lone surrogates (which cannot be encoded and so cannot be stored).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def clean(text: str) -> str:
    """NFC, newlines unified, terminal escapes and invisible controls removed.

    Article text is untrusted: this runs on everything an import reads.
    """
    if text.replace("\n", " ").isprintable():
        # every character the steps below take out or change is unprintable (a control, a
        # format character, a space other than " "): for ordinary text only NFC is left to do
        return unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


# -- showing on a terminal ----------------------------------------------------------------

# Line breaks and tabs become a space (a drawn line is one line); every other C0 control
# becomes its visible picture (ESC -> ␛), DEL ␡, C1 controls and bidi overrides �.
_PRINTABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_PRINTABLE.update({code: " " for code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)})
_PRINTABLE[0x7F] = "\u2421"
for _code in [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
    _PRINTABLE.setdefault(_code, "\ufffd")
_UNPRINTABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_PRINTABLE)) + "]")


def printable(text: str) -> str:
    """Text a terminal can be given as it is: no control character reaches it.

    One character for one character (offsets of matches stay right), so that an escape
    sequence shows as ``␛[31m``, inert, whatever wrote the library. Markup is a matter for
    the widgets: they take text, never markup.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return text.translate(_PRINTABLE)


# -- folding: lowercase, no marks, đ -> d ------------------------------------------------


class _FoldTable(dict[int, str]):
    """A str.translate table filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        if len(base) != 1:
            lowered = char.lower()
            base = lowered if len(lowered) == 1 else char
        self[code] = base
        return base


_FOLD = _FoldTable({ord("đ"): "d", ord("Đ"): "d"})


class _LowerTable(dict[int, str]):
    def __missing__(self, code: int) -> str:
        char = chr(code)
        lowered = char.lower()
        result = lowered if len(lowered) == 1 else char
        self[code] = result
        return result


_LOWER = _LowerTable()


# The quick way to fold the usual characters of an article (ASCII, Vietnamese letters, common
# punctuation and Latin letters): the lowercased text is encoded as one byte a character with
# a charmap of them, then decoded with their folded forms, both in C. A character it does not
# know sends the text the slow way, ``str.translate`` with ``_FOLD`` (a lookup a character):
# the result is the same (tests check it for every character).
_QUICK_CHARS = (
    "".join(chr(code) for code in range(128))
    + "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    + "äåæçëîïðñöøûüþÿßœšžł"
    + "“”‘’„‚–—―…•·′″‰«»‹›°×÷±²³½€£¥¢©®™§¶¡¿¬µ\u00ad"
)
_QUICK_TABLE = _QUICK_CHARS + "\ufffe" * (256 - len(_QUICK_CHARS))  # U+FFFE: no character
_QUICK_ENCODE = codecs.charmap_build(_QUICK_TABLE)  # a C map (a dict, were the table wrong)
_QUICK_FOLD = "".join(c if c == "\ufffe" else c.translate(_FOLD) for c in _QUICK_TABLE)


def fold(text: str) -> str:
    """Lowercase with every mark removed and đ as d; the same length as ``text``."""
    return fold_lowered(text, text.lower())


def fold_lowered(text: str, lowered: str) -> str:
    """``fold(text)``, given ``text.lower()`` (which callers may have already)."""
    quick = _quick(lowered)
    return text.translate(_FOLD) if quick is None else _fold_quickly(quick)


def _quick(lowered: str) -> bytes | None:
    """The text a byte a character through the quick charmap (made for lowercase text);
    None when a character is not in it, for the slow ways."""
    try:
        return codecs.charmap_encode(lowered, "strict", _QUICK_ENCODE)[0]
    except UnicodeEncodeError:
        return None


def _fold_quickly(quick: bytes) -> str:
    return str(codecs.charmap_decode(quick, "strict", _QUICK_FOLD)[0])


def lower(text: str) -> str:
    """Lowercase, one character for one character."""
    return text.translate(_LOWER)


# -- tone placement ------------------------------------------------------------------------

_TONELESS = "aăâeêioôơuưy"
# For each toneless vowel, its forms with the tones in the order: huyền, hỏi, ngã, sắc, nặng.
_TONED = {
    "a": "àảãáạ",
    "ă": "ằẳẵắặ",
    "â": "ầẩẫấậ",
    "e": "èẻẽéẹ",
    "ê": "ềểễếệ",
    "i": "ìỉĩíị",
    "o": "òỏõóọ",
    "ô": "ồổỗốộ",
    "ơ": "ờởỡớợ",
    "u": "ùủũúụ",
    "ư": "ừửữứự",
    "y": "ỳỷỹýỵ",
}
# vowel character -> (toneless vowel, tone 0..5), for lowercase and uppercase
_VOWEL: dict[str, tuple[str, int]] = {}
for _base, _forms in _TONED.items():
    _VOWEL[_base] = (_base, 0)
    _VOWEL[_base.upper()] = (_base.upper(), 0)
    for _tone, _form in enumerate(_forms, start=1):
        _VOWEL[_form] = (_base, _tone)
        _VOWEL[_form.upper()] = (_base.upper(), _tone)


def _with_tone(base: str, tone: int) -> str:
    if tone == 0:
        return base
    form = _TONED[base.lower()][tone - 1]
    return form.upper() if base.isupper() else form


def _class(chars: str) -> str:
    return "".join(c + c.upper() for c in chars)


_O = _class("oòỏõóọ")
_U = _class("uùủũúụ")
_TONED_AE = _class("àảãáạèẻẽéẹ")
_TONED_Y = _class("ỳỷỹýỵ")
# An open syllable ending in oa, oe or uy (not after q, nothing after it) with the tone on its
# last vowel: the two conventions put it on different vowels there ("hoà"/"hòa", "thuý"/"thúy").
# Found by its two vowels, not after a vowel or q, at a word's end (one scan), then checked.
_NOT_BEFORE = "".join(_VOWEL) + "qQ"
_OLD_PLACEMENT = re.compile(rf"[{_O}{_U}](?<![{_NOT_BEFORE}].)[{_TONED_AE}{_TONED_Y}](?!\w)")


def unify_tones(text: str) -> str:
    """Put the tone of open oa/oe/uy syllables on the first vowel: hoà -> hòa, tuý -> túy.

    Keeps the length and the case; syllables with a final consonant, qu + vowel and
    anything that is not such a syllable are left alone.
    """
    quick = _quick(text)
    return _unify_slowly(text) if quick is None else _unify_quickly(text, quick)


def _unify_slowly(text: str) -> str:
    """``unify_tones`` of any text: a regex scan for the syllables."""
    starts: list[int] = []
    for match in _OLD_PLACEMENT.finditer(text):
        start = match.start()  # the syllable's first vowel
        vowel, toned = text[start], text[start + 1]
        if (vowel in _O and toned in _TONED_AE) or (vowel in _U and toned in _TONED_Y):
            starts.append(start)
    return _place_tones(text, starts)


# ``unify_tones`` the quick way, for the text ``_QUICK_ENCODE`` encodes: a byte a character
# telling what the syllables' test needs (the vowels o and u, the toned vowels after them,
# other vowels or q, other word characters, the rest), then the vowel pairs found with
# ``bytes.find``, in C: a scan by the regex takes four times as long. Tests check that both
# ways agree.
def _tone_class(char: str) -> int:
    if char in _O:
        return ord("O")
    if char in _U:
        return ord("U")
    if char in _TONED_AE:
        return ord("A")
    if char in _TONED_Y:
        return ord("Y")
    if char in _NOT_BEFORE:
        return ord("V")
    return ord("w") if re.match(r"\w", char) else ord(" ")


_TONE_CLASSES = bytes(_tone_class(char) for char in _QUICK_TABLE)
_NOT_BEFORE_CLASSES = frozenset(b"OUAYV")  # a vowel or q
_WORD_CLASSES = frozenset(b"OUAYVw")


def _unify_quickly(text: str, quick: bytes) -> str:
    """``unify_tones(text)``, given ``text`` encoded with ``_QUICK_ENCODE``."""
    classes = quick.translate(_TONE_CLASSES)
    end = len(classes)
    starts: list[int] = []
    for pair in (b"OA", b"UY"):
        at = classes.find(pair)
        while at >= 0:
            if (at == 0 or classes[at - 1] not in _NOT_BEFORE_CLASSES) and (
                at + 2 == end or classes[at + 2] not in _WORD_CLASSES
            ):
                starts.append(at)
            at = classes.find(pair, at + 2)
    if len(starts) > 1:
        starts.sort()
    return _place_tones(text, starts)


def _place_tones(text: str, starts: list[int]) -> str:
    """The text with the tone of each syllable that starts at ``starts`` on its first vowel."""
    if not starts:
        return text
    parts: list[str] = []
    last = 0
    for start in starts:
        vowel, toned = text[start], text[start + 1]
        first, tone_first = _VOWEL[vowel]
        second, tone_second = _VOWEL[toned]
        parts.append(text[last:start])
        parts.append(_with_tone(first, tone_first or tone_second) + second)
        last = start + 2
    parts.append(text[last:])
    return "".join(parts)


def canon(text: str) -> str:
    """The form exact (marked) matching compares: lowercase, tones placed one way."""
    return unify_tones(lower(text))


def canon_text(text: str) -> str:
    """``canon`` for whole texts to hash or index: the same words, quicker (``str.lower``),
    but not always the same length (the highlighter uses ``canon``)."""
    if len(text) <= _PART:
        return unify_tones(text.lower())
    # a part at a time (cut at whitespace, where neither step looks across): bounded memory
    return "".join(unify_tones(part.lower()) for part in _cut(text))


def canon_and_fold(text: str) -> tuple[str, str]:
    """``canon_text(text)`` and ``fold(text)``, the text lowercased once."""
    if len(text) > _PART:
        return canon_text(text), fold(text)
    lowered = text.lower()
    quick = _quick(lowered)
    if quick is None:
        return _unify_slowly(lowered), text.translate(_FOLD)
    return _unify_quickly(lowered, quick), _fold_quickly(quick)


def has_marks(word: str) -> bool:
    """Whether a word carries any mark (tone, hat, breve, horn, or is đ)."""
    return fold(word) != lower(word)


# -- words ----------------------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def count_words(text: str) -> int:
    """Words as a reader counts them (for reading time): runs between spaces."""
    return sum(len(part.split()) for part in _parts(text))


_PART = 1 << 16  # a long text is split into words a part of this many characters at a time
_WHITESPACE = re.compile(r"\s")  # what str.split() splits at


def _parts(text: str) -> list[str] | Iterator[str]:
    """The text in parts cut at whitespace (no word is cut); a short text whole."""
    if len(text) <= _PART:
        return [text]
    return _cut(text)


def _cut(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = start + _PART
        if end < len(text):
            space = _WHITESPACE.search(text, end)
            end = space.start() if space else len(text)
        yield text[start:end]
        start = end


def spaced(text: str) -> str:
    """``" ".join(text.split())``: words one space apart, without holding a list of every word
    of a long text (a line of megabytes is a million words)."""
    if len(text) <= _PART:
        if "  " not in text and text.replace("\n", " ").isprintable():
            # its whitespace is single spaces (every other kind is unprintable) and newlines:
            # only the runs that hold a newline are to become one space
            return _NEWLINE_RUN.sub(" ", text.replace(" \n", "\n")).strip(" ")
        return " ".join(text.split())
    return " ".join(joined for part in _cut(text) if (joined := " ".join(part.split())))


_NEWLINE_RUN = re.compile("\n[\n ]*")


# -- Vietnamese sort key -------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# tone order of VIETNAMESE.md §4: ngang < huyền < hỏi < ngã < sắc < nặng (as in _TONED)


@lru_cache(maxsize=4096)
def _char_key(char: str) -> tuple[int, int, int]:
    """(primary, tone, case) for one character."""
    is_upper = char != char.lower()
    low = char.lower()
    if low in _VOWEL:
        base, tone = _VOWEL[low]
        return (100 + _RANK[base], tone, int(is_upper))
    if low in _RANK:
        return (100 + _RANK[low], 0, int(is_upper))
    if low.isdigit():
        return (50 + (ord(low) % 10), 0, 0)
    if low.isspace():
        return (0, 0, 0)
    decomposed = unicodedata.normalize("NFD", low)
    base = decomposed[0] if decomposed else low
    if base in _RANK:  # other Latin letters with marks: by their base letter
        return (100 + _RANK[base], 9, int(is_upper))
    if not low.isalnum():
        return (10, ord(low) % 1000, 0)
    return (1000 + ord(low), 0, int(is_upper))


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Vietnamese alphabetical order: letters first, then tones, then case."""
    keys = [_char_key(c) for c in unicodedata.normalize("NFC", text).strip()]
    return (
        tuple(k[0] for k in keys),
        tuple(k[1] for k in keys),
        tuple(k[2] for k in keys),
    )


def _key_char(value: int) -> str:
    """A character for a key number, in the same order, never a surrogate (SQLite stores
    text as UTF-8, which has no surrogates: Hangul syllables from U+D318 on would give one)."""
    code = 0x100 + value
    if code >= 0xD800:
        code += 0x800
    return chr(min(code, 0x10FFFF))


def sort_key_text(text: str) -> str:
    """``sort_key`` as a string that sorts the same way, for a SQLite column."""
    primary, tones, cases = sort_key(text)
    return (
        "".join(_key_char(p) for p in primary)
        + "\x01"
        + "".join(chr(0x30 + t) for t in tones)
        + "\x01"
        + "".join(chr(0x30 + c) for c in cases)
    )
