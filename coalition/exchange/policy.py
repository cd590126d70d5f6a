"""The access policy: one function, `allowed`, decides every read of an exchange item.

Listing, getting, searching, polling, the live stream, webhook notifications, STIX export,
TAXII objects and manifests, and audit views all load the same `Guarded` facts about an item
and ask `allowed`; nothing else grants a read. The rule (see `tlp` for the levels):

- a TLP:CLEAR item: any principal of the node;
- a TLP:RED item: its author and the users named on it, never a member's machine endpoint;
- any other item: users of the originating member and of the members in its audience.

The audience is fixed when the item is issued (members named, plus the members of the sharing
group at that moment) and grows only by the originator's consent. A retracted item stays
readable by its audience, so that the retraction itself can be read.
"""

from __future__ import annotations

from dataclasses import dataclass

from coalition.exchange.tlp import TLP


@dataclass(frozen=True)
class Principal:
    """Who reads: a user of a member, or (user None) the member's machine endpoint."""

    member: str
    user: str | None = None

    @property
    def label(self) -> str:
        return f"{self.member}/{self.user}" if self.user else f"{self.member}/endpoint"


@dataclass(frozen=True)
class Guarded:
    """The facts about an item (or a reply to one) that the policy decides on."""

    id: str
    tlp: TLP
    originator: str
    author: str
    audience: frozenset[str]
    named_users: frozenset[str] = frozenset()


def allowed(principal: Principal, item: Guarded) -> bool:
    """Whether `principal` may read `item`: the only read decision in the exchange."""
    if item.tlp is TLP.CLEAR:
        return True
    if item.tlp is TLP.RED:
        return principal.user is not None and (
            (principal.member == item.originator and principal.user == item.author)
            or (principal.user in item.named_users and principal.member in item.audience)
        )
    return principal.member == item.originator or principal.member in item.audience


def audit_visible(principal: Principal, actor_member: str | None, item: Guarded | None) -> bool:
    """Whether an audit entry may be shown: one's own member's actions, and the entries about
    items the principal's member originated, each only where the item itself is readable."""
    if item is None:
        return actor_member == principal.member
    if not allowed(principal, item):
        return False
    return actor_member == principal.member or item.originator == principal.member
