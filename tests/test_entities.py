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


def best_score(index: NameIndex, query: str, name: str) -> float:
    return next(h.score for h in index.search(query, limit=50) if h.entry.name == name)


def test_name_scores_tell_a_good_match_from_a_weak_one(library: Library) -> None:
    index = NameIndex(entries_from_library(name_rows(library.db)))
    whole = best_score(index, "nguyen duy ngoc", "Nguyễn Duy Ngọc")
    one_word = best_score(index, "ngoc", "Nguyễn Duy Ngọc")
    started = best_score(index, "nguyen duy ng", "Nguyễn Duy Ngọc")
    misspelt = best_score(index, "nguyen duy ngok", "Nguyễn Duy Ngọc")
    assert whole == 100.0
    # the whole name > its words begun > one misspelt > one word of three
    assert whole > started > misspelt > one_word > 50
    # the name as written beats the same words in another order
    assert best_score(index, "to lam", "Tô Lâm") > best_score(index, "lam to", "Tô Lâm")
    # a name of which the query is one word of many scores below one the query is all of
    assert best_score(index, "asean", "ASEAN") == 100.0
    assert best_score(index, "asean", "Cộng đồng ASEAN") < 80


@pytest.mark.parametrize("query", ["xyz", "qwerty", "abcdef ghij", "zzzz"])
def test_a_query_close_to_no_name_finds_nothing(library: Library, query: str) -> None:
    index = NameIndex(entries_from_library(name_rows(library.db)))
    assert index.search(query, limit=30) == []
    assert library.find_names(query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("tl", "Tô Lâm"), ("ndn", "Nguyễn Duy Ngọc"), ("tolam", "Tô Lâm"), ("TO LAM", "Tô Lâm")],
)
def test_initials_and_names_typed_without_spaces(
    library: Library, query: str, expected: str
) -> None:
    index = NameIndex(entries_from_library(name_rows(library.db)))
    assert expected in [h.entry.name for h in index.search(query, limit=5)]


@pytest.mark.parametrize(
    "query",
    ["to lam", "lam to", "ngoc", "dang dinh quy", "Đặng Đình", "ghada wally", "unodc", "bo cong",
     "thanh son", "lien hop quoc", "somtc 20", "n", "tl", "ndn", "tolam"],
)  # fmt: skip
def test_the_command_finds_what_the_whole_index_finds(library: Library, query: str) -> None:
    """``bantin names`` scores only the forms SQLite picks out; they are the ones the finder's
    index (every name, folded in Python) would put first."""
    index = NameIndex(entries_from_library(name_rows(library.db)))
    expected = [(h.entry.key, h.score) for h in index.search(query, limit=5)]
    found = [(h.entry.key, h.score) for h in library.find_names(query, limit=5)]
    assert found == expected and found


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
    assert result.output == "No name close to 'zzzz'.\n"


# -- real news: places, bodies of the domestic press, people as crime news names them ------


def found(text: str) -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in extract([("body", text)])}


def test_the_gazetteer_has_both_maps_and_says_its_sources() -> None:
    import gzip

    from store.entities import gazetteer

    with gzip.open(ROOT / "store/data/places.tsv.gz", "rt", encoding="utf-8") as handle:
        header = [line for line in handle if line.startswith("#")]
    assert any("vietnam-provinces 0.6.0" in line for line in header)
    assert any("vietnam-provinces 2025" in line for line in header)
    assert any("CLDR" in line for line in header)
    places = gazetteer()
    for name in ("nghệ an", "mỹ", "hoa kỳ", "tây ban nha", "mosul", "aleppo", "kremlin"):
        assert name in places, name
    # a district of the old map and a ward of the new one, each after its word
    text = "Vụ việc ở xã Diễn Kỷ, huyện Diễn Châu và phường Hồng Hà của Hà Nội."
    assert {("LOC", "Diễn Kỷ"), ("LOC", "Diễn Châu"), ("LOC", "Hồng Hà")} <= found(text)


def test_communes_and_districts_that_look_like_names_need_their_word() -> None:
    # a commune's name alone is a common phrase or a person's name, not a place
    assert ("LOC", "Tân Thành") not in found("Nhóm của Tân Thành bỏ chạy.")
    assert ("LOC", "Tân Thành") in found("Anh A trú tại xã Tân Thành.")
    # districts whose names read as names: places with their word, and not people
    text = "Vụ cháy ở quận Hoàn Kiếm, quận Cầu Giấy, quận Hoàng Mai và huyện Từ Liêm."
    places = found(text)
    assert {("LOC", n) for n in ("Hoàn Kiếm", "Cầu Giấy", "Hoàng Mai", "Từ Liêm")} <= places
    assert not any(t == "PERSON" for t, _n in places)
    # a district with an unambiguous name stands alone
    assert ("LOC", "Diễn Châu") in found("Người dân Diễn Châu đã góp tiền.")


def test_streets_named_after_people_and_addresses_are_places() -> None:
    text = (
        "Nhà hàng trên đường Nguyễn Huệ, gần phố Lê Thánh Tôn, và căn nhà số 36 Ngô Quyền "
        "bị khám xét. Xe chạy trên QL1A rồi vào Quốc lộ 4D."
    )
    result = {(e.type, e.name): e.aliases for e in extract([("body", text)])}
    for street in ("Nguyễn Huệ", "Lê Thánh Tôn", "Ngô Quyền", "QL1A", "Quốc lộ 4D"):
        assert ("LOC", street) in result, street
    assert "36 Ngô Quyền" in result[("LOC", "Ngô Quyền")]
    assert not any(t == "PERSON" for t, _n in result)
    # later in the article, the street's name alone is still the street
    text = "Cô gái bị nhốt trên đường Hồ Đắc Di. Người dân ở Hồ Đắc Di kể lại."
    assert found(text) == {("LOC", "Hồ Đắc Di")}


def test_numbered_units_and_border_gates() -> None:
    text = "Nhà ở phường 5, quận 10, ấp 2. Hàng lậu qua cửa khẩu Lao Bảo."
    assert {("LOC", "phường 5"), ("LOC", "quận 10"), ("LOC", "ấp 2"), ("LOC", "Lao Bảo")} <= (
        found(text)
    )


def test_ho_chi_minh_city_in_all_its_forms_is_one_place() -> None:
    text = (
        "Công ty ở TP.HCM, chi nhánh ở TP HCM, kho ở TPHCM, văn phòng ở TP. Hồ Chí Minh, "
        "nhà ở Sài Gòn. Chủ tịch Hồ Chí Minh từng nói."
    )
    entities = extract([("body", text)])
    cities = [e for e in entities if e.type == "LOC"]
    assert len(cities) == 1 and cities[0].name == "TP.HCM"
    assert {"TPHCM", "TP. Hồ Chí Minh", "Sài Gòn"} <= set(cities[0].aliases)
    assert [e.name for e in entities if e.type == "PERSON"] == ["Hồ Chí Minh"]
    # each mention lights the city's name as written, its "TP" with it (not "HCM" alone)
    lit = [text[m.start : m.end] for m in cities[0].mentions]
    assert lit == ["TP.HCM", "TP HCM", "TPHCM", "TP. Hồ Chí Minh", "Sài Gòn"]


def test_places_that_read_as_honorifics_and_names() -> None:
    text = "Anh B. về Bà Rịa rồi lên quận Hai Bà Trưng. Bà Rịa - Vũng Tàu có biển."
    result = found(text)
    assert {("LOC", "Bà Rịa"), ("LOC", "Hai Bà Trưng"), ("LOC", "Bà Rịa - Vũng Tàu")} <= result
    assert ("PERSON", "Rịa") not in result and ("PERSON", "Trưng") not in result


def test_country_names_of_several_syllables_stay_whole() -> None:
    text = "Tây Ban Nha và Bồ Đào Nha đã ký. Bộ Tư pháp Tây Ban Nha cáo buộc."
    result = found(text)
    assert {("LOC", "Tây Ban Nha"), ("LOC", "Bồ Đào Nha")} <= result
    assert ("ORG", "Bộ Tư pháp Tây Ban Nha") in result
    assert not any("Ban Nha" in n and not n.endswith("Tây Ban Nha") for _t, n in result)
    assert not any(n.startswith("Đào") for _t, n in result)


def test_countries_that_are_also_words_are_read_in_context() -> None:
    assert ("LOC", "Nga") in found("Quan hệ giữa Mỹ và Nga căng thẳng.")
    result = found("Chị Nga cho biết. Bị cáo Trương Thị Nga khai rằng Nga không biết.")
    assert ("LOC", "Nga") not in result and ("PERSON", "Trương Thị Nga") in result


def test_bodies_of_the_domestic_press_end_where_their_name_ends() -> None:
    text = (
        "Công an tỉnh Nghệ An đã bắt giữ đối tượng. Tòa án nhân dân tỉnh Quảng Ninh xét xử. "
        "Viện Kiểm sát nhân dân tỉnh Quảng Ninh truy tố. Bộ Chỉ huy Bộ đội Biên phòng tỉnh "
        "Hà Tĩnh và UBND tỉnh Hà Tĩnh phối hợp. Bệnh viện Bạch Mai tiếp nhận. Sở GD-ĐT Hà Nội "
        "chỉ đạo các trường. Vụ án do công an huyện Đoan Hùng thụ lý."
    )
    result = found(text)
    for name in (
        "Công an tỉnh Nghệ An",
        "Tòa án nhân dân tỉnh Quảng Ninh",
        "Viện Kiểm sát nhân dân tỉnh Quảng Ninh",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Hà Tĩnh",
        "UBND tỉnh Hà Tĩnh",
        "Bệnh viện Bạch Mai",
        "Sở GD-ĐT Hà Nội",
        "công an huyện Đoan Hùng",
    ):
        assert ("ORG", name) in result, name
    # a place named only inside a body's name is not a place of the story
    assert ("LOC", "Nghệ An") not in result


def test_a_unit_goes_on_into_its_parent_body() -> None:
    text = "Phòng Cảnh sát hình sự Công an tỉnh Sóc Trăng vào cuộc, cơ quan CSĐT Công an TP.HCM"
    result = found(text + " cũng vậy.")
    assert ("ORG", "Phòng Cảnh sát hình sự Công an tỉnh Sóc Trăng") in result
    assert ("ORG", "cơ quan CSĐT Công an TP.HCM") in result


def test_generic_acronyms_and_kinds_of_bodies_are_not_organisations() -> None:
    text = (
        "UBND đã họp. CSGT và THPT, BHYT, BHXH, GTVT. HĐXX tuyên án, HĐXX nghỉ. UBND, CSGT "
        "lại họp. Cơ quan Công an vào cuộc. Lực lượng ABCD và ABCD lại có mặt."
    )
    assert not any(t == "ORG" for t, _n in found(text))


def test_nato_is_an_organisation() -> None:
    text = "Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO) họp. Các nước NATO tăng chi tiêu."
    result = {(e.type, e.name): e.aliases for e in extract([("body", text)])}
    assert [k for k in result if "NATO" in [k[1], *result[k]]] == [
        ("ORG", "Tổ chức Hiệp ước Bắc Đại Tây Dương")
    ]


def test_schools_newspapers_and_credits() -> None:
    text = (
        "Học sinh trường THPT Chu Văn An và Trường THCS Lê Quý Đôn. Theo báo Dân Việt, vụ "
        "việc được cảnh báo Công an. (Ảnh: Reuters)"
    )
    result = found(text)
    assert {("ORG", "trường THPT Chu Văn An"), ("ORG", "Trường THCS Lê Quý Đôn")} <= result
    assert ("ORG", "Dân Việt") in result
    assert not any(t == "PERSON" for t, _n in result)
    assert ("ORG", "Reuters") not in result  # who took the photo


def test_people_after_crime_news_cues_and_by_initials() -> None:
    text = (
        "Anh Nguyễn Văn A. bị bắt cùng đối tượng Lò Văn Khánh. Bị can N.V.H. khai nhận; "
        "nạn nhân là chị Thanh và em Lê T. Cháu Bình được đưa đi cấp cứu."
    )
    people = {n for t, n in found(text) if t == "PERSON"}
    assert people == {"Nguyễn Văn A", "Lò Văn Khánh", "N.V.H.", "Thanh", "Lê T", "Bình"}
    roles = {e.name: e.roles for e in extract([("body", text)]) if e.type == "PERSON"}
    assert roles["Thanh"] == [] and roles["N.V.H."] == []  # "chị", "bị can": not offices


def test_an_office_and_its_country_before_one_name() -> None:
    text = "Tổng thống Mỹ Trump phát biểu. Ngoại trưởng Tillerson cũng có mặt."
    people = {e.name: e.roles for e in extract([("body", text)]) if e.type == "PERSON"}
    assert people == {"Trump": ["Tổng thống Mỹ"], "Tillerson": ["Ngoại trưởng"]}
    assert ("LOC", "Mỹ") in found(text)


def test_short_references_resolve_to_the_one_person_named_in_full() -> None:
    text = (
        "Tổng thống Trump nói. Sau đó, Tổng thống Donald Trump rời đi. Nạn nhân là bà Trần "
        "Thị Thanh H. Theo người dân, bà H. sống một mình."
    )
    people = {e.name: e for e in extract([("body", text)]) if e.type == "PERSON"}
    assert set(people) == {"Donald Trump", "Trần Thị Thanh H"}
    assert "Trump" in people["Donald Trump"].aliases
    assert len(people["Trần Thị Thanh H"].mentions) == 2
    # two people who share the short form: it stays apart
    text = "Ông Bùi Thanh Sơn và ông Nguyễn Thanh Sơn gặp nhau. Ông Sơn nói."
    people = {e.name for e in extract([("body", text)]) if e.type == "PERSON"}
    assert {"Bùi Thanh Sơn", "Nguyễn Thanh Sơn"} <= people


def test_foreign_people_without_a_title_and_what_is_not_a_person() -> None:
    text = (
        "Heather Nauert nói rằng Washington sẽ đáp trả. Các mẫu xe như Honda Wave bị trộm. "
        "Vụ nổ tại Manchester Arena. Mìn gài trước nhà ông Giám đốc Công an tỉnh."
    )
    result = found(text)
    assert {n for t, n in result if t == "PERSON"} == {"Heather Nauert"}
    assert ("LOC", "Manchester Arena") in result


def test_bodies_named_with_a_dash_an_embassy_and_a_general_department() -> None:
    text = (
        "Cơ quan CSĐT - Công an quận Ninh Kiều vào cuộc. Tổng cục Cảnh sát chỉ đạo. Đại sứ "
        "quán Afghanistan tại Islamabad lên tiếng. Liên Hiệp Quốc kêu gọi. Bộ tài chính Tây "
        "Ban Nha điều tra."
    )
    entities = {(e.type, e.name): e.aliases for e in extract([("body", text)])}
    for name in (
        "Cơ quan CSĐT - Công an quận Ninh Kiều",
        "Tổng cục Cảnh sát",
        "Đại sứ quán Afghanistan tại Islamabad",
        "Bộ tài chính Tây Ban Nha",
    ):
        assert ("ORG", name) in entities, name
    assert "Liên Hiệp Quốc" in entities[("ORG", "Liên Hợp Quốc")]
    assert not any(t == "PERSON" for t, _n in entities)


def test_the_finder_offers_the_city_for_hcm(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Cháy lớn ở TP.HCM\nMột vụ cháy xảy ra tại TPHCM.\nĐám cháy ở quận 1, TP. Hồ Chí Minh "
        "đã được dập tắt. Người dân Sài Gòn hoảng sợ.\n",
        encoding="utf-8",
    )
    lib = Library.memory()
    lib.import_paths([tmp_path])
    index = NameIndex(entries_from_library(name_rows(lib.db)))
    for query in ("hcm", "sai gon", "ho chi minh", "tp hcm", "tphcm"):
        assert index.search(query, limit=3)[0].entry.name == "TP.HCM", query
        assert lib.find_names(query, limit=3)[0].entry.name == "TP.HCM", query
    lib.close()


def test_a_police_unit_before_its_force_after_a_comma_is_one_body() -> None:
    text = (
        "Sáng nay, Cơ quan Cảnh sát điều tra, Công an tỉnh Long An đã bắt ông Phan Văn Tú. "
        "Phòng PC02, Công an tỉnh Tây Ninh phối hợp."
    )
    orgs = names(text, "ORG")
    assert "Cơ quan Cảnh sát điều tra, Công an tỉnh Long An" in orgs
    assert "Phòng PC02, Công an tỉnh Tây Ninh" in orgs
    assert "Công an tỉnh Long An" not in orgs


def test_police_codes_are_units_and_run_into_their_force() -> None:
    text = "Công an quận 3 phối hợp với C03 (Bộ Công an) và PC06 Công an tỉnh Bình Dương."
    orgs = names(text, "ORG")
    assert {"C03", "PC06 Công an tỉnh Bình Dương", "Bộ Công an"} <= set(orgs)
    defined = names("Phòng Cảnh sát kinh tế (PC03) Công an tỉnh Bến Tre khởi tố vụ án.", "ORG")
    assert not any(name.startswith("PC03)") for name in defined)


def test_bodies_named_after_a_lowercase_kind_word() -> None:
    text = (
        "Thủ lĩnh của nhóm vũ trang Jemaah Islamiyah bị bắt. Vụ việc liên quan tới công ty "
        "Orion Holdings và ngân hàng Sài Gòn Thương Tín. Đơn vị đã tổ chức Hội nghị tổng kết."
    )
    orgs = names(text, "ORG")
    assert {"Jemaah Islamiyah", "Orion Holdings", "ngân hàng Sài Gòn Thương Tín"} <= set(orgs)
    assert not any("Hội nghị" in name for name in orgs)  # "tổ chức" is a verb there
    assert "Arirang TV" in names("Kênh Arirang TV đã phát sóng phóng sự.", "ORG")
    assert names("Kênh Tân Hóa được nạo vét.", "ORG") == {}


def test_the_source_a_report_cites_is_an_organisation() -> None:
    text = (
        "Ít nhất 3 người bị thương, theo Telegraph. Như Người Lao Động đã đưa tin, vụ việc xảy "
        "ra hôm qua. Ông Kerry nói trên Sky News rằng ông lo ngại. Phóng viên VOV tại Paris cho "
        "biết thêm."
    )
    orgs = names(text, "ORG")
    assert {"Telegraph", "Người Lao Động", "Sky News", "VOV"} <= set(orgs)


def test_a_person_cited_by_surname_is_no_source() -> None:
    text = "Ông James Wilson bị cách chức. Theo Wilson, quyết định này là sai."
    assert "Wilson" not in names(text, "ORG")


def test_acronyms_of_un_bodies_and_ministries_with_an_ampersand() -> None:
    text = "HĐBA LHQ họp khẩn. Thứ trưởng Bộ GD&ĐT Nguyễn Văn Phúc dự họp."
    orgs = names(text, "ORG")
    assert {"HĐBA LHQ", "Bộ GD&ĐT"} <= set(orgs)


def test_a_court_and_its_acronym_and_a_company_and_its_short_names_are_one_body() -> None:
    text = (
        "Tòa án nhân dân tỉnh Gia Lai đã xử. Sau đó TAND tỉnh Gia Lai bồi thường. Công ty "
        "TNHH Thủy sản Minh Phú Việt Nam thuê lao động. Công ty TNHH Minh Phú nộp thuế. Công "
        "ty Minh Phú bị phạt. Nhà hát Múa TP.HCM ký hợp đồng; Nhà hát Múa từ chối."
    )
    orgs = names(text, "ORG")
    assert set(orgs["Tòa án nhân dân tỉnh Gia Lai"]) == {"TAND tỉnh Gia Lai"}
    assert set(orgs["Công ty TNHH Thủy sản Minh Phú Việt Nam"]) == {
        "Công ty TNHH Minh Phú",
        "Công ty Minh Phú",
    }
    assert "Nhà hát Múa" in orgs["Nhà hát Múa TP.HCM"]
    assert len(orgs) == 3


def test_a_national_body_is_not_another_countrys() -> None:
    text = "Bộ Công an làm việc với Bộ Công an Lào về phòng chống ma túy."
    assert {"Bộ Công an", "Bộ Công an Lào"} <= set(names(text, "ORG"))


def test_a_delegation_of_the_national_assembly_names_the_assembly_not_a_provincial_one() -> None:
    text = "Đại biểu Lê Thị Hoa, Đoàn đại biểu Quốc hội tỉnh Yên Bái chất vấn."
    orgs = names(text, "ORG")
    assert "Quốc hội" in orgs
    assert "Quốc hội tỉnh Yên Bái" not in orgs
    assert "Yên Bái" in names(text, "LOC")


def test_a_body_ends_before_a_verb_in_lowercase() -> None:
    text = "Bộ Tài chính tổng hợp, báo cáo. Ban Bí thư quản lý cán bộ. Công ty Hòa Phát bị phạt."
    orgs = names(text, "ORG")
    assert {"Bộ Tài chính", "Ban Bí thư", "Công ty Hòa Phát"} <= set(orgs)


def test_a_factory_named_by_its_code() -> None:
    assert "Nhà máy XM3" in names("Anh làm việc tại Nhà máy XM3 ở Hải Dương.", "ORG")
    assert "Văn phòng BL0" not in names("Hồ sơ gửi Văn phòng BL0 ở cửa khẩu.", "ORG")


def test_a_seat_in_a_bodys_name_is_a_place() -> None:
    text = "Phái đoàn thường trực Việt Nam tại Geneva dự phiên họp."
    assert "Geneva" in names(text, "LOC")


def test_a_country_after_a_locative_is_the_country_not_a_namesake() -> None:
    text = "Anh Trần Văn Đức sống ở Đức nhiều năm."
    assert "Đức" in names(text, "LOC")
    assert names(text, "PERSON") == {"Trần Văn Đức": []}
    text = "Chị Hoàng Thị Nga kể lại. Chị Nga không nhớ gì."
    assert "Nga" not in names(text, "LOC")


def test_a_middle_initial_keeps_a_foreign_name_whole() -> None:
    assert "John F. Kennedy" in names("Ông John F. Kennedy bị ám sát năm 1963.", "PERSON")
    assert "Lê Văn T" in names("Bắt giữ Lê Văn T. Sau đó, công an khám xét.", "PERSON")


def test_a_seat_of_power_is_a_body_where_it_speaks_and_a_place_where_it_stands() -> None:
    text = "Nhà Trắng bác bỏ thông tin đó. Hàng trăm người tụ tập trước Nhà Trắng."
    assert "Nhà Trắng" in names(text, "ORG")
    assert "Nhà Trắng" in names(text, "LOC")
    assert "Lầu Năm Góc" in names("Lầu Năm Góc xác nhận vụ phóng.", "ORG")
    assert "Kremlin" in names("Ông Putin tiếp khách tại Điện Kremlin.", "LOC")


def test_a_police_unit_named_in_lowercase_after_canh_sat_runs_to_its_end() -> None:
    text = (
        "Tàu bị Phòng Cảnh sát phòng chống tội phạm về buôn lậu, Phòng Cảnh sát giao thông "
        "đường bộ và công an các huyện kiểm tra. Phòng Cảnh sát hình sự cho biết thêm."
    )
    orgs = names(text, "ORG")
    assert {
        "Phòng Cảnh sát phòng chống tội phạm về buôn lậu",
        "Phòng Cảnh sát giao thông đường bộ",
        "Phòng Cảnh sát hình sự",
    } <= set(orgs)


def test_a_school_written_in_lowercase_by_its_level() -> None:
    text = (
        "Chị dạy ở trường mầm non xã Yên Lạc. Cháu học trường tiểu học Lê Lợi. Bé đến "
        "trường mầm non."
    )
    orgs = names(text, "ORG")
    assert {"trường mầm non xã Yên Lạc", "trường tiểu học Lê Lợi"} <= set(orgs)
    assert "Lê Lợi" not in names(text, "PERSON")
    assert len(orgs) == 2


def test_a_foreign_paper_after_bao_a_bare_legal_form_and_a_name_written_twice() -> None:
    assert "Financial Times" in names("Báo Financial Times dẫn lời một quan chức.", "ORG")
    assert "Evening Post" not in names("Báo Evening Post dẫn lời nhân chứng.", "PERSON")
    text = "Ông là Giám đốc Công ty Cổ phần vận tải biển. Công ty Cổ phần Hải Âu đã có lãi."
    assert set(names(text, "ORG")) == {"Công ty Cổ phần Hải Âu"}
    text = "Bill Gates cũng vậy. Jeff Bezos Jeff Bezos, ông chủ của Amazon, nói."
    assert "Jeff Bezos" in names(text, "PERSON")
    assert "Jeff Bezos Jeff Bezos" not in names(text, "PERSON")


def test_the_entity_listing_streams(library: Library) -> None:
    """The first entity comes after a few statements, not after every entity's articles were
    read: ``bantin entities --json`` holds one entity and one article at a time."""
    total = library.db.execute("SELECT count(*) FROM entities").fetchone()[0]
    statements: list[str] = []
    library.db.conn.set_trace_callback(statements.append)
    listing = library.iter_entities(articles=True)
    first = next(listing)
    named = list(first.named_in)
    assert named and all({"id", "source", "count", "mentions"} <= set(a) for a in named)
    before_second = len(statements)
    rest = [list(entity.named_in) for entity in listing]
    library.db.conn.set_trace_callback(None)
    assert len(rest) == total - 1 > 50 and all(rest)
    # each entity's articles were read when it came, not all before the first
    assert before_second <= 5 and len(statements) >= before_second + len(rest)
