"""Opening the reader, the one way both ways in take: ``bantin`` on a terminal (``tui.cli``,
without click) and the click group with no command (``tui.command_line``)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import BantinApp


class CannotOpen(Exception):
    """The reader cannot open its library; the message is one line for a person."""


def reader_app(
    db: str | os.PathLike[str] | None = None,
    state: str | os.PathLike[str] | None = None,
    lang: str | None = None,
) -> BantinApp:
    """The reader on the library ``db`` (else ``$BANTIN_DB``, else the user's own, made with the
    bundled articles on first run), ready to run, with the garbage collector paused until its
    first frame (``tui.startup.pause_collections`` says why); ``CannotOpen`` when the library
    cannot be opened, said before any screen."""
    from store import paths
    from store.probe import probe

    named = paths.named_library(db)
    path = named or paths.library_path()
    problem = probe(path, named=named is not None)  # a bad file fails here, in one line
    if problem:
        raise CannotOpen(problem)
    from . import startup

    startup.pause_collections()
    from .data import LibraryService

    service = LibraryService(path, paths.state_path(state))
    service.read_first_view()  # while Textual loads
    from .app import BantinApp

    return BantinApp(language=lang, service=service, collections_paused=True)


def run_reader(
    db: str | os.PathLike[str] | None = None,
    state: str | os.PathLike[str] | None = None,
    lang: str | None = None,
) -> int:
    """Open the reader (``reader_app``) and return its exit status; a library that cannot be
    opened is said in one line on stderr, status 1."""
    try:
        app = reader_app(db, state, lang)
    except CannotOpen as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    app.run()
    return app.return_code or 0
