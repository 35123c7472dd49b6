"""``bantin``: the reader straight away, every other command through click
(``tui.command_line``).

Opening the reader is what a user does most: with no command (only the options of
``tui.options.READER``) on a terminal, it starts without loading click and the commands, which
costs a noticeable part of start-up. Both ways open the reader with ``run_reader``.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import BantinApp


class CannotOpen(Exception):
    """The reader cannot open its library; the message is one line for a person."""


def reader_options(args: list[str]) -> dict[str, str] | None:
    """The reader's options (``tui.options.READER``, also as ``--opt=value``) by their
    ``dest``, or None for anything else: click then reads the line and says what is wrong."""
    from .options import READER

    by_name = {option.name: option for option in READER}
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        option = by_name.get(name)
        if option is None or option.dest in found:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or (option.choices and value not in option.choices):
            return None
        found[option.dest] = value
    return found


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


def main() -> None:
    gc.disable()  # from the start, on the reader's way (see ``reader_app``)
    options = reader_options(sys.argv[1:])
    if options is not None and sys.stdin.isatty() and sys.stdout.isatty():
        raise SystemExit(run_reader(**options))
    gc.enable()
    from .command_line import cli

    cli(prog_name="bantin")


if __name__ == "__main__":  # pragma: no cover
    main()
