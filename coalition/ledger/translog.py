"""The transparency log: every statement is a leaf; tree heads are signed; proofs and audit.

As in RFC 6962/9162, a signed tree head commits to the first `tree_size` statements; an
inclusion proof shows a statement is among them; a consistency proof shows an older head's
tree is a prefix of a newer one (nothing was rewritten). `verify` recomputes everything from
the stored statements and names each one that no longer matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from coalition.errors import InputError, NotFoundError, UsageError
from coalition.ledger import merkle
from coalition.ledger import tables as t
from coalition.ledger.canonical import canonical, sha256_hex
from coalition.ledger.keys import KeyStore, load_public, public_hex, verify
from coalition.ledger.members import all_members
from coalition.ledger.rotation import ROTATION, is_rotation, mirrored
from coalition.ledger.signatures import PARALLEL_FROM, Checker
from coalition.ledger.statements import now_iso

LOG_KEY = "coalition-log"
# Columns that repeat a payload field, for queries; verify checks they still agree.
MIRRORED = {"member": "member", "member_seq": "seq", "entity_id": "entity",
            "position": "position", "legal_basis": "legal_basis", "effective": "effective",
            "until": "until", "supersedes": "supersedes", "proposal": "responds_to",
            "source": "source", "issued": "issued"}


@dataclass(frozen=True)
class TreeHead:
    tree_size: int
    root_hash: str
    timestamp: str
    key_id: str
    signature: str

    def signed_bytes(self) -> bytes:
        return canonical({"log": self.key_id, "root_hash": self.root_hash,
                          "timestamp": self.timestamp, "tree_size": self.tree_size})

    def to_dict(self) -> dict[str, object]:
        return {"tree_size": self.tree_size, "root_hash": self.root_hash,
                "timestamp": self.timestamp, "key_id": self.key_id, "signature": self.signature}


@dataclass(frozen=True)
class InclusionProof:
    statement_id: str
    leaf_index: int
    leaf_hash: str
    head: TreeHead
    path: list[str]

    def check(self) -> bool:
        return merkle.verify_inclusion(self.leaf_index, self.head.tree_size,
                                       bytes.fromhex(self.leaf_hash),
                                       [bytes.fromhex(h) for h in self.path],
                                       bytes.fromhex(self.head.root_hash))


@dataclass(frozen=True)
class ConsistencyProof:
    old: TreeHead
    new: TreeHead
    path: list[str]

    def check(self) -> bool:
        return merkle.verify_consistency(self.old.tree_size, self.new.tree_size,
                                         bytes.fromhex(self.old.root_hash),
                                         bytes.fromhex(self.new.root_hash),
                                         [bytes.fromhex(h) for h in self.path])


@dataclass(frozen=True)
class Problem:
    log_index: int | None
    statement_id: str | None
    what: str


@dataclass
class Audit:
    """The outcome of `verify`: how much was checked and every problem found."""

    statements: int = 0
    heads: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, index: int | None, sid: str | None, what: str) -> None:
        self.problems.append(Problem(index, sid, what))


def _head(row: sa.Row) -> TreeHead:
    m = row._mapping
    return TreeHead(m["tree_size"], m["root_hash"], m["timestamp"], m["key_id"], m["signature"])


class TransparencyLog:
    """Signed tree heads, proofs and the full audit over the ledger's statements."""

    def __init__(self, engine: Engine, keys: KeyStore) -> None:
        self.engine = engine
        self.keys = keys

    # -- writing (inside the ledger's append transaction) ------------------------------

    def frontier(self, conn: Connection) -> merkle.Frontier:
        row = conn.execute(sa.select(t.tree_heads.c.tree_size, t.tree_heads.c.frontier)
                           .order_by(t.tree_heads.c.tree_size.desc()).limit(1)).first()
        return merkle.Frontier.decode(row[0], row[1]) if row else merkle.Frontier()

    def sign_head(self, conn: Connection, frontier: merkle.Frontier) -> TreeHead:
        key = self.keys.load_or_create(LOG_KEY)
        pub = public_hex(key)
        key_id = sha256_hex(bytes.fromhex(pub))
        if not conn.execute(sa.select(t.log_keys.c.key_id)
                            .where(t.log_keys.c.key_id == key_id)).first():
            conn.execute(sa.insert(t.log_keys).values(key_id=key_id, public_key=pub,
                                                      created_at=datetime.now(UTC)))
        unsigned = TreeHead(frontier.size, frontier.root().hex(), now_iso(), key_id, "")
        head = TreeHead(unsigned.tree_size, unsigned.root_hash, unsigned.timestamp, key_id,
                        key.sign(unsigned.signed_bytes()).hex())
        conn.execute(sa.insert(t.tree_heads).values(**head.to_dict(),
                                                    frontier=frontier.encode()))
        return head

    # -- reading -------------------------------------------------------------------------

    def heads(self) -> list[TreeHead]:
        with self.engine.connect() as conn:
            return [_head(r) for r in conn.execute(
                sa.select(t.tree_heads).order_by(t.tree_heads.c.tree_size))]

    def head(self, size: int | None = None) -> TreeHead:
        q = sa.select(t.tree_heads)
        q = (q.where(t.tree_heads.c.tree_size == size) if size is not None
             else q.order_by(t.tree_heads.c.tree_size.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            sizes = ", ".join(str(h.tree_size) for h in self.heads()[-10:]) or "none yet"
            raise NotFoundError(f"no signed tree head of size {size}; latest sizes: {sizes}"
                                if size is not None else "the log is empty")
        return _head(row)

    def _leaves(self, size: int) -> list[bytes]:
        c = t.ledger_statements.c
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(c.leaf_hash).where(c.log_index < size)
                                .order_by(c.log_index)).scalars().all()
        return [bytes.fromhex(h) for h in rows]

    def prove_inclusion(self, statement_id: str, size: int | None = None) -> InclusionProof:
        """The audit path of a statement (by id or unique id prefix) to a signed tree head."""
        c = t.ledger_statements.c
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(c.id, c.log_index, c.leaf_hash)
                                .where(c.id.startswith(statement_id.lower())).limit(2)).all()
        if not rows:
            raise NotFoundError(f"no statement {statement_id!r} in the log")
        if len(rows) > 1:
            raise UsageError(f"{statement_id!r} names more than one statement; give more digits")
        sid, index, lh = rows[0]
        head = self.head(size)
        if index >= head.tree_size:
            raise NotFoundError(f"statement {sid} (leaf {index}) is not yet in the tree head of "
                                f"size {head.tree_size}")
        path = merkle.inclusion_proof(index, self._leaves(head.tree_size))
        return InclusionProof(sid, index, lh, head, [p.hex() for p in path])

    def prove_consistency(self, old_size: int, new_size: int | None = None) -> ConsistencyProof:
        new = self.head(new_size)
        old = self.head(old_size)
        if old.tree_size > new.tree_size:
            raise UsageError(f"the old tree head ({old.tree_size}) is larger than the new one "
                             f"({new.tree_size})")
        path = merkle.consistency_proof(old.tree_size, self._leaves(new.tree_size))
        return ConsistencyProof(old, new, [p.hex() for p in path])

    def check_head(self, head: TreeHead) -> bool:
        """Whether a tree head carries a valid signature by a key of this log."""
        with self.engine.connect() as conn:
            pub = conn.execute(sa.select(t.log_keys.c.public_key)
                               .where(t.log_keys.c.key_id == head.key_id)).scalar()
        return pub is not None and verify(load_public(pub), head.signature, head.signed_bytes())

    # -- audit ---------------------------------------------------------------------------

    def verify(self) -> Audit:
        """Recompute every statement's id, signature and leaf, every tree head's root and
        signature; name whatever does not match."""
        audit = Audit()
        c = t.ledger_statements.c
        with self.engine.connect() as conn:
            members = all_members(conn)
            log_keys = dict(conn.execute(sa.select(t.log_keys.c.key_id,
                                                   t.log_keys.c.public_key)).all())
            admins = set(conn.execute(sa.select(t.admins.c.member)).scalars())
            heads = [_head(r) for r in conn.execute(
                sa.select(t.tree_heads).order_by(t.tree_heads.c.tree_size))]
            rows = conn.execute(sa.select(c.log_index, c.id, c.payload, c.signature,
                                          c.leaf_hash, c.deadline, c.quorum,
                                          *(c[k] for k in MIRRORED))
                                .order_by(c.log_index)).all()
        pubs = {m.id: m.public_key for m in members.values()}
        frontier = merkle.Frontier()
        next_head = 0
        checker = Checker(parallel=len(rows) >= PARALLEL_FROM)  # verifies while we read on
        job_rows = []
        seqs: dict[str, int] = {}
        for row in rows:
            m = row._mapping
            index, sid = m["log_index"], m["id"]
            if index != frontier.size:
                audit.add(index, sid, f"log index {index} where {frontier.size} was expected "
                                      "(a statement was removed or moved)")
            payload = m["payload"].encode("utf-8")
            if sha256_hex(payload) != sid:
                audit.add(index, sid, "payload does not hash to the statement id: its content "
                                      "was changed")
            p = self._check_columns(audit, m, payload)
            if m["member"] in pubs:  # the key valid at this point of the log
                checker.add((pubs[m["member"]], m["signature"], payload))
                job_rows.append((index, sid, m["member"]))
            else:
                audit.add(index, sid, f"member {m['member']!r} is not registered")
            if m["position"] == ROTATION:
                self._rotate(audit, m, p, pubs, admins)
            seqs[m["member"]] = seqs.get(m["member"], 0) + 1
            if m["member_seq"] != seqs[m["member"]]:
                audit.add(index, sid, f"member sequence {m['member_seq']} where "
                                      f"{seqs[m['member']]} was expected")
            try:
                leaf = merkle.leaf_hash(payload + b"\n" + bytes.fromhex(m["signature"]))
            except ValueError:
                leaf = merkle.leaf_hash(payload + b"\n" + m["signature"].encode())
            if leaf.hex() != m["leaf_hash"]:
                audit.add(index, sid, "stored leaf hash differs from the recomputed one")
            try:  # the heads commit to the stored leaves; a changed leaf is named above
                frontier.append(bytes.fromhex(m["leaf_hash"]))
            except ValueError:
                frontier.append(leaf)
            while next_head < len(heads) and heads[next_head].tree_size == frontier.size:
                self._check_head(audit, heads[next_head], frontier, log_keys)
                next_head += 1
            audit.statements += 1
        for head in heads[next_head:]:
            if head.tree_size == 0:
                self._check_head(audit, head, merkle.Frontier(), log_keys)
            else:
                audit.add(None, None, f"tree head of size {head.tree_size} covers statements "
                                      f"that are missing (the log has {frontier.size})")
        for ok, (index, sid, member) in zip(checker.results(), job_rows, strict=True):
            if not ok:
                audit.add(index, sid, f"signature does not verify with member {member!r}'s key")
        audit.heads = len(heads)
        audit.problems.sort(key=lambda p: (p.log_index is None, p.log_index or 0))
        return audit

    @staticmethod
    def _rotate(audit: Audit, m: sa.RowMapping, p: dict[str, object] | None,
                pubs: dict[str, str], admins: set[str]) -> None:
        """Apply a key rotation: the subject's later statements verify with the new key."""
        if p is None or not is_rotation(p):
            audit.add(m["log_index"], m["id"], "a key-rotation row without a rotation payload")
            return
        subject, new_key = p.get("subject"), p.get("new_key")
        if subject != m["member"] and m["member"] not in admins:
            audit.add(m["log_index"], m["id"], f"member {m['member']!r} rotated {subject!r}'s "
                                               "key without being an admin")
        if isinstance(subject, str) and subject in pubs and isinstance(new_key, str):
            pubs[subject] = new_key

    @staticmethod
    def _check_columns(audit: Audit, m: sa.RowMapping,
                       payload: bytes) -> dict[str, object] | None:
        try:
            p = orjson.loads(payload)
            if not isinstance(p, dict):
                raise InputError("payload is not an object")
        except (orjson.JSONDecodeError, InputError):
            audit.add(m["log_index"], m["id"], "payload is not a JSON object")
            return None
        if is_rotation(p):
            expected = mirrored(p)
        else:
            given = p.get("proposal")
            prop: dict[str, object] = given if isinstance(given, dict) else {}
            expected = {col: p.get(key) for col, key in MIRRORED.items()}
            expected.update({col: prop.get(col) for col in ("deadline", "quorum")})
        for col, value in expected.items():
            if m[col] != value:
                audit.add(m["log_index"], m["id"],
                          f"column {col}={m[col]!r} disagrees with the signed payload "
                          f"({value!r})")
        return p

    @staticmethod
    def _check_head(audit: Audit, head: TreeHead, frontier: merkle.Frontier,
                    log_keys: dict[str, str]) -> None:
        if frontier.root().hex() != head.root_hash:
            audit.add(None, None, f"tree head of size {head.tree_size}: root hash does not match "
                                  "the statements")
        pub = log_keys.get(head.key_id)
        if pub is None or not verify(load_public(pub), head.signature, head.signed_bytes()):
            audit.add(None, None, f"tree head of size {head.tree_size}: signature does not "
                                  "verify with the log's key")
