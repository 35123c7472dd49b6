"""The store is the layer below the screen: it must load without Textual or Rich."""

import subprocess
import sys


def test_store_imports_without_textual_or_rich() -> None:
    code = (
        "import sys, store, store.library, store.search, store.parse, store.text, store.paths\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"store loaded: {result.stdout.strip()}"


def test_reading_a_library_loads_neither_sqlite_utils_nor_the_importer_nor_search(tmp_path) -> None:
    from store.library import open_library

    open_library(tmp_path / "lib.db").close()  # created (and migrated) here, with sqlite-utils
    code = (
        "import sys\n"
        "from store.library import Library\n"
        f"lib = Library.open({str(tmp_path / 'lib.db')!r})\n"
        "lib.articles(limit=50); lib.count(); lib.get(lib.articles(limit=1)[0].id)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite_utils', 'rapidfuzz')"
        " or m in ('store.parse', 'store.entities', 'store.importer', 'store.loading',"
        " 'store.files', 'store.matches', 'store.hits', 'store.entity_index'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_opening_the_reader_loads_no_page_or_feed_reader(tmp_path) -> None:
    """The page and feed readers and their libraries (trafilatura, feedparser, lxml) are for
    an import: the reader opening a library up to its first view loads none of them."""
    from store.library import open_library

    open_library(tmp_path / "lib.db").close()
    code = (
        "import sys\n"
        "import tui.app\n"
        "from tui.cli import reader_options\nfrom tui.launch import reader_app\n"
        f"app = reader_app(**reader_options(['--db', {str(tmp_path / 'lib.db')!r}]))\n"
        "app.service.take_first_view()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('trafilatura', 'feedparser', 'lxml', 'justext', 'htmldate', 'courlan')"
        " or m in ('store.page', 'store.feeds', 'store.parse'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"loaded: {result.stdout.strip()}"


def test_parsing_a_text_file_loads_no_page_or_feed_library() -> None:
    """A ``.txt`` import pays for neither trafilatura nor feedparser (its first bytes are looked
    at, no more)."""
    code = (
        "import sys\n"
        "from store.formats import parse_bytes\n"
        "parse_bytes('Tiêu đề bài báo\\n\\nMột đoạn văn của bài.'.encode(), 'a.txt')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('trafilatura', 'feedparser', 'lxml'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
