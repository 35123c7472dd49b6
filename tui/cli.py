"""``bantin``: the reader straight away, every other command through click
(``tui.command_line``).

Opening the reader is what a user does most: with no command (only the options of
``tui.options.READER``) on a terminal, it starts without loading click and the commands, which
costs a noticeable part of start-up. Both ways open the reader with ``tui.launch.run_reader``.
"""

from __future__ import annotations

import gc
import sys

from . import startup
from .launch import run_reader


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


def main() -> None:
    startup.pause_collections()  # from the start, on the reader's way (``tui.startup``)
    options = reader_options(sys.argv[1:])
    if options is not None and sys.stdin.isatty() and sys.stdout.isatty():
        raise SystemExit(run_reader(**options))
    gc.enable()
    from .command_line import cli

    cli(prog_name="bantin")


if __name__ == "__main__":  # pragma: no cover
    main()
