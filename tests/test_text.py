"""Vietnamese text rules (VIETNAMESE.md §1, §4) with words from the seed articles."""

from __future__ import annotations

import unicodedata

import pytest

from store.text import canon, clean, fold, has_marks, sort_key, sort_key_text, unify_tones


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("hoà", "hòa"),
        ("thoả", "thỏa"),
        ("tuý", "túy"),
        ("uỷ", "ủy"),
        ("khoẻ", "khỏe"),
        ("Uỷ", "Ủy"),
        ("MA TUÝ", "MA TÚY"),
        ("thuỵ", "thụy"),
    ],
)
def test_both_tone_placements_have_one_canonical_form(old_style: str, new_style: str) -> None:
    assert canon(old_style) == canon(new_style)
    assert len(unify_tones(old_style)) == len(old_style)


@pytest.mark.parametrize("word", ["quý", "quỳnh", "hoàn", "thuyết", "ngoài", "Quý"])
def test_tone_placement_leaves_other_syllables_alone(word: str) -> None:
    assert unify_tones(word) == word


def test_seed_sentence_spelt_two_ways_is_one_text() -> None:
    # seed 000 writes "ma tuý" and "ma túy" in one article; "Uỷ ban" and "Ủy ban" too
    assert canon("phòng, chống ma tuý") == canon("phòng, chống ma túy")
    assert canon("Uỷ ban quốc gia") == canon("Ủy ban quốc gia")


def test_folding_removes_marks_and_d_bar_and_case() -> None:
    assert fold("Nguyễn Đình Huệ") == "nguyen dinh hue"
    assert fold("ĐÔNG NAM Á") == "dong nam a"
    assert fold("tiếp tục") == "tiep tuc"  # letters with two marks fold too
    assert fold("Hội nghị") == "hoi nghi"


def test_folding_keeps_length_for_highlight_offsets() -> None:
    text = "Đại tướng Tô Lâm, Ủy viên Bộ Chính trị — İstanbul ǅ ß ﬁ"
    assert len(fold(text)) == len(text)
    assert len(canon(text)) == len(text)


def test_nfd_input_is_the_same_text_after_cleaning() -> None:
    nfc = "Nguyễn Thanh Sơn, Thứ trưởng Bộ Công an"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert clean(nfd) == nfc
    assert fold(clean(nfd)) == fold(nfc)


def test_marks_are_detected() -> None:
    assert has_marks("má") and has_marks("đi") and has_marks("Ủy")
    assert not has_marks("ma") and not has_marks("ASEAN") and not has_marks("nguyen")


def test_clean_strips_terminal_controls_but_keeps_text() -> None:
    dirty = "Hà\x1b[2J\x1b[31mNội\x1b[0m\x07 \x1b]0;title\x07ok \u202eabc\u200b\x9b1mX\r\nY"
    assert clean(dirty) == "HàNội ok abcX\nY"
    assert clean("[bold red]ma túy[/]") == "[bold red]ma túy[/]"


def test_vietnamese_alphabetical_order() -> None:
    names = ["Đặng Đình Quý", "Dmitriy", "Ánh", "Anh", "Ân", "ăn", "Bùi Thanh Sơn", "Ấn", "Ghada"]
    ordered = sorted(names, key=sort_key)
    # a < ă < â, d < đ; tones after letters (Anh before Ánh), accented initials not last
    assert ordered == [
        "Anh",
        "Ánh",
        "ăn",
        "Ân",
        "Ấn",
        "Bùi Thanh Sơn",
        "Dmitriy",
        "Đặng Đình Quý",
        "Ghada",
    ]


def test_tone_order_within_a_syllable() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # ngang huyền hỏi ngã sắc nặng
    assert sorted(reversed(tones), key=sort_key) == tones
    assert sorted(reversed(tones), key=sort_key_text) == tones


def test_sort_key_text_agrees_with_sort_key() -> None:
    names = ["Tô Lâm", "Trần Quốc Tỏ", "Từ Đại Đồng", "Lê Quốc Hùng", "Lê Thu Hà", "Lázaro"]
    assert sorted(names, key=sort_key_text) == sorted(names, key=sort_key)


def test_an_unterminated_escape_does_not_eat_the_article() -> None:
    text = "Tiêu đề \x1b]0;không có kết thúc\nĐoạn sau vẫn còn.\nĐoạn cuối \u061cở đây."
    assert clean(text) == "Tiêu đề \nĐoạn sau vẫn còn.\nĐoạn cuối ở đây."
