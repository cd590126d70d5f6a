"""The joint list as a service: members, signed statements, consolidation, the log.

`Ledger(store, keys)` works on the store's database; `keys` is the folder of private keys
(COALITION_HOME/keys). Writes are serialised (an advisory lock on PostgreSQL, the write lock
on SQLite) so that log indexes and member sequence numbers never collide.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.errors import ConflictError
from coalition.ledger import tables as t
from coalition.ledger.append import AppendState, append
from coalition.ledger.canonical import canonical, canonical_statement
from coalition.ledger.clusters import Clusters
from coalition.ledger.consolidate import (
    Entry,
    ListDiff,
    Policy,
    agreement_matrix,
    consolidate,
    diff,
    disagreements,
    parse_policy,
)
from coalition.ledger.keys import KeyStore, public_hex
from coalition.ledger.links import Resolution
from coalition.ledger.members import Member, Publisher, all_members, check_member, get_member
from coalition.ledger.members import insert_member as _insert_member
from coalition.ledger.proposals import ProposalState, proposal_states
from coalition.ledger.rotation import ROTATION, KeyRotation
from coalition.ledger.signatures import PARALLEL_FROM, Signer
from coalition.ledger.statements import Draft, SignedStatement, StatementRow
from coalition.ledger.translog import TransparencyLog, TreeHead
from coalition.store import Store

LOCK_ID = 7_261_004  # PostgreSQL advisory lock of the ledger's writers
ROW_COLUMNS = [c for c in StatementRow.__slots__]  # type: ignore[attr-defined]


class Ledger:
    """Members, statements and the transparency log in one store."""

    def __init__(self, store: Store, keys: KeyStore | Path) -> None:
        self.store = store
        self.engine = store.engine
        self.keys = keys if isinstance(keys, KeyStore) else KeyStore(keys)
        self.log = TransparencyLog(self.engine, self.keys)
        self.resolution = Resolution(self.engine)

    # -- members -------------------------------------------------------------------------

    def add_member(self, id: str, name: str, *, country: str | None = None,
                   kind: str = "state", joined: str | None = None,
                   public_key: str | None = None) -> Member:
        """Register a member; without `public_key` its signing key is made in the key folder."""
        code = check_member(id, name, country, kind, joined)
        with self.engine.connect() as conn:
            if conn.execute(sa.select(t.members.c.id).where(t.members.c.id == id)).first():
                raise ConflictError(f"member {id!r} already exists; see `coalition member "
                                    f"show {id}`")
        if public_key is None:
            public_key = public_hex(self.keys.load_or_create(id))
        member = Member(id, name.strip(), code, kind, public_key.lower(), joined)
        with self.engine.begin() as conn:
            _insert_member(conn, member)
        return member

    def ensure_publisher(self, pub: Publisher) -> Member:
        """The publisher member of an official list, registered with a new key on first use."""
        with self.engine.connect() as conn:
            found = all_members(conn).get(pub.member)
        if found:
            return found
        return self.add_member(pub.member, pub.name, country=pub.country, kind=pub.kind)

    def members(self) -> list[Member]:
        with self.engine.connect() as conn:
            return list(all_members(conn).values())

    def member(self, id: str) -> Member:
        with self.engine.connect() as conn:
            return get_member(conn, id)

    # -- statements ----------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[tuple[Connection, AppendState]]:
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_ID})
            else:  # take SQLite's write lock now, before reading the tree and sequences
                conn.execute(sa.delete(t.tree_heads).where(sa.false()))
            state = AppendState.open(conn, self.log.frontier(conn))
            yield conn, state

    def sign(self, draft: Draft, seq: int) -> SignedStatement:
        """Sign a draft with its member's key from the key folder."""
        payload = canonical(draft.payload(seq))
        return SignedStatement(payload, self.keys.load(draft.member).sign(payload).hex())

    def next_seq(self, member: str) -> int:
        c = t.ledger_statements.c
        with self.engine.connect() as conn:
            last = conn.execute(sa.select(sa.func.max(c.member_seq))
                                .where(c.member == member)).scalar()
        return (last or 0) + 1

    def record(self, *drafts: Draft) -> list[str]:
        """Sign drafts with the members' local keys and append them; returns statement ids."""
        with self._writing() as (conn, state):
            built, data = [], []
            # signed and checked against each member's registered key in worker processes,
            # while the next payloads are canonicalised and checked here
            signer = Signer(parallel=len(drafts) >= PARALLEL_FROM)
            state.load_seqs(d.member for d in drafts)
            for d in drafts:
                seq = state.last_seq(d.member) + 1
                state.seqs[d.member] = seq
                payload = d.payload(seq)
                built.append(payload)
                data.append(canonical_statement(payload))
                signer.add(d.member, self.keys.load(d.member),
                           state.ring.current.get(d.member, "00" * 32), data[-1])
            state.seqs.clear()
            # the signatures are filled in by `signing` once the other checks are done
            ids = append(state, [SignedStatement(b, "") for b in data], built,
                         signing=signer.results)
            self.log.sign_head(conn, state.frontier)
        return ids

    def submit(self, statements: Sequence[SignedStatement]) -> list[str]:
        """Append statements signed elsewhere (all or none); returns their ids."""
        with self._writing() as (conn, state):
            ids = append(state, statements)
            self.log.sign_head(conn, state.frontier)
        return ids

    def rotate_key(self, member: str, *, reason: str, by: str | None = None,
                   public_key: str | None = None) -> str:
        """Replace `member`'s signing key by a statement signed with its current key, or, for a
        lost key, with the key of the admin member `by`. Without `public_key` the new key is
        made in the key folder, and the old file kept as `<member>.retired-<n>.pem`."""
        signer = by or member
        staged = None
        if public_key is None:
            staged = self.keys.create_staged(member)
            public_key = public_hex(staged)
        with self._writing() as (conn, state):
            seq = state.last_seq(signer) + 1
            payload = canonical(KeyRotation(signer, member, public_key, reason).payload(seq))
            try:
                signed = SignedStatement(payload, self.keys.load(signer).sign(payload).hex())
                sid, = append(state, [signed])
            except BaseException:
                if staged is not None:
                    self.keys.drop_staged(member)
                raise
            self.log.sign_head(conn, state.frontier)
        if staged is not None:
            self.keys.promote_staged(member)
        return sid

    def keys_of(self, member: str) -> list[dict[str, object]]:
        """A member's signing keys in order: the registered one, then one per rotation
        (public key, the first of its sequence numbers it signs, the rotation statement)."""
        with self.engine.connect() as conn:
            first = get_member(conn, member)
            mk = t.member_keys.c
            rows = conn.execute(sa.select(mk.public_key, mk.from_seq, mk.statement_id)
                                .where(mk.member == member).order_by(mk.from_seq)).all()
        return [{"public_key": first.public_key, "from_seq": 1, "statement": None},
                *({"public_key": k, "from_seq": s, "statement": sid} for k, s, sid in rows)]

    def grant_admin(self, member: str) -> None:
        """Allow a member to replace another member's lost key."""
        with self.engine.begin() as conn:
            get_member(conn, member)
            if not conn.execute(sa.select(t.admins.c.member)
                                .where(t.admins.c.member == member)).first():
                conn.execute(sa.insert(t.admins).values(member=member,
                                                        granted_at=datetime.now(UTC)))

    def rows(self, *, member: str | None = None, entity: str | None = None) -> list[StatementRow]:
        """Recorded designation statements in log order (optionally of one member or about
        one entity); key rotations are left out."""
        c = t.ledger_statements.c
        q = (sa.select(*(c[k] for k in ROW_COLUMNS)).where(c.position != ROTATION)
             .order_by(c.log_index))
        if member:
            q = q.where(c.member == member)
        if entity:
            q = q.where(c.entity_id == entity)
        with self.engine.connect() as conn:
            return [StatementRow(*r) for r in conn.execute(q)]

    def signed(self, statement_id: str) -> SignedStatement:
        c = t.ledger_statements.c
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(c.payload, c.signature)
                               .where(c.id == statement_id)).first()
        if row is None:
            from coalition.errors import NotFoundError
            raise NotFoundError(f"no statement {statement_id}")
        return SignedStatement(row.payload.encode("utf-8"), row.signature)

    # -- views ---------------------------------------------------------------------------
    # With `resolved` (the default) an entry is a cluster of records linked by resolution
    # judgements (those recorded by `known_at`, when given); without, one record each.

    def clusters(self, known_at: str | None = None) -> Clusters:
        return Clusters(self.resolution.current(known_at).values())

    def _clusters(self, resolved: bool, known_at: str | None) -> Clusters | None:
        return self.clusters(known_at) if resolved else None

    def consolidated(self, policy: str | Policy, as_of: str, known_at: str | None = None,
                     *, resolved: bool = True) -> list[Entry]:
        return consolidate(self.rows(), self.members(), parse_policy(policy), as_of,
                           known_at, self._clusters(resolved, known_at))

    def matrix(self, as_of: str, known_at: str | None = None, *,
               resolved: bool = True) -> list[Entry]:
        return agreement_matrix(self.rows(), as_of, known_at,
                                self._clusters(resolved, known_at))

    def disagreements(self, as_of: str, known_at: str | None = None, *,
                      resolved: bool = True) -> list[Entry]:
        return disagreements(self.rows(), as_of, known_at, self._clusters(resolved, known_at))

    def diff(self, policy: str | Policy, old: str, new: str, *,
             resolved: bool = True) -> ListDiff:
        return diff(self.rows(), self.members(), parse_policy(policy), old, new,
                    self._clusters(resolved, None))

    def proposals(self, as_of: str) -> list[ProposalState]:
        return proposal_states(self.rows(), as_of)

    def head(self) -> TreeHead:
        return self.log.head()
