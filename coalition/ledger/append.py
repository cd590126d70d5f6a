"""Appending statements: every check against the ledger and the store, then one insert.

A batch is all or nothing. Refused: a payload not in canonical form or of the wrong shape, an
unknown member, a bad signature (or one by a retired key), a replay (the same statement again, or a sequence number that
is not the member's next), an unknown entity, dates out of order, a supersession of another
member's or another entity's statement or of one already superseded, an answer to something
that is not an open proposal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.errors import ConflictError, InputError, NotFoundError
from coalition.ledger import merkle
from coalition.ledger import tables as t
from coalition.ledger.canonical import parse_canonical
from coalition.ledger.keys import load_public, verify
from coalition.ledger.members import Member, all_members
from coalition.ledger.rotation import (
    KeyRing,
    check_rotation,
    check_rotations,
    is_rotation,
    mirrored,
)
from coalition.ledger.signatures import verify_all
from coalition.ledger.statements import SignedStatement, check_payload, now_iso
from coalition.model import Entity
from coalition.store import tables as st

CHUNK = 500
Signing = Callable[[], list[tuple[str, bool]]]  # (signature hex, verified) per statement


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


@dataclass
class Pending:
    signed: SignedStatement
    payload: dict[str, Any]
    where: str

    @property
    def rotation(self) -> bool:
        return is_rotation(self.payload)


@dataclass
class AppendState:
    """What one append transaction knows: members, the tree, each member's last sequence."""

    conn: Connection
    members: dict[str, Member]
    frontier: merkle.Frontier
    ring: KeyRing
    seqs: dict[str, int] = field(default_factory=dict)

    @classmethod
    def open(cls, conn: Connection, frontier: merkle.Frontier) -> AppendState:
        members = all_members(conn)
        ring = KeyRing.load(conn, {m.id: m.public_key for m in members.values()})
        return cls(conn, members, frontier, ring)

    def load_seqs(self, members: Iterable[str]) -> None:
        """The last sequence numbers of these members, in one query."""
        wanted = sorted({m for m in members if m not in self.seqs})
        if not wanted:
            return
        c = t.ledger_statements.c
        found = dict(self.conn.execute(sa.select(c.member, sa.func.max(c.member_seq))
                                       .where(c.member.in_(wanted)).group_by(c.member)).all())
        self.seqs.update({m: found.get(m) or 0 for m in wanted})

    def last_seq(self, member: str) -> int:
        if member not in self.seqs:
            c = t.ledger_statements.c
            self.seqs[member] = self.conn.execute(
                sa.select(sa.func.max(c.member_seq)).where(c.member == member)).scalar() or 0
        return self.seqs[member]


def _parse(batch: Sequence[SignedStatement], state: AppendState,
           built: Sequence[dict[str, Any]] | None) -> list[Pending]:
    out = []
    for i, s in enumerate(batch, start=1):
        where = f"statement {i} of {len(batch)} ({s.id[:16]})"
        # `built`: the payloads this process just canonicalised and signed itself
        payload = built[i - 1] if built is not None else parse_canonical(s.payload, where=where)
        (check_rotation if is_rotation(payload) else check_payload)(payload, where)
        if payload["member"] not in state.members:
            raise NotFoundError(f"unknown member {payload['member']!r}; register it with "
                                "`coalition member add`", where=where)
        out.append(Pending(s, payload, where))
    return out


def _check_signatures(items: list[Pending], state: AppendState,
                      verified: list[bool] | None) -> None:
    if verified is None:
        keys = dict(state.ring.current)  # each statement is checked with the key valid at it
        jobs = []
        for p in items:
            jobs.append((keys[p.payload["member"]], p.signed.signature, p.signed.payload))
            if p.rotation and p.payload["subject"] in keys:
                keys[p.payload["subject"]] = p.payload["new_key"]
        verified = verify_all(jobs)
    for ok, p in zip(verified, items, strict=True):
        if not ok:
            member = p.payload["member"]
            for key, from_seq in state.ring.retired.get(member, []):
                if verify(load_public(key), p.signed.signature, p.signed.payload):
                    raise InputError(f"signed with member {member!r}'s retired key (replaced "
                                     f"from its statement {from_seq}); sign with its current "
                                     "key", where=p.where)
            raise InputError(f"bad signature: not signed by member {member!r}'s current key "
                             "over these exact bytes", where=p.where)


def _check_replays(items: list[Pending], state: AppendState) -> None:
    c = t.ledger_statements.c
    ids = [p.signed.id for p in items]
    seen: dict[str, int] = {}
    for chunk in _chunks(ids):
        seen.update(state.conn.execute(sa.select(c.id, c.log_index).where(c.id.in_(chunk))).all())
    batch: set[str] = set()
    for p in items:
        sid = p.signed.id
        if sid in seen or sid in batch:
            at = f" (log index {seen[sid]})" if sid in seen else " (twice in this batch)"
            raise ConflictError(f"replay: statement {sid} is already recorded{at}", where=p.where)
        batch.add(sid)
        member = p.payload["member"]
        expected = state.last_seq(member) + 1
        if p.payload["seq"] != expected:
            raise ConflictError(f"replay or gap: member {member!r}'s next sequence number is "
                                f"{expected}, this statement has {p.payload['seq']}",
                                where=p.where)
        state.seqs[member] = expected


def existing_entities(conn: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(conn.execute(sa.select(st.statements.c.entity_id)
                                  .where(st.statements.c.entity_id.in_(chunk)).distinct()).scalars())
        found.update(conn.execute(sa.select(t.ledger_entities.c.id)
                                  .where(t.ledger_entities.c.id.in_(chunk))).scalars())
    return found


def _check_entities(items: list[Pending], state: AppendState) -> list[dict[str, Any]]:
    ids = sorted({p.payload["entity"] for p in items})
    known = existing_entities(state.conn, ids)
    new_rows: list[dict[str, Any]] = []
    for p in items:
        eid, data = p.payload["entity"], p.payload["new_entity"]
        if data is not None:
            if eid in known:
                raise ConflictError(f"entity {eid!r} already exists; state about it without "
                                    "submitting it again", where=p.where)
            new_rows.append(_new_entity_row(data, p))
            known.add(eid)
        elif eid not in known:
            raise NotFoundError(f"unknown entity {eid!r}: import the list that has it, or submit "
                                "it with the statement (new_entity, FtM JSON)", where=p.where)
    return new_rows


def _new_entity_row(data: dict[str, Any], p: Pending) -> dict[str, Any]:
    try:
        entity = Entity(str(data["schema"]), str(data["id"]))
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise InputError("'properties' must be an object")
        for prop, values in props.items():
            entity.add(prop, values)
    except Exception as exc:  # a schema or property error in submitted data: say which
        raise InputError(f"new_entity is not valid FtM: {exc}", where=p.where) from None
    return {"id": entity.id, "schema": entity.schema.name, "caption": entity.caption[:1000],
            "data": orjson.dumps(data).decode(), "statement_id": p.signed.id}


def _referenced(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    c = t.ledger_statements.c
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(ids)):
        for r in conn.execute(sa.select(c.id, c.member, c.entity_id, c.deadline, c.supersedes)
                              .where(c.id.in_(chunk))):
            out[r.id] = dict(r._mapping)
    return out


def _check_links(items: list[Pending], state: AppendState) -> None:
    c = t.ledger_statements.c
    wanted = {p.payload[k] for p in items for k in ("supersedes", "responds_to") if p.payload[k]}
    if not wanted:
        return
    refs = _referenced(state.conn, wanted)
    for p in items:  # statements earlier in the batch can be referenced too
        pl = p.payload
        refs.setdefault(p.signed.id, {"id": p.signed.id, "member": pl["member"],
                                      "entity_id": pl["entity"], "supersedes": pl["supersedes"],
                                      "deadline": (pl["proposal"] or {}).get("deadline")})
    superseded = set(state.conn.execute(sa.select(c.supersedes).where(
        c.supersedes.in_([w for w in wanted if w]))).scalars())
    for p in items:
        pl = p.payload
        if (old := pl["supersedes"]) is not None:
            ref = refs.get(old)
            if ref is None:
                raise NotFoundError(f"supersedes unknown statement {old}", where=p.where)
            if ref["member"] != pl["member"] or ref["entity_id"] != pl["entity"]:
                raise ConflictError(f"a statement can only supersede its own member's statement "
                                    f"about the same entity ({old} is {ref['member']!r} on "
                                    f"{ref['entity_id']!r})", where=p.where)
            if old in superseded:
                raise ConflictError(f"statement {old} is already superseded; supersede the "
                                    "statement that replaced it", where=p.where)
            superseded.add(old)
        if (prop := pl["responds_to"]) is not None:
            _check_answer(refs.get(prop), prop, p)


def _check_answer(ref: dict[str, Any] | None, prop: str, p: Pending) -> None:
    pl = p.payload
    if ref is None or ref["deadline"] is None:
        raise NotFoundError(f"responds_to {prop} is not a proposal", where=p.where)
    if ref["entity_id"] != pl["entity"]:
        raise ConflictError(f"the proposal is about {ref['entity_id']!r}, not {pl['entity']!r}",
                            where=p.where)
    if ref["member"] == pl["member"]:
        raise ConflictError("a member cannot answer its own proposal", where=p.where)
    if pl["issued"][:10] > ref["deadline"]:
        raise ConflictError(f"dates out of order: the proposal closed on {ref['deadline']}, "
                            f"this answer was issued {pl['issued'][:10]}", where=p.where)


def _insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Straight through the driver: COPY on PostgreSQL, one executemany on SQLite (the per-row
    parameter building of the ORM layer costs more than the insert itself at this volume)."""
    cols = list(rows[0])
    names = ", ".join(f'"{c}"' for c in cols)
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {t.ledger_statements.name} ({names}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(tuple(r[c] for c in cols))
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {t.ledger_statements.name} ({names}) "
           f"VALUES ({', '.join([mark] * len(cols))})")
    conn.exec_driver_sql(sql, [tuple(r[c] for c in cols) for r in rows])


def append(state: AppendState, batch: Sequence[SignedStatement],
           built: Sequence[dict[str, Any]] | None = None,
           signing: Signing | None = None) -> list[str]:
    """Check a batch and insert it at the end of the log; raises (inserting nothing) on error.

    `built` are the payloads of `batch` when this process made them (their canonical form is
    then known); statements from elsewhere are parsed and their canonical form checked.
    `signing`, for statements being signed meanwhile (in worker processes), gives each one's
    signature and its check against the registered key: the other checks run first."""
    items = _parse(batch, state, built)
    state.load_seqs(p.payload["member"] for p in items)
    start = {m: state.last_seq(m) for m in {p.payload["member"] for p in items}}
    _check_replays(items, state)  # first: a replayed statement is named as such
    if signing is None:
        _check_signatures(items, state, None)
    key_rows = check_rotations(items, state, start)
    stated = [p for p in items if not p.rotation]
    new_entities = _check_entities(stated, state)
    _check_links(stated, state)
    if signing is not None:
        results = signing()
        for p, (sig, _) in zip(items, results, strict=True):
            p.signed = p.signed.with_signature(sig)
        _check_signatures(items, state, [ok for _, ok in results])
    recorded = now_iso()
    rows = []
    for p in items:
        pl, s = p.payload, p.signed
        leaf = merkle.leaf_hash(s.leaf())
        if p.rotation:
            rows.append({**mirrored(pl), "id": s.id, "log_index": state.frontier.size,
                         "recorded_at": recorded, "payload": s.payload.decode("utf-8"),
                         "signature": s.signature, "leaf_hash": leaf.hex()})
            state.frontier.append(leaf)
            continue
        rows.append({
            "id": s.id, "log_index": state.frontier.size, "member": pl["member"],
            "member_seq": pl["seq"], "entity_id": pl["entity"], "position": pl["position"],
            "legal_basis": pl["legal_basis"], "effective": pl["effective"], "until": pl["until"],
            "supersedes": pl["supersedes"], "proposal": pl["responds_to"],
            "deadline": (pl["proposal"] or {}).get("deadline"),
            "quorum": (pl["proposal"] or {}).get("quorum"), "source": pl["source"],
            "issued": pl["issued"], "recorded_at": recorded,
            "payload": s.payload.decode("utf-8"), "signature": s.signature,
            "leaf_hash": leaf.hex(),
        })
        state.frontier.append(leaf)
    for i in range(0, len(rows), 2_000):
        _insert(state.conn, rows[i:i + 2_000])
    if new_entities:
        state.conn.execute(sa.insert(t.ledger_entities), new_entities)
    if key_rows:
        state.conn.execute(sa.insert(t.member_keys), key_rows)
    return [r["id"] for r in rows]
