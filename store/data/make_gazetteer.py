"""Generate ``places.tsv.gz``, the gazetteer of Vietnam's units and the world's countries.

Run by hand from the project's root when a source changes (it needs the network once, for
``uv`` to fetch the two releases of ``vietnam-provinces``)::

    uv run python store/data/make_gazetteer.py

Sources:

- ``vietnam-provinces`` (PyPI, data from the General Statistics Office of Vietnam), two
  releases, because news archives use both maps: ``0.6.0`` (data of 2025-01-04: the 63
  provinces with their districts, towns, communes and wards) and ``2025.10.1`` (data of
  2025-10-18: the 34 provinces and their communes and wards after the 2025 reorganisation).
  Each release is read in its own throwaway environment (``uv run --with``), so the package
  is never a dependency of bantin.
- Babel's CLDR territory names (``babel.Locale('vi').territories`` and the English ones):
  every country, in Vietnamese and English.

The hand-written part (other names of countries, world cities, regions, seas:
``gazetteer.json``) stays where it is; ``store.entities`` reads both files.

Each line of the output is ``kind<TAB>name[<TAB>other form...]``; kinds are ``province``,
``district`` and ``commune`` (Vietnam; names without their administrative word: ``Hoàn Kiếm``
for ``Quận Hoàn Kiếm``; numbered units such as ``Phường 5`` are left out, the extractor reads
them from their pattern) and ``country`` (the Vietnamese name, then the English one). Lines
starting with ``#`` say the sources and their versions.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "places.tsv.gz"
RELEASES = ("0.6.0", "2025.10.1")
ADMIN = re.compile(r"^(?:Thành phố|Tỉnh|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn|Đặc khu)\s+")
# Territory codes that are not countries or that read as common words or first names.
SKIP_TERRITORIES = {"EU", "EZ", "UN", "ZZ", "XA", "XB", "QO", "JE", "GG", "IM", "TD", "CP", "DG"}
_READ = (
    "import json, vietnam_provinces as v; "
    "print(json.dumps({'version': v.__version__, 'data': v.__data_version__, "
    "'units': json.load(open(v.NESTED_DIVISIONS_JSON_PATH, encoding='utf-8'))}))"
)


def _release(version: str) -> dict:
    """The nested divisions of one release of ``vietnam-provinces``, read in its own venv."""
    command = ["uv", "run", "--no-project", "--with", f"vietnam-provinces=={version}"]
    result = subprocess.run(
        [*command, "python", "-c", _READ], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _bare(name: str) -> str | None:
    """``Quận Hoàn Kiếm`` -> ``Hoàn Kiếm``; a numbered unit (``Phường 5``) -> None."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    bare = ADMIN.sub("", name)
    if not bare or any(ch.isdigit() for ch in bare):
        return None
    return bare


def _walk(unit: dict, depth: int, out: dict[str, dict[str, None]]) -> None:
    kinds = ("province", "district", "commune")
    bare = _bare(unit["name"])
    if bare:
        # a district of the old map that the new one has no more stays a district
        out.setdefault(kinds[depth], {})[bare] = None
    for child in unit.get("districts", []):
        _walk(child, 1, out)
    for child in unit.get("wards", []):
        _walk(child, 2, out)


def main() -> int:
    """Write ``places.tsv.gz`` from the sources above."""
    from babel import Locale

    names: dict[str, dict[str, None]] = {}
    header = []
    for version in RELEASES:
        release = _release(version)
        header.append(f"# vietnam-provinces {release['version']} (data {release['data']}), PyPI")
        for province in release["units"]:
            _walk(province, 0, names)
    vi, en = Locale("vi").territories, Locale("en").territories
    header.append("# CLDR territory names through babel (vi, en)")
    rank = {"province": 0, "district": 1, "commune": 2}
    seen: dict[str, str] = {}
    lines = []
    for kind in sorted(names, key=rank.__getitem__):
        for name in sorted(names[kind]):
            if name not in seen:  # a name keeps its highest rank
                seen[name] = kind
                lines.append(f"{kind}\t{name}")
    for code in sorted(vi):
        if len(code) != 2 or not code.isalpha() or code in SKIP_TERRITORIES:
            continue
        forms = [unicodedata.normalize("NFC", vi[code])]
        if code in en and en[code] not in forms:
            forms.append(en[code])
        if not any("(" in f for f in forms):
            lines.append("country\t" + "\t".join(forms))
    text = "\n".join(header + lines) + "\n"
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:  # same bytes for the same sources
        handle.write(text.encode("utf-8"))
    print(f"{OUT.name}: {len(lines)} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
