from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.library import Library

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the user's real data, config or state folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("BANTIN_DB", raising=False)
    monkeypatch.delenv("BANTIN_STATE", raising=False)


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def library(seeds: Path) -> Iterator[Library]:
    """An in-memory library holding the five seed articles."""
    lib = Library.memory()
    report = lib.import_paths([seeds])
    assert report.imported == 5
    yield lib
    lib.close()


def by_source(lib: Library, prefix: str) -> str:
    """The id of the seed article whose file name starts with ``prefix``."""
    row = lib.db.execute("SELECT id FROM articles WHERE source LIKE ?", [prefix + "%"]).fetchone()
    assert row, prefix
    return str(row[0])
