"""The list skips repainting its scroll bar when the thumb would be drawn the same: that must
be exactly when Textual's own scroll bar drawing comes out the same."""

from __future__ import annotations

import random
from math import ceil
from types import SimpleNamespace
from typing import Any

from textual.scrollbar import ScrollBar, ScrollBarRender

from tui.textual_compat import thumb_eighths


def _bar(virtual: int, window: int, size: int) -> Any:
    return SimpleNamespace(
        window_virtual_size=virtual,
        window_size=window,
        size=SimpleNamespace(height=size),
        validate_position=lambda position: ScrollBar.validate_position(None, position),
    )


def _drawn(virtual: int, window: int, size: int, position: float) -> list[tuple[str, Any]]:
    shown = window if window < virtual else 0
    segments = ScrollBarRender.render_bar(
        size=size,
        virtual_size=ceil(virtual),
        window_size=ceil(shown),
        position=ScrollBar.validate_position(None, position),
    )
    return [(segment.text, segment.style) for segment in segments.segments]


def test_the_thumb_is_the_same_exactly_when_the_bar_is_drawn_the_same() -> None:
    rng = random.Random(3)
    same = different = 0
    for _ in range(3000):
        size = rng.randint(3, 60)
        window = rng.randint(1, 60)
        virtual = rng.choice([rng.randint(1, 200), rng.randint(1000, 200_000)])
        top = max(0, virtual - window)
        old = rng.randint(0, top)
        new = min(top, max(0, old + rng.choice([-1, 1, rng.randint(-500, 500)])))
        bar = _bar(virtual, window, size)
        thumbs_equal = thumb_eighths(bar, old) == thumb_eighths(bar, new)
        drawn_equal = _drawn(virtual, window, size, old) == _drawn(virtual, window, size, new)
        assert thumbs_equal == drawn_equal, (virtual, window, size, old, new)
        same += thumbs_equal
        different += not thumbs_equal
    assert same > 300 and different > 300  # both cases were tried
