"""bantin's store: parsing, Vietnamese text rules, the SQLite library, search.

Importable without Textual or Rich. The submodules load on first use, so that ``store.text``
or ``store.search`` do not pull in SQLite and sqlite-utils.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .formats import parse_bytes
    from .kinds import LibraryError
    from .library import Library
    from .parse import Article, Rejected

__all__ = ["Article", "Library", "LibraryError", "Rejected", "parse_bytes"]

_WHERE = {
    "Library": ".library",
    "LibraryError": ".kinds",
    "Article": ".parse",
    "Rejected": ".parse",
    "parse_bytes": ".formats",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(name)
