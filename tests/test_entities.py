"""Entities: extraction from this press, the library's index, the name finder."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import by_source

from store.entities import article_segments, extract
from store.entity_index import name_rows
from store.library import Library
from store.names import NameIndex, entries_from_library
from store.text import sort_key
from tui.command_line import cli

ROOT = Path(__file__).resolve().parent.parent


def names(text: str, etype: str) -> dict[str, list[str]]:
    return {e.name: e.aliases for e in extract([("body", text)]) if e.type == etype}


def test_ranks_and_offices_are_roles_not_names() -> None:
    text = (
        "Trong chuyến thăm, Đại tướng Tô Lâm, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an đã có "
        "các cuộc hội đàm. Thứ trưởng Trần Quốc Tỏ đã tới dự."
    )
    people = {e.name: e for e in extract([("body", text)]) if e.type == "PERSON"}
    assert set(people) == {"Tô Lâm", "Trần Quốc Tỏ"}
    assert people["Tô Lâm"].roles == ["Đại tướng", "Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Công an"]
    assert people["Trần Quốc Tỏ"].roles == ["Thứ trưởng"]


def test_foreign_names_come_out_whole() -> None:
    text = (
        "Thứ trưởng Lê Quốc Hùng đã hội đàm với Trung tướng Lázaro Alberto Álvares Casas, Bộ "
        "trưởng Nội vụ Cuba. Đại diện bàn giao đối tượng bị yêu cầu dẫn độ Dmitriy Viktorovich "
        "Serebryakov cho phía Nga. Tại buổi làm việc với đồng chí Từ Đại Đồng, Thứ trưởng Bộ "
        "Công an Trung Quốc."
    )
    assert set(names(text, "PERSON")) == {
        "Lê Quốc Hùng",
        "Lázaro Alberto Álvares Casas",
        "Dmitriy Viktorovich Serebryakov",
        "Từ Đại Đồng",
    }


def test_acronym_and_full_name_are_one_organisation() -> None:
    text = (
        "Đại diện Văn phòng Liên Hợp Quốc về phòng, chống ma túy và tội phạm (UNODC) tham dự. "
        "Việt Nam đã phối hợp với UNODC khảo sát. Báo cáo của Liên Hợp quốc và của Liên hợp "
        "quốc, LHQ."
    )
    orgs = names(text, "ORG")
    assert orgs["Văn phòng Liên Hợp Quốc về phòng, chống ma túy và tội phạm"] == ["UNODC"]
    assert "Liên Hợp Quốc" in orgs  # the case variants and LHQ: one organisation
    assert len(orgs) == 2


def test_short_reference_and_people_who_share_syllables() -> None:
    text = (
        "Phó thủ tướng Bùi Thanh Sơn tiếp bà Ghada Waly. Bà Waly đánh giá cao. Trung tướng "
        "Nguyễn Thanh Sơn cho rằng hợp tác là cần thiết."
    )
    people = names(text, "PERSON")
    assert people["Ghada Waly"] == ["Waly"]
    assert {"Bùi Thanh Sơn", "Nguyễn Thanh Sơn"} <= set(people)
    waly = next(e for e in extract([("body", text)]) if e.name == "Ghada Waly")
    assert len(waly.mentions) == 2


def test_events_keep_their_number_and_generic_phrases_are_not_entities() -> None:
    text = (
        "Hội nghị SOMTC 20 năm nay do Philippines chủ trì. Sau Hội nghị, các nước ASEAN sẽ dự "
        "Hội nghị AMMTC 14. Các nước thành viên đã thông qua."
    )
    found = {(e.type, e.name) for e in extract([("body", text)])}
    assert ("EVENT", "SOMTC 20") in found and ("EVENT", "AMMTC 14") in found
    assert not any(name in ("Hội nghị", "Các nước", "Sau") for _t, name in found)


def test_mentions_point_at_the_text(library: Library) -> None:
    article = library.get(by_source(library, "002"))
    assert article is not None
    segments = article_segments(article.title, article.lede, article.body, article.captions)
    fields = dict(segments)
    for entity in extract(segments, article.author):
        for mention in entity.mentions:
            assert fields[mention.field][mention.start : mention.end] == mention.text
    # the byline is not an entity, nor a date
    assert not any(e.name == "Khổng Hà" for e in extract(segments, article.author))


def test_quality_against_the_annotated_seeds() -> None:
    """Precision and recall against tests/data/entities (annotated by reading the seeds)."""
    spec = importlib.util.spec_from_file_location(
        "eval_entities", ROOT / "tests/bench/eval_entities.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.evaluate()
    for etype in ("PERSON", "ORG"):
        hits, extracted, gold = results[etype]
        precision, recall = hits / extracted, hits / gold
        assert 2 * precision * recall / (precision + recall) > 0.9, etype


def test_library_index_merges_across_articles(library: Library) -> None:
    somtc = [e for e in library.entities(etype="EVENT") if e.name == "SOMTC 20"]
    assert len(somtc) == 1 and somtc[0].articles == 2
    unodc = [e for e in library.entities(etype="ORG") if "UNODC" in [e.name, *e.aliases]]
    assert len(unodc) == 1 and unodc[0].articles == 2
    people = [e.name for e in library.entities(etype="PERSON")]
    assert people == sorted(people, key=sort_key)
    assert "Bùi Thanh Sơn" in people and "Nguyễn Thanh Sơn" in people


def test_reimport_and_update_keep_the_index_right(seeds: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in seeds.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    lib = Library.open(tmp_path / "lib.db")
    lib.import_paths([folder])
    before = {(e.type, e.name): (e.articles, e.mentions) for e in lib.entities()}
    lib.import_paths([folder])
    assert {(e.type, e.name): (e.articles, e.mentions) for e in lib.entities()} == before
    path = folder / "004_fd67b6bd4c4b6eb4.txt"
    path.write_text(path.read_text("utf-8").replace("bà Ghada Waly", "bà Nguyễn Thị Lan", 1))
    lib.import_paths([folder])
    after = {e.name: e for e in lib.entities(etype="PERSON")}
    assert "Nguyễn Thị Lan" in after
    assert after["Ghada Waly"].mentions == before[("PERSON", "Ghada Waly")][1] - 1
    # nothing orphaned: every entity is named by an article, counts agree with mentions
    orphans = lib.db.execute(
        "SELECT count(*) FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions)"
    ).fetchone()[0]
    assert orphans == 0
    wrong = lib.db.execute(
        "SELECT count(*) FROM entities e WHERE articles != "
        "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)"
    ).fetchone()[0]
    assert wrong == 0
    lib.close()


def test_appears_with(library: Library) -> None:
    waly = next(e for e in library.entities(etype="PERSON") if e.name == "Ghada Waly")
    related = [e.name for e in library.appears_with(waly.id)]
    assert "Bùi Thanh Sơn" in related and "Ghada Waly" not in related


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ngoc", "Nguyễn Duy Ngọc"),
        ("to lam", "Tô Lâm"),
        ("lam to", "Tô Lâm"),
        ("nguyen duy ngoc", "Nguyễn Duy Ngọc"),
        ("Ghada Wally", "Ghada Waly"),
        ("unodc", "Văn phòng Liên Hợp Quốc về phòng, chống ma túy và tội phạm"),
        ("lien hop quoc", "Liên Hợp Quốc"),
    ],
)
def test_name_finder_puts_the_intended_entity_first(
    library: Library, query: str, expected: str
) -> None:
    index = NameIndex(entries_from_library(name_rows(library.db)))
    hits = index.search(query, limit=5)
    top = [h for h in hits if h.score == hits[0].score]
    assert expected in [h.entry.name for h in top], [(h.entry.name, h.score) for h in hits]


def test_name_finder_gives_both_sons(library: Library) -> None:
    index = NameIndex(entries_from_library(name_rows(library.db)))
    hits = index.search("thanh son", limit=5)
    assert {h.entry.name for h in hits[:2]} == {"Bùi Thanh Sơn", "Nguyễn Thanh Sơn"}


def test_entities_and_names_commands(seeds: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "lib.db")
    assert CliRunner().invoke(cli, ["--db", db, "import", "--quiet", str(seeds)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--db", db, "entities", "--json", "--type", "person"])
    rows = json.loads(result.output)
    assert result.exit_code == 0 and rows
    assert {"name", "type", "aliases", "roles", "articles"} <= set(rows[0])
    assert {"id", "source", "count"} <= set(rows[0]["articles"][0])
    assert [r["name"] for r in rows] == sorted((r["name"] for r in rows), key=sort_key)
    result = CliRunner().invoke(cli, ["--db", db, "entities", "--sort", "count", "-n", "1"])
    assert "Việt Nam" in result.output
    result = CliRunner().invoke(cli, ["--db", db, "names", "--json", "to", "lam"])
    hits = json.loads(result.output)
    assert hits[0]["name"] == "Tô Lâm" and {"name", "type", "score", "articles"} <= set(hits[0])
    result = CliRunner().invoke(cli, ["--db", db, "names", "zzzz"])
    assert "No name matches" in result.output
