"""Snapshots of every screen, in both languages and at 80x24 (``--snapshot-update`` to renew).

The scenes are the ones the README's screenshots are made from (``tui/screenshots.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.screenshots import SCENES, Scene, app_for


@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_screen(scene: Scene, snap_compare: Any, tmp_path: Path) -> None:
    app = app_for(scene, tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        await scene.steps(pilot, app)

    assert snap_compare(app, terminal_size=scene.size, run_before=steps)
