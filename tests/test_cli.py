"""The bantin command line, as a user or a script calls it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.text import fold
from tui.command_line import cli


def run(*args: str, db: Path | None = None) -> tuple[int, str]:
    full = ["--db", str(db), *args] if db else list(args)
    result = CliRunner().invoke(cli, full, catch_exceptions=False)
    return result.exit_code, result.output


def run_apart(*args: str, db: Path | None = None) -> tuple[int, str, str]:
    """The exit code, standard output and standard error, apart."""
    full = ["--db", str(db), *args] if db else list(args)
    result = CliRunner().invoke(cli, full, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(seeds: Path, tmp_path: Path) -> Path:
    """A library named by ``--db``, holding the bundled articles."""
    path = tmp_path / "lib.db"
    assert run("import", "--quiet", str(seeds), db=path)[0] == 0
    return path


def test_import_reports_and_summarises(seeds: Path, tmp_path: Path) -> None:
    code, out = run("import", str(seeds), db=tmp_path / "lib.db")
    assert code == 0
    assert "5 imported, 0 updated, 0 duplicates, 0 unchanged, 0 rejected (5 files)" in out
    code, out = run("import", str(seeds), db=tmp_path / "lib.db")
    assert "0 imported" in out and "5 unchanged" in out and code == 0


def test_import_exits_non_zero_when_every_file_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    code, out = run("import", str(bad), db=tmp_path / "lib.db")
    assert code == 1
    assert "rejected" in out and "binary" in out


def test_import_into_new_library_imports_only_what_it_is_given(seeds: Path, tmp_path: Path) -> None:
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seeds / "003_dea6ee53a1406875.txt", one)
    run("import", str(one), db=tmp_path / "lib.db")
    code, out = run("export", db=tmp_path / "lib.db")
    assert code == 0 and len(out.splitlines()) == 1


def test_db_option_after_the_command_and_env(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(seeds)])
    assert result.exit_code == 0 and (tmp_path / "a.db").exists()
    monkeypatch.setenv("BANTIN_DB", str(tmp_path / "a.db"))
    result = runner.invoke(cli, ["locate"])
    assert f"library: {tmp_path / 'a.db'}" in result.output


def test_search_json_contract(db: Path) -> None:
    code, out, _ = run_apart("search", "--json", "ma", "tuy", db=db)
    assert code == 0
    results = json.loads(out)
    assert len(results) == 3
    for item in results:
        assert {"id", "title", "date", "author", "source", "snippet", "score"} <= set(item)
        assert "«" in item["snippet"]
    assert json.loads(run_apart("search", "--json", "--limit", "1", "dinh", db=db)[1])


def test_search_human_output_and_bad_queries(db: Path) -> None:
    code, out = run("search", "Ghada", "Waly", db=db)
    assert code == 0 and "Việt Nam sẽ tăng cường hợp tác" in out and "«Ghada Waly»" in out
    for bad in ('"', "AND (", "*", "NOT", "tội-phạm", "urquiza."):
        code, out = run("search", bad, db=db)
        assert "Traceback" not in out
        assert code in (0, 1)
    code, out = run("search", "khongcotu", db=db)
    assert code == 0 and "No article matches" in out
    code, out = run("search", '"', db=db)
    assert code == 1 and "Nothing searched" in out


def test_search_sort_by_date(db: Path) -> None:
    out = run_apart("search", "--json", "--sort", "date", "viet", "nam", db=db)[1]
    dates = [item["date"] for item in json.loads(out)]
    assert dates[:4] == ["2025-10-21", "2023-06-21", "2021-06-02", "2020-09"]


def test_a_huge_search_says_it_ranked_the_newest(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.matches

    monkeypatch.setattr(store.matches, "RANK_CUT", 2)
    dates = [
        item["date"] for item in json.loads(run_apart("search", "--json", "viet", "nam", db=db)[1])
    ]
    # the newest two ranked, then the older matches newest first
    assert sorted(dates[:2]) == ["2023-06-21", "2025-10-21"]
    assert dates[2:] == ["2021-06-02", "2020-09", None]
    out = run("search", "viet", "nam", db=db)[1]
    assert "More than 2 articles match: the newest 2 were ranked" in out
    out = run("search", "--rank-all", "viet", "nam", db=db)[1]
    assert "More than" not in out and "2020-09" in out


def test_export_jsonl_contract(db: Path) -> None:
    code, out = run("export", "--format", "jsonl", db=db)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 5
    fields = [
        "id",
        "title",
        "title_inferred",
        "date",
        "author",
        "lede",
        "body",
        "captions",
        "source",
        "words",
    ]
    # the contract: fields are added after these, never renamed or moved
    provenance = ["url", "outlet", "section", "tags", "credit"]
    assert all(list(r) == fields + provenance for r in rows)


def test_the_default_library_starts_with_the_bundled_articles() -> None:
    from store import paths

    assert not paths.library_path().exists()
    assert run("check")[0] == 0  # the first command may be any reading one
    code, out = run()
    assert code == 0
    assert f"bantin library {paths.library_path()}: 5 articles" in out
    assert run("search", "--json", "ma", "tuy")[0] == 0


READING = (
    [],
    ["--list"],
    ["search", "ma", "tuy"],
    ["entities"],
    ["names", "to", "lam"],
    ["bookmarks"],
    ["export"],
    ["check"],
    ["index"],
)


@pytest.mark.parametrize("args", READING, ids=lambda a: " ".join(a) or "bantin")
@pytest.mark.parametrize("how", ["--db", "BANTIN_DB", "--db after the command"])
def test_a_named_library_that_does_not_exist_is_not_made_by_reading(
    args: list[str], how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "typo.db"
    if how == "BANTIN_DB":
        monkeypatch.setenv("BANTIN_DB", str(missing))
        full = args
    elif how == "--db" or not args or args[0].startswith("-"):
        full = ["--db", str(missing), *args]
    else:
        full = [args[0], "--db", str(missing), *args[1:]]
    result = CliRunner().invoke(cli, full)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no library at {missing} (bantin import FILES --db {missing} creates one)\n"
    )
    assert not missing.exists()


def test_import_makes_a_named_library_with_only_what_it_imports(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seeds / "003_dea6ee53a1406875.txt", one)
    monkeypatch.setenv("BANTIN_DB", str(tmp_path / "new.db"))
    code, out = run("import", str(one))
    assert code == 0 and "1 imported" in out
    assert len(run("export")[1].splitlines()) == 1


def test_locate_names_a_library_that_is_not_there_yet(tmp_path: Path) -> None:
    from store import paths

    code, out = run("locate", db=tmp_path / "new.db")
    assert code == 0
    assert f"library: {tmp_path / 'new.db'}  (none yet: bantin import creates it)" in out
    assert not (tmp_path / "new.db").exists()
    code, out = run("locate")
    assert code == 0
    made = "(none yet: bantin makes it, with the bundled articles)"
    assert f"library: {paths.library_path()}  {made}" in out


def test_corrupt_library_gives_one_line_and_non_zero_exit(tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"garbage" * 1000)
    for args in (["search", "ma"], ["export"], ["import", str(tmp_path)], []):
        result = CliRunner().invoke(cli, ["--db", str(db), *args])
        assert result.exit_code != 0
        assert "Traceback" not in result.output
        assert result.output.strip().startswith("Error: cannot use the library")


def test_untrusted_text_reaches_the_terminal_inert(tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Tiêu đề \x1b]0;owned\x07[bold red]đỏ[/] \x1b[2J\n\nHội nghị \x1b[31mma túy\x1b[0m tại Hà"
        " Nội có nhiều đại biểu tham dự và phát biểu.\n\nĐoạn hai [@click=app.quit]bấm[/] ở đây.\n",
        encoding="utf-8",
    )
    db = tmp_path / "lib.db"
    assert run("import", str(evil), db=db)[0] == 0
    for args in (["search", "ma túy"], ["export"], []):
        out = run(*args, db=db)[1]
        assert "\x1b" not in out and "\x07" not in out
    assert "[bold red]đỏ[/]" in run("export", db=db)[1]


def test_help_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("import", "search", "export", "locate"):
        assert command in result.stdout
    for command in ("import", "search", "export", "locate"):
        code, out = run(command, "--help")
        assert code == 0 and "Usage:" in out
    code, out = run("--version")
    assert code == 0 and out.startswith("bantin, version")


def test_bookmarks_export(db: Path) -> None:
    from store.library import Library

    with Library.open(db) as lib:
        aid = next(r.id for r in lib.articles() if r.date == "2021-06-02")
        lib.set_bookmark(aid, "[bold]AIPACODD 4[/] *quan trọng*")
    code, out = run("bookmarks", "--json", db=db)
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert {"id", "title", "date", "author", "source", "note"} <= set(rows[0])
    assert rows[0]["author"] == "Hồ Hương" and rows[0]["note"].startswith("[bold]")
    code, out = run("bookmarks", "--markdown", db=db)
    assert out.startswith("- **HỘI NGHỊ TRỰC TUYẾN AIPACODD 4")
    assert "\\*quan trọng\\*" in out
    code, out = run("bookmarks", db=db)
    assert "★ HỘI NGHỊ" in out and "[bold]AIPACODD 4[/]" in out
    assert run("bookmarks", "--json", "--markdown", db=db)[0] != 0


def test_a_bad_record_is_reported_and_the_good_ones_imported(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    good = {
        "title": "Hội nghị SOMTC 21",
        "date": "2021-09-01",
        "author": "Hồ Hương",
        "body": "Đoàn đại biểu Việt Nam tham dự Hội nghị.\n\nHai bên thống nhất hợp tác.",
    }
    records.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    code, out = run("import", str(records), db=tmp_path / "lib.db")
    assert code == 0
    assert "1 imported" in out
    assert "line 2" in out


def test_reader_options_are_read_without_click() -> None:
    from tui.cli import reader_options

    assert reader_options([]) == {}
    assert reader_options(["--db", "x.db", "--lang=vi"]) == {"db": "x.db", "lang": "vi"}
    assert reader_options(["--lang", "fr"]) is None  # click says what is wrong
    assert reader_options(["search", "ma"]) is None
    assert reader_options(["--db"]) is None
    assert reader_options(["--list"]) is None
    assert reader_options(["--state=s.db", "--db", "x.db"]) == {"state": "s.db", "db": "x.db"}
    assert reader_options(["--db", "a.db", "--db", "b.db"]) is None  # click's reading
    assert reader_options(["--db="]) is None


def test_the_reader_and_the_command_line_take_the_same_options() -> None:
    """``--help`` shows the options the launcher reads, with the values it takes."""
    from tui.cli import reader_options
    from tui.options import READER

    group = {param.name: param for param in cli.params}
    for option in READER:
        param = group[option.dest]
        assert param.opts == [option.name] and getattr(param, "help", None) == option.help
        for value in option.choices:
            assert reader_options([option.name, value]) == {option.dest: value}
            assert cli.make_context("bantin", [option.name, value]).params[option.dest] == value


def test_import_exits_zero_when_a_file_is_rejected_beside_unchanged_ones(
    seeds: Path, tmp_path: Path
) -> None:
    db = tmp_path / "lib.db"
    assert run("import", str(seeds), db=db)[0] == 0
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    code, out = run("import", str(seeds), str(bad), db=db)
    assert "5 unchanged, 1 rejected (6 files)" in out
    assert code == 0  # only an import where every file was rejected exits 1


def test_a_folder_with_nothing_to_import_says_what_bantin_reads(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "page.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.docx").write_bytes(b"PK")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "lib.db"), "import", str(folder)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no files to import in {folder}: bantin reads "
        ".atom, .csv, .htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .rss, .tsv, .txt, "
        ".xhtml, .xml\n"
    )


def test_the_files_of_a_folder_that_are_not_read_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    (folder / "tin.txt").write_text(
        "Bắt giữ nhóm buôn lậu\nCông an tỉnh bắt ba người chở hàng lậu.\n", encoding="utf-8"
    )
    (folder / "page_files" / "logo.png").write_bytes(b"\x89PNG")
    (folder / "page_files" / "app.js").write_bytes(b"1")
    (folder / "page_files" / "more.js").write_bytes(b"2")
    code, _out, err = run_apart("import", str(folder), db=tmp_path / "lib.db")
    assert code == 0
    assert "note: not read: 3 files of other kinds in the folders (.js 2, .png 1)" in err


@pytest.mark.parametrize("how", ["--db", "BANTIN_DB"])
def test_the_reader_does_not_open_a_named_library_that_does_not_exist(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.launch import CannotOpen, reader_app, run_reader

    missing = tmp_path / "typo.db"
    if how == "BANTIN_DB":
        monkeypatch.setenv("BANTIN_DB", str(missing))
    named = str(missing) if how == "--db" else None
    with pytest.raises(CannotOpen):
        reader_app(db=named)  # before any screen, and before the library is opened
    assert run_reader(db=named) == 1
    assert capsys.readouterr().err == (
        f"Error: no library at {missing} (bantin import FILES --db {missing} creates one)\n"
    )
    assert not missing.exists()


def test_the_reader_starts_without_click(db: Path) -> None:
    """What ``bantin`` runs to open the reader on a terminal (``tui.cli.main``) up to the app's
    first view, in a fresh interpreter: click is not loaded (it costs start-up). The library
    exists, as at every start but the first: making one loads click, with sqlite-utils."""
    code = (
        "import sys\n"
        "from tui.cli import main, reader_options\nfrom tui.launch import reader_app\n"
        f"app = reader_app(**reader_options(['--db', {str(db)!r}, '--lang', 'en']))\n"
        "assert app.service.take_first_view().total == 5\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'click')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"click loaded: {result.stdout.strip()}"


def test_entities_json_contract_and_mentions_at_the_export_offsets(db: Path) -> None:
    code, out = run("entities", "--json", db=db)
    rows = json.loads(out)
    assert code == 0 and rows
    # the contract: fields are added after these, never renamed or moved
    assert all(
        list(r) == ["id", "name", "type", "aliases", "roles", "mentions", "articles"] for r in rows
    )
    named = [a for r in rows for a in r["articles"]]
    assert all(list(a) == ["id", "source", "count", "mentions"] for a in named)
    # written an entity at a time, the text is the one a whole list would give
    assert out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    articles = {a["id"]: a for a in map(json.loads, run("export", db=db)[1].splitlines())}
    checked = 0
    for row in rows:
        forms = {fold(f) for f in [row["name"], *row["aliases"]]}
        for named in row["articles"]:
            article = articles[named["id"]]
            assert len(named["mentions"]) == named["count"]
            for mention in named["mentions"]:
                if mention["field"] == "caption":
                    text = article["captions"][mention["index"]]
                else:
                    assert "index" not in mention
                    text = article[mention["field"]]
                found = text[mention["start"] : mention["end"]]
                assert fold(found) in forms, (row["name"], found, mention)
                checked += 1
    assert checked > 100
    assert any(m["field"] == "title" for r in rows for a in r["articles"] for m in a["mentions"])


def test_entities_json_of_nothing_is_an_empty_list(db: Path) -> None:
    code, out = run("entities", "--json", "--article", "no-such-article", db=db)
    assert code == 0 and json.loads(out) == [] and out == "[]\n"
    code, out = run("entities", "--article", "no-such-article", db=db)
    assert out == "No entities.\n"
