"""Where bantin keeps things: the library, the user's config, the bundled seeds."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "bantin"
LIBRARY_ENV = "BANTIN_DB"
STATE_ENV = "BANTIN_STATE"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    return platformdirs.user_config_path(APP, appauthor=False)


def library_path(override: str | os.PathLike[str] | None = None) -> Path:
    """``override``, else ``$BANTIN_DB``, else the user's data folder."""
    return named_library(override) or data_dir() / "library.db"


def named_library(override: str | os.PathLike[str] | None = None) -> Path | None:
    """The library the user named: ``override``, else ``$BANTIN_DB``; None for the default
    one. Only the default library is made, with the bundled articles, by opening it: a named
    one that does not exist is a typo as often as not, and only an import creates it."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return None


def state_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's own bookmarks and read marks: ``override``, else ``$BANTIN_STATE``, else
    the user's state folder. Never inside a (possibly shared) library."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_state_path(APP, appauthor=False) / "state.db"


def seeds_dir() -> Path:
    """The bundled articles: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seed articles are missing from this installation")
