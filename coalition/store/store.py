"""The store: list editions and their statements in SQLite or PostgreSQL, through one code path.

`Store("sqlite://")` is the in-memory implementation the fast tests use; the same class
runs on a file-backed SQLite database or on PostgreSQL. Each import is one transaction:
an edition is written whole or not at all.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from coalition.errors import NotFoundError
from coalition.model import Entity, Statement, get_schema
from coalition.store import tables as t

BATCH = 5_000


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    title: str
    publisher: str | None = None
    url: str | None = None


@dataclass
class Edition:
    id: int
    dataset: str
    list_date: str
    content_hash: str
    format: str
    source: str | None
    imported_at: datetime
    entity_count: int
    counts: dict[str, int]
    added: int
    changed: int
    removed: int


@dataclass
class Change:
    entity_id: str
    schema: str
    caption: str


@dataclass
class Diff:
    dataset: str
    old: Edition | None
    new: Edition
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)


@dataclass
class WriteResult:
    edition: Edition
    unchanged: bool
    diff: Diff | None


def create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url not in ("sqlite://", "sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        memory = url in ("sqlite://", "sqlite:///:memory:")
        # one in-memory database shared by every thread (the API's workers) on one connection
        engine = sa.create_engine(
            url, poolclass=sa.pool.StaticPool if memory else None,
            connect_args={"check_same_thread": False} if memory else {},
        )

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return sa.create_engine(url)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision of every branch (each capability keeps its tables
    on a branch of its own, so `heads`, not `head`)."""
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("coalition.store").joinpath("migrations"))
    )
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def _row_edition(row: sa.Row) -> Edition:
    return Edition(**{k: row._mapping[k] for k in Edition.__dataclass_fields__})


def record_fingerprints(entities: Iterable[Entity]) -> dict[str, str]:
    """A hash per source record over every value of every entity made from it."""
    by_ref: dict[str, list[tuple[str, str, str]]] = {}
    for entity in entities:
        for s in entity.statements:
            by_ref.setdefault(s.reference, []).append((s.entity_id, s.prop, s.value))
    out = {}
    for ref, rows in by_ref.items():
        h = hashlib.sha1()
        for row in sorted(rows):
            h.update("\x1f".join(row).encode() + b"\x1e")
        out[ref] = h.hexdigest()
    return out


class Store:
    """Lists, editions and statements in a SQL database."""

    def __init__(self, url: str = "sqlite://", *, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or create_engine(url)
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -------------------------------------------------------------------------

    def find_edition(self, dataset: str, content_hash: str) -> Edition | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.editions).where(
                    t.editions.c.dataset == dataset, t.editions.c.content_hash == content_hash
                )
            ).first()
        return _row_edition(row) if row else None

    def write_edition(
        self,
        info: DatasetInfo,
        *,
        list_date: str,
        content_hash: str,
        format: str,
        source: str | None,
        entities: list[Entity],
    ) -> WriteResult:
        """Record one edition of a list in one transaction; the same content twice changes nothing."""
        existing = self.find_edition(info.name, content_hash)
        if existing is not None:
            return WriteResult(edition=existing, unchanged=True, diff=None)
        records = [e for e in entities if e.schema.matchable]
        counts: dict[str, int] = {}
        for e in entities:
            counts[e.schema.name] = counts.get(e.schema.name, 0) + 1
        fingerprints = record_fingerprints(entities)
        with self.engine.begin() as conn:
            self._upsert_dataset(conn, info)
            edition_id = conn.execute(
                sa.insert(t.editions).values(
                    dataset=info.name, list_date=list_date, content_hash=content_hash,
                    format=format, source=source, imported_at=datetime.now(UTC),
                    entity_count=len(records), counts=counts, added=0, changed=0, removed=0,
                ).returning(t.editions.c.id)
            ).scalar_one()
            rows = [
                {
                    "edition_id": edition_id, "entity_id": e.id, "schema": e.schema.name,
                    "caption": e.caption[:1000],
                    "fingerprint": fingerprints.get(e.reference or "", e.fingerprint()),
                }
                for e in records
            ]
            for chunk in _batched(rows, BATCH):
                conn.execute(sa.insert(t.edition_entities), list(chunk))
            self._upsert_statements(conn, entities, edition_id, list_date)
            edition = _row_edition(
                conn.execute(sa.select(t.editions).where(t.editions.c.id == edition_id)).one()
            )
            previous = self._previous_edition(conn, edition)
            diff = self._diff(conn, previous, edition)
            edition.added, edition.changed, edition.removed = (
                len(diff.added), len(diff.changed), len(diff.removed),
            )
            conn.execute(
                sa.update(t.editions).where(t.editions.c.id == edition_id).values(
                    added=edition.added, changed=edition.changed, removed=edition.removed
                )
            )
        return WriteResult(edition=edition, unchanged=False, diff=diff)

    def _upsert_dataset(self, conn: Connection, info: DatasetInfo) -> None:
        exists = conn.execute(
            sa.select(t.datasets.c.name).where(t.datasets.c.name == info.name)
        ).first()
        values = {"title": info.title, "publisher": info.publisher, "url": info.url}
        if exists:
            conn.execute(sa.update(t.datasets).where(t.datasets.c.name == info.name).values(values))
        else:
            conn.execute(sa.insert(t.datasets).values(name=info.name, **values))

    def _upsert_statements(
        self, conn: Connection, entities: list[Entity], edition_id: int, list_date: str
    ) -> None:
        unique: dict[str, Statement] = {}
        for e in entities:
            for s in e.statements:
                unique[s.id] = s
        dialect = conn.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        stmt = insert(t.statements)
        ex = stmt.excluded
        col = t.statements.c
        newer = ex.last_seen >= col.last_seen
        stmt = stmt.on_conflict_do_update(
            index_elements=[col.id],
            set_={
                "first_seen": sa.case((ex.first_seen < col.first_seen, ex.first_seen),
                                      else_=col.first_seen),
                "first_edition": sa.case((ex.first_seen < col.first_seen, ex.first_edition),
                                         else_=col.first_edition),
                "last_seen": sa.case((newer, ex.last_seen), else_=col.last_seen),
                "last_edition": sa.case((newer, ex.last_edition), else_=col.last_edition),
                "reference": ex.reference,
                "schema": ex.schema,
            },
        )
        rows = (
            {
                "id": sid, "entity_id": s.entity_id, "schema": s.schema, "prop": s.prop,
                "value": s.value, "lang": s.lang, "original_value": s.original_value,
                "dataset": s.dataset, "reference": s.reference,
                "first_seen": list_date, "last_seen": list_date,
                "first_edition": edition_id, "last_edition": edition_id,
            }
            for sid, s in unique.items()
        )
        for chunk in _batched(rows, BATCH):
            conn.execute(stmt, list(chunk))

    # -- editions and diffs --------------------------------------------------------------

    def editions(self, dataset: str | None = None) -> list[Edition]:
        q = sa.select(t.editions).order_by(t.editions.c.dataset, t.editions.c.list_date,
                                           t.editions.c.id)
        if dataset:
            q = q.where(t.editions.c.dataset == dataset)
        with self.engine.connect() as conn:
            return [_row_edition(r) for r in conn.execute(q)]

    def datasets(self) -> list[DatasetInfo]:
        with self.engine.connect() as conn:
            return [DatasetInfo(**r._mapping) for r in conn.execute(
                sa.select(t.datasets).order_by(t.datasets.c.name))]

    def latest_editions(self) -> dict[str, Edition]:
        latest: dict[str, Edition] = {}
        for ed in self.editions():
            current = latest.get(ed.dataset)
            if current is None or (ed.list_date, ed.id) >= (current.list_date, current.id):
                latest[ed.dataset] = ed
        return latest

    def edition(self, dataset: str, which: str | None = None) -> Edition:
        """An edition by id or list date (prefix), or the latest."""
        eds = self.editions(dataset)
        if not eds:
            raise NotFoundError(f"no list {dataset!r} is loaded; see `coalition lists`")
        if which is None:
            return max(eds, key=lambda e: (e.list_date, e.id))
        for ed in eds:
            if str(ed.id) == which or ed.list_date.startswith(which):
                return ed
        dates = ", ".join(f"{e.id} ({e.list_date})" for e in eds)
        raise NotFoundError(f"list {dataset!r} has no edition {which!r}; it has: {dates}")

    @staticmethod
    def _previous_edition(conn: Connection, edition: Edition) -> Edition | None:
        rows = [
            _row_edition(r)
            for r in conn.execute(
                sa.select(t.editions).where(t.editions.c.dataset == edition.dataset,
                                            t.editions.c.id != edition.id)
            )
        ]
        older = [e for e in rows if (e.list_date, e.id) < (edition.list_date, edition.id)]
        return max(older, key=lambda e: (e.list_date, e.id)) if older else None

    @staticmethod
    def _members(conn: Connection, edition_id: int) -> dict[str, tuple[str, str, str]]:
        c = t.edition_entities.c
        return {
            r.entity_id: (r.schema, r.caption, r.fingerprint)
            for r in conn.execute(
                sa.select(c.entity_id, c.schema, c.caption, c.fingerprint).where(
                    c.edition_id == edition_id)
            )
        }

    def _diff(self, conn: Connection, old: Edition | None, new: Edition) -> Diff:
        diff = Diff(dataset=new.dataset, old=old, new=new)
        after = self._members(conn, new.id)
        before = self._members(conn, old.id) if old else {}
        for eid, (schema, caption, fp) in sorted(after.items()):
            if eid not in before:
                diff.added.append(Change(eid, schema, caption))
            elif before[eid][2] != fp:
                diff.changed.append(Change(eid, schema, caption))
        for eid, (schema, caption, _) in sorted(before.items()):
            if eid not in after:
                diff.removed.append(Change(eid, schema, caption))
        return diff

    def diff(self, dataset: str, old: str | None = None, new: str | None = None) -> Diff:
        """What changed between two editions (default: the latest and the one before it)."""
        new_ed = self.edition(dataset, new)
        with self.engine.connect() as conn:
            old_ed = self.edition(dataset, old) if old else self._previous_edition(conn, new_ed)
            return self._diff(conn, old_ed, new_ed)

    # -- reading entities ----------------------------------------------------------------

    @staticmethod
    def _to_statement(row: sa.Row) -> Statement:
        m = row._mapping
        return Statement(
            entity_id=m["entity_id"], schema=m["schema"], prop=m["prop"], value=m["value"],
            dataset=m["dataset"], reference=m["reference"], lang=m["lang"],
            original_value=m["original_value"], first_seen=m["first_seen"],
            last_seen=m["last_seen"],
        )

    def _assemble(self, rows: Iterable[sa.Row]) -> Iterator[Entity]:
        for _, group in itertools.groupby(rows, key=lambda r: r._mapping["entity_id"]):
            yield Entity.from_statements(self._to_statement(r) for r in group)

    def entities(
        self,
        dataset: str | None = None,
        *,
        matchable_only: bool = False,
        schema: str | None = None,
    ) -> Iterator[Entity]:
        """The entities of the latest edition of each list (or of one list)."""
        latest = self.latest_editions()
        ids = [ed.id for ds, ed in latest.items() if dataset is None or ds == dataset]
        if dataset and not ids:
            raise NotFoundError(f"no list {dataset!r} is loaded; see `coalition lists`")
        if not ids:
            return
        c = t.statements.c
        q = sa.select(t.statements).where(c.last_edition.in_(ids)).order_by(c.entity_id)
        with self.engine.connect() as conn:
            for entity in self._assemble(conn.execute(q)):
                if matchable_only and not entity.schema.matchable:
                    continue
                if schema and not entity.schema.is_a(schema):
                    continue
                yield entity

    def get(self, ref: str) -> Entity:
        """An entity by its id (`un-sc-QDi.001`) or its source reference (`un-sc:QDi.001`)."""
        c = t.statements.c
        with self.engine.connect() as conn:
            ids = {ref}
            if ":" in ref:
                ids |= set(conn.execute(
                    sa.select(c.entity_id).where(c.reference == ref).distinct()).scalars())
            rows = list(conn.execute(
                sa.select(t.statements).where(c.entity_id.in_(ids))
                .order_by(c.entity_id, c.prop, c.first_seen)))
        if not rows:
            raise NotFoundError(
                f"no entity or source record {ref!r}; references look like un-sc:QDi.001")
        entities = list(self._assemble(rows))
        entities.sort(key=lambda e: (not e.schema.matchable, e.id))
        return entities[0]

    def related(self, entity: Entity) -> list[Entity]:
        """Entities made from the same source records (sanctions, documents, addresses, links)."""
        c = t.statements.c
        refs = entity.referents
        with self.engine.connect() as conn:
            ids = set(conn.execute(
                sa.select(c.entity_id).where(c.reference.in_(refs)).distinct()).scalars())
            ids.discard(entity.id)
            ids |= {v for v in entity.get("addressEntity")}
            if not ids:
                return []
            rows = conn.execute(sa.select(t.statements).where(c.entity_id.in_(ids))
                                .order_by(c.entity_id))
            return [e for e in self._assemble(rows) if not e.schema.matchable
                    or e.id != entity.id]

    def count_statements(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(t.statements)).scalar_one()


def schema_is_matchable(name: str) -> bool:
    return get_schema(name).matchable
