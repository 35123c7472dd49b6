"""Start-up settings (``tui.startup``): in place before Textual loads, and the benchmark's hook."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pilot import main_screen

from tui.app import BantinApp


@pytest.mark.parametrize(("given", "expected"), [(None, "120"), ("30", "30")])
def test_textuals_frame_rate_is_set_before_textual_loads(given: str | None, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    if given is not None:
        env["TEXTUAL_FPS"] = given  # a value the user sets is kept
    code = "import tui.cli, tui.app\nfrom textual import constants\nprint(constants.MAX_FPS)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == expected


def test_the_benchmarks_hook_quits_once_the_first_article_is_painted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANTIN_EXIT_AFTER_PAINT", "1")
    painted: list[bool] = []  # at each exit: was the first article drawn?

    async def main() -> None:
        app = BantinApp(db_path=tmp_path / "lib.db", language="en")
        real_exit = app.exit

        def exit_and_note(*args: object, **kwargs: object) -> None:
            painted.append(main_screen(app).reader.drawn)
            real_exit()

        app.exit = exit_and_note  # type: ignore[method-assign]
        async with app.run_test(size=(120, 34)) as pilot:
            for _ in range(500):
                if not app.is_running:
                    break
                await pilot.pause(0.02)
            assert not app.is_running

    asyncio.run(main())
    assert painted == [True]  # quit by itself, once, after the article was drawn
