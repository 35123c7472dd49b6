"""Rewrite the .po catalogs from the message ids used in tui/ (``python -m tui.locale.build``).

The catalogs are text; bantin compiles them in memory when it starts (see ``tui.i18n``).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from .translations_vi import VI

HERE = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def message_ids() -> list[str | tuple[str, ...]]:
    """Every message id used in tui/, in source order."""
    found: list[str | tuple[str, ...]] = []
    for _file, _line, message, _comments, _context in extract_from_dir(
        HERE.parent, keywords=KEYWORDS, comment_tags=()
    ):
        if message and message not in found:
            found.append(message)
    return found


def build() -> list[str]:
    """Write both catalogs; returns the message ids that have no Vietnamese yet."""
    missing = []
    for language in ("vi", "en"):
        catalog = Catalog(
            locale=language,
            domain="bantin",
            project="bantin",
            version="1",
            copyright_holder="the bantin authors",
            msgid_bugs_address="",
            last_translator="the bantin authors",
            language_team=language,
            charset="utf-8",
            fuzzy=False,
        )
        for message in message_ids():
            key = message[0] if isinstance(message, tuple) else message
            if language == "vi":
                if key not in VI:
                    missing.append(key)
                value = VI.get(key, "")
                if isinstance(message, tuple):
                    forms = value if isinstance(value, tuple) else (value,)
                    catalog.add(message, forms)
                else:
                    catalog.add(message, value if isinstance(value, str) else value[0])
            else:
                catalog.add(message, ("", "") if isinstance(message, tuple) else "")
        target = HERE / language / "LC_MESSAGES" / "bantin.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, no_location=True, width=100)
    return missing


if __name__ == "__main__":
    gaps = build()
    print("catalogs written" + (f"; without Vietnamese: {gaps}" if gaps else ""))
