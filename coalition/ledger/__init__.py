"""The coalition's joint list: members, signed statements, consolidation, transparency log.

    Ledger(store, keys)            members, record/submit statements, views (ledger.py)
    Draft, SignedStatement         a statement before and after signing (statements.py)
    consolidate, Policy            the consolidated list as a pure function (consolidate.py)
    TransparencyLog                signed tree heads, proofs, audit (translog.py, merkle.py)
    seed_from_store                an imported official list's statements (seed.py)
"""

from coalition.ledger.consolidate import Entry, ListDiff, Policy, consolidate, parse_policy
from coalition.ledger.keys import KeyStore
from coalition.ledger.ledger import Ledger
from coalition.ledger.members import Kind, Member
from coalition.ledger.seed import SeedResult, seed_from_store
from coalition.ledger.statements import Draft, Position, SignedStatement, StatementRow
from coalition.ledger.translog import Audit, TransparencyLog, TreeHead

__all__ = [
    "Audit",
    "Draft",
    "Entry",
    "KeyStore",
    "Kind",
    "Ledger",
    "ListDiff",
    "Member",
    "Policy",
    "Position",
    "SeedResult",
    "SignedStatement",
    "StatementRow",
    "TransparencyLog",
    "TreeHead",
    "consolidate",
    "parse_policy",
    "seed_from_store",
]
