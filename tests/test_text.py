"""Vietnamese text rules (VIETNAMESE.md §1, §4) with words from the seed articles."""

from __future__ import annotations

import codecs
import random
import unicodedata

import pytest

from store import text
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


# -- the quick ways give what the slow ways give ------------------------------------------------

ALL_CHARACTERS = [chr(code) for code in range(0x110000)]


def test_the_quick_fold_gives_the_table_s_fold_for_every_character_it_takes() -> None:
    # the quick way takes a text when every character of its lowercase is in its charmap;
    # ``lower`` looks at the characters around only for a final sigma, not in the charmap
    quick = set(text._QUICK_CHARS)
    assert type(text._QUICK_ENCODE).__name__ == "EncodingMap"  # a C map, not a dict
    assert len(text._QUICK_TABLE) == 256 and len(quick) == len(text._QUICK_CHARS)
    assert not quick & {"σ", "ς"}
    taken = [c for c in ALL_CHARACTERS if set(c.lower()) <= quick]
    assert len(taken) > 300
    for char in taken:
        assert fold(char) == char.translate(text._FOLD), hex(ord(char))
    sample = "".join(taken)
    assert fold(sample) == sample.translate(text._FOLD)
    for other in ("Σ", "İ", "a\u0301", "ǅ", "ﬁ", "\u3000", "ѐ"):
        mixed = sample + other + sample
        assert fold(mixed) == mixed.translate(text._FOLD)


def test_what_clean_takes_out_or_changes_is_unprintable() -> None:
    # clean's quick way: a text whose lines are printable only needs NFC
    touched = [
        c
        for c in ALL_CHARACTERS
        if c in "\r\x1b\x9b\x9d" or text._CONTROLS.match(c) or text._SPACES.match(c)
    ]
    assert len(touched) > 2000
    assert not any(c.isprintable() for c in touched)
    # and parse._lines': every whitespace but " " is unprintable too
    assert not any(c.isspace() and c.isprintable() for c in ALL_CHARACTERS if c != " ")


@pytest.mark.parametrize(
    "sample",
    [
        "hoà hoẠ Hoà HOÀ khoẻ thuý tuỷ quý quà ngoài hoàng thoả-thuận qoà uoà",
        "òa ủy oá óa ụy Thuỵ hoà\nhoà\thoà hoà_x hoà1 (hoà) «thuý»",
        "tuý" * 3 + " hoà" + "ý" + "oè",
    ],
)
def test_unify_tones_one_scan_agrees_with_the_rule(sample: str) -> None:
    def by_rule(value: str) -> str:  # each toned a, e, y at a word's end, checked
        chars = list(value)
        for index, char in enumerate(value):
            if index == 0 or char not in text._TONED_AE + text._TONED_Y:
                continue
            if index + 1 < len(value) and (value[index + 1].isalnum() or value[index + 1] == "_"):
                continue
            vowel, start = value[index - 1], index - 1
            pair_o = vowel in text._O and char in text._TONED_AE
            if not (pair_o or (vowel in text._U and char in text._TONED_Y)):
                continue
            if start and (value[start - 1] in text._VOWEL or value[start - 1] in "qQ"):
                continue
            first, tone_first = text._VOWEL[vowel]
            second, tone_second = text._VOWEL[char]
            chars[start] = text._with_tone(first, tone_first or tone_second)
            chars[index] = second
        return "".join(chars)

    assert unify_tones(sample) == by_rule(sample)
    assert unify_tones(sample.upper()) == by_rule(sample.upper())


def test_the_quick_tone_placement_agrees_with_the_scan_beside_every_character() -> None:
    # the quick way classes each character it takes; the scan asks the regex
    around = ["", *text._QUICK_CHARS]
    for middle in ("oà", "uỳ", "ọé", "uá", "óa"):
        for before in around:
            for after in around:
                sample = before + middle + after
                quick = codecs.charmap_encode(sample, "strict", text._QUICK_ENCODE)[0]
                assert text._unify_quickly(sample, quick) == text._unify_slowly(sample), sample
    rng = random.Random(7)
    letters = "oòóọuúủyýỳaàáạeéèhtqk -.\n" + "OUQ"
    for _ in range(2000):
        sample = "".join(rng.choice(letters) for _ in range(rng.randint(1, 40)))
        assert unify_tones(sample) == text._unify_slowly(sample), sample


@pytest.mark.parametrize(
    "sample",
    [
        "a b\n\nc",
        " a \n b ",
        "\n\n a\n \nb\n",
        "a  b\n c",
        "a\tb \u00a0c\u2028d\x1ce",
        "Hà Nội\n\nngày 2/6 \n\n\n Bộ Công an",
        "Hà Nội\n\nngày 2/6\nBộ Công an\n\n",
        "\na b\n\n\nc\n",
        "\n\na\n\nb c",
        "",
        " \n ",
    ],
)
def test_spaced_gives_the_words_one_space_apart(sample: str) -> None:
    assert text.spaced(sample) == " ".join(sample.split())
