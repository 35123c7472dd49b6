"""The library's index of entities: who and what each article names, and back.

Tables (migration ``m002_entities``): ``entities`` (one row a person, organisation, place,
event or law, with its Vietnamese sort key and counters), ``aliases`` (every form the articles
use for it, once, with how many articles use it: ``refs``), ``mentions`` (article, entity,
count, character offsets per field, the roles the article gives, and the forms it used, so
that removing the article takes its forms back).

Articles are extracted after they are stored (``index_pending``), in batches, each batch one
transaction: an import that is stopped leaves every article either indexed or waiting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .db import Database
from .kinds import EntityType
from .text import canon, fold, sort_key_text

if TYPE_CHECKING:  # the extractor loads when articles are indexed, not to read the index
    from .entities import Entity

PERSON, EVENT = EntityType.PERSON.value, EntityType.EVENT.value

EXTRACTOR_VERSION = 1
_FOLDED_WORD = re.compile(r"[^\W_]+")  # a word as the name finder reads one (``store.names``)
# characters of one article the extractor reads: its time grows faster than the text (a news
# article is far shorter; a dump of megabytes in one article would take hours)
EXTRACT_LIMIT = 100_000


def create_schema(db: Any) -> None:
    db.executescript(
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            folded TEXT NOT NULL,
            sort_key TEXT NOT NULL,
            articles INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX entities_type_sort ON entities(type, sort_key);
        CREATE TABLE aliases (
            entity_id INTEGER NOT NULL,
            article_id TEXT NOT NULL,
            alias TEXT NOT NULL,
            key TEXT NOT NULL,
            merge INTEGER NOT NULL,
            PRIMARY KEY (entity_id, article_id, key)
        );
        CREATE INDEX aliases_key ON aliases(key, merge);
        CREATE INDEX aliases_article ON aliases(article_id);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            count INTEGER NOT NULL,
            offsets TEXT NOT NULL,
            roles TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (article_id, entity_id)
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);
        ALTER TABLE articles ADD COLUMN entities_version INTEGER NOT NULL DEFAULT 0;
        """
    )


# -- writing ----------------------------------------------------------------------------------


def _merge_keys(entity: Entity) -> list[str]:
    """Forms that make this entity the same as one already in the library.

    Not a person's one-word short form ("Waly", "Sơn": many people share it), and not a
    meeting's bare acronym ("SOMTC": SOMTC 19 and SOMTC 20 are two meetings)."""
    keys = []
    numbered = any(c.isdigit() for c in entity.name)
    for form in entity.forms:
        if entity.type == PERSON and " " not in form.strip():
            continue
        if entity.type == EVENT and numbered and not any(c.isdigit() for c in form):
            continue
        keys.append(canon(form))
    return list(dict.fromkeys(keys))


# one entity of one article, ready to store: (type, name, folded name, sort key, merge keys,
# {key: form} of its forms, JSON of those keys, mentions, offsets JSON, roles JSON); made where
# it is extracted (a worker process of a large import), so that storing it is SQL only
Found = tuple[str, str, str, str, tuple[str, ...], dict[str, str], str, int, str, str]


def found(entities: list[Entity]) -> list[Found]:
    """What ``store_found`` stores of an article's ``entities``."""
    rows: list[Found] = []
    for entity in entities:
        forms: dict[str, str] = {}
        for form in entity.forms:
            forms.setdefault(canon(form), form)
        offsets: dict[str, list[list[int]]] = {}
        for mention in entity.mentions:
            offsets.setdefault(mention.field, []).append([mention.start, mention.end])
        rows.append(
            (
                entity.type,
                entity.name,
                fold(entity.name),
                sort_key_text(entity.name),
                tuple(_merge_keys(entity)),
                forms,
                json.dumps(list(forms), ensure_ascii=False),
                len(entity.mentions),
                json.dumps(offsets),
                json.dumps(entity.roles, ensure_ascii=False),
            )
        )
    return rows


def store_article(db: Database, article_id: str, entities: list[Entity]) -> None:
    """Replace what the index holds for one article by ``entities``. Inside a transaction."""
    store_found(db, article_id, found(entities))


@lru_cache(maxsize=32)
def _find_sql(keys: int) -> str:
    """The entity of the same type that has one of ``keys`` forms as a merge key (the most
    named one)."""
    return f"""SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity_id
               WHERE a.key IN ({",".join("?" * keys)}) AND a.merge = 1 AND e.type = ?
               ORDER BY e.mentions DESC LIMIT 1"""


def store_found(db: Database, article_id: str, entities: list[Found]) -> None:
    """Replace what the index holds for one article by its ``found`` entities. Inside a
    transaction."""
    remove_article(db, article_id)
    execute = db.conn.execute
    mentions = []
    for etype, name, folded, sort_key, merge_keys, forms, keys, count, offsets, roles in entities:
        entity_id: int | None = None
        if merge_keys:
            row = execute(_find_sql(len(merge_keys)), [*merge_keys, etype]).fetchone()
            entity_id = int(row[0]) if row else None
        if entity_id is None:
            cursor = execute(
                "INSERT INTO entities (type, name, folded, sort_key, articles, mentions) "
                "VALUES (?, ?, ?, ?, 1, ?)",
                [etype, name, folded, sort_key, count],
            )
            entity_id = int(cursor.lastrowid or 0)
        else:
            execute(
                "UPDATE entities SET articles = articles + 1, mentions = mentions + ? WHERE id = ?",
                [count, entity_id],
            )
        db.conn.executemany(
            "INSERT INTO aliases (entity_id, key, alias, merge, refs) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (entity_id, key) DO UPDATE SET refs = refs + 1, "
            "merge = max(merge, excluded.merge)",
            [(entity_id, key, form, int(key in merge_keys)) for key, form in forms.items()],
        )
        # in this order: two forms of one entity in the article, the second replaces the first
        mentions.append((article_id, entity_id, count, offsets, roles, keys))
    db.conn.executemany(
        "INSERT OR REPLACE INTO mentions (article_id, entity_id, count, offsets, roles, forms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        mentions,
    )
    execute(
        "UPDATE articles SET entities_version = ? WHERE id = ?", [EXTRACTOR_VERSION, article_id]
    )


def remove_article(db: Database, article_id: str) -> None:
    """Forget what an article named (its forms too); entities no article names any more go."""
    gone = db.execute(
        "SELECT entity_id, count, forms FROM mentions WHERE article_id = ?", [article_id]
    ).fetchall()
    if not gone:
        return
    db.conn.executemany(
        "UPDATE entities SET articles = articles - 1, mentions = mentions - ? WHERE id = ?",
        [(count, entity_id) for entity_id, count, _forms in gone],
    )
    db.conn.executemany(
        "UPDATE aliases SET refs = refs - 1 WHERE entity_id = ? AND key = ?",
        [(entity_id, key) for entity_id, _count, forms in gone for key in json.loads(forms)],
    )
    db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
    ids = [entity_id for entity_id, _count, _forms in gone]
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM aliases WHERE entity_id IN ({marks}) AND refs <= 0", ids)
    db.execute(f"DELETE FROM entities WHERE id IN ({marks}) AND articles <= 0", ids)


def upgrade_aliases(db: Any) -> None:
    """Migration m005: one alias row per (entity, form) with a count, not one per article."""
    db.executescript(
        """
        CREATE TABLE aliases_new (
            entity_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            alias TEXT NOT NULL,
            merge INTEGER NOT NULL,
            refs INTEGER NOT NULL,
            PRIMARY KEY (entity_id, key)
        );
        INSERT INTO aliases_new (entity_id, key, alias, merge, refs)
            SELECT entity_id, key, min(alias), max(merge), count(*) FROM aliases
            GROUP BY entity_id, key;
        ALTER TABLE mentions ADD COLUMN forms TEXT NOT NULL DEFAULT '[]';
        UPDATE mentions SET forms = coalesce((
            SELECT json_group_array(key) FROM aliases a
            WHERE a.entity_id = mentions.entity_id AND a.article_id = mentions.article_id
        ), '[]');
        DROP TABLE aliases;
        ALTER TABLE aliases_new RENAME TO aliases;
        CREATE INDEX aliases_key ON aliases(key, merge);
        """
    )


POOL_FROM = 400  # articles: fewer are extracted in this process (a pool takes time to start)
CHUNK = 50  # articles a worker extracts at a time
BATCH = 200  # articles stored in one transaction (at most: a worker's chunks come one by one)


def index_pending(
    db: Database,
    progress: Callable[[int, int], None] | None = None,
    batch: int | None = None,
    processes: int = 1,
) -> int:
    """Extract the entities of every article not yet indexed, in the order they were stored;
    returns how many were. With ``processes`` over 1 and many articles, the extraction is
    done by as many worker processes (``store.pool``) while this one stores what they found,
    in the articles' order: the index is the one extraction in this process gives. Each batch
    is one transaction; ``progress(done, total)`` before the first and after each.
    ``pool.Stopped`` when a worker dies (what was committed is kept)."""
    docs = [
        int(row[0])
        for row in db.execute(
            "SELECT doc FROM articles WHERE entities_version < ? ORDER BY doc", [EXTRACTOR_VERSION]
        )
    ]
    total = len(docs)
    if not total:
        return 0
    batch = batch or BATCH
    if progress:
        progress(0, total)  # how many there are, before the first is extracted
    workers = processes >= 2 and total >= POOL_FROM
    size = min(batch, CHUNK) if workers else batch
    chunks = (_articles(db, docs[i : i + size]) for i in range(0, total, size))
    done = 0
    pending: list[tuple[str, list[Found]]] = []

    def store(found: list[tuple[str, list[Found]]], last: bool = False) -> None:
        nonlocal done
        pending.extend(found)
        while len(pending) >= batch or (last and pending):
            stored = pending[:batch]
            with db.atomic():
                for article_id, entities in stored:
                    store_found(db, article_id, entities)
            done += len(stored)
            del pending[:batch]
            if progress:
                progress(done, total)

    if workers:
        from . import pool

        try:
            with pool.Mapped(extract_chunk, chunks, processes, 2 * processes + 2) as results:
                for found in results:
                    store(found)
            store([], last=True)
            return done
        except pool.CannotStart:
            # nothing came back: this process extracts them (from the first, again)
            pending.clear()
            chunks = (_articles(db, docs[i : i + size]) for i in range(0, total, size))
    for chunk in chunks:
        store(extract_chunk(chunk))
    store([], last=True)
    return done


Pending = tuple[str, str, str, str, str, str | None]  # id, title, lede, body, captions, author


def _articles(db: Database, docs: list[int]) -> list[Pending]:
    """The fields the extractor reads of these articles (by their ``doc``), in this order."""
    rows = db.execute(
        "SELECT id, title, lede, body, captions, author FROM articles "
        f"WHERE doc IN ({','.join('?' * len(docs))}) ORDER BY doc",
        docs,
    ).fetchall()
    return [tuple(row) for row in rows]


def extract_chunk(articles: list[Pending]) -> list[tuple[str, list[Found]]]:
    """The entities of each article, ready to store (``found``); run by a worker process
    of a large import, or by the importing process."""
    from .entities import article_segments, extract

    return [
        (aid, found(extract(_bounded(article_segments(title, lede, body, json.loads(caps))), a)))
        for aid, title, lede, body, caps, a in articles
    ]


def _bounded(segments: list[tuple[str, str]], limit: int = EXTRACT_LIMIT) -> list[tuple[str, str]]:
    """The first ``limit`` characters of an article's fields, cut at a space: offsets stay
    those of the whole field."""
    kept: list[tuple[str, str]] = []
    left = limit
    for name, text in segments:
        if len(text) > left:
            cut = text.rfind(" ", 0, left + 1)
            text = text[: cut if cut > 0 else left]
        kept.append((name, text))
        left -= len(text)
    return kept


# -- reading ----------------------------------------------------------------------------------


@dataclass
class EntityInfo:
    id: int
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0
    # for one article: how often it names the entity, and where (field -> [[start, end]])
    count: int = 0
    offsets: dict[str, list[list[int]]] = field(default_factory=dict)
    # with ``iter_entities(..., articles=True)``: every article naming it (``entity_articles``),
    # read as it is iterated (before the next entity is)
    named_in: Iterable[dict[str, Any]] = ()


def _aliases(db: Database, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    names = {
        row[0]: row[1]
        for row in db.execute(
            f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(ids))})", list(ids)
        )
    }
    seen: dict[int, set[str]] = {}
    for entity_id, alias, key in db.execute(
        f"SELECT entity_id, alias, key FROM aliases WHERE entity_id IN "
        f"({','.join('?' * len(ids))}) ORDER BY refs DESC, rowid",
        list(ids),
    ):
        keys = seen.setdefault(entity_id, {canon(names.get(entity_id, ""))})
        if key not in keys:
            keys.add(key)
            found.setdefault(entity_id, []).append(alias)
    return found


def _roles(db: Database, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for entity_id, roles in db.execute(
        f"SELECT entity_id, roles FROM mentions WHERE entity_id IN ({','.join('?' * len(ids))})",
        list(ids),
    ):
        kept = found.setdefault(entity_id, [])
        for role in json.loads(roles):
            if role not in kept:
                kept.append(role)
    return found


def _listing_sql(
    etype: str | None,
    article_id: str | None,
    sort: str,
    limit: int | None,
    ids: Sequence[int] | None,
) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if ids is not None:
        conditions.append(f"e.id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    if etype:
        conditions.append("e.type = ?")
        params.append(etype)
    if article_id:
        conditions.append("e.id IN (SELECT entity_id FROM mentions WHERE article_id = ?)")
        params.append(article_id)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    order = "e.mentions DESC, e.sort_key" if sort == "count" else "e.sort_key"
    sql = f"SELECT e.id, e.type, e.name, e.articles, e.mentions FROM entities e {where} " \
          f"ORDER BY {order}, e.id" + (f" LIMIT {int(limit)}" if limit else "")  # fmt: skip
    return sql, params


def list_entities(
    db: Database,
    etype: str | None = None,
    article_id: str | None = None,
    sort: str = "alpha",
    limit: int | None = None,
    ids: Sequence[int] | None = None,
) -> list[EntityInfo]:
    """Entities by the Vietnamese alphabet (or by mentions), of a type or of one article."""
    return list(iter_entities(db, etype, article_id, sort, limit, ids))


def iter_entities(
    db: Database,
    etype: str | None = None,
    article_id: str | None = None,
    sort: str = "alpha",
    limit: int | None = None,
    ids: Sequence[int] | None = None,
    articles: bool = False,
    batch: int = 500,
) -> Iterator[EntityInfo]:
    """``list_entities`` one at a time from a cursor, ``batch`` entities' aliases and roles
    read together; with ``articles``, each entity's ``named_in`` reads the articles naming it
    from a cursor of its own as it is iterated: the memory taken does not grow with the
    library."""
    if ids is not None and not ids:
        return
    sql, params = _listing_sql(etype, article_id, sort, limit, ids)
    cursor = db.conn.cursor()  # its own cursor: the batches' queries run beside it
    cursor.execute(sql, params)
    while rows := cursor.fetchmany(batch):
        found = [r[0] for r in rows]
        aliases, roles = _aliases(db, found), _roles(db, found)
        for i, t, n, a, m in rows:
            named = _articles_naming(db, i) if articles else ()
            yield EntityInfo(i, t, n, aliases.get(i, []), roles.get(i, []), a, m, named_in=named)


def _mention_order(name: str) -> tuple[int, int]:
    field, _, index = name.partition(":")
    return ({"title": 0, "lede": 1, "body": 2}.get(field, 3), int(index or 0))


def mention_spans(offsets: dict[str, list[list[int]]]) -> list[dict[str, Any]]:
    """Where an article names an entity, as ``bantin entities --json`` gives it: ``field``
    (``title``, ``lede``, ``body`` or ``caption``, then ``index``: which caption, from 0),
    ``start`` and ``end``, characters of the field as ``bantin export`` prints it."""
    spans: list[dict[str, Any]] = []
    for name in sorted(offsets, key=_mention_order):
        field, _, index = name.partition(":")
        for start, end in sorted(offsets[name]):
            span: dict[str, Any] = {"field": field, "start": start, "end": end}
            if field == "caption":
                span["index"] = int(index or 0)
            spans.append(span)
    return spans


def _articles_naming(db: Database, entity_id: int) -> Iterator[dict[str, Any]]:
    cursor = db.conn.cursor()
    cursor.execute(
        "SELECT a.id, a.source, m.count, m.offsets FROM mentions m "
        "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? ORDER BY a.doc DESC",
        [entity_id],
    )
    for aid, source, count, offsets in cursor:
        spans = mention_spans(json.loads(offsets))
        yield {"id": aid, "source": source, "count": count, "mentions": spans}


def article_entities(db: Database, article_id: str) -> list[EntityInfo]:
    """The entities of one article with this article's count, offsets and roles."""
    rows = db.execute(
        "SELECT e.id, e.type, e.name, e.articles, e.mentions, m.count, m.offsets, m.roles "
        "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? "
        "ORDER BY e.sort_key",
        [article_id],
    ).fetchall()
    aliases = _aliases(db, [r[0] for r in rows])
    return [
        EntityInfo(
            i, t, n, aliases.get(i, []), json.loads(roles), a, m, count, json.loads(offsets)
        )  # fmt: skip
        for i, t, n, a, m, count, offsets, roles in rows
    ]


def entity_articles(db: Database, entity_id: int) -> list[dict[str, Any]]:
    """Every article naming an entity, newest first: id, source, count, and mentions
    (``mention_spans``)."""
    return list(_articles_naming(db, entity_id))


def appears_with(db: Database, entity_id: int, limit: int = 15) -> list[EntityInfo]:
    """The entities that share the most articles with this one."""
    rows = db.execute(
        """SELECT e.id, e.type, e.name, e.articles, e.mentions, count(*) AS shared
           FROM mentions m1 JOIN mentions m2 ON m2.article_id = m1.article_id
           JOIN entities e ON e.id = m2.entity_id
           WHERE m1.entity_id = ? AND m2.entity_id != ?
           GROUP BY e.id ORDER BY shared DESC, e.mentions DESC LIMIT ?""",
        [entity_id, entity_id, limit],
    ).fetchall()
    return [EntityInfo(i, t, n, [], [], a, m, shared) for i, t, n, a, m, shared in rows]


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """The letters of a folded name that a key (lowercase, marks kept) may spell otherwise,
    each with its spellings: Vietnamese vowels (``a``: ``aàáảãạăằắ…``) and ``d`` (``dđ``)."""
    found: dict[str, str] = {}
    for code in [*range(0x61, 0x7B), *range(0xC0, 0x1B1), *range(0x1EA0, 0x1EFA)]:
        char = chr(code)
        if char.lower() == char and (plain := fold(char)) in "adeiouy" and len(plain) == 1:
            found[plain] = found.get(plain, "") + char
    return found


def _patterns(prefix: str) -> tuple[str, str]:
    """A LIKE pattern for a key holding ``prefix`` (folded letters) anywhere, a letter with
    marked spellings as any one character, and a GLOB pattern for a key with a word starting
    so (after a space or a mark that parts words), that letter as one of its spellings:
    SQLite narrows quickly, Python checks what it keeps."""
    spellings = _spellings()
    like = "".join("_" if c in spellings else c for c in prefix)
    glob = "".join(f"[{spellings[c]}]" if c in spellings else c for c in prefix)
    return f"%{like}%", f"*[ .,/()\"'-]{glob}*"


def name_rows_matching(
    db: Database, prefixes: Sequence[str], every: bool = True, limit: int = 1000
) -> list[tuple[int, str, str, str, int, str]]:
    """``name_rows`` of the forms with a word beginning with each of ``prefixes`` (folded
    letters; with ``every`` false, with any of them), the most-named entities' first, at
    most ``limit``; no detail. SQLite narrows the keys (``_patterns``), Python folds only
    those."""
    if not prefixes:
        return []
    conditions: list[str] = []
    params: list[str] = []
    for prefix in prefixes:  # the quick LIKE first: SQLite stops at the first that fails
        conditions.append("(a.key LIKE ? AND (' ' || a.key) GLOB ?)")
        params.extend(_patterns(prefix))
    joined = (" AND " if every else " OR ").join(conditions)
    wanted = all if every else any
    found: list[tuple[int, str, str, str, int, str]] = []
    for entity_id, etype, name, form, articles in db.execute(
        f"""SELECT e.id, e.type, e.name, a.alias, e.articles FROM aliases a
            JOIN entities e ON e.id = a.entity_id WHERE {joined}
            ORDER BY e.articles DESC, e.id""",
        params,
    ):
        words = _FOLDED_WORD.findall(fold(form))
        if wanted(any(w.startswith(p) for w in words) for p in prefixes):
            found.append((entity_id, etype, name, form, articles, ""))
            if len(found) >= limit:
                break
    return found


def name_rows(db: Database) -> Iterable[tuple[int, str, str, str, int, str]]:
    """Every name and alias for the name finder: (entity id, type, name, form, articles,
    detail); the detail tells apart people who share a name: a role the articles give."""
    roles: dict[int, str] = {}
    for entity_id, found in db.execute(
        "SELECT m.entity_id, m.roles FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE e.type = 'PERSON' AND m.roles != '[]'"
    ):
        if entity_id not in roles:
            roles[entity_id] = json.loads(found)[-1]
    for entity_id, etype, name, form, articles in db.execute(
        """SELECT e.id, e.type, e.name, a.alias, e.articles FROM entities e
           JOIN aliases a ON a.entity_id = e.id"""
    ):
        yield entity_id, etype, name, form, articles, roles.get(entity_id, "")
