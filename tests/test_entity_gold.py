"""The gold entity annotations and the evaluation that scores the extractor against them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from store.entities import TYPES
from store.text import canon

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "entities"


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_entities", ROOT / "tests/bench/eval_entities.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "path",
    sorted(GOLD.glob("*.json")) + sorted((GOLD / "realnews").glob("*.json")),
    ids=lambda p: p.name,
)
def test_gold_file_is_well_formed(path: Path) -> None:
    record = json.loads(path.read_text("utf-8"))
    assert record["source"] == path.stem + ".txt"
    seen = set()
    for entity in record["entities"]:
        assert entity["type"] in TYPES
        name = entity["name"]
        assert name.strip() == name and 0 < len(name) <= 150  # names only, never text
        assert all(isinstance(a, str) and a.strip() for a in entity["aliases"])
        assert all(isinstance(r, str) and r.strip() for r in entity["roles"])
        assert not entity["roles"] or entity["type"] == "PERSON"
        key = (entity["type"], canon(name))
        assert key not in seen, f"{name} twice"
        seen.add(key)


def test_real_news_gold_has_enough_articles() -> None:
    assert len(list((GOLD / "realnews").glob("*.json"))) >= 45


def test_place_matches_with_or_without_its_administrative_word() -> None:
    ev = _eval_module()
    assert ev.forms("huyện Diễn Châu", [], "LOC") & ev.forms("Diễn Châu", [], "LOC")
    assert ev.forms("TP.HCM", [], "LOC") & ev.forms("HCM", [], "LOC")
    assert ev.forms("phố Lê Thánh Tôn", [], "LOC") & ev.forms("Lê Thánh Tôn", [], "LOC")
    # only for places: an organisation's name keeps its words
    assert not ev.forms("Tỉnh ủy Nghệ An", [], "ORG") & ev.forms("ủy Nghệ An", [], "ORG")
    # a trailing full stop of initials does not count
    assert ev.forms("Nguyễn Văn A.", [], "PERSON") & ev.forms("Nguyễn Văn A", [], "PERSON")


def test_folder_mode_scores_each_annotated_file(tmp_path: Path) -> None:
    ev = _eval_module()
    news = tmp_path / "news"
    news.mkdir()
    (news / "1.txt").write_text(
        "Bắt đối tượng trộm xe ở Nghệ An\n"
        "Công an huyện Diễn Châu vừa bắt Nguyễn Văn Bình.\n"
        "Ông Nguyễn Văn Bình, trú tại xã Diễn Kỷ, huyện Diễn Châu, đã khai nhận.\n",
        "utf-8",
    )
    (news / "2.txt").write_text("Không có chú thích\nMột dòng.\nHai dòng.\n", "utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    entities = [
        {"type": "PERSON", "name": "Nguyễn Văn Bình", "aliases": [], "roles": ["ông"]},
        {"type": "LOC", "name": "Nghệ An", "aliases": [], "roles": []},
        {"type": "LOC", "name": "Diễn Kỷ", "aliases": [], "roles": []},
        {"type": "LOC", "name": "Diễn Châu", "aliases": [], "roles": []},
        {"type": "ORG", "name": "Công an huyện Diễn Châu", "aliases": [], "roles": []},
    ]
    (gold / "1.json").write_text(json.dumps({"source": "1.txt", "entities": entities}), "utf-8")
    results, scored = ev.evaluate_folder(news, gold)
    assert scored == 1  # the file without gold is not scored
    for etype, count in (("PERSON", 1), ("LOC", 3), ("ORG", 1)):
        hits, _extracted, gold_count = results[etype]
        assert gold_count == count
        assert hits <= min(count, _extracted)
    assert results["PERSON"][0] == 1  # "Nguyễn Văn Bình" is found and matched
