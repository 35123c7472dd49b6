"""The reader's command-line options, written once: the launcher (``tui.cli``) reads them
without click, which would cost start-up, and ``tui.command_line`` makes its click options of
them, so ``bantin --help`` and the launcher always agree on names, values and help.
"""

from __future__ import annotations

from typing import NamedTuple

from store.paths import LIBRARY_ENV, STATE_ENV


class Option(NamedTuple):
    """An option that takes a value: ``--name VALUE`` or ``--name=VALUE``. (A named tuple: it
    is made on the reader's way to its first frame, where a dataclass costs twice as long.)"""

    name: str  # as typed: "--db"
    dest: str  # the keyword it fills: a command's parameter, ``tui.launch.run_reader``'s argument
    what: str  # what it chooses, for --help
    default: str  # what is used without it, in words
    env: str | None = None  # read before the default (by ``store.paths``)
    choices: tuple[str, ...] = ()  # the only values taken, when not empty
    path: bool = False  # a file's name (not a folder's)
    note: str = ""  # said after the default in --help

    @property
    def help(self) -> str:
        default = f"${self.env}, else {self.default}" if self.env else self.default
        return f"{self.what} (default: {default}).{' ' + self.note if self.note else ''}"

    @property
    def metavar(self) -> str | None:
        """``PATH`` for a file; None for choices, which click shows as ``[vi|en]``."""
        return "PATH" if self.path else None


DB = Option(
    "--db",
    "db",
    "Library file",
    "the user data folder",
    env=LIBRARY_ENV,
    path=True,
    note=f"A library named here or in ${LIBRARY_ENV} must exist, except for bantin import, "
    "which creates it.",
)
LANG = Option(
    "--lang",
    "lang",
    "Language of the screens",
    "from LANGUAGE, LC_ALL or LANG; else English",
    choices=("vi", "en"),
)
STATE = Option(
    "--state",
    "state",
    "Your bookmarks, notes and read marks",
    "the user state folder",
    env=STATE_ENV,
    path=True,
)

# ``bantin`` with these alone, on a terminal, opens the reader (in this order in --help)
READER = (DB, LANG, STATE)
