"""The ``bantin`` command line: a thin click layer over ``store`` (``tui.cli`` launches it).

The reader's options are ``tui.options``'s, made into click options here.

Each command is a few lines over a store call and its printing; the file is longer than the
others (about 600 lines) because it is the whole list of commands, read in one place as
``bantin --help`` lists them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from store import paths
from store.kinds import RECORD_FIELDS, EntityType
from store.probe import no_library
from store.search import RANK_CUT
from store.text import clean, printable

from .launch import run_reader
from .options import DB, READER, Option

if TYPE_CHECKING:  # loaded by the commands that use it: the reader starts without it
    from store.entity_index import EntityInfo
    from store.kinds import FileReport, ImportReport
    from store.library import Library

F = TypeVar("F", bound=Callable[..., Any])


def click_option(option: Option) -> Callable[[F], F]:
    """``option`` (``tui.options``) as a click option, its value given as ``option.dest``."""
    kind: click.ParamType | type[str] = str
    if option.choices:
        kind = click.Choice(option.choices)
    elif option.path:
        kind = click.Path(dir_okay=False, path_type=Path)
    return click.option(
        option.name, option.dest, type=kind, default=None, metavar=option.metavar, help=option.help
    )


def reader_options(func: F) -> F:
    """The reader's options (``tui.options.READER``), in their order."""
    for option in reversed(READER):
        func = click_option(option)(func)
    return func


db_option = click_option(DB)  # on the group and on every command; the nearest one wins


def _named(ctx: click.Context, db: Path | None) -> Path | None:
    """The library the user named (``--db`` here or on ``bantin``, else ``$BANTIN_DB``)."""
    root = ctx.find_root()
    return paths.named_library(db or (root.obj or {}).get("db"))


def _state_path() -> Path:
    root = click.get_current_context().find_root()
    return paths.state_path((root.obj or {}).get("state"))


@contextmanager
def _library(
    ctx: click.Context, db: Path | None, *, write: bool = False, create: bool = False
) -> Iterator[Library]:
    """The library with the user's state: the default one is made with the bundled articles
    the first time; one the user named must exist, unless ``create`` (an import: it makes an
    empty one). ``write``: a library the user may not write is an error, said before any
    work."""
    from store.library import LibraryError, open_library

    named = _named(ctx, db)
    path = named or paths.library_path()
    if named is not None and not create and not path.exists():
        raise click.ClickException(no_library(path))
    try:
        library = open_library(path, seed=named is None and not create, state=_state_path())
    except LibraryError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        if write:
            library.check_writable()
        yield library
    except LibraryError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        library.close()


def _safe(text: str | None) -> str:
    """Article text for a terminal: no control characters, whatever the library holds."""
    return clean(text or "")


_C1 = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def _json(data: Any, indent: int | None = None) -> str:
    """JSON as UTF-8 text, with DEL and the C1 controls escaped too (``json`` escapes only
    C0): a terminal reads a raw U+009B as the start of an escape sequence."""
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_C1)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@reader_options
@click.option("--list", "as_list", is_flag=True, help="Print the newest articles and exit.")
@click.version_option(None, "--version", "-V", package_name="bantin", prog_name="bantin")
@click.pass_context
def cli(
    ctx: click.Context,
    db: Path | None,
    lang: str | None,
    state: Path | None,
    as_list: bool,
) -> None:
    """bantin: read, search and bookmark Vietnamese news articles in the terminal.

    With no command, opens the reader on the library (the bundled articles on first run).
    Keys: / search, Enter open, b bookmark, B bookmarks, y copy a citation, ? help,
    q back or quit.
    """
    ctx.obj = {"db": db, "state": state}
    if ctx.invoked_subcommand is not None:
        return
    if as_list or not (sys.stdin.isatty() and sys.stdout.isatty()):
        with _library(ctx, None) as library:
            _print_summary(library)
        return
    code = run_reader(db=db, state=state, lang=lang)
    if code:
        ctx.exit(code)


def _print_summary(library: Library) -> None:
    total = library.count()
    click.echo(f"bantin library {library.path}: {total} articles")
    for row in library.articles(limit=20):
        mark = "*" if row.bookmarked else " "
        click.echo(f" {mark} {row.date or '':10}  {_safe(row.title)}")
    if total > 20:
        click.echo(f"   … and {total - 20} more")


# -- import ------------------------------------------------------------------------------


timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    metavar="SECONDS",
    help="Seconds a server has to answer an address (default 20).",
)


def _field_map(
    _ctx: click.Context, _param: click.Parameter, pairs: tuple[str, ...]
) -> dict[str, str]:
    """``--map FIELD=KEY`` options as a map; a usage error, naming the fields, for a bad one."""
    field_map: dict[str, str] = {}
    for pair in pairs:
        name, sep, key = pair.partition("=")
        name, key = name.strip().lower(), key.strip()
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not FIELD=KEY")
        if name not in RECORD_FIELDS:
            raise click.BadParameter(f"{name!r} is not a field: one of {', '.join(RECORD_FIELDS)}")
        field_map[name] = key
    return field_map


@cli.command("import")
@click.argument("names", nargs=-1, required=True, metavar="TARGETS...")
@db_option
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary and rejected files.")
@click.option(
    "--no-entities",
    is_flag=True,
    help="Do not extract people, organisations... now (bantin index does it later).",
)
@timeout_option
@click.option(
    "--map",
    "field_map",
    multiple=True,
    metavar="FIELD=KEY",
    callback=_field_map,
    help="Read FIELD of JSON and CSV records from KEY first (dotted inside an object: "
    "meta.author). FIELD: " + ", ".join(RECORD_FIELDS) + ". Repeatable.",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    names: tuple[str, ...],
    db: Path | None,
    quiet: bool,
    no_entities: bool,
    timeout: float | None,
    field_map: dict[str, str],
) -> None:
    """Import article files and folders (recursively), and pages and feeds by their
    address (http:// or https://), into the library.

    Reads .txt (a dump of many articles is split), .md, .html (the page's article), RSS
    and Atom feeds (.xml, .rss, .atom), and a scraper's records:
    JSON (.json, .jsonl, .ndjson) and CSV (.csv, .tsv), each field taken from its usual
    key names (title/headline, sapo/description, body/content, publish_date, url/link,
    author/authors, category, tags/keywords, site/publisher, credit); the keys no field
    took are named. The same article imported twice is kept once; a changed file (or a
    --map changed) replaces what it gave before, and bookmarks follow. Links to folders
    are followed, each folder once. A file that cannot be read (a named pipe, a device,
    no permission, over 64 MB, a link loop) is rejected with the reason, and the rest
    imported. Exits 1 when every file was rejected, or when there was none to import.

    \b
    Example: bantin import export.jsonl --map body=noi_dung --map author=meta.author

    An address is fetched (redirects followed, at most 64 MB) and read by the kind its
    server gives (an HTML page, an RSS or Atom feed, JSON, text); the article's address is
    the page's (its canonical link, else where it was found), and a feed gives one article
    an item. Imported again, an address is unchanged if the server sends the same page, and
    replaces what it gave if the page changed. An address that cannot be fetched (offline,
    no such server, no answer within --timeout, an HTTP error, not a page or feed) is
    rejected with the reason, and the rest imported.

    A library named by --db or $BANTIN_DB that does not exist is created, empty.
    """
    from store.files import collect_files, is_address
    from store.pool import start_early, workers

    targets = [name if is_address(name) else Path(name) for name in names]
    addresses = [target for target in targets if isinstance(target, str)]
    if workers() > 1 and any(isinstance(t, Path) and t.is_dir() for t in targets):
        start_early()  # a folder may hold many files: the workers start while the library opens
    interactive = sys.stdout.isatty() and not quiet
    with _library(ctx, db, write=True, create=True) as library:
        if interactive:
            files, missing = collect_files(t for t in targets if isinstance(t, Path))
            if not files and not missing and not addresses:
                raise click.ClickException(_nothing_to_import(targets))
            bar: Any
            with click.progressbar(
                length=len(files) + len(missing) + len(addresses),
                label="Importing",
                show_pos=True,
                item_show_func=lambda r: printable(Path(r.path).name) if r is not None else None,
            ) as bar:
                report = library.import_paths(
                    targets,
                    lambda r: bar.update(1, r),
                    entities=False,
                    processes=workers(),
                    timeout=timeout,
                    field_map=field_map,
                )
        else:
            printer = None if quiet else _print_file
            report = library.import_paths(
                targets,
                printer,
                entities=False,
                processes=workers(),
                timeout=timeout,
                field_map=field_map,
            )
            if not report.files:
                raise click.ClickException(_nothing_to_import(targets))
        indexed = 0 if no_entities else _index_entities(library, interactive)
        if interactive or quiet:
            for rejected in report.rejected:
                reason = _safe(rejected.reason)
                click.echo(f"rejected  {printable(rejected.path)}: {reason}", err=True)
            for part in report.files:
                for problem in part.problems:
                    click.echo(f"skipped   {printable(part.path)}: {_safe(problem)}", err=True)
                for note in part.notes:
                    click.echo(f"note      {printable(part.path)}: {_safe(note)}", err=True)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        _print_import_summary(report)
        if indexed:
            click.echo(f"entities extracted from {indexed} articles")
    if len(report.rejected) == len(report.files):  # every file rejected (there was one at least)
        ctx.exit(1)


def _nothing_to_import(targets: Sequence[Path | str]) -> str:
    """The folders named hold no file of a kind bantin reads (other files are given by name):
    say which kinds it reads."""
    from store.kinds import ARTICLE_SUFFIXES

    folders = ", ".join(printable(str(target)) for target in targets)
    return f"no files to import in {folders}: bantin reads {', '.join(sorted(ARTICLE_SUFFIXES))}"


def _index_entities(library: Library, interactive: bool) -> int:
    """Extract the entities of new articles (by as many processes as there are processors),
    with a progress bar on a terminal."""
    from store.pool import workers

    if not interactive:
        return library.index_entities(processes=workers())
    bar: Any
    with click.progressbar(length=1, label="Entities", show_pos=True) as bar:

        def step(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        return library.index_entities(step, workers())


@cli.command("index")
@db_option
@click.pass_context
def index_command(ctx: click.Context, db: Path | None) -> None:
    """Extract the entities of every article not indexed yet (after import --no-entities)."""
    with _library(ctx, db, write=True) as library:
        done = _index_entities(library, sys.stdout.isatty())
    click.echo(f"entities extracted from {done} articles")


def _print_file(report: FileReport) -> None:
    if report.status == "rejected":
        click.echo(f"rejected  {printable(report.path)}: {_safe(report.reason)}")
        return
    parts = []
    for name in ("imported", "updated", "duplicates", "unchanged"):
        value = getattr(report, name)
        if value:
            parts.append(f"{value} {name}")
    click.echo(f"{report.status:9} {printable(report.path)}: {', '.join(parts) or 'nothing new'}")
    for problem in report.problems:
        click.echo(f"          {_safe(problem)}")
    for note in report.notes:
        click.echo(f"          {_safe(note)}")


def _print_import_summary(report: ImportReport) -> None:
    click.echo(
        f"{report.imported} imported, {report.updated} updated, "
        f"{report.duplicates} duplicates, {report.unchanged} unchanged, "
        f"{len(report.rejected)} rejected ({len(report.files)} files)"
    )


# -- update ------------------------------------------------------------------------------


@cli.command("update")
@db_option
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The config file listing the feeds (default: config.toml in bantin's config folder).",
)
@timeout_option
@click.option(
    "--follow",
    is_flag=True,
    help="Fetch the page of each new item for its full text (for feeds that give a summary).",
)
@click.option("--list", "as_list", is_flag=True, help="List the feeds and when each was fetched.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary and failed feeds.")
@click.pass_context
def update_command(
    ctx: click.Context,
    db: Path | None,
    config: Path | None,
    timeout: float | None,
    follow: bool,
    as_list: bool,
    quiet: bool,
) -> None:
    """Import what is new in the feeds you follow.

    The feeds (RSS or Atom addresses) are listed in config.toml, in bantin's config folder
    (bantin locate shows it), in either form:

    \b
        [feeds]
        urls = ["https://example.vn/rss/tin-moi-nhat.rss"]

    \b
        [[feeds]]
        url = "https://example.vn/rss/phap-luat.rss"
        name = "Pháp luật"
        follow = true

    Each feed is fetched asking its server only for what changed since the last time (its
    ETag and Last-Modified date): a feed not modified is not downloaded again. Each new or
    changed item is imported as an article; an item edited replaces what it gave, and
    bookmarks follow. With follow = true (for one feed, or for all under [feeds]) or
    --follow, the page of each new item is fetched and its full text replaces the feed's
    summary. One line a feed (imported, unchanged, or failed with the reason) and a
    summary; exits 1 when every feed failed.
    """
    from store.fetch import ConfigError, feeds_config

    path = config or paths.config_dir() / "config.toml"
    try:
        feeds = feeds_config(path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if not feeds:
        raise click.ClickException(
            f'no feeds to follow: list them in {path} ([feeds] urls = ["https://..."])'
        )
    names = {feed.url: f"{feed.name} ({feed.url})" if feed.name else feed.url for feed in feeds}
    if as_list:
        with _library(ctx, db) as library:
            times = library.fetch_times()
        for feed in feeds:
            when = times.get(feed.url)
            fetched = f"fetched {when.replace('T', ' ')}" if when else "never fetched"
            click.echo(f"{printable(names[feed.url])}  {fetched}")
        return

    def line(report: FileReport) -> None:
        label = printable(names.get(report.path, report.path))
        if report.status == "rejected":
            click.echo(f"failed    {label}: {_safe(report.reason)}", err=quiet)
            return
        if quiet:
            return
        counts = [
            f"{getattr(report, name)} {name}"
            for name in ("imported", "updated", "duplicates", "unchanged")
            if getattr(report, name)
        ]
        said = ", ".join(counts + [_safe(note) for note in report.notes]) or "nothing new"
        click.echo(f"{report.status:9} {label}: {said}")
        for problem in report.problems:
            click.echo(f"          {_safe(problem)}")

    with _library(ctx, db, write=True) as library:
        followed = {feed.url for feed in feeds if feed.follow or follow}
        report = library.update_feeds([feed.url for feed in feeds], line, timeout, follow=followed)
    failed = len(report.rejected)
    quiet_feeds = sum(1 for f in report.files if f.status == "unchanged")
    plural = "s" if len(feeds) != 1 else ""
    click.echo(
        f"{len(feeds)} feed{plural}: {report.imported} articles imported, {report.updated} "
        f"updated, {report.unchanged} unchanged; nothing new in {quiet_feeds}, {failed} failed"
    )
    if failed == len(report.files):
        ctx.exit(1)


# -- search ------------------------------------------------------------------------------


@cli.command("search")
@click.argument("words", nargs=-1, required=True)
@db_option
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Rank by relevance (title above body) or list newest first.",
)
@click.option(
    "--rank-all",
    is_flag=True,
    help=f"Rank every match (a search matching over {RANK_CUT:,} articles ranks the newest).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of results.")
@click.pass_context
def search_command(
    ctx: click.Context,
    words: tuple[str, ...],
    db: Path | None,
    limit: int,
    sort: str,
    rank_all: bool,
    as_json: bool,
) -> None:
    """Search the library the Vietnamese way.

    Words typed without marks match every marked form (ma tuy finds "ma túy");
    words with marks match those marks. All words must match. Words typed next to each
    other are read first as the words they spell: results holding them together and in
    order come first, then those holding them near each other, then the rest. "Quoted
    words" form a phrase; a trailing * matches a prefix (hoi ngh*). After the results: how
    many hold the words together and how many every word; on standard error, the marked
    spellings the library holds for words typed without marks.
    """
    query = " ".join(words)
    with _library(ctx, db) as library:
        result = library.search(query, limit=limit, sort=sort, rank_all=rank_all)
        counts = library.match_counts(result.query) if result.hits else None
        spellings = library.spellings(result.query) if result.hits else None
        order = library.ranked_order(result.query) if result.ranked_among else ""
        # a hit's tier may be looked up in the library: made while it is open
        items = [hit.to_json() for hit in result.hits] if as_json else []
    if spellings is not None:
        found = " · ".join(f"{form} {count:,}" for form, count in spellings.found)
        click.echo(f"{spellings.typed} → {found}", err=True)
    if as_json:
        click.echo(_json(items, indent=2))
        if counts is not None:
            click.echo(_counts_line(counts.together, counts.every_word), err=True)
        return
    if result.message:
        click.echo(f"Nothing searched: {result.message}. Type one or more words.", err=True)
        ctx.exit(1)
    if not result.hits:
        click.echo(f"No article matches {query!r}.")
        return
    color = sys.stdout.isatty()
    dated = any(hit.article.date for hit in result.hits)  # no column of blanks for no dates
    for number, hit in enumerate(result.hits, start=1):
        article = hit.article
        date = f"{article.date or '':10}  " if dated else ""
        click.echo(f"{number:>3}. {date}{_safe(article.title)}")
        if color:
            snippet = hit.snippet.marked("\x00", "\x01")
            snippet = _safe(snippet.replace("\x00", "\ufff0").replace("\x01", "\ufff1"))
            snippet = snippet.replace("\ufff0", "\x1b[1;33m").replace("\ufff1", "\x1b[0m")
        else:
            snippet = _safe(hit.snippet.marked())
        click.echo(f"     {snippet}")
        click.echo(f"     {article.id}  {_safe(article.source)}")
    if counts is not None:
        click.echo(_counts_line(counts.together, counts.every_word))
    if result.ranked_among:
        n = f"{result.ranked_among:,}"
        ranked = {
            "import": f"none has a date: the {n} imported last were ranked",
            "mixed": f"the newest {n} were ranked, the undated among them imported last",
        }.get(order, f"the newest {n} were ranked")
        click.echo(f"More than {n} articles match: {ranked} (--rank-all ranks every one).")


def _counts_line(together: int, every_word: int) -> str:
    """``466 together · 3,757 with every word``, or ``3,757 results`` when they are one."""
    if together == every_word:
        return f"{every_word:,} result{'s' if every_word != 1 else ''}"
    return f"{together:,} together · {every_word:,} with every word"


# -- export ------------------------------------------------------------------------------


@cli.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.pass_context
def export_command(ctx: click.Context, db: Path | None, fmt: str) -> None:
    """Print every article as one JSON object a line (newest first).

    Fields: id, title, title_inferred, date, author, lede, body (paragraphs joined by a
    blank line), captions, source, words, and where the article came from: url, outlet,
    section, tags (a list), credit (null or [] when unknown).
    """
    with _library(ctx, db) as library:
        for article in library.iter_articles():
            click.echo(_json(article.export()))


# -- entities ------------------------------------------------------------------------------

ENTITY_TYPES = [kind.value for kind in EntityType]


@cli.command("entities")
@db_option
@click.option("--type", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False),
              help="Only entities of this type.")  # fmt: skip
@click.option("--article", "article_id", help="Only the entities of this article (its id).")
@click.option("--sort", type=click.Choice(["alpha", "count"]), default="alpha", show_default=True,
              help="Vietnamese alphabetical order, or by number of mentions.")  # fmt: skip
@click.option("-n", "--limit", type=click.IntRange(1, None), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of entities.")
@click.pass_context
def entities_command(
    ctx: click.Context,
    db: Path | None,
    etype: str | None,
    article_id: str | None,
    sort: str,
    limit: int | None,
    as_json: bool,
) -> None:
    """List the people, organisations, places, events and laws the articles name.

    --json prints objects with id, name, type, aliases, roles, mentions (how many times
    the articles name it) and articles: each with id, source, count and mentions, a list of
    {field, start, end}: characters start to end of the field (title, lede, body, or
    caption with its index from 0) as bantin export prints it. The list is written as it is
    read: its memory does not grow with the library.
    """
    with _library(ctx, db) as library:
        found = library.iter_entities(
            etype.upper() if etype else None, article_id, sort, limit, articles=as_json
        )
        if as_json:
            _echo_entities_json(found)
            return
        listed = 0
        for e in found:
            roles = f"  ({_safe('; '.join(e.roles[:2]))})" if e.roles else ""
            click.echo(f"{e.type:6} {_safe(e.name)}{roles}  · {e.mentions} in {e.articles}")
            listed += 1
    if not listed:
        click.echo("No entities.")


def _echo_entities_json(found: Iterable[EntityInfo]) -> None:
    """The entities as one JSON list, the text ``_json(list, indent=2)`` would give, written
    an entity and an article at a time: nothing is held but the one being written."""
    opening = "[\n  "
    for e in found:
        head = {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": e.aliases,
            "roles": e.roles,
            "mentions": e.mentions,
        }  # fmt: skip
        click.echo(opening + _json(head, indent=2)[:-2].replace("\n", "\n  "), nl=False)
        click.echo(',\n    "articles": [', nl=False)
        before = "\n      "
        for article in e.named_in:
            click.echo(before + _json(article, indent=2).replace("\n", "\n      "), nl=False)
            before = ",\n      "
        click.echo("]\n  }" if before == "\n      " else "\n    ]\n  }", nl=False)
        opening = ",\n  "
    click.echo("[]" if opening == "[\n  " else "\n]")


@cli.command("names")
@click.argument("words", nargs=-1, required=True)
@db_option
@click.option("-n", "--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of matches.")
@click.pass_context
def names_command(
    ctx: click.Context, words: tuple[str, ...], db: Path | None, limit: int, as_json: bool
) -> None:
    """Find a person, organisation, place, event or law by a half-remembered name.

    Marks, case and word order do not matter: to lam, lam to and Tô Lâm all find Tô Lâm;
    initials (tl) and a name without its spaces (tolam) do too. The score is 100 for the
    whole name, less for its words begun, a misspelling or one word of a longer name; when
    no name matches most of the query, it says so. --json prints objects with id, name,
    type, score, articles (how many name it) and roles.
    """
    with _library(ctx, db) as library:
        hits = library.find_names(" ".join(words), limit=limit)
        ids = [int(h.entry.key) for h in hits]
        roles = {e.id: e.roles for e in library.entities(ids=ids)} if ids else {}
    if as_json:
        rows = [
            {
                "id": int(h.entry.key),
                "name": h.entry.name,
                "type": h.entry.type,
                "score": round(h.score, 1),
                "articles": h.entry.weight,
                "roles": roles.get(int(h.entry.key), []),
            }  # fmt: skip
            for h in hits
        ]
        click.echo(_json(rows, indent=2))
        return
    if not hits:
        click.echo(f"No name close to {' '.join(words)!r}.")
        return
    for hit in hits:
        role = roles.get(int(hit.entry.key), [])
        extra = f"  ({_safe(role[0])})" if role else ""
        click.echo(f"{hit.score:5.1f}  {hit.entry.type:6} {_safe(hit.entry.name)}{extra}"
                   f"  · {hit.entry.weight} article(s)")  # fmt: skip


# -- bookmarks ---------------------------------------------------------------------------


@cli.command("bookmarks")
@db_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list of bookmarks.")
@click.option("--markdown", "as_markdown", is_flag=True, help="A Markdown list of bookmarks.")
@click.pass_context
def bookmarks_command(
    ctx: click.Context, db: Path | None, as_json: bool, as_markdown: bool
) -> None:
    """Print the bookmarks, newest first, with their notes.

    Fields: id, title, date, author, source, note, created, and where the article came
    from: url, outlet, section, tags (a list), credit. --markdown links each title to its
    address and names its outlet.
    """
    if as_json and as_markdown:
        raise click.UsageError("choose one of --json and --markdown")
    with _library(ctx, db) as library:
        marks = library.bookmarks()
    fields = ["id", "title", "date", "author", "source", "note", "created"]
    fields += ["url", "outlet", "section", "tags", "credit"]  # added after, never renamed
    rows = [{name: mark.get(name) for name in fields} for mark in marks]
    if as_json:
        click.echo(_json(rows, indent=2))
        return
    if not rows:
        click.echo("No bookmarks yet." if not as_markdown else "")
        return
    for row in rows:
        title = _safe(row["title"]) or "(article no longer in the library)"
        named = ("outlet", "date", "author", "source")
        details = ", ".join(_safe(" ".join(str(row[k]).split())) for k in named if row[k])
        note = _safe(row["note"])
        url = " ".join(_safe(row["url"]).split())
        if as_markdown:
            shown = f"[{_markdown(title)}](<{_link(url)}>)" if url else _markdown(title)
            line = f"- **{shown}**" + (f" ({_markdown(details)})" if details else "")
            click.echo(line + (f"  \n  {_markdown(note)}" if note else ""))
        else:
            click.echo(f"★ {title}" + (f"  ({details})" if details else ""))
            if url:
                click.echo(f"    {url}")
            if note:
                click.echo(f"    {note}")


def _link(url: str) -> str:
    """An address as a Markdown link's destination in angle brackets: nothing in it can end
    the brackets or the line."""
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def _markdown(text: str) -> str:
    """Text with Markdown's special characters escaped, so a title renders as written."""
    return "".join("\\" + c if c in "\\`*_[]<>|" else c for c in text)


# -- check -------------------------------------------------------------------------------


@cli.command("check")
@db_option
@click.pass_context
def check_command(ctx: click.Context, db: Path | None) -> None:
    """Check the library: SQLite's integrity checks (library and your state), and the search
    index rebuilt from the articles and compared with the one kept. Exits 1 on a problem.

    Reads only; after an interrupted import, running the import again completes it.
    """
    from store.check import check

    with _library(ctx, db) as library:
        interactive = sys.stdout.isatty()
        if interactive:
            bar: Any
            with click.progressbar(length=max(library.count(), 1), label="Checking") as bar:

                def step(done: int, total: int) -> None:
                    bar.update(done - bar.pos)

                report = check(library, step)
        else:
            report = check(library)
    for problem in report.problems:
        click.echo(f"problem: {_safe(problem)}", err=True)
    if not report.ok:
        ctx.exit(1)
    click.echo(
        f"ok: {report.articles} articles, the search index agrees with them; "
        "the library and your state pass SQLite's integrity check"
    )


# -- locate ------------------------------------------------------------------------------


@cli.command("locate")
@db_option
@click.pass_context
def locate_command(ctx: click.Context, db: Path | None) -> None:
    """Print where the library, the user's state and the config live."""
    from store.state import writable

    named = _named(ctx, db)
    library = named or paths.library_path()
    if not library.exists():
        made = "bantin import creates it" if named else "bantin makes it, with the bundled articles"
        note = f"  (none yet: {made})"
    elif not writable(library):
        note = "  (read-only for you: reading works, importing does not)"
    else:
        note = ""
    click.echo(f"library: {library}{note}")
    state = _state_path()
    mine = "  (your bookmarks, notes and read marks)"
    click.echo(
        f"state:   {state}{mine if writable(state) else '  (read-only: nothing can be saved)'}"
    )
    click.echo(f"config:  {paths.config_dir()}")
    click.echo(f"seeds:   {paths.seeds_dir()}")
