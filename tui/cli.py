"""``bantin``: the reader straight away, every other command through click
(``tui.command_line``).

Opening the reader is what a user does most: with no command (only ``--db``, ``--state``
and ``--lang``)
on a terminal, it starts without loading click and the commands, which costs a noticeable
part of start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path


def reader_options(args: list[str]) -> dict[str, str] | None:
    """``--db PATH``, ``--state PATH`` and ``--lang vi|en`` (also as ``--opt=value``), or None
    for anything else."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name, _, value = arg.partition("=")
        if name not in ("--db", "--state", "--lang") or name[2:] in found:
            return None
        if not value:
            if not rest:
                return None
            value = rest.pop(0)
        if name == "--lang" and value not in ("vi", "en"):
            return None
        found[name[2:]] = value
    return found


def main() -> None:
    options = reader_options(sys.argv[1:])
    if options is not None and sys.stdin.isatty() and sys.stdout.isatty():
        from . import startup

        startup.pause_collections()  # until the first frame is out: see tui.startup
        from store import paths
        from store.probe import probe

        path = paths.library_path(options.get("db"))
        problem = probe(path)  # a bad file fails here, in one line, not inside the screen
        if problem:
            print(f"Error: {problem}", file=sys.stderr)
            raise SystemExit(1)
        from .data import LibraryService

        state = options.get("state")
        service = LibraryService(Path(path), Path(state) if state else None)
        service.read_first_view()  # while Textual loads
        from .app import BantinApp

        app = BantinApp(language=options.get("lang"), service=service, collections_paused=True)
        app.run()
        raise SystemExit(app.return_code or 0)
    from .command_line import cli

    cli(prog_name="bantin")


if __name__ == "__main__":  # pragma: no cover
    main()
