"""Entities extracted by worker processes (``entity_index.index_pending`` with ``processes``)
are those extracted in one process: the same entities, ids, aliases, mentions and counts; and an
import with entities gives what ``--no-entities`` then ``bantin index`` gives."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_import_pool import make_corpus

from store import entity_index, pool
from store.library import Library
from tui.command_line import cli


def index_tables(library: Library) -> list[list[tuple[Any, ...]]]:
    """Everything the entity index holds, in a fixed order."""
    queries = [
        "SELECT * FROM entities ORDER BY id",
        "SELECT * FROM aliases ORDER BY entity_id, key",
        "SELECT * FROM mentions ORDER BY article_id, entity_id",
        "SELECT id, entities_version FROM articles ORDER BY doc",
    ]
    return [library.db.execute(query).fetchall() for query in queries]


class Counted:
    """Counts the results that came back from worker processes (``pool.Mapped``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.results = 0
        real = pool.Mapped.__iter__

        def counted(mapped: pool.Mapped) -> Any:
            for result in real(mapped):
                self.results += 1
                yield result

        monkeypatch.setattr(pool.Mapped, "__iter__", counted)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> Counted:
    """Workers for a few dozen articles, a few articles a chunk, stored 10 a transaction."""
    monkeypatch.setattr(entity_index, "POOL_FROM", 20)
    monkeypatch.setattr(entity_index, "CHUNK", 3)
    monkeypatch.setattr(entity_index, "BATCH", 10)
    return Counted(monkeypatch)


def test_entities_extracted_by_workers_are_those_extracted_by_one_process(
    tmp_path: Path, small_chunks: Counted
) -> None:
    make_corpus(tmp_path / "corpus", 45)
    tables = []
    steps: list[list[tuple[int, int]]] = []
    for name, processes in (("one", 1), ("many", 2)):
        library = Library.open(tmp_path / f"{name}.db", state=tmp_path / f"{name}.state")
        library.import_paths([tmp_path / "corpus"], entities=False)
        seen: list[tuple[int, int]] = []
        done = library.index_entities(lambda d, t, s=seen: s.append((d, t)), processes=processes)
        assert done == library.count() == 47
        tables.append(index_tables(library))
        steps.append(seen)
        library.close()
        if processes == 1:
            assert small_chunks.results == 0
    assert small_chunks.results == 16  # 47 articles, 3 a chunk, all from the workers
    assert tables[0] == tables[1]
    assert len(tables[1][0]) > 20 and len(tables[1][2]) > 100  # entities and mentions
    # how many there are first, then progress after each transaction, up to every article
    assert steps[0] == steps[1] == [(d, 47) for d in (0, 10, 20, 30, 40, 47)]


def test_import_with_entities_gives_what_index_after_no_entities_gives(
    tmp_path: Path, small_chunks: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path / "corpus", 30)
    monkeypatch.setattr(pool, "workers", lambda: 2)
    runner = CliRunner()
    at_once, later = str(tmp_path / "once.db"), str(tmp_path / "later.db")
    result = runner.invoke(cli, ["--db", at_once, "import", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    assert "entities extracted from 32 articles" in result.output
    assert small_chunks.results > 0
    corpus = str(tmp_path / "corpus")
    result = runner.invoke(cli, ["--db", later, "import", "--no-entities", corpus])
    assert result.exit_code == 0 and "entities extracted" not in result.output
    assert runner.invoke(cli, ["--db", later, "entities", "--json"]).output.strip() == "[]"
    result = runner.invoke(cli, ["--db", later, "index"])
    assert result.output == "entities extracted from 32 articles\n"
    listed = [
        runner.invoke(cli, ["--db", db, "entities", "--json"]).output for db in (at_once, later)
    ]
    assert listed[0] == listed[1]
    assert len(json.loads(listed[0])) > 20


def test_workers_that_cannot_start_leave_the_entities_to_this_process(
    tmp_path: Path, small_chunks: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path / "corpus", 30)
    monkeypatch.setattr(pool, "_unrunnable", lambda: "no interpreter here")
    library = Library.open(tmp_path / "one.db", state=tmp_path / "one.state")
    library.import_paths([tmp_path / "corpus"], entities=False)
    assert library.index_entities(processes=2) == 32
    assert small_chunks.results == 0
    assert library.db.execute("SELECT count(*) FROM mentions").fetchone()[0] > 50
    library.close()


def killed_on_article_43(articles: list[Any]) -> Any:
    """Extracts, except in a worker given the article numbered 43: it dies (SIGKILL)."""
    if any(title.endswith("lần thứ 43") for _id, title, *_rest in articles):
        os.kill(os.getpid(), signal.SIGKILL)
    return entity_index.extract_chunk(articles)


def test_a_worker_killed_mid_extraction_stops_in_one_line_keeping_what_was_committed(
    tmp_path: Path, small_chunks: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corpus(tmp_path / "corpus", 45)
    one = Library.open(tmp_path / "one.db", state=tmp_path / "one.state")
    one.import_paths([tmp_path / "corpus"], entities=False)
    one.index_entities()
    library = Library.open(tmp_path / "many.db", state=tmp_path / "many.state")
    library.import_paths([tmp_path / "corpus"], entities=False)
    with monkeypatch.context() as patched:
        patched.setattr(entity_index, "extract_chunk", killed_on_article_43)
        with pytest.raises(pool.Stopped, match="^a worker process was killed .*committed is kept"):
            library.index_entities(processes=2)
    indexed = library.db.execute("SELECT count(*) FROM articles WHERE entities_version > 0")
    assert 0 < indexed.fetchone()[0] < 47  # the batches before it, committed
    assert library.index_entities() < 47  # the rest, later
    assert index_tables(library) == index_tables(one)
    one.close()
    library.close()
