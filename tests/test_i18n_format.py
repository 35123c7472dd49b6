"""Dates and numbers are written as babel writes them with the UI's patterns, without loading
babel at start (``tui.i18n`` formats them itself)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from tui import i18n


def _babel(iso: str, style: str, language: str) -> str:
    pieces = [int(p) for p in iso.split("-")]
    with_day, month_only = i18n._PATTERNS[(style, language)]
    if len(pieces) == 2:
        return format_date(date(pieces[0], pieces[1], 1), month_only, locale=language)
    return format_date(date(*pieces), with_day, locale=language)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("style", ["long", "short", "day"])
def test_dates_are_written_as_babel_writes_them(language: str, style: str) -> None:
    rng = random.Random(7)
    days = [date(2023, 6, 21), date(1, 1, 1), date(999, 12, 31), date(2024, 2, 29)]
    days += [date(2000, 1, 1) + timedelta(days=rng.randrange(0, 20000)) for _ in range(300)]
    isos = [d.isoformat() for d in days] + [f"{d.year:04}-{d.month:02}" for d in days]
    for iso in isos:
        assert i18n._cached_date(iso, style, language) == _babel(iso, style, language), iso


@pytest.mark.parametrize("language", ["vi", "en"])
def test_numbers_are_written_as_babel_writes_them(language: str) -> None:
    previous = i18n.current()
    i18n.install(language)
    try:
        for value in (0, 5, 999, 1000, 12345, 100000, 1234567, -1234, 10**9):
            assert i18n.number(value) == format_decimal(value, locale=language)
    finally:
        i18n.install(previous)


def test_an_impossible_date_is_refused_and_text_that_is_no_date_kept() -> None:
    with pytest.raises(ValueError):
        i18n._cached_date("2023-02-30", "long", "en")
    assert i18n._cached_date("sometime", "short", "vi") == "sometime"
