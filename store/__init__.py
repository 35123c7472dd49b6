"""bantin's store: parsing, Vietnamese text rules, the SQLite library, search.

Importable without Textual or Rich.
"""

from .library import Library, LibraryError
from .parse import Article, Rejected, parse_bytes

__all__ = ["Article", "Library", "LibraryError", "Rejected", "parse_bytes"]
