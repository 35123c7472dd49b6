"""The reader's line breaking: the quick path for one-cell text breaks exactly where the
general, word-by-word path does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.widgets.layout import wrap_by_words, wrap_single_cells, wrap_starts

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậềếểễệìíỉĩịồốổỗộờớởỡợừứửữựỳýỷỹỵĐƯ"
ONE_CELL = LETTERS + "AZ09.,;:!?\"'()-–—…“”₫%/"

words = st.text(alphabet=ONE_CELL, min_size=1, max_size=30)
gaps = st.text(alphabet=" ", min_size=1, max_size=4)


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(words, gaps), max_size=40))
    lead = draw(st.text(alphabet=" ", max_size=3))
    text = lead + "".join(word + gap for word, gap in parts)
    return text if draw(st.booleans()) else text.rstrip(" ")


@settings(max_examples=400, deadline=None)
@given(paragraphs(), st.integers(min_value=1, max_value=60))
def test_one_cell_text_breaks_where_the_word_by_word_path_does(plain: str, width: int) -> None:
    assert wrap_single_cells(plain, width) == wrap_by_words(plain, width)


def test_the_quick_path_is_taken_only_for_one_cell_text() -> None:
    # a wide character (two cells) and a combining mark (none) are measured word by word
    for text in ("Hà Nội 東京 ngày mai", "Ha\u0300 No\u0323i hôm nay", "tab\there", "a\u00a0b c"):
        assert wrap_starts(text, 6) == wrap_by_words(text, 6)
    line = "Quốc hội thông qua luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự."
    assert wrap_starts(line, 20) == wrap_by_words(line, 20) == [0, 19, 36, 57]


def test_the_one_cell_ranges_are_one_cell_wide() -> None:
    from rich.cells import get_character_cell_size

    from tui.widgets.layout import SINGLE_CELL_RANGES

    for low, high in SINGLE_CELL_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            assert not char.isspace() and get_character_cell_size(char) == 1, hex(code)
