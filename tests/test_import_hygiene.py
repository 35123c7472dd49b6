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
