"""UI language: gettext catalogs compiled from the shipped .po files at start; dates, numbers.

Every UI string goes through ``_``. The language comes from ``--lang``, else ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, else English. ``locale.setlocale`` is never called: dates
and numbers are written with babel's patterns for the language, by this module itself (babel
loads only to compile a catalog, on a first run).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from datetime import date as Date
from functools import lru_cache
from pathlib import Path

import platformdirs

LANGUAGES = ("vi", "en")
DOMAIN = "bantin"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current = "en"
_translations: gettext.NullTranslations = gettext.NullTranslations()
_cache: dict[str, gettext.NullTranslations] = {}


def detect_language(explicit: str | None = None) -> str:
    """``explicit`` if given, else the first supported language named by the environment."""
    if explicit:
        return explicit if explicit in LANGUAGES else "en"
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
            if code and code not in ("c", "posix"):
                break
    return "en"


def compile_catalog(po_path: Path) -> bytes:
    """The .mo bytes of a .po catalog."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _compiled(po_path: Path) -> bytes:
    """The catalog compiled at first run and kept in the user's cache, keyed by its content."""
    source = po_path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    cache = platformdirs.user_cache_path("bantin", appauthor=False) / "locale"
    target = cache / f"{po_path.parent.parent.name}-{digest}.mo"
    try:
        return target.read_bytes()
    except OSError:
        pass
    data = compile_catalog(po_path)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError:
        pass  # a read-only cache only costs a compile at each start
    return data


def _load(language: str) -> gettext.NullTranslations:
    if language in _cache:
        return _cache[language]
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    translations: gettext.NullTranslations
    if po_path.exists():
        translations = gettext.GNUTranslations(io.BytesIO(_compiled(po_path)))
    else:
        translations = gettext.NullTranslations()
    _cache[language] = translations
    return translations


def install(language: str) -> str:
    """Make ``language`` the UI language; returns the language used."""
    global _current, _translations
    _current = language if language in LANGUAGES else "en"
    _translations = _load(_current)
    return _current


def current() -> str:
    return _current


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for translation where it is defined; ``_`` translates it when shown."""
    return message


# -- dates and numbers ---------------------------------------------------------------------


def _parts(iso: str) -> tuple[int, int, int | None] | None:
    try:
        pieces = [int(p) for p in iso.split("-")]
    except ValueError:
        return None
    if len(pieces) == 3:
        return pieces[0], pieces[1], pieces[2]
    if len(pieces) == 2:
        return pieces[0], pieces[1], None
    return None


# babel patterns: (style, language) -> (with a day, month only); the formatting below writes
# the same text without loading babel and its locale data, which costs a noticeable part of
# start-up (the list's and the reader's first dates)
_PATTERNS = {
    ("long", "vi"): ("EEEE, d 'tháng' M, y", "'tháng' M 'năm' y"),
    ("long", "en"): ("EEEE, d MMMM y", "MMMM y"),
    ("short", "vi"): ("dd/MM/y", "MM/y"),
    ("short", "en"): ("d MMM y", "MMM y"),
    ("day", "vi"): ("d MMMM, y", "'tháng' M 'năm' y"),
    ("day", "en"): ("d MMMM y", "MMMM y"),
}


def _date(iso: str | None, style: str) -> str:
    return _cached_date(iso, style, _current) if iso else ""


_WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@lru_cache(maxsize=4096)
def _cached_date(iso: str, style: str, language: str) -> str:
    parts = _parts(iso)
    if parts is None:
        return iso
    year, month, day = parts
    value = Date(year, month, day or 1)  # an impossible date raises, as it did with babel
    vi = language == "vi"
    if style == "day":  # the long date without its weekday
        if day is None:
            return f"tháng {month} năm {year}" if vi else f"{_MONTHS[month - 1]} {year}"
        return f"{day} tháng {month}, {year}" if vi else f"{day} {_MONTHS[month - 1]} {year}"
    if style == "long":
        if day is None:
            return f"tháng {month} năm {year}" if vi else f"{_MONTHS[month - 1]} {year}"
        weekday = _WEEKDAYS["vi" if vi else "en"][value.weekday()]
        if vi:
            return f"{weekday}, {day} tháng {month}, {year}"
        return f"{weekday}, {day} {_MONTHS[month - 1]} {year}"
    if vi:
        return f"{month:02}/{year}" if day is None else f"{day:02}/{month:02}/{year}"
    short = _MONTHS[month - 1][:3]
    return f"{short} {year}" if day is None else f"{day} {short} {year}"


def long_date(iso: str | None) -> str:
    """``Thứ Tư, 21 tháng 6, 2023`` / ``Wednesday, 21 June 2023``; a month-only date as a month."""
    return _date(iso, "long")


def day_date(iso: str | None) -> str:
    """``21 tháng 6, 2023`` / ``21 June 2023``: the long date without its weekday (a
    citation's); a month-only date as a month."""
    return _date(iso, "day")


def short_date(iso: str | None) -> str:
    """A list column: ``21/06/2023`` (vi) or ``21 Jun 2023`` (en); ``09/2020`` for a month."""
    return _date(iso, "short")


def number(value: int) -> str:
    """``100,000`` (en) or ``100.000`` (vi), as babel writes them."""
    text = f"{value:,}"
    return text.replace(",", ".") if _current == "vi" else text
